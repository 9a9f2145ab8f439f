/*
 * The kernel shell's view of tracepoints: the list (`trace`), and a probe
 * that prints each event of a tracepoint as ftrace does (`trace on NAME`).
 */
#include "trace/tracepoint.h"
#include "user/user.h"
#include <ebreak/errno.h>
#include <ebreak/fmt.h>

/* Print every tracepoint: name, state, hits, fields. */
void
tracepoint_list(void)
{
	for (struct tracepoint *const *p = __start_tracepoints;
	     p < __stop_tracepoints; p++) {
		struct tracepoint *tp = *p;
		unsigned sites = 0;
		for (const struct tracepoint_site *s = __start_tracepoint_sites;
		     s < __stop_tracepoint_sites; s++)
			sites += s->tp == tp;
		printf("%-26s %-3s %8lu hits  %u sites  (%s)\n", tp->name,
		       tp->enabled ? "on" : "off", (unsigned long)tp->hits,
		       sites, tp->fields);
	}
}

/* The shell's probe: one line per event as ftrace prints it,
 * "COMM-PID [HART] name: field=0xVALUE ...", COMM-PID the process's (a
 * kernel task's name and 0 outside any process). */
static void
print_probe(void *data, const uint64_t *args)
{
	struct tracepoint *tp = data;
	struct task *t = current_task();
	struct proc *p = task_proc(t);
	const char *comm = p ? p->name : t ? t->name : "<irq>";
	char line[192];
	size_t n = eb_snprintf(line, sizeof line, "%s-%d [%03u] %s:", comm,
			       p ? p->pid : 0, cpuid(), tp->name);
	const char *f = tp->fields;

	for (unsigned i = 0; i < tp->nargs && n < sizeof line; i++) {
		while (*f == ' ' || *f == ',')
			f++;
		const char *end = f;
		while (*end && *end != ',')
			end++;
		n += eb_snprintf(line + n, sizeof line - n, " %.*s=0x%lx",
				 (int)(end - f), f, (unsigned long)args[i]);
		f = end;
	}
	printf("%s\n", line);
}

/* Shell: print name's events (0, -ENOENT, -EEXIST). */
int
tracepoint_print_on(const char *name)
{
	struct tracepoint *tp = tracepoint_find(name);

	return tp ? tracepoint_probe_register(tp, print_probe, tp) : -ENOENT;
}

/* Shell: stop printing name's events (0 or -ENOENT). */
int
tracepoint_print_off(const char *name)
{
	struct tracepoint *tp = tracepoint_find(name);

	return tp ? tracepoint_probe_unregister(tp, print_probe, tp) : -ENOENT;
}
