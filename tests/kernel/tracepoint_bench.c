/*
 * What a tracepoint site costs: instructions per call of a function that
 * holds only a site, disabled and enabled with one empty probe (compare
 * call_unprobed, an empty function with a frame). Disabled, gcc
 * shrink-wraps the function to `nop; ret`: the argument array and the
 * frame are built only on the enabled path.
 */
#include "bench.h"
#include "ktest.h"
#include "trace/tracepoint.h"

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
		return 0;
	uint64_t v = bench_per_call(traced_function);
	tracepoint_probe_unregister(tp, empty_probe, 0);
	return v;
}
