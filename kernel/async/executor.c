/*
 * The executor (zCore's): every hart takes tasks from its ready queue,
 * or steals from another hart's, and polls them. A task that returns
 * EB_PENDING sleeps until its waker (task_wake) queues it again; one that
 * returns EB_READY is done.
 *
 * The task's state word makes wakes exact:
 *
 *	IDLE --wake--> QUEUED --taken--> RUNNING --PENDING--> IDLE
 *	                                    |  \--READY--> DONE
 *	                                  wake
 *	                                    v
 *	                                  WOKEN --PENDING--> QUEUED
 *
 * A second wake of a QUEUED or WOKEN task does nothing, so a task is
 * queued at most once; a wake while it is being polled is remembered
 * (WOKEN) and queues it again when the poll returns EB_PENDING.
 */
#include "async/async.h"
#include "riscv.h"
#include "trace/tracepoint.h"
#include <ebreak/async_probe.h>

DEFINE_TRACEPOINT(sched, task_spawn, task, id);
DEFINE_TRACEPOINT(sched, task_poll_begin, task, id, state);
DEFINE_TRACEPOINT(sched, task_poll_end, task, id, ready, state);
DEFINE_TRACEPOINT(sched, task_wake, waker, wakee, wakee_state);
DEFINE_TRACEPOINT(sched, task_exit, task, id, polls);
TRACEPOINT_BTF(sched, task_spawn, struct task *task, unsigned id);
TRACEPOINT_BTF(sched, task_poll_begin, struct task *task, unsigned id,
	       unsigned state);
TRACEPOINT_BTF(sched, task_poll_end, struct task *task, unsigned id,
	       int ready, unsigned state);
TRACEPOINT_BTF(sched, task_wake, struct task *waker, struct task *wakee,
	       uint32_t wakee_state);
TRACEPOINT_BTF(sched, task_exit, struct task *task, unsigned id,
	       uint64_t polls);

struct runq {
	struct spinlock lock;
	struct task *head, *tail;
} __attribute__((aligned(64)));

static struct runq runqs[NCPU];
static struct task *running[NCPU];	/* the task each hart is polling */
static volatile uint32_t idle_harts;	/* bit per hart waiting in wfi */

static struct spinlock all_lock = SPINLOCK_INIT("tasks");
static struct task *all_tasks;
static unsigned next_id = 1, live_tasks;

static void
runq_push(unsigned cpu, struct task *t)
{
	struct runq *q = &runqs[cpu];

	t->next = 0;
	spin_lock(&q->lock);
	if (q->tail)
		q->tail->next = t;
	else
		q->head = t;
	q->tail = t;
	spin_unlock(&q->lock);
}

static struct task *
runq_pop(unsigned cpu)
{
	struct runq *q = &runqs[cpu];

	if (!READ_ONCE(q->head))	/* cheap look before stealing */
		return 0;
	spin_lock(&q->lock);
	struct task *t = q->head;
	if (t) {
		q->head = t->next;
		if (!q->head)
			q->tail = 0;
	}
	spin_unlock(&q->lock);
	return t;
}

/* Queue t on its hart and get an idle hart to run it. */
static void
enqueue(struct task *t)
{
	/* Once queued, t may be stolen, run and freed: read it first. */
	unsigned home = t->cpu;

	runq_push(home, t);
	/* Pairs with the fence in executor_idle: either that hart sees the
	 * task, or this one sees its idle bit. It also orders a waker's
	 * wakers decrement after the wake that queued t (waitq_wake_all). */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	uint32_t idle = __atomic_load_n(&idle_harts, __ATOMIC_RELAXED) &
			~(1U << cpuid());
	if (idle) {
		unsigned cpu = home;
		if (!(idle & (1U << home)))	/* the lowest idle hart */
			for (cpu = 0; !(idle >> cpu & 1); cpu++)
				;
		sbi_send_ipi(1UL << cpu, 0);	/* ends its wfi */
	}
}

/*
 * Start a task polling f (named name, for ps and traces) on this hart's
 * queue. When f is EB_READY the executor calls on_exit(task, arg), which
 * may free f, and then frees the task. Returns the task, or NULL when
 * out of memory. Not in trap context.
 */
struct task *
task_spawn(struct eb_future *f, const char *name,
	   void (*on_exit)(struct task *, void *), void *arg)
{
	return task_spawn_proc(f, name, 0, on_exit, arg);
}

