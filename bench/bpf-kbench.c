/*
 * The interpreter on the target: bench/bpf-interp.c's ALU-and-branch loop
 * run in the reference kernel, counted with rdinstret (exact under
 * -icount shift=0). Per eBPF instruction executed, the run's entry and
 * exit included; the loop runs ALU_LOOP_N times, 5 instructions each,
 * plus 3 around it.
 */
#include <ebreak/port.h>
#include "bpf/asm.h"
#include "bpf/prog.h"
#include "ktest.h"
#include "riscv.h"
#include "bpf_alu_loop.h"

#define ALU_LOOP_N 1000

KBENCH(bpf_interp_alu_loop_rv64, "insns/op")
{
	static const char text[] = BPF_ALU_LOOP(ALU_LOOP_N);
	struct bpf_verifier_env env = { 0 };
	struct bpf_insn *insns;
	struct bpf_prog *prog;
	uint64_t ops = 5 * ALU_LOOP_N + 3, n;
	unsigned long flags;
	char err[128];
	size_t len;

	if (bpf_asm(text, &insns, &len, err, sizeof(err)) ||
	    bpf_prog_load_env(insns, len, &env, &prog, err, sizeof(err))) {
		return kbench_fail(err);
	}
	eb_port_free(insns);
	flags = eb_port_irq_save();
	n = rdinstret();
	bpf_prog_run(prog, 0);
	n = rdinstret() - n;
	eb_port_irq_restore(flags);
	bpf_prog_free(prog);
	return (n + ops / 2) / ops;
}
