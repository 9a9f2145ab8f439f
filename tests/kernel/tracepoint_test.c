/*
 * Static tracepoints: a disabled site is a nop, an enabled one a jump;
 * C probes see every syscall a process makes and every executor event
 * of its task, and the counts match what the program does.
 */
#include "ktest.h"
#include "riscv.h"
#include "trace/tracepoint.h"
#include "user/user.h"
#include <ebreak/errno.h>

extern const struct tracepoint_site __start_tracepoint_sites[],
	__stop_tracepoint_sites[];

static const struct tracepoint_site *
site_of(struct tracepoint *tp)
{
	for (const struct tracepoint_site *s = __start_tracepoint_sites;
	     s < __stop_tracepoint_sites; s++)
		if (s->tp == tp)
			return s;
	return 0;
}

static void
ignore(void *data, const uint64_t *args)
{
}

KTEST(tracepoint, disabled_is_nop_enabled_is_jump)
{
	struct tracepoint *tp = tracepoint_find("raw_syscalls:sys_enter");
	const struct tracepoint_site *s = tp ? site_of(tp) : 0;

	if (!KEXPECT(s))
		return;
	KEXPECT_EQ(*(uint32_t *)s->insn, 0x13);
	KEXPECT_EQ(tracepoint_probe_register(tp, ignore, 0), 0);
	uint32_t insn = *(uint32_t *)s->insn;
	KEXPECT_EQ(insn & 0xfff, 0x06f);	/* jal x0 */
	KEXPECT_EQ(tracepoint_probe_register(tp, ignore, 0), -EEXIST);
	KEXPECT_EQ(tracepoint_probe_unregister(tp, ignore, 0), 0);
	KEXPECT_EQ(*(uint32_t *)s->insn, 0x13);
	KEXPECT_EQ(tracepoint_probe_unregister(tp, ignore, 0), -ENOENT);
	KEXPECT(!tracepoint_find("no:such"));
	KEXPECT(!tracepoint_find("raw_syscalls:sys_ente"));
	KEXPECT_EQ(tracepoint_find("raw_syscalls/sys_enter"), tp);	/* SEC() */
}

KTEST(tracepoint, probe_slots_run_out)
{
	struct tracepoint *tp = tracepoint_find("sched:task_exit");
	int tags[TRACEPOINT_MAX_PROBES + 1];

	for (int i = 0; i < TRACEPOINT_MAX_PROBES; i++)
		KEXPECT_EQ(tracepoint_probe_register(tp, ignore, &tags[i]), 0);
	KEXPECT_EQ(tracepoint_probe_register(tp, ignore, &tags[4]), -ENOSPC);
	for (int i = 0; i < TRACEPOINT_MAX_PROBES; i++)
		KEXPECT_EQ(tracepoint_probe_unregister(tp, ignore, &tags[i]), 0);
	KEXPECT(!tp->enabled);
}

/* What the probes saw. */
static struct {
	volatile unsigned enter, enter_getpid, enter_exit, exit, exit_getpid;
	volatile unsigned getpid_ret_ok;	/* sys_exit ret == its pid */
	volatile unsigned spawn, poll_begin, poll_end, ready, task_exit;
	volatile unsigned wake;
} seen;

/* Probes run with interrupts off on any hart: count atomically. */
#define BUMP(x) __atomic_fetch_add(&(x), 1, __ATOMIC_RELAXED)

#define SYS_getpid 172
#define SYS_exit 93

static void
on_enter(void *data, const uint64_t *a)
{
	BUMP(seen.enter);
	if (a[0] == SYS_getpid)
		BUMP(seen.enter_getpid);
	if (a[0] == SYS_exit)
		BUMP(seen.enter_exit);
}

static void
on_exit(void *data, const uint64_t *a)
{
	BUMP(seen.exit);
	if (a[0] == SYS_getpid) {
		BUMP(seen.exit_getpid);
		if (a[1] == a[2])
			BUMP(seen.getpid_ret_ok);
	}
}


static void
on_spawn(void *data, const uint64_t *a)
{
	BUMP(seen.spawn);
}

static void
on_poll_begin(void *data, const uint64_t *a)
{
	BUMP(seen.poll_begin);
}

