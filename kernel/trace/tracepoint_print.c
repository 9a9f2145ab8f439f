/*
 * The kernel shell's view of tracepoints: the list (`trace`), and a probe
 * that records each event of a tracepoint in the trace ring as ftrace
 * does (`trace on NAME`), through the event's filter and triggers.
 */
#include "trace/tracepoint.h"
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/kprobe_events.h>
#include <ebreak/trace_pid.h>
#include <ebreak/trace_ring.h>

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

/* name's event name, the part after "category:" (Linux prints events
 * by it: `sys_enter: ...`). */
static const char *
event_of(const struct tracepoint *tp)
{
	const char *e = tp->name;

	while (*e && *e != ':')
		e++;
	return *e ? e + 1 : tp->name;
}

/* The trace ring's probe: the event as ftrace records it, `sys_enter:
 * nr=0x3f a0=0x0 ...` under the task's COMM-PID, if it passes the
 * event's filter; then its trigger. Interrupts are off (tracepoint_call). */
static void
ring_probe(void *data, const uint64_t *args)
{
	struct tracepoint *tp = data;
	union eb_field_value v[TRACEPOINT_MAX_ARGS + EB_TRACE_COMMON_FIELDS];
	char comm[EB_TRACE_COMM_LEN] __attribute__((aligned(8)));
	unsigned long flags;
	char *text;

	struct eb_trace_hit hit;
	unsigned state = eb_trace_event_state(&tp->control);
	bool hit_triggers = (state & EB_TRACE_HIT_TRIGGERS) &&
			    eb_trace_event_hit_begin(&tp->control, &hit);
	if (tp->control.filter || hit_triggers) {
		for (unsigned i = 0; i < tp->nargs; i++)
			v[i].u = args[i];
		eb_trace_event_common(&v[tp->nargs], comm);
		/* Before the event's filter, as Linux's triggers. */
		if (hit_triggers)
			eb_trace_event_hit(&tp->control, &hit, v);
		if (!eb_trace_event_match(&tp->control, v))
			return;
	}
	if (!eb_trace_pid_traced(EB_TRACE_PIDS_EVENT))
		return;		/* set_event_pid names other tasks */
	if (state & EB_TRACE_SOFT_DISABLED)
		return;
	if (!(text = eb_trace_reserve(&flags)))
		return;
	size_t n = eb_snprintf(text, EB_TRACE_TEXT_MAX, "%s:", event_of(tp));
	const struct eb_event_field *f = tp->control.fields;
	for (unsigned i = 0; i < tp->nargs && n < EB_TRACE_TEXT_MAX; i++)
		n += eb_snprintf(text + n, EB_TRACE_TEXT_MAX - n, " %s=0x%lx",
				 f[i].name, (unsigned long)args[i]);
	eb_trace_commit(flags);
	/* The stack from the function that fired the tracepoint: past this
	 * frame and tracepoint_call's, both ours. */
	unsigned long *me = __builtin_frame_address(0);
	unsigned long *call = (unsigned long *)me[-2];
	eb_trace_event_triggers(&tp->control, call[-2], call[-1], 0);
}

/* tp's field names from its "a, b" list, and the common ones: its
 * control's fields (made once, kept for good). 0 or -ENOMEM. */
static int
make_fields(struct tracepoint *tp)
{
	size_t len = strlen(tp->fields) + 1;
	unsigned n = tp->nargs + EB_TRACE_COMMON_FIELDS;
	struct eb_event_field *fields = kmalloc(n * sizeof *fields + len);

	if (!fields)
		return -ENOMEM;
	char *names = (char *)(fields + n), *s = names;
	memcpy(names, tp->fields, len);
	for (unsigned i = 0; i < tp->nargs; i++) {
		while (*s == ' ' || *s == ',')
			s++;
		fields[i] = (struct eb_event_field){ s, EB_FIELD_UNSIGNED };
		while (*s && *s != ',' && *s != ' ')
			s++;
		if (*s)
			*s++ = 0;
	}
	memcpy(&fields[tp->nargs], eb_trace_common_fields,
	       sizeof eb_trace_common_fields);
	tp->control.nfields = n;
	/* Published last: a probe reads fields once it sees them. */
	__atomic_store_n(&tp->control.fields, fields, __ATOMIC_RELEASE);
	return 0;
}

/* The filter and trigger of tracepoint name ("cat:name" or "cat/name"),
 * or NULL (no such tracepoint, or no memory). Not in trap context. */
struct eb_trace_event *
tracepoint_control(const char *name)
{
	struct tracepoint *tp = tracepoint_find(name);

	if (!tp || (!tp->control.fields && make_fields(tp)))
		return 0;
	return &tp->control;
}

/* The filter and triggers of the event called name: a kprobe event's
 * (NAME or GRP/NAME), else a tracepoint's ("cat:name" or "cat/name");
 * NULL if there is none. The finder of enable_event triggers. Not in
 * trap context. */
struct eb_trace_event *
trace_event_find(const char *name)
{
	struct eb_trace_event *ev = eb_kprobe_events_control(name);

	return ev ? ev : tracepoint_control(name);
}

/* Shell: record name's events in the trace ring; if they are recorded
 * already, nothing (as writing 1 to Linux's enable). 0, -ENOENT,
 * -ENOSPC or -ENOMEM. */
int
tracepoint_print_on(const char *name)
{
	struct tracepoint *tp = tracepoint_find(name);

	if (!tp)
		return -ENOENT;
	if (!tracepoint_control(name))
		return -ENOMEM;
	int err = tracepoint_probe_register(tp, ring_probe, tp);
	return err == -EEXIST ? 0 : err;
}

/* Shell: stop recording name's events; if they are not recorded,
 * nothing (as writing 0 to Linux's enable). 0 or -ENOENT. */
int
tracepoint_print_off(const char *name)
{
	struct tracepoint *tp = tracepoint_find(name);

	if (!tp)
		return -ENOENT;
	tracepoint_probe_unregister(tp, ring_probe, tp);
	return 0;
}
