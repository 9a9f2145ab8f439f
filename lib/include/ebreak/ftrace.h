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
 * trap (<ebreak/kprobes.h>, KPROBE_FLAG_FTRACE); so do the function
 * and function_graph tracers (below, docs/ftrace.md).
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

/*
 * Who has a site on (Linux's ftrace_ops, a fixed set): a bit each. A
 * site is a call of the trampoline while any user has it, the jump over
 * itself while none has. With only kprobes on sites, the trampoline
 * calls the kprobe handler directly; with a tracer on any site, it calls
 * a dispatcher that runs the function tracer, the kprobes and the
 * function_graph entry, in that order, for the users of the site hit.
 */
#define EB_FTRACE_KPROBE	1u
#define EB_FTRACE_FUNCTION	2u	/* the function tracer */
#define EB_FTRACE_GRAPH		4u	/* function_graph */

/*
 * Turn tracer (EB_FTRACE_FUNCTION or EB_FTRACE_GRAPH) on at every site
 * whose function's name matches patterns, and off at every other:
 * Linux's set_ftrace_filter and set_ftrace_notrace in one string of
 * space-separated globs (<ebreak/glob.h>), a `!PAT` excluding what PAT
 * matches. All sites change in one stop_machine. Returns the number of
 * sites on, or -EINVAL with the reason in why (a pattern matching no
 * function with a site, exclusions that leave no function; nothing
 * changed). Only `!PAT`s: every function but theirs, as Linux's empty
 * set_ftrace_filter with set_ftrace_notrace.
 * Not in trap context; one caller at a time.
 */
long eb_ftrace_tracer_start(unsigned tracer, const char *patterns,
			    char *why, size_t n);

/* Turn tracer off at every site (its records stay in the trace ring).
 * Same context. */
void eb_ftrace_tracer_stop(unsigned tracer);

/* Sites tracer has on now. Any context. */
size_t eb_ftrace_tracer_sites(unsigned tracer);

/* The harts the tracers record on, a bit each (Linux's tracing_cpumask):
 * all by default. Any context; takes effect at the next call. */
void eb_ftrace_set_cpumask(unsigned long mask);
unsigned long eb_ftrace_cpumask(void);

/* Calls the tracers did not record: one already in a tracer on the same
 * hart (a function a tracer itself calls), a full return stack
 * (function_graph), a dropped trace ring write. */
unsigned long eb_ftrace_missed(void);

/*
 * function_graph's filters (Linux's max_graph_depth and tracing_thresh):
 * calls nested deeper than depth (0: no limit) are not followed; with
 * thresh_ns > 0 only returns of calls that took at least that long are
 * recorded (a `}` naming its function), and no entries. Any context;
 * calls in flight keep the setting they began with.
 */
void eb_ftrace_graph_set(unsigned depth, uint64_t thresh_ns);
void eb_ftrace_graph_get(unsigned *depth, uint64_t *thresh_ns);

/*
 * function_graph's lists of functions (Linux's set_graph_function and
 * set_graph_notrace): list is EB_FTRACE_GRAPH_FUNCTION (only calls made
 * under one of its functions, they included, are followed; none: every
 * call) or EB_FTRACE_GRAPH_NOTRACE (its functions' calls and every call
 * under them are not followed). patterns as eb_ftrace_tracer_start's
 * (`!PAT` alone: every function but PAT's); NULL or "" empties the list.
 * The tracer's own set of functions (eb_ftrace_tracer_start) still says
 * which calls reach it: a callee outside it is not seen. Returns the
 * number of functions in the list, or -EINVAL with the reason in why
 * (nothing changed). In one stop_machine: not in trap context, one
 * caller at a time.
 */
#define EB_FTRACE_GRAPH_FUNCTION	1u
#define EB_FTRACE_GRAPH_NOTRACE		2u
long eb_ftrace_graph_filter(unsigned list, const char *patterns, char *why,
			    size_t n);

/* The number of functions in list now. Any context. */
size_t eb_ftrace_graph_filter_count(unsigned list);

/*
 * The return address a frame holds, addr, as the code it returns to:
 * function_graph hooks a traced call's return by putting its own
 * trampoline in ra; this gives back the real one (Linux's
 * ftrace_graph_ret_addr). fp is the frame pointer of the frame whose
 * slot held addr (its function's sp at entry), or 0 for the innermost
 * traced call of this hart. Other addresses come back unchanged. For
 * stack walks on this hart; any context.
 */
unsigned long ftrace_graph_ret_addr(unsigned long addr, unsigned long fp);

#endif /* !__ASSEMBLY__ */

#endif
