/*
 * Signals, as far as a process without handlers needs them: kill(2) and
 * ^C on the console. A signal's action is Linux's default (terminate,
 * or ignore for SIGCHLD, SIGCONT, SIGURG, SIGWINCH) or SIG_IGN set by
 * rt_sigaction; there are no handlers and no stopped processes.
 *
 * A terminating signal marks the process (proc->killed) and wakes its
 * thread: the thread dies at its next check, which it reaches at once
 * when it waits in a syscall (the syscall's future is cancelled, Linux's
 * -EINTR) and within a time slice when it runs user code.
 *
 * Process groups and the console's foreground group are Linux's: a
 * child starts in its parent's group, setpgid moves it, TIOCSPGRP on the
 * console says which group ^C signals.
 */
#include "user/user.h"
#include "user/syscall_nr.h"
#include <ebreak/errno.h>

#define CTRL_C		3
#define TIOCGPGRP	0x540f
#define TIOCSPGRP	0x5410
#define SIG_DFL		0
#define SIG_IGN		1

/* The console's foreground process group (0: none, ^C is input). */
static int console_pgid;

static bool
default_ignored(int sig)
{
	return sig == SIGCHLD || sig == SIGCONT || sig == SIGURG ||
	       sig == SIGWINCH;
}

/* Signal sig to p: whether it terminates p. Holding proc_lock. */
static bool
deliver(struct proc *p, int sig)
{
	if (sig == 0 || p->zombie)
		return false;
	if (sig != SIGKILL && ((p->sigignore >> sig & 1) ||
			       default_ignored(sig)))
		return false;
	if (!p->killed)
		p->killed = sig;
	/* Under proc_lock: thread_exit clears p->task under it, so the
	 * task is still alive. */
	if (p->task)
		task_wake(p->task);
	return true;
}

/* Whether p matches kill's pid argument, for a signal sent by sender. */
static bool
targeted(struct proc *p, int pid, const struct proc *sender)
{
	if (pid > 0)
		return p->pid == pid;
	if (pid == -1)
		return p->pid != 1 && p != sender;
	int pgid = pid == 0 ? (sender ? sender->pgid : 0) : -pid;
	return p->pgid == pgid;
}

/* Send sig to every process kill's pid names; *found says how many
 * there were. Returns how many it terminates. */
static int
send(int pid, int sig, const struct proc *sender, int *found)
{
	int took = 0;

	*found = 0;
	spin_lock(&proc_lock);
	for (struct proc *p = proc_list(); p; p = p->next) {
		if (p->zombie || !targeted(p, pid, sender))
			continue;
		took += deliver(p, sig);
		++*found;
	}
	spin_unlock(&proc_lock);
	return took;
}

/*
 * kill(pid, sig) as Linux's: pid > 0 the process, 0 the sender's group,
 * -1 every process but pid 1 and the sender, < -1 the group -pid; sig 0
 * only checks that one exists. sender is NULL for the kernel shell.
 * Returns 0, -EINVAL (no such signal, or a stop signal: no job control)
 * or -ESRCH (nothing matched). Any context but a probe hit.
 */
int
proc_kill(int pid, int sig, const struct proc *sender)
{
	int found = 0;

	if (sig < 0 || sig >= NSIG || (sig >= SIGSTOP && sig <= SIGTTOU))
		return -EINVAL;
	send(pid, sig, sender, &found);
	return found ? 0 : -ESRCH;
}

/* Send sig to every process of group pgid (> 0), as ^C does: not as
 * kill(-pgid), which for group 1 (the first program `run` at a nosh
 * boot) means every process but pid 1, missing the foreground program
 * and hitting the background ones. *found says how many there were.
 * Returns how many it terminates. */
static int
send_group(int pgid, int sig, int *found)
{
	int took = 0;

	*found = 0;
	spin_lock(&proc_lock);
	for (struct proc *p = proc_list(); p; p = p->next) {
		if (p->zombie || p->pgid != pgid)
			continue;
		took += deliver(p, sig);
		++*found;
	}
	spin_unlock(&proc_lock);
	return took;
}

/* The console's foreground group is now pgid (0: none, ^C is input
 * then). Any context. */
void
console_set_pgid(int pgid)
{
	WRITE_ONCE(console_pgid, pgid);
}

/* c arrived on the console: true if it was ^C and SIGINT terminates
 * some process of the foreground group (the caller drops it), false if
 * it is input: any other character, or ^C with no foreground group or
 * one that ignores SIGINT (a shell at its prompt drops its line).
 * Interrupt context. */
