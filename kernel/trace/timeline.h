/*
 * The timeline recorder: while on, the executor's sched tracepoints
 * (task_spawn, task_poll_begin, task_poll_end, task_wake, task_exit),
 * raw_syscalls' sys_enter and sys_exit, and the events of every
 * registered async probe (the shell's `aprobe add`, eBPF programs in
 * SEC("asyncprobe/..."), any other; eb_async_probe_observe) write one
 * fixed-size record each into a buffer of the hart they fire on,
 * allocated when recording starts. `timeline dump` prints the records on
 * the console, where tools/timeline.py reads them (docs/timeline.md).
 *
 * A hart writes only its own buffer, with interrupts off (tracepoint
 * probes and kprobe handlers run so), so the hit path takes no lock. A
 * record that finds its buffer full is counted as dropped, and the count
 * is printed with the records.
 */
#ifndef KERNEL_TIMELINE_H
#define KERNEL_TIMELINE_H
#include "defs.h"

#define TIMELINE_RECORDS	8192	/* per hart, unless said otherwise */
/* 5 MiB a hart, 20 MiB for 4: what 128 MiB of RAM holds besides the
 * kernel and its programs (each start allocates its buffers before it
 * frees the last recording's). */
#define TIMELINE_MAX_RECORDS	(1U << 17)
#define TIMELINE_AWAITS		3	/* await levels kept at a poll's end */

enum timeline_kind {
	TL_SPAWN = 1,	/* task: id; name */
	TL_POLL_BEGIN,	/* task; awaits[0]: the top future, where it resumes */
	TL_POLL_END,	/* task, flag: ready; awaits: the chain it stopped at */
	TL_WAKE,	/* task: the wakee, flag: its state before; waker */
	TL_EXIT,	/* task; name, polls (the executor's count) */
	TL_SYS_ENTER,	/* task; sys: nr, pid, arg (a0) */
	TL_SYS_EXIT,	/* task; sys: nr, pid, arg (the return value) */
	TL_ASYNC,	/* task; flag: EB_ASYNC_* | TL_ASYNC_UNSEEN; async */
};

/* TL_ASYNC's flag: the call began before its probe was registered
 * (EB_ASYNC_UNSEEN_START), so its first event is a RESUME. */
#define TL_ASYNC_UNSEEN	0x80

/* One level of an await chain: a future's poll function (its offset
 * from _text) and its state (0, an await line, or EB_FUTURE_DONE). */
struct timeline_await {
	uint32_t fn;
	uint32_t line;
};

struct timeline_record {
	uint64_t ns;		/* time_ns() when it fired */
	uint8_t kind;		/* enum timeline_kind */
	uint8_t flag;
	uint16_t depth;		/* TL_POLL_BEGIN/END: awaits[] used */
	uint32_t task;		/* the task's id; 0: none (an interrupt) */
	union {
		struct {
			char name[16];
			uint64_t polls;
		} life;		/* TL_SPAWN, TL_EXIT */
		struct timeline_await awaits[TIMELINE_AWAITS];
		uint32_t waker;	/* TL_WAKE: the waker's id; 0: an interrupt */
		struct {
			uint32_t nr;
			int32_t pid;
			int64_t arg;
		} sys;
		struct {
			uint64_t future;	/* the call's future */
			uint32_t call;		/* its id (the low 32 bits) */
			uint32_t parent;	/* the call it runs in; 0 */
			uint32_t fn;		/* its poll, offset from _text */
			uint32_t line;		/* SUSPEND, RESUME: the await
						 * line; 0 */
		} async;	/* TL_ASYNC: one event of an async call */
	};
};

/* One hart's records: rec[0..len) in the order they fired. */
struct timeline_buf {
	struct timeline_record *rec;
	uint32_t len, cap;
	uint64_t dropped;	/* records that found the buffer full */
};

/* timeline.c */
int timeline_start(uint32_t records);
void timeline_stop(void);
bool timeline_on(void);
const struct timeline_buf *timeline_hart(unsigned cpu);

/* timeline_dump.c */
void timeline_dump(void);
void timeline_status(void);

#endif
