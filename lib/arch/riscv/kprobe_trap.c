/*
 * kprobes on RISC-V, the trap side: the hit path that runs in the
 * breakpoint trap, and the fixups for faults and interrupts around it.
 *
 * On a hit the pre handlers run on the trap frame, then the instruction
 * is either simulated on the frame (PC-relative and control flow: no
 * slot) or stepped out of line: the trap returns into a slot holding a
 * copy of it, with interrupts masked (sstatus.SPIE cleared in the frame).
 * Then either an ebreak there traps back, to run the post handlers and
 * resume after the original; or, when there are none, it jumps straight
 * back (a boosted step: one trap per hit), turning interrupts back on
 * first if the probed code had them on. An interrupt taken on that jump
 * is moved past it by kprobe_interrupt_fixup, so no saved context ever
 * points into a slot that unregistering could free.
 *
 * Every hit runs this code, so it is built without a frame pointer, and
 * with s0 left alone (EB_LIB_FIXED_S0_SRCS in lib/sources.mk): a
 * frame-pointer backtrace from a handler goes from it to the frames of
 * the probed code's callers.
 */
#include "core/cfi.h"
#include "core/guard.h"
#include "ftrace_arch.h"
#include <ebreak/riscv.h>
#include <ebreak/fmt.h>

EB_NOPROBE static inline struct kprobe_ctlblk *
this_kcb(void)
{
	return &this_eb_cpu()->kcb;
}

/* Send the hart into s's slot; interrupts stay masked there so the hart
 * cannot be parked or moved while inside. */
EB_NOPROBE static void
enter_slot(struct kprobe_ctlblk *kcb, struct kprobe_site *s,
	   struct pt_regs *regs, enum kprobe_status status)
{
	kcb->spie = regs->status & SSTATUS_SPIE;
	regs->status &= ~SSTATUS_SPIE;
	regs->epc = (unsigned long)s->arch.slot;
	kcb->site = s;
	kcb->status = status;
}

/* Step s's instruction without a trap back, if it can be: returns false
 * when a jump back does not reach. The copy runs with interrupts masked;
 * the boosted one turns them back on before its jump back. */
EB_NOPROBE static bool
boost(struct kprobe_site *s, struct pt_regs *regs)
{
	if (!s->arch.boostable)
		return false;
	if (regs->status & SSTATUS_SPIE) {
		regs->status &= ~SSTATUS_SPIE;
		regs->epc = (unsigned long)s->arch.slot + EB_SLOT_BOOSTED;
	} else {
		regs->epc = (unsigned long)s->arch.slot + EB_SLOT_PLAIN;
	}
	return true;
}

/* Execute s's instruction for a hit whose pre handlers are done. */
EB_NOPROBE static void
execute(struct kprobe_ctlblk *kcb, struct kprobe_site *s, struct pt_regs *regs)
{
	if (s->arch.insn.simulate) {	/* else it has a slot */
		regs->epc = riscv_insn_simulate(&s->arch.insn, s->addr, regs);
		if (site_has_post(s)) {
			kcb->status = KPROBE_HIT_SSDONE;
			kprobe_run_post_handlers(s, regs);
		}
		kcb->status = KPROBE_NONE;
	} else if (!site_has_post(s) && boost(s, regs)) {
		kcb->status = KPROBE_NONE;
	} else {
		enter_slot(kcb, s, regs, KPROBE_HIT_SS);
	}
}

/* Back to the hit that a missed one interrupted. */
EB_NOPROBE static void
restore_prev(struct kprobe_ctlblk *kcb)
{
	kcb->status = kcb->prev.status;
	kcb->site = kcb->prev.site;
	kcb->regs = kcb->prev.regs;
	kcb->spie = kcb->prev.spie;
}

/* The ebreak at the end of the slot: resume after the original. */
EB_NOPROBE static bool
slot_done(struct kprobe_ctlblk *kcb, struct pt_regs *regs)
{
	struct kprobe_site *s = kcb->site;

	regs->epc = s->addr + s->arch.insn.len;
	regs->status |= kcb->spie;
	if (kcb->status == KPROBE_REENTER) {
		restore_prev(kcb);
		return true;
	}
	if (site_has_post(s)) {
		kcb->status = KPROBE_HIT_SSDONE;
		kcb->regs = regs;
		kprobe_run_post_handlers(s, regs);
	}
	kcb->status = KPROBE_NONE;
	return true;
}

/* Execute s's instruction without handlers; the state to return to after
 * a slot is in kcb->prev. */
EB_NOPROBE static void
execute_quietly(struct kprobe_ctlblk *kcb, struct kprobe_site *s,
		struct pt_regs *regs)
{
	if (!s->arch.slot)
		regs->epc = riscv_insn_simulate(&s->arch.insn, s->addr, regs);
	else if (boost(s, regs))
		restore_prev(kcb);
	else
		enter_slot(kcb, s, regs, KPROBE_REENTER);
}

/* A hit while this hart runs a handler: count it missed and execute the
 * instruction without handlers. */
EB_NOPROBE static bool
missed_hit(struct kprobe_ctlblk *kcb, struct kprobe_site *s,
	   struct pt_regs *regs)
{
	if (kcb->status != KPROBE_HIT_ACTIVE &&
	    kcb->status != KPROBE_HIT_SSDONE) {
		kprobe_log("probe at %p hit inside a slot", (void *)s->addr);
		return false;
	}
	kprobe_site_missed(s, NULL, 0);
	kcb->prev.status = kcb->status;
	kcb->prev.site = kcb->site;
	kcb->prev.regs = kcb->regs;
	kcb->prev.spie = kcb->spie;
	execute_quietly(kcb, s, regs);
	return true;
}

