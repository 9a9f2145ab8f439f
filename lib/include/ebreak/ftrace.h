/*
 * Patchable function entries (Linux's dynamic ftrace): the sites the
 * compiler leaves at the entry of every function of the host kernel, and
 * the table of them the library keeps.
 *
 * The host builds its own code (not the library's) with
 * -fpatchable-function-entry=EB_FTRACE_NOPS (docs/PORTING.md, step 4):
 * each function then begins with a site of EB_FTRACE_NOPS 2-byte nops,
 * listed by address in the section __patchable_function_entries, which
 * the host's linker script keeps, writable, between
 * __eb_ftrace_sites_start and __eb_ftrace_sites_end. eb_ftrace_init
 * sorts that list in place into the site table and makes every site a
 * jump over itself: a call of a function whose site is off costs one
 * instruction more. A kprobe at a site (a function's entry) turns it
 * into a call of the library's trampoline instead of a breakpoint: no
 * trap (<ebreak/kprobes.h>, KPROBE_FLAG_FTRACE).
 * Included by C and assembly.
 */
#ifndef EBREAK_FTRACE_H
#define EBREAK_FTRACE_H

/* Nops per site: 8 bytes, room for a call anywhere in ±2 GiB (auipc and
 * jalr). The host's flag is -fpatchable-function-entry=4. */
#define EB_FTRACE_NOPS 4

/* A function built without a site: never traced (Linux's notrace).
 * EB_NOPROBE (<ebreak/kprobes.h>) implies it. */
#define EB_NOTRACE __attribute__((patchable_function_entry(0, 0)))

#ifndef __ASSEMBLY__
#include <stddef.h>
#include <stdint.h>

/*
 * Build the site table from the host's __patchable_function_entries
 * list: sort it in place, drop the sites inside the never-probed section
 * (a library built with the flag by mistake) and make every other site
 * the disabled jump. Call it once at boot, after text patching works and
 * before any other hart runs code that has sites (it rewrites all 8 bytes
 * of each site, which only one hart may be executing through then).
 * Returns the number of sites. Not in trap context.
 */
size_t eb_ftrace_init(void);

/* The site table, sorted by address: its length, *sites its first entry.
 * Empty before eb_ftrace_init. */
size_t eb_ftrace_sites(const uintptr_t **sites);

/* The site that addr is in (Linux's ftrace_location): its address, or 0
 * if addr is in none. A binary search of the table; any context. */
uintptr_t ftrace_location(uintptr_t addr);

#endif /* !__ASSEMBLY__ */

#endif
