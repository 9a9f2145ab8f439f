/* Filters and triggers of trace events (<ebreak/trace_event.h>). */
#include <ebreak/errno.h>
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

/* The event's own string fields f reads. */
static unsigned
strings_read(const struct eb_trace_event *ev, const struct eb_filter *f)
{
	uint64_t used = eb_filter_fields_used(f);
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
		if (ev->strings_max && strings_read(ev, f) > ev->strings_max) {
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

int
eb_trace_event_set_trigger(struct eb_trace_event *ev, const char *trigger,
			   char *msg, size_t size)
{
	long count = -1;

	if (strcmp(trigger, "!stacktrace") == 0) {
		count = 0;
	} else if (strncmp(trigger, "stacktrace", 10) != 0 ||
		   (trigger[10] && (trigger[10] != ':' ||
				    !count_of(trigger + 11, &count)))) {
		eb_snprintf(msg, size, "%s: unknown trigger (stacktrace[:N], "
			    "!stacktrace)", trigger);
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
	char line[48];

	if (!ev->stacktrace_set) {
		emit("# Available triggers:", arg);
		emit("# stacktrace", arg);
		return;
	}
	if (left < 0)
		eb_snprintf(line, sizeof line, "stacktrace:unlimited");
	else
		eb_snprintf(line, sizeof line, "stacktrace:count=%ld", left);
	emit(line, arg);
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
}
