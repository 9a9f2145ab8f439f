/*
 * User processes: programs run and exit with their codes, 100 CPU-bound
 * and 100 sleeping processes on all harts, bad user pointers give
 * -EFAULT, faulting programs die and the kernel goes on, kill ends a
 * process in any wait.
 */
#include "ktest.h"
#include "riscv.h"
#include "user/user.h"
#include "user/syscall_nr.h"
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include "trace/tracepoint.h"
#include <ebreak/async_probe.h>

struct until {
	bool (*done)(void *arg);
	void *arg;
	uint64_t deadline;
};

static bool
done_or_late(void *arg)
{
	struct until *u = arg;

	return u->done(u->arg) || rdtime() > u->deadline;
}

/* Run tasks here until done(arg), for at most 20 s; whether done. */
static bool
run_until(bool (*done)(void *), void *arg)
{
	struct until u = { done, arg, rdtime() + 20 * timebase_hz };

	executor_run_until(done_or_late, &u);
	return done(arg);
}

/* Run argv to its end on this hart (and the others); its wait status,
 * or -1 if it could not start or did not end. */
static int
run(const char *const *argv)
{
	struct proc *p = proc_spawn(argv[0], argv);

	if (!p)
		return -1;
	if (!KEXPECT(run_until(proc_exited, p)))
		return -1;	/* left running: nothing can reap it safely */
	return proc_reap(p);
}

KTEST(user, echo_exits_zero)
{
	size_t pages = pages_free(), bytes = kmalloc_live_bytes();

	KEXPECT_EQ(run((const char *[]){ "echo", "from", "user", "mode", 0 }), 0);
	KEXPECT_EQ(run((const char *[]){ "spin", "k10", "42", 0 }),
		   W_EXITCODE(42));
	KEXPECT_EQ(pages_free(), pages);
	KEXPECT_EQ(kmalloc_live_bytes(), bytes);
	KEXPECT_EQ(proc_count(), 0);
}

KTEST(user, unknown_program_does_not_start)
{
	KEXPECT(!proc_spawn("no-such-program", (const char *[]){ "x", 0 }));
	KEXPECT_EQ(proc_count(), 0);
}

KTEST(user, pipe_ping_pong_between_processes)
{
	KEXPECT_EQ(run((const char *[]){ "pingpong", "30", 0 }), 0);
}

/* fork, wait4 for any child, WNOHANG, -ECHILD (user/forkwait.c). */
KTEST(user, fork_and_wait_for_children)
{
	KEXPECT_EQ(run((const char *[]){ "forkwait", "12", 0 }), 0);
	KEXPECT_EQ(proc_count(), 0);
}

KTEST(user, every_pointer_syscall_gives_efault)
{
	KEXPECT_EQ(run((const char *[]){ "efault", 0 }), 0);
}

KTEST(user, faulting_program_is_killed)
{
	size_t pages = pages_free();

	KEXPECT_EQ(run((const char *[]){ "fault", 0 }), W_SIGNALED(SIGSEGV));
	KEXPECT_EQ(run((const char *[]){ "fault", "store", 0 }),
		   W_SIGNALED(SIGSEGV));
	KEXPECT_EQ(run((const char *[]){ "fault", "exec", 0 }),
		   W_SIGNALED(SIGSEGV));
	KEXPECT_EQ(run((const char *[]){ "fault", "illegal", 0 }),
		   W_SIGNALED(SIGILL));
	KEXPECT_EQ(run((const char *[]){ "fault", "fp", 0 }),
		   W_SIGNALED(SIGILL));
	/* A user ebreak is the process's, not kprobes'. */
	KEXPECT_EQ(run((const char *[]){ "fault", "ebreak", 0 }),
		   W_SIGNALED(SIGTRAP));
	KEXPECT_EQ(pages_free(), pages);
}

/* The exception table catches a copy from an unmapped user page, and a
 * copy to a read-only one; the range check refuses kernel addresses. */