/* No probe at pc: if no breakpoint is there any more either (this hart
 * fetched it just before it was disarmed), run the instruction again;
 * else the ebreak is not ebreak's. */
EB_NOPROBE static bool
breakpoint_gone(unsigned long pc)
{
	uint16_t parcel = *(const uint16_t *)pc;

	if (parcel == C_EBREAK)
		return false;
	return (parcel & 3) != 3 ||
	       (parcel | (uint32_t)((const uint16_t *)pc)[1] << 16) != EBREAK;
}

/* A breakpoint on a hart that is already busy with a hit: the trap back
 * from a slot, or a probe hit inside a handler (missed). */
EB_NOPROBE __attribute__((noinline, cold)) static bool
busy_breakpoint(struct kprobe_ctlblk *kcb, struct pt_regs *regs)
{
	unsigned long pc = regs->epc;

	if (kcb->status >= KPROBE_HIT_SS &&
	    pc == (unsigned long)kcb->site->arch.slot + kcb->site->arch.insn.len)
		return slot_done(kcb, regs);
	struct kprobe_site *s = kprobe_site_lookup(pc);
	if (!s)
		return breakpoint_gone(pc);
	return missed_hit(kcb, s, regs);
}

EB_NOPROBE bool
kprobe_breakpoint_handler(struct pt_regs *regs)
{
	struct kprobe_ctlblk *kcb = this_kcb();

	/* (> rather than !=: GCC then stores KPROBE_NONE from the zero
	 * register, not from one it must save and restore.) */
	if ((int)kcb->status > KPROBE_NONE)
		return busy_breakpoint(kcb, regs);
	struct kprobe_site *s = kprobe_site_lookup(regs->epc);
	if (!s)
		return breakpoint_gone(regs->epc);
	kcb->status = KPROBE_HIT_ACTIVE;
	kcb->site = s;
	kcb->regs = regs;
	kcb->ra = regs->ra;
	kcb->lock_depth = eb_port_lock_depth();
	if (kprobe_run_pre_handlers(s, regs))
		kcb->status = KPROBE_NONE;	/* the handler moved the pc */
	else
		execute(kcb, s, regs);
	return true;
}

EB_NOPROBE void
kprobe_fault_handler(struct pt_regs *regs)
{
	struct kprobe_ctlblk *kcb = this_kcb();
	uint8_t *slot;
	struct kprobe_site *s = kprobe_slot_owner(regs->epc, &slot);

	if (s && regs->epc == (uintptr_t)slot + EB_SLOT_BOOSTED) {
		/* A boosted copy faulted; interrupts were on before it. */
		regs->epc = s->addr;
		regs->status |= SSTATUS_SPIE;
		return;
	}
	if (s && regs->epc == (uintptr_t)slot + EB_SLOT_PLAIN) {
		regs->epc = s->addr;	/* interrupts were off: as they are */
		return;
	}
	if (kcb->status < KPROBE_HIT_SS ||
	    regs->epc != (unsigned long)kcb->site->arch.slot)
		return;
	/* The stepped copy faulted: report it where the original is, with
	 * the interrupt state the probed code had, the hit over. */
	regs->epc = kcb->site->addr;
	regs->status = (regs->status & ~SSTATUS_SPIE) | kcb->spie;
	if (kcb->status == KPROBE_REENTER)
		restore_prev(kcb);
	else
		kcb->status = KPROBE_NONE;
}

EB_NOPROBE bool
kprobe_handler_faulted(struct pt_regs *regs)
{
	struct kprobe_ctlblk *kcb = this_kcb();
	enum kprobe_status status = kcb->status;

	/* A JIT'd eBPF load through a kernel struct pointer: not the
	 * handler's fault; it reads 0 and the program goes on. */
	if (eb_extable_fixup(regs))
		return true;
	/* Innermost first: a kprobe or return handler may run inside a
	 * guarded one, never the other way round (eb_in_handler). */
	if (status != KPROBE_HIT_ACTIVE && status != KPROBE_HIT_SSDONE)
		return kretprobe_handler_faulted(regs) || eb_guard_faulted(regs);
	struct kprobe_site *s = kcb->site;
	struct eb_unwind_regs u;
	struct handler_fault f = { "handler of the probe at", s->addr, "hit",
				   regs, kcb->lock_depth, (uintptr_t)kcb->regs };
	/* At a patchable entry, a call, not a trap: kcb->regs is
	 * ftrace_caller's partial frame. */
	if (!(s->ftrace ? kprobe_abandon_called_handler(&f, &u) :
			  kprobe_abandon_handler(&f)))
		return false;
	/* None of the site's handlers saw the whole hit. */
	kprobe_site_missed(s, kcb->regs, kcb->ra);
	if (s->ftrace) {
		kprobe_ftrace_resume(regs, kcb->regs, &u, s->addr);
		kcb->status = KPROBE_NONE;
		return true;
	}
	/* Abandon the handler: resume from the probe's own trap frame. */
	*regs = *kcb->regs;
	kcb->status = KPROBE_NONE;
	if (status == KPROBE_HIT_ACTIVE) {
		/* The instruction has not run yet: run it, quietly. */
		kcb->prev.status = KPROBE_NONE;
		execute_quietly(kcb, s, regs);
	}
	return true;
}

EB_NOPROBE void
kprobe_interrupt_fixup(struct pt_regs *regs)
{
	uint8_t *slot;
	struct kprobe_site *s = kprobe_slot_owner(regs->epc, &slot);

	/* Only the boosted copy's jal back runs with interrupts on. */
	if (s && regs->epc == boosted_jal(&s->arch))
		regs->epc = s->addr + s->arch.insn.len;
	else
		kprobe_direct_fixup(regs);
}
