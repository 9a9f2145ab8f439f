/*
 * One tail call's cost, JIT-compiled: a program in slot 0 of a prog
 * array that tail-calls slot 0 runs 34 times (33 tail calls, then the
 * call falls through); with slot 0 empty it runs once (its call counted,
 * then falling through). The difference over 33 is what one tail call
 * taken costs: the checks, the frame popped, the jump and the callee's
 * entry.
 */
#include <ebreak/bpf.h>
#include <ebreak/port.h>
#include <ebreak/ptregs.h>
#include "bpf/jit.h"
#include "bpf/prog.h"
#include "bpf_text.h"
#include "ktest.h"
#include "riscv.h"

static const char tail_self[] =
	"lddw %r2, map_fd(0)\n"
	"mov %r3, 0\n"
	"call 12\n"
	"mov %r0, 0\n"
	"exit\n";

/* Instructions of one run of prog on ctx, interrupts off. */
static uint64_t
run_insns(struct bpf_prog *prog, void *ctx)
{
	unsigned long flags = eb_port_irq_save();
	uint64_t n = rdinstret();

	bpf_prog_run(prog, ctx);
	n = rdinstret() - n;
	eb_port_irq_restore(flags);
	return n;
}

KBENCH(bpf_tail_call, "insns")
{
	struct bpf_map_def def = { BPF_MAP_TYPE_PROG_ARRAY, 4, 4, 1, 0 };
	struct bpf_prog_opts opts = { .type = BPF_PROG_TYPE_KPROBE, .nr_maps = 1 };
	struct pt_regs regs = { 0 };
	struct bpf_map *map;
	struct bpf_prog *prog;
	uint64_t looped, once;
	char err[120];

	if (bpf_map_create(&def, "bench", &map, err, sizeof err))
		return kbench_fail(err);
	opts.maps = &map;
	if (!(prog = bpf_text_load(tail_self, &opts)) || !prog->jited) {
		bpf_prog_free(prog);
		bpf_map_free(map);
		return kbench_fail("the program did not load JIT-compiled");
	}
	run_insns(prog, &regs);	/* warm */
	once = run_insns(prog, &regs);
	if (eb_bpf_prog_array_update(map, 0, prog, err, sizeof err)) {
		bpf_prog_free(prog);
		bpf_map_free(map);
		return kbench_fail(err);
	}
	looped = run_insns(prog, &regs);
	bpf_prog_free(prog);
	bpf_map_free(map);	/* the slot's reference, the last */
	return (looped - once + MAX_TAIL_CALL_CNT / 2) / MAX_TAIL_CALL_CNT;
}

/* main calls f 40 times; f tail-calls the slot pt_regs->epc names (33
 * times taken, the run's count, when it is 0 and holds leaf) and
 * returns 0 when that falls through. */
static const char tail_from_sub[] =
	"mov %r6, %r1\n"
	"mov %r7, 40\n"
	"again:\n"
	"mov %r1, %r6\n"
	"call local f\n"
	"sub %r7, 1\n"
	"jne %r7, 0, again\n"
	"exit\n"
	"f:\n"
	"ldxdw %r3, [%r1+0]\n"
	"lddw %r2, map_fd(0)\n"
	"call 12\n"
	"mov %r0, 0\n"
	"exit\n";
static const char tail_leaf[] = "mov %r0, 0\nexit\n";

/*
 * One tail call's cost from a subprogram, JIT-compiled: tail_from_sub
 * tail-calling leaf, less the same with an index past the array (every
 * call falling through at the index check), over the 33 taken: the
 * checks, the slot's load, the slot's program checked against its
 * frames, the subprogram's frame popped, the jump, leaf's code and its
 * return to main, in place of f's own `mov r0, 0; exit`.
 */
KBENCH(bpf_tail_call_sub, "insns")
{
	struct bpf_map_def def = { BPF_MAP_TYPE_PROG_ARRAY, 4, 4, 1, 0 };
	struct bpf_prog_opts opts = { .type = BPF_PROG_TYPE_KPROBE, .nr_maps = 1 };
	struct pt_regs regs = { 0 };
	struct bpf_map *map;
	struct bpf_prog *prog, *leaf;
	uint64_t taken, past;
	char err[120];

	if (bpf_map_create(&def, "bench", &map, err, sizeof err))
		return kbench_fail(err);
	opts.maps = &map;
	prog = bpf_text_load(tail_from_sub, &opts);
	leaf = bpf_text_load(tail_leaf, &opts);
	if (!prog || !leaf || !prog->jited || !leaf->jited ||
	    eb_bpf_prog_array_update(map, 0, leaf, err, sizeof err)) {
		bpf_prog_free(prog);
		bpf_prog_free(leaf);
		bpf_map_free(map);
		return kbench_fail("the programs did not load JIT-compiled");
	}
	run_insns(prog, &regs);	/* warm */
	taken = run_insns(prog, &regs);
	regs.epc = 9;
	past = run_insns(prog, &regs);
	bpf_prog_free(prog);
	bpf_prog_free(leaf);
	bpf_map_free(map);
	return (taken - past + MAX_TAIL_CALL_CNT / 2) / MAX_TAIL_CALL_CNT;
}
