/*
 * Async probes (<ebreak/async_probe.h>) on a scripted workload: nested
 * awaits three deep, pipe ping-pong, sleepers, a task that yields (and
 * so moves between harts). Every call's events must form START, then
 * SUSPEND/RESUME pairs, then COMPLETE, as many polls as the executor
 * made; await points are the lines of the EB_AWAITs below; latency and
 * on-CPU time agree with the events' own clock (on-CPU never above the
 * latency) and with the executor's polls' spans, within a slack per
 * poll. Then: a probe registered mid-call, unregistering under load,
 * a full call table, and an eBPF program on a probe's events and the
 * events its probe missed.
 */
#include "ktest.h"
#include "riscv.h"
#include "async/async.h"
#include "trace/tracepoint.h"
#include "async_wait.h"
#include "poll_keeping.h"
#include "bpf_text.h"
#include "trace_collect.h"
#include "bpf/asm.h"
#include <ebreak/async_probe.h>
#include <ebreak/bpf.h>
#include <ebreak/kprobes.h>
#include <ebreak/errno.h>

/* --- the event log ------------------------------------------------------ */

#define LOG_SIZE 6000

struct logged {
	struct async_probe *ap;
	struct eb_async_event ev;
};
static struct logged elog[LOG_SIZE];
static volatile unsigned nlogged;

static void
log_event(struct async_probe *ap, const struct eb_async_event *ev)
{
	unsigned i = __atomic_fetch_add(&nlogged, 1, __ATOMIC_RELAXED);

	if (i < LOG_SIZE) {
		elog[i].ap = ap;
		elog[i].ev = *ev;
		elog[i].ev.regs = 0;	/* gone after the hit */
	}
}

static bool
probe(struct async_probe *ap, eb_poll_fn poll)
{
	*ap = (struct async_probe){ .poll = poll, .handler = log_event };
	return KEXPECT_EQ(register_async_probe(ap), 0);
}

/* What one call's events added up to. */
struct call_sum {
	uint64_t id, parent, task;
	struct eb_future *future;
	unsigned polls, suspends, unseen;
	uint64_t oncpu;		/* COMPLETE's on-CPU time */
	uint64_t latency;	/* COMPLETE's latency */
	bool complete;
};

/*
 * Checks the events of call id of ap in order: START (or, if
 * unseen_ok, a RESUME flagged EB_ASYNC_UNSEEN_START), SUSPEND/RESUME
 * pairs, COMPLETE; one future, parent and task throughout; each SUSPEND
 * at await_line of this file (0: any); latency the time since the first
 * event, on-CPU time the sum of its polls. Fills *s.
 */
static bool
check_call(struct async_probe *ap, uint64_t id, unsigned await_line,
	   bool unseen_ok, struct call_sum *s)
{
	uint64_t first = 0, entry = 0, oncpu = 0;
	unsigned want = EB_ASYNC_START, n = 0;
	bool ok = true;

	*s = (struct call_sum){ .id = id };
	for (unsigned i = 0; i < nlogged && i < LOG_SIZE; i++) {
		const struct eb_async_event *e = &elog[i].ev;
		if (elog[i].ap != ap || e->call_id != id)
			continue;
		if (n++ == 0) {
			first = e->time_ns;
			s->future = e->future;
			s->parent = e->parent_id;
			s->task = e->task_id;
			s->unseen = e->flags & EB_ASYNC_UNSEEN_START;
			if (s->unseen && unseen_ok)
				want = EB_ASYNC_RESUME;
		}
		ok &= KEXPECT(!s->complete);
		bool entry_ev = e->kind == EB_ASYNC_START ||
				e->kind == EB_ASYNC_RESUME;
		if (!(want == EB_ASYNC_SUSPEND && e->kind == EB_ASYNC_COMPLETE))
			ok &= KEXPECT_EQ(e->kind, want);
		ok &= KEXPECT_EQ(e->future, s->future);
		ok &= KEXPECT_EQ(e->parent_id, s->parent);
		ok &= KEXPECT_EQ(e->task_id, s->task);
		ok &= KEXPECT_EQ(e->latency_ns, e->time_ns - first);
		ok &= KEXPECT(e->oncpu_ns <= e->latency_ns);
		if (entry_ev) {
			ok &= KEXPECT_EQ(e->oncpu_ns, oncpu);
			s->polls++;
			entry = e->time_ns;
			want = EB_ASYNC_SUSPEND;
			continue;
		}
		oncpu += e->time_ns - entry;
		ok &= KEXPECT_EQ(e->oncpu_ns, oncpu);
		if (e->kind == EB_ASYNC_COMPLETE) {
			s->complete = true;
			s->oncpu = e->oncpu_ns;
			s->latency = e->latency_ns;
			ok &= KEXPECT_EQ(e->ret, EB_READY);
			continue;
		}
		s->suspends++;
		ok &= KEXPECT_EQ(e->ret, EB_PENDING);
		if (await_line) {
			ok &= KEXPECT_EQ(e->line, await_line);
			ok &= KEXPECT(e->file && !strcmp(e->file, __FILE__));
		}
		want = EB_ASYNC_RESUME;
	}
	return ok && KEXPECT(s->complete);
}

/* The calls of ap in the log, in order of their first event: ids into
 * ids (at most max); returns how many. */
static unsigned
calls_of(struct async_probe *ap, uint64_t *ids, unsigned max)
{
	unsigned n = 0;

	for (unsigned i = 0; i < nlogged && i < LOG_SIZE; i++) {
		unsigned k = 0;
		if (elog[i].ap != ap)
			continue;
		while (k < n && ids[k] != elog[i].ev.call_id)
			k++;
		if (k == n && n < max)
			ids[n++] = elog[i].ev.call_id;
	}
	return n;
}

/* The executor's poll count of each finished task, by top future. */
#define MAX_TASKS 32
static struct {
	struct eb_future *f;
	uint64_t polls;
} finished[MAX_TASKS];
static volatile unsigned nfinished;

static void
note_exit(struct task *t, void *arg)
{
	unsigned i = __atomic_fetch_add(&nfinished, 1, __ATOMIC_RELAXED);

	if (i < MAX_TASKS) {
		finished[i].f = t->future;
		finished[i].polls = t->polls;
	}
	count_exit(t, arg);
}

static uint64_t
task_polls(struct eb_future *f)
{
	for (unsigned i = 0; i < nfinished && i < MAX_TASKS; i++)
		if (finished[i].f == f)
			return finished[i].polls;
	return 0;
}

