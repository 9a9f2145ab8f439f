/*
 * The fault half of guarded handler calls (guard.h): a fault in a
 * guarded handler is abandoned as a kprobe handler's is, and the trap
 * returns to eb_guarded_call's caller.
 */
#include "guard.h"

/* Where an abandoned guarded call returns 1 (guarded_call.S). */
extern const char eb_guarded_call_abandoned[];

/* The words of eb_guarded_call's frame (guarded_call.S). */
enum { FRAME_GUARDED = 13, FRAME_PREV = 14 };

EB_NOPROBE bool
eb_guard_faulted(struct pt_regs *regs)
{
	uintptr_t *slot = eb_guard_slot();
	uintptr_t *frame = (uintptr_t *)*slot;

	if (!frame)
		return false;
	const struct eb_guarded *g = (const struct eb_guarded *)frame[FRAME_GUARDED];
	struct handler_fault f = { g->what, g->addr, g->unit, regs,
				   g->lock_depth, (uintptr_t)frame };
	if (!kprobe_abandon_handler(&f))
		return false;
	__atomic_fetch_add(g->nmissed, 1, __ATOMIC_RELAXED);
	*slot = frame[FRAME_PREV];
	/* The handler ran with interrupts off, the fault's status says so:
	 * eb_guarded_call's caller turns them back on itself. */
	regs->sp = (uintptr_t)frame;
	regs->epc = (uintptr_t)eb_guarded_call_abandoned;
	return true;
}
