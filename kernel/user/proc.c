/*
 * Processes. Each has one thread, run as a task: its poll switches to
 * the process's address space and loops entering user mode, coming back
 * on each trap. A timer interrupt ends the time slice (the task yields);
 * an ecall starts the syscall's async function, which the task awaits;
 * any other exception kills the process with a message.
 */
#include "user/user.h"
#include "riscv.h"
#include <ebreak/errno.h>
#include <ebreak/error_injection.h>

/* uservec.S's offsets. */
_Static_assert(offsetof(struct user_context, kernel_sp) == PT_REGS_SIZE,
	       "uservec.S: UC_KSP");
/* The PT_REGS_* offsets are checked in <ebreak/ptregs.h>. */

/* Guards the process list, parent links, zombie state and child_exit. */
struct spinlock proc_lock = SPINLOCK_INIT("procs");
static struct proc *procs;
static int next_pid = 1;
static unsigned nprocs;

static const char *const exc_names[] = {
	[EXC_INSN_MISALIGNED] = "misaligned fetch",
	[EXC_INSN_ACCESS] = "fetch access fault",
	[EXC_ILLEGAL_INSN] = "illegal instruction",
	[EXC_BREAKPOINT] = "breakpoint",
	[EXC_LOAD_MISALIGNED] = "misaligned load",
	[EXC_LOAD_ACCESS] = "load access fault",
	[EXC_STORE_MISALIGNED] = "misaligned store",
	[EXC_STORE_ACCESS] = "store access fault",
	[EXC_INSN_PAGE_FAULT] = "fetch page fault",
	[EXC_LOAD_PAGE_FAULT] = "load page fault",
	[EXC_STORE_PAGE_FAULT] = "store page fault",
};

/* A user exception: the process dies, the kernel goes on. */
static void
kill_on_fault(struct proc *p)
{
	struct pt_regs *r = &p->uc.regs;
	unsigned long cause = r->cause;
	const char *what = cause < ARRAY_SIZE(exc_names) && exc_names[cause]
				   ? exc_names[cause] : "exception";

	printf("pid %d (%s): killed: %s (cause %lu) at pc %lx, address %lx\n",
	       p->pid, p->name, what, cause, r->epc, r->badaddr);
	proc_exit(p, W_SIGNALED(cause == EXC_ILLEGAL_INSN ? SIGILL
				: cause == EXC_BREAKPOINT ? SIGTRAP : SIGSEGV));
}

/* sstatus for entering user mode: previous mode U, interrupts on after
 * sret, no user-memory access for S-mode (SUM off), and FP off: FP
 * registers are not saved per process, so an FP instruction is illegal
 * (the process dies with SIGILL) rather than reading another's state. */
static unsigned long
user_sstatus(void)
{
	return (csr_read(sstatus) & ~(SSTATUS_SPP | SSTATUS_SUM | SSTATUS_SIE |
				      SSTATUS_FS)) | SSTATUS_SPIE;
}

/* The thread: an async function over the process's address space. */
static enum eb_poll
run_user(struct proc *p, struct eb_context *cx)
{
	struct eb_future *f = &p->f;

	EB_ASYNC_BEGIN(f);
	while (!p->exiting) {
		if (READ_ONCE(p->killed)) {
			proc_exit(p, W_SIGNALED(p->killed));
			break;
		}
		/* Off from here to sret: a trap now would go to uservec. */
		intr_off();
		p->uc.regs.status = user_sstatus();
		user_run(&p->uc);
		/* The kernel keeps FP on: probed code may be stepped. */
		csr_set(sstatus, SSTATUS_FS_INITIAL);
		if (p->uc.regs.cause & CAUSE_INTERRUPT) {
			unsigned long irq = p->uc.regs.cause & ~CAUSE_INTERRUPT;
			bool tick = trap_interrupt(irq, &p->uc.regs);
			intr_on();
			if (tick) {	/* time slice over */
				yield_init(&p->yield);
				EB_AWAIT(f, &p->yield.f, cx);
			}
			continue;
		}
		intr_on();
		if (p->uc.regs.cause != EXC_ECALL_U) {
			kill_on_fault(p);
			continue;
		}
		p->uc.regs.epc += 4;
		syscall_begin(&p->sc, p);
		EB_AWAIT_UNLESS(f, &p->sc.f, cx, READ_ONCE(p->killed));
		if (p->sc.f.state != EB_FUTURE_DONE) {
			/* Killed while it waited: as Linux's, the syscall
			 * ends with -EINTR and the thread dies after. */
			eb_future_cancel(&p->sc.f);
			p->sc.ret = -EINTR;
		}
		syscall_end(&p->sc);
	}
	EB_ASYNC_END(f);
}

