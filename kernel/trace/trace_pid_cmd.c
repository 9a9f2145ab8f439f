/*
 * The shell's `ftrace pid` and `trace pid` (Linux's set_ftrace_pid and
 * set_event_pid files): the task ids (ps's TASK) whose calls or events
 * are traced, <ebreak/trace_pid.h>.
 */
#include "defs.h"
#include "trace/ftrace_cmd.h"
#include <ebreak/trace_pid.h>

void
trace_pid_print(const char *cmd, unsigned list)
{
	const struct eb_trace_pids *l = &eb_trace_pid_lists[list];

	if (!l->n) {
		printf("%s: pid: every task\n", cmd);
		return;
	}
	printf("%s: pid: task%s", cmd, l->n == 1 ? "" : "s");
	for (unsigned i = 0; i < l->n; i++)
		printf(" %lu", l->ids[i]);
	printf("\n");
}

void
trace_pid_command(const char *cmd, unsigned list, const char *args)
{
	unsigned long ids[EB_TRACE_PIDS_MAX];
	unsigned n = 0;

	for (;;) {
		while (*args == ' ')
			args++;
		if (!*args)
			break;
		if (n == EB_TRACE_PIDS_MAX) {
			printf("%s: pid: more than %d task ids\n", cmd,
			       EB_TRACE_PIDS_MAX);
			return;
		}
		const char *end = parse_decimal(args, &ids[n]);
		/* ~0: digits that do not fit (no task has that id) */
		if (end == args || (*end && *end != ' ') || ids[n] == ~0ul) {
			printf("%s: pid: '%s' is not a task id (a number, as "
			       "ps's TASK)\n", cmd, args);
			return;
		}
		n++;
		args = end;
	}
	eb_trace_set_pids(list, ids, n);
	trace_pid_print(cmd, list);
}