static void
reset_log(void)
{
	nlogged = 0;
	nfinished = 0;
}

/* --- nested awaits, three deep ------------------------------------------ */

static unsigned inner_line, mid_line, outer_line;	/* their EB_AWAITs */

struct inner {
	struct eb_future f;
	int i;
	struct sleep s;
};

static enum eb_poll
ap_inner_poll(struct eb_future *f, struct eb_context *cx)
{
	struct inner *in = (struct inner *)f;

	EB_ASYNC_BEGIN(f);
	for (in->i = 0; in->i < 2; in->i++) {
		sleep_init(&in->s, 2000000);
		inner_line = __LINE__; EB_AWAIT(f, &in->s.f, cx);
	}
	EB_ASYNC_END(f);
}

struct mid {
	struct eb_future f;
	int i;
	struct inner in;
};

/* Awaits two inner calls in one future: its struct reused. */
static enum eb_poll
ap_mid_poll(struct eb_future *f, struct eb_context *cx)
{
	struct mid *m = (struct mid *)f;

	EB_ASYNC_BEGIN(f);
	for (m->i = 0; m->i < 2; m->i++) {
		m->in = (struct inner){ .f = EB_FUTURE_INIT(ap_inner_poll) };
		mid_line = __LINE__; EB_AWAIT(f, &m->in.f, cx);
	}
	EB_ASYNC_END(f);
}

struct outer {
	struct eb_future f;
	struct mid m;
};

static enum eb_poll
ap_outer_poll(struct eb_future *f, struct eb_context *cx)
{
	struct outer *o = (struct outer *)f;

	EB_ASYNC_BEGIN(f);
	o->m = (struct mid){ .f = EB_FUTURE_INIT(ap_mid_poll) };
	outer_line = __LINE__; EB_AWAIT(f, &o->m.f, cx);
	EB_ASYNC_END(f);
}

/* The time each poll of the task of one top future took, summed
 * (sched tracepoints: args[0] is the task). */
static struct eb_future *busy_future;
static volatile uint64_t busy_ns, busy_from;

static bool
busy_one(const uint64_t *args)
{
	return ((struct task *)(uintptr_t)args[0])->future == busy_future;
}

static void
poll_begin(void *data, const uint64_t *args)
{
	if (busy_one(args))
		busy_from = eb_port_time_ns();
}

static void
poll_end(void *data, const uint64_t *args)
{
	if (busy_one(args))
		busy_ns += eb_port_time_ns() - busy_from;
}

#define NESTS 3
/* What a poll's span as the executor's tracepoints measure it may
 * exceed the probe's (the probe's work around the poll, a timer
 * interrupt landing between the tracepoint's clock read and the
 * probe's) per poll, and by a twentieth of the total for QEMU
 * translating code the first time, and once by a host's time slice:
 * the guest's clock is the host's, and a loaded host that deschedules
 * the vCPU thread in that window adds milliseconds to one measure
 * only. */
#define SLACK_NS 100000
#define HOST_SLICE_NS 10000000

/* Whether the top call's on-CPU time and latency, over polls polls,
 * agree with the executor's: its polls' summed span busy_ns encloses
 * the on-CPU time, by no more than the slack, and lies within the
 * latency (first poll's entry to last poll's return) as closely. */
static bool
agrees(uint64_t oncpu, uint64_t latency, unsigned polls)
{
	uint64_t slack = polls * SLACK_NS + busy_ns / 20 + HOST_SLICE_NS;

	if (oncpu <= busy_ns && busy_ns - oncpu <= slack &&
	    busy_ns <= latency + slack)
		return true;
	printf("    on-CPU %lu, latency %lu, the executor's %lu, %u polls\n",
	       (unsigned long)oncpu, (unsigned long)latency,
	       (unsigned long)busy_ns, polls);
	return false;
}

KTEST(async_probe, nested_three_deep)
{
	struct async_probe po, pm, pi;
	struct outer o[NESTS];
	volatile unsigned done = 0;
	struct tracepoint *tb = tracepoint_find("sched:task_poll_begin");
	struct tracepoint *te = tracepoint_find("sched:task_poll_end");

	reset_log();
	if (!probe(&po, ap_outer_poll) || !probe(&pm, ap_mid_poll) ||
	    !probe(&pi, ap_inner_poll))
		return;
	KEXPECT_EQ(tracepoint_probe_register(tb, poll_begin, 0), 0);
	KEXPECT_EQ(tracepoint_probe_register(te, poll_end, 0), 0);
	uint64_t t0 = eb_port_time_ns();
	busy_future = &o[0].f;
	busy_ns = 0;
	for (int i = 0; i < NESTS; i++) {
		o[i] = (struct outer){ .f = EB_FUTURE_INIT(ap_outer_poll) };
		task_spawn(&o[i].f, "nest", note_exit, (void *)&done);
	}
	KEXPECT(wait_count(&done, NESTS, 10));
	uint64_t wall = eb_port_time_ns() - t0;
	tracepoint_probe_unregister(tb, poll_begin, 0);
	tracepoint_probe_unregister(te, poll_end, 0);
	unregister_async_probe(&po);
	unregister_async_probe(&pm);
	unregister_async_probe(&pi);
	KEXPECT(nlogged < LOG_SIZE);

	uint64_t oids[NESTS], mids[NESTS], iids[2 * NESTS];
	KEXPECT_EQ(calls_of(&po, oids, NESTS), NESTS);
	KEXPECT_EQ(calls_of(&pm, mids, NESTS), NESTS);
	KEXPECT_EQ(calls_of(&pi, iids, 2 * NESTS), 2 * NESTS);
	for (int k = 0; k < NESTS; k++) {
		struct call_sum so, sm, si[2];
		if (!check_call(&po, oids[k], outer_line, false, &so))
			continue;
		KEXPECT_EQ(so.parent, 0);
		KEXPECT_EQ(so.polls, task_polls(so.future));
		int n = 0;
		/* the mid call and two inner calls under it */
		for (int j = 0; j < NESTS; j++) {
			if (!check_call(&pm, mids[j], mid_line, false, &sm) ||
			    sm.parent != so.id)
				continue;
			n++;
			KEXPECT_EQ(sm.future, &((struct outer *)so.future)->m.f);
			KEXPECT_EQ(sm.polls, so.polls);
			KEXPECT_EQ(sm.task, so.task);
			KEXPECT(sm.oncpu <= so.oncpu);
			int ni = 0;
			for (int i = 0; i < 2 * NESTS; i++) {
				struct call_sum one;
				if (check_call(&pi, iids[i], inner_line, false,
					       &one) && one.parent == sm.id &&
				    KEXPECT(ni < 2))
					si[ni++] = one;
			}
			if (!KEXPECT_EQ(ni, 2))
				continue;
			/* one struct, two calls; the poll that completes
			 * the first starts the second */
			KEXPECT_EQ(si[0].future, si[1].future);
			KEXPECT(si[0].id != si[1].id);
			KEXPECT_EQ(si[0].polls + si[1].polls, sm.polls + 1);
			KEXPECT_EQ(si[0].suspends, 2);
			KEXPECT(si[0].oncpu + si[1].oncpu <= sm.oncpu);
		}
		KEXPECT_EQ(n, 1);
		if (so.future == busy_future)
			KEXPECT(agrees(so.oncpu, so.latency, so.polls));
	}
	/* The last COMPLETE's latency lies within the test's own clock. */
	for (unsigned i = 0; i < nlogged; i++)
		if (elog[i].ev.kind == EB_ASYNC_COMPLETE)
			KEXPECT(elog[i].ev.latency_ns <= wall);
	KEXPECT(busy_ns > 0);
}

