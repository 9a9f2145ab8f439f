/*
 * One poll of probed futures in progress (lib/async/async_probe.c), in
 * the frame of eb_async_follow (lib/arch/<arch>/async_follow.S), which
 * reads and writes the fields whose offsets are below: async_probe.c
 * checks them against the struct.
 *
 * The frame: a guard frame (core/guard.h, GUARD_FRAME bytes), then the
 * struct probed_poll, then a frame record (the caller's s0 and ra, s0
 * pointing above it) so that a backtrace from a handler goes on through
 * the function that polled.
 */
#ifndef EBREAK_ASYNC_PROBED_POLL_H
#define EBREAK_ASYNC_PROBED_POLL_H

#include "core/guard.h"
#include <ebreak/ptregs.h>

#define PP_IRQ		32	/* sstatus.SIE as the caller had it */
#define PP_POLLED	40	/* nonzero once the poll ran */
#define PP_REGS		48	/* the partial pt_regs handlers get */
#define PP_H		(PP_REGS + PT_REGS_SIZE)	/* the hart's stack */
#define PP_SIZE		(PP_REGS + PT_REGS_SIZE + 40)
/* + a frame record, sp kept 16-byte aligned */
#define FOLLOW_FRAME	((GUARD_FRAME + PP_SIZE + 16 + 15) / 16 * 16)

#ifndef __ASSEMBLY__
#include <ebreak/future.h>

struct hart_polls;
struct async_probe;
struct eb_async_call;

/* Events sent under a guard that goes on past a handler that faults:
 * the faulting handler's event is its probe's miss, the others are
 * sent. */
struct eb_async_events {
	struct eb_guarded g;	/* what a fault reports */
	/* The call whose COMPLETE is being sent: it leaves its table once
	 * its handlers return or one faults. */
	struct eb_async_call *ending;
};

struct probed_poll {
	struct eb_async_events e;
	unsigned long irq;
	unsigned long polled;
	/* A partial frame: epc the poll function, ra where it was polled
	 * from, sp and s0 as there, a0 and a1 the arguments (f and its
	 * context), then a0 the poll's result; nothing else. */
	struct pt_regs regs;
	struct hart_polls *h;	/* this hart's probed polls in progress */
	/* The C side's, with how far it got (a handler that faults is
	 * passed, and the rest goes on from there). */
	unsigned long depth;	/* h's before this poll */
	struct async_probe *next;	/* the next probe to enter, or NULL */
	unsigned long leaving;	/* h's levels above depth still to leave */
	uint64_t now;		/* the time entered, then the time returned */
};

/*
 * The probed poll's halves, called by eb_async_follow with interrupts
 * off and the guard frame below pp filled:
 * eb_async_enter: if a probe on pp's poll function follows this poll,
 * points this hart's guard slot at pp's frame (else the poll is not
 * followed) and hands out the probes' START or RESUME events, under the
 * guard.
 * eb_async_leave: after the poll (its result in pp->regs), the SUSPEND
 * or COMPLETE events, under the guard.
 * eb_async_abandoned: a handler faulted (counted, logged; the guard
 * restored the slot): the rest of the half it was in goes on, under
 * the guard again (and again past the next one that faults).
 */
void eb_async_enter(struct probed_poll *pp);
void eb_async_leave(struct probed_poll *pp);
void eb_async_abandoned(struct probed_poll *pp);

/* lib/arch/<arch>/async_follow.S: f's poll, followed by the probes on
 * it (eb_async_enter, the poll, eb_async_leave), with interrupts off but
 * during the poll; h is this hart's stack of probed polls. */
enum eb_poll eb_async_follow(struct eb_future *f, struct eb_context *cx,
			     struct hart_polls *h);
#endif /* !__ASSEMBLY__ */

#endif
