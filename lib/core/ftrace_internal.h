/*
 * What the patchable-entry code shares inside the library: the site
 * table's index (ftrace.c), who has each site on and the dispatcher
 * (ftrace_ops.c), and the tracers' hit paths (ftrace_function.c,
 * ftrace_graph.c).
 */
#ifndef EBREAK_FTRACE_INTERNAL_H
#define EBREAK_FTRACE_INTERNAL_H

#include <ebreak/config.h>
#include <ebreak/ftrace.h>
#include <ebreak/ptregs.h>
#include <ebreak/trace_ring.h>
#include <stdbool.h>
#include <stdint.h>

/* The index of site in the table, or -1 if it is not a site. Any
 * context. */
long ftrace_site_index(uintptr_t site);

/* The sites whose function's name matches glob (<ebreak/glob.h>), in
 * table order (by address): how many there are, the first max of them
 * in out. Not in trap context. */
size_t ftrace_sites_matching(const char *glob, uintptr_t *out, size_t max);

/* In stop_machine: give or take user's (EB_FTRACE_*) hold on site,
 * making it a call or a jump as the first user comes or the last goes.
 * 0, or the text patch's -errno (nothing changed). */
int ftrace_site_update(uintptr_t site, unsigned user, bool on);

/* In stop_machine: write site's form again for its users, the kprobes'
 * direct trampoline having come or gone. 0 or the patch's -errno. */
int ftrace_site_refresh(uintptr_t site);

/* The name of the function whose site is site ("" if unknown). Not in
 * trap context. */
const char *ftrace_site_name(uintptr_t site);

/* Whether a list of space-separated globs names name: some plain one
 * matches it and no `!` one does; a list of only `!` ones names every
 * function but theirs (Linux's empty filter with a notrace list). */
bool ftrace_patterns_match(const char *patterns, const char *name);

/* Check patterns before anything changes: each plain one must match a
 * function with a site, each `!` be followed by a glob, and the list
 * must name some function. 0, or -EINVAL with the reason in why. */
int ftrace_patterns_check(const char *patterns, char *why, size_t n);

/* One call followed by function_graph: where it returns to, the site of
 * its function, its sp at entry (its frame pointer, which identifies
 * it), when it began and the threshold it was traced with:
 * FTRACE_GRAPH_NOTRACE_THRESH for a set_graph_notrace call, which no
 * return reaches, kept only so that what it calls is skipped. */
struct ftrace_ret_stack {
	uintptr_t ret, func, sp;
	uint64_t calltime, thresh;
};
#define FTRACE_GRAPH_NOTRACE_THRESH (~(uint64_t)0)

/* The tracers' state on one hart; its own cache lines. */
struct ftrace_cpu {
	bool busy;		/* in a tracer: a nested call is missed */
	unsigned depth;		/* frames on the return stack */
	unsigned long missed;
	struct ftrace_ret_stack stack[EB_FTRACE_GRAPH_DEPTH];
} __attribute__((aligned(64)));

extern struct ftrace_cpu ftrace_cpus[EB_MAX_CPUS];

/* tracing_cpumask or set_ftrace_pid's list (<ebreak/trace_pid.h>)
 * changed: the dispatcher's gate follows. Not in trap context. */
void ftrace_update_gate(void);

/* The tracers as the trace ring's reads show them (eb_trace_set_tracer). */
extern const struct eb_trace_tracer ftrace_function_tracer;
extern const struct eb_trace_tracer ftrace_graph_tracer;

/* The tracers' entry halves, called by the dispatcher with interrupts
 * off for a site they have on. ip is the function's address. */
void ftrace_function_entry(uintptr_t ip, uintptr_t parent,
			   struct ftrace_cpu *c);
void ftrace_graph_entry(struct pt_regs *regs, uintptr_t ip,
			struct ftrace_cpu *c);

/* The set_graph_function and set_graph_notrace lists not empty
 * (EB_FTRACE_GRAPH_FUNCTION, EB_FTRACE_GRAPH_NOTRACE bits): 0 lets the
 * graph's entry skip ftrace_graph_filter. */
extern unsigned ftrace_graph_lists;

enum ftrace_graph_verdict {
	FTRACE_GRAPH_FOLLOW,	/* record the call, follow its callees */
	FTRACE_GRAPH_SKIP,	/* outside the graph functions, or under a
				 * notrace one: not followed */
	FTRACE_GRAPH_NOTRACE,	/* a notrace function: hooked unrecorded,
				 * so that its callees are skipped */
};

/* What function_graph does with a call of the function whose site is
 * ip on the hart of c, by the lists. Interrupts off. */
enum ftrace_graph_verdict ftrace_graph_filter(uintptr_t ip,
					      const struct ftrace_cpu *c);

/* Called by ftrace_graph_trampoline (ftrace_return.S) with the returning
 * call's sp (its sp at entry): pops its frame, records the return,
 * returns where the call returns to. */
unsigned long ftrace_return_to_handler(unsigned long sp);

/* A probe handler of this hart was abandoned (kprobe_abandon_handler):
 * the calls it made that function_graph follows never return, their
 * frames (below frame, under which the handler's lie) come off the
 * return stack. Trap context. */
void ftrace_graph_abandoned(uintptr_t frame);

#endif
