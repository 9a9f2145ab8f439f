/*
 * The task view (task_view.h): probes on sched:task_spawn, _poll_begin,
 * _poll_end and _wake keep each task's struct task_stats; snapshots and
 * lints read them.
 *
 * Each probe runs on one hart with interrupts off (tracepoint_call) and
 * writes only the task it is given. A task's poll probes run on the
 * hart polling it, one poll at a time. Its wake probe runs on the
 * waker's hart: for a wake of an idle task before the task is queued
 * again, so before its next poll; for a wake during a poll (the task
 * goes on to WOKEN), alongside that poll's end, which is why wakes and
 * self_wakes are added atomically and the wake's time is kept apart
 * from the poll's (last_wake, last_end). The probes and what they call
 * are EB_NOPROBE: they run in trace context, where a kprobe's handler
 * waking a task (a ring buffer's reader) would hit them again.
 */
#include "trace/task_view.h"
#include "trace/tracepoint.h"
#include "riscv.h"

/* Whether the probes count: all four read it, so they start and stop
 * together (a wake is counted only if the poll it leads to can be). */
static bool enabled;
/* Whether it was ever on: its counts are then those of tasks off. */
static bool was_on;

/* Whether a probe may count now. Acquire: pairs with the release in
 * task_view_enable, so a probe that counts sees the tasks' reset. */
static EB_NOPROBE bool
counting(void)
{
	return __atomic_load_n(&enabled, __ATOMIC_ACQUIRE);
}

static EB_NOPROBE uint64_t
long_poll_ticks(void)
{
	return TASK_LONG_POLL_MS * timebase_hz / 1000;
}

/* Since when st's task has been queued: its wake, or the end of the
 * poll it was woken in. 0 if the view saw neither. */
static EB_NOPROBE uint64_t
queued_since(const struct task_stats *st)
{
	return st->last_wake > st->last_end ? st->last_wake : st->last_end;
}

static EB_NOPROBE void
on_spawn(void *data, const uint64_t *args)
{
	struct task *t = (struct task *)(uintptr_t)args[0];

	if (counting())
		t->stats.last_wake = rdtime();	/* queued from now */
}

/* args: task, id, state (the await point it resumes at). */
static EB_NOPROBE void
on_poll_begin(void *data, const uint64_t *args)
{
	struct task_stats *st = &((struct task *)(uintptr_t)args[0])->stats;
	uint64_t now = rdtime(), since = queued_since(st);
	unsigned hart = cpuid();

	if (!counting())
		return;
	if (since)
		st->scheduled += now - since;
	if (st->polls && hart != st->last_hart)
		st->migrations++;
	st->last_hart = hart;
	st->poll_line = args[2];
	st->recent[st->polls % TASK_RECENT_POLLS] =
		(struct task_poll_record){ .start = now, .hart = hart };
	st->polls++;
	WRITE_ONCE(st->poll_start, now);
}

static EB_NOPROBE void
on_poll_end(void *data, const uint64_t *args)
{
	struct task_stats *st = &((struct task *)(uintptr_t)args[0])->stats;
	uint64_t now = rdtime(), start = st->poll_start;

	if (!counting())
		return;
	st->last_end = now;
	if (!start)
		return;		/* began before the view was on */
	uint64_t d = now - start;
	st->busy += d;
	if (st->polls)		/* 0: running when the view started */
		st->recent[(st->polls - 1) % TASK_RECENT_POLLS].ticks = d;
	if (d >= long_poll_ticks())
		st->long_polls++;
	if (d > st->longest) {
		st->longest = d;
		st->longest_hart = cpuid();
		st->longest_line = st->poll_line;
	}
	WRITE_ONCE(st->poll_start, 0);
}

/* args: waker (task, or 0 for an interrupt), wakee, its state before. */
static EB_NOPROBE void
on_wake(void *data, const uint64_t *args)
{
	struct task *t = (struct task *)(uintptr_t)args[1];
	struct task_stats *st = &t->stats;
	uint64_t now = rdtime();

	if (!counting())
		return;
	__atomic_fetch_add(&st->wakes, 1, __ATOMIC_RELAXED);
	if (args[0] == args[1])
		__atomic_fetch_add(&st->self_wakes, 1, __ATOMIC_RELAXED);
	if (args[2] == TASK_IDLE && st->last_end)
		st->idle += now - st->last_end;
	st->last_wake = now;
}