/* --- ping-pong, sleepers, a task that moves ------------------------------ */

#define ROUNDS 30

static unsigned player_read_line, player_write_line;

struct player {
	struct eb_future f;
	struct pipe *in, *out;
	bool serves;
	int step;
	char msg[4];
	struct pipe_io io;
};

/* ROUNDS writes and reads in turn: the server writes first, its
 * partner reads first (each of the two awaits on one line). */
static enum eb_poll
ap_player_poll(struct eb_future *f, struct eb_context *cx)
{
	struct player *p = (struct player *)f;

	EB_ASYNC_BEGIN(f);
	for (p->step = !p->serves; p->step < 2 * ROUNDS + !p->serves;
	     p->step++) {
		if (p->step % 2 == 0) {
			pipe_write_init(&p->io, p->out, "ball", 4);
			player_write_line = __LINE__; EB_AWAIT(f, &p->io.f, cx);
		} else {
			pipe_read_init(&p->io, p->in, p->msg, 4);
			player_read_line = __LINE__; EB_AWAIT(f, &p->io.f, cx);
		}
	}
	EB_ASYNC_END(f);
}

static unsigned sleeper_line;

struct sleeper {
	struct eb_future f;
	uint64_t ms;
	struct sleep s;
};

static enum eb_poll
ap_sleeper_poll(struct eb_future *f, struct eb_context *cx)
{
	struct sleeper *s = (struct sleeper *)f;

	EB_ASYNC_BEGIN(f);
	sleep_init(&s->s, s->ms * 1000000);
	sleeper_line = __LINE__; EB_AWAIT(f, &s->s.f, cx);
	EB_ASYNC_END(f);
}

#define MOVES 20
static unsigned mover_line;

/* Sleeps MOVES times, asking to be woken on another hart each time. */
struct mover {
	struct eb_future f;
	int i;
	struct sleep s;
	unsigned polls;
	unsigned hart[MOVES + 1];	/* of each poll */
};

static enum eb_poll
ap_mover_poll(struct eb_future *f, struct eb_context *cx)
{
	struct mover *m = (struct mover *)f;

	m->hart[m->polls++] = cpuid();
	EB_ASYNC_BEGIN(f);
	for (m->i = 0; m->i < MOVES; m->i++) {
		/* queued, once woken, on another hart's queue than this
		 * one's and the test hart's */
		if (ncpu > 2)
			cx->task->cpu = cpuid() % (ncpu - 1) + 1;
		sleep_init(&m->s, 1000);
		mover_line = __LINE__; EB_AWAIT(f, &m->s.f, cx);
	}
	EB_ASYNC_END(f);
}

#define SLEEPERS 8

