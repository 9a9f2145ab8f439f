/*
 * System calls, with Linux's riscv64 numbers. Each is a poll function
 * over struct syscall: the thread's task awaits it, so a syscall that
 * must wait (read, write to a full pipe, nanosleep, wait4, sched_yield)
 * is an async function that parks the task, not the hart. Results go
 * back in a0 as Linux's: a value, or -errno.
 *
 * Every user pointer goes through copy_from_user / copy_to_user (or
 * user_writable before a wait), so a bad one gives -EFAULT.
 */
#include "user/user.h"
#include "trace/tracepoint.h"
#include <ebreak/errno.h>

#include "user/syscall_nr.h"

#define MAX_SLEEP_SEC (1L << 30)	/* 34 years */
#define WNOHANG		1

DEFINE_TRACEPOINT(raw_syscalls, sys_enter, nr, a0, a1, a2, a3, a4, a5, pid,
		  task);
DEFINE_TRACEPOINT(raw_syscalls, sys_exit, nr, ret, pid, task);
TRACEPOINT_BTF(raw_syscalls, sys_enter, unsigned long nr, unsigned long a0,
	       unsigned long a1, unsigned long a2, unsigned long a3,
	       unsigned long a4, unsigned long a5, int pid, struct task *task);
TRACEPOINT_BTF(raw_syscalls, sys_exit, unsigned long nr, long ret, int pid,
	       struct task *task);

static struct file *
fd_file(struct proc *p, unsigned long fd)
{
	return fd < NOFILE ? p->files[fd] : 0;
}

static int
fd_alloc(struct proc *p, struct file *f)
{
	for (int fd = 0; fd < NOFILE; fd++) {
		if (!p->files[fd]) {
			p->files[fd] = f;
			return fd;
		}
	}
	return -EMFILE;
}

/* --- synchronous syscalls: done within syscall_begin ------------------- */

static long
sys_getpid(struct syscall *sc)
{
	return sc->proc->pid;
}

static long
sys_getppid(struct syscall *sc)
{
	spin_lock(&proc_lock);
	long ppid = sc->proc->parent ? sc->proc->parent->pid : 0;
	spin_unlock(&proc_lock);
	return ppid;
}

static long
sys_close(struct syscall *sc)
{
	struct proc *p = sc->proc;
	struct file *f = fd_file(p, sc->args[0]);

	if (!f)
		return -EBADF;
	p->files[sc->args[0]] = 0;
	file_close(f);
	return 0;
}

/* dup(fd): the lowest free fd, sharing fd's file. */
static long
sys_dup(struct syscall *sc)
{
	struct file *f = fd_file(sc->proc, sc->args[0]);

	if (!f)
		return -EBADF;
	int fd = fd_alloc(sc->proc, f);
	if (fd >= 0)
		file_dup(f);
	return fd;
}

/* dup3(old, new, flags): new shares old's file; new's own is closed
 * first. No flags (O_CLOEXEC is not kept). */
static long
sys_dup3(struct syscall *sc)
{
	struct proc *p = sc->proc;
	struct file *f = fd_file(p, sc->args[0]);
	unsigned long to = sc->args[1];

	if (!f || to >= NOFILE)
		return -EBADF;
	if (sc->args[2] || to == sc->args[0])
		return -EINVAL;
	if (p->files[to])
		file_close(p->files[to]);
	p->files[to] = file_dup(f);
	return to;
}

/* pipe2(int fds[2], int flags) */
static long
sys_pipe2(struct syscall *sc)
{
	struct proc *p = sc->proc;
	unsigned long ufds = sc->args[0];

	if (sc->args[1])
		return -EINVAL;		/* no O_CLOEXEC, O_NONBLOCK, ... */
	if (!user_writable(p->pagetable, ufds, 2 * sizeof(int)))
		return -EFAULT;
	struct pipe *pp = pipe_alloc();
	struct file *r = pp ? file_pipe(pp, false) : 0;
	struct file *w = r ? file_pipe(pp, true) : 0;
	if (!w) {
		if (r)
			file_close(r);	/* closes pp's reader end */
		else if (pp)
			pipe_close(pp, false);
		if (pp)
			pipe_close(pp, true);	/* the last end frees pp */
		return -ENOMEM;
	}
	int fds[2] = { fd_alloc(p, r), -EMFILE };
	if (fds[0] >= 0)
		fds[1] = fd_alloc(p, w);
	long err = fds[1] < 0 ? -EMFILE : copy_to_user(ufds, fds, sizeof fds);
	if (err) {
		for (int i = 0; i < 2; i++)
			if (fds[i] >= 0)
				p->files[fds[i]] = 0;
		file_close(r);
		file_close(w);
		return err;
	}
	return 0;
}

