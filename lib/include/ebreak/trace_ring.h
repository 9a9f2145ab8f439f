/*
 * The trace ring: what probe handlers (and later eBPF's bpf_trace_printk)
 * print, like Linux's ftrace buffer. One ring per hart, written only by
 * its hart, so writers take no lock; a reader on any hart reads them all
 * while they are written and merges them by timestamp. A full ring
 * overwrites its oldest record (Linux's default) and the loss is counted.
 *
 * A record is one line of text, its hart, its time (eb_port_time_ns) and
 * the task it was written in (eb_port_current: pid and name), printed as
 * ftrace prints its common fields: `COMM-PID [HART] SECONDS: TEXT`.
 */
#ifndef EBREAK_TRACE_RING_H
#define EBREAK_TRACE_RING_H
#include <ebreak/config.h>	/* EB_TRACE_RING_RECORDS per hart */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Bytes of a record (its text is 8-byte aligned); its text is at most
 * EB_TRACE_TEXT_MAX - 1 chars (longer lines are cut); a task's name at
 * most EB_TRACE_COMM_LEN - 1 (Linux's TASK_COMM_LEN). */
#define EB_TRACE_RECORD_SIZE 256
#define EB_TRACE_COMM_LEN 16
#define EB_TRACE_TEXT_MAX (EB_TRACE_RECORD_SIZE - 24 - EB_TRACE_COMM_LEN)

/* Append text (one line, no newline) to this hart's ring. Any context,
 * trap context included: no lock, no allocation. A write that interrupts
 * another on the same hart (a probe on code the first one runs) is
 * dropped and counted. */
void eb_trace_write(const char *text);

/*
 * eb_trace_write in two steps, for writers that format in place (probe
 * handlers): reserve returns this hart's next record's text, to fill
 * with a NUL-terminated line of at most EB_TRACE_TEXT_MAX - 1 chars, or
 * NULL if the write is dropped (as eb_trace_write's nested writes).
 * Interrupts stay off until eb_trace_commit(*flags), which must follow
 * a non-NULL reserve, on the same hart, before anything else writes.
 */
char *eb_trace_reserve(unsigned long *flags);
void eb_trace_commit(unsigned long flags);

/*
 * A record of binary data, formatted only when read: cheaper at the hit
 * than text (the function tracers' records). Its type formats it.
 */
struct eb_trace_raw_type {
	/* Write data's line into line (size bytes). next is the data of
	 * the same hart's next record if that is of this type too, else
	 * NULL; returns 2 if the line stands for next too (which is then
	 * not printed on its own), else 1. hart is the record's. */
	unsigned (*format)(const void *data, const void *next, unsigned hart,
			   char *line, size_t size);
	/* Printed as it is, without the task, hart and time before it. */
	bool bare;
};

/*
 * A tracer's view of the ring (Linux's struct tracer: its name,
 * print_header and print_line): the function and function_graph
 * tracers have one.
 */
struct eb_trace_tracer {
	const char *name;		/* the `# tracer:` line's */
	/* Its column header's two lines, or NULL for the ring's own
	 * (`# TASK-PID CPU# TIMESTAMP FUNCTION`). */
	const char *const *header;
	/* A read begins (eb_trace_read, eb_trace_consume_begin; NULL:
	 * nothing to do): forget what the reads before printed. */
	void (*open)(void);
	/* NULL, or a text record of hart (a kprobe event's, a
	 * tracepoint's, eb_trace_write's) in the tracer's own layout,
	 * into line (size bytes); such records then print without the
	 * task, hart and time before them. */
	void (*comment)(unsigned hart, const char *text, char *line,
			size_t size);
};

/*
 * The tracer on now (NULL: none, Linux's nop), named by every read's
 * `# tracer:` line. Its layout (header, comments) is the reads' while it
 * is on, and after it goes off until the ring is cleared: the records it
 * left print as it printed them. Not in trap context.
 */
void eb_trace_set_tracer(const struct eb_trace_tracer *tracer);

/* Bytes of data a raw record holds (8-byte aligned, its type's pointer
 * before it, the text's last byte after it). */
#define EB_TRACE_RAW_MAX (EB_TRACE_TEXT_MAX - 16)

/* eb_trace_reserve for a record of type: the data to fill, up to
 * EB_TRACE_RAW_MAX bytes, then eb_trace_commit; NULL when dropped. */
void *eb_trace_reserve_raw(const struct eb_trace_raw_type *type,
			   unsigned long *flags);

/* Frames one stack record holds at most. */
#define EB_TRACE_STACK_MAX (EB_TRACE_TEXT_MAX / 8)

/* Write a stack record: the return addresses pcs[0..n) (pcs[0] where
 * the event happened; n is cut to EB_TRACE_STACK_MAX), printed as
 * Linux's stacktrace trigger prints it: `COMM-PID [HART] TIME: <stack
 * trace>`, then ` => FUNC+0xOFF/0xSIZE` a line. Any context, as
 * eb_trace_write. */
void eb_trace_stack(const unsigned long *pcs, unsigned n);

/* The library abandoned a faulting probe handler on this hart, whose
 * frames lie below the address frame: a write it had reserved is given
 * up (never committed; readers skip it). Trap context. */
void eb_trace_abandoned(uintptr_t frame);

/* eb_trace_write of a line formatted by eb_snprintf. Any context. */
void eb_trace_printf(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/*
 * Call emit(line, arg) for every record of every hart, oldest first by
 * timestamp, each as `%16s-%-7d [HART] SECONDS.MICROS: TEXT` (COMM-PID
 * first) or in the tracer's layout (eb_trace_set_tracer), after header
 * lines starting with '#' (`# tracer: NAME`; records in the rings and
 * written since the last clear; per hart, records overwritten and
 * dropped; the columns' names). Records written after the read
 * began are left for the next one; those of the header's that writers
 * overwrote before they were printed are counted in a last '#' line
 * ("# printed P of the N entries: L overwritten while being read"). Not in trap context; one reader at a
 * time (writers may run on every hart meanwhile).
 */
void eb_trace_read(void (*emit)(const char *line, void *arg), void *arg);

/* eb_trace_read of the rings of harts (a mask, bit h for hart h) only,
 * its header counting theirs (Linux's per_cpu/cpuN/trace). Same
 * context. */
void eb_trace_read_harts(unsigned long harts,
			 void (*emit)(const char *line, void *arg), void *arg);

/*
 * Linux's tracing_stop and tracing_start (its pause-on-trace while
 * `trace` is open): while paused, every write on every hart records
 * nothing, so a read the host pauses for does not print over the
 * records it is reading (its own printing's events, when they are
 * traced). Unlike Linux's, each such write is counted: a later read's
 * header says "# hart H: N unrecorded (written while a read paused
 * tracing)" (a tracer counts the call missed too). Not in trap context;
 * the host pairs each pause with an unpause.
 */
void eb_trace_pause(bool paused);

/*
 * Linux's tracing_on file (tracing_on() and tracing_off(), the traceon
 * and traceoff triggers): while off, every write on every hart records
 * nothing, and is counted (a read's header: "# hart H: N unrecorded
 * (written while tracing was off)"; Linux counts them nowhere). On at
 * start. Any context, trap context included.
 */
void eb_trace_on(bool on);
bool eb_trace_is_on(void);

/*
 * Linux's trace_pipe: emit the records written since the last consume
 * (or clear), oldest first across the harts as eb_trace_read prints
 * them (without its header; the tracer's layout carries on from the last
 * consume, or eb_trace_consume_begin), at most max of them, and consume
 * them: neither a consume nor eb_trace_read shows them again. Records overwritten before they
 * were read are counted in a first '#' line. Returns how many records it
 * emitted (0: none new). Not in trap context; one reader at a time.
 */
unsigned long eb_trace_consume(void (*emit)(const char *line, void *arg),
			       void *arg, unsigned long max);

/* eb_trace_consume of the rings of harts (a mask) only: the others'
 * records stay for a later consume (Linux's per_cpu/cpuN/trace_pipe).
 * Same context. */
unsigned long eb_trace_consume_harts(unsigned long harts,
				     void (*emit)(const char *line, void *arg),
				     void *arg, unsigned long max);

/* A reader of eb_trace_consume begins (Linux's trace_pipe opened): the
 * tracer's layout forgets what was printed before, as at each
 * eb_trace_read. Same context. */
void eb_trace_consume_begin(void);

/* Forget every record (and the loss counts). Not in trap context. */
void eb_trace_clear(void);

#endif
