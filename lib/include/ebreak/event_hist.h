/*
 * Hist triggers (Linux's Documentation/trace/histogram.rst): an event's
 * hits summed in a table keyed by up to EB_HIST_KEYS_MAX of its fields,
 * from a trigger written in Linux's syntax:
 *
 *	hist:keys=common_pid.execname,nr:vals=a0:sort=a0.descending:size=256 if nr < 64
 *
 * Keys and values are the event's fields (<ebreak/event_filter.h>: its
 * own, then the common ones; `common_cpu` names cpu); a key takes one
 * of the modifiers .hex, .sym, .sym-offset, .execname (common_pid
 * only), .log2 and .buckets=N, a value .hex. Each entry counts its hits
 * (hitcount) and sums its values. Attributes: sort= (at most two
 * fields, .ascending by default or .descending), size= (entries, 128 to
 * 131072, rounded up to a power of two; 2048 by default), and :pause,
 * :cont, :clear. An `if FILTER` restricts the hits it counts.
 *
 * The table is made when the trigger is: size entries and twice as
 * many slots. A hit takes no lock and allocates nothing: it claims an
 * entry with one atomic add and publishes it in a slot with one
 * compare-and-swap; a hit that finds every entry taken is counted as
 * dropped.
 */
#ifndef EBREAK_EVENT_HIST_H
#define EBREAK_EVENT_HIST_H
#include <ebreak/event_filter.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EB_HIST_KEYS_MAX 3
#define EB_HIST_VALS_MAX 3
/* Bytes a string key keeps, NUL included. */
#define EB_HIST_STR_MAX 32

struct eb_hist;

/* What a hist trigger's text asks beyond its table. */
enum eb_hist_op {
	EB_HIST_NEW,		/* a new table */
	EB_HIST_PAUSE,		/* :pause, of an existing one or a new one */
	EB_HIST_CONT,		/* :cont of an existing one */
	EB_HIST_CLEAR,		/* :clear of an existing one */
};

/*
 * Parse text, a trigger "hist:..." (without a leading '!'), against the
 * event's fields[0..nfields) (kept: they must outlive the table), and
 * make its table. Returns 0 with *hist and *op, or -EINVAL with Linux's
 * report in msg ("hist: error: Couldn't find field", the command and a
 * caret under the place), or -ENOMEM (said in msg too). Not in trap
 * context.
 */
int eb_hist_create(const char *text, const struct eb_event_field *fields,
		   size_t nfields, struct eb_hist **hist, enum eb_hist_op *op,
		   char *msg, size_t size);

/* Whether a and b have the same keys, values, sort and filter (Linux's
 * hist_trigger_match: what :pause, :cont, :clear and ! look for). */
bool eb_hist_same(const struct eb_hist *a, const struct eb_hist *b);

/* Count one hit whose fields' values are values[] (only those
 * eb_hist_fields_used names need be there). Trap context, every hart at
 * once. */
void eb_hist_hit(struct eb_hist *h, const union eb_field_value *values);

/* Bit i set: the table (keys, values, filter) reads field i. */
uint64_t eb_hist_fields_used(const struct eb_hist *h);

/* Pause (true) or continue counting. Any context. */
void eb_hist_pause(struct eb_hist *h, bool paused);

/* Empty the table (entries, hits, drops). Not in trap context: it waits
 * for the hits running to end. */
void eb_hist_clear(struct eb_hist *h);

/* h's line in Linux's trigger file: "hist:keys=...:vals=hitcount:
 * sort=hitcount:size=2048 [active]", into buf. */
void eb_hist_info(const struct eb_hist *h, char *buf, size_t size);

/* Emit h as Linux's hist file prints it: the "# event histogram"
 * header, one line per entry sorted, the totals. Returns 0 or -ENOMEM
 * (the sort's array). Not in trap context. */
int eb_hist_show(const struct eb_hist *h,
		 void (*emit)(const char *line, void *arg), void *arg);

/* Free h (NULL: nothing); no hit may be running on it. */
void eb_hist_free(struct eb_hist *h);

#endif
