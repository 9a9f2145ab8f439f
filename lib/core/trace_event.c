/* Filters and triggers of trace events (<ebreak/trace_event.h>). */
#include <ebreak/errno.h>
#include <ebreak/event_hist.h>
#include <ebreak/fmt.h>
#include <ebreak/kprobes.h>
#include <ebreak/libc.h>
#include <ebreak/port.h>
#include <ebreak/stack.h>
#include <ebreak/trace_event.h>
#include <ebreak/trace_ring.h>

/* Linux's common fields, and comm and cpu under both spellings Linux
 * accepts in filters. */
const struct eb_event_field eb_trace_common_fields[EB_TRACE_COMMON_FIELDS] = {
	{ "common_pid", EB_FIELD_SIGNED }, { "comm", EB_FIELD_STRING },
	{ "COMM", EB_FIELD_STRING }, { "cpu", EB_FIELD_UNSIGNED },
	{ "CPU", EB_FIELD_UNSIGNED },
};

void
eb_trace_event_common(union eb_field_value *v, char *comm)
{
	v[0].s = eb_port_current(comm, EB_TRACE_COMM_LEN);
	v[1].str = v[2].str = comm;
	v[3].u = v[4].u = eb_port_cpu_id();
}

/* The event's own string fields among those used names. */
static unsigned
strings_read(const struct eb_trace_event *ev, uint64_t used)
{
	unsigned n = 0;

	for (size_t i = 0; i + EB_TRACE_COMMON_FIELDS < ev->nfields; i++)
		n += (used >> i & 1) && ev->fields[i].type == EB_FIELD_STRING;
	return n;
}

int
eb_trace_event_set_filter(struct eb_trace_event *ev, const char *expr,
			  char *msg, size_t size)
{
	struct eb_filter *f = NULL, *old;

	if (strcmp(expr, "0") != 0) {
		int err = eb_filter_parse(expr, ev->fields, ev->nfields, &f,
					  msg, size);
		if (err)
			return err;
		if (ev->strings_max && strings_read(ev, eb_filter_fields_used(f)) >
				       ev->strings_max) {
			eb_filter_free(f);
			eb_snprintf(msg, size, "%s\nparse_error: a filter reads "
				    "at most %u string fields of this event", expr,
				    ev->strings_max);
			return -EINVAL;
		}
	}
	old = __atomic_exchange_n(&ev->filter, f, __ATOMIC_ACQ_REL);
	if (old) {
		/* A hit on another hart may still be matching it. */
		eb_grace_period();
		eb_filter_free(old);
	}
	return 0;
}

const char *
eb_trace_event_filter_text(const struct eb_trace_event *ev)
{
	return ev->filter ? eb_filter_text(ev->filter) : "none";
}

/* s as a positive decimal number, the whole of it. */
static bool
count_of(const char *s, long *n)
{
	for (*n = 0; *s >= '0' && *s <= '9' && *n < 1000000000; s++)
		*n = *n * 10 + (*s - '0');
	return !*s && *n > 0;
}

/* Swap ev's hist for h (NULL: none), freeing the old one once no hit
 * runs it. */
static void
replace_hist(struct eb_trace_event *ev, struct eb_hist *h)
{
	struct eb_hist *old = __atomic_exchange_n(&ev->hist, h, __ATOMIC_ACQ_REL);

	if (old) {
		/* A hit on another hart may still be counting in it. */
		eb_grace_period();
		eb_hist_free(old);
	}
}

/* A hist trigger: a new table, or !hist, :pause, :cont or :clear of the
 * one ev has, as Linux's event_hist_trigger_parse. */
