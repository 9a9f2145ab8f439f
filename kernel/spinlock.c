/*
 * Spinlocks. Holding one keeps interrupts off on this hart, so an
 * interrupt handler that takes the same lock cannot deadlock against the
 * code it interrupted.
 */
#include "defs.h"
#include "riscv.h"

/* Acquire lk, spinning; interrupts stay off until spin_unlock. */
EB_NOPROBE void
spin_lock(struct spinlock *lk)
{
	push_off();
	if (spin_holding(lk))
		panic("spin_lock: %s already held by this hart", lk->name);
	eb_spin_lock(&lk->lock);
	lk->cpu = mycpu();
}

/* Release lk, taken by this hart; restores the interrupt state. */
EB_NOPROBE void
spin_unlock(struct spinlock *lk)
{
	if (!spin_holding(lk))
		panic("spin_unlock: %s not held", lk->name);
	lk->cpu = 0;
	eb_spin_unlock(&lk->lock);
	pop_off();
}

/* Whether this hart holds lk. Call with interrupts off. */
EB_NOPROBE bool
spin_holding(struct spinlock *lk)
{
	return eb_spin_is_locked(&lk->lock) && lk->cpu == mycpu();
}
