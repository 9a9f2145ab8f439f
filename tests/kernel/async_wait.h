/* Waiting for tasks in the in-kernel suites of the async runtime
 * (async_test.c, task_view_test.c, async_probe_test.c). */
#ifndef TESTS_KERNEL_ASYNC_WAIT_H
#define TESTS_KERNEL_ASYNC_WAIT_H
#include "async/async.h"

void count_exit(struct task *t, void *arg);
bool wait_count(volatile unsigned *count, unsigned want, unsigned seconds);
bool is_idle(void *task);

/* As wait_count, but on more than one hart this hart polls nothing
 * meanwhile: tasks run on the others only, and one queued on a hart is
 * taken by that hart (woken from its wfi) or a stealer, not by this
 * hart's hot loop. */
bool wait_count_elsewhere(volatile unsigned *count, unsigned want,
			  unsigned seconds);

#endif