static enum eb_poll
proc_poll(struct eb_future *f, struct eb_context *cx)
{
	struct proc *p = (struct proc *)f;

	/* Traces name the process while it is polled: the executor set
	 * the hart's comm and pid (task_spawn_proc). */
	uvm_switch(p->pagetable);
	enum eb_poll r = run_user(p, cx);
	kvm_inithart();		/* the page table may be freed after this */
	return r;
}

static void
close_files(struct proc *p)
{
	for (int fd = 0; fd < NOFILE; fd++) {
		if (p->files[fd])
			file_close(p->files[fd]);
		p->files[fd] = 0;
	}
}

/* Free a process that has no task and no address space left. */
void
proc_free(struct proc *p)
{
	spin_lock(&proc_lock);
	for (struct proc **q = &procs; *q; q = &(*q)->next) {
		if (*q == p) {
			*q = p->next;
			break;
		}
	}
	nprocs--;
	spin_unlock(&proc_lock);
	kfree(p);
}

/* The thread's task finished: release what the process holds, become a
 * zombie for the parent (or go away if nobody will wait); free zombie
 * children, and leave live ones to be freed when they exit. */
static void
thread_exit(struct task *t, void *arg)
{
	struct proc *p = arg;
	struct proc *dead = 0;

	close_files(p);
	uvm_free(p->pagetable);
	p->pagetable = 0;
	spin_lock(&proc_lock);
	for (struct proc **q = &procs; *q;) {
		struct proc *c = *q;
		if (c->parent == p && c->zombie) {
			*q = c->next;
			nprocs--;
			c->next = dead;
			dead = c;
			continue;
		}
		if (c->parent == p) {
			c->parent = 0;
			c->autoreap = true;
		}
		q = &c->next;
	}
	p->task = 0;
	p->zombie = true;
	bool gone = p->autoreap;
	if (p->parent)
		waitq_wake_all(&p->parent->child_exit);
	/* Past here p may be reaped by its parent at any moment. */
	spin_unlock(&proc_lock);
	while (dead) {
		struct proc *next = dead->next;
		kfree(dead);
		dead = next;
	}
	if (gone)
		proc_free(p);
}

/* The first process of the list of all (linked by next). Holding
 * proc_lock. */
struct proc *
proc_list(void)
{
	return procs;
}

/* The process whose thread t is, or NULL for a kernel task (or no task).
 * Valid while t runs: a process outlives its thread's polls. Any context. */
struct proc *
task_proc(const struct task *t)
{
	return t && t->on_exit == thread_exit ? t->arg : 0;
}

static void
set_name(struct proc *p, const char *name)
{
	size_t n = strlen(name);

	if (n >= sizeof p->name)
		n = sizeof p->name - 1;
	memcpy(p->name, name, n);
	p->name[n] = 0;
}

static struct proc *
proc_alloc(const char *name)
{
	struct proc *p = kzalloc(sizeof *p);

	if (!p)
		return 0;
	p->pagetable = uvm_create();
	if (!p->pagetable) {
		kfree(p);
		return 0;
	}
	p->f = EB_FUTURE_INIT(proc_poll);
	set_name(p, name);
	spin_lock(&proc_lock);
	p->pid = next_pid++;
	p->pgid = p->pid;	/* proc_fork puts a child in its parent's */
	p->next = procs;
	procs = p;
	nprocs++;
	spin_unlock(&proc_lock);
	return p;
}

/* Start p's thread. 0 or -ENOMEM (p is then freed). */
static int
start(struct proc *p)
{
	p->task = task_spawn_proc(&p->f, p->name, p->pid, thread_exit, p);
	if (p->task)
		return 0;
	close_files(p);
	uvm_free(p->pagetable);
	proc_free(p);
	return -ENOMEM;
}

