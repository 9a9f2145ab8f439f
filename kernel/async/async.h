/*
 * The kernel's async runtime (zCore's model): tasks are top-level
 * futures (<ebreak/future.h>) run by an executor on every hart; leaf
 * futures wait for the timer, the console, pipes and child exits.
 */
#ifndef KERNEL_ASYNC_H
#define KERNEL_ASYNC_H
#include "defs.h"
#include <ebreak/future.h>

struct task;

/* What a poll gets: the task being polled, whose waker is task_wake. */
struct eb_context {
	struct task *task;
};

/* executor.c */
enum task_state {
	TASK_IDLE,	/* polled EB_PENDING, waiting for a wake */
	TASK_QUEUED,	/* on a ready queue */
	TASK_RUNNING,	/* being polled */
	TASK_WOKEN,	/* woken while being polled: queued again after */
	TASK_DONE,	/* polled EB_READY */
};
/* One of a task's recent polls, as the task view keeps them. */
struct task_poll_record {
	uint64_t start;		/* rdtime */
	uint32_t ticks;		/* rdtime units it ran; 0 while it runs */
	uint32_t hart;
};
#define TASK_RECENT_POLLS 8
/* A task's life as the task view (trace/task_view.c) counts it from the
 * executor's tracepoints while on: times are in rdtime units. */
struct task_stats {
	uint64_t polls, wakes, self_wakes, migrations;
	uint64_t busy;		/* the polls' time */
	uint64_t idle;		/* not queued, not polled: end to wake */
	uint64_t scheduled;	/* queued: wake (or end, if woken in the
				 * poll) to the next poll */
	uint64_t last_wake, last_end;	/* rdtime; 0: not seen */
	uint64_t poll_start;	/* of the poll running now, or 0 */
	uint64_t warned_start;	/* the poll_start of the last long poll the
				 * watchdog warned of (task_view_tick) */
	uint64_t long_polls;	/* polls longer than TASK_LONG_POLL_MS */
	uint64_t longest;	/* the longest poll */
	unsigned longest_hart, longest_line;
	unsigned last_hart;	/* of the latest poll */
	unsigned poll_line;	/* the await point it resumed at */
	struct task_poll_record recent[TASK_RECENT_POLLS];	/* by polls */
};
struct task {
	struct eb_future *future;	/* the top-level future */
	volatile uint32_t state;	/* enum task_state */
	struct task *next;	/* ready-queue link */
	struct task *all_next, *all_prev;	/* every live task (ps) */
	unsigned id;
	unsigned cpu;		/* hart that last polled it: its queue */
	const char *name;
	char comm[16] __attribute__((aligned(8)));	/* name, cut: for traces */
	/* Who traces say runs while it is polled (cpu.comm and cpu.pid, set
	 * by the executor around each poll): comm and pid 0, or a
	 * process's own name and pid (task_spawn_proc). */
	const char *trace_comm;
	int pid;
	uint64_t polls;
	void (*on_exit)(struct task *t, void *arg);	/* after EB_READY */
	void *arg;
	/* Wakers registered for it (wait queues, the timer list): none
	 * while idle means nothing will wake it, a lost waker. */
	unsigned wakers;
	struct task_stats stats;
};
struct task *task_spawn(struct eb_future *f, const char *name,
			void (*on_exit)(struct task *, void *), void *arg);
struct task *task_spawn_proc(struct eb_future *f, const char *name, int pid,
			     void (*on_exit)(struct task *, void *), void *arg);
void task_wake(struct task *t);
struct task *current_task(void);
struct task *executor_irq_enter(void);
void executor_irq_exit(struct task *polled);
bool executor_run_one(void);
void executor_idle(void);
void executor_run_until(bool (*done)(void *), void *arg);
void executor_ps(void);
const char *task_state_name(uint32_t s);
void executor_for_each_task(void (*fn)(struct task *t, void *arg), void *arg);
unsigned executor_live_tasks(void);

/* await_point.c */
const char *poll_fn_name(eb_poll_fn fn);
int await_point(char *buf, size_t size, eb_poll_fn fn, unsigned state);

/* waitq.c: tasks waiting for a condition. The caller's lock protects the
 * condition and the queue: a poll adds its entry and checks the
 * condition under it; whoever changes the condition wakes under it. */
struct wait_entry {
	struct task *task;
	struct wait_entry *next;
	bool queued;
};
struct waitq {
	struct wait_entry *head;
};
void task_wakers_add(struct task *t, int n);
void waitq_add(struct waitq *q, struct wait_entry *e, struct task *t);
void waitq_del(struct waitq *q, struct wait_entry *e);
void waitq_wake_all(struct waitq *q);

/* sleep.c: timer sleep and yield */
struct sleep {
	struct eb_future f;
	uint64_t deadline;	/* in rdtime() units */
	struct task *task;
	struct sleep *next;	/* timer list, by deadline */
	bool queued;
};
void sleep_init(struct sleep *s, uint64_t ns);
void sleep_tick(void);
struct yield {
	struct eb_future f;
	bool yielded;
};
void yield_init(struct yield *y);

/* console.c: console input */
struct console_read {
	struct eb_future f;
	char *buf;		/* kernel buffer */
	size_t len;
	long ret;		/* bytes read (at least one), when EB_READY */
	struct wait_entry wait;
};
void console_read_init(struct console_read *r, char *buf, size_t len);
void console_input_ready(void);

/* pipe.c: a byte pipe between tasks */
#define PIPE_SIZE 512
struct pipe;
struct pipe *pipe_alloc(void);
void pipe_close(struct pipe *p, bool writer);
struct pipe_io {
	struct eb_future f;
	struct pipe *pipe;
	char *buf;		/* kernel buffer */
	size_t len;
	long ret;		/* bytes moved, 0 at EOF, or -EPIPE */
	struct wait_entry wait;
};
void pipe_read_init(struct pipe_io *io, struct pipe *p, char *buf, size_t len);
void pipe_write_init(struct pipe_io *io, struct pipe *p, const char *buf,
		     size_t len);

#endif
