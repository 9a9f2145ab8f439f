/*
 * Event filters in Linux's syntax (Documentation/trace/events.rst,
 * "Event filtering"): comparisons of an event's fields joined by `&&`
 * and `||`, negated by `!`, grouped by parentheses:
 *
 *	nr == 64 && (common_pid != 1 || comm ~ "sh*")
 *
 * A numeric field compares with ==, !=, <, <=, >, >= and & (true when
 * the bitwise and is not zero) against a number (decimal, 0x hex, 0
 * octal, - for a signed field); a string field with ==, != and ~ (a glob:
 * <ebreak/glob.h>) against text quoted with " or ' (as in Linux, a bare
word is refused: "Invalid value (did you forget quotes)?"). An array
 * field a number cannot hold takes no comparison: its value is parsed as
 * a number's, then refused ("Illegal operation for field type"), as
 * Linux refuses an array that is not 1, 2, 4 or 8 bytes.
 *
 * Parsed once (when set, where a bad filter is refused with Linux's
 * message and a caret under the place), matched on every event: a match
 * reads only the values given, takes no lock and allocates nothing.
 */
#ifndef EBREAK_EVENT_FILTER_H
#define EBREAK_EVENT_FILTER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Comparisons in one filter, at most (Linux allows more). */
#define EB_FILTER_PREDS_MAX 32
/* Bytes of a string operand, NUL included, at most. */
#define EB_FILTER_STR_MAX 64

enum eb_field_type {
	EB_FIELD_UNSIGNED,
	EB_FIELD_SIGNED,
	EB_FIELD_STRING,
	EB_FIELD_ARRAY,		/* parsed as a number's, then refused */
};

/* A field an event offers to filters: its name and type. */
struct eb_event_field {
	const char *name;
	enum eb_field_type type;
};

/* A field's value for one event: u for unsigned, s for signed, str (NUL-
 * terminated) for a string field. */
union eb_field_value {
	uint64_t u;
	int64_t s;
	const char *str;
};

struct eb_filter;

/*
 * Parse expr against the event's fields[0..nfields) (a pointer kept by
 * the filter: it must outlive it). Returns 0 and *filter, or -EINVAL
 * with Linux's report in err: the expression, a line with `^` under the
 * place, and `parse_error: MESSAGE` (e.g. "Field not found"); or
 * -ENOMEM. Not in trap context.
 */
int eb_filter_parse(const char *expr, const struct eb_event_field *fields,
		    size_t nfields, struct eb_filter **filter, char *err,
		    size_t errsize);

/* Whether an event with values[i] for fields[i] passes f. Any context,
 * trap context included. */
bool eb_filter_match(const struct eb_filter *f,
		     const union eb_field_value *values);

/* Bit i set: f reads fields[i] (for i < 64; an event with more fields
 * than that must provide every value). */
uint64_t eb_filter_fields_used(const struct eb_filter *f);

/* The expression f was parsed from. */
const char *eb_filter_text(const struct eb_filter *f);

/* Free f (NULL: nothing). Not in trap context; no match may be running
 * on it (swap it out and wait for a grace period first). */
void eb_filter_free(struct eb_filter *f);

#endif
