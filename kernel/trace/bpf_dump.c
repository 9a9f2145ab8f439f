/*
 * The kernel shell's `bpf dump`, `bpf ringbuf` and `bpf perf`: a loaded
 * object's map (bpf_cmd.c finds it by name) shown key by key (a prog
 * array's slots by their programs' ids, a map of maps' by their maps'),
 * as a histogram drawn as
 * bpftrace's hist() and lhist() draw them (a value's slots, libbpf-tools'
 * struct hist, as their print_log2_hist), as the stacks a stack trace
 * map holds; a ring buffer's or a perf event array's records as they
 * come.
 */
#include "defs.h"
#include "trace/bpf_cmd.h"
#include "lineedit.h"
#include <ebreak/bpf.h>
#include <ebreak/bpf_object.h>
#include <ebreak/errno.h>
#include <ebreak/fmt.h>

#define KEY_MAX 64	/* bytes of a key dump takes; of a value in hex */

/* The unsigned little-endian number in b's first size bytes (at most 8). */
static uint64_t
number(const unsigned char *b, uint32_t size)
{
	uint64_t v = 0;

	for (uint32_t i = size < 8 ? size : 8; i-- > 0;)
		v = v << 8 | b[i];
	return v;
}

/* A key or value of size bytes: an unsigned number if it is 1, 2, 4 or
 * 8 bytes (little-endian), else its bytes in hex. */
static void
print_bytes(const unsigned char *b, uint32_t size)
{
	if (size == 1 || size == 2 || size == 4 || size == 8) {
		printf("%lu", (unsigned long)number(b, size));
		return;
	}
	for (uint32_t i = 0; i < size && i < KEY_MAX; i++)
		printf("%02x", b[i]);
	if (size > KEY_MAX)
		printf("...");
}

/* A key or value of m: as its BTF type declares it
 * (eb_bpf_object_map_format), or as print_bytes without one; a key
 * (syms, an 8-byte key) as the kernel function at that address,
 * FUNC+OFF. */
static void
print_elem(const struct eb_bpf_object_map *m, bool key,
	   const unsigned char *b, bool syms)
{
	uint32_t size = key ? m->def.key_size : m->def.value_size;
	uintptr_t addr = 0, start;
	size_t fsize;
	const char *f;
	char text[1024];	/* a record as bpftool prints it, arrays whole */

	if (syms && key && size == 8) {
		memcpy(&addr, b, 8);
		if ((f = kallsyms_lookup(addr, &start, &fsize))) {
			printf("%s+%lu", f, (unsigned long)(addr - start));
			return;
		}
	}
	int n = eb_bpf_object_map_format(m, key, b, text, sizeof text);

	if (n < 0)
		print_bytes(b, size);
	else
		printf("%s%s", text, n >= (int)sizeof text ? "..." : "");
}

static bool
per_hart(const struct bpf_map_def *def)
{
	return def->type == BPF_MAP_TYPE_PERCPU_ARRAY ||
	       def->type == BPF_MAP_TYPE_PERCPU_HASH ||
	       def->type == BPF_MAP_TYPE_LRU_PERCPU_HASH;
}

/* The number of size bytes at off in map's value at key: a per-hart
 * map's is the sum over the harts. */
static uint64_t
value_of(struct bpf_map *map, const struct bpf_map_def *def,
	 const void *key, uint32_t off, uint32_t size)
{
	if (!per_hart(def)) {
		const unsigned char *v = bpf_map_lookup_elem(map, key);
		return v ? number(v + off, size) : 0;
	}
	uint64_t sum = 0;
	for (unsigned cpu = 0; cpu < ncpu; cpu++) {
		const unsigned char *v = bpf_map_lookup_percpu_elem(map, key, cpu);
		sum += v ? number(v + off, size) : 0;
	}
	return sum;
}

/* bpftrace's bucket labels: 1K for 1024, and so on. */
static void
bucket_label(char *buf, size_t size, uint64_t v)
{
	static const char units[] = " KMGTPE";
	unsigned u = 0;

	while (v >= 1024 && v % 1024 == 0 && u < 6)
		v /= 1024, u++;
	if (u)
		eb_snprintf(buf, size, "%lu%c", (unsigned long)v, units[u]);
	else
		eb_snprintf(buf, size, "%lu", (unsigned long)v);
}

