/* Wait queues: the tasks a leaf future parked on a condition. */
#include "async/async.h"

/* t->wakers counts the entries queued for t, on every queue and the timer
 * list (sleep.c): entries are queued and taken off under different
 * locks, so it changes atomically. */
void
task_wakers_add(struct task *t, int n)
{
	__atomic_fetch_add(&t->wakers, n, __ATOMIC_RELAXED);
}

/* Park t on q through e (once: adding a queued entry again does
 * nothing). Caller holds the lock protecting q. */
void
waitq_add(struct waitq *q, struct wait_entry *e, struct task *t)
{
	e->task = t;
	if (e->queued)
		return;
	e->next = q->head;
	q->head = e;
	e->queued = true;
	task_wakers_add(t, 1);
}

/* Take e off q if it is there. Caller holds the lock protecting q. */
void
waitq_del(struct waitq *q, struct wait_entry *e)
{
	if (!e->queued)
		return;
	for (struct wait_entry **p = &q->head; *p; p = &(*p)->next) {
		if (*p == e) {
			*p = e->next;
			break;
		}
	}
	e->queued = false;
	task_wakers_add(e->task, -1);
}

/* Wake and unlink every task on q. Caller holds the lock protecting q,
 * so no woken future can finish (and its task be freed) meanwhile. */
void
waitq_wake_all(struct waitq *q)
{
	struct wait_entry *e = q->head;

	q->head = 0;
	while (e) {
		struct wait_entry *next = e->next;
		e->queued = false;
		task_wake(e->task);
		/* After the wake: an idle task is never seen without a
		 * waker while one is on its way (the task view's lint).
		 * Ordered after it by the SEQ_CST fence in enqueue
		 * (executor.c), which task_wake passes through whenever it
		 * takes a task out of IDLE, the only state the lint
		 * flags; the lint reads the count with acquire. */
		task_wakers_add(e->task, -1);
		e = next;
	}
}
