/*
 * The executor and its leaf futures: ping-pong through pipes, sleepers
 * waking in deadline order, wakes during a poll and double wakes, yield.
 * On 4 harts the tasks run on the other harts (and this one); on 1 hart
 * this hart runs them through executor_run_until.
 */
#include "ktest.h"
#include "riscv.h"
#include "async/async.h"
#include "trace/tracepoint.h"
#include "async_wait.h"

/* --- ping-pong --------------------------------------------------------- */

#define ROUNDS 50

struct player {
	struct eb_future f;
	struct pipe *in, *out;
	bool serves;		/* writes first */
	int round;
	char msg[4];
	struct pipe_io io;
	unsigned got;		/* messages received intact */
};

static enum eb_poll
player_poll(struct eb_future *f, struct eb_context *cx)
{
	struct player *p = (struct player *)f;

	EB_ASYNC_BEGIN(f);
	for (p->round = 0; p->round < ROUNDS; p->round++) {
		if (p->serves) {
			pipe_write_init(&p->io, p->out, "ping", 4);
			EB_AWAIT(f, &p->io.f, cx);
		}
		pipe_read_init(&p->io, p->in, p->msg, 4);
		EB_AWAIT(f, &p->io.f, cx);
		if (p->io.ret == 4 &&
		    memcmp(p->msg, p->serves ? "pong" : "ping", 4) == 0)
			p->got++;
		if (!p->serves) {
			pipe_write_init(&p->io, p->out, "pong", 4);
			EB_AWAIT(f, &p->io.f, cx);
		}
	}
	EB_ASYNC_END(f);
}

KTEST(async, pipe_ping_pong)
{
	size_t pages = pages_free(), bytes = kmalloc_live_bytes();
	struct pipe *ab = pipe_alloc(), *ba = pipe_alloc();
	struct player a = { .f = EB_FUTURE_INIT(player_poll), .in = ba, .out = ab,
			    .serves = true };
	struct player b = { .f = EB_FUTURE_INIT(player_poll), .in = ab, .out = ba };
	volatile unsigned done = 0;

	KEXPECT(task_spawn(&a.f, "ping", count_exit, (void *)&done));
	KEXPECT(task_spawn(&b.f, "pong", count_exit, (void *)&done));
	KEXPECT(wait_count(&done, 2, 10));
	KEXPECT_EQ(a.got, ROUNDS);
	KEXPECT_EQ(b.got, ROUNDS);
	for (int i = 0; i < 2; i++) {
		pipe_close(ab, i);
		pipe_close(ba, i);
	}
	KEXPECT_EQ(pages_free(), pages);
	KEXPECT_EQ(kmalloc_live_bytes(), bytes);
}

/* A closed writer end reads as EOF; a closed reader end fails writes. */
struct one_io {
	struct eb_future f;
	struct pipe_io io;
};

static enum eb_poll
one_io_poll(struct eb_future *f, struct eb_context *cx)
{
	struct one_io *o = (struct one_io *)f;

	EB_ASYNC_BEGIN(f);
	EB_AWAIT(f, &o->io.f, cx);
	EB_ASYNC_END(f);
}

KTEST(async, pipe_eof_and_epipe)
{
	struct pipe *p = pipe_alloc();
	char buf[8];
	struct one_io r = { .f = EB_FUTURE_INIT(one_io_poll) };
	volatile unsigned done = 0;

	pipe_read_init(&r.io, p, buf, sizeof buf);
	KEXPECT(task_spawn(&r.f, "reader", count_exit, (void *)&done));
	pipe_close(p, true);
	KEXPECT(wait_count(&done, 1, 5));
	KEXPECT_EQ(r.io.ret, 0);

	struct pipe *q = pipe_alloc();
	struct one_io w = { .f = EB_FUTURE_INIT(one_io_poll) };
	pipe_close(q, false);
	pipe_write_init(&w.io, q, "x", 1);
	KEXPECT(task_spawn(&w.f, "writer", count_exit, (void *)&done));
	KEXPECT(wait_count(&done, 2, 5));
	KEXPECT_EQ(w.io.ret, -32);	/* -EPIPE */
	pipe_close(q, true);
}