bool
console_signal_char(int c)
{
	int pgid = READ_ONCE(console_pgid), found;

	if (c != CTRL_C || pgid <= 0 || !send_group(pgid, SIGINT, &found))
		return false;
	uart_putc('^');		/* as a terminal's ECHOCTL shows it */
	uart_putc('C');
	uart_putc('\r');
	uart_putc('\n');
	return true;
}

/* kill(pid, sig) */
long
sys_kill(struct syscall *sc)
{
	return proc_kill((int)sc->args[0], (int)sc->args[1], sc->proc);
}

/* rt_sigaction(sig, act, oldact, sigsetsize): SIG_DFL and SIG_IGN only;
 * a handler is -EINVAL (there is no signal delivery to user code). */
long
sys_rt_sigaction(struct syscall *sc)
{
	struct proc *p = sc->proc;
	int sig = (int)sc->args[0];
	unsigned long old[3] = { p->sigignore >> sig & 1, 0, 0 }, handler;

	if (sig <= 0 || sig >= NSIG || sc->args[3] != 8)
		return -EINVAL;
	if (sc->args[1] && copy_from_user(&handler, sc->args[1], sizeof handler))
		return -EFAULT;
	if (sc->args[1] && (handler > SIG_IGN ||
			    ((sig == SIGKILL || sig == SIGSTOP) && handler)))
		return -EINVAL;
	if (sc->args[2] && copy_to_user(sc->args[2], old, sizeof old))
		return -EFAULT;
	if (sc->args[1])
		p->sigignore = (p->sigignore & ~(1ULL << sig)) |
			       (uint64_t)handler << sig;
	return 0;
}

/* The process pid names for setpgid/getpgid (0: the caller), if it is
 * the caller or its child. Holding proc_lock. */
static struct proc *
self_or_child(struct proc *caller, int pid)
{
	if (pid == 0 || pid == caller->pid)
		return caller;
	for (struct proc *p = proc_list(); p; p = p->next)
		if (p->pid == pid && p->parent == caller && !p->zombie)
			return p;
	return 0;
}

static bool
group_exists(int pgid)
{
	for (struct proc *p = proc_list(); p; p = p->next)
		if (p->pgid == pgid && !p->zombie)
			return true;
	return false;
}

/* setpgid(pid, pgid): the caller or its child into group pgid (0: its
 * own pid), a new group or one that exists. */
long
sys_setpgid(struct syscall *sc)
{
	int pid = (int)sc->args[0], pgid = (int)sc->args[1];
	long ret = 0;

	if (pid < 0 || pgid < 0)
		return -EINVAL;
	spin_lock(&proc_lock);
	struct proc *p = self_or_child(sc->proc, pid);
	if (!p)
		ret = -ESRCH;
	else if (pgid && pgid != p->pid && !group_exists(pgid))
		ret = -EPERM;
	else
		p->pgid = pgid ? pgid : p->pid;
	spin_unlock(&proc_lock);
	return ret;
}

/* getpgid(pid): the caller's (0) or a child's group. */
long
sys_getpgid(struct syscall *sc)
{
	spin_lock(&proc_lock);
	struct proc *p = self_or_child(sc->proc, (int)sc->args[0]);
	long ret = p ? p->pgid : -ESRCH;
	spin_unlock(&proc_lock);
	return ret;
}

/* ioctl(fd, req, arg): the console's TIOCGPGRP and TIOCSPGRP (int *arg);
 * anything else, or another file, is -ENOTTY. */
long
sys_ioctl(struct syscall *sc)
{
	unsigned long fd = sc->args[0];
	struct file *f = fd < NOFILE ? sc->proc->files[fd] : 0;
	int pgid;

	if (!f)
		return -EBADF;
	if (f->type != FILE_CONSOLE)
		return -ENOTTY;
	if (sc->args[1] == TIOCGPGRP) {
		pgid = READ_ONCE(console_pgid);
		return copy_to_user(sc->args[2], &pgid, sizeof pgid);
	}
	if (sc->args[1] != TIOCSPGRP)
		return -ENOTTY;
	if (copy_from_user(&pgid, sc->args[2], sizeof pgid))
		return -EFAULT;
	if (pgid <= 0)
		return -EINVAL;
	spin_lock(&proc_lock);
	bool ok = group_exists(pgid);
	spin_unlock(&proc_lock);
	if (!ok)
		return -EPERM;
	console_set_pgid(pgid);
	return 0;
}
