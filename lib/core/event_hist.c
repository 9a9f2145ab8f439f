/*
 * Hist triggers (<ebreak/event_hist.h>): the parser of Linux's trigger
 * text and the table's lock-free hit path.
 */
#include "bitops.h"
#include "event_hist_internal.h"
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/kprobes.h>	/* eb_grace_period */
#include <ebreak/libc.h>
#include <ebreak/port.h>

#define SIZE_DEFAULT 2048	/* Linux's TRACING_MAP_BITS_DEFAULT, 11 */
#define SIZE_MIN 128		/* its TRACING_MAP_BITS_MIN, 7 */
#define SIZE_MAX_ 131072	/* its TRACING_MAP_BITS_MAX, 17 */

/* Where parsing is: the whole text (for the caret), the report. */
struct parse {
	const char *text;
	const struct eb_event_field *fields;
	size_t nfields;
	char *msg;
	size_t size;
};

/* Linux's hist error report: what, the command, a caret under at. */
static int
hist_err(struct parse *p, const char *at, const char *what)
{
	eb_snprintf(p->msg, p->size, "hist: error: %s\n  Command: %s\n%*s^",
		    what, p->text, (int)(11 + (at - p->text)), "");
	return -EINVAL;
}

/* The field called name[0..len), or -1 (common_cpu is cpu, as Linux's
 * hist names the common cpu). */
static int
find_field(const struct parse *p, const char *name, size_t len)
{
	if (len == 10 && strncmp(name, "common_cpu", 10) == 0)
		name = "cpu", len = 3;
	for (size_t i = 0; i < p->nfields; i++)
		if (strlen(p->fields[i].name) == len &&
		    strncmp(p->fields[i].name, name, len) == 0)
			return (int)i;
	return -1;
}

/* The decimal number s[0..len) (all of it, above 0), or 0. */
static unsigned long
number(const char *s, size_t len)
{
	unsigned long n = 0;

	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9' || n > 100000000)
			return 0;
		n = n * 10 + (unsigned long)(s[i] - '0');
	}
	return n;
}

/* A modifier's flag, from mod[0..len): 0 if none is called that. */
static unsigned
modifier(const char *mod, size_t len, unsigned long *buckets)
{
	static const struct { const char *name; unsigned flag; } mods[] = {
		{ "hex", HF_HEX }, { "sym", HF_SYM },
		{ "sym-offset", HF_SYM_OFFSET }, { "execname", HF_EXECNAME },
		{ "log2", HF_LOG2 },
	};

	for (size_t i = 0; i < sizeof mods / sizeof mods[0]; i++)
		if (strlen(mods[i].name) == len &&
		    strncmp(mods[i].name, mod, len) == 0)
			return mods[i].flag;
	for (const char *b = "buckets="; b; b = b[6] == 's' ? "bucket=" : NULL) {
		size_t n = strlen(b);
		if (len > n && strncmp(mod, b, n) == 0 &&
		    (*buckets = number(mod + n, len - n)))
			return HF_BUCKETS;
	}
	return 0;
}

/* One key or value, s[0..len) ("name[.modifier]"), into f. */
static int
parse_field(struct parse *p, const char *s, size_t len, bool key,
	    struct hist_field *f)
{
	size_t n = 0;

	while (n < len && s[n] != '.')
		n++;
	int i = find_field(p, s, n);
	if (i < 0)
		return hist_err(p, s, "Couldn't find field");
	*f = (struct hist_field){ .idx = (unsigned)i };
	enum eb_field_type type = p->fields[i].type;
	if (n < len) {
		f->flags = modifier(s + n + 1, len - n - 1, &f->buckets);
		if (!f->flags || (!key && f->flags != HF_HEX) ||
		    type == EB_FIELD_STRING ||
		    (f->flags == HF_EXECNAME &&
		     strcmp(p->fields[i].name, "common_pid") != 0))
			return hist_err(p, s + n + 1, "Invalid field modifier");
	}
	if (type == EB_FIELD_ARRAY || (type == EB_FIELD_STRING && !key))
		return hist_err(p, s, type == EB_FIELD_ARRAY ?
				"An array field is neither key nor value here" :
				"String type can not be an operand in expression");
	f->string = type == EB_FIELD_STRING;
	f->is_signed = type == EB_FIELD_SIGNED;
	return 0;
}