static long
sys_exit(struct syscall *sc)
{
	proc_exit(sc->proc, W_EXITCODE(sc->args[0]));
	return 0;
}

/* clone(flags, stack, ptid, tls, ctid): fork only (SIGCHLD, no stack). */
static long
sys_clone(struct syscall *sc)
{
	if (sc->args[0] != SIGCHLD || sc->args[1])
		return -EINVAL;
	struct proc *c = proc_fork(sc->proc);
	return c ? c->pid : -ENOMEM;
}

/* execve(path, argv, envp): an embedded program, by name ("echo" or
 * "/bin/echo"); envp is ignored. */
static long
sys_execve(struct syscall *sc)
{
	char path[ARGSTRLEN], args[MAXARG][ARGSTRLEN];
	long n = strncpy_from_user(path, sc->args[0], sizeof path);
	int argc = 0;

	if (n < 0)
		return n;
	for (;; argc++) {
		unsigned long uarg;
		if (copy_from_user(&uarg, sc->args[1] + argc * sizeof uarg,
				   sizeof uarg))
			return -EFAULT;
		if (!uarg)
			break;
		if (argc == MAXARG)
			return -E2BIG;
		n = strncpy_from_user(args[argc], uarg, ARGSTRLEN);
		if (n < 0)
			return n == -ENAMETOOLONG ? -E2BIG : n;
	}
	const char *name = path;
	for (const char *s = path; *s; s++)
		if (*s == '/')
			name = s + 1;
	int err = proc_exec(sc->proc, name, args, argc);
	return err ? err : argc;	/* a0 of the new program */
}

/* --- async syscalls ---------------------------------------------------- */

/* read(fd, buf, count): at least one byte (up to a newline from the
 * console), or 0 at the end of a pipe. */
static enum eb_poll
sys_read(struct eb_future *f, struct eb_context *cx)
{
	struct syscall *sc = (struct syscall *)f;
	size_t len = sc->args[2] < sizeof sc->buf ? sc->args[2] : sizeof sc->buf;

	EB_ASYNC_BEGIN(f);
	sc->file = fd_file(sc->proc, sc->args[0]);
	if (!sc->file || (sc->file->type == FILE_PIPE && sc->file->writer)) {
		sc->ret = -EBADF;
		EB_ASYNC_RETURN(f);
	}
	/* Before waiting: a bad buffer must not wait for input first. */
	if (!user_writable(sc->proc->pagetable, sc->args[1], len)) {
		sc->ret = -EFAULT;
		EB_ASYNC_RETURN(f);
	}
	if (len == 0) {
		sc->ret = 0;
		EB_ASYNC_RETURN(f);
	}
	if (sc->file->type == FILE_CONSOLE) {
		console_read_init(&sc->u.console, sc->buf, len);
		EB_AWAIT(f, &sc->u.console.f, cx);
		sc->ret = sc->u.console.ret;
	} else {
		pipe_read_init(&sc->u.pipe, sc->file->pipe, sc->buf, len);
		EB_AWAIT(f, &sc->u.pipe.f, cx);
		sc->ret = sc->u.pipe.ret;
	}
	if (sc->ret > 0 && copy_to_user(sc->args[1], sc->buf, sc->ret))
		sc->ret = -EFAULT;
	EB_ASYNC_END(f);
}

/* write(fd, buf, count): all of it, unless the pipe's reader goes away
 * or the buffer turns bad part-way (then what was written, or the
 * error if nothing was). */
