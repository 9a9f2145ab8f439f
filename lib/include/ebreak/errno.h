/* Error numbers (Linux's values), for a library that has no libc. */
#ifndef EBREAK_ERRNO_H
#define EBREAK_ERRNO_H
#define EPERM		1
#define ENOENT		2
#define E2BIG		7
#define ENOMEM		12
#define EACCES		13
#define EFAULT		14
#define EBUSY		16
#define EEXIST		17
#define EINVAL		22
#define ENOSPC		28
#define ERANGE		34
#define EILSEQ		84
#define ENOTSUP		95
#define EOPNOTSUPP	95	/* Linux's name in the kernel */
#define ESRCH		3
#define ENOEXEC		8
#define EBADF		9
#define ECHILD		10
#define EMFILE		24
#define EPIPE		32
#define ENOSYS		38
#define ENAMETOOLONG	36
#define EAGAIN		11
#define EINTR		4
#define ENOTTY		25
#define EADDRNOTAVAIL	99
#endif
