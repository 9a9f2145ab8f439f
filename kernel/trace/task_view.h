/*
 * The task view (tokio-console's, for the kernel's tasks): while on,
 * probes on the executor's sched: tracepoints keep each task's struct
 * task_stats (polls, busy, idle and scheduled time, wakes, self-wakes,
 * the harts of its recent polls, migrations); off, the tracepoints are
 * nops again and nothing is counted. Snapshots of the live tasks feed
 * the shell's `tasks` and `task ID` (task_view_cmd.c) and the lints:
 *
 *	lost waker	idle (not queued, not polled, not done) with no
 *			waker registered (struct task's wakers): nothing
 *			will ever poll it again
 *	long poll	a poll running for TASK_LONG_POLL_MS or more now
 *			(seen from another hart), or one that ran as long;
 *			the timer tick's watchdog (task_view_tick) warns
 *			of one on its own hart while it runs, once
 *	self-wakes	more than half of at least TASK_SELF_WAKE_MIN wakes
 *			came from the task's own polls
 *
 * The lost-waker lint needs no view: wakers are counted always.
 */
#ifndef KERNEL_TASK_VIEW_H
#define KERNEL_TASK_VIEW_H
#include "async/async.h"

#define TASK_LONG_POLL_MS	100
#define TASK_SELF_WAKE_MIN	10
#define TASK_CHAIN_MAX		8

enum task_lint {
	TASK_LINT_LOST_WAKER = 1 << 0,
	TASK_LINT_LONG_POLL = 1 << 1,	/* running long now */
	TASK_LINT_LONG_POLLS = 1 << 2,	/* ran long before */
	TASK_LINT_SELF_WAKES = 1 << 3,
};

/* One level of an await chain: a poll function and its await point
 * (0 before the first poll or in a leaf, EB_FUTURE_DONE when done). */
struct task_await {
	eb_poll_fn poll;
	unsigned line;
};

/* A live task as the view saw it; times are in rdtime units, the ones
 * still running (busy in a poll, idle or queued now) included. */
struct task_snapshot {
	unsigned id;
	char name[16];
	uint32_t state;		/* enum task_state */
	unsigned wakers;
	uint64_t now;		/* rdtime when taken */
	struct task_stats stats;
	unsigned depth;		/* levels in chain: 1 while polled */
	struct task_await chain[TASK_CHAIN_MAX];	/* top future first */
	unsigned lints;		/* enum task_lint bits */
};

/* task_view.c */
int task_view_enable(bool on);
bool task_view_enabled(void);
bool task_view_was_on(void);
size_t task_view_snapshot(struct task_snapshot *out, size_t max,
			  size_t *left);

void task_view_tick(struct task *polled);
unsigned long task_view_watchdog_warnings(void);

/* task_view_cmd.c */
void task_view_warn_long_poll(unsigned id, const char *name, uint64_t ticks,
			      unsigned hart, eb_poll_fn fn, unsigned line);
void task_view_tasks_cmd(const char *args);
void task_view_task_cmd(const char *args);

#endif
