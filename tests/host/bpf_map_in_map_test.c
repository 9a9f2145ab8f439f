/*
 * Maps of maps (ARRAY_OF_MAPS, HASH_OF_MAPS), run by the interpreter
 * and, on an RV64 host, the JIT: a program's lookup gives the inner map,
 * which it counts into through the map helpers (or, ring buffers of
 * two sizes, writes a record into); the template refuses an
 * unlike inner map naming what differs, a prog array or a map of maps
 * as Linux does; a slot holds its map after its owner lets it go, and
 * the outer map lets its maps go; the verifier refuses what Linux's
 * refuses (a dereference of the map, a key of another size than the
 * template's, a program's update of the outer map, a use before the
 * null check).
 */
#include <ebreak/errno.h>
#include <string.h>
#include "bpf/prog.h"
#include "bpf_host_load.h"
#include "bpf_object_test.h"
#include "test.h"

/* A map of def (a map of maps of template inner); NULL if refused. */
static struct bpf_map *
map_new(struct bpf_map_def def, const struct bpf_map *inner,
	const char *name)
{
	struct bpf_map *map = NULL;
	char err[160];
	int r = inner ? eb_bpf_map_of_maps_create(&def, inner, name, &map,
						  err, sizeof(err))
		      : bpf_map_create(&def, name, &map, err, sizeof(err));

	if (!CHECK(r == 0))
		fprintf(stderr, "  %s\n", err);
	return map;
}

static const struct bpf_map_def hash_def = { BPF_MAP_TYPE_HASH, 4, 8, 16, 0 };

/* Loads text on a 16-byte context naming maps[0..n), JIT-compiled if
 * jit; NULL if refused, why in err. */
static struct bpf_prog *
load(const char *text, struct bpf_map **maps, size_t n, bool jit, char *err)
{
	struct bpf_verifier_env env = { .ctx_size = 16, .maps = maps,
					.nr_maps = n };

	return host_bpf_load(text, &env, BPF_PROG_TYPE_UNSPEC, jit, err);
}

/* Counts a run under key ctx[1] in the inner map of map 0 under key
 * ctx[0]: r0 1 if counted, 0 if no inner map. */
static const char count_text[] =
	"mov %r6, %r1\n"
	"ldxw %r2, [%r6+0]\nstxw [%r10-4], %r2\n"
	"lddw %r1, map_fd(0)\nmov %r2, %r10\nadd %r2, -4\ncall 1\n"
	"jeq %r0, 0, none\n"
	"mov %r7, %r0\n"
	"ldxw %r2, [%r6+8]\nstxw [%r10-8], %r2\nstdw [%r10-16], 0\n"
	"mov %r1, %r7\nmov %r2, %r10\nadd %r2, -8\nmov %r3, %r10\n"
	"add %r3, -16\nmov %r4, 1\ncall 2\n"
	"mov %r1, %r7\nmov %r2, %r10\nadd %r2, -8\ncall 1\n"
	"jeq %r0, 0, none\n"
	"mov %r1, 1\nlock add [%r0+0], %r1\nmov %r0, 1\nexit\n"
	"none:\nmov %r0, 0\nexit\n";

static uint64_t
counted(struct bpf_map *inner, uint32_t key)
{
	const uint64_t *v = bpf_map_lookup_elem(inner, &key);

	return v ? *v : 0;
}

static char put_err[200];

/* eb_bpf_map_of_maps_update with the key k. */
static int
put(struct bpf_map *map, uint32_t k, struct bpf_map *inner, uint64_t flags)
{
	return eb_bpf_map_of_maps_update(map, &k, inner, flags, put_err,
					 sizeof(put_err));
}

