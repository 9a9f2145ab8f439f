/*
 * The object loader (<ebreak/bpf_object.h>) on objects clang built from
 * the C programs of tests/bpf (build/bpf): what it finds, what the loaded
 * programs do to their maps and globals (expected values computed here
 * from the C source's logic), the .rodata knob, and the objects it must
 * refuse, each with a message naming what and where and nothing left
 * allocated; every truncation and byte corruption of a good object is
 * refused or loaded, never a crash.
 */
#include <ebreak/async_event.h>
#include <ebreak/bpf.h>
#include <ebreak/bpf_object.h>
#include <ebreak/errno.h>
#include <ebreak/port.h>
#include <ebreak/ptregs.h>
#include <elf.h>
#include <stdlib.h>
#include <string.h>
#include "bpf_object_test.h"
#include "test.h"

/* The bytes (malloc'd) and length of file in $BPF_OBJ_DIR (the suite's
 * command names the build's; build/bpf by default); NULL if missing
 * (bpf_object_test.h). */
unsigned char *
read_build_file(const char *file, size_t *len)
{
	char path[256];
	unsigned char *buf;
	FILE *f;
	long n;

	const char *dir = getenv("BPF_OBJ_DIR");

	snprintf(path, sizeof(path), "%s/%s", dir ? dir : "build/bpf", file);
	if (!(f = fopen(path, "rb"))) {
		fprintf(stderr, "  cannot read %s (make builds it)\n", path);
		return NULL;
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc(n);
	if (fread(buf, 1, n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*len = n;
	return buf;
}

/* NAME.bpf.o's bytes (bpf_object_test.h). */
unsigned char *
read_object(const char *name, size_t *len)
{
	char file[128];

	snprintf(file, sizeof(file), "%s.bpf.o", name);
	return read_build_file(file, len);
}

/* Opens NAME.bpf.o (bpf_object_test.h). */
struct eb_bpf_object *
open_object(const char *name)
{
	struct eb_bpf_object *obj = NULL;
	char err[256] = "";
	size_t len;
	unsigned char *data = read_object(name, &len);

	if (!CHECK(data))
		return NULL;
	if (eb_bpf_object_open(data, len, &obj, err, sizeof(err))) {
		fprintf(stderr, "  open %s: %s\n", name, err);
		CHECK(!"object opens");
		obj = NULL;
	}
	free(data);
	return obj;
}

/* NAME.bpf.o opened and loaded, or NULL (checked failed, the log
 * printed). */
static struct eb_bpf_object *
loaded_object(const char *name)
{
	struct eb_bpf_object *obj = open_object(name);
	char log[512] = "";

	if (obj && !CHECK(eb_bpf_object_load(obj, log, sizeof(log)) == 0)) {
		fprintf(stderr, "  load %s: %s\n", name, log);
		eb_bpf_object_close(obj);
		obj = NULL;
	}
	return obj;
}

/* Whether object NAME is refused (bpf_object_test.h). */
bool
refused(const char *name, void (*corrupt)(unsigned char *),
	const char *const *what)
{
	long live = host_allocs_live;
	struct eb_bpf_object *obj = NULL;
	char msg[512] = "";
	size_t len;
	unsigned char *data = read_object(name, &len);
	bool ok = true;
	int r;

	if (!data)
		return false;
	if (corrupt)
		corrupt(data);
	r = eb_bpf_object_open(data, len, &obj, msg, sizeof(msg));
	free(data);
	if (!r) {
		r = eb_bpf_object_load(obj, msg, sizeof(msg));
		eb_bpf_object_close(obj);
	}
	if (r != -EINVAL) {
		fprintf(stderr, "  %s: returned %d, not -EINVAL (%s)\n", name, r, msg);
		ok = false;
	}
	for (; *what; what++)
		if (!strstr(msg, *what)) {
			fprintf(stderr, "  %s: \"%s\" lacks \"%s\"\n", name, msg, *what);
			ok = false;
		}
	if (host_allocs_live != live) {
		fprintf(stderr, "  %s: %ld allocations left\n", name, host_allocs_live - live);
		ok = false;
	}
	return ok;
}

/* The pt_regs of a call (bpf_object_test.h). */
struct pt_regs
regs(unsigned long a0, unsigned long a1, unsigned long pc)
{
	struct pt_regs r;

	memset(&r, 0, sizeof(r));
	r.a0 = a0;
	r.a1 = a1;
	r.epc = pc;
	return r;
}

/* The loaded program called name (bpf_object_test.h). */
struct bpf_prog *
prog(const struct eb_bpf_object *obj, const char *name)
{
	const struct eb_bpf_program *p = eb_bpf_object_find_program(obj, name);

	return CHECK(p && p->prog) ? p->prog : NULL;
}

/* counts[key] in map counts, or 0 if absent. */
static uint64_t
count_of(const struct eb_bpf_object *obj, uint32_t key)
{
	uint64_t *v = bpf_map_lookup_elem(eb_bpf_object_find_map(obj, "counts")->map, &key);

	return v ? *v : 0;
}

/* totals[idx]. */
static uint64_t
total_of(const struct eb_bpf_object *obj, uint32_t idx)
{
	uint64_t *v = bpf_map_lookup_elem(eb_bpf_object_find_map(obj, "totals")->map, &idx);

	return CHECK(v) ? *v : 0;
}

/* The u64 global name. */
static uint64_t
global(const struct eb_bpf_object *obj, const char *name)
{
	size_t size = 0;
	uint64_t *v = eb_bpf_object_find_global(obj, name, &size);

	CHECK_EQ(size, 8);
	return CHECK(v) ? *v : 0;
}

TEST(object_finds_programs_sections_and_targets)
{
	static const struct {
		const char *name, *section, *target;
		enum eb_bpf_attach_kind kind;
		enum bpf_prog_type type;
		uint64_t offset;
	} want[] = {
		{ "count_entry", "kprobe/do_work", "do_work", EB_BPF_ATTACH_KPROBE,
		  BPF_PROG_TYPE_KPROBE, 0 },
		{ "count_return", "kretprobe/do_work", "do_work",
		  EB_BPF_ATTACH_KRETPROBE, BPF_PROG_TYPE_KPROBE, 0 },
		{ "count_offset", "kprobe/do_work+4", "do_work", EB_BPF_ATTACH_KPROBE,
		  BPF_PROG_TYPE_KPROBE, 4 },
		{ "count_switch", "tracepoint/sched/sched_switch", "sched/sched_switch",
		  EB_BPF_ATTACH_TRACEPOINT, BPF_PROG_TYPE_TRACEPOINT, 0 },
	};
	long live = host_allocs_live;
	struct eb_bpf_object *obj = open_object("count");
	size_t i;

	if (!obj)
		return;
	CHECK(!strcmp(eb_bpf_object_license(obj), "GPL"));
	for (i = 0; eb_bpf_object_program(obj, i); i++) {
		const struct eb_bpf_program *p = eb_bpf_object_program(obj, i);
		size_t j;

		for (j = 0; j < sizeof(want) / sizeof(want[0]); j++)
			if (!strcmp(want[j].name, p->name))
				break;
		if (!CHECK(j < sizeof(want) / sizeof(want[0])))
			continue;
		CHECK(!strcmp(p->section, want[j].section));
		CHECK(!strcmp(p->target, want[j].target));
		CHECK_EQ(p->kind, want[j].kind);
		CHECK_EQ(p->type, want[j].type);
		CHECK_EQ(p->offset, want[j].offset);
		CHECK(!p->prog);
	}
	CHECK_EQ(i, 4);
	eb_bpf_object_close(obj);
	CHECK_EQ(host_allocs_live, live);
}

TEST(object_finds_btf_maps_and_global_data)
{
	static const struct {
		const char *name;
		struct bpf_map_def def;
	} want[] = {
		{ "counts", { BPF_MAP_TYPE_HASH, 4, 8, 64, 0 } },
		{ "totals", { BPF_MAP_TYPE_ARRAY, 4, 8, 4, 0 } },
		{ ".rodata", { BPF_MAP_TYPE_ARRAY, 4, 8, 1, BPF_F_RDONLY_PROG } },
		{ ".data", { BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0 } },
		{ ".bss", { BPF_MAP_TYPE_ARRAY, 4, 16, 1, 0 } },	/* hits, switches */
	};
	struct eb_bpf_object *obj = open_object("count");
	size_t i;

	if (!obj)
		return;
	for (i = 0; eb_bpf_object_map(obj, i); i++) {
		const struct eb_bpf_object_map *m = eb_bpf_object_map(obj, i);

		if (!CHECK(i < sizeof(want) / sizeof(want[0])))
			break;
		CHECK(!strcmp(m->name, want[i].name));
		CHECK(!memcmp(&m->def, &want[i].def, sizeof(m->def)));
		CHECK(!m->map);
	}
	CHECK_EQ(i, 5);
	/* __type(key, __u32), __type(value, __u64): BTF's names; totals
	 * gave sizes, a data section neither */
	CHECK(!strcmp(eb_bpf_object_find_map(obj, "counts")->key_type, "__u32"));
	CHECK(!strcmp(eb_bpf_object_find_map(obj, "counts")->value_type, "__u64"));
	CHECK(!eb_bpf_object_find_map(obj, "totals")->key_type);
	CHECK(!eb_bpf_object_find_map(obj, ".bss")->value_type);
	CHECK(!eb_bpf_object_find_global(obj, "hits", NULL));	/* not loaded */
	eb_bpf_object_close(obj);
}

/* buf says want; if not, what it says. */
static void
expect_text(const char *buf, const char *want)
{
	if (!CHECK(!strcmp(buf, want)))
		fprintf(stderr, "  got: %s\n  want: %s\n", buf, want);
}

/* Keys and values show as their BTF types declare them: every shape of
 * typed.bpf.c, and a data section as its variables; a map that gave
 * sizes has no type to show; the types' names as C writes them. */
TEST(map_elements_format_by_their_btf_types)
{
	struct eb_bpf_object *obj = open_object("typed");
	struct { uint32_t pid; int16_t delta; int32_t kind; } key =
		{ 42, -7, 2 };
	struct {
		char comm[8];
		int64_t sum;
		uint8_t bits, pad;	/* flags : 3, mode : 5, as clang lays them */
		uint16_t hist[3];
		uint8_t seen;
		uint64_t where;
	} value = { "sh", -5, 5 | 9 << 3, 0, { 1, 2, 3 }, 1, 0x80001000 };
	int32_t knobs[2] = { -3, 11 };
	char buf[256];

	if (!obj)
		return;
	const struct eb_bpf_object_map *m = eb_bpf_object_find_map(obj, "typed");
	/* the types as C names them */
	expect_text(m->key_type, "struct typed_key");
	expect_text(m->value_type, "struct typed_value");
	expect_text(eb_bpf_object_find_map(obj, "shapes")->key_type,
		    "struct {...}");
	expect_text(eb_bpf_object_find_map(obj, "shapes")->value_type,
		    "__u16[3][2]");
	CHECK_EQ(m->def.key_size, sizeof key);
	CHECK_EQ(m->def.value_size, sizeof value);
	CHECK(eb_bpf_object_map_format(m, true, &key, buf, sizeof buf) > 0);
	expect_text(buf, "{ .pid = 42, .delta = -7, .kind = KIND_WRITE }");
	CHECK(eb_bpf_object_map_format(m, false, &value, buf, sizeof buf) > 0);
	expect_text(buf, "{ .comm = \"sh\", .sum = -5, .flags = 5, .mode = 9, "
		  ".hist = [1, 2, 3], .seen = true, .where = 0x80001000 }");
	/* cut to fit, with the length it needed */
	CHECK_EQ(eb_bpf_object_map_format(m, true, &key, buf, 8),
		 (int)strlen("{ .pid = 42, .delta = -7, .kind = KIND_WRITE }"));
	expect_text(buf, "{ .pid ");
	CHECK(eb_bpf_object_map_format(eb_bpf_object_find_map(obj, ".data"),
				       false, knobs, buf, sizeof buf) > 0);
	expect_text(buf, "{ .knob = -3, .knob2 = 11 }");
	CHECK_EQ(eb_bpf_object_map_format(eb_bpf_object_find_map(obj, ".data"),
					  true, knobs, buf, sizeof buf), -ENOENT);
	eb_bpf_object_close(obj);
}

/* Loads count with scale set to scale (unless 0), runs its programs
 * and checks what they did against the source's logic. */
static void
run_count(uint64_t scale)
{
	static const unsigned long calls[][2] = { { 5, 7 }, { 5, 9 }, { 6, 7 } };
	long live = host_allocs_live;
	struct eb_bpf_object *obj = open_object("count");
	char log[512] = "";
	uint64_t sum = 0;
	struct pt_regs r;

	if (!obj)
		return;
	if (scale)
		CHECK_EQ(eb_bpf_object_set_rodata(obj, "scale", &scale, sizeof(scale)), 0);
	else
		scale = 1;	/* the source's initial value */
	if (eb_bpf_object_load(obj, log, sizeof(log))) {
		fprintf(stderr, "  load: %s\n", log);
		CHECK(!"count loads");
		eb_bpf_object_close(obj);
		return;
	}
	CHECK_EQ(eb_bpf_object_set_rodata(obj, "scale", &scale, sizeof(scale)), -EBUSY);
	CHECK_EQ(global(obj, "last_arg"), 7);	/* .data's initial value */
	CHECK_EQ(global(obj, "scale"), scale);
	for (size_t i = 0; i < 3; i++) {
		r = regs(calls[i][0], calls[i][1], 0x1000);
		CHECK_EQ(bpf_prog_run(prog(obj, "count_entry"), &r), 0);
		sum += calls[i][0];
	}
	CHECK_EQ(count_of(obj, 5), 2);
	CHECK_EQ(count_of(obj, 6), 1);
	CHECK_EQ(count_of(obj, 107), 2);
	CHECK_EQ(count_of(obj, 109), 1);
	CHECK_EQ(count_of(obj, 7), 0);
	CHECK_EQ(total_of(obj, 0), sum * scale);
	CHECK_EQ(global(obj, "hits"), 3);
	CHECK_EQ(global(obj, "last_arg"), 6);

	r = regs(42, 0, 0x1000);
	CHECK_EQ(bpf_prog_run(prog(obj, "count_return"), &r), 0);
	r = regs((unsigned long)-2, 0, 0x1000);
	CHECK_EQ(bpf_prog_run(prog(obj, "count_return"), &r), 0);
	CHECK_EQ(total_of(obj, 1), 40);
	CHECK_EQ(count_of(obj, 1000), 2);

	r = regs(0, 0, 0x12345);
	CHECK_EQ(bpf_prog_run(prog(obj, "count_offset"), &r), 0x45);
	CHECK_EQ(bpf_prog_run(prog(obj, "count_switch"), NULL), 0);
	CHECK_EQ(bpf_prog_run(prog(obj, "count_switch"), NULL), 0);
	CHECK_EQ(global(obj, "switches"), 2);
	CHECK_EQ(global(obj, "hits"), 3);
	eb_bpf_object_close(obj);
	CHECK_EQ(host_allocs_live, live);
}

/* tailcall's runs[key]. */
static uint64_t
runs_of(const struct eb_bpf_object *obj, uint32_t key)
{
	const uint64_t *v = bpf_map_lookup_elem(
		eb_bpf_object_find_map(obj, "runs")->map, &key);

	return v ? *v : ~0ull;
}

/* tailcall's prog array is filled from its initializer (each slot names
 * its program), entry's chain and self's loop run as tailcall.bpf.c's
 * counts say. */
TEST(object_fills_prog_array_slots_from_the_initializer)
{
	long live = host_allocs_live;
	struct eb_bpf_object *obj = loaded_object("tailcall");
	struct pt_regs r = regs(1, 2, 0x1000);

	if (!obj)
		return;
	struct bpf_map *jmp = eb_bpf_object_find_map(obj, "jmp")->map;
	CHECK(eb_bpf_prog_array_slot(jmp, 1) == prog(obj, "second"));
	CHECK(eb_bpf_prog_array_slot(jmp, 5) == prog(obj, "self"));
	CHECK(!eb_bpf_prog_array_slot(jmp, 3));		/* empty */
	CHECK(!eb_bpf_prog_array_slot(jmp, 8));		/* past the end */
	CHECK(!eb_bpf_prog_array_slot(eb_bpf_object_find_map(obj, "runs")->map, 0));
	for (int i = 0; i < 3; i++) {
		CHECK_EQ(bpf_prog_run(prog(obj, "entry"), &r), 0);
		CHECK_EQ(bpf_prog_run(prog(obj, "self"), &r), 0);
	}
	CHECK_EQ(runs_of(obj, 0), 3);
	CHECK_EQ(runs_of(obj, 1), 3);
	CHECK_EQ(runs_of(obj, 2), 3);
	CHECK_EQ(runs_of(obj, 4), 3);
	CHECK_EQ(runs_of(obj, 3), 3 * 30);
	CHECK_EQ(runs_of(obj, 5), 3 * 34);
	CHECK_EQ(runs_of(obj, 6), 0);
	eb_bpf_object_close(obj);
	CHECK_EQ(host_allocs_live, live);
}

/* mapofmaps's count of calls in inner map name: every pid's. */
static uint64_t
count_in(const struct eb_bpf_object *obj, const char *name)
{
	struct bpf_map *m = eb_bpf_object_find_map(obj, name)->map;
	uint32_t pid, *prev = NULL;
	uint64_t sum = 0;

	while (!bpf_map_get_next_key(m, prev, &pid)) {
		sum += *(uint64_t *)bpf_map_lookup_elem(m, &pid);
		prev = &pid;
	}
	return sum;
}

/* mapofmaps's outer array and hash of maps are filled from their
 * initializers with the maps they name; count counts into the inner map
 * `which` picks, and into by_key[3]'s. */
TEST(object_fills_maps_of_maps_from_the_initializer)
{
	long live = host_allocs_live;
	struct eb_bpf_object *obj = loaded_object("mapofmaps");
	uint32_t zero = 0, one = 1, three = 3;

	if (!obj)
		return;
	struct bpf_map *outer = eb_bpf_object_find_map(obj, "outer")->map;
	struct bpf_map *by_key = eb_bpf_object_find_map(obj, "by_key")->map;
	CHECK(bpf_map_lookup_elem(outer, &zero) == eb_bpf_object_find_map(obj, "inner_a")->map);
	CHECK(bpf_map_lookup_elem(outer, &one) == eb_bpf_object_find_map(obj, "inner_b")->map);
	CHECK(bpf_map_lookup_elem(by_key, &three) == eb_bpf_object_find_map(obj, "inner_c")->map);
	CHECK(!bpf_map_lookup_elem(by_key, &zero));
	/* BPF_F_INNER_MAP: arrays of 1 and 5 entries, slot 1 left empty */
	struct bpf_map *arrays = eb_bpf_object_find_map(obj, "arrays")->map;
	CHECK(bpf_map_lookup_elem(arrays, &zero) == eb_bpf_object_find_map(obj, "small")->map);
	CHECK(!bpf_map_lookup_elem(arrays, &one));
	CHECK(bpf_map_lookup_elem(arrays, &(uint32_t){ 2 }) == eb_bpf_object_find_map(obj, "large")->map);
	CHECK_EQ(bpf_prog_run(prog(obj, "count"), NULL), 0);
	*(uint32_t *)bpf_map_lookup_elem(eb_bpf_object_find_map(obj, "which")->map, &zero) = 1;
	CHECK_EQ(bpf_prog_run(prog(obj, "count"), NULL), 0);
	CHECK_EQ(bpf_prog_run(prog(obj, "count"), NULL), 0);
	CHECK_EQ(count_in(obj, "inner_a"), 1);
	CHECK_EQ(count_in(obj, "inner_b"), 2);
	CHECK_EQ(count_in(obj, "inner_c"), 3);
	eb_bpf_object_close(obj);
	CHECK_EQ(host_allocs_live, live);
}

/* tailmix (clang: static __noinline functions that tail-call): entry's
 * subprogram returns leaf's 42, or 77 past the empty slot; leaf counts
 * in its own subprogram; many's 40 calls of hop share the run's 33. */
TEST(object_tail_calls_in_subprograms_return_to_their_callers)
{
	long live = host_allocs_live;
	struct eb_bpf_object *obj = loaded_object("tailmix");
	struct pt_regs r = regs(1, 2, 0x1000);
	struct bpf_map *out;

	if (!obj)
		return;
	out = eb_bpf_object_find_map(obj, "out")->map;
	for (int i = 0; i < 3; i++) {
		CHECK_EQ(bpf_prog_run(prog(obj, "entry"), &r), 0);
		CHECK_EQ(bpf_prog_run(prog(obj, "many"), &r), 0);
	}
	static const uint64_t want[6] = { 3, 3 * 42, 3, 3 * 77, 3 * 33, 3 * 33 };
	for (uint32_t k = 0; k < 6; k++) {
		const uint64_t *v = bpf_map_lookup_elem(out, &k);

		CHECK(v && *v == want[k]);
	}
	eb_bpf_object_close(obj);
	CHECK_EQ(host_allocs_live, live);
}

/* hash_slots's hash of maps, filled under keys 7 and 100 in room for 2:
 * a hash's initializer indexes are keys, as libbpf makes them. */
TEST(object_fills_a_hash_of_maps_under_keys_past_its_max_entries)
{
	long live = host_allocs_live;
	struct eb_bpf_object *obj = loaded_object("hash_slots");

	if (!obj)
		return;
	struct bpf_map *by_key = eb_bpf_object_find_map(obj, "by_key")->map;
	CHECK(bpf_map_lookup_elem(by_key, &(uint32_t){ 7 }) == eb_bpf_object_find_map(obj, "a")->map);
	CHECK(bpf_map_lookup_elem(by_key, &(uint32_t){ 100 }) == eb_bpf_object_find_map(obj, "b")->map);
	CHECK(!bpf_map_lookup_elem(by_key, &(uint32_t){ 0 }));
	eb_bpf_object_close(obj);
	CHECK_EQ(host_allocs_live, live);
}

TEST(object_count_runs_with_the_default_knob)
{
	run_count(0);
}

TEST(object_count_runs_with_the_knob_set)
{
	run_count(3);
}

/* Keeps each 8-byte record consumed in arg's values. */
static int
keep_record(void *arg, const void *data, size_t len)
{
	uint64_t *got = arg;

	if (len == 8 && got[0] < 4)
		memcpy(&got[1 + got[0]++], data, 8);
	return 0;
}

/* flags.bpf.c builds with Linux's names from <ebreak/vmlinux.h> and they
 * mean what Linux's do: the ring holds the two records submitted (each
 * 8 bytes after an 8-byte header; the discarded one's space is the
 * reader's to skip), its size is 4096, the stackid flags are Linux's. */
TEST(object_takes_linux_flag_names)
{
	long live = host_allocs_live;
	struct eb_bpf_object *obj = open_object("flags");
	uint64_t got[5] = { 0 };
	char log[512] = "";
	struct pt_regs r = regs(41, 0, 0x1000);

	if (!obj)
		return;
	if (eb_bpf_object_load(obj, log, sizeof(log))) {
		fprintf(stderr, "  load: %s\n", log);
		CHECK(!"flags loads");
		eb_bpf_object_close(obj);
		return;
	}
	CHECK_EQ(bpf_prog_run(prog(obj, "ring_flags"), &r), 0);
	CHECK_EQ(global(obj, "avail_before"), 0);
	CHECK_EQ(global(obj, "avail_after"), 3 * 16);
	CHECK_EQ(global(obj, "ring_size"), 4096);
	CHECK_EQ(global(obj, "stack_flags"), 0x7ff);
	CHECK_EQ(eb_bpf_ringbuf_consume(eb_bpf_object_find_map(obj, "rb")->map,
					keep_record, got, NULL), 2);
	CHECK_EQ(got[0], 2);
	CHECK_EQ(got[1], 41);
	CHECK_EQ(got[2], 42);
	eb_bpf_object_close(obj);
	CHECK_EQ(host_allocs_live, live);
}

/* A perf event array record: its hart and first two words, in got. */
static int
keep_sample(void *arg, unsigned cpu, const void *data, size_t len)
{
	uint64_t *got = arg;

	got[0] = cpu;
	got[1] = len;
	memcpy(&got[2], data, 16);
	return 0;
}

/* libbpf-tools' perf event array (no max_entries: a slot per hart, one
 * here) and one of 64 slots; the perf program's record read back. */
TEST(object_makes_perf_event_arrays_as_libbpf)
{
	long live = host_allocs_live;
	struct eb_bpf_object *obj = open_object("helpers");
	uint64_t got[4] = { 9, 9, 9, 9 };
	char log[512] = "";
	struct pt_regs r = regs(5, 7, 0);

	if (!obj)
		return;
	if (eb_bpf_object_load(obj, log, sizeof(log))) {
		fprintf(stderr, "  load: %s\n", log);
		CHECK(!"helpers loads");
		eb_bpf_object_close(obj);
		return;
	}
	const struct eb_bpf_object_map *ev = eb_bpf_object_find_map(obj, "events");
	CHECK_EQ(ev->def.type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	CHECK_EQ(ev->def.max_entries, eb_port_cpu_count());
	CHECK_EQ(eb_bpf_object_find_map(obj, "wide")->def.max_entries, 64);
	CHECK_EQ(bpf_prog_run(prog(obj, "perf"), &r), 0);
	struct eb_bpf_perf_reader rd = { keep_sample, NULL, got };
	CHECK_EQ(eb_bpf_perf_event_consume(ev->map, &rd), 1);
	CHECK_EQ(got[0], 0);
	CHECK_EQ(got[1], 24);
	CHECK_EQ(got[2], 0);	/* the hart, as the program saw it */
	CHECK_EQ(got[3], 5);
	eb_bpf_object_close(obj);
	CHECK_EQ(host_allocs_live, live);
}

/* knob.bpf.c: .rodata frozen once filled (updates and deletes -EPERM,
 * as Linux's frozen map), but no map of .maps (a BPF_F_RDONLY_PROG
 * config the host sets, read as it is at run time), its knob read by
 * the verifier as a constant,
 * so the branch it turns off is not walked: with it off the program
 * loads and runs; on, the call in the branch is refused. */
TEST(rodata_knobs_are_constants_to_the_verifier)
{
	long live = host_allocs_live;
	struct eb_bpf_object *obj = open_object("knob");
	const struct eb_bpf_object_map *ro, *cfg;
	char log[512] = "", zeros[64] = { 0 };
	struct pt_regs r = regs(3, 0, 0x1000);
	uint32_t zero = 0;
	uint64_t seven = 7;
	bool on = true;

	if (!obj)
		return;
	if (eb_bpf_object_load(obj, log, sizeof(log))) {
		fprintf(stderr, "  load: %s\n", log);
		CHECK(!"knob loads with its knob off");
	} else {
		CHECK_EQ(bpf_prog_run(prog(obj, "knob_off"), &r), 0);
		CHECK_EQ(bpf_prog_run(prog(obj, "knob_off"), &r), 0);
		CHECK_EQ(global(obj, "runs"), 2);
		CHECK_EQ(global(obj, "args"), 0);
		CHECK_EQ(global(obj, "scale"), 0);
		cfg = eb_bpf_object_find_map(obj, "config");
		if (CHECK(cfg)) {
			CHECK_EQ(bpf_map_update_elem(cfg->map, &zero, &seven, BPF_ANY), 0);
			CHECK_EQ(bpf_prog_run(prog(obj, "knob_off"), &r), 0);
			CHECK_EQ(global(obj, "scale"), 7);
		}
		ro = eb_bpf_object_find_map(obj, ".rodata");
		if (CHECK(ro && ro->def.value_size <= sizeof zeros)) {
			CHECK_EQ(bpf_map_update_elem(ro->map, &zero, zeros, BPF_ANY), -EPERM);
			CHECK_EQ(bpf_map_delete_elem(ro->map, &zero), -EPERM);
		}
	}
	eb_bpf_object_close(obj);
	if (!(obj = open_object("knob")))
		return;
	CHECK_EQ(eb_bpf_object_set_rodata(obj, "use_args", &on, sizeof(on)), 0);
	CHECK_EQ(eb_bpf_object_load(obj, log, sizeof(log)), -EINVAL);
	CHECK(strstr(log, "(call bpf_get_func_arg#183): program of this type cannot use helper bpf_get_func_arg#183"));
	eb_bpf_object_close(obj);
	CHECK_EQ(host_allocs_live, live);
}

TEST(object_set_rodata_checks_name_and_size)
{
	struct eb_bpf_object *obj = open_object("count");
	uint64_t v = 2;
	uint32_t small = 2;

	if (!obj)
		return;
	CHECK_EQ(eb_bpf_object_set_rodata(obj, "no_such_knob", &v, sizeof(v)), -ENOENT);
	CHECK_EQ(eb_bpf_object_set_rodata(obj, "hits", &v, sizeof(v)), -ENOENT);
	CHECK_EQ(eb_bpf_object_set_rodata(obj, "scale", &small, sizeof(small)), -EINVAL);
	CHECK_EQ(eb_bpf_object_set_ctx_size(obj, "no_such_prog", 8), -ENOENT);
	CHECK_EQ(eb_bpf_object_set_ctx_size(obj, "count_switch", 8), 0);
	eb_bpf_object_close(obj);
}

TEST(object_links_nested_and_global_subprograms)
{
	struct { uint64_t common; long id; } rec = { 0, 42 };
	long live = host_allocs_live;
	struct eb_bpf_object *obj = open_object("nested");
	char log[512] = "";
	uint64_t *calls;
	uint32_t key = 0;
	struct pt_regs r = regs(10, 0, 0);

	if (!obj)
		return;
	CHECK(!strcmp(eb_bpf_object_license(obj), "Dual BSD/GPL"));
	CHECK(!strcmp(eb_bpf_object_find_program(obj, "on_call_too")->section,
		      "kprobe/do_work"));
	CHECK_EQ(eb_bpf_object_set_ctx_size(obj, "on_enter", sizeof(rec)), 0);
	if (eb_bpf_object_load(obj, log, sizeof(log))) {
		fprintf(stderr, "  load: %s\n", log);
		CHECK(!"nested loads");
		eb_bpf_object_close(obj);
		return;
	}
	CHECK_EQ(eb_bpf_object_find_map(obj, "calls")->def.type, BPF_MAP_TYPE_PERCPU_ARRAY);
	CHECK_EQ(eb_bpf_object_find_map(obj, "pairs")->def.key_size, 8);
	CHECK_EQ(eb_bpf_object_find_map(obj, "pairs")->def.value_size, 24);
	CHECK(eb_bpf_object_find_map(obj, "pairs")->map);
	CHECK_EQ(bpf_prog_run(prog(obj, "on_call"), &r), 6 * 10 + 5);	/* outer(10) */
	CHECK_EQ(bpf_prog_run(prog(obj, "on_call_too"), &r), 1);
	CHECK_EQ(bpf_prog_run(prog(obj, "on_call_too"), &r), 2);
	calls = bpf_map_lookup_elem(eb_bpf_object_find_map(obj, "calls")->map, &key);
	CHECK(calls && calls[0] == 1);
	CHECK_EQ(bpf_prog_run(prog(obj, "on_enter"), &rec), 42);
	eb_bpf_object_close(obj);
	CHECK_EQ(host_allocs_live, live);
}

/* loop.bpf.c's callbacks, lddw of their .text addresses linked as
 * BPF_PSEUDO_FUNC: bpf_loop(10, ...) stopping at index 4 sums 0..3. */
TEST(object_links_bpf_loop_callbacks)
{
	long live = host_allocs_live;
	struct eb_bpf_object *obj = open_object("loop");
	struct pt_regs r = regs(10, 4, 0);
	char log[512] = "";
	size_t size;

	if (!obj)
		return;
	if (eb_bpf_object_load(obj, log, sizeof(log))) {
		fprintf(stderr, "  load: %s\n", log);
		CHECK(!"loop loads");
		eb_bpf_object_close(obj);
		return;
	}
	CHECK_EQ(bpf_prog_run(prog(obj, "loop_sum"), &r), 0);
	CHECK_EQ(*(uint64_t *)eb_bpf_object_find_global(obj, "last_sum", &size), 6);
	CHECK_EQ(*(uint64_t *)eb_bpf_object_find_global(obj, "last_iters", &size), 4);
	CHECK_EQ(*(int64_t *)eb_bpf_object_find_global(obj, "last_ret", &size), 5);
	CHECK_EQ(*(int64_t *)eb_bpf_object_find_global(obj, "flags_ret", &size), -EINVAL);
	eb_bpf_object_close(obj);
	CHECK_EQ(host_allocs_live, live);
}

/* loop_patterns.bpf.c, bpf_loop as real programs use it, loads and
 * runs: each result as the same C computes it. */
TEST(object_bpf_loop_patterns_of_real_programs)
{
	long live = host_allocs_live;
	struct eb_bpf_object *obj = loaded_object("loop_patterns");
	struct pt_regs r = regs(30, 0, 0);
	size_t size;
	uint64_t sq = 0, *v;
	uint32_t k, odd = 0;

	if (!obj)
		return;
	struct bpf_map *vals = eb_bpf_object_find_map(obj, "vals")->map;
	int *selector = eb_bpf_object_find_global(obj, "selector", &size);
	uint64_t *picked = eb_bpf_object_find_global(obj, "picked", &size);

	*selector = 0x0f;
	CHECK_EQ(bpf_prog_run(prog(obj, "pick"), &r), 0);
	CHECK_EQ(*picked, 0x0f);
	*selector = 0;
	CHECK_EQ(bpf_prog_run(prog(obj, "pick"), &r), 0);
	CHECK_EQ(*picked, 0xf0);
	for (int run = 0; run < 2; run++)
		CHECK_EQ(bpf_prog_run(prog(obj, "keep"), &r), 0);
	for (k = 1; k <= 6; k++)
		CHECK((v = bpf_map_lookup_elem(vals, &k)) && *v == 2);
	for (k = 0; k < 30; k++) {	/* the callback, in C */
		sq += (uint64_t)k * k;
		odd += k & 1;
	}
	CHECK_EQ(bpf_prog_run(prog(obj, "squares"), &r), 0);
	k = 0;
	CHECK((v = bpf_map_lookup_elem(vals, &k)) && *v == sq);
	k = 7 + (odd & 7);
	CHECK((v = bpf_map_lookup_elem(vals, &k)) && *v == 30);
	r = regs(30, 5, 0);
	CHECK_EQ(bpf_prog_run(prog(obj, "through"), &r), 0);
	for (k = 14; k <= 15; k++)	/* 30 * 5 + 29 * 30 / 2 */
		CHECK((v = bpf_map_lookup_elem(vals, &k)) && *v == 150 + 435);
	eb_bpf_object_close(obj);
	CHECK_EQ(host_allocs_live, live);
}

TEST(object_tracepoint_program_is_verified_for_its_ctx_size)
{
	long live;
	struct eb_bpf_object *obj;
	char log[512] = "";

	CHECK(refused("nested", NULL,
		      (const char *[]){ "program 'on_enter'",
					"section 'tracepoint/raw_syscalls/sys_enter'",
					"context", NULL }));
	/* refused, then loaded once given its context size */
	if (!(obj = open_object("nested")))
		return;
	live = host_allocs_live;
	CHECK_EQ(eb_bpf_object_load(obj, log, sizeof(log)), -EINVAL);
	CHECK_EQ(host_allocs_live, live);
	CHECK(!eb_bpf_object_map(obj, 0)->map && !eb_bpf_object_program(obj, 0)->prog);
	CHECK_EQ(eb_bpf_object_set_ctx_size(obj, "on_enter", 16), 0);
	CHECK_EQ(eb_bpf_object_load(obj, log, sizeof(log)), 0);
	CHECK_EQ(eb_bpf_object_load(obj, log, sizeof(log)), -EBUSY);
	CHECK_EQ(eb_bpf_object_set_ctx_size(obj, "on_enter", 8), -EBUSY);
	CHECK(eb_bpf_object_map(obj, 0)->map && eb_bpf_object_program(obj, 0)->prog);
	eb_bpf_object_close(obj);
}

/* The objects of tests/bpf that must be refused, and what their
 * messages must name. */
static const struct {
	const char *object;
	const char *what[4];
} bad_objects[] = {
	{ "bad_map_type", { "map 'events'", "map type lpm_trie is not supported" } },
	{ "bad_map_attr", { "map 'pinned'", "attribute 'pinning'" } },
	{ "bad_map_size", { "map 'sizes'", "attribute 'key_size' says 8", "4" } },
	{ "bad_extern", { "section 'kprobe/do_work'", "relocation #0",
			  "'missing_counter'" } },
	{ "bad_verify", { "program 'read_past_regs'", "section 'kprobe/do_work'",
			  "insn " } },
	{ "bad_helper", { "program 'store_bytes'", "section 'kprobe/do_work'",
			  "(call bpf_skb_store_bytes#9): program of this type cannot use helper bpf_skb_store_bytes#9" } },
	{ "bad_strncmp", { "program 'cmp_data'", "(call bpf_strncmp#182): r3 is a map value pointer, "
			   "not a string in a frozen read-only map (.rodata)" } },
	{ "rodata_write", { "program 'write_limit'", "read-only map '.rodata'" } },
	{ "bad_section", { "section 'uprobe/bin/sh:main'" } },
	{ "proprietary", { "program 'say'", "section 'kprobe/do_work'",
			   "bpf_trace_printk#6: cannot call GPL-restricted function "
			   "from non-GPL compatible program" } },
	{ "proprietary_perf", { "program 'send'", "bpf_perf_event_output#25: cannot call "
				"GPL-restricted function from non-GPL compatible program" } },
	{ "bad_perf_map", { "program 'send'", "cannot pass map_type 27 (ringbuf) into "
			    "func bpf_perf_event_output#25" } },
	{ "bad_cgroup_map", { "program 'peek'", "cannot pass map_type 8 (cgroup_array) "
			      "into func bpf_map_lookup_elem#1" } },
	{ "bad_tail_map", { "program 'jump' (section 'kprobe/do_work'): insn ",
			    " (call bpf_tail_call#12): cannot pass map_type 2 (array) into func bpf_tail_call#12" } },
	{ "bad_inner", { "map 'outer': slot 1: map 'wide' has key_size 8, the template 4" } },
	{ "nested_inner", { "map 'outer.inner': map type array_of_maps is a map of maps: maps of maps hold no maps of maps" } },
	{ "slot_past_end", { "section '.maps': relocation #0 against 'inner': slot 3 of map 'outer' is past its 2 slots" } },
	{ "no_inner", { "map 'outer': a map of maps needs its inner maps' definition, __array(values, struct {...})" } },
	{ "bad_tail_slot", { "program 'on_event' (section "
			     "'tracepoint/raw_syscalls/sys_enter'): prog array "
			     "'jmp': slot 1: its programs are of type 2 and ",
			     "this one is of type 5 and " } },
	{ "bad_loop_ret", { "program 'bad_ret'", "At callback return the register R0 "
			    "has smin=2 smax=2 umax=2 should have been in [0, 1]" } },
	{ "bad_loop_ctx", { "program 'bad_ctx'", "invalid stack write: offset +",
			    "is above the frame (r10)" } },
};

TEST(object_refuses_each_bad_object_naming_what_and_where)
{
	for (size_t i = 0; i < sizeof(bad_objects) / sizeof(bad_objects[0]); i++)
		host_test_case(refused(bad_objects[i].object, NULL, bad_objects[i].what));
}

/* Section name's header in object bytes d (bpf_object_test.h). */
Elf64_Shdr *
section(unsigned char *d, const char *name)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)d;
	Elf64_Shdr *sh = (Elf64_Shdr *)(d + eh->e_shoff);
	const char *names = (const char *)d + sh[eh->e_shstrndx].sh_offset;

	for (int i = 0; i < eh->e_shnum; i++)
		if (!strcmp(names + sh[i].sh_name, name))
			return &sh[i];
	abort();
}

/* Corruptions of count.bpf.o, one field each. */
static void
set_machine_x86(unsigned char *d)
{
	((Elf64_Ehdr *)d)->e_machine = EM_X86_64;
}

static void
set_rel_type_abs32(unsigned char *d)
{
	Elf64_Rel *rel = (Elf64_Rel *)(d + section(d, ".relkprobe/do_work")->sh_offset);

	rel[0].r_info = ELF64_R_INFO(ELF64_R_SYM(rel[0].r_info), 3);
}

static void
set_rel_offset_odd(unsigned char *d)
{
	Elf64_Rel *rel = (Elf64_Rel *)(d + section(d, ".relkprobe/do_work")->sh_offset);

	rel[1].r_offset += 4;
}

static void
set_btf_magic(unsigned char *d)
{
	d[section(d, ".BTF")->sh_offset] ^= 0xff;
}

static void
set_section_past_end(unsigned char *d)
{
	section(d, ".maps")->sh_offset = ~0ull - 4;	/* offset + size wraps */
}

/* Corruptions of tailcall.bpf.o's .maps relocations (jmp's initializer:
 * #0 second at slot 1, #1 third at 2, #2 spin at 4, #3 self at 5). */
static Elf64_Rel *
maps_rel(unsigned char *d)
{
	return (Elf64_Rel *)(d + section(d, ".rel.maps")->sh_offset);
}

/* self's slot 8 of jmp's 8: past jmp, into runs's bytes */
static void
set_slot_past_end(unsigned char *d)
{
	maps_rel(d)[3].r_offset += 3 * 8;
}

/* .maps relocation #0 against symbol name instead. */
static void
set_slot_to(unsigned char *d, const char *name)
{
	Elf64_Rel *rel = maps_rel(d);
	Elf64_Sym *sym = (Elf64_Sym *)(d + section(d, ".symtab")->sh_offset);
	const char *names = (const char *)d + section(d, ".strtab")->sh_offset;
	uint32_t i = 1;

	while (strcmp(names + sym[i].st_name, name))
		i++;
	rel[0].r_info = ELF64_R_INFO(i, ELF64_R_TYPE(rel[0].r_info));
}

/* #0 against runs, a map, not a program */
static void
set_slot_to_map(unsigned char *d)
{
	set_slot_to(d, "runs");
}

/* mapofmaps's #0 (inner_a into outer's slot 0) against count, a
 * program, not a map */
static void
set_inner_to_prog(unsigned char *d)
{
	set_slot_to(d, "count");
}

/* third into second's slot 1 too */
static void
set_slot_twice(unsigned char *d)
{
	maps_rel(d)[1].r_offset = maps_rel(d)[0].r_offset;
}

/* A prog array's initializer naming a slot past it, a map, or one slot
 * twice (which no compiler writes: libbpf keeps the last), a map of
 * maps' naming a program, is refused naming the relocation, and leaves
 * nothing allocated. */
TEST(object_refuses_bad_prog_array_slots_naming_them)
{
	CHECK(refused("tailcall", set_slot_past_end,
		      (const char *[]){ "section '.maps': relocation #3 against 'self' at offset 88: not a slot of a prog array's or map of maps' values", NULL }));
	CHECK(refused("tailcall", set_slot_to_map,
		      (const char *[]){ "section '.maps': relocation #0 (type 2) against 'runs': not a program's address", NULL }));
	CHECK(refused("mapofmaps", set_inner_to_prog,
		      (const char *[]){ "section '.maps': relocation #0 (type 2) against 'count': not a map's (in .maps) address", NULL }));
	CHECK(refused("tailcall", set_slot_twice,
		      (const char *[]){ "section '.maps': relocation #1 against 'third': slot 1 of map 'jmp' is filled by relocation #0 already", NULL }));
}

TEST(object_refuses_corrupt_fields_naming_them)
{
	CHECK(refused("count", set_machine_x86,
		      (const char *[]){ "machine 62", NULL }));
	CHECK(refused("count", set_rel_type_abs32,
		      (const char *[]){ "section 'kprobe/do_work'", "relocation #0",
					"type 3", NULL }));
	CHECK(refused("count", set_rel_offset_odd,
		      (const char *[]){ "section 'kprobe/do_work'", "relocation #1",
					"offset", NULL }));
	CHECK(refused("count", set_btf_magic,
		      (const char *[]){ "section '.BTF'", "magic", NULL }));
	CHECK(refused("count", set_section_past_end,
		      (const char *[]){ "'.maps'", "outside", NULL }));
}

/* The section rename_section_to renames: its name, and the new one (no
 * longer, written over the old in the section name table). */
static const char *rename_from, *rename_to;

static void
rename_section_to(unsigned char *d)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)d;
	Elf64_Shdr *names = (Elf64_Shdr *)(d + eh->e_shoff) + eh->e_shstrndx;

	strcpy((char *)d + names->sh_offset + section(d, rename_from)->sh_name,
	       rename_to);
}

