/* Waiting for async tasks in in-kernel tests (task_wait.h). */
#include "riscv.h"
#include "task_wait.h"

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

bool
is_idle(void *arg)
{
	struct task *t = arg;

	return __atomic_load_n(&t->state, __ATOMIC_ACQUIRE) == TASK_IDLE;
}
