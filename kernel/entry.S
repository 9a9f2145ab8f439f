/*
 * Boot entry and the kernel trap vector.
 *
 * OpenSBI enters _start on one hart (any hart may win the boot lottery)
 * with a0 = hart id, a1 = device tree, MMU off. Other harts are started
 * later through SBI HSM at secondary_start with a0 = hart id; but a hart
 * being started may come here instead (below).
 */
#include "riscv.h"
#include "param.h"
#include <ebreak/ptregs.h>

	.section .text.entry
	.globl _start
_start:
	/* The first hart here boots; any other is a secondary whose start
	 * raced OpenSBI: its sbi_hsm_hart_start (1.1, QEMU 7.2's) marks the
	 * hart START_PENDING before it stores the start address, and a hart
	 * that sees the state first leaves for the boot address, here (seen
	 * under host load: it cleared bss, the booting hart's stack among
	 * it, and that hart jumped to 0). The word is in .data: bss is
	 * cleared below. */
	lla t0, boot_lottery
	li t1, 1
	amoswap.w t1, t1, (t0)
	bnez t1, secondary_start
	/* Clear bss before any C runs; the stacks live there too. */
	la t0, _bss
	la t1, _ebss
1:	bgeu t0, t1, 2f
	sd zero, 0(t0)
	addi t0, t0, 8
	j 1b
2:	call set_stack_and_tp
	call kmain		/* (hartid, dtb): never returns */
	j .

	.globl secondary_start
secondary_start:
	call set_stack_and_tp
	call secondary_main	/* (hartid) */
	j .

	.section .data
	.balign 4
boot_lottery:
	.word 0
	.section .text.entry

/* sp = top of this hart's stack, tp = &cpus[hartid]; keeps a0, a1. */
set_stack_and_tp:
	la sp, kstacks
	li t0, KSTACK_SIZE
	addi t1, a0, 1
	mul t0, t0, t1
	add sp, sp, t0
	la tp, cpus
	slli t0, a0, CPU_SIZE_SHIFT
	add tp, tp, t0
	mv s0, zero		/* backtraces stop here */
	ret

/*
 * Kernel trap vector. Saves every register into a struct pt_regs on the
 * current stack, calls kernel_trap(regs), restores the registers from it
 * (handlers may change any of them, epc included, but gp and tp) and
 * returns with sret. No unwind rules (.cfi): the unwinding that
 * abandons a faulting probe handler (lib/core/cfi.h) starts from the
 * fault's trap frame and never passes another one; a fault in a trap
 * taken inside a handler is refused there, not misread.
 */
	.section .text.eb_noprobe, "ax"
	.globl kernelvec
	.balign 4
kernelvec:
	addi sp, sp, -PT_REGS_SIZE
	sd ra, 8(sp)
	sd gp, 24(sp)
	sd tp, 32(sp)
	sd t0, 40(sp)
	sd t1, 48(sp)
	sd t2, 56(sp)
	sd s0, 64(sp)
	sd s1, 72(sp)
	sd a0, 80(sp)
	sd a1, 88(sp)
	sd a2, 96(sp)
	sd a3, 104(sp)
	sd a4, 112(sp)
	sd a5, 120(sp)
	sd a6, 128(sp)
	sd a7, 136(sp)
	sd s2, 144(sp)
	sd s3, 152(sp)
	sd s4, 160(sp)
	sd s5, 168(sp)
	sd s6, 176(sp)
	sd s7, 184(sp)
	sd s8, 192(sp)
	sd s9, 200(sp)
	sd s10, 208(sp)
	sd s11, 216(sp)
	sd t3, 224(sp)
	sd t4, 232(sp)
	sd t5, 240(sp)
	sd t6, 248(sp)
	addi t0, sp, PT_REGS_SIZE
	sd t0, 16(sp)		/* sp before the trap */
	csrr t0, sepc
	sd t0, 0(sp)
	csrr t1, sstatus
	sd t1, PT_REGS_STATUS(sp)
	csrr t1, scause
	sd t1, PT_REGS_CAUSE(sp)
	sd a0, PT_REGS_ORIG_A0(sp)
	mv a0, sp
	li t2, EXC_BREAKPOINT
	bne t1, t2, 1f
	/* Breakpoints go straight to kprobes: the probe hit path. Its
	 * badaddr is the pc, which is what stval may hold for one. */
	sd t0, PT_REGS_BADADDR(sp)
	jal kprobe_breakpoint_handler	/* near: both in .text.eb_noprobe */
	bnez a0, 2f
	mv a0, sp
	j 3f
1:	csrr t1, stval
	sd t1, PT_REGS_BADADDR(sp)
3:	call kernel_trap
2:
	ld t0, 0(sp)
	csrw sepc, t0
	ld t0, PT_REGS_STATUS(sp)
	csrw sstatus, t0
	/* gp and tp are not restored: they are the kernel's own (tp is
	 * this hart's struct cpu), the same before and after any trap. */
	ld ra, 8(sp)
	ld t0, 40(sp)
	ld t1, 48(sp)
	ld t2, 56(sp)
	ld s0, 64(sp)
	ld s1, 72(sp)
	ld a0, 80(sp)
	ld a1, 88(sp)
	ld a2, 96(sp)
	ld a3, 104(sp)
	ld a4, 112(sp)
	ld a5, 120(sp)
	ld a6, 128(sp)
	ld a7, 136(sp)
	ld s2, 144(sp)
	ld s3, 152(sp)
	ld s4, 160(sp)
	ld s5, 168(sp)
	ld s6, 176(sp)
	ld s7, 184(sp)
	ld s8, 192(sp)
	ld s9, 200(sp)
	ld s10, 208(sp)
	ld s11, 216(sp)
	ld t3, 224(sp)
	ld t4, 232(sp)
	ld t5, 240(sp)
	ld t6, 248(sp)
	ld sp, 16(sp)		/* last: the frame may sit anywhere */
	sret
