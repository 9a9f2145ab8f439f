/*
 * The baselines every tracing figure is measured against: a plain call
 * and a breakpoint trap that the kernel handles and returns from.
 */
#include "bench.h"
#include "ktest.h"
#include <ebreak/ftrace.h>
#include <ebreak/ptregs.h>

noinline void
bench_empty_function(void)
{
	asm volatile("");
}

EB_NOTRACE noinline void
bench_empty_notrace(void)
{
	asm volatile("");
}

uint64_t
bench_per_call(void (*fn)(void))
{
	uint64_t with = bench_loop_call(fn, BENCH_ITERATIONS);

	return (with - bench_loop_empty(BENCH_ITERATIONS)) / BENCH_ITERATIONS;
}

KBENCH(call_unprobed, "insns")
{
	return bench_per_call(bench_empty_notrace);
}

/* What a disabled patchable entry adds to a call: its jump. */
KBENCH(ftrace_disabled, "insns")
{
	return bench_per_call(bench_empty_function) -
	       bench_per_call(bench_empty_notrace);
}

static bool
skip_ebreak(struct pt_regs *regs)
{
	regs->epc += 4;
	return true;
}

KBENCH(trap_roundtrip, "insns")
{
	trap_break_hook = skip_ebreak;
	uint64_t with = bench_loop_ebreak(BENCH_ITERATIONS);
	trap_break_hook = 0;
	return (with - bench_loop_empty(BENCH_ITERATIONS)) / BENCH_ITERATIONS;
}
