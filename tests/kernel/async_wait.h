/* Waiting for tasks in the in-kernel suites of the async runtime
 * (async_test.c, task_view_test.c). */
#ifndef TESTS_KERNEL_ASYNC_WAIT_H
#define TESTS_KERNEL_ASYNC_WAIT_H
#include "async/async.h"

void count_exit(struct task *t, void *arg);
bool wait_count(volatile unsigned *count, unsigned want, unsigned seconds);
bool is_idle(void *task);

#endif
