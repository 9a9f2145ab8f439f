/*
 * What a tracepoint site costs: instructions per call of a function that
 * holds only a site, disabled and enabled with one empty probe (compare
 * call_unprobed, an empty function with a frame). Disabled, gcc
 * shrink-wraps the function to `nop; ret`: the argument array and the
 * frame are built only on the enabled path. The same site running a
 * JIT-compiled raw_tp program counting in an array map. And a syscall
 * from user mode, untraced and traced.
 */
#include "bench.h"
#include "bpf_text.h"
#include "ktest.h"
#include "riscv.h"
#include "trace/tracepoint.h"
#include "user/user.h"

DECLARE_TRACEPOINT(sched, task_exit);

static noinline void
traced_function(void)
{
	trace(sched, task_exit, 1, 2, 3);
}

static void
empty_probe(void *data, const uint64_t *args)
{
}

KBENCH(tracepoint_disabled, "insns")
{
	return bench_per_call(traced_function);
}

KBENCH(tracepoint_enabled_empty_probe, "insns")
{
	struct tracepoint *tp = tracepoint_find("sched:task_exit");

	if (tracepoint_probe_register(tp, empty_probe, 0))
		return kbench_fail("tracepoint_probe_register failed");
	uint64_t v = bench_per_call(traced_function);
	tracepoint_probe_unregister(tp, empty_probe, 0);
	return v;
}

/* bpf_text_count_calls as a raw_tp program on the site's tracepoint,
 * JIT-compiled: each call's instructions, site and program. */
KBENCH(bpf_raw_tp_hit, "insns")
{
	struct tracepoint *tp = tracepoint_find("sched:task_exit");
	struct eb_bpf_attach_point point;

	tracepoint_raw_bpf_point(tp, 0, &point);
	return bpf_text_counter_bench(&point, traced_function);
}

/* Instructions retired on this hart while syscount n runs to its end. */
static uint64_t
syscount_run(const char *n)
{
	struct proc *p = proc_spawn("syscount",
				    (const char *[]){ "syscount", n, 0 });

	if (!p)
		return kbench_fail("proc_spawn of syscount failed");
	uint64_t t = rdinstret();
	executor_run_until(proc_exited, p);
	t = rdinstret() - t;
	proc_reap(p);
	return t;
}

/* A getpid from user mode and back, through the task's poll and the
 * syscall future: the difference of 2000 and 1000 calls, per call. */
static uint64_t
getpid_roundtrip(void)
{
	uint64_t once = syscount_run("1000");

	return (syscount_run("2000") - once) / 1000;
}

KBENCH(syscall_getpid_roundtrip, "insns")
{
	return getpid_roundtrip();
}

/* The same with sys_enter and sys_exit each calling an empty probe. */
KBENCH(syscall_getpid_roundtrip_traced, "insns")
{
	struct tracepoint *enter = tracepoint_find("raw_syscalls:sys_enter");
	struct tracepoint *exit = tracepoint_find("raw_syscalls:sys_exit");

	if (tracepoint_probe_register(enter, empty_probe, 0) ||
	    tracepoint_probe_register(exit, empty_probe, 0))
		return kbench_fail("tracepoint_probe_register failed");
	uint64_t v = getpid_roundtrip();
	tracepoint_probe_unregister(enter, empty_probe, 0);
	tracepoint_probe_unregister(exit, empty_probe, 0);
	return v;
}