TEST(a_program_counts_into_the_inner_map_its_lookup_gives)
{
	for (int jit = 0; jit < 2; jit++) {
		long live = host_allocs_live;
		struct bpf_map *a = map_new(hash_def, NULL, "a");
		struct bpf_map *b = map_new(hash_def, NULL, "b");
		struct bpf_map_def adef = { BPF_MAP_TYPE_ARRAY_OF_MAPS, 4, 4, 2, 0 };
		struct bpf_map_def hdef = { BPF_MAP_TYPE_HASH_OF_MAPS, 4, 4, 2, 0 };
		struct bpf_map *maps[2] = { map_new(adef, a, "outer"),
					    map_new(hdef, a, "by_key") };
		char err[256];

		for (int m = 0; m < 2; m++) {
			struct bpf_prog *p = load(count_text, &maps[m], 1, jit, err);
			uint64_t ctx[2] = { 1, 7 };

			if (!CHECK(p)) {
				fprintf(stderr, "  %s\n", err);
				continue;
			}
			CHECK_EQ(bpf_prog_run(p, ctx), 0);	/* empty slot */
			CHECK_EQ(put(maps[m], 1, a, BPF_ANY), 0);
			CHECK(bpf_map_lookup_elem(maps[m], &(uint32_t){ 1 }) == a);
			CHECK_EQ(bpf_prog_run(p, ctx), 1);
			CHECK_EQ(put(maps[m], 1, b, BPF_ANY), 0);	/* swapped */
			CHECK_EQ(bpf_prog_run(p, ctx), 1);
			CHECK_EQ(bpf_prog_run(p, ctx), 1);
			CHECK_EQ(counted(a, 7), (uint64_t)m + 1);
			CHECK_EQ(counted(b, 7), 2 * ((uint64_t)m + 1));
			CHECK_EQ(bpf_map_delete_elem(maps[m], &(uint32_t){ 1 }), 0);
			CHECK_EQ(bpf_map_delete_elem(maps[m], &(uint32_t){ 1 }), -ENOENT);
			CHECK_EQ(bpf_prog_run(p, ctx), 0);
			bpf_prog_free(p);
		}
		/* the slots hold a and b after their owner lets them go; the
		 * outer maps let them go with themselves */
		CHECK_EQ(put(maps[0], 0, a, BPF_ANY), 0);
		CHECK_EQ(put(maps[1], 5, b, BPF_ANY), 0);
		bpf_map_free(a);
		bpf_map_free(b);
		CHECK_EQ(counted(bpf_map_lookup_elem(maps[1], &(uint32_t){ 5 }), 7), 4);
		bpf_map_free(maps[0]);
		bpf_map_free(maps[1]);
		CHECK_EQ(host_allocs_live, live);
	}
}

