/* The task id lists of set_ftrace_pid and set_event_pid
 * (<ebreak/trace_pid.h>). */
#include "ftrace_internal.h"
#include <ebreak/errno.h>
#include <ebreak/trace_pid.h>

struct eb_trace_pids eb_trace_pid_lists[2];

/* A list's new contents, for stop_machine. */
struct pid_batch {
	struct eb_trace_pids *list;
	const unsigned long *ids;
	unsigned n;
};

/* In stop_machine: hits run with interrupts off, so none reads the
 * list while it changes. */
static void
apply(void *arg)
{
	struct pid_batch *b = arg;

	for (unsigned i = 0; i < b->n; i++)
		b->list->ids[i] = b->ids[i];
	b->list->n = b->n;
	if (b->list == &eb_trace_pid_lists[EB_TRACE_PIDS_FTRACE])
		ftrace_update_gate();
}

int
eb_trace_set_pids(unsigned list, const unsigned long *ids, unsigned n)
{
	if (list > EB_TRACE_PIDS_EVENT || n > EB_TRACE_PIDS_MAX)
		return -EINVAL;
	struct pid_batch b = { &eb_trace_pid_lists[list], ids, n };

	eb_port_stop_machine(apply, &b);
	return 0;
}

bool
eb_trace_pid_listed(const struct eb_trace_pids *l)
{
	unsigned long id = eb_port_current_task_id();

	for (unsigned i = 0; i < l->n; i++)
		if (l->ids[i] == id)
			return true;
	return false;
}