/* Long polls the watchdog warned of, since boot. */
static unsigned long watchdog_warnings;

/*
 * The watchdog, from this hart's timer interrupt, as Linux's softlockup
 * detector from its timer: polled (the task whose poll the interrupt
 * came in, or NULL) has been in that poll for TASK_LONG_POLL_MS or more:
 * warn of it on the console, once per poll, while it still runs (on one
 * hart too, where no `tasks` can run meanwhile). Only while the view
 * counts (its poll_begin probe keeps the poll's start). Interrupts off;
 * the poll cannot end under it.
 */
EB_NOPROBE void
task_view_tick(struct task *polled)
{
	if (!polled || !counting())
		return;
	struct task_stats *st = &polled->stats;
	uint64_t start = st->poll_start, now = rdtime();

	if (!start || start > now || now - start < long_poll_ticks() ||
	    st->warned_start == start)
		return;
	st->warned_start = start;
	__atomic_fetch_add(&watchdog_warnings, 1, __ATOMIC_RELAXED);
	task_view_warn_long_poll(polled->id, polled->name, now - start,
				 cpuid(), polled->future->poll, st->poll_line);
}

/* How many long polls the watchdog warned of since boot. */
unsigned long
task_view_watchdog_warnings(void)
{
	return __atomic_load_n(&watchdog_warnings, __ATOMIC_RELAXED);
}

static const struct {
	const char *name;
	tracepoint_probe_fn fn;
} probes[] = {
	{ "sched:task_poll_end", on_poll_end },
	{ "sched:task_wake", on_wake },
	{ "sched:task_spawn", on_spawn },
	{ "sched:task_poll_begin", on_poll_begin },
};

/* Counting starts over: every live task as if just woken and polled,
 * and one being polled as if its poll began now (so a poll stuck since
 * before is busy time and can be a long poll). */
static void
reset(struct task *t, void *arg)
{
	uint64_t now = *(uint64_t *)arg;
	uint32_t s = __atomic_load_n(&t->state, __ATOMIC_ACQUIRE);
	bool polled = s == TASK_RUNNING || s == TASK_WOKEN;

	t->stats = (struct task_stats){ .last_wake = now, .last_end = now,
		.poll_start = polled ? now : 0, .last_hart = t->cpu };
}

static void
detach(size_t n)
{
	while (n-- > 0)
		tracepoint_probe_unregister(tracepoint_find(probes[n].name),
					    probes[n].fn, 0);
}

/* Attach the probes (not counting yet): 0, or the first one's error
 * (said on the console) with none attached. */
static int
attach(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(probes); i++) {
		struct tracepoint *tp = tracepoint_find(probes[i].name);
		int err = tracepoint_probe_register(tp, probes[i].fn, 0);
		if (err) {
			tracepoint_attach_error("tasks", tp, err);
			detach(i);
			return err;
		}
	}
	return 0;
}

/*
 * Turn the view on (every live task's counts start at zero) or off (the
 * counts kept as they were). Returns 0, or the error of a probe that
 * could not be attached, said on the console (the view stays off, the
 * counts untouched). Not in trap context, no spinlock held; callers
 * serialize (the shell, a test).
 */
int
task_view_enable(bool on)
{
	if (on == enabled)
		return 0;
	if (!on) {
		/* Every probe stops counting at once; on return from
		 * detach none is still running. */
		__atomic_store_n(&enabled, false, __ATOMIC_RELAXED);
		detach(ARRAY_SIZE(probes));
		return 0;
	}
	int err = attach();
	if (err)
		return err;
	uint64_t now = rdtime();
	executor_for_each_task(reset, &now);
	/* Release: the resets above before any probe counts (counting). */
	__atomic_store_n(&enabled, true, __ATOMIC_RELEASE);
	was_on = true;
	return 0;
}

/* Whether the view is counting. */
bool
task_view_enabled(void)
{
	return enabled;
}

/* Whether the view was ever on since boot. */
bool
task_view_was_on(void)
{
	return was_on;
}

