/*
 * Guarded handler calls: how the library runs a handler outside any
 * probe hit (an async probe's, at a poll) so that a fault in it is
 * abandoned and counted missed, as a kprobe handler's is. The handler
 * runs through eb_guarded_call, which points this hart's guard slot at
 * its frame; the kernel's fault path (kprobe_handler_faulted) finds the
 * slot set, unwinds the handler's frames, logs the fault, counts it in
 * *nmissed and returns from eb_guarded_call with 1.
 *
 * A guarded call nests (the slot's value before it comes back when it
 * returns); code that is no handler but runs inside one (the poll an
 * async probe wraps) clears the slot meanwhile, and sets it back after.
 *
 * A kprobe hit inside a guarded handler runs its handlers (a fault in
 * them is the kprobe's, innermost first); a kretprobe's function called
 * there is not traced (pre_handler_kretprobe): an abandoned handler
 * would keep its instance.
 *
 * The guard's frame, whatever makes it (eb_guarded_call, the async
 * probes' eb_async_follow): GUARD_FRAME bytes at the slot's address, the
 * address of the struct eb_guarded, the slot's value to restore and where
 * an abandoned call resumes. The function that makes it keeps the
 * callee-saved registers it uses itself, as any function does; the
 * others are not stored on every guarded call: a fault takes them back
 * by unwinding the handler's frames up to the guard's (core/cfi.h), and
 * the code at the resume address, with sp at the frame, has them as at
 * its call of the handler.
 */
#ifndef EBREAK_CORE_GUARD_H
#define EBREAK_CORE_GUARD_H

#define GUARD_G		0
#define GUARD_PREV	8
#define GUARD_RESUME	16
#define GUARD_FRAME	32	/* sp stays 16-byte aligned */
#define EB_CPU_GUARD	112	/* the slot: struct eb_cpu's guard */

#ifdef __ASSEMBLY__
/* The guard frame at sp's resume address. */
	.macro guard_frame_resume resume
	la t0, \resume
	sd t0, GUARD_RESUME(sp)
	.endm
#else
#include "kprobes_internal.h"

/* What a kind of guarded handler reports and counts of its owner (an
 * async probe): constant, one for each kind. */
struct eb_guard_kind {
	const char *what;	/* "handler of the async probe on" */
	const char *unit;	/* what counts missed: "poll" */
	size_t addr_at;		/* the owner's address, a uintptr_t */
	size_t nmissed_at;	/* the owner's count, an unsigned long */
};

/* What a fault needs to report and count: the caller's, set before the
 * call (owner and lock_depth as the handler begins). Callers embed it
 * first in a struct of their own that fn gets. */
struct eb_guarded {
	const struct eb_guard_kind *kind;
	void *owner;		/* whose the handler is; NULL before one */
	unsigned lock_depth;	/* eb_port_lock_depth() as fn begins */
};

/* This hart's guard slot: the frame of the guarded call in progress,
 * or 0. */
static inline uintptr_t *
eb_guard_slot(void)
{
	return &this_eb_cpu()->guard;
}

/*
 * fn(g) with this hart's guard slot (slot: eb_guard_slot()) naming it;
 * 0 when fn returned, 1 when it faulted and was abandoned (counted in
 * *g->nmissed, logged). Interrupts must be off: the slot is the hart's.
 * lib/arch/<arch>/guarded_call.S.
 */
int eb_guarded_call(void (*fn)(struct eb_guarded *), struct eb_guarded *g,
		    uintptr_t *slot);

/* Whether this hart is running a probe handler: a kprobe's, a return
 * handler or a guarded one. A handler must not be entered from another:
 * what it would run is counted missed instead. Interrupts off. */
static inline bool
eb_in_handler(void)
{
	struct eb_cpu *c = this_eb_cpu();

	return (int)c->kcb.status > KPROBE_NONE || c->kret.ri || c->guard;
}

/* guard.c: a fault in a guarded handler of this hart: abandons it (regs
 * resume at the frame's GUARD_RESUME) unless it took a lock; false if
 * the hart runs no guarded handler or it cannot be abandoned. */
bool eb_guard_faulted(struct pt_regs *regs);
#endif /* !__ASSEMBLY__ */

#endif