static void
on_poll_end(void *data, const uint64_t *a)
{
	BUMP(seen.poll_end);
	if (a[2])
		BUMP(seen.ready);
}

static void
on_task_exit(void *data, const uint64_t *a)
{
	BUMP(seen.task_exit);
}

static const struct {
	const char *name;
	tracepoint_probe_fn fn;
} probes[] = {
	{ "raw_syscalls:sys_enter", on_enter },
	{ "raw_syscalls:sys_exit", on_exit },
	{ "sched:task_spawn", on_spawn },
	{ "sched:task_poll_begin", on_poll_begin },
	{ "sched:task_poll_end", on_poll_end },
	{ "sched:task_exit", on_task_exit },
};

/* syscount N makes N getpid calls and one exit: exactly that is seen,
 * and one task spawned, polled, finished. Nothing else runs meanwhile. */
KTEST(tracepoint, counts_match_the_syscalls_issued)
{
	const unsigned n = 25;

	memset((void *)&seen, 0, sizeof seen);
	for (size_t i = 0; i < ARRAY_SIZE(probes); i++)
		KEXPECT_EQ(tracepoint_probe_register(
				   tracepoint_find(probes[i].name),
				   probes[i].fn, 0), 0);
	struct proc *p = proc_spawn("syscount",
				    (const char *[]){ "syscount", "25", 0 });
	KEXPECT(p);
	if (p) {
		executor_run_until(proc_exited, p);
		KEXPECT_EQ(proc_reap(p), W_EXITCODE(n));
	}
	for (size_t i = 0; i < ARRAY_SIZE(probes); i++)
		KEXPECT_EQ(tracepoint_probe_unregister(
				   tracepoint_find(probes[i].name),
				   probes[i].fn, 0), 0);
	KEXPECT_EQ(seen.enter, n + 1);
	KEXPECT_EQ(seen.enter_getpid, n);
	KEXPECT_EQ(seen.enter_exit, 1);
	KEXPECT_EQ(seen.exit, n);		/* exit does not return */
	KEXPECT_EQ(seen.exit_getpid, n);
	KEXPECT_EQ(seen.getpid_ret_ok, n);
	KEXPECT_EQ(seen.spawn, 1);
	KEXPECT_EQ(seen.task_exit, 1);
	KEXPECT_EQ(seen.ready, 1);
	KEXPECT(seen.poll_begin >= 1);
	KEXPECT_EQ(seen.poll_begin, seen.poll_end);
	/* Disabled again: nothing more is counted. */
	unsigned before = seen.enter;
	p = proc_spawn("syscount", (const char *[]){ "syscount", "3", 0 });
	if (KEXPECT(p)) {
		executor_run_until(proc_exited, p);
		KEXPECT_EQ(proc_reap(p), W_EXITCODE(3));
	}
	KEXPECT_EQ(seen.enter, before);
}

static volatile unsigned wakes_by_irq, wakes_by_task;

static void
on_wake(void *data, const uint64_t *a)
{
	BUMP(*(a[0] ? &wakes_by_task : &wakes_by_irq));
}

/* Who wakes whom: a sleeper is woken by the timer interrupt (waker 0),
 * a pipe reader by the writing task. */
KTEST(tracepoint, wakes_name_their_waker)
{
	struct tracepoint *tp = tracepoint_find("sched:task_wake");
	struct proc *p;

	wakes_by_irq = wakes_by_task = 0;
	KEXPECT_EQ(tracepoint_probe_register(tp, on_wake, 0), 0);
	p = proc_spawn("sleep", (const char *[]){ "sleep", "30", 0 });
	if (KEXPECT(p)) {
		executor_run_until(proc_exited, p);
		proc_reap(p);
	}
	KEXPECT(wakes_by_irq >= 1);
	unsigned by_task = wakes_by_task;
	p = proc_spawn("pingpong", (const char *[]){ "pingpong", "10", 0 });
	if (KEXPECT(p)) {
		executor_run_until(proc_exited, p);
		KEXPECT_EQ(proc_reap(p), 0);
	}
	KEXPECT(wakes_by_task >= by_task + 10);
	KEXPECT_EQ(tracepoint_probe_unregister(tp, on_wake, 0), 0);
}
