/*
 * eb_guarded_call (lib/core/guard.h): call a handler so that a fault in
 * it can be abandoned without a trap frame of the caller's. The frame
 * below keeps what the caller expects back from any call (ra, sp and the
 * callee-saved s0-s11), the guard record and the hart's guard before
 * this one; while fn runs, the hart's guard slot points at it. A fault
 * that guard_faulted abandons resumes at eb_guarded_call_abandoned with sp
 * at the frame, which returns 1 to the caller as if fn had returned.
 *
 * In the never-probed section.
 */
#define FRAME		128
#define F_GUARDED	104	/* the struct eb_guarded */
#define F_PREV		112	/* the hart's guard before this call */
#define F_SLOT		120	/* the hart's guard slot */

	.section .text.eb_noprobe, "ax"
	.balign 4
	.globl eb_guarded_call
	.type eb_guarded_call, @function
/* int eb_guarded_call(void (*fn)(struct eb_guarded *), struct eb_guarded *g,
 *		       uintptr_t *slot) */
eb_guarded_call:
	addi sp, sp, -FRAME
	sd ra, 0(sp)
	sd s0, 8(sp)
	sd s1, 16(sp)
	.irp n, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
	sd s\n, (8+8*\n)(sp)
	.endr
	sd a1, F_GUARDED(sp)
	ld t0, 0(a2)
	sd t0, F_PREV(sp)
	sd a2, F_SLOT(sp)
	sd sp, 0(a2)		/* a fault from here on is fn's */
	mv t1, a0
	mv a0, a1
	jalr t1
	ld a2, F_SLOT(sp)
	ld t0, F_PREV(sp)
	sd t0, 0(a2)		/* fn returned: the enclosing guard again */
	ld ra, 0(sp)
	addi sp, sp, FRAME
	li a0, 0
	ret

	.globl eb_guarded_call_abandoned
eb_guarded_call_abandoned:
	ld ra, 0(sp)
	ld s0, 8(sp)
	ld s1, 16(sp)
	.irp n, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
	ld s\n, (8+8*\n)(sp)
	.endr
	addi sp, sp, FRAME
	li a0, 1
	ret
	.size eb_guarded_call, . - eb_guarded_call
