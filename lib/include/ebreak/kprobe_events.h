/*
 * kprobe_events: probes defined by a line of text in Linux's syntax
 * (Documentation/trace/kprobetrace.rst; docs/kprobe_events.md):
 *
 *	p[:NAME] SYMBOL[+OFFSET]|0xADDR [FETCHARGS]	a probe
 *	r[MAXACTIVE][:NAME] SYMBOL|0xADDR [FETCHARGS]	a return probe
 *	-:NAME						remove it
 *
 * Each hit counts and writes one record to the trace ring
 * (<ebreak/trace_ring.h>) with the fetch args' values. Events are
 * defined, removed and listed from one hart at a time, not in trap
 * context (a shell, tests).
 */
#ifndef EBREAK_KPROBE_EVENTS_H
#define EBREAK_KPROBE_EVENTS_H
#include <ebreak/config.h>	/* EB_KPROBE_EVENT_ARGS_MAX */
#include <stdbool.h>
#include <stddef.h>
#include <ebreak/trace_event.h>

/* Define or remove an event from one line. Returns 0, or -errno with
 * the reason in msg, framed as Linux's error_log frames it (lines apart:
 * `trace_kprobe: error: TEXT`, `  Command: LINE` with the words one
 * blank apart, a caret under the bad part; then ebreak's explanation,
 * if any) and kept in the error log: -EINVAL syntax, -EEXIST name taken,
 * -ENOENT no such symbol or event, -EADDRNOTAVAIL a symbol several
 * functions share, -E2BIG too many args, or register_kprobe's error.
 * A refused line changes nothing. msg should hold twice the line and 300
 * chars more (a shorter one cuts the frame). */
int eb_kprobe_events_write(const char *line, char *msg, size_t size);

/* emit(line, arg) for each line of the last EB_KPROBE_ERROR_LOG
 * refusals of eb_kprobe_events_write, oldest first, as Linux's
 * tracing/error_log shows them: the first line of each stamped
 * `[SECONDS.MICROS] ` (eb_port_time_ns). Not in trap context. */
void eb_kprobe_events_error_log(void (*emit)(const char *line, void *arg),
				void *arg);

/* Empty the error log (Linux's `echo > error_log`). */
void eb_kprobe_events_error_log_clear(void);

/* The functions below take an event's name as NAME or as Linux's path
 * names it, GRP/NAME. */

/* Hits (returns) of the event called name, or -1 if there is none. */
long eb_kprobe_events_hits(const char *name);

/* Enable (on) or disable the event called name without removing it, as
 * Linux's events/kprobes/NAME/enable: a disabled event records nothing
 * and counts no hits but, as Linux's, the returns of the calls an r
 * event entered before it was disabled. Returns 0 or -ENOENT. Not in
 * trap context. */
int eb_kprobe_events_enable(const char *name, bool on);

/* The filter and trigger of the event called name (Linux's
 * events/kprobes/NAME/filter and trigger, <ebreak/trace_event.h>), or
 * NULL if there is none. Its filter reads the fetch args by name and the
 * common fields; a hit that does not pass records nothing but still
 * counts as a hit. Valid until the event is removed. */
struct eb_trace_event *eb_kprobe_events_control(const char *name);

/* emit(line, arg) for each event, in the order they were made, as
 * Linux's kprobe_events file lists them: `p:GRP/NAME SYMBOL[+OFFS] ARGS`
 * (r: for a return event, rN: with MAXACTIVE N). Nothing when there is
 * none. Not in trap context. */
void eb_kprobe_events_list(void (*emit)(const char *line, void *arg),
			   void *arg);

/* emit(line, arg) for each event, as Linux's kprobe_profile file: the
 * event's name, its hits (returns) and its misses. Not in trap context. */
void eb_kprobe_events_profile(void (*emit)(const char *line, void *arg),
			      void *arg);

#endif