KTEST(async_probe, ping_pong_sleepers_mover)
{
	struct async_probe pp, pr, ps, pmv;
	struct pipe *ab = pipe_alloc(), *ba = pipe_alloc();
	struct player a = { .f = EB_FUTURE_INIT(ap_player_poll), .in = ba,
			    .out = ab, .serves = true };
	struct player b = { .f = EB_FUTURE_INIT(ap_player_poll), .in = ab,
			    .out = ba };
	struct sleeper s[SLEEPERS];
	struct mover m = { .f = EB_FUTURE_INIT(ap_mover_poll) };
	volatile unsigned done = 0;
	uintptr_t read_poll;
	size_t size;

	reset_log();
	KEXPECT(kallsyms_lookup_name("pipe_read_poll", &read_poll, &size));
	if (!probe(&pp, ap_player_poll) || !probe(&ps, ap_sleeper_poll) ||
	    !probe(&pmv, ap_mover_poll) ||
	    !probe(&pr, (eb_poll_fn)read_poll))
		return;
	task_spawn(&a.f, "ping", note_exit, (void *)&done);
	task_spawn(&b.f, "pong", note_exit, (void *)&done);
	for (int i = 0; i < SLEEPERS; i++) {
		s[i] = (struct sleeper){ .f = EB_FUTURE_INIT(ap_sleeper_poll),
					 .ms = 3 * i };
		task_spawn(&s[i].f, "sleeper", note_exit, (void *)&done);
	}
	task_spawn(&m.f, "mover", note_exit, (void *)&done);
	KEXPECT(wait_count_elsewhere(&done, 3 + SLEEPERS, 10));
	unregister_async_probe(&pp);
	unregister_async_probe(&pr);
	unregister_async_probe(&ps);
	unregister_async_probe(&pmv);
	for (int i = 0; i < 2; i++) {
		pipe_close(ab, i);
		pipe_close(ba, i);
	}
	KEXPECT(nlogged < LOG_SIZE);

	uint64_t ids[2 * ROUNDS + 1];
	struct call_sum c, r;
	unsigned reads_waited = 0;
	KEXPECT_EQ(calls_of(&pp, ids, 3), 2);
	for (int k = 0; k < 2; k++) {
		/* two await points: checked as any, then counted */
		if (!check_call(&pp, ids[k], 0, false, &c))
			continue;
		KEXPECT_EQ(c.polls, task_polls(c.future));
		unsigned at_read = 0, at_write = 0;
		for (unsigned i = 0; i < nlogged; i++) {
			const struct eb_async_event *e = &elog[i].ev;
			if (elog[i].ap != &pp || e->call_id != c.id ||
			    e->kind != EB_ASYNC_SUSPEND)
				continue;
			at_read += e->line == player_read_line;
			at_write += e->line == player_write_line;
			KEXPECT_EQ(e->awaiting, &((struct player *)c.future)->io.f);
		}
		KEXPECT_EQ(at_read + at_write, c.suspends);
		reads_waited += at_read;
	}
	/* A ping-pong: the server's read waits for its partner to read
	 * and write back what it has just written. */
	KEXPECT(reads_waited > 0);
	/* Each read is a call of its own, a child of its player's. */
	uint64_t rids[2 * ROUNDS + 1];
	KEXPECT_EQ(calls_of(&pr, rids, 2 * ROUNDS + 1), 2 * ROUNDS);
	for (int k = 0; k < 2 * ROUNDS; k++)
		if (check_call(&pr, rids[k], 0, false, &r))
			KEXPECT(r.parent == ids[0] || r.parent == ids[1]);

	KEXPECT_EQ(calls_of(&ps, ids, SLEEPERS + 1), SLEEPERS);
	for (int k = 0; k < SLEEPERS; k++)
		if (check_call(&ps, ids[k], sleeper_line, false, &c))
			KEXPECT_EQ(c.polls, task_polls(c.future));

	/* The mover: one call, one task, whatever harts polled it. */
	KEXPECT_EQ(calls_of(&pmv, ids, 2), 1);
	if (check_call(&pmv, ids[0], mover_line, false, &c)) {
		KEXPECT_EQ(c.polls, m.polls);
		KEXPECT_EQ(c.polls, task_polls(&m.f));
		unsigned poll = 0, moves = 0;
		for (unsigned i = 0; i < nlogged; i++) {
			const struct eb_async_event *e = &elog[i].ev;
			if (elog[i].ap != &pmv || (e->kind != EB_ASYNC_START &&
						   e->kind != EB_ASYNC_RESUME))
				continue;
			KEXPECT_EQ(e->cpu, m.hart[poll]);
			moves += poll && m.hart[poll] != m.hart[poll - 1];
			poll++;
		}
		if (ncpu > 1 && !KEXPECT(moves > 0))
			for (unsigned i = 0; i < m.polls; i++)
				printf("%u%c", m.hart[i], i + 1 < m.polls ? ' ' : '\n');
	}
}

/* --- registered mid-call, unregistered under load, a full table ---------- */

/* A probe registered while a call is suspended sees it first at its next
 * poll: a RESUME flagged unseen, never a START; so does one on the leaf
 * future it awaits (EB_LEAF_PENDING left its state non-zero). */
KTEST(async_probe, registered_mid_call)
{
	struct async_probe p, pl;
	struct sleeper s = { .f = EB_FUTURE_INIT(ap_sleeper_poll), .ms = 50 };
	volatile unsigned done = 0;
	struct task *t = task_spawn(&s.f, "late", note_exit, (void *)&done);
	uintptr_t sleep_poll;
	size_t size;

	reset_log();
	executor_run_until(is_idle, t);
	KEXPECT_EQ(s.f.state, sleeper_line);
	KEXPECT(s.s.f.state != 0);
	if (!KEXPECT(kallsyms_lookup_name("sleep_poll", &sleep_poll, &size)) ||
	    !probe(&p, ap_sleeper_poll) || !probe(&pl, (eb_poll_fn)sleep_poll))
		return;
	KEXPECT(wait_count(&done, 1, 5));
	unregister_async_probe(&p);
	unregister_async_probe(&pl);
	uint64_t id;
	struct call_sum c;
	KEXPECT_EQ(calls_of(&p, &id, 1), 1);
	KEXPECT(check_call(&p, id, sleeper_line, true, &c));
	KEXPECT(c.unseen);
	KEXPECT_EQ(c.polls, task_polls(&s.f) - 1);
	uint64_t sid = c.id;
	KEXPECT_EQ(calls_of(&pl, &id, 1), 1);
	KEXPECT(check_call(&pl, id, 0, true, &c));
	KEXPECT(c.unseen);
	KEXPECT_EQ(c.parent, sid);
	for (unsigned i = 0; i < nlogged; i++)
		if (elog[i].ap == &pl)
			KEXPECT(elog[i].ev.kind != EB_ASYNC_START);
}

static void
count_line(const char *line, void *arg)
{
	++*(unsigned *)arg;
}

/* Unregistering while probed polls run on every hart leaves no probe,
 * trampoline, table or byte behind. */
KTEST(async_probe, unregister_under_load)
{
	size_t bytes = kmalloc_live_bytes(), pages = pages_free();
	size_t tramps = eb_kretprobe_trampolines_free();
	struct mover m[4];
	struct async_probe p;
	volatile unsigned done = 0;

	reset_log();
	if (!probe(&p, ap_mover_poll))
		return;
	for (int i = 0; i < 4; i++) {
		m[i] = (struct mover){ .f = EB_FUTURE_INIT(ap_mover_poll) };
		task_spawn(&m[i].f, "mover", note_exit, (void *)&done);
	}
	uint64_t until = rdtime() + timebase_hz / 100;
	while (nlogged < 20 && rdtime() < until)
		executor_run_one();
	unregister_async_probe(&p);
	unsigned after = nlogged;
	KEXPECT(wait_count(&done, 4, 10));
	KEXPECT_EQ(nlogged, after);	/* no handler after unregister */
	KEXPECT_EQ(eb_kretprobe_disowned(), 0);
	KEXPECT_EQ(eb_kretprobe_trampolines_free(), tramps);
	KEXPECT_EQ(kmalloc_live_bytes(), bytes);
	KEXPECT_EQ(pages_free(), pages);
	unsigned probes = 0;
	eb_kprobes_list(count_line, &probes);
	KEXPECT_EQ(probes, 0);
}

/* --- handlers that fault or poll ------------------------------------------ */

static volatile int *volatile ap_unmapped = (volatile int *)0x10;
static volatile unsigned fault_on;	/* the event kind that faults */

/* Logs, then faults on the events of kind fault_on. */
static void
fault_event(struct async_probe *ap, const struct eb_async_event *ev)
{
	log_event(ap, ev);
	if (ev->kind == fault_on)
		(void)*ap_unmapped;
}

