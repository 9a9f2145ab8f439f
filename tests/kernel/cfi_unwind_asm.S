/*
 * The cfi_unwind suite's caller that checks its callee-saved registers
 * (cfi_unwind.h). Written out so the values are in s1-s11 at the call
 * whatever a compiler would do. No unwind rules (.cfi): in this suite
 * it is a probed function's caller, above the trampoline's frame, and
 * the suite expects an unwind past it refused; crash_unwind
 * (crash_test.c) calls a faulting function through it from a handler,
 * and expects the kernel to stop, that fault being unrecoverable.
 */
#include "cfi_unwind.h"

	.text
	.option norelax

.macro CHECK reg, n
	li t1, CU_PAT(\n)
	beq \reg, t1, 1f
	li t2, 1 << \n
	or a0, a0, t2
1:
.endm

	.balign 4
	.globl cu_call_checked, cu_call_checked_ret
	.type cu_call_checked, @function
cu_call_checked:
	addi sp, sp, -112
	sd ra, 104(sp)
	sd s0, 96(sp)
	sd s1, 0(sp)
	.irp n, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
	sd s\n, (\n-1)*8(sp)
	.endr
	sd a2, 88(sp)
	addi s0, sp, 112
	mv t0, a0
	mv a0, a1
	li s1, CU_PAT(9)
	.irp n, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
	li s\n, CU_PAT(16+\n)
	.endr
	la t1, cu_call_sp
	sd sp, 0(t1)
	jalr t0
cu_call_checked_ret:
	ld t1, 88(sp)
	sd a0, 0(t1)
	li a0, 0
	addi t1, sp, 112	/* s0: the frame pointer set before the call */
	beq s0, t1, 1f
	li a0, 1 << 8
1:	CHECK s1, 9
	.irp n, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
	CHECK s\n, (16+\n)
	.endr
	ld s1, 0(sp)
	.irp n, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
	ld s\n, (\n-1)*8(sp)
	.endr
	ld s0, 96(sp)
	ld ra, 104(sp)
	addi sp, sp, 112
	ret
	.size cu_call_checked, . - cu_call_checked

	.data
	.balign 8
	.globl cu_call_sp
cu_call_sp:
	.dword 0
