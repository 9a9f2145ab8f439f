/* What the mini kernel's files share. */
#ifndef MINI_H
#define MINI_H
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* console.c: a formatted line (or part) on the UART. Any context. */
void printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* entry.S: copy len bytes from src, which may fault: 0 or -EFAULT. */
int copy_nofault(void *dst, const void *src, size_t len);

/* alloc.c: 16-byte aligned blocks, never given back; NULL when out. */
void *alloc(size_t size);

/* main.c: leave QEMU, with success if failed is 0. */
void __attribute__((noreturn)) poweroff(unsigned failed);

/* Calls of each probed function in the self test. */
#define CALLS 100

/* selftest.c: run every check, printing a line each; returns how many
 * failed. */
unsigned selftest(void);

/* selftest.c: print `mini: ok NAME (DETAIL)` if ok, else `mini: FAIL
 * ...` and count the failure; DETAIL is formatted from fmt. */
void check(const char *name, bool ok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* selftest_bpf.c: the eBPF program's checks. */
void selftest_bpf(void);

/* sim_target.S and targets.c: the probed functions, each counting its own
 * calls (the count the probes' hits are checked against). */
extern volatile uint32_t sim_calls;	/* sim_target's */
/* Instructions in sim_target. */
extern char sim_target_load[], sim_target_step[], sim_target_store[];
void sim_target(void);
extern volatile unsigned long ret_calls, fault_calls, event_calls;
long ret_target(long x);
long fault_target(long x);
long event_target(long x);

#endif
