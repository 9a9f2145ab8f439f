/* Waiting for async tasks in in-kernel tests (task_wait.c). */
#ifndef TESTS_KERNEL_TASK_WAIT_H
#define TESTS_KERNEL_TASK_WAIT_H
#include "async/async.h"

/* An on_exit for task_spawn: adds 1 to the unsigned at arg. */
void count_exit(struct task *t, void *arg);

/* Run tasks on this hart until *count reaches want; false after
 * `seconds`. Interrupts on. */
bool wait_count(volatile unsigned *count, unsigned want, unsigned seconds);

/* As wait_count, but on more than one hart this hart polls nothing
 * meanwhile: tasks run on the others only, and one queued on a hart is
 * taken by that hart (woken from its wfi) or a stealer, not by this
 * hart's hot loop. */
bool wait_count_elsewhere(volatile unsigned *count, unsigned want,
			  unsigned seconds);

/* For executor_run_until: whether task arg is idle (polled EB_PENDING,
 * not woken since). */
bool is_idle(void *arg);

#endif
