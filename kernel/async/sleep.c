/*
 * Leaf futures of the clock: sleep until a deadline (the timer interrupt
 * wakes the sleeper) and yield (ready on the next poll).
 */
#include "async/async.h"
#include "riscv.h"

/* Sleepers by deadline, earliest first. */
static struct spinlock timer_lock = SPINLOCK_INIT("sleepers");
static struct sleep *sleepers;

/* Take s off the timer list if it is there. Holding timer_lock. */
static void
unqueue(struct sleep *s)
{
	if (!s->queued)
		return;
	struct sleep **p = &sleepers;
	while (*p != s)
		p = &(*p)->next;
	*p = s->next;
	s->queued = false;
	task_wakers_add(s->task, -1);
}

static enum eb_poll
sleep_poll(struct eb_future *f, struct eb_context *cx)
{
	struct sleep *s = (struct sleep *)f;

	spin_lock(&timer_lock);
	if (rdtime() >= s->deadline) {
		unqueue(s);
		spin_unlock(&timer_lock);
		f->state = EB_FUTURE_DONE;
		return EB_READY;
	}
	s->task = cx->task;
	if (!s->queued) {
		/* After equal deadlines: sleepers that asked first wake
		 * first. */
		struct sleep **p = &sleepers;
		while (*p && (*p)->deadline <= s->deadline)
			p = &(*p)->next;
		s->next = *p;
		*p = s;
		s->queued = true;
		task_wakers_add(s->task, 1);
	}
	spin_unlock(&timer_lock);
	return EB_LEAF_PENDING(f);
}

/* Given up on: off the timer list, so no tick wakes the task for it. */
static void
sleep_cancel(struct eb_future *f)
{
	spin_lock(&timer_lock);
	unqueue((struct sleep *)f);
	spin_unlock(&timer_lock);
}

/* A future ready ns nanoseconds from now (at the first timer tick after:
 * ticks are 10 ms apart). */
void
sleep_init(struct sleep *s, uint64_t ns)
{
	uint64_t ticks = ns / 1000000000 * timebase_hz +
			 ns % 1000000000 * timebase_hz / 1000000000;

	*s = (struct sleep){
		.f = EB_FUTURE_INIT_CANCEL(sleep_poll, sleep_cancel),
		.deadline = rdtime() + ticks };
}

/* Timer interrupt: wake, in deadline order, every sleeper now due. */
void
sleep_tick(void)
{
	uint64_t now = rdtime();

	if (!READ_ONCE(sleepers))
		return;
	spin_lock(&timer_lock);
	while (sleepers && sleepers->deadline <= now) {
		struct sleep *s = sleepers;
		sleepers = s->next;
		s->queued = false;
		task_wake(s->task);
		/* After the wake, ordered by enqueue's fence: as in
		 * waitq_wake_all. */
		task_wakers_add(s->task, -1);
	}
	spin_unlock(&timer_lock);
}

static enum eb_poll
yield_poll(struct eb_future *f, struct eb_context *cx)
{
	struct yield *y = (struct yield *)f;

	if (y->yielded) {
		f->state = EB_FUTURE_DONE;
		return EB_READY;
	}
	y->yielded = true;
	task_wake(cx->task);	/* to the back of the queue */
	return EB_LEAF_PENDING(f);
}

/* A future that is EB_PENDING once, letting other tasks run. */
void
yield_init(struct yield *y)
{
	*y = (struct yield){ .f = EB_FUTURE_INIT(yield_poll) };
}