/* --- sleepers ---------------------------------------------------------- */

#define SLEEPERS 16
#define SPACING_MS 5	/* several fall due within one 10 ms tick */

struct sleeper {
	struct eb_future f;
	uint64_t ms;
	struct sleep s;
	bool on_time;		/* not before its deadline */
};

static enum eb_poll
sleeper_poll(struct eb_future *f, struct eb_context *cx)
{
	struct sleeper *s = (struct sleeper *)f;

	EB_ASYNC_BEGIN(f);
	sleep_init(&s->s, s->ms * 1000000);
	EB_AWAIT(f, &s->s.f, cx);
	s->on_time = rdtime() >= s->s.deadline;
	EB_ASYNC_END(f);
}

/* The wakes the timer made, in order (sched:task_wake with waker 0). */
static struct task *volatile timer_woke[SLEEPERS];
static volatile unsigned timer_wakes;

static void
record_timer_wake(void *data, const uint64_t *args)
{
	if (args[0])
		return;		/* a task woke it, not an interrupt */
	unsigned i = __atomic_fetch_add(&timer_wakes, 1, __ATOMIC_RELAXED);
	if (i < SLEEPERS)
		timer_woke[i] = (struct task *)(uintptr_t)args[1];
}

/* The timer wakes sleepers in deadline order, even several in one tick,
 * and none before its deadline. (When each then runs depends on the
 * harts, so that is not checked.) */
KTEST(async, sleepers_wake_in_deadline_order)
{
	struct tracepoint *tp = tracepoint_find("sched:task_wake");
	struct sleeper s[SLEEPERS];
	struct task *t[SLEEPERS];
	volatile unsigned done = 0;

	timer_wakes = 0;
	KEXPECT_EQ(tracepoint_probe_register(tp, record_timer_wake, 0), 0);
	/* Spawned latest deadline first, so queue order would be wrong. */
	for (int i = 0; i < SLEEPERS; i++) {
		s[i] = (struct sleeper){ .f = EB_FUTURE_INIT(sleeper_poll),
			.ms = (SLEEPERS - i) * SPACING_MS };
		t[i] = task_spawn(&s[i].f, "sleeper", count_exit, (void *)&done);
		KEXPECT(t[i]);
	}
	KEXPECT(wait_count(&done, SLEEPERS, 5));
	tracepoint_probe_unregister(tp, record_timer_wake, 0);
	KEXPECT_EQ(timer_wakes, SLEEPERS);
	/* Deadlines are set at each sleeper's first poll, so compare the
	 * real ones: each wake's is no earlier than the one before. */
	uint64_t last = 0;
	for (int k = 0; k < SLEEPERS; k++) {
		int i = 0;
		while (i < SLEEPERS && t[i] != timer_woke[k])
			i++;
		if (!KEXPECT(i < SLEEPERS))
			break;
		if (!KEXPECT(s[i].s.deadline >= last))
			printf("    wake %d: sleeper %d\n", k, i);
		last = s[i].s.deadline;
		KEXPECT(s[i].on_time);
	}
}

/* --- wakes ------------------------------------------------------------- */

struct waked {
	struct eb_future f;
	volatile bool in_poll, woken;
	volatile unsigned polls;
};

/* First poll: get woken while still inside the poll (by this same hart
 * on 1 hart, by the test hart otherwise), then say EB_PENDING. It must be
 * polled again with no further wake. */
static enum eb_poll
woken_in_poll_poll(struct eb_future *f, struct eb_context *cx)
{
	struct waked *w = (struct waked *)f;

	if (w->polls++ > 0)
		return EB_READY;
	if (ncpu == 1) {
		task_wake(cx->task);
		return EB_PENDING;
	}
	w->in_poll = true;
	uint64_t end = rdtime() + 2 * timebase_hz;
	while (!w->woken && rdtime() < end)
		;
	return EB_PENDING;
}

