/*
 * Maps of maps on a kprobe: tests/bpf/mapofmaps.bpf.c, embedded in the
 * image, its array and hash of maps filled by the loader from their
 * initializers, count attached to mom_target's kprobe. Each call is
 * counted once in the inner map outer's slot which[0] names and once in
 * by_key[3]'s: the counts must equal mom_target's own count of its
 * calls, JIT-compiled and interpreted. And the inner maps swapped from
 * the library while the other harts call: a run counts in the map it
 * looked up, which the swap lets go only after a grace period, so the
 * maps' counts still add up to the calls, none lost or twice.
 */
#include "ktest.h"
#include "bpf_embedded.h"
#include "busy_callers.h"
#include <ebreak/bpf.h>
#include <ebreak/bpf_object.h>
#include <ebreak/kprobes.h>

static unsigned long mom_target_calls;

__attribute__((noipa)) long mom_target(long a);
long
mom_target(long a)
{
	__atomic_add_fetch(&mom_target_calls, 1, __ATOMIC_RELAXED);
	return a + 1;
}

static struct bpf_map *
map_of(struct eb_bpf_object *obj, const char *name)
{
	return eb_bpf_object_find_map(obj, name)->map;
}

/* The counts in inner map m, every pid's. */
static uint64_t
counted(struct bpf_map *m)
{
	uint32_t pid, *prev = 0;
	uint64_t sum = 0;

	while (!bpf_map_get_next_key(m, prev, &pid)) {
		sum += *(uint64_t *)bpf_map_lookup_elem(m, &pid);
		prev = &pid;
	}
	return sum;
}

/* which[key]: outer's slot count uses (0), calls that counted nowhere
 * (1). */
static uint32_t *
which(struct eb_bpf_object *obj, uint32_t key)
{
	return bpf_map_lookup_elem(map_of(obj, "which"), &key);
}

/* mapofmaps loaded (JIT-compiled if jit) and count attached to
 * mom_target in *link; NULL if either failed. */
static struct eb_bpf_object *
load(bool jit, struct bpf_link **link)
{
	static const struct eb_bpf_kprobe at = { .symbol = "mom_target" };
	struct eb_bpf_object *obj = bpf_embedded_load("mapofmaps", jit);
	struct eb_bpf_attach_point point;
	struct eb_bpf_prog_info info;
	char log[256] = "";

	if (!obj)
		return 0;
	struct bpf_prog *p = eb_bpf_object_find_program(obj, "count")->prog;
	eb_bpf_prog_info(p, &info);
	KEXPECT_EQ(info.jited, jit);
	eb_bpf_kprobe_point(&at, &point);
	if (!KEXPECT_EQ(eb_bpf_attach(p, &point, link, log, sizeof log), 0)) {
		printf("  attach: %s\n", log);
		eb_bpf_object_close(obj);
		return 0;
	}
	return obj;
}

/* 20 calls through outer's slot 0, 10 through slot 1, all 30 through
 * by_key[3]. */
static void
run(bool jit)
{
	struct bpf_link *link = 0;
	struct eb_bpf_object *obj = load(jit, &link);

	if (!obj)
		return;
	unsigned long before = mom_target_calls;
	for (long i = 0; i < 30; i++) {
		*which(obj, 0) = i >= 20;
		KEXPECT_EQ(mom_target(i), i + 1);
	}
	eb_bpf_detach(link);
	KEXPECT_EQ(mom_target_calls - before, 30);
	KEXPECT_EQ(counted(map_of(obj, "inner_a")), 20);
	KEXPECT_EQ(counted(map_of(obj, "inner_b")), 10);
	KEXPECT_EQ(counted(map_of(obj, "inner_c")), 30);
	KEXPECT_EQ(*which(obj, 1), 0);
	eb_bpf_object_close(obj);
}

/* test(jit), the heap as it was after (the probe core's pools, made
 * lazily by the first probe, warmed up before: not leaks). */
static void
heap_kept(void (*test)(bool), bool jit)
{
	bpf_heap_kept("mom_target", test, jit);
}

KTEST(bpf_map_in_map, lookups_count_into_the_inner_maps_jited)
{
	heap_kept(run, true);
}

KTEST(bpf_map_in_map, lookups_count_into_the_inner_maps_interpreted)
{
	heap_kept(run, false);
}

/* mom_target, for busy_callers. */
static void
call_mom_target(void)
{
	mom_target(1);
}

/* While the other harts call: outer's slot 0 swapped between inner_a
 * and spare, by_key[3] given a new map each round (the old one read once
 * the swap returned, then freed). */
static void
swap_under_load(bool jit)
{
	static const struct bpf_map_def hash = { BPF_MAP_TYPE_HASH, 4, 8, 64, 0 };
	struct bpf_link *link = 0;
	struct eb_bpf_object *obj = load(jit, &link);
	uint64_t swapped_out = 0;
	uint32_t zero = 0, three = 3;
	char err[200];
	int bad = 0;

	if (!obj)
		return;
	struct bpf_map *outer = map_of(obj, "outer"), *by_key = map_of(obj, "by_key");
	struct bpf_map *pair[2] = { map_of(obj, "inner_a"), map_of(obj, "spare") };
	struct bpf_map *old = map_of(obj, "inner_c");
	unsigned long before = mom_target_calls;
	busy_callers_start(call_mom_target);
	for (int round = 0; round < 40; round++) {
		struct bpf_map *fresh = 0;

		bad |= eb_bpf_map_of_maps_update(outer, &zero, pair[(round + 1) % 2],
						  BPF_ANY, err, sizeof err);
		mom_target(1);
		bad |= bpf_map_create(&hash, "fresh", &fresh, err, sizeof err) ||
		       eb_bpf_map_of_maps_update(by_key, &three, fresh, BPF_EXIST,
						 err, sizeof err);
		/* a grace period passed: no run still counts into old */
		swapped_out += counted(old);
		if (old != map_of(obj, "inner_c"))
			bpf_map_free(old);	/* ours; the slot let it go */
		old = fresh;
		mom_target(1);
	}
	unsigned long load_calls = busy_callers_stop();
	eb_bpf_detach(link);
	unsigned long calls = mom_target_calls - before;
	uint64_t a = counted(pair[0]), s = counted(pair[1]);
	uint64_t c = swapped_out + counted(old);
	bpf_map_free(old);	/* ours: the slot holds it until the close */
	printf("    %lu calls, %lu from the other harts; %llu in inner_a, %llu "
	       "in spare; %llu in by_key[3]'s 41 maps\n", calls, load_calls,
	       (unsigned long long)a, (unsigned long long)s,
	       (unsigned long long)c);
	KEXPECT_EQ(bad, 0);
	KEXPECT_EQ(calls, load_calls + 80);
	KEXPECT_EQ(a + s, calls);
	KEXPECT(a > 0 && s > 0);
	KEXPECT_EQ(c, calls);
	KEXPECT_EQ(*which(obj, 1), 0);
	eb_bpf_object_close(obj);
}

KTEST(bpf_map_in_map, inner_maps_swapped_under_load_lose_no_count_jited)
{
	heap_kept(swap_under_load, true);
}

KTEST(bpf_map_in_map, inner_maps_swapped_under_load_lose_no_count_interpreted)
{
	heap_kept(swap_under_load, false);
}
