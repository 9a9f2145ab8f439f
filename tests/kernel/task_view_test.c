/*
 * The task view (trace/task_view.c) against the tasks' own counts: each
 * test future counts its polls, measures with rdtime the time it spends
 * inside them, records the hart of each (cpuid) and counts the wakes it
 * makes, and the view's counts must agree. Then the lints: a lost waker
 * flagged and nothing else, a long poll (while it runs, seen from this
 * hart, and after), a task that mostly wakes itself.
 *
 * Times: the view's span of a poll (from its poll_begin probe to its
 * poll_end probe) encloses the span the poll measures itself, so it is
 * never less; it is more by the probes' and the dispatch's few hundred
 * instructions (a few us under QEMU). SLACK_US per poll allows for a
 * timer interrupt landing in that gap, and a twentieth of the total for
 * QEMU translating code the first time it runs (hundreds of us) and for
 * its vCPU threads being descheduled by a loaded host there. The time
 * between polls is the other way round: the view's is inside the
 * task's.
 */
#include "ktest.h"
#include "riscv.h"
#include "async_wait.h"
#include "tp_full.h"
#include "trace/task_view.h"
#include <ebreak/errno.h>

#define SLACK_US 100

static uint64_t
us_ticks(uint64_t us)
{
	return us * timebase_hz / 1000000;
}

/* Whether span small, measured inside span big (in rdtime units), falls
 * short of it by no more than the slack of n gaps between them. */
static bool
within(uint64_t small, uint64_t big, uint64_t n)
{
	if (small <= big && big - small <= n * us_ticks(SLACK_US) + big / 20)
		return true;
	printf("    %lu ticks inside %lu, %lu gaps\n", (unsigned long)small,
	       (unsigned long)big, (unsigned long)n);
	return false;
}

/* The stats a task had when it finished (its on_exit). */
struct kept {
	struct task_stats stats;
	volatile unsigned done;
};

static void
keep(struct task *t, void *arg)
{
	struct kept *k = arg;

	k->stats = t->stats;
	count_exit(t, (void *)&k->done);
}

/* Until t is idle: run tasks here on one hart; on more, leave them to
 * the other harts, so that the tests' own wakes move tasks. */
static void
wait_idle(struct task *t)
{
	uint64_t end = rdtime() + 5 * timebase_hz;

	if (ncpu == 1)
		executor_run_until(is_idle, t);
	while (!is_idle(t) && rdtime() < end)
		;
}

static void
spin_ticks(uint64_t ticks)
{
	uint64_t end = rdtime() + ticks;

	while (rdtime() < end)
		;
}

/* --- counts ------------------------------------------------------------ */

#define ROUNDS 12
#define SPIN_US 2000

/* Each poll spins SPIN_US; odd polls wake their own task, even ones
 * wait for the test's wake; the ROUNDS-th is EB_READY. */
struct subject {
	struct eb_future f;
	unsigned polls, self_wakes, hart_changes;
	unsigned harts[ROUNDS];
	uint64_t busy;		/* rdtime spans measured inside the polls */
};

static enum eb_poll
subject_poll(struct eb_future *f, struct eb_context *cx)
{
	uint64_t t0 = rdtime();
	struct subject *s = (struct subject *)f;
	unsigned hart = cpuid();

	if (s->polls > 0 && hart != s->harts[s->polls - 1])
		s->hart_changes++;
	s->harts[s->polls++] = hart;
	spin_ticks(us_ticks(SPIN_US));
	enum eb_poll r = s->polls == ROUNDS ? EB_READY : EB_PENDING;
	if (r == EB_PENDING && s->polls % 2) {
		task_wake(cx->task);
		s->self_wakes++;
	}
	s->busy += rdtime() - t0;
	return r;
}

/* One life of subject s, its stats kept in k; the test's wakes counted
 * in *wakes. Before each of its wakes the test queues it on the next
 * hart, so on several harts it usually migrates. */
static bool
run_subject(struct subject *s, struct kept *k, unsigned *wakes)
{
	*s = (struct subject){ .f = EB_FUTURE_INIT(subject_poll) };
	*k = (struct kept){ 0 };
	*wakes = 0;
	struct task *t = task_spawn(&s->f, "subject", keep, k);
	if (!KEXPECT(t))
		return false;
	/* Polls 2, 4, ... wait for a wake; 11 wakes itself, 12 is the
	 * last. */
	for (int i = 0; i < ROUNDS / 2 - 1; i++) {
		wait_idle(t);
		t->cpu = (t->cpu + 1) % ncpu;	/* idle: nobody reads it */
		task_wake(t);
		(*wakes)++;
	}
	return KEXPECT(wait_count(&k->done, 1, 5));
}