KTEST(user, uaccess_faults_are_errors)
{
	uint64_t *pt = uvm_create();
	char *ro = page_alloc(1), *rw = page_alloc(1);
	char buf[8] = "abcdefg";

	KEXPECT(pt && ro && rw);
	memcpy(ro, "text", 5);
	KEXPECT_EQ(uvm_map(pt, USER_BASE, ro, PTE_U_R | PTE_U_X), 0);
	KEXPECT_EQ(uvm_map(pt, USER_BASE + PGSIZE, rw, PTE_U_R | PTE_U_W), 0);
	KEXPECT_EQ(uvm_map(pt, USER_BASE, rw, PTE_U_R), -EEXIST);
	uvm_switch(pt);
	KEXPECT_EQ(copy_from_user(buf, USER_BASE, 5), 0);
	KEXPECT(memcmp(buf, "text", 5) == 0);
	KEXPECT_EQ(copy_from_user(buf, USER_BASE + 2 * PGSIZE, 1), -EFAULT);
	KEXPECT_EQ(copy_from_user(buf, USER_BASE + 2 * PGSIZE - 2, 4), -EFAULT);
	KEXPECT_EQ(copy_to_user(USER_BASE, buf, 1), -EFAULT);
	KEXPECT_EQ(copy_to_user(USER_BASE + PGSIZE, "ok", 3), 0);
	KEXPECT_EQ(strncpy_from_user(buf, USER_BASE + PGSIZE, sizeof buf), 2);
	rw[PGSIZE - 1] = 'x';	/* a string running off the mapped page */
	KEXPECT_EQ(strncpy_from_user(buf, USER_BASE + 2 * PGSIZE - 1, 8),
		   -EFAULT);
	KEXPECT_EQ(copy_from_user(buf, (unsigned long)_text, 1), -EFAULT);
	KEXPECT_EQ(copy_to_user((unsigned long)buf, "x", 1), -EFAULT);
	KEXPECT(!user_writable(pt, USER_BASE, 1));
	KEXPECT(user_writable(pt, USER_BASE + PGSIZE, PGSIZE));
	KEXPECT(!user_writable(pt, USER_BASE + PGSIZE, PGSIZE + 1));
	kvm_inithart();
	uvm_free(pt);
}

#define NSPIN 100
#define NSLEEP 100

static struct proc *many[NSPIN + NSLEEP];
static volatile uint32_t polled_on;	/* bit per hart that polled a task */

static void
note_hart(void *data, const uint64_t *args)
{
	__atomic_fetch_or(&polled_on, 1U << cpuid(), __ATOMIC_RELAXED);
}

static bool
all_exited(void *unused)
{
	for (int i = 0; i < NSPIN + NSLEEP; i++)
		if (many[i] && !proc_exited(many[i]))
			return false;
	return true;
}

/* 100 CPU-bound and 100 sleeping processes at once, each exiting with
 * its own code; on 4 harts every hart runs some. */
KTEST(user, hundreds_of_processes_exit_with_their_codes)
{
	/* Pages are not compared: kmalloc keeps the pages it carved for
	 * 200 struct procs. */
	size_t bytes = kmalloc_live_bytes();
	char arg[NSPIN + NSLEEP][2][12];
	struct tracepoint *tp = tracepoint_find("sched:task_poll_begin");

	polled_on = 0;
	KEXPECT_EQ(tracepoint_probe_register(tp, note_hart, 0), 0);
	for (int i = 0; i < NSPIN + NSLEEP; i++) {
		bool spin = i < NSPIN;
		eb_snprintf(arg[i][0], 12, spin ? "k%d" : "%d",
			    spin ? 200 + i % 7 * 100 : 30 + i % 10 * 10);
		eb_snprintf(arg[i][1], 12, "%d", i % 250 + 1);
		const char *argv[] = { spin ? "spin" : "sleep", arg[i][0],
				       arg[i][1], 0 };
		many[i] = proc_spawn(argv[0], argv);
		KEXPECT(many[i]);
	}
	KEXPECT(run_until(all_exited, 0));
	tracepoint_probe_unregister(tp, note_hart, 0);
	KEXPECT_EQ(polled_on, (1U << ncpu) - 1);	/* every hart ran some */
	for (int i = 0; i < NSPIN + NSLEEP; i++) {
		if (!many[i] || !proc_exited(many[i]))
			continue;
		int status = proc_reap(many[i]);
		if (!KEXPECT_EQ(status, W_EXITCODE(i % 250 + 1)))
			printf("    process %d\n", i);
		many[i] = 0;
	}
	KEXPECT_EQ(kmalloc_live_bytes(), bytes);
	KEXPECT_EQ(proc_count(), 0);
}

/* On one hart, a sleeper still wakes while a CPU-bound process runs:
 * the timer preempts user mode. */
KTEST(user, cpu_bound_process_is_preempted)
{
	struct proc *spin = proc_spawn("spin", (const char *[]){ "spin", "100",
								  "7", 0 });
	struct proc *nap = proc_spawn("sleep", (const char *[]){ "sleep", "10",
								  "8", 0 });

	if (!KEXPECT(spin && nap))
		return;
	KEXPECT(run_until(proc_exited, nap));
	KEXPECT(!proc_exited(spin));
	KEXPECT(run_until(proc_exited, spin));
	KEXPECT_EQ(proc_reap(nap), W_EXITCODE(8));
	KEXPECT_EQ(proc_reap(spin), W_EXITCODE(7));
}

static bool
never(void *arg)
{
	return false;
}

static bool
no_procs(void *arg)
{
	return proc_count() == 0;
}

/* Run tasks here for ms milliseconds. */
static void
run_for_ms(unsigned ms)
{
	struct until u = { never, 0, rdtime() + timebase_hz / 1000 * ms };

	executor_run_until(done_or_late, &u);
}

