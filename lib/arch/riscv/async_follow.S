/*
 * eb_async_follow (lib/async/probed_poll.h): a poll of a function with
 * an async probe on it, in one frame: a guard frame (core/guard.h), so
 * that a faulting handler can be abandoned, then the struct probed_poll
 * the C halves share, then a frame record that also keeps the caller's
 * ra and s0 (the only callee-saved register used here). Interrupts are
 * off (the handlers run so) except during the poll itself, which runs
 * unguarded as its caller had it.
 *
 * In the never-probed section.
 */
#include "async/probed_poll.h"
#include <ebreak/riscv.h>
#include <ebreak/port.h>	/* eb_port_cpu_data */

#define PP(field)	(GUARD_FRAME + PP_##field)
#define REG(n)		(PP(REGS) + 8 * (n))	/* pt_regs' word n */

	.section .text.eb_noprobe, "ax"
	.balign 4
	.globl eb_async_follow
	.type eb_async_follow, @function
/* enum eb_poll eb_async_follow(struct eb_future *f, struct eb_context *cx,
 *				struct hart_polls *h) */
eb_async_follow:
	addi sp, sp, -FOLLOW_FRAME
	guard_frame_resume abandoned
	addi t0, sp, GUARD_FRAME
	sd t0, GUARD_G(sp)
	sd zero, GUARD_PREV(sp)	/* a guard only begins outside handlers */
	ld t1, 0(a0)		/* f->poll */
	sd a2, PP(H)(sp)
	sd zero, PP(POLLED)(sp)
	/* The registers handlers see: a call of the poll function. */
	sd t1, REG(0)(sp)	/* epc */
	sd ra, REG(1)(sp)
	addi t0, sp, FOLLOW_FRAME
	sd t0, REG(2)(sp)	/* sp */
	sd s0, REG(8)(sp)
	sd a0, REG(10)(sp)
	sd a1, REG(11)(sp)
	sd ra, FOLLOW_FRAME-8(sp)	/* the frame record */
	sd s0, FOLLOW_FRAME-16(sp)
	addi s0, sp, FOLLOW_FRAME
	/* Off for the look-up and the handlers: unregistering and the
	 * guard slot depend on it (probed_poll.h). */
	csrrci t0, sstatus, SSTATUS_SIE
	andi t0, t0, SSTATUS_SIE
	sd t0, PP(IRQ)(sp)
	addi a0, sp, GUARD_FRAME
	call eb_async_enter
	eb_port_cpu_data t0
	ld t1, EB_CPU_GUARD(t0)	/* the guard slot: this frame if followed */
	bne t1, sp, unfollowed
poll:				/* t0: the hart's data */
	/* The poll is no handler: a fault in it is the kernel's. */
	sd zero, EB_CPU_GUARD(t0)
	/* As the caller had them, for the poll: off first, whatever a
	 * handler did with them. */
	ld t0, PP(IRQ)(sp)
	csrci sstatus, SSTATUS_SIE
	csrs sstatus, t0
	ld a0, REG(10)(sp)
	ld a1, REG(11)(sp)
	ld t1, REG(0)(sp)
	jalr t1
	sd a0, REG(10)(sp)
	/* Off again for the handlers; back after them as the poll left
	 * them (a poll may return with them as it likes). */
	csrrci t0, sstatus, SSTATUS_SIE
	andi t0, t0, SSTATUS_SIE
	sd t0, PP(IRQ)(sp)
	sd sp, PP(POLLED)(sp)	/* any nonzero */
	eb_port_cpu_data t0
	sd sp, EB_CPU_GUARD(t0)
	addi a0, sp, GUARD_FRAME
	call eb_async_leave
left:
	eb_port_cpu_data t0
	sd zero, EB_CPU_GUARD(t0)
	ld t0, PP(IRQ)(sp)
	csrci sstatus, SSTATUS_SIE	/* as the poll left them, exactly */
	csrs sstatus, t0
	ld a0, REG(10)(sp)
	ld ra, FOLLOW_FRAME-8(sp)
	ld s0, FOLLOW_FRAME-16(sp)
	addi sp, sp, FOLLOW_FRAME
	ret

/* No probe follows it after all: the plain poll, as a tail call. */
unfollowed:
	ld t0, PP(IRQ)(sp)
	csrci sstatus, SSTATUS_SIE	/* as the caller had them, exactly */
	csrs sstatus, t0
	ld a0, REG(10)(sp)
	ld a1, REG(11)(sp)
	ld t1, REG(0)(sp)
	ld ra, FOLLOW_FRAME-8(sp)
	ld s0, FOLLOW_FRAME-16(sp)
	addi sp, sp, FOLLOW_FRAME
	jr t1

/* A handler faulted (eb_guard_faulted: counted, logged): sp is the
 * frame, the slot cleared, the callee-saved registers unwound back to
 * what they were at the call of the half. The rest of the half the
 * fault was in, guarded again (a fault there comes back here), and on
 * from the end of that half. */
abandoned:
	addi a0, sp, GUARD_FRAME
	call eb_async_abandoned
	ld t0, PP(POLLED)(sp)
	bnez t0, left
	eb_port_cpu_data t0
	j poll
	.size eb_async_follow, . - eb_async_follow
