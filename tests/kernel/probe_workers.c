/* Waking worker harts (probe_workers.h). */
#include "ktest.h"
#include "probe_workers.h"

static void
nothing(void *arg)
{
}

void
let_workers_call(void)
{
	smp_call_all(nothing, 0);
	uint64_t end = time_ns() + 20000;
	while (time_ns() < end)
		;
}