/*
 * Draw counts[0..n-1] as bpftrace draws hist() (log2: [0], [1], [2, 4),
 * ...) or lhist() (linear: [min + k step, min + (k+1) step)), from the
 * first bucket with a count to the last, bars of up to 52 '@'.
 */
static void
draw_counts(const uint64_t *counts, uint32_t n, bool log2, uint64_t min,
	    uint64_t step)
{
	uint64_t max = 0;
	int first = -1, last = -1;

	for (uint32_t k = 0; k < n; k++)
		if (counts[k]) {
			first = first < 0 ? (int)k : first;
			last = k;
			max = counts[k] > max ? counts[k] : max;
		}
	for (int k = first; k >= 0 && k <= last; k++) {
		char label[40], lo[16], hi[16];
		uint64_t a = log2 ? (k < 2 ? (uint64_t)k : 1ull << (k - 1))
				  : min + k * step;
		uint64_t b = log2 ? 1ull << k : a + step;
		bucket_label(lo, sizeof lo, a);
		bucket_label(hi, sizeof hi, b);
		if (log2 && k < 2)
			eb_snprintf(label, sizeof label, "[%s]", lo);
		else
			eb_snprintf(label, sizeof label, "[%s, %s)", lo, hi);
		unsigned bar = max ? counts[k] * 52 / max : 0;
		char bars[53];
		for (unsigned i = 0; i < 52; i++)
			bars[i] = i < bar ? '@' : ' ';
		bars[52] = 0;
		printf("%-20s %8lu |%s|\n", label, (unsigned long)counts[k], bars);
	}
}

/* Buckets 0..63 of map (keys are bucket numbers) drawn as draw_counts. */
static void
draw(const char *name, struct bpf_map *map, const struct bpf_map_def *def,
     bool log2, uint64_t min, uint64_t step)
{
	uint32_t n = def->max_entries < 64 ? def->max_entries : 64;
	uint64_t counts[64];

	for (uint32_t k = 0; k < n; k++) {
		unsigned char key[8] = { 0 };
		uint64_t kk = k;
		memcpy(key, &kk, def->key_size < 8 ? def->key_size : 8);
		counts[k] = value_of(map, def, key, 0, def->value_size);
	}
	printf("@%s:\n", name);
	draw_counts(counts, n, log2, min, step);
}

/* Each key of m and its value's slots (eb_bpf_object_map_slots: the
 * first 63) drawn as a log2 histogram, as libbpf-tools' print_log2_hist
 * draws a struct hist: slot k counts [2^k, 2^(k+1)), bpftrace's bucket
 * k + 1 (slot 0 holds 0 too, drawn as [1]). */
static void
draw_slots(const struct eb_bpf_object_map *m, uint32_t off, uint32_t esize,
	   uint32_t nelems)
{
	unsigned char key[KEY_MAX], next[KEY_MAX], *prev = 0;
	uint32_t n = nelems < 63 ? nelems : 63;
	uint64_t counts[64] = { 0 };

	if (m->def.key_size > KEY_MAX) {
		printf("bpf: %s's keys are %u bytes: hist takes keys of at most "
		       "%d\n", m->name, m->def.key_size, KEY_MAX);
		return;
	}
	while (bpf_map_get_next_key(m->map, prev, next) == 0) {
		memcpy(key, next, m->def.key_size);
		prev = key;
		for (uint32_t k = 0; k < n; k++)
			counts[k + 1] = value_of(m->map, &m->def, key,
						 off + k * esize, esize);
		printf("@%s[", m->name);
		print_elem(m, true, key, false);
		printf("]:\n");
		draw_counts(counts, n + 1, true, 0, 0);
	}
}

/* Stack id's frames in stack trace map s, one a line: up to its
 * value_size / 8, ending at the first 0; each as the kernel function
 * holding it, FUNC+OFF (a return address looked up one byte back, as it
 * may be a call's last instruction), or in hex. */
static void
print_stack(const struct eb_bpf_object_map *s, uint32_t id)
{
	const uint64_t *ips = bpf_map_lookup_elem(s->map, &id);

	for (uint32_t i = 0; ips && i < s->def.value_size / 8 && ips[i]; i++) {
		uintptr_t start;
		size_t size;
		const char *f = kallsyms_lookup(ips[i] - (i > 0), &start, &size);

		if (f)
			printf("    %s+%lu\n", f, (unsigned long)(ips[i] - start));
		else
			printf("    0x%lx\n", (unsigned long)ips[i]);
	}
}