/* Polls, busy time, wakes, self-wakes, migrations and the recent polls'
 * harts are the subject's own. The busy time is the executor's from
 * before the poll to after it, the subject's inside it: on a loaded host
 * a vCPU descheduled in between adds a host time slice to one poll
 * (seen: 4 ms over 24 ms), so a life over the slack is lived again, up
 * to 3 times; an error of the count's own is in every one. */
KTEST(task_view, counts_match_the_tasks_own)
{
	struct subject s;
	struct kept k;
	unsigned wakes, lives = 0;
	bool busy_within = false;

	KEXPECT_EQ(task_view_enable(true), 0);
	do {
		if (!run_subject(&s, &k, &wakes) ||
		    !KEXPECT(k.stats.busy >= s.busy))	/* in every life */
			break;
		busy_within = within(s.busy, k.stats.busy, s.polls);
	} while (!busy_within && ++lives < 3);
	task_view_enable(false);
	KEXPECT_EQ(k.stats.polls, s.polls);
	KEXPECT_EQ(s.polls, ROUNDS);
	KEXPECT(busy_within);
	KEXPECT_EQ(k.stats.wakes, wakes + s.self_wakes);
	KEXPECT_EQ(k.stats.self_wakes, s.self_wakes);
	/* Against the harts the subject saw itself. Whether it moved at
	 * all is the harts' doing (an idle hart takes a queued task: on a
	 * loaded host one hart may take every one), so it is not asked. */
	KEXPECT_EQ(k.stats.migrations, s.hart_changes);
	for (unsigned i = ROUNDS - TASK_RECENT_POLLS; i < ROUNDS; i++)
		KEXPECT_EQ(k.stats.recent[i % TASK_RECENT_POLLS].hart,
			   s.harts[i]);
}

/* --- a CPU hog --------------------------------------------------------- */

#define HOG_MS 30

struct hog {
	struct eb_future f;
	uint64_t busy;
};

static enum eb_poll
hog_poll(struct eb_future *f, struct eb_context *cx)
{
	struct hog *h = (struct hog *)f;
	uint64_t t0 = rdtime();

	spin_ticks(HOG_MS * timebase_hz / 1000);
	h->busy = rdtime() - t0;
	return EB_READY;
}

KTEST(task_view, cpu_hog_busy_time)
{
	struct hog h = { .f = EB_FUTURE_INIT(hog_poll) };
	struct kept k = { 0 };

	KEXPECT_EQ(task_view_enable(true), 0);
	KEXPECT(task_spawn(&h.f, "hog", keep, &k));
	KEXPECT(wait_count(&k.done, 1, 5));
	task_view_enable(false);
	KEXPECT_EQ(k.stats.polls, 1);
	KEXPECT_EQ(k.stats.wakes, 0);
	KEXPECT(within(h.busy, k.stats.busy, 1));
	KEXPECT_EQ(k.stats.longest, k.stats.busy);
	KEXPECT_EQ(k.stats.recent[0].ticks, k.stats.busy);
	KEXPECT_EQ(k.stats.long_polls, 0);	/* HOG_MS is short of it */
}

/* --- pipe ping-pong ---------------------------------------------------- */

#define VOLLEYS 40

/* Writes its byte to out, reads one from in, VOLLEYS times; the
 * receiver reads first. */
struct player {
	struct eb_future f;
	struct pipe *in, *out;
	bool serves;
	int i;
	char c;
	struct pipe_io io;
	unsigned polls;
	uint64_t busy;
};

static enum eb_poll
volley(struct eb_future *f, struct eb_context *cx)
{
	struct player *p = (struct player *)f;

	EB_ASYNC_BEGIN(f);
	for (p->i = 0; p->i < VOLLEYS; p->i++) {
		if (!p->serves || p->i > 0) {
			pipe_read_init(&p->io, p->in, &p->c, 1);
			EB_AWAIT(f, &p->io.f, cx);
		}
		pipe_write_init(&p->io, p->out, "x", 1);
		EB_AWAIT(f, &p->io.f, cx);
	}
	EB_ASYNC_END(f);
}

static enum eb_poll
player_poll(struct eb_future *f, struct eb_context *cx)
{
	struct player *p = (struct player *)f;
	uint64_t t0 = rdtime();

	p->polls++;
	enum eb_poll r = volley(f, cx);
	p->busy += rdtime() - t0;
	return r;
}

