/*
 * The timeline recorder (timeline.h): probes on the executor's and the
 * syscalls' tracepoints, and an observer of every async probe's events
 * (eb_async_probe_observe), each writing one record into its hart's
 * buffer. The probes, the observer and what they call are EB_NOPROBE,
 * as the task view's: they run in trace context, where a kprobe's
 * handler waking a task (a ring buffer's reader) would hit them again,
 * and the observer inside an async probe's handler.
 */
#include "trace/timeline.h"
#include "trace/tracepoint.h"
#include "async/async.h"
#include <ebreak/async_probe.h>
#include <ebreak/errno.h>
#include <ebreak/kprobes.h>

DECLARE_TRACEPOINT(sched, task_spawn);
DECLARE_TRACEPOINT(sched, task_poll_begin);
DECLARE_TRACEPOINT(sched, task_poll_end);
DECLARE_TRACEPOINT(sched, task_wake);
DECLARE_TRACEPOINT(sched, task_exit);
DECLARE_TRACEPOINT(raw_syscalls, sys_enter);
DECLARE_TRACEPOINT(raw_syscalls, sys_exit);

_Static_assert(sizeof(struct timeline_record) == 40,
	       "docs/timeline.md gives a record's size");

static struct timeline_buf bufs[NCPU];
static bool recording;

/* This hart's next record, its time and kind set; NULL when the buffer
 * is full (counted). Interrupts off. */
static EB_NOPROBE struct timeline_record *
next_record(enum timeline_kind kind, uint32_t task)
{
	struct timeline_buf *b = &bufs[cpuid()];

	if (b->len == b->cap) {
		b->dropped++;
		return 0;
	}
	struct timeline_record *r = &b->rec[b->len++];
	r->ns = time_ns();
	r->kind = kind;
	r->flag = 0;
	r->depth = 0;
	r->task = task;
	return r;
}

/* The id of task pointer t, a tracepoint argument (0 for none). */
static EB_NOPROBE uint32_t
task_id(uint64_t t)
{
	return t ? ((struct task *)t)->id : 0;
}

/* Fill r's await chain from future f down, TIMELINE_AWAITS levels at
 * most. f's task is being polled on this hart, so the chain is live. */
static EB_NOPROBE void
record_awaits(struct timeline_record *r, struct eb_future *f, unsigned max)
{
	unsigned n = 0;

	for (; f && n < max; f = f->awaiting, n++)
		r->awaits[n] = (struct timeline_await){
			(uintptr_t)f->poll - (uintptr_t)_text, f->state };
	r->depth = n;
}

/* A spawn or exit record of task t: its name as it is now (a process's
 * changes at exec) and polls. */
static EB_NOPROBE void
record_life(uint64_t t, enum timeline_kind kind, uint64_t polls)
{
	struct task *task = (struct task *)t;
	struct timeline_record *r = next_record(kind, task->id);

	if (!r)
		return;
	size_t n = strlen(task->name);
	if (n >= sizeof r->life.name)
		n = sizeof r->life.name - 1;
	memcpy(r->life.name, task->name, n);
	r->life.name[n] = 0;
	r->life.polls = polls;
}

/* sched:task_spawn (task, id) */
static EB_NOPROBE void
on_task_spawn(void *data, const uint64_t *args)
{
	record_life(args[0], TL_SPAWN, 0);
}

/* sched:task_exit (task, id, polls) */
static EB_NOPROBE void
on_task_exit(void *data, const uint64_t *args)
{
	record_life(args[0], TL_EXIT, args[2]);
}

/* sched:task_poll_begin (task, id, state) and task_poll_end (task, id,
 * ready, state): the top future at a begin, the chain at an end. */
static EB_NOPROBE void
on_poll(void *data, const uint64_t *args)
{
	bool end = data != 0;
	struct timeline_record *r =
		next_record(end ? TL_POLL_END : TL_POLL_BEGIN, args[1]);

	if (!r)
		return;
	r->flag = end && args[2];
	record_awaits(r, ((struct task *)args[0])->future,
		      end ? TIMELINE_AWAITS : 1);
}

/* sched:task_wake (waker, wakee, wakee_state) */
static EB_NOPROBE void
on_wake(void *data, const uint64_t *args)
{
	struct timeline_record *r = next_record(TL_WAKE, task_id(args[1]));

	if (!r)
		return;
	r->flag = args[2];
	r->waker = task_id(args[0]);
}

/* raw_syscalls:sys_enter (nr, a0..a5, pid, task) and sys_exit (nr, ret,
 * pid, task). */
static EB_NOPROBE void
on_syscall(void *data, const uint64_t *args)
{
	bool exit = data != 0;
	unsigned pid = exit ? 2 : 7;	/* pid's place in args; task's next */
	struct timeline_record *r = next_record(
		exit ? TL_SYS_EXIT : TL_SYS_ENTER, task_id(args[pid + 1]));

	if (!r)
		return;
	r->sys.nr = args[0];
	r->sys.pid = args[pid];
	r->sys.arg = args[1];
}

/*
 * The async probes' observer while recording (eb_async_probe_observe):
 * ev, an event of the oldest registered async probe on its poll
 * function (the shell's, an eBPF program's, any other C user's), as a
 * record: its kind and whether the
 * call's start went unseen in flag, the call's and its parent's ids,
 * its poll function, await line and future, at the event's own time.
 * Trap context (a kprobe handler, interrupts off); takes no lock.
 */
