/* The table of a hist trigger, shared by its parser and hit path
 * (event_hist.c) and its printing (event_hist_show.c). */
#ifndef EB_EVENT_HIST_INTERNAL_H
#define EB_EVENT_HIST_INTERNAL_H
#include <ebreak/event_hist.h>

/* A key's or value's modifiers, as Linux's HIST_FIELD_FL_*. */
enum {
	HF_HEX = 1 << 0,
	HF_SYM = 1 << 1,
	HF_SYM_OFFSET = 1 << 2,
	HF_EXECNAME = 1 << 3,
	HF_LOG2 = 1 << 4,
	HF_BUCKETS = 1 << 5,
};

struct hist_field {
	unsigned idx;		/* into the event's fields */
	unsigned flags;		/* HF_* */
	unsigned long buckets;	/* .buckets=N */
	unsigned offset;	/* a key's, in bytes into the entry's key */
	bool string;		/* a string key: EB_HIST_STR_MAX bytes */
	bool is_signed;		/* sorts as a signed number */
};

/* A sort key: hitcount, a value or a key. */
struct hist_sort {
	enum { SORT_HITCOUNT, SORT_VAL, SORT_KEY } what;
	unsigned i;		/* the value's or key's index */
	bool descending;
};

/*
 * An entry is its key (key_size bytes), its hitcount, its values' sums
 * (a u64 each), then, with an .execname key, the comm of the hit that
 * made it (16 bytes). A slot is 0, or (hash << 32) | (entry + 1): an
 * entry's key is written before its slot publishes it.
 */
struct eb_hist {
	const struct eb_event_field *fields;
	struct hist_field keys[EB_HIST_KEYS_MAX], vals[EB_HIST_VALS_MAX];
	unsigned nkeys, nvals;
	struct hist_sort sort[2];
	unsigned nsort;
	unsigned size;		/* entries: a power of two */
	unsigned key_size;	/* bytes, a multiple of 8 */
	unsigned entry_size;	/* bytes, a multiple of 8 */
	bool execname;		/* entries keep the comm */
	unsigned comm_idx;	/* the comm field, for execname */
	uint64_t used;		/* fields read */
	struct eb_filter *filter;	/* if FILTER, or NULL */
	bool paused;
	uint64_t hits, drops;
	uint32_t next;		/* entries claimed */
	uint64_t *slots;	/* 2 * size */
	unsigned char *entries;
};

#define HIST_COMM_LEN 16

static inline unsigned char *
hist_entry(const struct eb_hist *h, uint32_t e)
{
	return h->entries + (size_t)e * h->entry_size;
}

/* An entry's hitcount, then its sums. */
static inline uint64_t *
hist_counts(const struct eb_hist *h, unsigned char *entry)
{
	return (uint64_t *)(entry + h->key_size);
}

/* The first word of an entry's key i. */
static inline uint64_t
hist_key_num(const struct eb_hist *h, const unsigned char *entry, unsigned i)
{
	return *(const uint64_t *)(entry + h->keys[i].offset);
}

#endif