/*
 * As task_spawn, for a process's thread when pid > 0: traces name it
 * by name, the process's own 16 bytes (8-aligned, kept up to date by
 * it: exec renames it), and pid, from its first poll on, as Linux
 * names a task by its comm and tgid. pid 0: a kernel task, task_spawn.
 */
struct task *
task_spawn_proc(struct eb_future *f, const char *name, int pid,
		void (*on_exit)(struct task *, void *), void *arg)
{
	struct task *t = kzalloc(sizeof *t);

	if (!t)
		return 0;
	t->future = f;
	t->name = name;
	for (size_t i = 0; name[i] && i + 1 < sizeof t->comm; i++)
		t->comm[i] = name[i];
	t->trace_comm = pid ? name : t->comm;
	t->pid = pid;
	t->on_exit = on_exit;
	t->arg = arg;
	t->cpu = cpuid();
	t->state = TASK_QUEUED;
	spin_lock(&all_lock);
	t->id = next_id++;
	t->all_next = all_tasks;
	if (all_tasks)
		all_tasks->all_prev = t;
	all_tasks = t;
	live_tasks++;
	spin_unlock(&all_lock);
	trace(sched, task_spawn, (uintptr_t)t, t->id);
	enqueue(t);
	return t;
}

/*
 * The waker: make t runnable. Waking a queued task, or one woken during
 * its poll, does nothing more; waking a task during its poll has it
 * polled again. Any context, interrupt handlers included. The caller
 * must know t is live: wakers are called under the lock that the task's
 * leaf future takes to unregister before it returns EB_READY.
 */
EB_NOPROBE void
task_wake(struct task *t)
{
	struct task *waker = running[cpuid()];

	for (;;) {
		uint32_t s = __atomic_load_n(&t->state, __ATOMIC_ACQUIRE);
		uint32_t to;
		if (s == TASK_IDLE)
			to = TASK_QUEUED;
		else if (s == TASK_RUNNING)
			to = TASK_WOKEN;
		else
			return;		/* QUEUED, WOKEN, DONE */
		if (__atomic_compare_exchange_n(&t->state, &s, to, false,
						__ATOMIC_ACQ_REL,
						__ATOMIC_ACQUIRE)) {
			trace(sched, task_wake, (uintptr_t)waker, (uintptr_t)t,
			      s);
			if (to == TASK_QUEUED)
				enqueue(t);
			return;
		}
	}
}

/* An interrupt handler starts: until executor_irq_exit, this hart polls
 * no task, so wakes are traced as the interrupt's (waker 0). Returns
 * what executor_irq_exit needs. Interrupts off. */
EB_NOPROBE struct task *
executor_irq_enter(void)
{
	struct task *t = running[cpuid()];

	running[cpuid()] = 0;
	return t;
}

/* The interrupt handler is done: back to polling the task it
 * interrupted (what executor_irq_enter returned). */
EB_NOPROBE void
executor_irq_exit(struct task *polled)
{
	running[cpuid()] = polled;
}

/* The task this hart is polling, or NULL. On the probe hit path
 * (eb_port_current_task): never probed or traced. */
EB_NOPROBE struct task *
current_task(void)
{
	return running[cpuid()];
}

static void
finish(struct task *t)
{
	trace(sched, task_exit, (uintptr_t)t, t->id, t->polls);
	spin_lock(&all_lock);
	if (t->all_prev)
		t->all_prev->all_next = t->all_next;
	else
		all_tasks = t->all_next;
	if (t->all_next)
		t->all_next->all_prev = t->all_prev;
	live_tasks--;
	spin_unlock(&all_lock);
	if (t->on_exit)
		t->on_exit(t, t->arg);
	kfree(t);
}

