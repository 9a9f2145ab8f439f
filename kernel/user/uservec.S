/*
 * Crossing to user mode and back (zCore's trapframe model): user_run
 * saves the kernel's callee-saved registers on the kernel stack, loads
 * the user's registers from a struct user_context and srets; the next
 * trap from user mode lands in uservec, which saves the user's registers
 * into that context and returns from user_run as from a call.
 *
 * While the hart is in user mode, stvec points at uservec and sscratch
 * holds the user_context; in the kernel stvec is kernelvec (which does not
 * use sscratch) and sscratch is 0.
 */
#include "riscv.h"
#include <ebreak/ptregs.h>

/* offsetof(struct user_context, kernel_sp): right after the registers
 * (checked in proc.c). */
#define UC_KSP PT_REGS_SIZE

	.section .text.eb_noprobe, "ax"
/* void user_run(struct user_context *uc): run uc in user mode until the
 * next trap. Interrupts off; uc->regs.status has SPP=0 and SPIE=1, so
 * sret turns them on in user mode. Returns with them off. */
	.globl user_run
	.balign 4
user_run:
	addi sp, sp, -128
	sd ra, 0(sp)
	sd gp, 8(sp)
	sd tp, 16(sp)
	sd s0, 24(sp)
	sd s1, 32(sp)
	sd s2, 40(sp)
	sd s3, 48(sp)
	sd s4, 56(sp)
	sd s5, 64(sp)
	sd s6, 72(sp)
	sd s7, 80(sp)
	sd s8, 88(sp)
	sd s9, 96(sp)
	sd s10, 104(sp)
	sd s11, 112(sp)
	sd sp, UC_KSP(a0)
	csrw sscratch, a0
	la t0, uservec
	csrw stvec, t0
	ld t0, 0(a0)
	csrw sepc, t0
	ld t0, PT_REGS_STATUS(a0)
	csrw sstatus, t0
	ld ra, 8(a0)
	ld sp, 16(a0)
	ld gp, 24(a0)
	ld tp, 32(a0)
	ld t0, 40(a0)
	ld t1, 48(a0)
	ld t2, 56(a0)
	ld s0, 64(a0)
	ld s1, 72(a0)
	ld a1, 88(a0)
	ld a2, 96(a0)
	ld a3, 104(a0)
	ld a4, 112(a0)
	ld a5, 120(a0)
	ld a6, 128(a0)
	ld a7, 136(a0)
	ld s2, 144(a0)
	ld s3, 152(a0)
	ld s4, 160(a0)
	ld s5, 168(a0)
	ld s6, 176(a0)
	ld s7, 184(a0)
	ld s8, 192(a0)
	ld s9, 200(a0)
	ld s10, 208(a0)
	ld s11, 216(a0)
	ld t3, 224(a0)
	ld t4, 232(a0)
	ld t5, 240(a0)
	ld t6, 248(a0)
	ld a0, 80(a0)
	sret

/* Every trap from user mode: interrupts, exceptions, ecalls. */
	.globl uservec
	.balign 4
uservec:
	csrrw a0, sscratch, a0		/* a0 = uc, sscratch = user a0 */
	sd ra, 8(a0)
	sd sp, 16(a0)
	sd gp, 24(a0)
	sd tp, 32(a0)
	sd t0, 40(a0)
	sd t1, 48(a0)
	sd t2, 56(a0)
	sd s0, 64(a0)
	sd s1, 72(a0)
	sd a1, 88(a0)
	sd a2, 96(a0)
	sd a3, 104(a0)
	sd a4, 112(a0)
	sd a5, 120(a0)
	sd a6, 128(a0)
	sd a7, 136(a0)
	sd s2, 144(a0)
	sd s3, 152(a0)
	sd s4, 160(a0)
	sd s5, 168(a0)
	sd s6, 176(a0)
	sd s7, 184(a0)
	sd s8, 192(a0)
	sd s9, 200(a0)
	sd s10, 208(a0)
	sd s11, 216(a0)
	sd t3, 224(a0)
	sd t4, 232(a0)
	sd t5, 240(a0)
	sd t6, 248(a0)
	csrr t0, sscratch
	sd t0, 80(a0)
	sd t0, PT_REGS_ORIG_A0(a0)
	csrr t0, sepc
	sd t0, 0(a0)
	csrr t0, sstatus
	sd t0, PT_REGS_STATUS(a0)
	csrr t0, stval
	sd t0, PT_REGS_BADADDR(a0)
	csrr t0, scause
	sd t0, PT_REGS_CAUSE(a0)
	/* Back to the kernel's view before any kernel code can trap. */
	la t0, kernelvec
	csrw stvec, t0
	csrw sscratch, zero
	ld sp, UC_KSP(a0)
	ld ra, 0(sp)
	ld gp, 8(sp)
	ld tp, 16(sp)
	ld s0, 24(sp)
	ld s1, 32(sp)
	ld s2, 40(sp)
	ld s3, 48(sp)
	ld s4, 56(sp)
	ld s5, 64(sp)
	ld s6, 72(sp)
	ld s7, 80(sp)
	ld s8, 88(sp)
	ld s9, 96(sp)
	ld s10, 104(sp)
	ld s11, 112(sp)
	addi sp, sp, 128
	ret
