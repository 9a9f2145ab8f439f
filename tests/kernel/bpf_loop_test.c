/*
 * bpf_loop from clang-built programs (tests/bpf/loop.bpf.c) on
 * loop_target's kprobe, JIT-compiled and interpreted: for each (n,
 * stop) the sum of indexes below min(n, stop), the iterations and
 * bpf_loop's return are those the same loop in C gives; the program ran
 * once per call loop_target counted; flags 1 gave -EINVAL every time and
 * the nested loops ran sum(0..n-1) inner iterations; for_each_map_elem
 * over a hash of runs per n & 3 called back once per key used so far
 * and summed the runs so far. bad_loop_ret's
 * callback returning 2 and bad_loop_ctx's writing past its context are
 * refused at load, with the verifier's words.
 */
#include "ktest.h"
#include "bpf_embedded.h"
#include <ebreak/bpf.h>
#include <ebreak/bpf_object.h>
#include <ebreak/errno.h>

static unsigned long loop_calls;	/* loop_target's own count */

__attribute__((noipa)) long loop_target(long n, long stop);
long
loop_target(long n, long stop)
{
	loop_calls++;
	return n + stop;
}

/* The program's globals (loop.bpf.c). */
struct loop_globals {
	const uint64_t *hits, *sum, *iters, *seen_total, *hart_total,
		*hart_keys_total;
	const int64_t *ret, *flags_ret, *seen_calls, *hart_calls,
		*hart_keys_calls;
};

static bool
find_globals(struct eb_bpf_object *obj, struct loop_globals *g)
{
	size_t size;

	g->hits = eb_bpf_object_find_global(obj, "hits", &size);
	g->sum = eb_bpf_object_find_global(obj, "last_sum", &size);
	g->iters = eb_bpf_object_find_global(obj, "last_iters", &size);
	g->ret = eb_bpf_object_find_global(obj, "last_ret", &size);
	g->flags_ret = eb_bpf_object_find_global(obj, "flags_ret", &size);
	g->seen_total = eb_bpf_object_find_global(obj, "seen_total", &size);
	g->seen_calls = eb_bpf_object_find_global(obj, "seen_calls", &size);
	g->hart_total = eb_bpf_object_find_global(obj, "hart_total", &size);
	g->hart_calls = eb_bpf_object_find_global(obj, "hart_calls", &size);
	g->hart_keys_total = eb_bpf_object_find_global(obj, "hart_keys_total",
						       &size);
	g->hart_keys_calls = eb_bpf_object_find_global(obj, "hart_keys_calls",
						       &size);
	return KEXPECT(g->hits && g->sum && g->iters && g->ret && g->flags_ret &&
		       g->seen_total && g->seen_calls && g->hart_total &&
		       g->hart_calls && g->hart_keys_total &&
		       g->hart_keys_calls);
}

static void
sums(bool jit)
{
	static const struct eb_bpf_kprobe at = { .symbol = "loop_target" };
	static const long cases[][2] = {
		{ 10, 100 }, { 10, 4 }, { 0, 3 }, { 1, 0 }, { 8, 8 }, { 7, 100 },
		{ 1000, 999 }, { 1 << 23, 5 }, { (1 << 23) + 1, 5 },
	};
	struct eb_bpf_object *obj = bpf_embedded_load("loop", jit);
	struct eb_bpf_attach_point point;
	struct eb_bpf_prog_info info;
	struct loop_globals g;
	struct bpf_link *link;
	uint64_t inner_want = 0, keys = 0;
	bool bucket[4] = { false };
	char log[160];

	if (!obj || !find_globals(obj, &g))
		goto out;
	struct bpf_prog *p = eb_bpf_object_find_program(obj, "loop_sum")->prog;
	eb_bpf_prog_info(p, &info);
	KEXPECT_EQ(info.jited, jit);
	eb_bpf_kprobe_point(&at, &point);
	if (!KEXPECT_EQ(eb_bpf_attach(p, &point, &link, log, sizeof log), 0)) {
		printf("  attach: %s\n", log);
		goto out;
	}
	unsigned long calls = loop_calls;
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		long n = cases[k][0], stop = cases[k][1], ret;
		uint64_t sum = 0, iters = 0;

		/* the callback's loop in C */
		for (ret = 0; ret < n; ret++) {
			if (ret == stop) {
				ret++;
				break;
			}
			sum += (uint64_t)ret;
			iters++;
		}
		if (n > 1 << 23)
			ret = -E2BIG, sum = iters = 0;
		if (n <= 8)
			inner_want += (uint64_t)n * (n - 1) / 2;
		loop_target(n, stop);
		if (!KEXPECT_EQ((long)*g.ret, ret) | !KEXPECT_EQ(*g.sum, sum) |
		    !KEXPECT_EQ(*g.iters, iters))
			printf("  case n=%ld stop=%ld\n", n, stop);
		KEXPECT_EQ((long)*g.flags_ret, -EINVAL);
		keys += !bucket[n & 3];
		bucket[n & 3] = true;
		KEXPECT_EQ(*g.seen_total, k + 1);
		KEXPECT_EQ(*g.seen_calls, (int64_t)keys);
		/* the test runs on one hart: its values are every run's */
		KEXPECT_EQ(*g.hart_total, k + 1);
		KEXPECT_EQ(*g.hart_calls, 4);
		KEXPECT_EQ(*g.hart_keys_total, k + 1);
		KEXPECT_EQ(*g.hart_keys_calls, (int64_t)keys);
	}
	eb_bpf_detach(link);
	KEXPECT_EQ(*g.hits, loop_calls - calls);
	KEXPECT_EQ(loop_calls - calls, sizeof cases / sizeof cases[0]);
	struct bpf_map *inner = eb_bpf_object_find_map(obj, "inner")->map;
	uint32_t key = 0;
	const uint64_t *v = bpf_map_lookup_elem(inner, &key);
	KEXPECT(v && *v == inner_want);
out:
	if (obj)
		eb_bpf_object_close(obj);
}

KTEST(bpf_loop, callback_sums_and_stops_jited) { bpf_heap_kept("loop_target", sums, true); }
KTEST(bpf_loop, callback_sums_and_stops_interpreted) { bpf_heap_kept("loop_target", sums, false); }

/* Object name is refused at load with want in the log. */
static void
refused(const char *name, const char *want)
{
	char log[320] = "";
	size_t heap = kmalloc_live_bytes();

	if (!KEXPECT(!bpf_embedded_try(name, true, log, sizeof log)) ||
	    !KEXPECT(bpf_log_contains(log, want)))
		printf("  %s: %s\n", name, log);
	KEXPECT_EQ(kmalloc_live_bytes(), heap);
}

KTEST(bpf_loop, refuses_a_callback_returning_2)
{
	refused("bad_loop_ret", "At callback return the register R0 has smin=2 smax=2");
}

KTEST(bpf_loop, refuses_a_callback_writing_past_its_context)
{
	refused("bad_loop_ctx", "invalid write to stack R2 off=552 size=8 (invalid stack write: offset +552 is above the frame (r10))");
}
