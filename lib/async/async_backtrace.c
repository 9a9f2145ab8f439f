/* Async backtraces (<ebreak/async_probe.h>): a task's awaiting chain. */
#include <ebreak/async_probe.h>
#include <ebreak/fmt.h>
#include <ebreak/port.h>

int
eb_async_backtrace(struct eb_future *top, struct eb_async_frame *frames,
		   int max)
{
	int n = 0;

	for (struct eb_future *f = top; f && n < max; n++) {
		struct eb_future copy;
		if (eb_port_read_nofault(&copy, f, sizeof copy))
			break;
		bool waits = copy.awaiting && copy.state != EB_FUTURE_DONE;
		frames[n] = (struct eb_async_frame){
			.future = f, .poll = copy.poll,
			.file = waits ? copy.file : NULL,
			.line = waits ? copy.state : 0 };
		f = waits ? copy.awaiting : NULL;
	}
	return n;
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
		uintptr_t start;
		size_t fsize;
		const char *name = eb_port_symbol_name((uintptr_t)fr[i].poll,
						       &start, &fsize);
		size_t at = (size_t)len < size ? (size_t)len : size;
		len += eb_snprintf(buf + at, size - at, "%s%s", i ? " -> " : "",
				   name ? name : "?");
		at = (size_t)len < size ? (size_t)len : size;
		if (fr[i].line)
			len += eb_snprintf(buf + at, size - at, " %s:%u",
					   fr[i].file ? fr[i].file : "?",
					   fr[i].line);
	}
	return len;
}
