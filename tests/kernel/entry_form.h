/* Where a function's patchable entry goes now, read from its own
 * instructions (kprobe_direct_test.c): the off form's c.j, a call of
 * ftrace_caller, a jump to a direct trampoline in executable memory, or
 * none of these. */
#ifndef TESTS_KERNEL_ENTRY_FORM_H
#define TESTS_KERNEL_ENTRY_FORM_H

#include <stddef.h>
#include <stdint.h>

enum entry_form { ENTRY_OFF, ENTRY_CALLER, ENTRY_DIRECT, ENTRY_UNKNOWN };

/* fn's form; *target is where its call goes (not set for ENTRY_OFF). */
enum entry_form entry_form(void *fn, uintptr_t *target);

/* Chunks of executable memory free now (kprobe_direct_test.c): what
 * direct trampolines take, for leak checks. */
size_t exec_free_chunks(void);

/* ftrace_test.c's functions with a patchable entry, for probes: a * 3 + b,
 * and 1000 + a (where a redirecting handler sends a call). */
long ft_target(long a, long b);
long ft_other(long a, long b);

#endif
