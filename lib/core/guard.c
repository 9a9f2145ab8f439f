/*
 * The fault half of guarded handler calls (guard.h): a fault in a
 * guarded handler is abandoned as a kprobe handler's is, and the trap
 * returns to where the guard's frame says, with the registers the
 * handler's frames, unwound, give back.
 */
#include "guard.h"
#include "core/cfi.h"

_Static_assert(offsetof(struct eb_cpu, guard) == EB_CPU_GUARD,
	       "guard.h: EB_CPU_GUARD");

EB_NOPROBE bool
eb_guard_faulted(struct pt_regs *regs)
{
	uintptr_t *slot = eb_guard_slot();
	uintptr_t frame = *slot;
	struct eb_unwind_regs u;

	if (!frame)
		return false;
	const struct eb_guarded *g =
		*(const struct eb_guarded **)(frame + GUARD_G);
	char *owner = g->owner;
	/* None: it faulted before it called a handler (a cancel's walk of
	 * its chain): no handler's fault to abandon, the kernel's. */
	if (!owner)
		return false;
	struct handler_fault f = { g->kind->what,
				   *(uintptr_t *)(owner + g->kind->addr_at),
				   g->kind->unit, regs, g->lock_depth, frame };
	if (!kprobe_abandon_called_handler(&f, &u))
		return false;
	__atomic_fetch_add((unsigned long *)(owner + g->kind->nmissed_at), 1,
			   __ATOMIC_RELAXED);
	*slot = *(uintptr_t *)(frame + GUARD_PREV);
	/* As at the guard's call of the handler (sp the frame, where the
	 * unwinding stopped): the callee-saved registers are the guard
	 * function's, the others dead after a call. The
	 * handler ran with interrupts off, the fault's status says so: the
	 * code resumed turns them back on itself. */
	for (unsigned n = 1; n < CFI_REGS; n++)
		cfi_set_trap_reg(regs, n, u.reg[n]);
	regs->epc = *(uintptr_t *)(frame + GUARD_RESUME);
	return true;
}
