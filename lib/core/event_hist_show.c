/*
 * A hist trigger's table as Linux's hist and trigger files print it
 * (<ebreak/event_hist.h>): its trigger line, its entries sorted, its
 * totals.
 */
#include "event_hist_internal.h"
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/libc.h>
#include <ebreak/port.h>

#define LINE_MAX_ 512

/* Append to line (LINE_MAX_ bytes) at *n. */
static void __attribute__((format(printf, 3, 4)))
put(char *line, size_t *n, const char *fmt, ...)
{
	va_list ap;

	if (*n >= LINE_MAX_)
		return;
	va_start(ap, fmt);
	*n += (size_t)eb_vsnprintf(line + *n, LINE_MAX_ - *n, fmt, ap);
	va_end(ap);
}

/* A field as the trigger line names it: name[.modifier][=N]. */
static void
put_field(const struct eb_hist *h, const struct hist_field *f, char *line,
	  size_t *n)
{
	static const char *const names[] = { "hex", "sym", "sym-offset",
		"execname", "log2", "buckets" };

	put(line, n, "%s", h->fields[f->idx].name);
	for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++)
		if (f->flags & 1u << i)
			put(line, n, ".%s", names[i]);
	if (f->flags & HF_BUCKETS)
		put(line, n, "=%lu", f->buckets);
}

/* The trigger line into line (LINE_MAX_ bytes), at *n. */
static void
info(const struct eb_hist *h, char *line, size_t *n)
{
	put(line, n, "hist:keys=");
	for (unsigned i = 0; i < h->nkeys; i++) {
		put(line, n, i ? "," : "");
		put_field(h, &h->keys[i], line, n);
	}
	put(line, n, ":vals=hitcount");
	for (unsigned i = 0; i < h->nvals; i++) {
		put(line, n, ",");
		put_field(h, &h->vals[i], line, n);
	}
	put(line, n, ":sort=");
	for (unsigned i = 0; i < h->nsort; i++) {
		const struct hist_sort *s = &h->sort[i];
		put(line, n, i ? "," : "");
		if (s->what == SORT_HITCOUNT)
			put(line, n, "hitcount");
		else
			put_field(h, s->what == SORT_VAL ? &h->vals[s->i]
				  : &h->keys[s->i], line, n);
		put(line, n, s->descending ? ".descending" : "");
	}
	put(line, n, ":size=%u", h->size);
	if (h->filter)
		put(line, n, " if %s", eb_filter_text(h->filter));
	put(line, n, h->paused ? " [paused]" : " [active]");
}

void
eb_hist_info(const struct eb_hist *h, char *buf, size_t size)
{
	char line[LINE_MAX_];
	size_t n = 0;

	info(h, line, &n);
	eb_snprintf(buf, size, "%s", line);
}

/* Linux's sprint_symbol (with_offset) or sprint_symbol_no_offset. */
static void
symbol(uint64_t addr, bool with_offset, char *buf, size_t size)
{
	uintptr_t start;
	size_t len;
	const char *name = eb_port_symbol_name((uintptr_t)addr, &start, &len);

	if (!name)
		eb_snprintf(buf, size, "0x%llx", (unsigned long long)addr);
	else if (with_offset)
		eb_snprintf(buf, size, "%s+0x%lx/0x%lx", name,
			    (unsigned long)(addr - start), (unsigned long)len);
	else
		eb_snprintf(buf, size, "%s", name);
}

/* Key i of entry e, as Linux's hist_trigger_print_key prints it. */
static void
put_key(const struct eb_hist *h, const unsigned char *e, unsigned i,
	char *line, size_t *n)
{
	const struct hist_field *k = &h->keys[i];
	unsigned long long x = hist_key_num(h, e, i);
	char sym[128];

	put(line, n, "%s%s: ", i ? ", " : "", h->fields[k->idx].name);
	if (k->string)
		put(line, n, "%-50s", (const char *)e + k->offset);
	else if (k->flags & HF_HEX)
		put(line, n, "%llx", x);
	else if (k->flags & (HF_SYM | HF_SYM_OFFSET)) {
		bool off = k->flags & HF_SYM_OFFSET;
		symbol(x, off, sym, sizeof sym);
		put(line, n, off ? "[%llx] %-55s" : "[%llx] %-45s", x, sym);
	} else if (k->flags & HF_EXECNAME)
		put(line, n, "%-16s[%10llu]",
		    (const char *)e + h->entry_size - HIST_COMM_LEN, x);
	else if (k->flags & HF_LOG2)
		put(line, n, "~ 2^%-2llu", x);
	else if (k->flags & HF_BUCKETS)
		put(line, n, "~ %llu-%llu", x, x + k->buckets - 1);
	else
		put(line, n, "%10llu", x);
}

