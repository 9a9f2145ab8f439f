/*
 * One poll of probed futures in progress (lib/async/async_probe.c), in
 * the frame of eb_async_follow (lib/arch/<arch>/async_follow.S), which
 * reads and writes the fields whose offsets are below: async_probe.c
 * checks them against the struct.
 *
 * The frame: a guard frame (core/guard.h, GUARD_FRAME bytes), then the
 * struct probed_poll.
 */
#ifndef EBREAK_ASYNC_PROBED_POLL_H
#define EBREAK_ASYNC_PROBED_POLL_H

#include "core/guard.h"
#include <ebreak/ptregs.h>

#define PP_F		40	/* the future */
#define PP_CX		48	/* its context */
#define PP_POLL		56	/* f->poll */
#define PP_IRQ		64	/* sstatus.SIE as the caller had it */
#define PP_SLOT		72	/* this hart's guard slot */
#define PP_RESULT	80	/* the poll's */
#define PP_POLLED	88	/* nonzero once the poll ran */
#define PP_REGS		96	/* the partial pt_regs handlers get */
#define PP_SIZE		(PP_REGS + PT_REGS_SIZE + 48)
#define FOLLOW_FRAME	(GUARD_FRAME + PP_SIZE)

#ifndef __ASSEMBLY__
#include <ebreak/future.h>

struct hart_polls;
struct async_probe;

struct probed_poll {
	struct eb_guarded g;	/* what a fault reports */
	struct eb_future *f;
	struct eb_context *cx;
	eb_poll_fn poll;
	unsigned long irq;
	uintptr_t *slot;
	long result;
	unsigned long polled;
	/* A partial frame: epc the poll function, ra where it was polled
	 * from, sp and s0 as there, a0 and a1 the arguments, then a0 the
	 * result; nothing else. */
	struct pt_regs regs;
	/* The C side's. */
	struct async_probe *ap;	/* the first probe on poll */
	struct hart_polls *h;
	unsigned long depth;	/* h's before this poll */
	unsigned long pad[3];
};

/*
 * The probed poll's halves, called by eb_async_follow with interrupts
 * off and the guard frame below pp filled (but GUARD_G, GUARD_PREV and
 * GUARD_RESUME, which are its own):
 * eb_async_enter: if a probe on pp->poll follows this poll, sets
 * pp->slot (0 before: the poll is then not followed) and hands out the
 * probes' START or RESUME events, under the guard.
 * eb_async_leave: after the poll (pp->result), the SUSPEND or COMPLETE
 * events, under the guard.
 * eb_async_abandoned: a handler faulted (the guard restored the slot):
 * what is left of this poll's levels goes.
 */
void eb_async_enter(struct probed_poll *pp);
void eb_async_leave(struct probed_poll *pp);
void eb_async_abandoned(struct probed_poll *pp);

/* lib/arch/<arch>/async_follow.S: f's poll, followed by the probes on
 * it (eb_async_enter, the poll, eb_async_leave), with interrupts off but
 * during the poll. */
enum eb_poll eb_async_follow(struct eb_future *f, struct eb_context *cx);
#endif /* !__ASSEMBLY__ */

#endif