TEST(the_template_refuses_unlike_maps_naming_what_differs)
{
	long live = host_allocs_live;
	struct bpf_map_def adef = { BPF_MAP_TYPE_ARRAY_OF_MAPS, 4, 4, 2, 0 };
	struct bpf_map_def hdef = { BPF_MAP_TYPE_HASH_OF_MAPS, 4, 4, 1, 0 };
	struct bpf_map_def arr = { BPF_MAP_TYPE_ARRAY, 4, 8, 4, 0 };
	struct bpf_map_def arr_any = { BPF_MAP_TYPE_ARRAY, 4, 8, 4, BPF_F_INNER_MAP };
	struct bpf_map_def jmp = { BPF_MAP_TYPE_PROG_ARRAY, 4, 4, 2, 0 };
	struct bpf_map *h = map_new(hash_def, NULL, "h");
	struct bpf_map *h8 = map_new((struct bpf_map_def){ BPF_MAP_TYPE_HASH, 8, 8, 16, 0 },
				     NULL, "wide");
	struct bpf_map *h99 = map_new((struct bpf_map_def){ BPF_MAP_TYPE_HASH, 4, 8, 99, 0 },
				      NULL, "h99");
	struct bpf_map *a4 = map_new(arr, NULL, "a4");
	struct bpf_map *a5 = map_new((struct bpf_map_def){ BPF_MAP_TYPE_ARRAY, 4, 8, 5, 0 },
				     NULL, "a5");
	struct bpf_map *any4 = map_new(arr_any, NULL, "any4");
	struct bpf_map *any9 = map_new((struct bpf_map_def){ BPF_MAP_TYPE_ARRAY, 4, 8, 9,
							     BPF_F_INNER_MAP }, NULL, "any9");
	struct bpf_map *pa = map_new(jmp, NULL, "jmp");
	struct bpf_map *outer = map_new(adef, h, "outer");
	struct bpf_map *by_key = map_new(hdef, h, "by_key");
	struct bpf_map *of_arrays = map_new(adef, a4, "of_arrays");
	struct bpf_map *of_any = map_new(adef, any4, "of_any");
	struct bpf_map *m = NULL;
	char err[200];

	/* what differs, named; the slot as it was */
	CHECK_EQ(put(outer, 0, h, BPF_ANY), 0);
	CHECK_EQ(put(outer, 0, h8, BPF_ANY), -EINVAL);
	CHECK(!strcmp(put_err, "map 'outer': slot 0: map 'wide' has key_size 8, the template 4"));
	CHECK(bpf_map_lookup_elem(outer, &(uint32_t){ 0 }) == h);
	CHECK_EQ(put(outer, 1, a4, BPF_ANY), -EINVAL);
	CHECK(!strcmp(put_err, "map 'outer': slot 1: map 'a4' has type array, the template hash"));
	/* a hash's max_entries is not the template's (Linux's
	 * bpf_map_meta_equal), an array's is unless BPF_F_INNER_MAP */
	CHECK_EQ(put(outer, 1, h99, BPF_ANY), 0);
	CHECK_EQ(put(of_arrays, 0, a5, BPF_ANY), -EINVAL);
	CHECK(!strcmp(put_err, "map 'of_arrays': slot 0: map 'a5' has max_entries 5, the template 4"));
	CHECK_EQ(put(of_any, 0, any9, BPF_ANY), 0);
	CHECK_EQ(put(of_any, 1, a4, BPF_ANY), -EINVAL);
	CHECK(!strcmp(put_err, "map 'of_any': slot 1: map 'a4' has map_flags 0, the template 4096"));
	/* an array's index past its end, flags other than BPF_ANY (Linux's
	 * fd arrays); a hash's flags and room */
	CHECK_EQ(put(outer, 2, h, BPF_ANY), -E2BIG);
	CHECK(!strcmp(put_err, "map 'outer': slot 2: past its 2 slots"));
	CHECK_EQ(put(outer, 0, h, BPF_NOEXIST), -EINVAL);
	CHECK_EQ(put(by_key, 7, h, BPF_EXIST), -ENOENT);
	CHECK(!strcmp(put_err, "map 'by_key': key 7: absent (BPF_EXIST)"));
	CHECK_EQ(put(by_key, 7, h, BPF_NOEXIST), 0);
	CHECK_EQ(put(by_key, 7, h, BPF_NOEXIST), -EEXIST);
	CHECK_EQ(put(by_key, 8, h, BPF_ANY), -E2BIG);
	CHECK(!strcmp(put_err, "map 'by_key': key 8: the map is full"));
	/* not a map of maps; its values only through the update above */
	CHECK_EQ(put(h, 0, h, BPF_ANY), -EINVAL);
	CHECK(!strcmp(put_err, "map 'h' is of type hash, not a map of maps (array_of_maps, hash_of_maps)"));
	CHECK_EQ(bpf_map_update_elem(outer, &(uint32_t){ 0 }, &(uint32_t){ 0 }, 0), -EINVAL);
	/* templates Linux refuses, a value that is no fd's 4 bytes, a map
	 * of maps with no template */
	CHECK_EQ(eb_bpf_map_of_maps_create(&adef, pa, "x", &m, err, sizeof(err)), -EINVAL);
	CHECK(!strcmp(err, "inner map 'jmp' is a prog array: maps of maps hold no prog arrays"));
	CHECK_EQ(eb_bpf_map_of_maps_create(&adef, outer, "x", &m, err, sizeof(err)), -EINVAL);
	CHECK(!strcmp(err, "inner map 'outer' is a map of maps: maps of maps hold no maps of maps"));
	CHECK_EQ(eb_bpf_map_of_maps_create(&(struct bpf_map_def){ BPF_MAP_TYPE_ARRAY_OF_MAPS,
		4, 8, 2, 0 }, h, "x", &m, err, sizeof(err)), -EINVAL);
	CHECK(!strcmp(err, "map of maps value_size is 8, not 4 (a map's fd in Linux)"));
	CHECK_EQ(bpf_map_create(&adef, "x", &m, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "eb_bpf_map_of_maps_create"));
	CHECK_EQ(bpf_map_create(&(struct bpf_map_def){ BPF_MAP_TYPE_HASH, 4, 8, 2,
		BPF_F_INNER_MAP }, "x", &m, err, sizeof(err)), -EINVAL);
	CHECK(!m);
	/* NULL arguments: refused, saying so, the slot as it was */
	CHECK_EQ(eb_bpf_map_of_maps_update(outer, &(uint32_t){ 0 }, NULL, BPF_ANY,
					   err, sizeof(err)), -EINVAL);
	CHECK(!strcmp(err, "map of maps update: map, key or inner is NULL"));
	CHECK_EQ(eb_bpf_map_of_maps_update(outer, NULL, h, BPF_ANY, err, sizeof(err)),
		 -EINVAL);
	CHECK_EQ(eb_bpf_map_of_maps_update(NULL, &(uint32_t){ 0 }, h, BPF_ANY, NULL, 0),
		 -EINVAL);
	CHECK(bpf_map_lookup_elem(outer, &(uint32_t){ 0 }) == h);
	CHECK_EQ(eb_bpf_map_of_maps_create(NULL, h, "x", &m, err, sizeof(err)), -EINVAL);
	CHECK(!strcmp(err, "map of maps create: def or mapp is NULL"));
	CHECK_EQ(eb_bpf_map_of_maps_create(&adef, h, "x", NULL, err, sizeof(err)), -EINVAL);
	CHECK(!m);
	CHECK_EQ(eb_bpf_ringbuf_consume(NULL, NULL, NULL, NULL), -EINVAL);
	CHECK_EQ(eb_bpf_perf_event_consume(NULL, NULL), -EINVAL);
	struct bpf_map *all[] = { h, h8, h99, a4, a5, any4, any9, pa, outer,
				  by_key, of_arrays, of_any };
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		bpf_map_free(all[i]);
	CHECK_EQ(host_allocs_live, live);
}

