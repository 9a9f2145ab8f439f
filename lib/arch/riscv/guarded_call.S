/*
 * eb_guarded_call (lib/core/guard.h): call a handler so that a fault in
 * it can be abandoned without a trap frame of the caller's. Its frame:
 * the guard frame (guard.h: the guard record, the hart's guard before
 * this one, the resume address), then the ra and s1 it keeps, as any
 * function; while fn runs, the hart's guard slot points at it. A fault
 * that eb_guard_faulted abandons resumes at abandoned with sp at the
 * frame and the other callee-saved registers unwound back, which
 * returns 1 to the caller as if fn had returned.
 *
 * In the never-probed section.
 */
#include "core/guard.h"

#define RA	GUARD_FRAME
#define S1	(GUARD_FRAME + 8)
#define FRAME	(GUARD_FRAME + 16)

	.section .text.eb_noprobe, "ax"
	.balign 4
	.globl eb_guarded_call
	.type eb_guarded_call, @function
/* int eb_guarded_call(void (*fn)(struct eb_guarded *), struct eb_guarded *g,
 *		       uintptr_t *slot) */
eb_guarded_call:
	addi sp, sp, -FRAME
	sd ra, RA(sp)
	sd s1, S1(sp)
	guard_frame_resume abandoned
	sd a1, GUARD_G(sp)
	ld t0, 0(a2)
	sd t0, GUARD_PREV(sp)
	mv s1, a2		/* the slot, kept across fn */
	sd sp, 0(a2)		/* a fault from here on is fn's */
	mv t1, a0
	mv a0, a1
	jalr t1
	ld t0, GUARD_PREV(sp)
	sd t0, 0(s1)		/* fn returned: the enclosing guard again */
	li a0, 0
	j out

abandoned:			/* eb_guard_faulted restored the slot */
	li a0, 1
out:
	ld s1, S1(sp)
	ld ra, RA(sp)
	addi sp, sp, FRAME
	ret
	.size eb_guarded_call, . - eb_guarded_call
