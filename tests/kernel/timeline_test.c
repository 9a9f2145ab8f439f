/*
 * The timeline recorder: a task's life as records (its spawn, every poll
 * begun and ended with its await chain, its self-wakes, its exit with
 * the executor's poll count), buffers too small for a run: every event
 * either recorded or counted as dropped, starts refused (no memory, a
 * full tracepoint) keeping the last recording, and the events of async
 * probes on two nested futures: one TL_ASYNC record per event the
 * probes' handler saw, equal to it, on the hart it saw it on.
 */
#include "ktest.h"
#include "async/async.h"
#include "trace/timeline.h"
#include "tp_full.h"
#include "bpf_text.h"
#include <ebreak/async_probe.h>
#include <ebreak/bpf.h>
#include <ebreak/errno.h>

#define YIELDS 40

struct yielder {
	struct eb_future f;
	int i, n;
	struct yield y;
};

static int yield_line;	/* the EB_AWAIT's line, which the chain shows */

static enum eb_poll
yielder_poll(struct eb_future *f, struct eb_context *cx)
{
	struct yielder *y = (struct yielder *)f;

	EB_ASYNC_BEGIN(f);
	for (y->i = 0; y->i < y->n; y->i++) {
		yield_init(&y->y);
		yield_line = __LINE__ + 1;
		EB_AWAIT(f, &y->y.f, cx);
	}
	EB_ASYNC_END(f);
}

static void
set_done(struct task *t, void *arg)
{
	__atomic_store_n((volatile bool *)arg, true, __ATOMIC_RELEASE);
}

static bool
is_done(void *arg)
{
	return __atomic_load_n((volatile bool *)arg, __ATOMIC_ACQUIRE);
}

/* Run a task of future f, called name, from its spawn to its exit; its
 * id, or 0. */
static unsigned
run_task(struct eb_future *f, const char *name)
{
	volatile bool done = false;
	struct task *t = task_spawn(f, name, set_done, (void *)&done);
	unsigned id = t ? t->id : 0;

	if (KEXPECT(t))
		executor_run_until(is_done, (void *)&done);
	return id;
}

/* Record a task of future f, called name, from its spawn to its exit
 * into buffers of records per hart; its id, or 0. */
static unsigned
record_task(struct eb_future *f, const char *name, uint32_t records)
{
	if (!KEXPECT_EQ(executor_live_tasks(), 0) ||
	    !KEXPECT_EQ(timeline_start(records), 0))
		return 0;
	unsigned id = run_task(f, name);
	timeline_stop();
	return id;
}

/* Record a task yielding n times into buffers of records per hart;
 * its id, or 0. */
static unsigned
record_yielder(int n, uint32_t records)
{
	struct yielder y = { .f = EB_FUTURE_INIT(yielder_poll), .n = n };

	return record_task(&y.f, "yielder", records);
}

/* The fn offset timeline records give poll function fn. */
static uint32_t
fn_off(eb_poll_fn fn)
{
	return (uintptr_t)fn - (uintptr_t)_text;
}

/* One record of the task's as it should be; count[0] counts the poll
 * begins that resume at the top (the first poll's). */
static void
check_record(const struct timeline_record *r, unsigned *count)
{
	count[r->kind]++;
	if (r->kind == TL_POLL_BEGIN) {
		KEXPECT(r->depth == 1 &&
			r->awaits[0].fn == fn_off(yielder_poll));
		/* Where it resumes: the yield's EB_AWAIT, or the top. */
		count[0] += r->awaits[0].line == 0;
		KEXPECT(r->awaits[0].line == 0 ||
			r->awaits[0].line == (uint32_t)yield_line);
	}
	if (r->kind == TL_POLL_END && !r->flag) {
		KEXPECT_EQ(r->depth, 2);
		KEXPECT_EQ(r->awaits[0].fn, fn_off(yielder_poll));
		KEXPECT_EQ(r->awaits[0].line, yield_line);
	}
	if (r->kind == TL_POLL_END && r->flag)
		KEXPECT_EQ(r->awaits[0].line, EB_FUTURE_DONE);
	if (r->kind == TL_WAKE)		/* it wakes itself, in its poll */
		KEXPECT(r->waker == r->task && r->flag == TASK_RUNNING);
	if (r->kind == TL_EXIT)
		KEXPECT(r->life.polls == YIELDS + 1 &&
			strcmp(r->life.name, "yielder") == 0);
}