/* kill ends a process wherever its thread is: sleeping (its timer is
 * cancelled: no wake reaches the freed task later), reading the console
 * (off the readers' queue), waiting for its 101 children (they live
 * on), spinning in user mode; each within 100 ms (a time slice is 10 ms), with the signal as
 * its wait status. A signal it ignores by default (SIGCHLD) or the
 * null signal leaves it running; kill of no one is -ESRCH, of a stop
 * signal -EINVAL. */
KTEST(user, kill_ends_a_process_in_any_wait)
{
	static const char *const argvs[][4] = {
		{ "sleep", "100000", 0 }, { "cat", 0 }, { "forkwait", "101", 0 },
		{ "spin", "100000", "0", 0 },
	};
	static const int sigs[] = { SIGTERM, SIGINT, SIGKILL, SIGTERM };

	for (size_t i = 0; i < ARRAY_SIZE(argvs); i++) {
		struct proc *p = proc_spawn(argvs[i][0], argvs[i]);
		if (!KEXPECT(p))
			continue;
		run_for_ms(50);		/* let it block (or spin) */
		KEXPECT_EQ(proc_kill(p->pid, SIGCHLD, 0), 0);
		KEXPECT_EQ(proc_kill(p->pid, 0, 0), 0);
		KEXPECT_EQ(proc_kill(p->pid, SIGSTOP, 0), -EINVAL);
		run_for_ms(20);
		KEXPECT(!proc_exited(p));
		uint64_t t0 = rdtime();
		KEXPECT_EQ(proc_kill(p->pid, sigs[i], 0), 0);
		if (!KEXPECT(run_until(proc_exited, p)))
			continue;
		KEXPECT(rdtime() - t0 < timebase_hz / 10);
		KEXPECT_EQ(proc_reap(p), W_SIGNALED(sigs[i]));
	}
	KEXPECT_EQ(proc_kill(99999, SIGTERM, 0), -ESRCH);
	/* The orphans exit (a stray wake of a freed task would show). */
	KEXPECT(run_until(no_procs, 0));
}

/* Events of the killed sleeper's syscall, in the order they came. */
static struct eb_async_event cancel_log[16];
static volatile unsigned cancel_n;

static void
log_cancel_event(struct async_probe *ap, const struct eb_async_event *ev)
{
	unsigned i = __atomic_fetch_add(&cancel_n, 1, __ATOMIC_RELAXED);

	if (i < ARRAY_SIZE(cancel_log))
		cancel_log[i] = *ev;
}

/* A process killed in nanosleep: the syscall's call and the sleep's end
 * with a COMPLETE flagged cancelled, leaf first, and leave the probes'
 * tables (eb_future_cancel tells the async probes). */
KTEST(user, killed_sleep_ends_its_async_calls_cancelled)
{
	struct async_probe sys = { .symbol = "sys_nanosleep",
				   .handler = log_cancel_event };
	struct async_probe leaf = { .symbol = "sleep_poll",
				    .handler = log_cancel_event };

	cancel_n = 0;
	if (!KEXPECT_EQ(register_async_probe(&sys), 0))
		return;
	if (!KEXPECT_EQ(register_async_probe(&leaf), 0)) {
		unregister_async_probe(&sys);
		return;
	}
	struct proc *p = proc_spawn("sleep", (const char *[]){ "sleep",
							       "100000", 0 });
	if (KEXPECT(p)) {
		run_for_ms(50);		/* asleep: both calls suspended */
		KEXPECT_EQ(eb_async_probe_calls(&sys), 1);
		KEXPECT_EQ(eb_async_probe_calls(&leaf), 1);
		KEXPECT_EQ(proc_kill(p->pid, SIGTERM, 0), 0);
		KEXPECT(run_until(proc_exited, p));
		proc_reap(p);
	}
	KEXPECT_EQ(eb_async_probe_calls(&sys), 0);
	KEXPECT_EQ(eb_async_probe_calls(&leaf), 0);
	unregister_async_probe(&leaf);
	unregister_async_probe(&sys);
	unsigned n = cancel_n < ARRAY_SIZE(cancel_log) ? cancel_n
						      : ARRAY_SIZE(cancel_log);
	/* start, suspend of each; then the two completes, the leaf's first */
	if (!KEXPECT_EQ(n, 6))
		return;
	const struct eb_async_event *inner = &cancel_log[4], *outer = &cancel_log[5];
	KEXPECT_EQ(inner->kind, EB_ASYNC_COMPLETE);
	KEXPECT_EQ(outer->kind, EB_ASYNC_COMPLETE);
	KEXPECT(inner->flags & EB_ASYNC_CANCELLED);
	KEXPECT(outer->flags & EB_ASYNC_CANCELLED);
	KEXPECT_EQ(inner->parent_id, outer->call_id);
	KEXPECT(inner->regs == NULL && inner->ret == 0);
}