/* Writes ctx[1] as an 8-byte record into the ring buffer map 0's slot
 * ctx[0] holds: r0 1 if written, 0 if no map or no room. */
static const char ring_text[] =
	"mov %r6, %r1\nldxw %r2, [%r6+0]\nstxw [%r10-4], %r2\n"
	"lddw %r1, map_fd(0)\nmov %r2, %r10\nadd %r2, -4\ncall 1\n"
	"jeq %r0, 0, none\n"
	"mov %r1, %r0\nmov %r2, 8\nmov %r3, 0\ncall 131\n"
	"jeq %r0, 0, none\n"
	"ldxdw %r2, [%r6+8]\nstxdw [%r0+0], %r2\n"
	"mov %r1, %r0\nmov %r2, 0\ncall 132\nmov %r0, 1\nexit\n"
	"none:\nmov %r0, 0\nexit\n";

/* Adds a record's 8 bytes to *arg. */
static int
add_record(void *arg, const void *data, size_t len)
{
	uint64_t v;

	if (len != sizeof(v))
		return -1;
	memcpy(&v, data, sizeof(v));
	*(uint64_t *)arg += v;
	return 0;
}

/* The sum of ring buffer rb's records (each read once). */
static uint64_t
ring_sum(struct bpf_map *rb)
{
	uint64_t sum = 0;

	CHECK(eb_bpf_ringbuf_consume(rb, add_record, &sum, NULL) >= 0);
	return sum;
}