/* The recording holds task id's life, whole. */
static void
check_life(unsigned id)
{
	unsigned count[TL_SYS_EXIT + 1] = { 0 };

	for (unsigned h = 0; h < ncpu; h++) {
		const struct timeline_buf *b = timeline_hart(h);
		KEXPECT_EQ(b->dropped, 0);
		for (uint32_t i = 0; i < b->len; i++)
			if (b->rec[i].task == id)
				check_record(&b->rec[i], count);
	}
	KEXPECT_EQ(count[TL_SPAWN], 1);
	KEXPECT_EQ(count[TL_POLL_BEGIN], YIELDS + 1);
	KEXPECT_EQ(count[0], 1);	/* the first only */
	KEXPECT_EQ(count[TL_POLL_END], YIELDS + 1);
	KEXPECT_EQ(count[TL_WAKE], YIELDS);
	KEXPECT_EQ(count[TL_EXIT], 1);
}

KTEST(timeline, records_a_tasks_life)
{
	unsigned id = record_yielder(YIELDS, 0);

	if (id)
		check_life(id);
}

/* Pages taken, in runs chained through their first two words, until
 * only keep are free; give_back returns them. */
static void *
hog_pages(size_t keep)
{
	void **chain = 0;

	while (pages_free() > keep) {
		size_t n = pages_free() - keep;
		void **p = page_alloc(n < 256 ? n : 256);
		if (!p)
			break;
		p[0] = chain;
		p[1] = (void *)(n < 256 ? n : 256);
		chain = p;
	}
	return chain;
}

static void
give_back(void **chain)
{
	while (chain) {
		void **p = chain;
		chain = p[0];
		page_free(p, (size_t)p[1]);
	}
}

/* A start that cannot have its buffers (one page short of the last
 * hart's) fails and leaves the last recording and the memory as they
 * were; the largest start fits when nothing else holds the memory. */
KTEST(timeline, refused_start_keeps_the_record)
{
	unsigned id = record_yielder(YIELDS, 0);
	size_t per = PGROUNDUP(TIMELINE_MAX_RECORDS *
			       sizeof(struct timeline_record)) / PGSIZE;

	if (!id)
		return;
	const struct timeline_record *rec0 = timeline_hart(0)->rec;
	uint32_t len0 = timeline_hart(0)->len;
	size_t pages = pages_free(), bytes = kmalloc_live_bytes();
	void **hog = hog_pages(ncpu * per - 1);
	KEXPECT_EQ(timeline_start(TIMELINE_MAX_RECORDS), -ENOMEM);
	give_back(hog);
	KEXPECT_EQ(pages_free(), pages);
	KEXPECT_EQ(kmalloc_live_bytes(), bytes);
	KEXPECT_EQ(timeline_on(), false);
	KEXPECT(timeline_hart(0)->rec == rec0 && timeline_hart(0)->len == len0);
	check_life(id);
	KEXPECT_EQ(timeline_start(TIMELINE_MAX_RECORDS), 0);
	timeline_stop();
	KEXPECT_EQ(timeline_hart(0)->cap, TIMELINE_MAX_RECORDS);
	KEXPECT_EQ(timeline_start(16), 0);	/* the 20 MiB back */
	timeline_stop();
}

/* Each event is a record or a drop: spawn, exit, a begin and an end per
 * poll, a wake per yield, and nothing else runs. */
KTEST(timeline, full_buffers_count_drops)
{
	const uint32_t cap = 16;

	if (!record_yielder(YIELDS, cap))
		return;
	uint64_t records = 0, dropped = 0;
	for (unsigned h = 0; h < ncpu; h++) {
		const struct timeline_buf *b = timeline_hart(h);
		KEXPECT(b->len <= cap);
		KEXPECT(!b->dropped || b->len == cap);
		records += b->len;
		dropped += b->dropped;
	}
	KEXPECT_EQ(records + dropped, 2 + 2 * (YIELDS + 1) + YIELDS);
	KEXPECT(dropped > 0);
	KEXPECT_EQ(timeline_start(TIMELINE_MAX_RECORDS + 1), -EINVAL);
	KEXPECT_EQ(timeline_on(), false);
}

/* A start that cannot attach (sched:task_wake full) fails with its
 * error, attaches nothing and keeps the last recording. */
KTEST(timeline, unattachable_start_keeps_the_record)
{
	unsigned id = record_yielder(YIELDS, 0);
	struct tracepoint *wake = tracepoint_find("sched:task_wake");

	if (!id)
		return;
	size_t pages = pages_free();
	unsigned n = tp_fill(wake);
	KEXPECT_EQ(timeline_start(0), -ENOSPC);
	tp_unfill(wake, n);
	KEXPECT_EQ(timeline_on(), false);
	KEXPECT_EQ(pages_free(), pages);
	KEXPECT_EQ(tracepoint_find("sched:task_exit")->enabled, false);
	check_life(id);
}

/* --- async calls ---------------------------------------------------------- */

#define INNER_YIELDS	5
#define SEEN_MAX	64
/* Each call's events: START, a SUSPEND per yield with a RESUME after
 * it, COMPLETE; the outer call's polls are the inner's. */
#define CALL_EVENTS	(2 * (INNER_YIELDS + 1))