/* A task that finished was woken once before each poll but its first:
 * its wakes are its polls less one. */
KTEST(task_view, pipe_ping_pong)
{
	struct pipe *ab = pipe_alloc(), *ba = pipe_alloc();
	struct player p[2] = {
		{ .f = EB_FUTURE_INIT(player_poll), .in = ba, .out = ab,
		  .serves = true },
		{ .f = EB_FUTURE_INIT(player_poll), .in = ab, .out = ba },
	};
	struct kept k[2] = { 0 };

	KEXPECT_EQ(task_view_enable(true), 0);
	for (int i = 0; i < 2; i++)
		KEXPECT(task_spawn(&p[i].f, "player", keep, &k[i]));
	for (int i = 0; i < 2; i++)
		KEXPECT(wait_count(&k[i].done, 1, 10));
	task_view_enable(false);
	for (int i = 0; i < 2; i++) {
		KEXPECT_EQ(k[i].stats.polls, p[i].polls);
		KEXPECT_EQ(k[i].stats.wakes, p[i].polls - 1);
		KEXPECT_EQ(k[i].stats.self_wakes, 0);
		KEXPECT(within(p[i].busy, k[i].stats.busy, p[i].polls));
		pipe_close(ab, i);
		pipe_close(ba, i);
	}
}

/* --- a sleeper --------------------------------------------------------- */

#define SLEEP_MS 30

/* Sleeps ms, noting when its polls began and the first ended. */
struct sleeper {
	struct eb_future f;
	uint64_t ms;
	struct sleep s;
	unsigned polls;
	uint64_t begin1, end1, begin2;
};

static enum eb_poll
sleeper_poll(struct eb_future *f, struct eb_context *cx)
{
	struct sleeper *s = (struct sleeper *)f;
	uint64_t now = rdtime();

	if (s->polls++ == 0) {
		s->begin1 = now;
		sleep_init(&s->s, s->ms * 1000000);
	} else {
		s->begin2 = now;
	}
	if (eb_future_poll(&s->s.f, cx) == EB_READY)
		return EB_READY;
	s->end1 = rdtime();
	return EB_PENDING;
}

/* A sleeper is queued from its spawn to its first poll, then idle until
 * the timer wakes it, then queued again: idle and scheduled time add up
 * to the gaps it measured, less the probes' time at their ends. It is
 * idle at least until its deadline, and queued for some time, no longer
 * than from its spawn and its deadline to its polls. */
KTEST(task_view, sleeper_idle_and_scheduled)
{
	struct sleeper s = { .f = EB_FUTURE_INIT(sleeper_poll), .ms = SLEEP_MS };
	struct kept k = { 0 };

	KEXPECT_EQ(task_view_enable(true), 0);
	uint64_t spawned = rdtime();
	KEXPECT(task_spawn(&s.f, "sleeper", keep, &k));
	KEXPECT(wait_count(&k.done, 1, 5));
	task_view_enable(false);
	uint64_t gaps = s.begin1 - spawned + s.begin2 - s.end1;
	uint64_t total = k.stats.idle + k.stats.scheduled;
	KEXPECT_EQ(k.stats.polls, 2);
	KEXPECT_EQ(k.stats.wakes, 1);
	KEXPECT_EQ(k.stats.self_wakes, 0);
	KEXPECT(within(total, gaps, 2));
	KEXPECT(k.stats.idle + us_ticks(SLACK_US) >= s.s.deadline - s.end1);
	/* Queued twice: spawn to the first poll, and the timer's wake (at
	 * or after the deadline) to the second. */
	KEXPECT(k.stats.scheduled > 0);
	KEXPECT(k.stats.scheduled <= s.begin1 - spawned +
				      s.begin2 - s.s.deadline);
}

/* --- lints ------------------------------------------------------------- */

/* Spins in its first poll for spin_ms or until told to stop, yields
 * `yields` times (each a self-wake), then reads its pipe: parked on the
 * pipe's wait queue until the writer end closes. */
struct parked {
	struct eb_future f;
	uint64_t spin_ms;
	int yields, i;
	volatile bool started, stop;
	struct yield y;
	struct pipe_io io;
	char c;
};

static enum eb_poll
parked_poll(struct eb_future *f, struct eb_context *cx)
{
	struct parked *p = (struct parked *)f;

	EB_ASYNC_BEGIN(f);
	uint64_t end = rdtime() + p->spin_ms * timebase_hz / 1000;
	p->started = true;
	while (!p->stop && rdtime() < end)
		;
	for (p->i = 0; p->i < p->yields; p->i++) {
		yield_init(&p->y);
		EB_AWAIT(f, &p->y.f, cx);
	}
	EB_AWAIT(f, &p->io.f, cx);
	EB_ASYNC_END(f);
}