/* Lay out argv on a new stack at the top of user memory: the strings,
 * then the pointer array (16-byte aligned, as the psABI wants sp).
 * Returns the initial sp, or 0. */
static unsigned long
setup_stack(uint64_t *pt, char (*argv)[ARGSTRLEN], int argc)
{
	char *top = 0;

	for (int i = USER_STACK_PAGES; i > 0; i--) {
		char *page = page_alloc(1);
		if (!page || uvm_map(pt, USER_TOP - i * PGSIZE, page,
				     PTE_U_R | PTE_U_W)) {
			if (page)
				page_free(page, 1);
			return 0;
		}
		top = page;	/* the last page mapped is the top one */
	}
	/* Write through the kernel's mapping of the top page. */
	unsigned long sp = USER_TOP;
	unsigned long uargv[MAXARG + 1];
	for (int i = argc - 1; i >= 0; i--) {
		size_t n = strlen(argv[i]) + 1;
		sp -= n;
		memcpy(top + (sp - (USER_TOP - PGSIZE)), argv[i], n);
		uargv[i] = sp;
	}
	uargv[argc] = 0;
	sp = (sp - (argc + 1) * sizeof(long)) & ~15UL;
	memcpy(top + (sp - (USER_TOP - PGSIZE)), uargv,
	       (argc + 1) * sizeof(long));
	return sp;
}

/*
 * Replace p's program with the embedded program name, arguments argv[0..
 * argc) (kernel copies; they fit in the top stack page). 0, -ENOENT,
 * -ENOEXEC or -ENOMEM (p unchanged). Runs on p's thread (or before it
 * starts); switches the hart to the new address space.
 */
int
proc_exec(struct proc *p, const char *name, char (*argv)[ARGSTRLEN], int argc)
{
	const struct user_program *prog = user_program_find(name);
	unsigned long entry, sp;

	if (!prog)
		return -ENOENT;
	uint64_t *pt = uvm_create();
	if (!pt)
		return -ENOMEM;
	int err = elf_load(pt, prog, &entry);
	if (!err && !(sp = setup_stack(pt, argv, argc)))
		err = -ENOMEM;
	if (err) {
		uvm_free(pt);
		return err;
	}
	uvm_switch(pt);
	uvm_free(p->pagetable);
	p->pagetable = pt;
	memset(&p->uc.regs, 0, sizeof p->uc.regs);
	p->uc.regs.epc = entry;
	p->uc.regs.sp = sp;
	p->uc.regs.a0 = argc;
	p->uc.regs.a1 = sp;
	set_name(p, name);
	return 0;
}

/*
 * Start the embedded program name with the NULL-terminated argv (at most
 * MAXARG, each shorter than ARGSTRLEN) and the console as fds 0-2, as a
 * child of the kernel: proc_reap collects it. Returns the process, or
 * NULL (unknown program, out of memory). Not in trap context.
 */
struct proc *
proc_spawn(const char *name, const char *const *argv)
{
	char args[MAXARG][ARGSTRLEN];
	int argc = 0;

	for (; argv[argc] && argc < MAXARG; argc++) {
		size_t n = strlen(argv[argc]);
		if (n >= ARGSTRLEN)
			return 0;
		memcpy(args[argc], argv[argc], n + 1);
	}
	struct proc *p = proc_alloc(name);
	if (!p)
		return 0;
	struct file *con = file_console();
	for (int fd = 0; con && fd < 3; fd++)
		p->files[fd] = fd ? file_dup(con) : con;
	int err = con ? proc_exec(p, name, args, argc) : -ENOMEM;
	kvm_inithart();		/* proc_exec switched to p's page table */
	if (err) {
		close_files(p);
		uvm_free(p->pagetable);
		proc_free(p);
		return 0;
	}
	return start(p) ? 0 : p;
}

/* Whether process p (a struct proc *) has exited: for
 * executor_run_until. */
bool
proc_exited(void *p)
{
	return __atomic_load_n(&((struct proc *)p)->zombie, __ATOMIC_ACQUIRE);
}

/* Collect a kernel-spawned process once proc_exited: its wait status. */
int
proc_reap(struct proc *p)
{
	if (!proc_exited(p))
		panic("proc_reap: pid %d still running", p->pid);
	int status = p->status;
	proc_free(p);
	return status;
}

