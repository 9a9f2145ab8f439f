/* The user programs' tiny C library (see ulib.h). */
#include "ulib.h"
#include <ebreak/fmt.h>

#include "user/syscall_nr.h"

long
syscall6(long nr, long a0, long a1, long a2, long a3, long a4, long a5)
{
	register long x10 asm("a0") = a0, x11 asm("a1") = a1;
	register long x12 asm("a2") = a2, x13 asm("a3") = a3;
	register long x14 asm("a4") = a4, x15 asm("a5") = a5;
	register long x17 asm("a7") = nr;

	asm volatile("ecall"
		     : "+r"(x10)
		     : "r"(x11), "r"(x12), "r"(x13), "r"(x14), "r"(x15), "r"(x17)
		     : "memory");
	return x10;
}

#define SC(nr, a, b, c) syscall6((nr), (long)(a), (long)(b), (long)(c), 0, 0, 0)

long
read(int fd, void *buf, size_t n)
{
	return SC(SYS_read, fd, buf, n);
}

long
write(int fd, const void *buf, size_t n)
{
	return SC(SYS_write, fd, buf, n);
}

int
pipe(int fds[2])
{
	return SC(SYS_pipe2, fds, 0, 0);
}

int
dup2(int old, int new)
{
	return SC(SYS_dup3, old, new, 0);
}

int
close(int fd)
{
	return SC(SYS_close, fd, 0, 0);
}

int
getpid(void)
{
	return SC(SYS_getpid, 0, 0, 0);
}

int
getppid(void)
{
	return SC(SYS_getppid, 0, 0, 0);
}

int
sched_yield(void)
{
	return SC(SYS_sched_yield, 0, 0, 0);
}

int
fork(void)
{
	return SC(SYS_clone, SIGCHLD, 0, 0);
}


int
nanosleep(const struct timespec *req, struct timespec *rem)
{
	return SC(SYS_nanosleep, req, rem, 0);
}

int
execve(const char *path, char *const argv[], char *const envp[])
{
	return SC(SYS_execve, path, argv, envp);
}

int
wait4(int pid, int *status, int options, void *rusage)
{
	return syscall6(SYS_wait4, pid, (long)status, options, (long)rusage, 0, 0);
}

void
exit(int code)
{
	SC(SYS_exit, code, 0, 0);
	for (;;)
		;
}

int
kill(int pid, int sig)
{
	return SC(SYS_kill, pid, sig, 0);
}

int
setpgid(int pid, int pgid)
{
	return SC(SYS_setpgid, pid, pgid, 0);
}

int
getpgid(int pid)
{
	return SC(SYS_getpgid, pid, 0, 0);
}

#define TIOCSPGRP 0x5410

int
tcsetpgrp(int fd, int pgid)
{
	return SC(SYS_ioctl, fd, TIOCSPGRP, &pgid);
}

int
signal(int sig, long action)
{
	long act[3] = { action, 0, 0 };	/* handler, flags, mask */

	return syscall6(SYS_rt_sigaction, sig, (long)act, 0, 8, 0, 0);
}

void
msleep(long ms)
{
	struct timespec ts = { ms / 1000, ms % 1000 * 1000000 };

	nanosleep(&ts, 0);
}

long
atol(const char *s)
{
	long n = 0, sign = 1;

	if (*s == '-')
		sign = -1, s++;
	while (*s >= '0' && *s <= '9')
		n = n * 10 + (*s++ - '0');
	return sign * n;
}

void
printf(const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	int n = eb_vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	write(1, buf, n < (int)sizeof buf ? n : (int)sizeof buf - 1);
}