/* Ring buffers of two sizes as inner maps (Linux's template leaves
 * their size free): a program's record, reserved from the one its
 * lookup gives and submitted, is read back from that one only. */
TEST(a_program_writes_into_the_inner_ring_buffer_its_lookup_gives)
{
	for (int jit = 0; jit < 2; jit++) {
		long live = host_allocs_live;
		struct bpf_map *small = map_new((struct bpf_map_def){
			BPF_MAP_TYPE_RINGBUF, 0, 0, 4096, 0 }, NULL, "small");
		struct bpf_map *large = map_new((struct bpf_map_def){
			BPF_MAP_TYPE_RINGBUF, 0, 0, 8192, 0 }, NULL, "large");
		struct bpf_map *outer = map_new((struct bpf_map_def){
			BPF_MAP_TYPE_ARRAY_OF_MAPS, 4, 4, 3, 0 }, small, "rings");
		char err[256];
		struct bpf_prog *p = load(ring_text, &outer, 1, jit, err);

		if (!CHECK(p)) {
			fprintf(stderr, "  %s\n", err);
			continue;
		}
		CHECK_EQ(put(outer, 0, small, BPF_ANY), 0);
		CHECK_EQ(put(outer, 1, large, BPF_ANY), 0);
		CHECK_EQ(bpf_prog_run(p, (uint64_t[2]){ 0, 5 }), 1);
		CHECK_EQ(bpf_prog_run(p, (uint64_t[2]){ 1, 7 }), 1);
		CHECK_EQ(bpf_prog_run(p, (uint64_t[2]){ 1, 9 }), 1);
		CHECK_EQ(bpf_prog_run(p, (uint64_t[2]){ 2, 100 }), 0);
		CHECK_EQ(ring_sum(small), 5);
		CHECK_EQ(ring_sum(large), 16);
		bpf_prog_free(p);
		bpf_map_free(outer);
		bpf_map_free(small);
		bpf_map_free(large);
		CHECK_EQ(host_allocs_live, live);
	}
}

/* A lookup in map 0 of key 0 (at r10-4): r0 its inner map or NULL. */
#define LOOKUP "stw [%r10-4], 0\nlddw %r1, map_fd(0)\nmov %r2, %r10\n" \
	"add %r2, -4\ncall 1\n"

/* What the verifier refuses of an inner map, as Linux's does, and
 * what it must say; maps[0] an array of hash maps (keys 8 bytes). */