/* A copy of parent (address space, files, registers) whose fork returns
 * 0, running; or NULL when out of memory. Runs on parent's thread. */
struct proc *
proc_fork(struct proc *parent)
{
	struct proc *c = proc_alloc(parent->name);

	if (!c)
		return 0;
	if (uvm_copy(parent->pagetable, c->pagetable)) {
		uvm_free(c->pagetable);
		proc_free(c);
		return 0;
	}
	c->uc.regs = parent->uc.regs;
	c->uc.regs.a0 = 0;
	for (int fd = 0; fd < NOFILE; fd++)
		if (parent->files[fd])
			c->files[fd] = file_dup(parent->files[fd]);
	c->sigignore = parent->sigignore;
	spin_lock(&proc_lock);
	c->parent = parent;
	c->pgid = parent->pgid;
	spin_unlock(&proc_lock);
	return start(c) ? 0 : c;
}
/* fork's failure (clone returns -ENOMEM) can be injected. */
EB_ALLOW_ERROR_INJECTION(proc_fork, NULL);

/* End p with wait status: its thread leaves the loop at the next check. */
void
proc_exit(struct proc *p, int status)
{
	p->status = status;
	p->exiting = true;
}

/* A zombie child of p (any child if pid is -1), unlinked from p so
 * nobody else reaps it; NULL if none has exited, with *any telling
 * whether p has such a child at all. Holding proc_lock. */
static struct proc *
zombie_child(struct proc *p, int pid, bool *any)
{
	*any = false;
	for (struct proc *c = procs; c; c = c->next) {
		if (c->parent != p || (pid != -1 && c->pid != pid))
			continue;
		*any = true;
		if (c->zombie) {
			c->parent = 0;
			return c;
		}
	}
	return 0;
}

/* Ready when a child has exited (or there is none to wait for); parked
 * on the parent's child_exit queue meanwhile, which thread_exit wakes
 * under proc_lock. */
static enum eb_poll
child_wait_poll(struct eb_future *f, struct eb_context *cx)
{
	struct child_wait *w = (struct child_wait *)f;
	struct proc *p = w->parent;

	spin_lock(&proc_lock);
	w->child = zombie_child(p, w->pid, &w->any);
	if (!w->child && w->any && !w->nohang) {
		waitq_add(&p->child_exit, &w->wait, cx->task);
		spin_unlock(&proc_lock);
		return EB_LEAF_PENDING(f);
	}
	waitq_del(&p->child_exit, &w->wait);
	spin_unlock(&proc_lock);
	f->state = EB_FUTURE_DONE;
	return EB_READY;
}

/* Given up on: off the parent's child_exit queue. */
static void
child_wait_cancel(struct eb_future *f)
{
	struct child_wait *w = (struct child_wait *)f;

	spin_lock(&proc_lock);
	waitq_del(&w->parent->child_exit, &w->wait);
	spin_unlock(&proc_lock);
}

/* A future waiting for parent's child pid (-1: any) to exit. When EB_READY,
 * w->child is that child, a zombie now the caller's to free (proc_free),
 * or NULL: no such child (w->any false), or none exited yet and nohang. */
void
child_wait_init(struct child_wait *w, struct proc *parent, int pid,
		bool nohang)
{
	*w = (struct child_wait){
		.f = EB_FUTURE_INIT_CANCEL(child_wait_poll, child_wait_cancel),
		.parent = parent, .pid = pid, .nohang = nohang };
}

/* Print every process. */
void
proc_ps(void)
{
	printf("%5s %5s %-8s %-16s %s\n", "PID", "PPID", "STATE", "NAME",
	       "SYSCALLS");
	spin_lock(&proc_lock);
	for (struct proc *p = procs; p; p = p->next)
		printf("%5d %5d %-8s %-16s %lu\n", p->pid,
		       p->parent ? p->parent->pid : 0,
		       p->zombie ? "zombie" : "running", p->name,
		       (unsigned long)p->syscalls);
	spin_unlock(&proc_lock);
}

/* Number of processes, zombies included. */
unsigned
proc_count(void)
{
	return READ_ONCE(nprocs);
}
