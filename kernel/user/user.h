/*
 * User processes: one thread each, run as a task whose poll enters user
 * mode and comes back on a trap (zCore's model); syscalls are async
 * functions that task awaits.
 *
 * User virtual memory is the 1 GiB [USER_BASE, USER_TOP), root slot 1
 * of Sv39; every user page table shares the kernel's other root slots
 * (kernel pages have no U bit, so user mode cannot touch them).
 */
#ifndef KERNEL_USER_H
#define KERNEL_USER_H
#include "async/async.h"
#include <ebreak/ptregs.h>

#define USER_BASE	0x40000000UL
#define USER_TOP	0x80000000UL
#define USER_STACK_PAGES 4
#define NOFILE		16
#define MAXARG		16
#define ARGSTRLEN	64	/* a path or argument, with its NUL */

/* What user_run (uservec.S) loads and saves. */
struct user_context {
	struct pt_regs regs;	/* the user's registers at the last trap */
	unsigned long kernel_sp;	/* user_run's frame */
};

/* uservec.S */
void user_run(struct user_context *uc);

/* uvm.c: user page tables */
#define PTE_U_R 2
#define PTE_U_W 4
#define PTE_U_X 8
uint64_t *uvm_create(void);
int uvm_map(uint64_t *pt, unsigned long va, void *page, unsigned perm);
void *uvm_page(uint64_t *pt, unsigned long va, unsigned *perm);
int uvm_copy(uint64_t *from, uint64_t *to);
void uvm_free(uint64_t *pt);
void uvm_switch(uint64_t *pt);
size_t uvm_pages(uint64_t *pt);

/* uaccess.c */
int copy_from_user(void *dst, unsigned long src, size_t len);
int copy_to_user(unsigned long dst, const void *src, size_t len);
long strncpy_from_user(char *dst, unsigned long src, size_t size);
bool user_writable(uint64_t *pt, unsigned long va, size_t len);

/* elf.c and the embedded programs */
struct user_program {
	const char *name;
	const unsigned char *start, *end;
};
extern const struct user_program user_programs[];
const struct user_program *user_program_find(const char *name);
int elf_load(uint64_t *pt, const struct user_program *prog,
	     unsigned long *entry);

/* file.c: open files */
enum file_type { FILE_CONSOLE, FILE_PIPE };
struct file {
	enum file_type type;
	bool writer;		/* pipe end */
	struct pipe *pipe;
	unsigned refs;
};
struct file *file_console(void);
struct file *file_pipe(struct pipe *p, bool writer);
struct file *file_dup(struct file *f);
void file_close(struct file *f);

/* proc.c: the child-exit leaf future */
struct proc;
struct child_wait {
	struct eb_future f;
	struct proc *parent;
	int pid;		/* a child's, or -1 for any */
	bool nohang;		/* EB_READY at once when none has exited */
	struct proc *child;	/* when EB_READY: the reaped-to-be zombie, or NULL */
	bool any;		/* when EB_READY: whether parent had such a child */
	struct wait_entry wait;
};
void child_wait_init(struct child_wait *w, struct proc *parent, int pid,
		     bool nohang);

/* syscall.c */
struct syscall {
	struct eb_future f;	/* its poll is the syscall's async function */
	struct proc *proc;
	unsigned long nr, args[6];
	long ret;
	size_t done;		/* bytes moved so far */
	struct file *file;
	char buf[PIPE_SIZE];	/* bounce buffer for user data */
	union {
		struct sleep sleep;
		struct yield yield;
		struct pipe_io pipe;
		struct console_read console;
		struct child_wait child;
	} u;
};
void syscall_begin(struct syscall *sc, struct proc *p);
void syscall_end(struct syscall *sc);
const char *syscall_name(unsigned long nr);

/* proc.c */
struct proc {
	struct eb_future f;	/* the thread's task polls this */
	struct user_context uc;
	uint64_t *pagetable;
	int pid;
	char name[16] __attribute__((aligned(8)));	/* eb_port_current copies words */
	struct proc *parent;	/* NULL: spawned by the kernel */
	struct proc *next;	/* all processes */
	struct task *task;
	struct file *files[NOFILE];
	struct waitq child_exit;	/* wait4 callers; under proc_lock */
	int pgid;		/* process group; under proc_lock */
	int killed;		/* a terminating signal arrived; under proc_lock */
	uint64_t sigignore;	/* bit n: signal n is SIG_IGN */
	bool exiting;		/* exit called or killed: leave the loop */
	bool zombie;		/* exited, not yet reaped */
	bool autoreap;		/* orphan: nobody will wait */
	int status;		/* wait4 status once zombie */
	uint64_t syscalls;
	struct yield yield;
	struct syscall sc;
};
extern struct spinlock proc_lock;
struct proc *proc_spawn(const char *name, const char *const *argv);
struct proc *task_proc(const struct task *t);
struct proc *proc_list(void);
int proc_reap(struct proc *p);
bool proc_exited(void *p);
struct proc *proc_fork(struct proc *parent);
int proc_exec(struct proc *p, const char *name, char (*argv)[ARGSTRLEN],
	      int argc);
void proc_exit(struct proc *p, int status);
void proc_free(struct proc *p);
void proc_ps(void);
unsigned proc_count(void);

#define W_EXITCODE(code)	(((code) & 0xff) << 8)
#define W_SIGNALED(sig)		((sig) & 0x7f)

/* signal.c: Linux's numbers; signals 1 to NSIG - 1 */
#define SIGINT		2
#define SIGILL		4
#define SIGTRAP		5
#define SIGKILL		9
#define SIGSEGV		11
#define SIGTERM		15
#define SIGCONT		18
#define SIGSTOP		19
#define SIGTTOU		22	/* SIGSTOP..SIGTTOU stop: not supported */
#define SIGURG		23
#define SIGWINCH	28
#define NSIG		64
int proc_kill(int pid, int sig, const struct proc *sender);
void console_set_pgid(int pgid);
bool console_signal_char(int c);
long sys_kill(struct syscall *sc);
long sys_rt_sigaction(struct syscall *sc);
long sys_setpgid(struct syscall *sc);
long sys_getpgid(struct syscall *sc);
long sys_ioctl(struct syscall *sc);

#endif