KTEST(async, woken_during_poll_runs_again)
{
	struct waked w = { .f = EB_FUTURE_INIT(woken_in_poll_poll) };
	volatile unsigned done = 0;
	struct task *t = task_spawn(&w.f, "woken", count_exit, (void *)&done);

	KEXPECT(t);
	if (ncpu > 1) {
		uint64_t end = rdtime() + 2 * timebase_hz;
		while (!w.in_poll && rdtime() < end)
			;
		KEXPECT(w.in_poll);
		KEXPECT_EQ(t->state, TASK_RUNNING);
		task_wake(t);
		KEXPECT_EQ(t->state, TASK_WOKEN);
		w.woken = true;
	}
	KEXPECT(wait_count(&done, 1, 5));
	KEXPECT_EQ(w.polls, 2);
}

/* EB_PENDING on the first poll, EB_READY after. */
static enum eb_poll
pending_once_poll(struct eb_future *f, struct eb_context *cx)
{
	struct waked *w = (struct waked *)f;

	return w->polls++ > 0 ? EB_READY : EB_PENDING;
}

KTEST(async, two_wakes_queue_once)
{
	struct waked w = { .f = EB_FUTURE_INIT(pending_once_poll) };
	volatile unsigned done = 0;
	struct task *t = task_spawn(&w.f, "twice", count_exit, (void *)&done);

	KEXPECT(t);
	executor_run_until(is_idle, t);
	/* Queued twice, it would be polled a third time, after being freed. */
	intr_off();
	task_wake(t);
	task_wake(t);
	intr_on();
	KEXPECT(wait_count(&done, 1, 5));
	KEXPECT_EQ(w.polls, 2);
}

/* --- yield ------------------------------------------------------------- */

#define YIELDERS 6
#define YIELDS 20

struct yielder {
	struct eb_future f;
	int i;
	struct yield y;
	volatile unsigned *turns;
};

static enum eb_poll
yielder_poll(struct eb_future *f, struct eb_context *cx)
{
	struct yielder *y = (struct yielder *)f;

	EB_ASYNC_BEGIN(f);
	for (y->i = 0; y->i < YIELDS; y->i++) {
		__atomic_fetch_add(y->turns, 1, __ATOMIC_RELAXED);
		yield_init(&y->y);
		EB_AWAIT(f, &y->y.f, cx);
	}
	EB_ASYNC_END(f);
}

KTEST(async, yielders_all_finish)
{
	struct yielder y[YIELDERS];
	volatile unsigned turns = 0, done = 0;
	size_t bytes = kmalloc_live_bytes();

	for (int i = 0; i < YIELDERS; i++) {
		y[i] = (struct yielder){ .f = EB_FUTURE_INIT(yielder_poll),
					 .turns = &turns };
		KEXPECT(task_spawn(&y[i].f, "yielder", count_exit,
				   (void *)&done));
	}
	KEXPECT(wait_count(&done, YIELDERS, 5));
	KEXPECT_EQ(turns, YIELDERS * YIELDS);
	KEXPECT_EQ(executor_live_tasks(), 0);
	KEXPECT_EQ(kmalloc_live_bytes(), bytes);
	/* f->state names the await point while suspended, then DONE. */
	KEXPECT_EQ(y[0].f.state, EB_FUTURE_DONE);
}

/* While suspended, a task's future names its await point and the future
 * it awaits (its async backtrace); once done, neither. */
KTEST(async, await_chain_names_the_leaf)
{
	volatile unsigned done = 0;
	struct sleeper s = { .f = EB_FUTURE_INIT(sleeper_poll), .ms = 200 };
	struct task *t = task_spawn(&s.f, "chain", count_exit, (void *)&done);

	if (!KEXPECT(t))
		return;
	executor_run_until(is_idle, t);
	KEXPECT(s.f.state != 0 && s.f.state != EB_FUTURE_DONE);
	KEXPECT_EQ(s.f.awaiting, &s.s.f);
	KEXPECT_EQ(s.s.f.awaiting, 0);		/* a leaf */
	KEXPECT(wait_count(&done, 1, 5));
	KEXPECT_EQ(s.f.state, EB_FUTURE_DONE);
	KEXPECT_EQ(s.f.awaiting, 0);
}