/* The deliberately lost waker: EB_PENDING on its first poll with no
 * waker registered anywhere, so only the test's own wake polls it
 * again. */
struct lost {
	struct eb_future f;
	unsigned polls;
};

static enum eb_poll
lost_poll(struct eb_future *f, struct eb_context *cx)
{
	return ((struct lost *)f)->polls++ ? EB_READY : EB_PENDING;
}

/* The live tasks' snapshot of id (n of them in s), or NULL. */
static struct task_snapshot *
find(struct task_snapshot *s, size_t n, unsigned id)
{
	for (size_t i = 0; i < n; i++)
		if (s[i].id == id)
			return &s[i];
	return 0;
}

#define MAX_TASKS 32
#define YIELDS 20

/* Among idle tasks parked on a pipe, on the timer and nowhere, only the
 * last is a lost waker; one that yielded YIELDS times mostly woke
 * itself. */
KTEST(task_view, lints_lost_waker_and_self_wakes)
{
	struct pipe *p = pipe_alloc();
	struct parked r[2] = { { .f = EB_FUTURE_INIT(parked_poll) },
			       { .f = EB_FUTURE_INIT(parked_poll),
				 .yields = YIELDS } };
	struct sleeper sl = { .f = EB_FUTURE_INIT(sleeper_poll), .ms = 1000 };
	struct lost lost = { .f = EB_FUTURE_INIT(lost_poll) };
	struct task_snapshot *s = kmalloc(MAX_TASKS * sizeof *s);
	struct task *t[4];
	volatile unsigned done = 0;

	if (!KEXPECT(p && s))
		return;
	KEXPECT_EQ(task_view_enable(true), 0);
	for (int i = 0; i < 2; i++)
		pipe_read_init(&r[i].io, p, &r[i].c, 1);
	t[0] = task_spawn(&r[0].f, "reader", count_exit, (void *)&done);
	t[1] = task_spawn(&r[1].f, "yielder", count_exit, (void *)&done);
	t[2] = task_spawn(&sl.f, "sleeper", count_exit, (void *)&done);
	t[3] = task_spawn(&lost.f, "lost", count_exit, (void *)&done);
	for (int i = 0; i < 4; i++)
		wait_idle(t[i]);
	size_t n = task_view_snapshot(s, MAX_TASKS, 0);
	struct task_snapshot *mine[4];
	for (int i = 0; i < 4; i++)
		KEXPECT(mine[i] = find(s, n, t[i]->id));
	if (mine[0] && mine[1] && mine[2] && mine[3]) {
		KEXPECT_EQ(mine[0]->lints, 0);
		KEXPECT_EQ(mine[0]->wakers, 1);		/* the pipe's queue */
		KEXPECT_EQ(mine[1]->lints, TASK_LINT_SELF_WAKES);
		KEXPECT_EQ(mine[1]->stats.self_wakes, YIELDS);
		KEXPECT_EQ(mine[2]->lints, 0);
		KEXPECT_EQ(mine[2]->wakers, 1);		/* the timer list */
		KEXPECT_EQ(mine[3]->lints, TASK_LINT_LOST_WAKER);
		KEXPECT_EQ(mine[3]->wakers, 0);
	}
	for (size_t i = 0; i < n; i++)
		if (&s[i] != mine[3] && !KEXPECT(!(s[i].lints &
						   TASK_LINT_LOST_WAKER)))
			printf("    task %u (%s) flagged\n", s[i].id, s[i].name);
	pipe_close(p, true);	/* EOF for the readers */
	task_wake(t[3]);
	KEXPECT(wait_count(&done, 4, 5));
	pipe_close(p, false);
	task_view_enable(false);
	kfree(s);
}

/* The lints of live task t, or ~0 if it is not among the first few. */
static unsigned
lints_of(struct task *t)
{
	struct task_snapshot s[MAX_TASKS / 4];
	size_t n = task_view_snapshot(s, ARRAY_SIZE(s), 0);
	struct task_snapshot *mine = find(s, n, t->id);

	return mine ? mine->lints : ~0u;
}

/* A poll longer than TASK_LONG_POLL_MS: flagged while it runs, as seen
 * from this hart (on several), and after it returned; warned of while it
 * runs by the timer tick's watchdog on its hart (on one hart too), once,
 * and nothing else is. With before, the
 * poll is running when the view is turned on, and the view's counts
 * begin there: busy from then on, no poll counted. */