static int
set_hist(struct eb_trace_event *ev, const char *text, char *msg, size_t size)
{
	bool remove = text[0] == '!';
	struct eb_hist *h;
	enum eb_hist_op op;
	int err = eb_hist_create(text + remove, ev->fields, ev->nfields, &h,
				 &op, msg, size);

	if (err)
		return err;
	bool same = ev->hist && eb_hist_same(ev->hist, h);
	if (remove || op == EB_HIST_CONT || op == EB_HIST_CLEAR ||
	    (op == EB_HIST_PAUSE && same)) {
		if (!same)
			err = -ENOENT;
		else if (remove)
			replace_hist(ev, NULL);
		else if (op == EB_HIST_CLEAR)
			eb_hist_clear(ev->hist);
		else
			eb_hist_pause(ev->hist, op == EB_HIST_PAUSE);
	} else if (ev->hist) {
		err = -EEXIST;
	} else if (ev->strings_max &&
		   strings_read(ev, eb_hist_fields_used(h)) > ev->strings_max) {
		err = -EINVAL;
	} else {
		replace_hist(ev, h);
		return 0;
	}
	eb_snprintf(msg, size, "hist: error: %s", err == -ENOENT ?
		    (remove ? "No such hist trigger to remove"
		     : "Can't clear or continue a nonexistent hist trigger")
		    : err == -EINVAL ? "Reads more string fields than a hit keeps"
		    : same ? "Hist trigger already exists"
		    : "The event has another hist trigger (one an event here)");
	eb_hist_free(h);
	return err;
}

int
eb_trace_event_set_trigger(struct eb_trace_event *ev, const char *trigger,
			   char *msg, size_t size)
{
	long count = -1;

	if (strncmp(trigger, "hist", 4) == 0 || strncmp(trigger, "!hist", 5) == 0)
		return set_hist(ev, trigger, msg, size);
	if (strcmp(trigger, "!stacktrace") == 0) {
		count = 0;
	} else if (strncmp(trigger, "stacktrace", 10) != 0 ||
		   (trigger[10] && (trigger[10] != ':' ||
				    !count_of(trigger + 11, &count)))) {
		eb_snprintf(msg, size, "%s: unknown trigger (stacktrace[:N], "
			    "!stacktrace, hist:..., !hist:...)", trigger);
		return -EINVAL;
	}
	ev->stacktrace_set = count != 0;
	__atomic_store_n(&ev->stacktraces, count, __ATOMIC_RELAXED);
	return 0;
}

void
eb_trace_event_show_trigger(const struct eb_trace_event *ev,
			    void (*emit)(const char *line, void *arg),
			    void *arg)
{
	long left = __atomic_load_n(&ev->stacktraces, __ATOMIC_RELAXED);
	char line[512];

	if (!ev->stacktrace_set && !ev->hist) {
		emit("# Available triggers:", arg);
		emit("# stacktrace hist", arg);
		return;
	}
	if (ev->stacktrace_set) {
		if (left < 0)
			eb_snprintf(line, sizeof line, "stacktrace:unlimited");
		else
			eb_snprintf(line, sizeof line, "stacktrace:count=%ld",
				    left);
		emit(line, arg);
	}
	if (ev->hist) {
		eb_hist_info(ev->hist, line, sizeof line);
		emit(line, arg);
	}
}

int
eb_trace_event_show_hist(const struct eb_trace_event *ev,
			 void (*emit)(const char *line, void *arg), void *arg)
{
	return ev->hist ? eb_hist_show(ev->hist, emit, arg) : 0;
}

bool
eb_trace_event_match(const struct eb_trace_event *ev,
		     const union eb_field_value *values)
{
	struct eb_filter *f = __atomic_load_n(&ev->filter, __ATOMIC_ACQUIRE);

	return !f || eb_filter_match(f, values);
}

void
eb_trace_event_stacktrace(struct eb_trace_event *ev, unsigned long fp,
			  unsigned long pc, unsigned long ra)
{
	unsigned long pcs[EB_TRACE_STACK_MAX];
	long left = __atomic_load_n(&ev->stacktraces, __ATOMIC_RELAXED);

	/* A counted trigger takes one of its count, or none is left. */
	while (left > 0 && !__atomic_compare_exchange_n(&ev->stacktraces,
			&left, left - 1, false, __ATOMIC_RELAXED,
			__ATOMIC_RELAXED))
		;
	if (left)
		eb_trace_stack(pcs, eb_stack_walk(fp, pc, ra, pcs,
						  EB_TRACE_STACK_MAX));
}

void
eb_trace_event_release(struct eb_trace_event *ev)
{
	eb_filter_free(ev->filter);
	ev->filter = NULL;
	eb_hist_free(ev->hist);
	ev->hist = NULL;
}
