/* eBPF programs from assembler text (bpf_text.h). */
#include "ktest.h"
#include "bench.h"
#include "bpf_text.h"
#include "bpf_embedded.h"
#include <ebreak/port.h>
#include "bpf/asm.h"

struct bpf_prog *
bpf_text_load(const char *text, const struct bpf_prog_opts *opts)
{
	struct bpf_insn *insns;
	struct bpf_prog *prog;
	char err[160];
	size_t len;

	if (bpf_asm(text, &insns, &len, err, sizeof err)) {
		printf("    bpf_asm: %s\n", err);
		return 0;
	}
	int r = bpf_prog_load(insns, len, opts, &prog, err, sizeof err);
	eb_port_free(insns);
	if (r)
		printf("    load: %s\n", err);
	return r ? 0 : prog;
}

bool
bpf_text_refused(const char *text, const struct bpf_prog_opts *opts,
		 const char *want)
{
	struct bpf_insn *insns;
	struct bpf_prog *prog = 0;
	char err[256] = "";
	size_t len;
	int r;

	if ((r = bpf_asm(text, &insns, &len, err, sizeof err)) == 0) {
		r = bpf_prog_load(insns, len, opts, &prog, err, sizeof err);
		eb_port_free(insns);
		bpf_prog_free(prog);
	}
	if (r && bpf_log_contains(err, want))
		return true;
	printf("    %s: %s\n", text, err);
	return false;
}

struct bpf_prog *
bpf_text_counter(const struct eb_bpf_attach_point *point, struct bpf_map **map,
		 struct bpf_link **link)
{
	struct bpf_map_def def = { BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0 };
	char err[160];

	if (bpf_map_create(&def, "events", map, err, sizeof err)) {
		printf("    map: %s\n", err);
		return 0;
	}
	struct bpf_prog_opts opts = { .type = point->prog_type,
				      .ctx_size = point->ctx_size,
				      .maps = map, .nr_maps = 1 };
	struct bpf_prog *prog = bpf_text_load(bpf_text_count_calls, &opts);
	if (prog && eb_bpf_attach(prog, point, link, err, sizeof err)) {
		printf("    attach: %s\n", err);
		bpf_prog_free(prog);
		prog = 0;
	}
	if (!prog)
		bpf_map_free(*map);
	return prog;
}

struct bpf_prog *
bpf_text_async_counter(const struct eb_bpf_async_probe *bp,
		       struct bpf_map **map, struct bpf_link **link)
{
	struct eb_bpf_attach_point point;

	eb_bpf_async_probe_point(bp, &point);
	return bpf_text_counter(&point, map, link);
}

uint64_t
bpf_text_counter_bench(const struct eb_bpf_attach_point *point,
		       void (*fn)(void))
{
	struct bpf_link *link;
	struct bpf_map *map;
	struct eb_bpf_prog_info info;
	uint32_t key = 0;
	struct bpf_prog *prog = bpf_text_counter(point, &map, &link);

	if (!prog)
		return kbench_fail("counting program not loaded or attached");
	eb_bpf_prog_info(prog, &info);
	uint64_t hits = *(uint64_t *)bpf_map_lookup_elem(map, &key);
	uint64_t v = bench_per_call(fn);
	hits = *(uint64_t *)bpf_map_lookup_elem(map, &key) - hits;
	eb_bpf_detach(link);
	bpf_prog_free(prog);
	bpf_map_free(map);
	if (!info.jited || !hits)
		return kbench_fail("not JIT-compiled, or counted nothing");
	return v;
}

const char bpf_text_count_calls[] =
	"stw [%r10-4], 0\n"
	"lddw %r1, map_fd(0)\n"
	"mov %r2, %r10\n"
	"add %r2, -4\n"
	"call 1\n"			/* bpf_map_lookup_elem */
	"jeq %r0, 0, out\n"
	"mov %r1, 1\n"
	"lock add [%r0+0], %r1\n"
	"out:\n"
	"mov %r0, 0\n"
	"exit\n";

/* a0 is word 10 of struct pt_regs (PT_REGS_PARM1); lookup, else insert
 * 1. */
const char bpf_text_count_by_arg[] =
	"ldxdw %r6, [%r1+80]\n"
	"stxdw [%r10-8], %r6\n"
	"lddw %r1, map_fd(0)\n"
	"mov %r2, %r10\n"
	"add %r2, -8\n"
	"call 1\n"			/* bpf_map_lookup_elem */
	"jeq %r0, 0, new\n"
	"mov %r1, 1\n"
	"lock add [%r0+0], %r1\n"
	"ja out\n"
	"new:\n"
	"stdw [%r10-16], 1\n"
	"lddw %r1, map_fd(0)\n"
	"mov %r2, %r10\n"
	"add %r2, -8\n"
	"mov %r3, %r10\n"
	"add %r3, -16\n"
	"mov %r4, 0\n"
	"call 2\n"			/* bpf_map_update_elem */
	"out:\n"
	"mov %r0, 0\n"
	"exit\n";