static void
long_poll(bool before)
{
	struct pipe *p = pipe_alloc();
	struct parked st = { .f = EB_FUTURE_INIT(parked_poll),
		.spin_ms = ncpu > 1 ? 2000 : TASK_LONG_POLL_MS + 20 };
	volatile unsigned done = 0;

	if (!KEXPECT(p))
		return;
	if (!before)
		KEXPECT_EQ(task_view_enable(true), 0);
	unsigned long warnings = task_view_watchdog_warnings();
	pipe_read_init(&st.io, p, &st.c, 1);
	struct task *t = task_spawn(&st.f, "staller", count_exit,
				    (void *)&done);
	if (ncpu > 1) {
		uint64_t end = rdtime() + 2 * timebase_hz;
		while (!st.started && rdtime() < end)
			;
		KEXPECT(st.started);
		if (before)
			KEXPECT_EQ(task_view_enable(true), 0);
		spin_ticks((TASK_LONG_POLL_MS + 10) * timebase_hz / 1000);
		KEXPECT_EQ(lints_of(t), TASK_LINT_LONG_POLL);
		/* The poll goes on until its hart's tick has seen it: a
		 * host that ran that hart's vCPU late (both host cores
		 * busy) must not end it first. */
		end = rdtime() + 5 * timebase_hz;
		while (task_view_watchdog_warnings() == warnings &&
		       rdtime() < end)
			;
		st.stop = true;
	}
	wait_idle(t);
	KEXPECT_EQ(task_view_watchdog_warnings() - warnings, 1);
	KEXPECT(t->stats.warned_start != 0);	/* of its poll */
	KEXPECT_EQ(lints_of(t), TASK_LINT_LONG_POLLS);
	KEXPECT_EQ(t->stats.polls, before ? 0 : 1);
	KEXPECT(t->stats.busy >= TASK_LONG_POLL_MS * timebase_hz / 1000);
	pipe_close(p, true);
	KEXPECT(wait_count(&done, 1, 5));
	pipe_close(p, false);
	task_view_enable(false);
}

KTEST(task_view, lints_long_poll)
{
	long_poll(false);
}

/* The poll was stuck before `tasks on`: flagged all the same (on one
 * hart this hart cannot turn the view on during the poll). */
KTEST(task_view, lints_long_poll_begun_before_on)
{
	if (ncpu > 1)
		long_poll(true);
}

/* A tasks on that cannot attach (sched:task_wake full) fails with its
 * error, leaves the view off and the counts of a task counted before as
 * they were. */
KTEST(task_view, failed_on_keeps_the_counts)
{
	struct lost lost = { .f = EB_FUTURE_INIT(lost_poll) };
	struct tracepoint *wake = tracepoint_find("sched:task_wake");
	volatile unsigned done = 0;

	KEXPECT_EQ(task_view_enable(true), 0);
	struct task *t = task_spawn(&lost.f, "lost", count_exit,
				    (void *)&done);
	if (!KEXPECT(t))
		return;
	wait_idle(t);
	task_view_enable(false);
	struct task_stats before = t->stats;
	unsigned n = tp_fill(wake);
	KEXPECT_EQ(task_view_enable(true), -ENOSPC);
	tp_unfill(wake, n);
	KEXPECT(!task_view_enabled());
	KEXPECT_EQ(before.polls, 1);
	KEXPECT(memcmp(&t->stats, &before, sizeof before) == 0);
	task_wake(t);
	KEXPECT(wait_count(&done, 1, 5));
}

/* A snapshot with room for one task says how many more were live. */
KTEST(task_view, snapshot_counts_the_tasks_left_out)
{
	struct lost lost[2] = { { .f = EB_FUTURE_INIT(lost_poll) },
				{ .f = EB_FUTURE_INIT(lost_poll) } };
	struct task_snapshot s;
	struct task *t[2];
	volatile unsigned done = 0;
	size_t left = 0;

	for (int i = 0; i < 2; i++)
		if (!KEXPECT(t[i] = task_spawn(&lost[i].f, "lost", count_exit,
					       (void *)&done)))
			return;
	for (int i = 0; i < 2; i++)
		wait_idle(t[i]);
	KEXPECT_EQ(task_view_snapshot(&s, 1, &left), 1);
	KEXPECT_EQ(left, executor_live_tasks() - 1);
	KEXPECT(left >= 1);
	for (int i = 0; i < 2; i++)
		task_wake(t[i]);
	KEXPECT(wait_count(&done, 2, 5));
}
