/* Async probes' text (<ebreak/async_probe.h>): events and backtraces as
 * lines, each future named by its poll function. */
#include <ebreak/async_probe.h>
#include <ebreak/fmt.h>
#include <ebreak/port.h>

/* The name of poll's function, or "?". Any context. */
static const char *
poll_name(eb_poll_fn poll)
{
	uintptr_t start;
	size_t size;
	const char *name = eb_port_symbol_name((uintptr_t)poll, &start, &size);

	return name ? name : "?";
}

static const char *const kinds[] = {
	[EB_ASYNC_START] = "start", [EB_ASYNC_SUSPEND] = "suspend",
	[EB_ASYNC_RESUME] = "resume", [EB_ASYNC_COMPLETE] = "complete",
};

const char *
eb_async_event_kind(unsigned kind)
{
	return kinds[kind & 3];
}

int
eb_async_event_format(const struct eb_async_event *ev, const char *probe,
		      char *buf, size_t size)
{
	struct eb_future *awaited = ev->awaiting;
	eb_poll_fn poll = 0;
	char at[160] = "";

	if (ev->line && awaited &&
	    !eb_port_read_nofault(&poll, &awaited->poll, sizeof poll))
		eb_snprintf(at, sizeof at, " at %s:%u awaiting %s",
			    ev->file ? ev->file : "?", ev->line,
			    poll_name(poll));
	else if (ev->line)
		eb_snprintf(at, sizeof at, " at %s:%u",
			    ev->file ? ev->file : "?", ev->line);
	return eb_snprintf(buf, size, "%s: %s call=%llu parent=%llu task=%llu%s "
			   "latency=%llu oncpu=%llu%s%s", probe,
			   eb_async_event_kind(ev->kind), ev->call_id,
			   ev->parent_id, ev->task_id, at,
			   ev->latency_ns, ev->oncpu_ns,
			   ev->flags & EB_ASYNC_UNSEEN_START ? " unseen-start" : "",
			   ev->flags & EB_ASYNC_CANCELLED ? " cancelled" : "");
}

/* Levels eb_async_backtrace_format shows: futures nest a few deep. */
#define FORMAT_DEPTH 8

int
eb_async_backtrace_format(struct eb_future *top, char *buf, size_t size)
{
	struct eb_async_frame fr[FORMAT_DEPTH];
	int n = eb_async_backtrace(top, fr, FORMAT_DEPTH), len = 0;

	if (size)
		buf[0] = 0;
	for (int i = 0; i < n; i++) {
		const char *name = poll_name(fr[i].poll);
		size_t at = (size_t)len < size ? (size_t)len : size;
		len += eb_snprintf(buf + at, size - at, "%s%s", i ? " -> " : "",
				   name);
		at = (size_t)len < size ? (size_t)len : size;
		if (fr[i].line)
			len += eb_snprintf(buf + at, size - at, " %s:%u",
					   fr[i].file ? fr[i].file : "?",
					   fr[i].line);
	}
	return len;
}
