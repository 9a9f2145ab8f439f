/*
 * eb_guarded_call (lib/core/guard.h): call a handler so that a fault in
 * it can be abandoned without a trap frame of the caller's. Its frame is
 * a guard frame (guard.h): what the caller expects back from any call
 * (ra, sp and the callee-saved s0-s11), the guard record, the hart's
 * guard before this one and the resume address; while fn runs, the
 * hart's guard slot points at it. A fault that eb_guard_faulted abandons
 * resumes at abandoned with sp at the frame, which returns 1 to the
 * caller as if fn had returned.
 *
 * In the never-probed section.
 */
#include "core/guard.h"

	.section .text.eb_noprobe, "ax"
	.balign 4
	.globl eb_guarded_call
	.type eb_guarded_call, @function
/* int eb_guarded_call(void (*fn)(struct eb_guarded *), struct eb_guarded *g,
 *		       uintptr_t *slot) */
eb_guarded_call:
	addi sp, sp, -GUARD_FRAME
	guard_frame_save abandoned
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
	ld s1, 16(sp)
	ld ra, GUARD_RA(sp)
	addi sp, sp, GUARD_FRAME
	li a0, 0
	ret

abandoned:
	guard_frame_load
	addi sp, sp, GUARD_FRAME
	li a0, 1
	ret
	.size eb_guarded_call, . - eb_guarded_call