/* Counts its polls; pending until the third. */
static unsigned ap_counted_polls;

static enum eb_poll
ap_counted_poll(struct eb_future *f, struct eb_context *cx)
{
	return ++ap_counted_polls % 3 ? EB_LEAF_PENDING(f) : EB_READY;
}

/* A handler that faults, at a poll's entry or at its return, is
 * abandoned: the poll still runs once and returns its result, the
 * caller's registers are whole, the miss is counted, and the events
 * after it, of that poll and the next, are sent. */
KTEST(async_probe, faulting_handler_is_abandoned)
{
	struct async_probe p = { .poll = ap_counted_poll,
				 .handler = fault_event };
	struct eb_future f = EB_FUTURE_INIT(ap_counted_poll);
	enum eb_poll r;

	reset_log();
	ap_counted_polls = 0;
	fault_on = EB_ASYNC_START;
	if (!KEXPECT_EQ(register_async_probe(&p), 0))
		return;
	KEXPECT_EQ(ap_poll_keeping(&f, &r), POLL_KEPT);
	KEXPECT_EQ(r, EB_PENDING);
	KEXPECT_EQ(ap_counted_polls, 1);
	KEXPECT_EQ(eb_async_probe_missed(&p), 1);
	fault_on = EB_ASYNC_SUSPEND;
	KEXPECT_EQ(ap_poll_keeping(&f, &r), POLL_KEPT);
	KEXPECT_EQ(r, EB_PENDING);
	KEXPECT_EQ(ap_counted_polls, 2);
	KEXPECT_EQ(eb_async_probe_missed(&p), 2);
	fault_on = ~0u;
	KEXPECT_EQ(ap_poll_keeping(&f, &r), POLL_KEPT);
	KEXPECT_EQ(r, EB_READY);
	KEXPECT_EQ(ap_counted_polls, 3);
	KEXPECT_EQ(eb_async_probe_missed(&p), 2);
	unregister_async_probe(&p);
	/* START (faulted), SUSPEND, RESUME, SUSPEND (faulted), RESUME,
	 * COMPLETE */
	static const unsigned kinds[] = { EB_ASYNC_START, EB_ASYNC_SUSPEND,
		EB_ASYNC_RESUME, EB_ASYNC_SUSPEND, EB_ASYNC_RESUME,
		EB_ASYNC_COMPLETE };
	if (KEXPECT_EQ(nlogged, 6))
		for (unsigned i = 0; i < 6; i++)
			KEXPECT_EQ(elog[i].ev.kind, kinds[i]);
}

/* Two calls of ap_counted_poll in one future, each polled to the end
 * (three polls), with p and q on it, q's handler faulting at fault_on
 * (p is entered first and left last: q's faults fall between p's
 * events). Each probe sees two calls, whole. */
static void
two_calls_one_faulting(unsigned kind)
{
	struct async_probe p, q = { .poll = ap_counted_poll,
				    .handler = fault_event };
	struct eb_future f;
	uint64_t ids[3];
	struct call_sum c;

	reset_log();
	ap_counted_polls = 0;
	fault_on = kind;
	if (!KEXPECT_EQ(register_async_probe(&q), 0) ||
	    !probe(&p, ap_counted_poll))
		return;
	for (int i = 0; i < 2; i++) {
		f = EB_FUTURE_INIT(ap_counted_poll);
		while (eb_future_poll(&f, 0) == EB_PENDING)
			;
	}
	fault_on = ~0u;
	KEXPECT_EQ(eb_async_probe_calls(&p), 0);
	KEXPECT_EQ(eb_async_probe_calls(&q), 0);	/* ended, faulted or not */
	KEXPECT_EQ(eb_async_probe_missed(&p), 0);
	KEXPECT_EQ(eb_async_probe_missed(&q), 2);
	unregister_async_probe(&p);
	unregister_async_probe(&q);
	KEXPECT_EQ(calls_of(&p, ids, 3), 2);
	for (int k = 0; k < 2; k++)
		if (KEXPECT(check_call(&p, ids[k], 0, false, &c)))
			KEXPECT_EQ(c.polls, 3);
	/* fault_event logs before it faults: q's calls are whole too, the
	 * second a call of its own (a START), not the first's again */
	KEXPECT_EQ(calls_of(&q, ids, 3), 2);
	for (int k = 0; k < 2; k++)
		KEXPECT(check_call(&q, ids[k], 0, false, &c));
}

/* A handler that faults costs its probe that one event: the other
 * probes' events of the same poll are sent, and so are its own later
 * ones; a call whose COMPLETE faulted leaves its table all the same. */
KTEST(async_probe, a_fault_costs_one_event)
{
	two_calls_one_faulting(EB_ASYNC_START);
	two_calls_one_faulting(EB_ASYNC_COMPLETE);
}

static struct eb_future *inner_future;

/* Polls inner_future from inside the handler: not followed. */
static void
polling_handler(struct async_probe *ap, const struct eb_async_event *ev)
{
	log_event(ap, ev);
	if (ev->future != inner_future)
		eb_future_poll(inner_future, 0);
}

/* A poll made from a handler runs, unfollowed, counted missed: the
 * handler is not entered from itself. */
KTEST(async_probe, poll_from_a_handler_is_missed)
{
	struct async_probe p = { .poll = ap_counted_poll,
				 .handler = polling_handler };
	struct eb_future outer = EB_FUTURE_INIT(ap_counted_poll);
	struct eb_future inner = EB_FUTURE_INIT(ap_counted_poll);

	reset_log();
	ap_counted_polls = 0;
	inner_future = &inner;
	if (!KEXPECT_EQ(register_async_probe(&p), 0))
		return;
	KEXPECT_EQ(eb_future_poll(&outer, 0), EB_PENDING);
	unregister_async_probe(&p);
	KEXPECT_EQ(ap_counted_polls, 3);	/* outer, inner twice */
	KEXPECT_EQ(eb_async_probe_missed(&p), 2);
	KEXPECT_EQ(nlogged, 2);			/* outer's START, SUSPEND */
}

/* Two probes on one function each follow every call, with ids of
 * their own; a probe on a function nothing polls sees nothing. */
