/*
 * kprobes at patchable function entries (Linux's KPROBES_ON_FTRACE): the
 * hit path, called by ftrace_caller instead of a breakpoint trap. The
 * site's nops are the probed "instruction": the pre handlers run with
 * regs->epc at the site (the function's address), then, unless one moved
 * the pc, the post handlers with epc past the site, and ftrace_caller
 * resumes at regs->epc.
 *
 * Every such hit runs this code: built like kprobe_trap.c, without a
 * frame pointer and with s0 untouched (EB_LIB_FIXED_S0_SRCS).
 */
#include "core/kprobes_internal.h"
#include "ftrace_arch.h"
#include "partial_regs.h"
#include <ebreak/riscv.h>

/* Called by ftrace_caller with its partial frame, interrupts off. */
EB_NOPROBE void
kprobe_ftrace_handler(struct pt_regs *regs)
{
	struct kprobe_ctlblk *kcb = &this_eb_cpu()->kcb;
	struct kprobe_site *s = kprobe_site_lookup(regs->epc);

	/* No site: unregistered since this hart took the call. A hit in
	 * progress: a handler called the function (missed). Either way the
	 * body runs, without handlers. */
	if (!s || (int)kcb->status > KPROBE_NONE) {
		if (s)
			kprobe_site_missed(s, NULL, 0);
		regs->epc += FTRACE_SITE_SIZE;
		return;
	}
	kcb->status = KPROBE_HIT_ACTIVE;
	kcb->site = s;
	kcb->regs = regs;
	kcb->ra = regs->ra;
	kcb->lock_depth = eb_port_lock_depth();
	if (!kprobe_run_pre_handlers(s, regs)) {
		regs->epc += FTRACE_SITE_SIZE;
		if (site_has_post(s)) {
			kcb->status = KPROBE_HIT_SSDONE;
			kprobe_run_post_handlers(s, regs);
		}
	}
	kcb->status = KPROBE_NONE;
}

/* ftrace_caller's frame and u hold what the function's caller gave it
 * (partial_regs.h). Interrupts come back as they were at the call. */
EB_NOPROBE void
kprobe_ftrace_resume(struct pt_regs *fault, const struct pt_regs *frame,
		     const struct eb_unwind_regs *u, uintptr_t site)
{
	unsigned long sstatus = ((const unsigned long *)frame)[FTRACE_SSTATUS / 8];

	partial_regs_resume(fault, frame, u);
	fault->epc = site + FTRACE_SITE_SIZE;
	fault->status &= ~SSTATUS_SPIE;
	if (sstatus & SSTATUS_SIE)
		fault->status |= SSTATUS_SPIE;
}
