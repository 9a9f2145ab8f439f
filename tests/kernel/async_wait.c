/* Waiting for tasks (async_wait.h). */
#include "async_wait.h"
#include "riscv.h"

/* A task's on_exit: adds one to the unsigned at arg. */
void
count_exit(struct task *t, void *arg)
{
	__atomic_fetch_add((volatile unsigned *)arg, 1, __ATOMIC_RELEASE);
}

struct until {
	volatile unsigned *count;
	unsigned want;
	uint64_t deadline;
};

static bool
reached(void *arg)
{
	struct until *u = arg;

	return __atomic_load_n(u->count, __ATOMIC_ACQUIRE) >= u->want ||
	       rdtime() > u->deadline;
}

/* Run tasks here until *count reaches want; false after `seconds`. */
bool
wait_count(volatile unsigned *count, unsigned want, unsigned seconds)
{
	struct until u = { count, want, rdtime() + seconds * timebase_hz };

	executor_run_until(reached, &u);
	return *count >= want;
}

bool
wait_count_elsewhere(volatile unsigned *count, unsigned want,
		     unsigned seconds)
{
	struct until u = { count, want, rdtime() + seconds * timebase_hz };

	if (ncpu == 1)
		return wait_count(count, want, seconds);
	while (!reached(&u))
		;
	return *count >= want;
}

/* Whether the task (a struct task *) is idle: for executor_run_until. */
bool
is_idle(void *task)
{
	struct task *t = task;

	return __atomic_load_n(&t->state, __ATOMIC_ACQUIRE) == TASK_IDLE;
}
