/* Wait queues: the tasks a leaf future parked on a condition. */
#include "async/async.h"

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
}

/* Wake and unlink every task on q. Caller holds the lock protecting q,
 * so no woken future can finish (and its task be freed) meanwhile. */
void
waitq_wake_all(struct waitq *q)
{
	struct wait_entry *e = q->head;

	q->head = 0;
	for (; e; e = e->next) {
		e->queued = false;
		task_wake(e->task);
	}
}
