/*
 * kprobe_events' error log (<ebreak/kprobe_events.h>), as Linux's
 * tracing/error_log keeps the refusals of kprobe_events definitions:
 * the last EB_KPROBE_ERROR_LOG of them, each with when it happened, in
 * static memory (a refusal logged allocates nothing). Written and read
 * as kprobe_events are: one hart at a time.
 */
#include "kprobes_internal.h"
#include <ebreak/fmt.h>
#include <ebreak/kprobe_events.h>
#include <ebreak/libc.h>
#include <ebreak/port.h>

/* A refusal as kept: its first chars, a few args' command framed. */
#define ERROR_TEXT_MAX 512

struct error_entry {
	uint64_t ns;	/* eb_port_time_ns when refused */
	char text[ERROR_TEXT_MAX];	/* the framed refusal, lines apart */
};

static struct error_entry errors[EB_KPROBE_ERROR_LOG];
static unsigned next;	/* the oldest's slot once the log is full */

void
eb_kprobe_error_log_add(const char *text)
{
	errors[next].ns = eb_port_time_ns();
	eb_snprintf(errors[next].text, ERROR_TEXT_MAX, "%s", text);
	next = (next + 1) % EB_KPROBE_ERROR_LOG;
}

/* The lines of e, the first stamped, to emit. */
static void
emit_entry(const struct error_entry *e,
	   void (*emit)(const char *line, void *arg), void *arg)
{
	char line[ERROR_TEXT_MAX + 24];
	const char *s = e->text;
	size_t len = (size_t)eb_snprintf(line, sizeof line, "[%5lu.%06lu] ",
					 (unsigned long)(e->ns / 1000000000),
					 (unsigned long)(e->ns / 1000 % 1000000));

	while (*s) {
		size_t n = 0;
		while (s[n] && s[n] != '\n')
			n++;
		eb_snprintf(line + len, sizeof line - len, "%.*s", (int)n, s);
		emit(line, arg);
		len = 0;
		s += n + (s[n] == '\n');
	}
}

void
eb_kprobe_events_error_log(void (*emit)(const char *line, void *arg),
			   void *arg)
{
	for (unsigned k = 0; k < EB_KPROBE_ERROR_LOG; k++)
		emit_entry(&errors[(next + k) % EB_KPROBE_ERROR_LOG], emit, arg);
}

void
eb_kprobe_events_error_log_clear(void)
{
	for (unsigned k = 0; k < EB_KPROBE_ERROR_LOG; k++)
		errors[k].text[0] = 0;
	next = 0;
}