struct inner {
	struct eb_future f;
	int i;
	struct yield y;
};

struct outer {
	struct eb_future f;
	struct inner in;
};

static unsigned inner_line, outer_line;	/* their EB_AWAITs */

static enum eb_poll
tl_inner_poll(struct eb_future *f, struct eb_context *cx)
{
	struct inner *in = (struct inner *)f;

	EB_ASYNC_BEGIN(f);
	for (in->i = 0; in->i < INNER_YIELDS; in->i++) {
		yield_init(&in->y);
		inner_line = __LINE__ + 1;
		EB_AWAIT(f, &in->y.f, cx);
	}
	EB_ASYNC_END(f);
}

static enum eb_poll
tl_outer_poll(struct eb_future *f, struct eb_context *cx)
{
	struct outer *o = (struct outer *)f;

	EB_ASYNC_BEGIN(f);
	o->in = (struct inner){ .f = EB_FUTURE_INIT(tl_inner_poll) };
	outer_line = __LINE__ + 1;
	EB_AWAIT(f, &o->in.f, cx);
	EB_ASYNC_END(f);
}

/* The events the probes' handler saw, in the order it saw them. */
static struct eb_async_event seen[SEEN_MAX];
static volatile unsigned nseen;

/* The handler: log ev (the timeline records it itself). */
static void
log_event(struct async_probe *ap, const struct eb_async_event *ev)
{
	unsigned i = __atomic_fetch_add(&nseen, 1, __ATOMIC_RELAXED);

	if (i < SEEN_MAX) {
		seen[i] = *ev;
		seen[i].regs = 0;	/* gone after the hit */
	}
}

/* Whether r is ev's record: every field equal. */
static bool
same_event(const struct timeline_record *r, const struct eb_async_event *ev)
{
	return r->kind == TL_ASYNC && r->ns == ev->time_ns &&
	       (r->flag & ~TL_ASYNC_UNSEEN) == ev->kind &&
	       !(r->flag & TL_ASYNC_UNSEEN) ==
		       !(ev->flags & EB_ASYNC_UNSEEN_START) &&
	       r->task == ev->task_id && r->async.call == ev->call_id &&
	       r->async.parent == ev->parent_id &&
	       r->async.future == (uintptr_t)ev->future &&
	       r->async.fn == fn_off(ev->future->poll) &&
	       r->async.line == ev->line;
}

/* Each hart's TL_ASYNC records are, in order, the events seen on that
 * hart; their total is the number seen. */
static void
check_records_are_events(unsigned n)
{
	unsigned records = 0;

	for (unsigned h = 0; h < ncpu; h++) {
		const struct timeline_buf *b = timeline_hart(h);
		unsigned j = 0;
		for (uint32_t i = 0; i < b->len; i++) {
			if (b->rec[i].kind != TL_ASYNC)
				continue;
			records++;
			while (j < n && seen[j].cpu != h)
				j++;
			KEXPECT(j < n && same_event(&b->rec[i], &seen[j++]));
		}
	}
	KEXPECT_EQ(records, n);
}

/* The events of future f's call, in the order seen: START, SUSPEND and
 * RESUME in turns at line, COMPLETE; one call id, parent as given, task
 * id. Returns the call's id. */
static uint64_t
check_call(const struct eb_future *f, unsigned n, uint64_t parent,
	   unsigned line, unsigned task)
{
	unsigned want = EB_ASYNC_START, events = 0;
	uint64_t id = 0;

	for (unsigned i = 0; i < n; i++) {
		const struct eb_async_event *e = &seen[i];
		if (e->future != f)
			continue;
		if (events++ == 0)
			id = e->call_id;
		if (!(want == EB_ASYNC_SUSPEND && e->kind == EB_ASYNC_COMPLETE))
			KEXPECT_EQ(e->kind, want);
		KEXPECT(e->call_id == id && e->parent_id == parent &&
			e->task_id == task && e->flags == 0);
		if (e->kind == EB_ASYNC_SUSPEND || e->kind == EB_ASYNC_RESUME)
			KEXPECT_EQ(e->line, line);
		want = e->kind == EB_ASYNC_SUSPEND ? EB_ASYNC_RESUME
						   : EB_ASYNC_SUSPEND;
	}
	KEXPECT_EQ(events, CALL_EVENTS);
	return id;
}

static bool
probe(struct async_probe *ap, eb_poll_fn poll)
{
	*ap = (struct async_probe){ .poll = poll, .handler = log_event };
	return KEXPECT_EQ(register_async_probe(ap), 0);
}

