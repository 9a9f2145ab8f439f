/*
 * A map of maps' lookup from a program, JIT-compiled: a program looking
 * key 0 up in an array of maps (or a hash of maps) holding one inner map
 * there, against the same program with the call replaced by `mov r0, 0`;
 * the difference is the lookup: the helper call, the map type's
 * dispatch, and the slot's map read (a hash's bucket walked under its
 * lock). The inner map's own lookup, which a program does next, costs
 * what that map's does (bpf_jit_map_helper_rv64, an array's inline).
 */
#include <ebreak/bpf.h>
#include <ebreak/port.h>
#include <ebreak/ptregs.h>
#include "bpf/prog.h"
#include "bpf_text.h"
#include "ktest.h"
#include "riscv.h"

#define LOOKUP_TEXT(call)						\
	"stw [%r10-4], 0\n"						\
	"lddw %r1, map_fd(0)\n"						\
	"mov %r2, %r10\n"						\
	"add %r2, -4\n"							\
	call "\n"							\
	"mov %r0, 0\n"							\
	"exit\n"

/* The fewest instructions of 3 runs of prog, interrupts off. */
static uint64_t
run_insns(struct bpf_prog *prog)
{
	struct pt_regs regs = { 0 };
	uint64_t best = ~0ull;

	for (int i = 0; i < 3; i++) {
		unsigned long flags = eb_port_irq_save();
		uint64_t n = rdinstret();

		bpf_prog_run(prog, &regs);
		n = rdinstret() - n;
		eb_port_irq_restore(flags);
		best = n < best ? n : best;
	}
	return best;
}

/* One lookup in a map of maps of type, its slot 0 holding a hash map. */
static uint64_t
lookup_insns(uint32_t type)
{
	struct bpf_map_def inner_def = { BPF_MAP_TYPE_HASH, 4, 8, 4, 0 };
	struct bpf_map_def def = { type, 4, 4, 1, 0 };
	struct bpf_prog_opts opts = { .type = BPF_PROG_TYPE_KPROBE, .nr_maps = 1 };
	struct bpf_map *inner = 0, *map = 0;
	struct bpf_prog *with = 0, *without = 0;
	uint64_t n = 0;
	char err[160];

	if (bpf_map_create(&inner_def, "inner", &inner, err, sizeof err) ||
	    eb_bpf_map_of_maps_create(&def, inner, "outer", &map, err, sizeof err) ||
	    eb_bpf_map_of_maps_update(map, &(uint32_t){ 0 }, inner, BPF_ANY, err,
				      sizeof err)) {
		n = kbench_fail(err);
		goto out;
	}
	opts.maps = &map;
	with = bpf_text_load(LOOKUP_TEXT("call 1"), &opts);
	without = bpf_text_load(LOOKUP_TEXT("mov %r0, 0"), &opts);
	if (!with || !without || !with->jited || !without->jited)
		n = kbench_fail("the programs did not load JIT-compiled");
	else
		n = run_insns(with) - run_insns(without);
out:
	bpf_prog_free(with);
	bpf_prog_free(without);
	bpf_map_free(map);
	bpf_map_free(inner);
	return n;
}

KBENCH(bpf_array_of_maps_lookup, "insns")
{
	return lookup_insns(BPF_MAP_TYPE_ARRAY_OF_MAPS);
}

KBENCH(bpf_hash_of_maps_lookup, "insns")
{
	return lookup_insns(BPF_MAP_TYPE_HASH_OF_MAPS);
}
