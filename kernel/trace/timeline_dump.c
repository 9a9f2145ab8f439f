/*
 * The timeline's records on the console, one line each between a begin
 * and an end line, hart by hart in the order they fired (the format is
 * in docs/timeline.md; tools/timeline.py reads it).
 */
#include "trace/timeline.h"
#include "user/user.h"
#include <ebreak/async_probe.h>
#include <ebreak/fmt.h>

/* "fn:line>fn:line>fn" into buf: each level's await point. */
static void
format_awaits(char *buf, size_t size, const struct timeline_record *r)
{
	size_t n = 0;

	buf[0] = 0;
	for (unsigned i = 0; i < r->depth && n < size; i++) {
		const struct timeline_await *a = &r->awaits[i];
		if (i)
			n += eb_snprintf(buf + n, size - n, ">");
		if (n < size)
			n += await_point(buf + n, size - n,
					 (eb_poll_fn)((uintptr_t)_text + a->fn),
					 a->line);
	}
}

/* "async EVENT TASK CALL PARENT FN[:LINE] 0xFUTURE[ unseen-start]": a
 * TL_ASYNC record's fields after its hart and time. */
static void
print_async(const struct timeline_record *r)
{
	char at[80];

	await_point(at, sizeof at,
		    (eb_poll_fn)((uintptr_t)_text + r->async.fn), r->async.line);
	printf("async %s %u %u %u %s 0x%lx%s\n",
	       eb_async_event_kind(r->flag & ~TL_ASYNC_UNSEEN), r->task,
	       r->async.call, r->async.parent, at,
	       (unsigned long)r->async.future,
	       r->flag & TL_ASYNC_UNSEEN ? " unseen-start" : "");
}

/* A syscall's name, "?" for a number the kernel does not have. */
static const char *
sys_name(uint32_t nr)
{
	const char *name = syscall_name(nr);

	return name ? name : "?";
}

static void
print_record(unsigned hart, const struct timeline_record *r)
{
	char awaits[160];

	printf("%u %lu ", hart, (unsigned long)r->ns);
	switch (r->kind) {
	case TL_SPAWN:
		printf("spawn %u %s\n", r->task, r->life.name);
		break;
	case TL_EXIT:
		printf("exit %u %lu %s\n", r->task,
		       (unsigned long)r->life.polls, r->life.name);
		break;
	case TL_POLL_BEGIN:
	case TL_POLL_END:
		format_awaits(awaits, sizeof awaits, r);
		printf("%s %u %s\n", r->kind == TL_POLL_BEGIN ? "poll" :
		       r->flag ? "ready" : "pending", r->task, awaits);
		break;
	case TL_WAKE:
		printf("wake %u %u %s\n", r->task, r->waker,
		       r->flag == TASK_RUNNING ? "running" : "idle");
		break;
	case TL_SYS_ENTER:
	case TL_SYS_EXIT:
		printf("%s %u %d %s %u %ld\n", r->kind == TL_SYS_ENTER ?
		       "enter" : "return", r->task, r->sys.pid,
		       sys_name(r->sys.nr), r->sys.nr, (long)r->sys.arg);
		break;
	case TL_ASYNC:
		print_async(r);
		break;
	}
}

/* Whether there is a recording (one under way, or kept since the last
 * stop); says so if not. */
static bool
recorded(void)
{
	if (timeline_hart(0)->rec)
		return true;
	printf("timeline: nothing recorded (timeline start first)\n");
	return false;
}

/* Records and drops of every hart, into *records and *dropped. */
static void
totals(uint64_t *records, uint64_t *dropped)
{
	*records = *dropped = 0;
	for (unsigned i = 0; i < ncpu; i++) {
		*records += timeline_hart(i)->len;
		*dropped += timeline_hart(i)->dropped;
	}
}

/*
 * Shell: print every record, framed by "timeline: begin ..." and
 * "timeline: end", each hart's followed by its counts. Only while not
 * recording and once something was (says so otherwise).
 */
void
timeline_dump(void)
{
	uint64_t records, dropped;

	if (timeline_on()) {
		printf("timeline: recording: stop it first\n");
		return;
	}
	if (!recorded())
		return;
	totals(&records, &dropped);
	printf("timeline: begin harts %u records %lu dropped %lu\n", ncpu,
	       (unsigned long)records, (unsigned long)dropped);
	for (unsigned i = 0; i < ncpu; i++) {
		const struct timeline_buf *b = timeline_hart(i);
		for (uint32_t j = 0; j < b->len; j++)
			print_record(i, &b->rec[j]);
		printf("timeline: hart %u records %u dropped %lu\n", i, b->len,
		       (unsigned long)b->dropped);
	}
	printf("timeline: end\n");
}

/* Shell: whether recording, and the records and drops so far. */
void
timeline_status(void)
{
	uint64_t records, dropped;

	if (!recorded())
		return;
	totals(&records, &dropped);
	printf("timeline: %s, %lu records, %lu dropped (%u per hart)\n",
	       timeline_on() ? "recording" : "stopped",
	       (unsigned long)records, (unsigned long)dropped,
	       timeline_hart(0)->cap);
}