/* What was running, idle or queued at s->now, added to the totals. */
static void
settle(struct task_snapshot *s)
{
	struct task_stats *st = &s->stats;
	uint64_t since = s->state == TASK_IDLE ? st->last_end
		       : s->state == TASK_QUEUED ? queued_since(st)
		       : st->poll_start;
	uint64_t *total = s->state == TASK_IDLE ? &st->idle
			: s->state == TASK_QUEUED ? &st->scheduled : &st->busy;

	if (since && since < s->now)
		*total += s->now - since;
}

/* The lints that apply to s; lost is whether it was seen with no
 * waker. */
static unsigned
lints(const struct task_snapshot *s, bool lost)
{
	const struct task_stats *st = &s->stats;
	unsigned l = lost ? TASK_LINT_LOST_WAKER : 0;

	if (!enabled)
		return l;
	/* poll_start is kept by a poll that began as the view started and
	 * ended before its probes were on: the state says whether a poll
	 * runs now. */
	if ((s->state == TASK_RUNNING || s->state == TASK_WOKEN) &&
	    st->poll_start && st->poll_start < s->now &&
	    s->now - st->poll_start >= long_poll_ticks())
		l |= TASK_LINT_LONG_POLL;
	if (st->long_polls)
		l |= TASK_LINT_LONG_POLLS;
	if (st->wakes >= TASK_SELF_WAKE_MIN && st->self_wakes * 2 > st->wakes)
		l |= TASK_LINT_SELF_WAKES;
	return l;
}

/* The await chain of a task not being polled (whose chain stands
 * still); of one being polled, its top future only. */
static unsigned
await_chain(struct task *t, uint32_t state, struct task_await *chain)
{
	bool still = state == TASK_IDLE || state == TASK_QUEUED;
	unsigned n = 0;

	for (struct eb_future *f = t->future; f && n < TASK_CHAIN_MAX;
	     f = still ? f->awaiting : 0)
		chain[n++] = (struct task_await){ f->poll, f->state };
	return n;
}

struct snap_ctx {
	struct task_snapshot *out;
	size_t max, n;
	size_t left;		/* live tasks past max, not copied */
};

static void
take(struct task *t, void *arg)
{
	struct snap_ctx *c = arg;

	if (c->n == c->max) {
		c->left++;
		return;
	}
	struct task_snapshot *s = &c->out[c->n++];
	/* Idle with no waker, seen twice around the count with no poll
	 * between: wakers are registered in a poll, before the task goes
	 * idle, and unregistered after the wake that ends idling. The
	 * count is read with acquire so that the second look at the state
	 * comes after it: a count of 0 read from a waker's decrement then
	 * sees that waker's wake (the waker fences between the two:
	 * waitq_wake_all), not the IDLE before it. */
	uint32_t state = __atomic_load_n(&t->state, __ATOMIC_ACQUIRE);
	uint64_t polls = READ_ONCE(t->polls);
	bool lost = state == TASK_IDLE &&
		    __atomic_load_n(&t->wakers, __ATOMIC_ACQUIRE) == 0 &&
		    __atomic_load_n(&t->state, __ATOMIC_ACQUIRE) == TASK_IDLE &&
		    READ_ONCE(t->polls) == polls;

	s->id = t->id;
	/* The name, not comm: a process's follows its exec. */
	size_t i = 0;
	for (; t->name[i] && i + 1 < sizeof s->name; i++)
		s->name[i] = t->name[i];
	s->name[i] = 0;
	s->state = state;
	s->wakers = READ_ONCE(t->wakers);
	s->now = rdtime();
	s->stats = t->stats;
	s->depth = await_chain(t, state, s->chain);
	s->lints = lints(s, lost);
	if (enabled)
		settle(s);
}

/*
 * Copy up to max live tasks into out, with their lints; returns how many,
 * and in *left (unless NULL) how many more there were. A task's counts
 * are read while its polls and wakes go on, so they agree with each
 * other only to within a poll. Not in trap context.
 */
size_t
task_view_snapshot(struct task_snapshot *out, size_t max, size_t *left)
{
	struct snap_ctx c = { out, max, 0, 0 };

	executor_for_each_task(take, &c);
	if (left)
		*left = c.left;
	return c.n;
}