/* Checks count.bpf.o with section from renamed to is refused by open,
 * naming the section and, if not NULL, what it should be. */
static void
check_renamed_refused(const char *from, const char *to, const char *want)
{
	rename_from = from;
	rename_to = to;
	CHECK(refused("count", rename_section_to,
		      (const char *[]){ to, want, NULL }));
}

TEST(object_refuses_bad_section_names)
{
	check_renamed_refused("kretprobe/do_work", "kretprobe/do+4",
			      "not kretprobe/SYMBOL");
	check_renamed_refused("kprobe/do_work+4", "kprobe/do_work+x",
			      "not kprobe/SYMBOL[+OFFSET]");
	check_renamed_refused("kprobe/do_work+4", "kprobe/+4",
			      "not kprobe/SYMBOL[+OFFSET]");
	check_renamed_refused("tracepoint/sched/sched_switch", "tracepoint/sched",
			      "not tracepoint/CATEGORY/NAME");
	check_renamed_refused("tracepoint/sched/sched_switch", "tracepoint/a/b/c",
			      "not tracepoint/CATEGORY/NAME");
	check_renamed_refused("kretprobe/do_work", "asyncprobe/do+4",
			      "not asyncprobe/SYMBOL");
	check_renamed_refused("kprobe/do_work+4", "kprobe/",
			      "not kprobe/SYMBOL[+OFFSET]");
	check_renamed_refused("kprobe/do_work+4", "kprobes/do",
			      "not a program section");
	check_renamed_refused("kretprobe/do_work", "fentry.s/do_work",
			      "sleepable programs are not supported");
	check_renamed_refused("kretprobe/do_work", "fexit",
			      "not fexit/FUNCTION");
	check_renamed_refused("tracepoint/sched/sched_switch", "tracepoint",
			      "not tracepoint/CATEGORY/NAME");
	check_renamed_refused("tracepoint/sched/sched_switch", "tp/sched",
			      "not tracepoint/CATEGORY/NAME");
	check_renamed_refused("tracepoint/sched/sched_switch", "raw_tp/sched/x",
			      "not raw_tp/NAME");
	check_renamed_refused("tracepoint/sched/sched_switch", "tp_btf",
			      "not tp_btf/NAME");
	check_renamed_refused("kprobe/do_work+4", "kprobe.multi/",
			      "not kprobe.multi/PATTERN or kretprobe.multi/PATTERN");
	check_renamed_refused("tracepoint/sched/sched_switch", "kprobe.multi/do[ab]",
			      "(PATTERN of letters, digits and _ . * ?, libbpf's)");
	check_renamed_refused("kprobe/do_work+4", "kprobe.multi/d+4",
			      "not kprobe.multi/PATTERN");
	check_renamed_refused("tracepoint/sched/sched_switch", "perf_event/cpu",
			      "not perf_event (it names no event");
	check_renamed_refused(".maps", "maps", "legacy map definitions");
	check_renamed_refused(".data", ".kcfg", "not supported");
}

