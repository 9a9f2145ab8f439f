/*
 * System call numbers: Linux's for riscv64 (asm-generic/unistd.h), shared
 * by the kernel's dispatch (syscall.c) and the user library (user/ulib.c).
 */
#ifndef KERNEL_USER_SYSCALL_NR_H
#define KERNEL_USER_SYSCALL_NR_H

#define SYS_dup		23
#define SYS_ioctl	29
#define SYS_dup3	24
#define SYS_close	57
#define SYS_pipe2	59
#define SYS_read	63
#define SYS_write	64
#define SYS_exit	93
#define SYS_exit_group	94
#define SYS_nanosleep	101
#define SYS_sched_yield	124
#define SYS_kill	129
#define SYS_rt_sigaction	134
#define SYS_setpgid	154
#define SYS_getpgid	155
#define SYS_getpid	172
#define SYS_getppid	173
#define SYS_clone	220
#define SYS_execve	221
#define SYS_wait4	260
#define NR_SYSCALLS	261

#define SIGCHLD		17	/* clone's flag for a fork */

#endif