static enum eb_poll
sys_write(struct eb_future *f, struct eb_context *cx)
{
	struct syscall *sc = (struct syscall *)f;
	size_t left = sc->args[2] - sc->done;
	size_t chunk = left < sizeof sc->buf ? left : sizeof sc->buf;

	EB_ASYNC_BEGIN(f);
	sc->file = fd_file(sc->proc, sc->args[0]);
	if (!sc->file || (sc->file->type == FILE_PIPE && !sc->file->writer)) {
		sc->ret = -EBADF;
		EB_ASYNC_RETURN(f);
	}
	sc->ret = 0;
	for (sc->done = 0; sc->done < sc->args[2];) {
		left = sc->args[2] - sc->done;
		chunk = left < sizeof sc->buf ? left : sizeof sc->buf;
		if (copy_from_user(sc->buf, sc->args[1] + sc->done, chunk)) {
			sc->ret = -EFAULT;
			break;
		}
		if (sc->file->type == FILE_CONSOLE) {
			for (size_t i = 0; i < chunk; i++) {
				if (sc->buf[i] == '\n')
					uart_putc('\r');
				uart_putc(sc->buf[i]);
			}
			sc->done += chunk;
			continue;
		}
		pipe_write_init(&sc->u.pipe, sc->file->pipe, sc->buf, chunk);
		EB_AWAIT(f, &sc->u.pipe.f, cx);
		if (sc->u.pipe.ret < 0) {
			sc->ret = sc->u.pipe.ret;
			break;
		}
		sc->done += sc->u.pipe.ret;
	}
	if (sc->done > 0 || sc->ret == 0)
		sc->ret = sc->done;
	EB_ASYNC_END(f);
}

/* nanosleep(req, rem): only a terminating signal interrupts it, so rem
 * is never written. */
static enum eb_poll
sys_nanosleep(struct eb_future *f, struct eb_context *cx)
{
	struct syscall *sc = (struct syscall *)f;
	struct { long sec, nsec; } ts;

	EB_ASYNC_BEGIN(f);
	if (copy_from_user(&ts, sc->args[0], sizeof ts)) {
		sc->ret = -EFAULT;
		EB_ASYNC_RETURN(f);
	}
	if (ts.sec < 0 || ts.nsec < 0 || ts.nsec >= 1000000000) {
		sc->ret = -EINVAL;
		EB_ASYNC_RETURN(f);
	}
	/* A longer sleep is forever in practice; clamping keeps the
	 * deadline from wrapping to "now". */
	if (ts.sec > MAX_SLEEP_SEC)
		ts.sec = MAX_SLEEP_SEC;
	sleep_init(&sc->u.sleep, ts.sec * 1000000000UL + ts.nsec);
	EB_AWAIT(f, &sc->u.sleep.f, cx);
	sc->ret = 0;
	EB_ASYNC_END(f);
}

static enum eb_poll
sys_sched_yield(struct eb_future *f, struct eb_context *cx)
{
	struct syscall *sc = (struct syscall *)f;

	EB_ASYNC_BEGIN(f);
	yield_init(&sc->u.yield);
	EB_AWAIT(f, &sc->u.yield.f, cx);
	sc->ret = 0;
	EB_ASYNC_END(f);
}

/* wait4(pid, wstatus, options, rusage): pid -1 (or 0) is any child;
 * WNOHANG only; rusage is not filled. The status pointer is checked
 * before waiting, so a bad one fails at once. */
static enum eb_poll
sys_wait4(struct eb_future *f, struct eb_context *cx)
{
	struct syscall *sc = (struct syscall *)f;
	struct proc *p = sc->proc;
	int pid = sc->args[0] == 0 ? -1 : (int)sc->args[0];

	EB_ASYNC_BEGIN(f);
	if (sc->args[2] & ~(unsigned long)WNOHANG || pid < -1) {
		sc->ret = -EINVAL;
		EB_ASYNC_RETURN(f);
	}
	if (sc->args[1] && !user_writable(p->pagetable, sc->args[1], sizeof(int))) {
		sc->ret = -EFAULT;
		EB_ASYNC_RETURN(f);
	}
	child_wait_init(&sc->u.child, p, pid, sc->args[2] & WNOHANG);
	EB_AWAIT(f, &sc->u.child.f, cx);
	struct proc *c = sc->u.child.child;
	if (!c) {
		sc->ret = sc->u.child.any ? 0 : -ECHILD;
		EB_ASYNC_RETURN(f);
	}
	sc->ret = c->pid;
	if (sc->args[1] && copy_to_user(sc->args[1], &c->status, sizeof(int)))
		sc->ret = -EFAULT;
	proc_free(c);
	EB_ASYNC_END(f);
}