static const struct {
	const char *text, *want;
} refusals[] = {
	/* the map is no memory: no load through it */
	{ LOOKUP
	  "jeq %r0, 0, out\nldxdw %r0, [%r0+0]\nout:\nexit\n",
	  "r0 is a map pointer, not a pointer to memory" },
	/* nor a use before its null check */
	{ LOOKUP
	  "mov %r1, %r0\nstdw [%r10-16], 0\nmov %r2, %r10\n"
	  "add %r2, -16\ncall 1\nmov %r0, 0\nexit\n",
	  "r1 is a map pointer or NULL, not a map pointer" },
	/* the template's keys are 8 bytes: 4 written are not a key (its
	 * bytes -12..-9 never written) */
	{ LOOKUP
	  "jeq %r0, 0, out\nstw [%r10-16], 0\nmov %r1, %r0\n"
	  "mov %r2, %r10\nadd %r2, -16\ncall 1\nout:\nmov %r0, 0\nexit\n",
	  "insn 11 (call bpf_map_lookup_elem#1): invalid stack read: offset -12 was never written" },
	/* programs only look maps of maps up */
	{ "stw [%r10-4], 0\nlddw %r1, map_fd(0)\nmov %r2, %r10\nadd %r2, -4\n"
	  "call 3\nexit\n",
	  "cannot pass map_type 12 (array_of_maps) into func bpf_map_delete_elem#3" },
	{ "stw [%r10-4], 0\nlddw %r1, map_fd(0)\nmov %r2, %r10\nadd %r2, -4\n"
	  "mov %r3, %r10\nadd %r3, -4\nmov %r4, 0\ncall 2\nexit\n",
	  "cannot pass map_type 12 (array_of_maps) into func bpf_map_update_elem#2" },
	/* nor arithmetic on it, nor its bytes on the stack read as a
	 * number, nor it read back and dereferenced */
	{ LOOKUP
	  "jeq %r0, 0, out\nadd %r0, 8\nout:\nmov %r0, 0\nexit\n",
	  "arithmetic on r0, a map pointer, is not allowed" },
	{ LOOKUP
	  "jeq %r0, 0, out\nstxdw [%r10-16], %r0\nldxw %r1, [%r10-16]\nout:\n"
	  "mov %r0, 0\nexit\n",
	  "offset -16 holds part of a spilled map pointer" },
	{ LOOKUP
	  "jeq %r0, 0, out\nstxdw [%r10-16], %r0\nldxdw %r1, [%r10-16]\n"
	  "ldxdw %r0, [%r1+0]\nout:\nmov %r0, 0\nexit\n",
	  "insn 9 (ldxdw %r0, [%r1+0]): R1 invalid mem access 'map_ptr' (r1 is a map pointer, not" },
	/* no comparison but its null check, no atomic on it, no helper's
	 * memory, no return of it */
	{ LOOKUP
	  "jeq %r0, 1, out\nout:\nmov %r0, 0\nexit\n",
	  "comparison of r0, a map pointer or NULL, would leak its address" },
	{ LOOKUP
	  "jeq32 %r0, 0, out\nout:\nmov %r0, 0\nexit\n",
	  "32-bit comparison of r0, a map pointer or NULL, is not allowed" },
	{ LOOKUP
	  "jeq %r0, 0, out\nmov %r1, 1\nlock add [%r0+0], %r1\nout:\n"
	  "mov %r0, 0\nexit\n",
	  "atomic operation on r0, a map pointer" },
	{ LOOKUP
	  "jeq %r0, 0, out\nmov %r1, %r0\nmov %r2, 8\nmov %r3, 0\ncall 113\n"
	  "out:\nmov %r0, 0\nexit\n",
	  "r1 is a map pointer, not a pointer to memory" },
	{ LOOKUP
	  "jeq %r0, 0, out\nexit\nout:\nmov %r0, 0\nexit\n",
	  "r0 at exit is a map pointer; returning it would leak it" },
	/* the helpers of the template's type only (a hash: no ring buffer,
	 * no per-hart lookup) */
	{ LOOKUP
	  "jeq %r0, 0, out\nmov %r1, %r0\nmov %r2, %r10\nadd %r2, -4\n"
	  "mov %r3, 4\nmov %r4, 0\ncall 130\nout:\nmov %r0, 0\nexit\n",
	  "cannot pass map_type 1 (hash) into func bpf_ringbuf_output#130" },
	{ LOOKUP
	  "jeq %r0, 0, out\nmov %r1, %r0\nstdw [%r10-16], 0\nmov %r2, %r10\n"
	  "add %r2, -16\nmov %r3, 0\ncall 195\nout:\nmov %r0, 0\nexit\n",
	  "cannot pass map_type 1 (hash) into func bpf_map_lookup_percpu_elem#195" },
	/* a null check of one lookup's result says nothing of another's */
	{ LOOKUP
	  "mov %r6, %r0\nlddw %r1, map_fd(0)\nmov %r2, %r10\nadd %r2, -4\n"
	  "call 1\njeq %r0, 0, out\nstdw [%r10-16], 0\nmov %r1, %r6\n"
	  "mov %r2, %r10\nadd %r2, -16\ncall 1\nout:\nmov %r0, 0\nexit\n",
	  "r1 is a map pointer or NULL, not a map pointer" },
};