/* Entry e's line: { keys } hitcount: N  val: N. */
static void
entry_line(const struct eb_hist *h, unsigned char *e, char *line)
{
	uint64_t *c = hist_counts(h, e);
	size_t n = 0;

	put(line, &n, "{ ");
	for (unsigned i = 0; i < h->nkeys; i++)
		put_key(h, e, i, line, &n);
	put(line, &n, " } hitcount: %10llu", (unsigned long long)c[0]);
	for (unsigned i = 0; i < h->nvals; i++)
		put(line, &n, h->vals[i].flags & HF_HEX ? "  %s: %10llx"
		    : "  %s: %10llu", h->fields[h->vals[i].idx].name,
		    (unsigned long long)c[1 + i]);
}

/* -1, 0, 1 as entry a sorts before, with or after b by sort key s. */
static int
cmp_by(const struct eb_hist *h, const struct hist_sort *s,
       unsigned char *a, unsigned char *b)
{
	int r;

	if (s->what == SORT_KEY && h->keys[s->i].string) {
		unsigned off = h->keys[s->i].offset;
		r = strcmp((const char *)a + off, (const char *)b + off);
		r = (r > 0) - (r < 0);
	} else {
		uint64_t x = s->what == SORT_KEY ? hist_key_num(h, a, s->i)
			     : hist_counts(h, a)[s->what == SORT_VAL ? 1 + s->i : 0];
		uint64_t y = s->what == SORT_KEY ? hist_key_num(h, b, s->i)
			     : hist_counts(h, b)[s->what == SORT_VAL ? 1 + s->i : 0];
		if (s->what == SORT_KEY && h->keys[s->i].is_signed)
			r = ((int64_t)x > (int64_t)y) - ((int64_t)x < (int64_t)y);
		else
			r = (x > y) - (x < y);
	}
	return s->descending ? -r : r;
}

/* The sort keys in order, then the key's bytes (a fixed order for
 * entries equal on them). */
static int
cmp(const struct eb_hist *h, unsigned char *a, unsigned char *b)
{
	for (unsigned i = 0; i < h->nsort; i++) {
		int r = cmp_by(h, &h->sort[i], a, b);
		if (r)
			return r;
	}
	return memcmp(a, b, h->key_size);
}

static void
sift(const struct eb_hist *h, unsigned char **v, size_t i, size_t n)
{
	for (size_t c; (c = 2 * i + 1) < n; i = c) {
		if (c + 1 < n && cmp(h, v[c + 1], v[c]) > 0)
			c++;
		if (cmp(h, v[i], v[c]) >= 0)
			return;
		unsigned char *t = v[i];
		v[i] = v[c];
		v[c] = t;
	}
}

/* Heapsort by cmp: no recursion, n log n. */
static void
sort_entries(const struct eb_hist *h, unsigned char **v, size_t n)
{
	for (size_t i = n / 2; i-- > 0;)
		sift(h, v, i, n);
	for (size_t end = n; end-- > 1;) {
		unsigned char *t = v[0];
		v[0] = v[end];
		v[end] = t;
		sift(h, v, 0, end);
	}
}

int
eb_hist_show(const struct eb_hist *h,
	     void (*emit)(const char *line, void *arg), void *arg)
{
	unsigned char **v = eb_port_alloc(h->size * sizeof *v);
	char line[LINE_MAX_];
	size_t n = 0, entries = 0;

	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < 2 * (size_t)h->size; i++) {
		uint64_t s = __atomic_load_n(&h->slots[i], __ATOMIC_ACQUIRE);
		if (s)
			v[entries++] = hist_entry(h, (uint32_t)s - 1);
	}
	sort_entries(h, v, entries);
	emit("# event histogram", arg);
	emit("#", arg);
	put(line, &n, "# trigger info: ");
	info(h, line, &n);
	emit(line, arg);
	emit("#", arg);
	emit("", arg);
	for (size_t i = 0; i < entries; i++) {
		entry_line(h, v[i], line);
		emit(line, arg);
	}
	eb_port_free(v);
	emit("", arg);
	emit("Totals:", arg);
	eb_snprintf(line, sizeof line, "    Hits: %llu", (unsigned long long)
		    __atomic_load_n(&h->hits, __ATOMIC_RELAXED));
	emit(line, arg);
	eb_snprintf(line, sizeof line, "    Entries: %zu", entries);
	emit(line, arg);
	eb_snprintf(line, sizeof line, "    Dropped: %llu", (unsigned long long)
		    __atomic_load_n(&h->drops, __ATOMIC_RELAXED));
	emit(line, arg);
	return 0;
}