/* The comma-separated fields of s[0..len): keys or values. */
static int
parse_fields(struct parse *p, const char *s, size_t len, bool key,
	     struct hist_field *f, unsigned *nf, unsigned max)
{
	const char *end = s + len;

	while (s < end) {
		const char *c = s;
		while (c < end && *c != ',')
			c++;
		if (!key && c - s == 8 && strncmp(s, "hitcount", 8) == 0) {
			s = c + (c < end);	/* hitcount is always there */
			continue;
		}
		if (*nf == max)
			return hist_err(p, s, key ? "Too many keys (at most 3)"
					: "Too many vals (at most 3)");
		int err = parse_field(p, s, (size_t)(c - s), key, &f[*nf]);
		if (err)
			return err;
		(*nf)++;
		s = c + (c < end);
	}
	return 0;
}

/* Whether field f is called s[0..len). */
static bool
named(const struct parse *p, const struct hist_field *f, const char *s,
      size_t len)
{
	int i = find_field(p, s, len);

	return i >= 0 && (unsigned)i == f->idx;
}

/* sort=: at most two fields, each hitcount, a value or a key. */
static int
parse_sort(struct parse *p, struct eb_hist *h, const char *s, size_t len)
{
	const char *end = s + len;

	for (;;) {
		const char *c = s, *dot;
		while (c < end && *c != ',')
			c++;
		if (c == s)
			return hist_err(p, s, "Empty sort field");
		if (h->nsort == 2)
			return hist_err(p, s, "Too many sort fields (Max = 2)");
		struct hist_sort *k = &h->sort[h->nsort++];
		for (dot = s; dot < c && *dot != '.'; dot++)
			;
		if (dot < c) {
			size_t m = (size_t)(c - dot - 1);
			k->descending = m == 10 && !strncmp(dot + 1, "descending", m);
			if (!k->descending && (m != 9 || strncmp(dot + 1, "ascending", m)))
				return hist_err(p, dot + 1, "Invalid sort modifier");
		}
		size_t n = (size_t)(dot - s);
		k->what = SORT_HITCOUNT;
		for (k->i = 0; k->i < h->nvals && !named(p, &h->vals[k->i], s, n);)
			k->i++;
		if (k->i < h->nvals)
			k->what = SORT_VAL;
		else
			for (k->i = 0; k->i < h->nkeys; k->i++)
				if (named(p, &h->keys[k->i], s, n)) {
					k->what = SORT_KEY;
					break;
				}
		if (k->what == SORT_HITCOUNT && (n != 8 || strncmp(s, "hitcount", 8)))
			return hist_err(p, s, "Sort field must be a key or a val");
		if (c == end)
			return 0;
		s = c + 1;
	}
}

static bool
is(const char *s, size_t len, const char *word)
{
	return strlen(word) == len && strncmp(s, word, len) == 0;
}

/* One attribute, s[0..len): NAME=VALUE or a flag. */
static int
parse_attr(struct parse *p, struct eb_hist *h, const char *s, size_t len,
	   enum eb_hist_op *op, const char **sort, size_t *sort_len)
{
	size_t n = 0;

