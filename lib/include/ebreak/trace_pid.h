/*
 * Tracing only some tasks (Linux's set_ftrace_pid and set_event_pid):
 * two lists of task ids (eb_port_current_task_id), one for the function
 * and function_graph tracers, one for trace events (kprobe events and a
 * host's tracepoints). An empty list lets every task's calls or events
 * through; a set one, only those of its tasks (code outside any task,
 * id 0, among them only if 0 is listed).
 */
#ifndef EBREAK_TRACE_PID_H
#define EBREAK_TRACE_PID_H
#include <ebreak/port.h>
#include <stdbool.h>

#define EB_TRACE_PIDS_FTRACE	0	/* set_ftrace_pid */
#define EB_TRACE_PIDS_EVENT	1	/* set_event_pid */
#define EB_TRACE_PIDS_MAX	16	/* ids in a list */

struct eb_trace_pids {
	unsigned n;
	unsigned long ids[EB_TRACE_PIDS_MAX];
};
extern struct eb_trace_pids eb_trace_pid_lists[2];

/* Make list (EB_TRACE_PIDS_*) hold ids[0..n) (n 0: empty, every task
 * traced). Returns 0, or -EINVAL for another list or more than
 * EB_TRACE_PIDS_MAX ids (nothing changed). The hit paths see the old
 * list or the new, never a mix (one stop_machine). Not in trap context;
 * one caller at a time. */
int eb_trace_set_pids(unsigned list, const unsigned long *ids, unsigned n);

/* The slow half of eb_trace_pid_traced: whether the running task's id
 * is in the set list l. Trap context, interrupts off. */
bool eb_trace_pid_listed(const struct eb_trace_pids *l);

/* Whether the running task's calls or events pass list (one of
 * EB_TRACE_PIDS_*). Inline: an empty list costs a load. Trap context,
 * interrupts off. */
static inline bool
eb_trace_pid_traced(unsigned list)
{
	const struct eb_trace_pids *l = &eb_trace_pid_lists[list];

	return !__atomic_load_n(&l->n, __ATOMIC_RELAXED) ||
	       eb_trace_pid_listed(l);
}

#endif
