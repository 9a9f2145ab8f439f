/*
 * The one spinlock primitive: a test-and-set flag, used by the library's
 * registration locks, the BPF hash map and the reference kernel's locks.
 *
 * It does not touch interrupts. A caller that can meet the lock's holder
 * in an interrupt or a probe handler on its own hart disables them first
 * (the hash map, the kernel's struct spinlock); a caller that must still
 * answer cross-calls and stop_machine while it waits (the registration
 * locks) leaves them on. It does not nest and records no owner.
 * Always inlined: it is called from never-probed code (EB_NOPROBE), and
 * an out-of-line copy would be probeable text.
 */
#ifndef EBREAK_LOCK_H
#define EBREAK_LOCK_H

#include <stdbool.h>
#include <stdint.h>

struct eb_spinlock {
	uint32_t locked;	/* 1 while held */
};

#define EB_SPINLOCK_INIT { 0 }

/* Take l if it is free; returns whether this call took it. */
static inline __attribute__((always_inline)) bool
eb_spin_trylock(struct eb_spinlock *l)
{
	/* Acquire (amoswap.w.aq): the critical section's loads and stores
	 * cannot move above taking the lock, so they see everything the
	 * previous holder did before its release. */
	return __atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE) == 0;
}

/* Take l, spinning until it is free. */
static inline __attribute__((always_inline)) void
eb_spin_lock(struct eb_spinlock *l)
{
	while (!eb_spin_trylock(l))
		/* Relaxed: only a hint that the lock may be free; ordering
		 * comes from the acquiring exchange retried above. Waiting
		 * with loads keeps the holder's cache line unwritten. */
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
			;
}

/* Release l, held by the caller. */
static inline __attribute__((always_inline)) void
eb_spin_unlock(struct eb_spinlock *l)
{
	/* Release: the critical section's loads and stores are done and
	 * visible before the next holder's acquire can see the lock free. */
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

/* Whether someone holds l (a snapshot, for assertions). */
static inline __attribute__((always_inline)) bool
eb_spin_is_locked(struct eb_spinlock *l)
{
	/* Relaxed: a snapshot that orders nothing. */
	return __atomic_load_n(&l->locked, __ATOMIC_RELAXED) != 0;
}

#endif