/* count.bpf.o with section from renamed to, opened (NULL, having said
 * why, if it is not); *data for the caller to free after closing it. */
static struct eb_bpf_object *
open_renamed(const char *from, const char *to, unsigned char **data)
{
	struct eb_bpf_object *obj = NULL;
	char err[256] = "";
	size_t len;

	*data = read_object("count", &len);
	if (!CHECK(*data))
		return NULL;
	rename_from = from;
	rename_to = to;
	rename_section_to(*data);
	if (eb_bpf_object_open(*data, len, &obj, err, sizeof(err)))
		fprintf(stderr, "  open: %s\n", err);
	return obj;
}

TEST(object_reads_a_hex_kprobe_offset)
{
	unsigned char *data;
	struct eb_bpf_object *obj = open_renamed("kprobe/do_work+4",
						 "kprobe/do+0x10", &data);

	if (CHECK(obj)) {
		const struct eb_bpf_program *p = eb_bpf_object_find_program(obj, "count_offset");

		CHECK(!strcmp(p->target, "do"));
		CHECK_EQ(p->offset, 16);
		eb_bpf_object_close(obj);
	}
	free(data);
}

/* libbpf's other names: tp/CATEGORY/NAME for a tracepoint, and kprobe
 * and kretprobe with no function, for the caller to name one when it
 * attaches (the program's target is then ""); raw tracepoints'
 * raw_tp/NAME, raw_tracepoint/NAME and tp_btf/NAME, NAME the event's;
 * kprobe.multi/PATTERN and kretprobe.multi/PATTERN, or none;
 * perf_event, which names nothing (the caller opens the event);
 * fmod_ret/FUNC a TRACING program on FUNC. */
