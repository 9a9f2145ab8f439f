/*
 * Functions for the kprobes suite, each with its probed instruction at a
 * global label kp_<name>_site. The stepped ones compute a value from
 * their arguments that the C side checks against the unprobed result.
 */
#include "extable.h"

	.text
	.option norelax
	.option push
	.option norvc

.macro FUNC name
	.balign 4
	.globl kp_\name
	.type kp_\name, @function
kp_\name:
.endm

/* Sized, so kallsyms knows the sites are inside the function. */
.macro ENDFUNC name
	.size kp_\name, . - kp_\name
.endm

.macro SITE name
	.globl kp_\name\()_site
kp_\name\()_site:
.endm

/* Stepped instructions: f(a0, a1, a2) -> a0. */
FUNC add
SITE add
	add a0, a0, a1
	ret
ENDFUNC add

FUNC lui
SITE lui
	lui a0, 0x12345
	ret
ENDFUNC lui

FUNC mul
SITE mul
	mul a0, a0, a1
	ret
ENDFUNC mul

FUNC ld_sp			/* a load relative to sp */
	addi sp, sp, -16
	sd a0, 8(sp)
	li a0, 0
SITE ld_sp
	ld a0, 8(sp)
	addi sp, sp, 16
	ret
ENDFUNC ld_sp

FUNC sd				/* *a2 = a0 + a1, returns the stored value */
	add a0, a0, a1
SITE sd
	sd a0, 0(a2)
	ld a0, 0(a2)
	ret
ENDFUNC sd

FUNC amoadd			/* *a2 += a1, returns the old value */
SITE amoadd
	amoadd.d a0, a1, (a2)
	ret
ENDFUNC amoadd

FUNC fence
	add a0, a0, a1
SITE fence
	fence rw, rw
	ret
ENDFUNC fence

FUNC fadd			/* the bits of (double)a0 + (double)a0 */
	fcvt.d.l ft0, a0
SITE fadd
	fadd.d ft1, ft0, ft0
	fmv.x.d a0, ft1
	ret
ENDFUNC fadd
	.option pop

FUNC c_addi			/* compressed */
SITE c_addi
	c.addi a0, 5
	ret
ENDFUNC c_addi

FUNC c_mv
SITE c_mv
	c.mv a0, a1
	ret
ENDFUNC c_mv

FUNC c_ldsp
	addi sp, sp, -16
	sd a1, 8(sp)
SITE c_ldsp
	c.ldsp a0, 8(sp)
	addi sp, sp, 16
	ret
ENDFUNC c_ldsp

	.option push
	.option norvc
/* A load that may fault, with a fixup returning -1: a probed, stepped
 * instruction whose fault the exception table must still catch. */
FUNC load
SITE load
	ld a0, 0(a0)
	ret
1:	li a0, -1
	ret
	extable kp_load_site, 1b
ENDFUNC load

/* Refused: a CSR access. */
FUNC csr
SITE csr
	csrr a0, sstatus
	ret
ENDFUNC csr

/* Refused: simulated instructions writing gp or tp, which the trap exit
 * does not reload. Never run. */
FUNC writes_gp
SITE writes_gp
	auipc gp, 0
SITE writes_tp
	jal tp, 1f
1:	ret
ENDFUNC writes_gp

/* Refused: an instruction between an LR and its SC, where a trap loses
 * the reservation, so the SC fails every time round. Never run. */
FUNC lrsc
1:	lr.w a3, (a0)
SITE lrsc
	bne a3, a1, 2f
	sc.w a4, a2, (a0)
SITE lrsc_after			/* past the SC: probeable */
	bnez a4, 1b
2:	mv a0, a3
	ret
ENDFUNC lrsc

/* The pc-change target: returns 42. */
FUNC forty_two
	li a0, 42
	ret
ENDFUNC forty_two

/* Many probeable instructions: room for thousands of probes. */
FUNC nops
SITE nops
	.rept 17000
	nop
	.endr
	ret
ENDFUNC nops
	.option pop
