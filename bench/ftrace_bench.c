/*
 * The tracers' cost per traced call (<ebreak/ftrace.h>): an empty
 * function with the function tracer or function_graph on it alone,
 * above the same call with its site off. No trap: the site calls the
 * trampoline, whose call goes to the dispatcher while a tracer is on.
 */
#include "bench.h"
#include "ktest.h"
#include <ebreak/ftrace.h>

static uint64_t
traced_cost(unsigned tracer)
{
	char why[128];
	uint64_t off = bench_per_call(bench_empty_function);

	if (eb_ftrace_tracer_start(tracer, "bench_empty_function", why,
				   sizeof why) != 1)
		return kbench_fail(why);
	uint64_t on = bench_per_call(bench_empty_function);
	eb_ftrace_tracer_stop(tracer);
	return on - off;
}

/* A record of the call and its caller in the trace ring. */
KBENCH(ftrace_function_hit, "insns")
{
	return traced_cost(EB_FTRACE_FUNCTION);
}

/* Its entry record, the return hook and its return record. */
KBENCH(ftrace_graph_hit, "insns")
{
	return traced_cost(EB_FTRACE_GRAPH);
}
