/*
 * What every trace event has besides its own record, as ftrace gives
 * each event under events/GROUP/NAME/: a filter (Linux's syntax,
 * <ebreak/event_filter.h>) over its fields and the common ones, and a
 * stacktrace, traceon, traceoff and hist (<ebreak/event_hist.h>)
 * triggers. kprobe events (<ebreak/kprobe_events.h>) and a
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
#include <stdint.h>

#define EB_TRACE_COMMON_FIELDS 5
extern const struct eb_event_field eb_trace_common_fields[EB_TRACE_COMMON_FIELDS];

/* A traceon or traceoff trigger. */
struct eb_trace_onoff {
	bool set;
	long count;			/* changes left; -1 unlimited */
	struct eb_filter *filter;	/* its if FILTER, or NULL */
};

/* An enable_event or disable_event trigger: another event's recording
 * turned on or off. */
struct eb_trace_enable {
	bool set;
	bool enable;			/* enable_event, not disable_event */
	long count;			/* changes left; -1 unlimited */
	struct eb_filter *filter;	/* its if FILTER, or NULL */
	struct eb_trace_event *target;
	char target_name[64];		/* SYSTEM:EVENT as written */
};

/* An event's state bits. */
#define EB_TRACE_HIT_TRIGGERS	1u	/* hist, traceon, traceoff or enable set */
/* Linux's soft disable: an enable_event or disable_event trigger names
 * this event; its hits record nothing while set. */
#define EB_TRACE_SOFT_DISABLED	2u

struct eb_trace_event {
	/* The event's own fields, then eb_trace_common_fields. */
	const struct eb_event_field *fields;
	size_t nfields;
	struct eb_filter *filter;	/* or NULL */
	long stacktraces;		/* to record: -1 unlimited, 0 none */
	bool stacktrace_set;		/* a trigger, even one used up */
	struct eb_hist *hist;		/* a hist trigger's table, or NULL */
	struct eb_trace_onoff onoff[2];	/* traceon, traceoff */
	struct eb_trace_enable enable;	/* enable_event, disable_event */
	/* EB_TRACE_HIT_TRIGGERS | EB_TRACE_SOFT_DISABLED: one word, so
	 * that a hit of an event with neither pays one load and one
	 * branch. */
	unsigned state;
	unsigned targeted;		/* enable_event triggers naming it */
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
 * "stacktrace:N" (the next N times), "!stacktrace"; "traceon[:N] [if
 * FILTER]", "traceoff[:N] [if FILTER]" (eb_trace_on, N times), "!traceon",
 * "!traceoff"; "enable_event:SYSTEM:EVENT[:N] [if FILTER]",
 * "disable_event:..." (the event eb_trace_event_set_finder's function
 * finds by "SYSTEM/EVENT" records from the trigger's creation only once
 * enabled; removed by "!enable_event:SYSTEM:EVENT"); "hist:..." (one hist trigger an event; its :pause, :cont,
 * :clear) and "!hist:...".
 * Returns 0, or -EINVAL, -EEXIST (a hist there already), -ENOENT (no
 * such hist to change or remove) or -ENOMEM with the reason in msg
 * (Linux's hist error report for a bad hist), changing nothing. Not in
 * trap context; one setter at a time. */
int eb_trace_event_set_trigger(struct eb_trace_event *ev,
			       const char *trigger, char *msg, size_t size);

/* How enable_event and disable_event triggers find the event they
 * name: find("SYSTEM/EVENT") returns it or NULL. Without one, only
 * kprobe events are found (eb_kprobe_events_control). Not in trap
 * context. */
void eb_trace_event_set_finder(struct eb_trace_event *(*find)(const char *name));

/* ev's state bits: EB_TRACE_HIT_TRIGGERS, it has triggers that take
 * every hit with its fields' values (hist, traceon, traceoff,
 * enable_event, disable_event: they run before the event's filter and
 * record, as Linux's); EB_TRACE_SOFT_DISABLED, its hits record nothing.
 * Inline: an event with neither pays one load. Trap context. */
static inline unsigned
eb_trace_event_state(const struct eb_trace_event *ev)
{
	return __atomic_load_n(&ev->state, __ATOMIC_RELAXED);
}

/* Show ev's trigger as Linux's trigger file: emit each line. */
void eb_trace_event_show_trigger(const struct eb_trace_event *ev,
				 void (*emit)(const char *line, void *arg),
				 void *arg);

/* Emit ev's hist as Linux's hist file (nothing without one). Returns 0
 * or -ENOMEM. Not in trap context; one setter or reader at a time. */
int eb_trace_event_show_hist(const struct eb_trace_event *ev,
			     void (*emit)(const char *line, void *arg),
			     void *arg);

/* Those triggers as one hit sees them: loaded once, so that the values
 * gathered are those the triggers run read (one set or replaced
 * meanwhile waits for the next hit). */
struct eb_trace_hit {
	struct eb_hist *hist;		/* or NULL */
	bool set[3];			/* traceon, traceoff, enable_event */
	struct eb_filter *filter[3];	/* their filters, or NULL */
	uint64_t wanted;		/* bit i: they read ev->fields[i] */
};

/* Load ev's hit triggers into *hit; false if it has none. Then give
 * eb_trace_event_hit values[i] for ev->fields[i], those hit->wanted names
 * at least (the common ones always): the hist counts the hit, traceon
 * and traceoff turn tracing on or off (eb_trace_on), enable_event and
 * disable_event their target's recording. Trap context. */
bool eb_trace_event_hit_begin(struct eb_trace_event *ev,
			      struct eb_trace_hit *hit);
void eb_trace_event_hit(struct eb_trace_event *ev,
			const struct eb_trace_hit *hit,
			const union eb_field_value *values);

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

/* Free what ev holds; no hit may be running on it, no enable_event or
 * disable_event trigger may name it (ev->targeted: refuse to remove it
 * then, as Linux's EBUSY). */
void eb_trace_event_release(struct eb_trace_event *ev);

#endif