/* Each stack id of stack trace map s, then its frames as print_stack. */
static void
dump_stack_map(const struct eb_bpf_object_map *s)
{
	uint32_t key, next, *prev = 0;

	if (bpf_map_get_next_key(s->map, 0, &next))
		printf("%s: no elements\n", s->name);
	while (bpf_map_get_next_key(s->map, prev, &next) == 0) {
		key = next;
		prev = &key;
		printf("%s[%u]:\n", s->name, key);
		print_stack(s, key);
	}
}

/* Where m's keys hold a stack id in *k: the whole 4-byte key, or a
 * struct key's stack id member (eb_bpf_object_map_stack_key); false,
 * having said why, if they hold none. */
static bool
stack_key(const struct eb_bpf_object_map *m, struct eb_bpf_stack_key *k)
{
	char err[160];
	int r = eb_bpf_object_map_stack_key(m, k, err, sizeof err);

	if (r == -ENOENT && m->def.key_size == 4) {
		*k = (struct eb_bpf_stack_key){ UINT32_MAX, 0, 4 };
		return true;
	}
	if (r == -ENOENT)
		printf("bpf: %s's keys are not stack ids (%u bytes, not 4, "
		       "and no struct with a stack id member)\n", m->name,
		       m->def.key_size);
	else if (r)
		printf("bpf: %s\n", err);
	else if (m->def.key_size > KEY_MAX)
		printf("bpf: %s's keys are %u bytes: stacks takes keys of at "
		       "most %d\n", m->name, m->def.key_size, KEY_MAX);
	else
		return true;
	return false;
}

/* Each key of m as the stack its stack id names in stack trace map
 * stacks (a struct key's other members first, as dump prints keys), then
 * its value, as bpftrace prints @[kstack] = count. */
static void
dump_stacks(const struct eb_bpf_object_map *m, const char *stacks)
{
	const struct eb_bpf_object_map *s = bpf_cmd_map(stacks);
	unsigned char key[KEY_MAX], next[KEY_MAX], *prev = 0;
	struct eb_bpf_stack_key k;
	char text[256];

	if (!s)
		return;
	if (s->def.type != BPF_MAP_TYPE_STACK_TRACE) {
		printf("bpf: %s is not a stack trace map (it is a %s map)\n",
		       stacks, bpf_map_type_name(s->def.type));
		return;
	}
	if (!stack_key(m, &k))
		return;
	while (bpf_map_get_next_key(m->map, prev, next) == 0) {
		memcpy(key, next, m->def.key_size);
		prev = key;
		printf("@%s[", m->name);
		if (k.member != UINT32_MAX) {
			int n = eb_bpf_object_map_format_key_without(m, key,
					k.member, text, sizeof text);
			printf("%s%s,", text, n >= (int)sizeof text ? "..." : "");
		}
		printf("\n");
		/* a negative id is get_stackid's error (a user-mode sample's
		 * -EFAULT): libbpf-tools' profile's line */
		int shift = 64 - 8 * (int)k.size;
		int64_t id = (int64_t)(number(key + k.off, k.size) << shift) >>
			     shift;
		if (id < 0)
			printf("    [Missed Kernel Stack]\n");
		else
			print_stack(s, (uint32_t)id);
		printf("]: %lu\n", (unsigned long)value_of(m->map, &m->def, key,
							   0, m->def.value_size));
	}
}

/* A prog array's slots that hold a program: its id, the value Linux's
 * lookup from user space gives, and its name. */
static void
dump_slots(const struct eb_bpf_object_map *m)
{
	unsigned n = 0, id = 0;

	for (uint32_t i = 0; i < m->def.max_entries; i++) {
		const struct bpf_prog *prog = eb_bpf_prog_array_slot(m->map, i);
		const struct eb_bpf_program *p;

		if (!prog)
			continue;
		if ((p = bpf_cmd_program_of(prog, &id)))
			printf("%s[%u]: %u (%s)\n", m->name, i, id, p->name);
		else
			printf("%s[%u]: a program not loaded by bpf load\n",
			       m->name, i);
		n++;
	}
	if (!n)
		printf("%s: no elements\n", m->name);
}

