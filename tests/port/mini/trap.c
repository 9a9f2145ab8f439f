/*
 * Traps, in the order docs/PORTING.md step 5 gives: breakpoints to
 * kprobes; other exceptions to kprobes' slot fixup, then the one fixup
 * of this kernel (copy_nofault), then the abandoning of a faulting probe
 * handler. The mini kernel never enables an interrupt.
 */
#include "mini.h"
#include <ebreak/kprobes.h>

#define CAUSE_INTERRUPT		(1UL << 63)
#define EXC_BREAKPOINT		3
#define EXC_LOAD_ACCESS		5
#define EXC_LOAD_PAGE_FAULT	13

extern char copy_nofault_load[], copy_nofault_fixup[];

EB_NOPROBE static bool
fixup_fault(struct pt_regs *regs)
{
	if ((regs->cause == EXC_LOAD_ACCESS ||
	     regs->cause == EXC_LOAD_PAGE_FAULT) &&
	    regs->epc == (uintptr_t)copy_nofault_load) {
		regs->epc = (uintptr_t)copy_nofault_fixup;
		return true;
	}
	return false;
}

/* From trapvec (entry.S), interrupts off: handle the trap in regs,
 * or halt on one nothing claims. */
EB_NOPROBE void
trap(struct pt_regs *regs)
{
	if (regs->cause & CAUSE_INTERRUPT) {
		printf("mini: unexpected interrupt %lx\n", regs->cause);
		poweroff(1);
	}
	if (regs->cause == EXC_BREAKPOINT) {
		if (kprobe_breakpoint_handler(regs))
			return;
	} else {
		kprobe_fault_handler(regs);
		if (fixup_fault(regs) || kprobe_handler_faulted(regs))
			return;
	}
	printf("mini: trap cause %lu at %lx, stval %lx\n", regs->cause,
	       regs->epc, regs->badaddr);
	poweroff(1);
}