static EB_NOPROBE void
record_async(struct async_probe *ap, const struct eb_async_event *ev)
{
	struct timeline_record *r = next_record(TL_ASYNC, ev->task_id);

	if (!r)
		return;
	r->ns = ev->time_ns;
	r->flag = ev->kind |
		  (ev->flags & EB_ASYNC_UNSEEN_START ? TL_ASYNC_UNSEEN : 0);
	r->async.future = (uintptr_t)ev->future;
	r->async.call = ev->call_id;
	r->async.parent = ev->parent_id;
	r->async.fn = (uintptr_t)ev->future->poll - (uintptr_t)_text;
	r->async.line = ev->line;
}

/* What recording attaches, in this order: a poll's end before its
 * begin, a task's exit before its spawn, so a poll or a task whose start
 * was recorded has its end recorded too (timeline_stop detaches in the
 * reverse order). data tells a probe shared by two which one it is on. */
static const struct {
	struct tracepoint *tp;
	tracepoint_probe_fn fn;
	void *data;
} attach[] = {
	{ &__tracepoint_sched_task_poll_end, on_poll, (void *)1 },
	{ &__tracepoint_sched_task_exit, on_task_exit, 0 },
	{ &__tracepoint_raw_syscalls_sys_exit, on_syscall, (void *)1 },
	{ &__tracepoint_sched_task_wake, on_wake, 0 },
	{ &__tracepoint_raw_syscalls_sys_enter, on_syscall, 0 },
	{ &__tracepoint_sched_task_poll_begin, on_poll, 0 },
	{ &__tracepoint_sched_task_spawn, on_task_spawn, 0 },
};

static size_t
buf_pages(uint32_t records)
{
	return PGROUNDUP(records * sizeof(struct timeline_record)) / PGSIZE;
}

/* Free the record arrays of b[0..n). */
static void
free_buffers(struct timeline_buf *b, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (b[i].rec)
			page_free(b[i].rec, buf_pages(b[i].cap));
}

/* An empty buffer of records for each hart in b: 0, or -ENOMEM with
 * nothing allocated. */
static int
alloc_buffers(struct timeline_buf *b, uint32_t records)
{
	for (unsigned i = 0; i < ncpu; i++) {
		b[i] = (struct timeline_buf){ page_alloc(buf_pages(records)),
					      0, records, 0 };
		if (!b[i].rec) {
			free_buffers(b, i);
			return -ENOMEM;
		}
	}
	return 0;
}

/* Exchange the harts' buffers with other's. */
static void
swap_buffers(struct timeline_buf *other)
{
	for (unsigned i = 0; i < ncpu; i++) {
		struct timeline_buf b = bufs[i];
		bufs[i] = other[i];
		other[i] = b;
	}
}

/* Attach every probe of attach[]: 0, or the error of the first that
 * failed (said on the console) with none attached. */
static int
attach_all(void)
{
	for (size_t n = 0; n < ARRAY_SIZE(attach); n++) {
		int err = tracepoint_probe_register(attach[n].tp, attach[n].fn,
						    attach[n].data);
		if (err) {
			tracepoint_attach_error("timeline", attach[n].tp, err);
			while (n-- > 0)	/* the ones attached before */
				tracepoint_probe_unregister(attach[n].tp,
							    attach[n].fn,
							    attach[n].data);
			return err;
		}
	}
	return 0;
}

/*
 * Start recording into new empty buffers of records per hart (0:
 * TIMELINE_RECORDS), kept after timeline_stop for the dump. 0, -EBUSY if
 * recording already, -EINVAL for more than TIMELINE_MAX_RECORDS, -ENOMEM,
 * or a tracepoint's error (said on the console). On an error nothing is
 * attached and the last recording is kept as it was. Not in trap
 * context; no spinlock held.
 */
int
timeline_start(uint32_t records)
{
	struct timeline_buf other[NCPU];	/* the new, then the old */

	if (recording)
		return -EBUSY;
	if (records > TIMELINE_MAX_RECORDS)
		return -EINVAL;
	int err = alloc_buffers(other, records ? records : TIMELINE_RECORDS);
	if (err)
		return err;
	/* In place before the first probe can run: no hart reads bufs
	 * until it loads a probe (acquire) that tracepoint_probe_register
	 * stored after this (release), or the observer that
	 * eb_async_probe_observe stores below (release). */
	swap_buffers(other);
	err = attach_all();
	if (err)
		swap_buffers(other);	/* back: the new ones to free */
	free_buffers(other, ncpu);
	if (!err) {
		recording = true;
		eb_async_probe_observe(record_async);
	}
	return err;
}

/* Stop recording; the records stay until the next start. On return no
 * hart writes them. Does nothing when not recording. Not in trap
 * context; no spinlock held. */
void
timeline_stop(void)
{
	if (!recording)
		return;
	/* Async calls first, so that they are recorded only inside the
	 * tracepoints' span; on return no hart is in record_async. */
	eb_async_probe_observe(NULL);
	recording = false;
	for (size_t n = ARRAY_SIZE(attach); n-- > 0;)
		tracepoint_probe_unregister(attach[n].tp, attach[n].fn,
					    attach[n].data);
}

/* Whether timeline_start has been called without timeline_stop. */
bool
timeline_on(void)
{
	return recording;
}

/* Hart cpu's buffer (rec NULL: never recorded); its records are final
 * only while not recording. */
const struct timeline_buf *
timeline_hart(unsigned cpu)
{
	return &bufs[cpu];
}