	while (n < len && s[n] != '=')
		n++;
	const char *v = s + n + 1;
	size_t vlen = n < len ? len - n - 1 : 0;
	if (is(s, n, "keys") || is(s, n, "key"))
		return parse_fields(p, v, vlen, true, h->keys, &h->nkeys,
				    EB_HIST_KEYS_MAX);
	if (is(s, n, "vals") || is(s, n, "val") || is(s, n, "values"))
		return parse_fields(p, v, vlen, false, h->vals, &h->nvals,
				    EB_HIST_VALS_MAX);
	if (is(s, n, "sort")) {
		*sort = v, *sort_len = vlen;
		return 0;
	}
	if (is(s, n, "size")) {
		/* Rounded up to a power of two, then checked (Linux's). */
		unsigned long want = number(v, vlen), size = 1;
		while (size < want && size <= SIZE_MAX_)
			size <<= 1;
		if (!want || size < SIZE_MIN || size > SIZE_MAX_)
			return hist_err(p, v, "size must be 128 to 131072 "
					"(rounded up to a power of two)");
		h->size = (unsigned)size;
		return 0;
	}
	if (n == len && (is(s, n, "pause") || is(s, n, "cont") ||
			 is(s, n, "continue") || is(s, n, "clear"))) {
		*op = s[0] == 'p' ? EB_HIST_PAUSE : s[1] == 'o' ? EB_HIST_CONT
			: EB_HIST_CLEAR;
		return 0;
	}
	return hist_err(p, s, n < len ? "Not built here: name=, clock=, "
			"variables (see docs/ftrace.md)" : "Unknown attribute");
}

/* The " if " that starts the filter of text, or NULL (Linux's: "if"
 * between blanks). */
static const char *
filter_start(const char *text)
{
	for (const char *s = text + 1; *s; s++)
		if ((s[-1] == ' ' || s[-1] == '\t') && s[0] == 'i' &&
		    s[1] == 'f' && (s[2] == ' ' || s[2] == '\t'))
			return s;
	return NULL;
}

/* Keys' offsets, the entry's size, the fields read. */
static void
lay_out(struct eb_hist *h, const struct parse *p)
{
	unsigned off = 0;

	for (unsigned i = 0; i < h->nkeys; i++) {
		struct hist_field *k = &h->keys[i];
		k->offset = off;
		off += k->string ? EB_HIST_STR_MAX : 8;
		h->used |= 1ull << (k->idx & 63);
		if (k->flags & HF_EXECNAME) {
			int c = find_field(p, "comm", 4);
			h->execname = c >= 0;
			h->comm_idx = (unsigned)c;
			h->used |= 1ull << (c & 63);
		}
	}
	for (unsigned i = 0; i < h->nvals; i++)
		h->used |= 1ull << (h->vals[i].idx & 63);
	if (h->filter)
		h->used |= eb_filter_fields_used(h->filter);
	h->key_size = off;
	h->entry_size = off + 8 * (1 + h->nvals) +
			(h->execname ? HIST_COMM_LEN : 0);
}

/* Parse the attributes, then the filter, into h. */
static int
parse(struct parse *p, struct eb_hist *h, enum eb_hist_op *op)
{
	const char *text = p->text, *f = filter_start(text);
	const char *end = f ? f - 1 : text + strlen(text), *s = text + 5;
	const char *sort = NULL;
	size_t sort_len = 0;

	if (strncmp(text, "hist:", 5) != 0 || s >= end)
		return hist_err(p, text, "Expecting hist:keys=...");
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	while (s < end) {
		const char *c = s;
		while (c < end && *c != ':')
			c++;
		int err = parse_attr(p, h, s, (size_t)(c - s), op, &sort,
				     &sort_len);
		if (err)
			return err;
		s = c + (c < end);
	}
	if (!h->nkeys)
		return hist_err(p, text, "Missing keys=");
	int err = sort ? parse_sort(p, h, sort, sort_len) : 0;
	if (!err && f)
		err = eb_filter_parse(f + 3, p->fields, p->nfields, &h->filter,
				      p->msg, p->size);
	return err;
}

/* -ENOMEM, said in the report; h (or NULL) freed. */
static int
out_of_memory(struct parse *p, struct eb_hist *h)
{
	eb_snprintf(p->msg, p->size, "hist: error: out of memory for the table");
	eb_hist_free(h);
	return -ENOMEM;
}

