/*
 * What attaching a kprobe.multi link costs per function over the many
 * functions of the pattern ktest_* (the in-kernel suites'): the sites
 * matched, the probes made and registered in one stop_machine (its
 * hit: bpf_kprobe_multi_hit, bench/bpf_kprobe_bench.c).
 */
#include "bench.h"
#include "ktest.h"
#include "bpf_text.h"
#include "riscv.h"
#include <ebreak/bpf.h>

/* bpf_kprobe_array_hit's array counter loaded for a kprobe.multi link,
 * with its map. */
static struct bpf_prog *
load_counter(struct bpf_map **map)
{
	struct bpf_map_def def = { BPF_MAP_TYPE_ARRAY, 4, 8, 16, 0 };
	char err[120];

	if (bpf_map_create(&def, "bench", map, err, sizeof err))
		return 0;
	struct bpf_prog_opts opts = { .type = BPF_PROG_TYPE_KPROBE,
		.maps = map, .nr_maps = 1,
		.expected_attach_type = BPF_TRACE_KPROBE_MULTI };
	struct bpf_prog *prog = bpf_text_load(bpf_text_count_calls, &opts);
	if (!prog)
		bpf_map_free(*map);
	return prog;
}

KBENCH(bpf_kprobe_multi_attach_ktest, "insns/function")
{
	static const struct eb_bpf_kprobe_multi m = { .pattern = "ktest_*" };
	struct eb_bpf_attach_point point;
	struct bpf_link *link;
	struct bpf_map *map;
	char err[160];
	uint64_t cost;
	struct bpf_prog *prog = load_counter(&map);

	if (!prog)
		return kbench_fail("the program did not load");
	uint64_t t0 = rdinstret();
	int r = eb_bpf_kprobe_multi_point(&m, &point, err, sizeof err);
	if (!r)
		r = eb_bpf_attach(prog, &point, &link, err, sizeof err);
	uint64_t t1 = rdinstret();
	if (r) {
		cost = kbench_fail(err);
	} else {
		size_t n = eb_bpf_kprobe_multi_funcs(link);
		cost = n < 100 ? kbench_fail("ktest_* matched fewer than 100 functions")
			       : (t1 - t0) / n;
		eb_bpf_detach(link);
	}
	bpf_prog_free(prog);
	bpf_map_free(map);
	return cost;
}