KTEST(timeline, records_async_calls)
{
	struct outer o = { .f = EB_FUTURE_INIT(tl_outer_poll) };
	struct async_probe outer_ap, inner_ap;

	nseen = 0;
	if (!probe(&outer_ap, tl_outer_poll))
		return;
	if (!probe(&inner_ap, tl_inner_poll)) {
		unregister_async_probe(&outer_ap);
		return;
	}
	unsigned id = record_task(&o.f, "nested", 0);
	unsigned n = nseen, records[NCPU];

	/* Not recording: the probes' events write nothing. */
	for (unsigned h = 0; h < ncpu; h++)
		records[h] = timeline_hart(h)->len;
	o = (struct outer){ .f = EB_FUTURE_INIT(tl_outer_poll) };
	run_task(&o.f, "after");
	KEXPECT(nseen > n);
	for (unsigned h = 0; h < ncpu; h++)
		KEXPECT_EQ(timeline_hart(h)->len, records[h]);
	unregister_async_probe(&inner_ap);
	unregister_async_probe(&outer_ap);
	if (!id || !KEXPECT_EQ(n, 2 * CALL_EVENTS))
		return;
	check_records_are_events(n);
	uint64_t outer = check_call(&o.f, n, 0, outer_line, id);
	uint64_t inner = check_call(&o.in.f, n, outer, inner_line, id);
	KEXPECT(outer && inner && inner != outer);
}

static volatile unsigned counted;

static void
count_event(struct async_probe *ap, const struct eb_async_event *ev)
{
	__atomic_fetch_add(&counted, 1, __ATOMIC_RELAXED);
}

/* TL_ASYNC records of future f's calls, on every hart. */
static unsigned
records_of(const struct eb_future *f)
{
	unsigned n = 0;

	for (unsigned h = 0; h < ncpu; h++) {
		const struct timeline_buf *b = timeline_hart(h);
		for (uint32_t i = 0; i < b->len; i++)
			n += b->rec[i].kind == TL_ASYNC &&
			     b->rec[i].async.future == (uintptr_t)f;
	}
	return n;
}

/* A call followed by two probes on its function is recorded once: the
 * older probe's events (the newer one saw them all too); with the older
 * unregistered, the newer one's. */
KTEST(timeline, a_call_two_probes_follow_is_recorded_once)
{
	struct outer o = { .f = EB_FUTURE_INIT(tl_outer_poll) };
	struct async_probe older = { .poll = tl_inner_poll,
				     .handler = count_event };
	struct async_probe newer = older;

	counted = 0;
	if (!KEXPECT_EQ(register_async_probe(&older), 0))
		return;
	if (KEXPECT_EQ(register_async_probe(&newer), 0)) {
		if (KEXPECT(record_task(&o.f, "twice", 0)))
			KEXPECT_EQ(records_of(&o.in.f), CALL_EVENTS);
		KEXPECT_EQ(counted, 2 * CALL_EVENTS);
		unregister_async_probe(&older);
		o = (struct outer){ .f = EB_FUTURE_INIT(tl_outer_poll) };
		if (KEXPECT(record_task(&o.f, "newer", 0)))
			KEXPECT_EQ(records_of(&o.in.f), CALL_EVENTS);
		unregister_async_probe(&newer);
		return;
	}
	unregister_async_probe(&older);
}

/* An eBPF program's async probe (SEC("asyncprobe/tl_inner_poll")) feeds
 * the timeline as a C one does: a record per event the program ran on,
 * each of the inner call's future, with the call's await line. */
KTEST(timeline, records_bpf_async_probe_calls)
{
	struct eb_bpf_async_probe bp = { .symbol = "tl_inner_poll" };
	struct outer o = { .f = EB_FUTURE_INIT(tl_outer_poll) };
	struct bpf_link *link;
	struct bpf_map *map;
	struct bpf_prog *prog = bpf_text_async_counter(&bp, &map, &link);

	if (KEXPECT(prog)) {
		unsigned id = record_task(&o.f, "bpf", 0);
		eb_bpf_detach(link);
		uint32_t key = 0;
		uint64_t *runs = bpf_map_lookup_elem(map, &key);
		unsigned records = 0;
		for (unsigned h = 0; h < ncpu; h++) {
			const struct timeline_buf *b = timeline_hart(h);
			for (uint32_t i = 0; i < b->len; i++) {
				const struct timeline_record *r = &b->rec[i];
				if (r->kind != TL_ASYNC)
					continue;
				records++;
				unsigned kind = r->flag & ~TL_ASYNC_UNSEEN;
				bool waits = kind == EB_ASYNC_SUSPEND ||
					     kind == EB_ASYNC_RESUME;
				KEXPECT(r->task == id &&
					r->async.future == (uintptr_t)&o.in.f &&
					r->async.fn == fn_off(tl_inner_poll) &&
					r->async.parent == 0 &&
					r->async.line == (waits ? inner_line : 0));
			}
		}
		KEXPECT_EQ(records, CALL_EVENTS);
		KEXPECT(runs && *runs == records);
		bpf_prog_free(prog);
		bpf_map_free(map);
	}
}
