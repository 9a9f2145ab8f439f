/*
 * Kernel traps: interrupts (timer, IPI, PLIC) and exceptions. Every trap
 * comes through kernelvec (entry.S) with the full register file in a
 * struct pt_regs; whatever the handler leaves there is what resumes.
 */
#include "defs.h"
#include "riscv.h"
#include <ebreak/kprobes.h>
#include <ebreak/ptregs.h>
#include "async/async.h"
#include "trace/task_view.h"

/* Breakpoint traps not claimed by ebreak go here (tests, benchmarks):
 * return true when handled (regs->epc moved past the ebreak). */
bool (*volatile trap_break_hook)(struct pt_regs *regs);

/* Fault fixups: a faulting access at insn resumes at fixup (uaccess.S). */
struct extable_entry {
	unsigned long insn, fixup;
};
extern const struct extable_entry __start_extable[], __stop_extable[];

EB_NOPROBE static bool
fixup_fault(struct pt_regs *regs)
{
	for (const struct extable_entry *e = __start_extable;
	     e < __stop_extable; e++) {
		if (e->insn == regs->epc) {
			regs->epc = e->fixup;
			return true;
		}
	}
	return false;
}

/* On each hart: point stvec at kernelvec, allow FP state for probed
 * code, enable the software, timer and external interrupts (sie; sstatus.SIE
 * stays as it is). */
void
trap_inithart(void)
{
	csr_write(stvec, (unsigned long)kernelvec);
	csr_write(sscratch, 0);
	/* The kernel has no FP, but probed and stepped code may. */
	csr_set(sstatus, SSTATUS_FS_INITIAL);
	csr_set(sie, SIE_SSIE | SIE_STIE | SIE_SEIE);
}

/* Handle interrupt irq (scause without the interrupt bit), from the
 * kernel or from user mode (regs: the frame it interrupted). Whether it
 * was the scheduler's tick (a timer interrupt may be a sample only).
 * Interrupts off. */
EB_NOPROBE bool
trap_interrupt(unsigned long irq, struct pt_regs *regs)
{
	/* Wakes from here are the interrupt's, not the polled task's. */
	struct task *polled = executor_irq_enter();
	bool tick = false;

	switch (irq) {
	case IRQ_S_TIMER:
		if (!(tick = timer_intr(regs)))
			break;
		sleep_tick();	/* wake due sleepers (kernel/async) */
		task_view_tick(polled);	/* a poll stuck on this hart */
		break;
	case IRQ_S_SOFT:
		ipi_intr();
		break;
	case IRQ_S_EXT:
		plic_intr();
		break;
	default:
		printf("unexpected interrupt %lu\n", irq);
	}
	executor_irq_exit(polled);
	return tick;
}

/*
 * Breakpoints kprobes did not claim (kernelvec asks it first) go to the
 * test hook. Other exceptions:
 * kprobes first re-points a fault in a probe slot at the real
 * instruction, then the exception table fixes up safe accesses, and a
 * probe handler that faulted anyway is abandoned; only then panic.
 */
EB_NOPROBE static void
exception(struct pt_regs *regs)
{
	unsigned long cause = regs->cause;

	if (cause == EXC_BREAKPOINT) {	/* kernelvec asked kprobes first */
		if (trap_break_hook && trap_break_hook(regs))
			return;
		panic_regs(regs, "unexpected ebreak at %lx", regs->epc);
	}
	kprobe_fault_handler(regs);
	switch (cause) {
	case EXC_LOAD_ACCESS:
	case EXC_STORE_ACCESS:
	case EXC_LOAD_PAGE_FAULT:
	case EXC_STORE_PAGE_FAULT:
		if (fixup_fault(regs))
			return;
		break;
	}
	if (kprobe_handler_faulted(regs))
		return;
	panic_regs(regs, "kernel exception %lu at %lx, stval %lx", cause,
		   regs->epc, regs->badaddr);
}

/* Called by kernelvec with interrupts off (sstatus.SIE cleared by the
 * trap); they stay off: handlers are short. */
EB_NOPROBE void
kernel_trap(struct pt_regs *regs)
{
	if (regs->cause & CAUSE_INTERRUPT) {
		kprobe_interrupt_fixup(regs);
		trap_interrupt(regs->cause & ~CAUSE_INTERRUPT, regs);
	}
	else
		exception(regs);
}