KTEST(async_probe, two_probes_on_one_function)
{
	struct async_probe p, q, none;
	struct eb_future f = EB_FUTURE_INIT(ap_counted_poll);

	reset_log();
	ap_counted_polls = 0;
	if (!probe(&p, ap_counted_poll) || !probe(&q, ap_counted_poll) ||
	    !probe(&none, ap_sleeper_poll))
		return;
	while (eb_future_poll(&f, 0) == EB_PENDING)
		;
	unregister_async_probe(&p);
	unregister_async_probe(&q);
	unregister_async_probe(&none);
	uint64_t pid, qid;
	struct call_sum c;
	KEXPECT_EQ(calls_of(&p, &pid, 1), 1);
	KEXPECT(check_call(&p, pid, 0, false, &c));
	KEXPECT_EQ(c.polls, 3);
	KEXPECT_EQ(calls_of(&q, &qid, 1), 1);
	KEXPECT(check_call(&q, qid, 0, false, &c));
	KEXPECT_EQ(c.polls, 3);
	KEXPECT(pid != qid);
	KEXPECT_EQ(calls_of(&none, &pid, 1), 0);
	KEXPECT_EQ(nlogged, 12);
	/* Polled from no probed poll: neither call has a parent (not the
	 * other probe's call of the same poll). */
	for (unsigned i = 0; i < nlogged; i++)
		KEXPECT_EQ(elog[i].ev.parent_id, 0);
}

/* Registering names what is wrong and changes nothing. */
KTEST(async_probe, bad_registrations_are_refused)
{
	struct async_probe p = { .symbol = "no_such_poll_fn",
				 .handler = log_event };

	KEXPECT_EQ(register_async_probe(&p), -ENOENT);
	p = (struct async_probe){ .symbol = "proc_poll",
				  .poll = ap_counted_poll };
	KEXPECT_EQ(register_async_probe(&p), -EINVAL);
	p = (struct async_probe){ .handler = log_event };
	KEXPECT_EQ(register_async_probe(&p), -EINVAL);
	/* Functions the kernel's BTF types as no poll function, by name
	 * and by address: refused, where they would never see a poll. */
	p = (struct async_probe){ .symbol = "kmalloc", .handler = log_event };
	KEXPECT_EQ(register_async_probe(&p), -EINVAL);
	p = (struct async_probe){ .poll = (eb_poll_fn)(void (*)(void))printf,
				  .handler = log_event };
	KEXPECT_EQ(register_async_probe(&p), -EINVAL);
	KEXPECT_EQ(eb_async_probe_filter, 0);

	/* Registered twice: refused (the list would loop), the first
	 * registration whole: one START and one SUSPEND per poll. */
	struct eb_future f = EB_FUTURE_INIT(ap_counted_poll);
	size_t bytes = kmalloc_live_bytes();
	reset_log();
	ap_counted_polls = 0;
	if (!probe(&p, ap_counted_poll))
		return;
	KEXPECT_EQ(register_async_probe(&p), -EINVAL);
	KEXPECT_EQ(eb_future_poll(&f, 0), EB_PENDING);
	unregister_async_probe(&p);
	KEXPECT_EQ(nlogged, 2);
	KEXPECT_EQ(eb_async_probe_filter, 0);
	KEXPECT_EQ(kmalloc_live_bytes(), bytes);
}

/* --- nesting, unregistering from a poll, probes inside handlers ------------ */

/* A chain of DEEP async calls of one function, each awaiting the next,
 * the last a leaf that is pending once: deeper than the hart's stack of
 * probed polls, by more than its kernel stack could hold if each poll
 * were wrapped (FOLLOW_FRAME, lib/async/probed_poll.h: 432 bytes each,
 * so KSTACK_SIZE / 400 of them overflow it). */
#define DEEP (EB_ASYNC_PROBE_DEPTH + KSTACK_SIZE / 400)

struct deep {
	struct eb_future f;
	struct deep *child;
	struct eb_future leaf;
};

static enum eb_poll
ap_deep_poll(struct eb_future *f, struct eb_context *cx)
{
	struct deep *d = (struct deep *)f;

	EB_ASYNC_BEGIN(f);
	if (d->child)
		EB_AWAIT(f, &d->child->f, cx);
	else
		EB_AWAIT(f, &d->leaf, cx);
	EB_ASYNC_END(f);
}

static struct deep deep_chain[DEEP];

/* deep_chain made anew, its leaf pending once; its top. */
static struct eb_future *
new_deep_chain(void)
{
	struct deep *d = deep_chain;

	ap_counted_polls = 1;	/* the leaf: pending, then ready */
	for (int i = 0; i < DEEP; i++)
		d[i] = (struct deep){ .f = EB_FUTURE_INIT(ap_deep_poll),
				      .child = i + 1 < DEEP ? &d[i + 1] : 0,
				      .leaf = EB_FUTURE_INIT(ap_counted_poll) };
	return &d[0].f;
}

/* Nested deeper than a hart's stack of probed polls: the calls that
 * find it full are counted missed, each poll of them, and cost the
 * kernel stack nothing more; the others are followed whole. */
KTEST(async_probe, nesting_deeper_than_the_stack)
{
	struct deep *d = deep_chain;
	struct eb_future *top = new_deep_chain();
	struct async_probe p;

	reset_log();
	if (!probe(&p, ap_deep_poll))
		return;
	KEXPECT_EQ(eb_future_poll(top, 0), EB_PENDING);
	KEXPECT_EQ(eb_future_poll(top, 0), EB_READY);
	KEXPECT_EQ(eb_async_probe_missed(&p), 2 * (DEEP - EB_ASYNC_PROBE_DEPTH));
	KEXPECT_EQ(eb_async_probe_calls(&p), 0);
	unregister_async_probe(&p);
	uint64_t ids[DEEP], parent = 0;
	struct call_sum c;
	KEXPECT_EQ(calls_of(&p, ids, DEEP), EB_ASYNC_PROBE_DEPTH);
	for (int k = 0; k < EB_ASYNC_PROBE_DEPTH; k++)
		if (check_call(&p, ids[k], 0, false, &c)) {
			KEXPECT_EQ(c.future, &d[k].f);
			KEXPECT_EQ(c.parent, parent);
			KEXPECT_EQ(c.polls, 2);
			parent = c.id;
		}
}

/* Pending until cancelled. */
static enum eb_poll
ap_pending_poll(struct eb_future *f, struct eb_context *cx)
{
	return EB_LEAF_PENDING(f);
}