int
eb_hist_create(const char *text, const struct eb_event_field *fields,
	       size_t nfields, struct eb_hist **hist, enum eb_hist_op *op,
	       char *msg, size_t size)
{
	struct parse p = { text, fields, nfields, msg, size };
	struct eb_hist *h = eb_port_alloc(sizeof *h);

	if (!h)
		return out_of_memory(&p, NULL);
	*h = (struct eb_hist){ .fields = fields, .size = SIZE_DEFAULT };
	*op = EB_HIST_NEW;
	int err = parse(&p, h, op);
	if (err) {
		eb_hist_free(h);
		return err;
	}
	if (!h->nsort)
		h->sort[h->nsort++] = (struct hist_sort){ SORT_HITCOUNT, 0, false };
	lay_out(h, &p);
	h->paused = *op == EB_HIST_PAUSE;
	h->slots = eb_port_alloc(2 * (size_t)h->size * sizeof *h->slots);
	h->entries = eb_port_alloc((size_t)h->size * h->entry_size);
	if (!h->slots || !h->entries)
		return out_of_memory(&p, h);
	memset(h->slots, 0, 2 * (size_t)h->size * sizeof *h->slots);
	memset(h->entries, 0, (size_t)h->size * h->entry_size);
	*hist = h;
	return 0;
}

/* Whether a[0..n) and b[0..n) name the same fields, modifiers alike. */
static bool
same_fields(const struct hist_field *a, const struct hist_field *b,
	    unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (a[i].idx != b[i].idx || a[i].flags != b[i].flags ||
		    a[i].buckets != b[i].buckets)
			return false;
	return true;
}

bool
eb_hist_same(const struct eb_hist *a, const struct eb_hist *b)
{
	if (a->nkeys != b->nkeys || a->nvals != b->nvals ||
	    a->nsort != b->nsort || !same_fields(a->keys, b->keys, a->nkeys) ||
	    !same_fields(a->vals, b->vals, a->nvals) || !a->filter != !b->filter ||
	    (a->filter && strcmp(eb_filter_text(a->filter),
				 eb_filter_text(b->filter)) != 0))
		return false;
	for (unsigned i = 0; i < a->nsort; i++)
		if (a->sort[i].what != b->sort[i].what ||
		    a->sort[i].i != b->sort[i].i ||
		    a->sort[i].descending != b->sort[i].descending)
			return false;
	return true;
}

uint64_t
eb_hist_fields_used(const struct eb_hist *h)
{
	return h->used;
}

/* Linux's ilog2(roundup_pow_of_two(v)); 0 for 0. */
static uint64_t
log2_up(uint64_t v)
{
	return v <= 1 ? 0 : (uint64_t)fls64(v - 1);
}

/* The hit's key into key (zeroed, h->key_size bytes). */
static void
make_key(const struct eb_hist *h, const union eb_field_value *v,
	 unsigned char *key)
{
	for (unsigned i = 0; i < h->nkeys; i++) {
		const struct hist_field *k = &h->keys[i];
		unsigned char *at = key + k->offset;
		if (k->string) {
			const char *s = v[k->idx].str;
			for (unsigned n = 0; n < EB_HIST_STR_MAX - 1 && s[n]; n++)
				at[n] = (unsigned char)s[n];
			continue;
		}
		uint64_t x = v[k->idx].u;
		if (k->flags & HF_LOG2)
			x = log2_up(x);
		else if (k->flags & HF_BUCKETS)
			x = x / k->buckets * k->buckets;
		*(uint64_t *)at = x;
	}
}

/* FNV-1a over the key's words, never 0. */
static uint32_t
hash_of(const uint64_t *key, unsigned words)
{
	uint64_t x = 0xcbf29ce484222325ull;

	for (unsigned i = 0; i < words; i++)
		x = (x ^ key[i]) * 0x100000001b3ull;
	return (uint32_t)(x ^ (x >> 32)) | 1;
}

/* Whether the keys a and b (words 8-byte words) are equal: by words,
 * where memcmp goes by bytes. */