/* A map of maps' keys that hold a map: its id, as `bpf` lists it (Linux's
 * lookup from user space gives a map's id), and its name. */
static void
dump_maps(const struct eb_bpf_object_map *m)
{
	unsigned char key[KEY_MAX], next[KEY_MAX], *prev = 0;
	const struct eb_bpf_object_map *o;
	unsigned n = 0, id = 0;

	while (bpf_map_get_next_key(m->map, prev, next) == 0) {
		const struct bpf_map *inner;

		memcpy(key, next, m->def.key_size);
		prev = key;
		if (!(inner = bpf_map_lookup_elem(m->map, key)))
			continue;
		printf("%s[", m->name);
		print_elem(m, true, key, false);
		if ((o = bpf_cmd_map_of(inner, &id)))
			printf("]: %u (%s)\n", id, o->name);
		else
			printf("]: a map not loaded by bpf load\n");
		n++;
	}
	if (!n)
		printf("%s: no elements\n", m->name);
}

/* "MAP [hist | lhist MIN STEP | stacks STACKMAP | syms]": every key and
 * value (keys as kernel functions with syms; a per-hart map's sum, then
 * each hart's; a stack trace map's stacks symbolized), or a histogram, or
 * stacks and their counts. */
void
bpf_cmd_dump(const char *args)
{
	char name[64];	/* MAP or OBJECT:MAP */
	size_t n = 0;
	const struct eb_bpf_object_map *m = 0;

	while (args[n] && args[n] != ' ' && n + 1 < sizeof name)
		name[n] = args[n], n++;
	name[n] = 0;
	args += n;
	while (*args == ' ')
		args++;
	if (!(m = bpf_cmd_map(name)))
		return;
	bool progs = m->def.type == BPF_MAP_TYPE_PROG_ARRAY;
	bool maps = m->def.type == BPF_MAP_TYPE_ARRAY_OF_MAPS ||
		    m->def.type == BPF_MAP_TYPE_HASH_OF_MAPS;
	if ((progs || maps) && *args) {	/* its values are no numbers */
		printf("bpf: %s's values are %s: bpf dump %s shows its "
		       "slots\n", m->name, progs ? "programs" : "maps",
		       m->name);
		return;
	}
	if (strncmp(args, "stacks ", 7) == 0) {
		dump_stacks(m, args + 7);
		return;
	}
	if (strcmp(args, "hist") == 0) {
		uint32_t off, esize, nelems;

		if (eb_bpf_object_map_slots(m, &off, &esize, &nelems) == 0)
			draw_slots(m, off, esize, nelems);
		else
			draw(m->name, m->map, &m->def, true, 0, 0);
		return;
	}
	if (strncmp(args, "lhist ", 6) == 0) {
		unsigned long min, step;
		const char *s = parse_decimal(args + 6, &min);
		while (*s == ' ')
			s++;
		s = parse_decimal(s, &step);
		if (step > 0 && !*s)
			draw(m->name, m->map, &m->def, false, min, step);
		else
			printf("bpf: lhist MIN STEP (STEP > 0)\n");
		return;
	}
	if (m->def.type == BPF_MAP_TYPE_STACK_TRACE && !*args) {
		dump_stack_map(m);
		return;
	}
	bool syms = strcmp(args, "syms") == 0;
	if (*args && !syms) {
		printf("bpf: dump MAP [hist | lhist MIN STEP | stacks STACKMAP "
		       "| syms]\n");
		return;
	}
	if (m->def.key_size > KEY_MAX) {
		printf("bpf: %s's keys are %u bytes: dump shows keys of at most "
		       "%d\n", m->name, m->def.key_size, KEY_MAX);
		return;
	}
	unsigned char key[KEY_MAX], next[KEY_MAX], *prev = 0;
	/* its BTF types, as declared; a prog array's or map of maps'
	 * values (__array of functions or maps, no BTF type) are shown as
	 * dump_slots and dump_maps print them */
	if (m->key_type || m->value_type)
		printf("%s: %s -> %s\n", m->name,
		       m->key_type && *m->key_type ? m->key_type : "?",
		       progs ? "program id (name)" : maps ? "map id (name)" :
		       m->value_type && *m->value_type ? m->value_type : "?");
	if (progs || maps) {
		(progs ? dump_slots : dump_maps)(m);
		return;
	}
	if (bpf_map_get_next_key(m->map, 0, next))
		printf("%s: no elements\n", m->name);
	while (bpf_map_get_next_key(m->map, prev, next) == 0) {
		memcpy(key, next, m->def.key_size);
		prev = key;
		printf("%s[", m->name);
		print_elem(m, true, key, syms);
		printf("]: ");
		if (!per_hart(&m->def)) {
			const unsigned char *v = bpf_map_lookup_elem(m->map, key);
			if (v)
				print_elem(m, false, v, false);
			printf("\n");
			continue;
		}
		/* numbers summed over the harts, then each hart's */
		if (m->def.value_size <= 8)
			printf("%lu  ", (unsigned long)value_of(m->map, &m->def,
								key, 0, m->def.value_size));
		for (unsigned cpu = 0; cpu < ncpu; cpu++) {
			const unsigned char *v =
				bpf_map_lookup_percpu_elem(m->map, key, cpu);
			printf("%s", cpu ? " " : "(per hart: ");
			if (v)
				print_elem(m, false, v, false);
		}
		printf(")\n");
	}
}

