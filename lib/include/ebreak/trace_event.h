/*
 * What every trace event has besides its own record, as ftrace gives
 * each event under events/GROUP/NAME/: a filter (Linux's syntax,
 * <ebreak/event_filter.h>) over its fields and the common ones, and a
 * stacktrace trigger and a hist trigger (<ebreak/event_hist.h>). kprobe events (<ebreak/kprobe_events.h>) and a
 * host's static tracepoints embed one each.
 *
 * The common fields follow the event's own in its field array:
 * common_pid, comm (or COMM) and cpu (or CPU), filled by
 * eb_trace_event_common for each hit.
 */
#ifndef EBREAK_TRACE_EVENT_H
#define EBREAK_TRACE_EVENT_H
#include <ebreak/event_filter.h>
#include <ebreak/event_hist.h>
#include <stdbool.h>
#include <stddef.h>

#define EB_TRACE_COMMON_FIELDS 5
extern const struct eb_event_field eb_trace_common_fields[EB_TRACE_COMMON_FIELDS];

struct eb_trace_event {
	/* The event's own fields, then eb_trace_common_fields. */
	const struct eb_event_field *fields;
	size_t nfields;
	struct eb_filter *filter;	/* or NULL */
	long stacktraces;		/* to record: -1 unlimited, 0 none */
	bool stacktrace_set;		/* a trigger, even one used up */
	struct eb_hist *hist;		/* a hist trigger's table, or NULL */
	/* Own string fields one filter may read (each needs a buffer in
	 * the hit), or 0 for no limit. */
	unsigned strings_max;
};

/* Fill the common fields' values, values[0..EB_TRACE_COMMON_FIELDS),
 * for the running task (its name into comm, 16 bytes). Trap context. */
void eb_trace_event_common(union eb_field_value *values, char *comm);

/* Set ev's filter from expr ("0": none), as writing Linux's filter file.
 * Returns 0, or -EINVAL with Linux's parse_error report in msg (ev's
 * filter unchanged; also for a filter reading more than strings_max own
 * string fields), or -ENOMEM. A filter being replaced is freed after
 * a grace period (a hit may be running it). Not in trap context; one
 * setter at a time. */
int eb_trace_event_set_filter(struct eb_trace_event *ev, const char *expr,
			      char *msg, size_t size);

/* ev's filter as Linux's filter file shows it: its text, or "none". */
const char *eb_trace_event_filter_text(const struct eb_trace_event *ev);

/* Set ev's trigger as writing Linux's trigger file: "stacktrace",
 * "stacktrace:N" (the next N times), "!stacktrace"; "hist:..." (one hist
 * trigger an event; its :pause, :cont, :clear) and "!hist:...".
 * Returns 0, or -EINVAL, -EEXIST (a hist there already), -ENOENT (no
 * such hist to change or remove) or -ENOMEM with the reason in msg
 * (Linux's hist error report for a bad hist), changing nothing. Not in
 * trap context; one setter at a time. */
int eb_trace_event_set_trigger(struct eb_trace_event *ev,
			       const char *trigger, char *msg, size_t size);

/* Show ev's trigger as Linux's trigger file: emit each line. */
void eb_trace_event_show_trigger(const struct eb_trace_event *ev,
				 void (*emit)(const char *line, void *arg),
				 void *arg);

/* Emit ev's hist as Linux's hist file (nothing without one). Returns 0
 * or -ENOMEM. Not in trap context; one setter or reader at a time. */
int eb_trace_event_show_hist(const struct eb_trace_event *ev,
			     void (*emit)(const char *line, void *arg),
			     void *arg);

/* Count a hit in ev's hist, if it has one: values[i] for ev->fields[i],
 * those eb_hist_fields_used names at least. Inline: an event without one
 * pays a load. Trap context. */
static inline void
eb_trace_event_hist(struct eb_trace_event *ev,
		    const union eb_field_value *values)
{
	struct eb_hist *h = __atomic_load_n(&ev->hist, __ATOMIC_ACQUIRE);

	if (h)
		eb_hist_hit(h, values);
}

/* Whether a hit with values[i] for ev->fields[i] passes ev's filter
 * (none: it does). Trap context. */
bool eb_trace_event_match(const struct eb_trace_event *ev,
			  const union eb_field_value *values);

/* The stacktrace trigger's work: eb_trace_event_triggers' slow path. */
void eb_trace_event_stacktrace(struct eb_trace_event *ev, unsigned long fp,
			       unsigned long pc, unsigned long ra);

/* After the event's record: its stacktrace trigger, if set, records the
 * stack from fp, pc and ra (<ebreak/stack.h>), taking one from a
 * counted trigger. Inline: an event without one pays a load. Trap
 * context. */
static inline void
eb_trace_event_triggers(struct eb_trace_event *ev, unsigned long fp,
			unsigned long pc, unsigned long ra)
{
	if (__atomic_load_n(&ev->stacktraces, __ATOMIC_RELAXED))
		eb_trace_event_stacktrace(ev, fp, pc, ra);
}

/* Free what ev holds; no hit may be running on it. */
void eb_trace_event_release(struct eb_trace_event *ev);

#endif