static bool
same_key(const uint64_t *a, const uint64_t *b, unsigned words)
{
	for (unsigned i = 0; i < words; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

/*
 * The entry of key: found, or claimed (one atomic add on next) and
 * published in an empty slot (one compare-and-swap); NULL when the key
 * is new and every entry is taken. An entry claimed by a hit that then
 * finds its key published by another hart's at the same moment is left
 * unused.
 */
static unsigned char *
insert(struct eb_hist *h, const uint64_t *key, uint32_t hash,
       const union eb_field_value *v)
{
	uint32_t mask = 2 * h->size - 1, mine = UINT32_MAX;

	for (uint32_t n = 0, i = hash & mask; n <= mask; n++, i = (i + 1) & mask) {
		uint64_t s = __atomic_load_n(&h->slots[i], __ATOMIC_ACQUIRE);
		while (!s) {
			if (mine == UINT32_MAX) {
				if (__atomic_load_n(&h->next, __ATOMIC_RELAXED) >= h->size ||
				    (mine = __atomic_fetch_add(&h->next, 1,
						__ATOMIC_RELAXED)) >= h->size)
					return NULL;
				unsigned char *e = hist_entry(h, mine);
				memcpy(e, key, h->key_size);
				if (h->execname)
					memcpy(e + h->entry_size - HIST_COMM_LEN,
					       v[h->comm_idx].str, HIST_COMM_LEN);
			}
			/* Release: the key is written before the slot shows it. */
			uint64_t want = (uint64_t)hash << 32 | (mine + 1);
			if (__atomic_compare_exchange_n(&h->slots[i], &s, want,
					false, __ATOMIC_RELEASE, __ATOMIC_ACQUIRE))
				return hist_entry(h, mine);
		}
		if ((uint32_t)(s >> 32) != hash)
			continue;
		unsigned char *e = hist_entry(h, (uint32_t)s - 1);
		if (same_key((const uint64_t *)e, key, h->key_size / 8))
			return e;
	}
	return NULL;
}

void
eb_hist_hit(struct eb_hist *h, const union eb_field_value *v)
{
	uint64_t key[(EB_HIST_KEYS_MAX * EB_HIST_STR_MAX) / 8];

	if (__atomic_load_n(&h->paused, __ATOMIC_RELAXED) ||
	    (h->filter && !eb_filter_match(h->filter, v)))
		return;
	__atomic_fetch_add(&h->hits, 1, __ATOMIC_RELAXED);
	for (unsigned i = 0; i < h->key_size / 8; i++)
		key[i] = 0;	/* by words, where memset goes by bytes */
	make_key(h, v, (unsigned char *)key);
	unsigned char *e = insert(h, key, hash_of(key, h->key_size / 8), v);
	if (!e) {
		__atomic_fetch_add(&h->drops, 1, __ATOMIC_RELAXED);
		return;
	}
	uint64_t *c = hist_counts(h, e);
	__atomic_fetch_add(&c[0], 1, __ATOMIC_RELAXED);
	for (unsigned i = 0; i < h->nvals; i++)
		__atomic_fetch_add(&c[1 + i], v[h->vals[i].idx].u,
				   __ATOMIC_RELAXED);
}

void
eb_hist_pause(struct eb_hist *h, bool paused)
{
	__atomic_store_n(&h->paused, paused, __ATOMIC_RELAXED);
}

void
eb_hist_clear(struct eb_hist *h)
{
	bool paused = h->paused;

	eb_hist_pause(h, true);
	/* Hits that saw it unpaused may still be writing the table. */
	eb_grace_period();
	memset(h->slots, 0, 2 * (size_t)h->size * sizeof *h->slots);
	memset(h->entries, 0, (size_t)h->size * h->entry_size);
	h->hits = h->drops = 0;
	h->next = 0;
	/* Release: hits see the emptied table before they count again. */
	__atomic_store_n(&h->paused, paused, __ATOMIC_RELEASE);
}

void
eb_hist_free(struct eb_hist *h)
{
	if (!h)
		return;
	eb_filter_free(h->filter);
	eb_port_free(h->slots);
	eb_port_free(h->entries);
	eb_port_free(h);
}