TEST(object_reads_libbpf_section_aliases)
{
	static const struct {
		const char *from, *to, *prog, *target;
		enum eb_bpf_attach_kind kind;
	} cases[] = {
		{ "tracepoint/sched/sched_switch", "tp/sched/sched_switch",
		  "count_switch", "sched/sched_switch", EB_BPF_ATTACH_TRACEPOINT },
		{ "kprobe/do_work+4", "kprobe", "count_offset", "",
		  EB_BPF_ATTACH_KPROBE },
		{ "kretprobe/do_work", "kretprobe", "count_return", "",
		  EB_BPF_ATTACH_KRETPROBE },
		{ "tracepoint/sched/sched_switch", "raw_tp/sched_switch",
		  "count_switch", "sched_switch", EB_BPF_ATTACH_RAW_TP },
		{ "tracepoint/sched/sched_switch", "raw_tracepoint/sched_switch",
		  "count_switch", "sched_switch", EB_BPF_ATTACH_RAW_TP },
		{ "tracepoint/sched/sched_switch", "tp_btf/sched_switch",
		  "count_switch", "sched_switch", EB_BPF_ATTACH_TP_BTF },
		{ "kprobe/do_work+4", "kprobe.multi/d*", "count_offset", "d*",
		  EB_BPF_ATTACH_KPROBE_MULTI },
		{ "tracepoint/sched/sched_switch", "kretprobe.multi/do_w?rk.*",
		  "count_switch", "do_w?rk.*", EB_BPF_ATTACH_KRETPROBE_MULTI },
		{ "kretprobe/do_work", "kretprobe.multi", "count_return", "",
		  EB_BPF_ATTACH_KRETPROBE_MULTI },
		{ "tracepoint/sched/sched_switch", "perf_event",
		  "count_switch", "", EB_BPF_ATTACH_PERF_EVENT },
		{ "tracepoint/sched/sched_switch", "fmod_ret/do_work",
		  "count_switch", "do_work", EB_BPF_ATTACH_FMOD_RET },
	};
	unsigned char *data;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct eb_bpf_object *obj = open_renamed(cases[i].from,
							 cases[i].to, &data);

		if (CHECK(obj)) {
			const struct eb_bpf_program *p =
				eb_bpf_object_find_program(obj, cases[i].prog);

			CHECK_EQ(p->kind, cases[i].kind);
			CHECK_EQ(p->type, cases[i].kind == EB_BPF_ATTACH_RAW_TP ?
				 BPF_PROG_TYPE_RAW_TRACEPOINT :
				 cases[i].kind == EB_BPF_ATTACH_TP_BTF ||
				 cases[i].kind == EB_BPF_ATTACH_FMOD_RET ?
				 BPF_PROG_TYPE_TRACING :
				 cases[i].kind == EB_BPF_ATTACH_PERF_EVENT ?
				 BPF_PROG_TYPE_PERF_EVENT : p->type);
			CHECK(!strcmp(p->target, cases[i].target));
			CHECK_EQ(p->offset, 0);
			eb_bpf_object_close(obj);
		}
		free(data);
	}
}