TEST(the_verifier_refuses_what_linux_refuses_of_an_inner_map)
{
	struct bpf_map *inner = map_new((struct bpf_map_def){ BPF_MAP_TYPE_HASH,
		8, 8, 4, 0 }, NULL, "wide");
	struct bpf_map *outer = map_new((struct bpf_map_def){
		BPF_MAP_TYPE_ARRAY_OF_MAPS, 4, 4, 1, 0 }, inner, "outer");
	char err[256];

	for (size_t i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++) {
		bool ok = !load(refusals[i].text, &outer, 1, true, err) &&
			  strstr(err, refusals[i].want);

		if (!ok)
			fprintf(stderr, "  #%zu: \"%s\" lacks \"%s\"\n", i, err,
				refusals[i].want);
		host_test_case(ok);
	}
	bpf_map_free(outer);
	bpf_map_free(inner);
}

/* The sum of the 8-byte records a perf event array gave (arg). */
static int
sum_sample(void *arg, unsigned cpu, const void *data, size_t len)
{
	uint64_t v;

	memcpy(&v, data, sizeof v);
	*(uint64_t *)arg += len == 8 ? v : 1000000;
	return 0;
}

/*
 * Perf event arrays as inner maps, as Linux allows (their ops'
 * map_meta_equal): a program's lookup gives the slot's array, whose
 * hart's buffer bpf_perf_event_output writes ctx[0] into; records land
 * in the array the slot holds at the run, both backends.
 */
TEST(perf_event_arrays_as_inner_maps)
{
	static const char text[] =
		"mov %r6, %r1\nstw [%r10-4], 0\nlddw %r1, map_fd(0)\n"
		"mov %r2, %r10\nadd %r2, -4\ncall 1\njeq %r0, 0, none\n"
		"ldxdw %r1, [%r6+0]\nstxdw [%r10-16], %r1\nmov %r1, %r6\n"
		"mov %r2, %r0\nlddw %r3, 0xffffffff\nmov %r4, %r10\n"
		"add %r4, -16\nmov %r5, 8\ncall 25\nexit\n"
		"none:\nmov %r0, 1\nexit\n";
	const struct bpf_map_def pdef = { BPF_MAP_TYPE_PERF_EVENT_ARRAY, 4, 4,
					  1, 0 };
	struct bpf_map *a = map_new(pdef, NULL, "pa"), *b = map_new(pdef, NULL, "pb");
	struct bpf_map *outer = map_new((struct bpf_map_def){
		BPF_MAP_TYPE_ARRAY_OF_MAPS, 4, 4, 1, 0 }, a, "outer");
	uint64_t ctx[2] = { 0 }, sa = 0, sb = 0;
	struct eb_bpf_perf_reader ra = { sum_sample, NULL, &sa },
				  rb = { sum_sample, NULL, &sb };
	char err[256];

	for (int jit = 0; outer && jit < 2; jit++) {
		struct bpf_prog *p = load(text, &outer, 1, jit, err);

		if (!CHECK(p)) {
			fprintf(stderr, "  %s\n", err);
			break;
		}
		CHECK_EQ(bpf_prog_run(p, ctx), 1);	/* an empty slot */
		CHECK_EQ(put(outer, 0, a, BPF_ANY), 0);
		ctx[0] = 5;
		CHECK_EQ(bpf_prog_run(p, ctx), 0);
		CHECK_EQ(put(outer, 0, b, BPF_ANY), 0);
		ctx[0] = 7;
		CHECK_EQ(bpf_prog_run(p, ctx), 0);
		CHECK_EQ(bpf_prog_run(p, ctx), 0);
		CHECK_EQ(eb_bpf_perf_event_consume(a, &ra), 1);
		CHECK_EQ(eb_bpf_perf_event_consume(b, &rb), 2);
		CHECK_EQ(sa, 5 * (jit + 1));
		CHECK_EQ(sb, 14 * (jit + 1));
		CHECK_EQ(bpf_map_delete_elem(outer, &(uint32_t){ 0 }), 0);
		bpf_prog_free(p);
	}
	bpf_map_free(outer);
	bpf_map_free(a);
	bpf_map_free(b);
}