/* A cancel's COMPLETEs go leaf first whichever probes follow the
 * calls; one whose handler faults (the leaf's) costs only that event:
 * the next (its awaiter's, flagged cancelled) is sent, and both calls
 * leave their tables. */
KTEST(async_probe, a_fault_in_a_cancel_costs_one_event)
{
	struct async_probe p, q = { .poll = ap_pending_poll,
				    .handler = fault_event };
	struct deep w = { .f = EB_FUTURE_INIT(ap_deep_poll),
			  .leaf = EB_FUTURE_INIT(ap_pending_poll) };

	reset_log();
	fault_on = EB_ASYNC_COMPLETE;
	if (!KEXPECT_EQ(register_async_probe(&q), 0) ||
	    !probe(&p, ap_deep_poll))
		return;
	KEXPECT_EQ(eb_future_poll(&w.f, 0), EB_PENDING);
	eb_future_cancel(&w.f);
	fault_on = ~0u;
	KEXPECT_EQ(eb_async_probe_calls(&p), 0);
	KEXPECT_EQ(eb_async_probe_calls(&q), 0);
	KEXPECT_EQ(eb_async_probe_missed(&q), 1);
	unregister_async_probe(&p);
	unregister_async_probe(&q);
	/* START, START, SUSPEND, SUSPEND, then the cancel's COMPLETEs:
	 * q's (logged, then faulted), p's */
	if (!KEXPECT_EQ(nlogged, 6))
		return;
	for (int i = 4; i < 6; i++) {
		KEXPECT_EQ(elog[i].ap, i == 4 ? &q : &p);
		KEXPECT_EQ(elog[i].ev.kind, EB_ASYNC_COMPLETE);
		KEXPECT(elog[i].ev.flags & EB_ASYNC_CANCELLED);
	}
}

static struct async_probe *unregister_me;

/* Unregisters unregister_me, the probe on it, from inside its poll. */
static enum eb_poll
ap_unregistering_poll(struct eb_future *f, struct eb_context *cx)
{
	unregister_async_probe(unregister_me);
	return EB_READY;
}

/* Unregistered from inside a poll it follows, on that hart: it returns
 * (its grace periods need no other hart to leave the poll), the poll's
 * COMPLETE is not sent, its table is freed. */
KTEST(async_probe, unregister_from_inside_its_poll)
{
	struct async_probe p;
	struct eb_future f = EB_FUTURE_INIT(ap_unregistering_poll);
	size_t bytes = kmalloc_live_bytes();

	reset_log();
	unregister_me = &p;
	if (!probe(&p, ap_unregistering_poll))
		return;
	KEXPECT_EQ(eb_future_poll(&f, 0), EB_READY);
	KEXPECT_EQ(nlogged, 1);		/* the START */
	KEXPECT_EQ(eb_async_probe_filter, 0);
	KEXPECT_EQ(kmalloc_live_bytes(), bytes);
}

/* A function a handler calls, with a kprobe or a kretprobe on it. */
noinline int ap_handler_callee(volatile int *p);
noinline int
ap_handler_callee(volatile int *p)
{
	asm volatile("");
	return *p + 1;
}

static unsigned callee_hits;

static int
faulting_pre(struct kprobe *kp, struct pt_regs *regs)
{
	callee_hits++;
	return *ap_unmapped;
}

static int
count_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	callee_hits++;
	return 0;
}

/* Logs, then calls the callee: on an unmapped address at the events of
 * kind fault_on (it faults inside the callee). */
static void
calling_handler(struct async_probe *ap, const struct eb_async_event *ev)
{
	static volatile int mapped;

	log_event(ap, ev);
	ap_handler_callee(ev->kind == fault_on ? ap_unmapped : &mapped);
}

/* A kprobe hit inside an async probe's handler runs its handler; that
 * one faulting is the kprobe's miss, the async handler goes on. A
 * kretprobe'd function called from the handler is not traced (counted
 * in its kprobe's nmissed), so a handler abandoned inside it leaves no
 * instance out and unregistering frees the pool. */
KTEST(async_probe, kprobes_inside_a_handler)
{
	struct kprobe kp = { .addr = (kprobe_opcode_t *)ap_handler_callee,
			     .pre_handler = faulting_pre };
	struct kretprobe rp = { .kp.addr = (kprobe_opcode_t *)ap_handler_callee,
				.handler = count_return };
	struct async_probe p = { .poll = ap_counted_poll,
				 .handler = calling_handler };
	struct eb_future f = EB_FUTURE_INIT(ap_counted_poll);

	reset_log();
	callee_hits = 0;
	ap_counted_polls = 0;
	fault_on = ~0u;
	if (!KEXPECT_EQ(register_kprobe(&kp), 0) ||
	    !KEXPECT_EQ(register_async_probe(&p), 0))
		return;
	KEXPECT_EQ(eb_future_poll(&f, 0), EB_PENDING);	/* START, SUSPEND */
	unregister_kprobe(&kp);
	KEXPECT_EQ(callee_hits, 2);
	KEXPECT_EQ(kp.nmissed, 2);
	KEXPECT_EQ(nlogged, 2);
	KEXPECT_EQ(eb_async_probe_missed(&p), 0);

	if (!KEXPECT_EQ(register_kretprobe(&rp), 0))
		return;
	fault_on = EB_ASYNC_RESUME;
	/* RESUME (faults), SUSPEND */
	KEXPECT_EQ(eb_future_poll(&f, 0), EB_PENDING);
	fault_on = ~0u;
	KEXPECT_EQ(eb_future_poll(&f, 0), EB_READY);	/* RESUME, COMPLETE */
	ap_handler_callee((volatile int *)&ap_counted_polls);	/* traced */
	unregister_async_probe(&p);
	unregister_kretprobe(&rp);
	KEXPECT_EQ(eb_async_probe_missed(&p), 1);
	KEXPECT_EQ(nlogged, 6);
	KEXPECT_EQ(callee_hits, 3);
	KEXPECT_EQ(rp.kp.nmissed, 4);
	KEXPECT_EQ(eb_kretprobe_disowned(), 0);
}

/* n sleepers (at most SLEEPERS) in flight at once under a probe p
 * whose call table is max_calls: each finishes and the probe follows
 * none afterwards; how many calls it saw start (each whole), and its
 * misses in *missed. */