/* A record's size and its 8-byte words in hex (the last one's bytes,
 * if fewer), ending the line. */
static void
print_words(const void *data, size_t len)
{
	const unsigned char *b = data;

	printf("%lu bytes:", (unsigned long)len);
	for (size_t i = 0; i < len; i += 8) {
		uint64_t w = 0;
		memcpy(&w, b + i, len - i < 8 ? len - i : 8);
		printf(" %lx", (unsigned long)w);
	}
	printf("\n");
}

/* A ring buffer record of map arg (its name). */
static int
print_record(void *arg, const void *data, size_t len)
{
	printf("%s: ", (const char *)arg);
	print_words(data, len);
	return 0;
}

/* The loaded map name (bpf_cmd_map) if it is of type (what: its
 * words); NULL, having said why, if not. */
static const struct eb_bpf_object_map *
typed_map(const char *name, uint32_t type, const char *what)
{
	const struct eb_bpf_object_map *m = bpf_cmd_map(name);

	if (m && m->def.type != type) {
		printf("bpf: %s is a %s map, not %s\n", name,
		       bpf_map_type_name(m->def.type), what);
		return 0;
	}
	return m;
}

/* Print ring buffer map name's records as they come, until ^C. Not in
 * trap context. */
void
bpf_cmd_ringbuf(const char *name)
{
	const struct eb_bpf_object_map *m =
		typed_map(name, BPF_MAP_TYPE_RINGBUF, "a ring buffer");
	uint64_t lost = 0, said = 0;
	bool more;

	if (!m)
		return;
	do {
		more = eb_bpf_ringbuf_consume(m->map, print_record,
					      (void *)m->name, &lost) > 0;
		if (lost != said)
			printf("%s: %lu records lost (the ring was full)\n",
			       m->name, (unsigned long)(lost - said));
		said = lost;
	} while (!lineedit_interrupted(more));
}

/* A perf event array record of map arg (its name), with its hart. */
static int
print_sample(void *arg, unsigned cpu, const void *data, size_t len)
{
	printf("%s: hart %u: ", (const char *)arg, cpu);
	print_words(data, len);
	return 0;
}

static void
print_lost(void *arg, unsigned cpu, uint64_t n)
{
	printf("%s: hart %u: %lu records lost (its buffer was full)\n",
	       (const char *)arg, cpu, (unsigned long)n);
}

/* Print perf event array map name's records as they come, each with
 * its hart, and the records lost, until ^C. Not in trap context. */
void
bpf_cmd_perf(const char *name)
{
	const struct eb_bpf_object_map *m =
		typed_map(name, BPF_MAP_TYPE_PERF_EVENT_ARRAY,
			  "a perf event array");

	if (!m)
		return;
	struct eb_bpf_perf_reader rd = { print_sample, print_lost,
					 (void *)m->name };
	while (!lineedit_interrupted(eb_bpf_perf_event_consume(m->map, &rd) > 0))
		;
}