/* An asyncprobe/SYMBOL program is a tracepoint program on an async
 * probe's event: its context is a struct eb_async_event. */
TEST(object_reads_an_asyncprobe_section)
{
	unsigned char *data;
	struct eb_bpf_object *obj = open_renamed("tracepoint/sched/sched_switch",
						 "asyncprobe/do_work", &data);
	char err[256] = "";

	if (CHECK(obj)) {
		const struct eb_bpf_program *p = eb_bpf_object_find_program(obj, "count_switch");

		CHECK_EQ(p->kind, EB_BPF_ATTACH_ASYNCPROBE);
		CHECK_EQ(p->type, BPF_PROG_TYPE_TRACEPOINT);
		CHECK(!strcmp(p->target, "do_work"));
		CHECK_EQ(p->ctx_size, sizeof(struct eb_async_event));
		if (eb_bpf_object_load(obj, err, sizeof(err)))
			fprintf(stderr, "  load: %s\n", err);
		CHECK(p->prog);
		eb_bpf_object_close(obj);
	}
	free(data);
}

/* Opens data[0..len) and, if it opens, loads it; true if refused. */
static bool
open_and_load(const unsigned char *data, size_t len)
{
	struct eb_bpf_object *obj = NULL;
	char msg[256];
	int r = eb_bpf_object_open(data, len, &obj, msg, sizeof(msg));

	if (!r) {
		r = eb_bpf_object_load(obj, msg, sizeof(msg));
		eb_bpf_object_close(obj);
	}
	return r != 0;
}

/* Opens and loads every variant of object name (bpf_object_test.h). */
long
refused_variants(const char *name, bool cut, size_t *len)
{
	long live = host_allocs_live, refused = 0;
	unsigned char *data = read_object(name, len);

	if (!CHECK(data))
		return -1;
	for (size_t i = 0; i < *len; i++) {
		/* a copy of exactly i bytes, so reads past it are caught */
		unsigned char *copy = malloc(cut ? i + !i : *len);

		memcpy(copy, data, cut ? i : *len);
		if (!cut)
			copy[i] ^= 0xff;
		refused += open_and_load(copy, cut ? i : *len);
		free(copy);
	}
	CHECK(!open_and_load(data, *len));
	CHECK_EQ(host_allocs_live, live);
	free(data);
	return refused;
}

TEST(each_truncation_is_refused_or_loaded)
{
	size_t len;

	/* the section headers are at the end: every cut loses them */
	CHECK_EQ(refused_variants("count", true, &len), len);
}

TEST(each_byte_corruption_is_refused_or_loaded)
{
	size_t len;
	long refused = refused_variants("count", false, &len);

	CHECK(refused > 0 && refused < (long)len);
}