static unsigned
sleepers_started(struct async_probe *p, int max_calls, int n,
		 unsigned long *missed)
{
	struct sleeper s[SLEEPERS];
	volatile unsigned done = 0;
	unsigned started = 0;

	*p = (struct async_probe){ .poll = ap_sleeper_poll,
				   .handler = log_event,
				   .max_calls = max_calls };
	reset_log();
	if (!KEXPECT_EQ(register_async_probe(p), 0))
		return 0;
	for (int i = 0; i < n; i++) {
		s[i] = (struct sleeper){ .f = EB_FUTURE_INIT(ap_sleeper_poll),
					 .ms = 20 };
		task_spawn(&s[i].f, "sleeper", note_exit, (void *)&done);
	}
	KEXPECT(wait_count(&done, n, 5));
	KEXPECT_EQ(eb_async_probe_calls(p), 0);
	*missed = eb_async_probe_missed(p);
	unregister_async_probe(p);
	uint64_t ids[SLEEPERS + 1];
	struct call_sum c;
	unsigned k = calls_of(p, ids, SLEEPERS + 1);
	while (k--)
		if (check_call(p, ids[k], sleeper_line, true, &c))
			started += !c.unseen;
	return started;
}

/* A table of 2 with 8 calls in flight: the others are counted as
 * missed, every task still finishes, the followed calls are whole. */
KTEST(async_probe, full_table_counts_misses)
{
	struct async_probe p;
	unsigned long missed;

	/* the first polls found 2 slots; later polls of the others may
	 * find those freed and follow them from there */
	KEXPECT_EQ(sleepers_started(&p, 2, SLEEPERS, &missed), 2);
	KEXPECT(missed >= SLEEPERS - 2);
}

/* max_calls is rounded up to a power of two: a table of 3 follows 4
 * calls at once, none missed (its header said the 4th was). */
KTEST(async_probe, max_calls_rounds_up)
{
	struct async_probe p;
	unsigned long missed;

	KEXPECT_EQ(sleepers_started(&p, 3, 4, &missed), 4);
	KEXPECT_EQ(missed, 0);
}

/* --- eBPF programs on async probes ---------------------------------------- */

/* Whether text loads as a program on an async probe's event; the
 * verifier's reason in log. */
static bool
loads(const char *text, char *log, size_t size)
{
	struct bpf_prog_opts opts = { .type = BPF_PROG_TYPE_TRACEPOINT,
				      .ctx_size = sizeof(struct eb_async_event) };
	struct bpf_insn *insns;
	struct bpf_prog *prog;
	size_t len;

	if (bpf_asm(text, &insns, &len, log, size))
		return false;
	int r = bpf_prog_load(insns, len, &opts, &prog, log, size);
	eb_port_free(insns);
	bpf_prog_free(r ? 0 : prog);
	return r == 0;
}

/* A program on the sleepers' poll runs on as many events as a C probe
 * beside it sees; the verifier keeps programs inside the read-only
 * event. */
KTEST(async_probe, bpf_program_runs_per_event)
{
	struct bpf_map_def def = { BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0 };
	struct eb_bpf_async_probe bp = { .symbol = "ap_sleeper_poll" };
	struct eb_bpf_attach_point point;
	struct async_probe p;
	struct sleeper s[SLEEPERS];
	volatile unsigned done = 0;
	struct bpf_link *link;
	struct bpf_map *map;
	char err[160];

	reset_log();
	KEXPECT(!loads("ldxdw %r0, [%r1+104]\nexit\n", err, sizeof err));
	KEXPECT(str_find(err, "outside its 104 bytes"));
	KEXPECT(!loads("stw [%r1+0], 1\nmov %r0, 0\nexit\n", err, sizeof err));
	KEXPECT(str_find(err, "read-only context"));
	KEXPECT(loads("ldxdw %r0, [%r1+96]\nexit\n", err, sizeof err));
	if (!KEXPECT_EQ(bpf_map_create(&def, "events", &map, err, sizeof err), 0))
		return;
	eb_bpf_async_probe_point(&bp, &point);
	KEXPECT_EQ(point.ctx_size, sizeof(struct eb_async_event));
	struct bpf_prog_opts opts = { .type = BPF_PROG_TYPE_TRACEPOINT,
				      .ctx_size = point.ctx_size,
				      .maps = &map, .nr_maps = 1 };
	struct bpf_prog *prog = bpf_text_load(bpf_text_count_calls, &opts);
	if (KEXPECT(prog) &&
	    KEXPECT_EQ(eb_bpf_attach(prog, &point, &link, err, sizeof err), 0) &&
	    probe(&p, ap_sleeper_poll)) {
		for (int i = 0; i < SLEEPERS; i++) {
			s[i] = (struct sleeper){
				.f = EB_FUTURE_INIT(ap_sleeper_poll), .ms = 5 };
			task_spawn(&s[i].f, "sleeper", note_exit, (void *)&done);
		}
		KEXPECT(wait_count(&done, SLEEPERS, 5));
		unregister_async_probe(&p);
		eb_bpf_detach(link);
		uint32_t key = 0;
		uint64_t *n = bpf_map_lookup_elem(map, &key);
		KEXPECT(nlogged >= 3 * SLEEPERS);	/* start, suspend, ... */
		KEXPECT(n && *n == nlogged);
	}
	bpf_prog_free(prog);
	bpf_map_free(map);
}

/* An eBPF program's probe nested deeper than the hart's stack of probed
 * polls: what it missed is its link's count (it was nowhere), and the
 * program ran on every event of the calls it followed. */
KTEST(async_probe, bpf_program_misses_are_counted)
{
	struct eb_bpf_async_probe bp = { .symbol = "ap_deep_poll" };
	struct eb_future *top = new_deep_chain();
	struct bpf_link *link;
	struct bpf_map *map;
	struct bpf_prog *prog = bpf_text_async_counter(&bp, &map, &link);

	if (!KEXPECT(prog))
		return;
	KEXPECT_EQ(eb_future_poll(top, 0), EB_PENDING);
	KEXPECT_EQ(eb_future_poll(top, 0), EB_READY);
	KEXPECT_EQ(eb_bpf_link_missed(link),
		   2 * (DEEP - EB_ASYNC_PROBE_DEPTH));
	eb_bpf_detach(link);
	uint32_t key = 0;
	uint64_t *n = bpf_map_lookup_elem(map, &key);
	/* start and suspend, resume and complete */
	KEXPECT(n && *n == 4 * EB_ASYNC_PROBE_DEPTH);
	bpf_prog_free(prog);
	bpf_map_free(map);
}
