/*
 * The fault half of guarded handler calls (guard.h): a fault in a
 * guarded handler is abandoned as a kprobe handler's is, and the trap
 * returns to where the guard's frame says.
 */
#include "guard.h"

EB_NOPROBE bool
eb_guard_faulted(struct pt_regs *regs)
{
	uintptr_t *slot = eb_guard_slot();
	uintptr_t frame = *slot;

	if (!frame)
		return false;
	const struct eb_guarded *g =
		*(const struct eb_guarded **)(frame + GUARD_G);
	struct handler_fault f = { g->what, g->addr, g->unit, regs,
				   g->lock_depth, frame };
	if (!kprobe_abandon_handler(&f))
		return false;
	__atomic_fetch_add(g->nmissed, 1, __ATOMIC_RELAXED);
	*slot = *(uintptr_t *)(frame + GUARD_PREV);
	/* The handler ran with interrupts off, the fault's status says so:
	 * the code resumed turns them back on itself. */
	regs->sp = frame;
	regs->epc = *(uintptr_t *)(frame + GUARD_RESUME);
	return true;
}