/* --- dispatch ---------------------------------------------------------- */

static const struct {
	const char *name;
	long (*now)(struct syscall *sc);	/* done at once */
	eb_poll_fn poll;				/* or awaited */
} syscalls[NR_SYSCALLS] = {
	[SYS_dup] = { "dup", sys_dup, 0 },
	[SYS_dup3] = { "dup3", sys_dup3, 0 },
	[SYS_close] = { "close", sys_close, 0 },
	[SYS_pipe2] = { "pipe2", sys_pipe2, 0 },
	[SYS_read] = { "read", 0, sys_read },
	[SYS_write] = { "write", 0, sys_write },
	[SYS_exit] = { "exit", sys_exit, 0 },
	[SYS_exit_group] = { "exit_group", sys_exit, 0 },
	[SYS_nanosleep] = { "nanosleep", 0, sys_nanosleep },
	[SYS_sched_yield] = { "sched_yield", 0, sys_sched_yield },
	[SYS_getpid] = { "getpid", sys_getpid, 0 },
	[SYS_getppid] = { "getppid", sys_getppid, 0 },
	[SYS_clone] = { "clone", sys_clone, 0 },
	[SYS_execve] = { "execve", sys_execve, 0 },
	[SYS_wait4] = { "wait4", 0, sys_wait4 },
	[SYS_ioctl] = { "ioctl", sys_ioctl, 0 },
	[SYS_kill] = { "kill", sys_kill, 0 },
	[SYS_rt_sigaction] = { "rt_sigaction", sys_rt_sigaction, 0 },
	[SYS_setpgid] = { "setpgid", sys_setpgid, 0 },
	[SYS_getpgid] = { "getpgid", sys_getpgid, 0 },
};

/* The name of syscall nr ("read"), or NULL if there is none. */
const char *
syscall_name(unsigned long nr)
{
	return nr < NR_SYSCALLS ? syscalls[nr].name : 0;
}

static enum eb_poll
ready_poll(struct eb_future *f, struct eb_context *cx)
{
	f->state = EB_FUTURE_DONE;
	return EB_READY;
}

/*
 * Set sc up as the future of the syscall p just made (a7 = number,
 * a0-a5 = arguments): a synchronous one runs here and leaves a future
 * that is ready at once. Runs on p's thread, in p's address space.
 */
void
syscall_begin(struct syscall *sc, struct proc *p)
{
	struct pt_regs *r = &p->uc.regs;

	sc->proc = p;
	sc->nr = r->a7;
	sc->args[0] = r->a0;
	sc->args[1] = r->a1;
	sc->args[2] = r->a2;
	sc->args[3] = r->a3;
	sc->args[4] = r->a4;
	sc->args[5] = r->a5;
	sc->done = 0;
	p->syscalls++;
	trace(raw_syscalls, sys_enter, sc->nr, r->a0, r->a1, r->a2, r->a3,
	      r->a4, r->a5, p->pid, (uintptr_t)current_task());
	sc->f = EB_FUTURE_INIT(ready_poll);
	if (!syscall_name(sc->nr))
		sc->ret = -ENOSYS;
	else if (syscalls[sc->nr].now)
		sc->ret = syscalls[sc->nr].now(sc);
	else
		sc->f.poll = syscalls[sc->nr].poll;
}

/* The syscall's future is EB_READY: its result goes to the user's a0. */
void
syscall_end(struct syscall *sc)
{
	struct proc *p = sc->proc;

	if (p->exiting)
		return;		/* exit, or a killed thread: no return */
	p->uc.regs.a0 = sc->ret;
	trace(raw_syscalls, sys_exit, sc->nr, sc->ret, p->pid,
	      (uintptr_t)current_task());
}
