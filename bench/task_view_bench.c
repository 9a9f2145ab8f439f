/*
 * What the task view's bookkeeping costs: instructions retired per poll
 * of a task that wakes itself in each poll (a yield: one poll, one wake,
 * one trip through the ready queue), with the view off (the sched
 * tracepoints are nops) and on (their probes count).
 */
#include "ktest.h"
#include "riscv.h"
#include "async_wait.h"
#include "trace/task_view.h"

struct yielder {
	struct eb_future f;
	unsigned left;
};

static enum eb_poll
yielder_poll(struct eb_future *f, struct eb_context *cx)
{
	struct yielder *y = (struct yielder *)f;

	if (y->left-- == 0)
		return EB_READY;
	task_wake(cx->task);
	return EB_PENDING;
}

/* Instructions retired on this hart while a task is spawned, polled n
 * times and freed. */
static uint64_t
run_polls(unsigned n)
{
	struct yielder y = { .f = EB_FUTURE_INIT(yielder_poll), .left = n - 1 };
	volatile unsigned done = 0;
	uint64_t t = rdinstret();

	if (!task_spawn(&y.f, "yielder", count_exit, (void *)&done) ||
	    !wait_count(&done, 1, 60))
		return kbench_fail("the yielding task did not finish");
	return rdinstret() - t;
}

/* Per poll: the difference of 2000 and 1000 polls (spawn and exit
 * cancel out), view on or off. */
static uint64_t
poll_cost(bool on)
{
	if (task_view_enable(on))
		return kbench_fail("task_view_enable failed");
	uint64_t once = run_polls(1000);
	uint64_t v = (run_polls(2000) - once) / 1000;
	task_view_enable(false);
	return v;
}

KBENCH(task_view_poll_off, "insns")
{
	return poll_cost(false);
}

KBENCH(task_view_poll_on, "insns")
{
	return poll_cost(true);
}
