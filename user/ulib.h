/* The user programs' tiny C library: syscalls and a few helpers. */
#ifndef USER_ULIB_H
#define USER_ULIB_H
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define EFAULT 14
#define WNOHANG 1
#define WIFEXITED(s)	(((s) & 0x7f) == 0)
#define WEXITSTATUS(s)	(((s) >> 8) & 0xff)
#define WTERMSIG(s)	((s) & 0x7f)

struct timespec {
	long tv_sec, tv_nsec;
};

long syscall6(long nr, long a0, long a1, long a2, long a3, long a4, long a5);
long read(int fd, void *buf, size_t n);
long write(int fd, const void *buf, size_t n);
int pipe(int fds[2]);
int close(int fd);
int dup2(int old, int new);	/* dup3 with no flags: old == new is -EINVAL */
int getpid(void);
int getppid(void);
int sched_yield(void);
int nanosleep(const struct timespec *req, struct timespec *rem);
int fork(void);
int execve(const char *path, char *const argv[], char *const envp[]);
int wait4(int pid, int *status, int options, void *rusage);
void exit(int code) __attribute__((noreturn));
int kill(int pid, int sig);
int setpgid(int pid, int pgid);
int tcsetpgrp(int fd, int pgid);	/* ioctl TIOCSPGRP */
int getpgid(int pid);
/* SIG_DFL or SIG_IGN (the kernel has no handlers): 0 or -errno. */
int signal(int sig, long action);
#define SIG_DFL 0
#define SIG_IGN 1
#define SIGINT 2
#define SIGTERM 15

size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
long atol(const char *s);
/* printf: %d %u %x %ld %lu %lx %s %c %% to fd 1, up to 512 bytes per
 * call, in one write. */
void printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void msleep(long ms);

#endif