static void
poll_task(struct task *t)
{
	unsigned self = cpuid();
	struct eb_context cx = { t };

	t->cpu = self;
	t->polls++;
	__atomic_store_n(&t->state, TASK_RUNNING, __ATOMIC_RELEASE);
	running[self] = t;
	mycpu()->comm = t->trace_comm;	/* traces name the task it polls */
	mycpu()->pid = t->pid;
	trace(sched, task_poll_begin, (uintptr_t)t, t->id, t->future->state);
	enum eb_poll r = eb_future_poll(t->future, &cx);
	trace(sched, task_poll_end, (uintptr_t)t, t->id, r == EB_READY,
	      t->future->state);
	/* The poll may have moved harts' interrupt state, not harts. */
	running[self] = 0;
	mycpu()->comm = mycpu()->swapper;
	mycpu()->pid = 0;
	if (r == EB_READY) {
		__atomic_store_n(&t->state, TASK_DONE, __ATOMIC_RELEASE);
		finish(t);
		return;
	}
	uint32_t s = TASK_RUNNING;
	if (!__atomic_compare_exchange_n(&t->state, &s, TASK_IDLE, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		/* WOKEN during the poll: run it again. */
		__atomic_store_n(&t->state, TASK_QUEUED, __ATOMIC_RELEASE);
		enqueue(t);
	}
}

/*
 * Every STEAL_EVERY-th take a hart looks at the other harts' queues
 * before its own, starting at a different one each time: a hart whose own
 * queue never empties (its tasks yield or are preempted and go back on
 * it) still serves the others, so a task queued on a busy or absent hart
 * waits a bounded number of polls. Each hart counts its own takes.
 */
#define STEAL_EVERY 8
static unsigned takes[NCPU];

static struct task *
take_task(void)
{
	unsigned self = cpuid();
	unsigned n = ++takes[self], first = self;

	if (n % STEAL_EVERY == 0 && ncpu > 1)
		first = self + 1 + n / STEAL_EVERY % (ncpu - 1);
	for (unsigned i = 0; i < ncpu; i++) {
		struct task *t = runq_pop((first + i) % ncpu);
		if (t)
			return t;
	}
	return 0;
}

/* Poll one task from this hart's queue, or stolen from another's.
 * Returns false when every queue was empty. Interrupts on. */
bool
executor_run_one(void)
{
	struct task *t = take_task();

	if (!t)
		return false;
	poll_task(t);
	return true;
}

/* Wait in wfi for an interrupt, unless a task is queued. Call with
 * interrupts off: one arriving after the check stays pending and ends
 * the wfi at once. */
void
executor_idle(void)
{
	uint32_t bit = 1U << cpuid();

	__atomic_fetch_or(&idle_harts, bit, __ATOMIC_SEQ_CST);
	bool any = false;
	for (unsigned i = 0; i < ncpu && !any; i++)
		any = READ_ONCE(runqs[i].head) != 0;
	if (!any)
		wfi();
	__atomic_fetch_and(&idle_harts, ~bit, __ATOMIC_SEQ_CST);
}

/* Run tasks on this hart until done(arg) is true. Interrupts on. */
void
executor_run_until(bool (*done)(void *), void *arg)
{
	while (!done(arg)) {
		if (executor_run_one())
			continue;
		intr_off();
		if (!done(arg))
			executor_idle();
		intr_on();
	}
}

/* The name of enum task_state s, as ps and tasks show it. */
const char *
task_state_name(uint32_t s)
{
	static const char *const names[] = {
		"idle", "queued", "running", "woken", "done",
	};

	return s < ARRAY_SIZE(names) ? names[s] : "?";
}

/* Print f's async backtrace (<ebreak/async_probe.h>): each poll
 * function and the await point it waits at, down to the leaf. */
static void
print_awaits(struct eb_future *f)
{
	char line[200];

	eb_async_backtrace_format(f, line, sizeof line);
	printf("%s", line);
}

/*
 * Print every live task, with the async backtrace of each not being
 * polled: "proc_poll kernel/user/proc.c:74 -> sys_read
 * kernel/user/syscall.c:225 -> console_read_poll" is a task at line 74
 * of its top-level async function, awaiting sys_read, itself at line 225
 * awaiting a console read.
 */
void
executor_ps(void)
{
	printf("%5s %-8s %4s %8s  %-10s %s\n", "TASK", "STATE", "HART",
	       "POLLS", "NAME", "AWAITING");
	spin_lock(&all_lock);
	for (struct task *t = all_tasks; t; t = t->all_next) {
		uint32_t s = t->state;
		printf("%5u %-8s %4u %8lu  %-10s ", t->id, task_state_name(s),
		       t->cpu, (unsigned long)t->polls, t->name);
		/* A running task's chain changes under us. */
		if (s == TASK_IDLE || s == TASK_QUEUED)
			print_awaits(t->future);
		printf("\n");
	}
	spin_unlock(&all_lock);
}

/* Call fn(t, arg) for every live task, holding the task list's lock (a
 * spinlock: fn must not sleep, and t stays live while fn runs). */
void
executor_for_each_task(void (*fn)(struct task *t, void *arg), void *arg)
{
	spin_lock(&all_lock);
	for (struct task *t = all_tasks; t; t = t->all_next)
		fn(t, arg);
	spin_unlock(&all_lock);
}

/* Number of tasks spawned and not yet done. */
unsigned
executor_live_tasks(void)
{
	return READ_ONCE(live_tasks);
}
