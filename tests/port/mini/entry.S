/*
 * Boot, the trap vector and the one access allowed to fault.
 *
 * OpenSBI enters _start in S-mode, MMU off, on the one hart.
 */
#include <ebreak/errno.h>
#include <ebreak/ptregs.h>

	.section .text.entry, "ax"
	.globl _start
_start:
	/* bss holds the stack: cleared before any call */
	la t0, __bss_start
	la t1, __bss_end
1:	bgeu t0, t1, 2f
	sd zero, 0(t0)
	addi t0, t0, 8
	j 1b
2:	la sp, stack + 16384
	la tp, cpu_data		/* port_inline.h */
	la t0, trapvec
	csrw stvec, t0
	call main		/* never returns */
	j .

	.bss
	.balign 16
stack:	.space 16384
	.globl cpu_data
cpu_data: .space 128		/* EB_CPU_DATA_SIZE, 16-byte aligned */

/*
 * Every trap: the interrupted registers into a struct pt_regs on the
 * stack (docs/PORTING.md step 2), trap(regs), then back with whatever
 * it left there. tp is not restored: it is the kernel's own.
 */
	.section .text.eb_noprobe, "ax"
	.balign 4
trapvec:
	addi sp, sp, -PT_REGS_SIZE
	.irp n, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16
	sd x\n, \n*8(sp)
	.endr
	.irp n, 17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	sd x\n, \n*8(sp)
	.endr
	addi t0, sp, PT_REGS_SIZE
	sd t0, 2*8(sp)		/* sp before the trap */
	csrr t0, sepc
	sd t0, 0(sp)
	csrr t0, sstatus
	sd t0, PT_REGS_STATUS(sp)
	csrr t0, stval
	sd t0, PT_REGS_BADADDR(sp)
	csrr t0, scause
	sd t0, PT_REGS_CAUSE(sp)
	mv a0, sp
	call trap
	ld t0, 0(sp)
	csrw sepc, t0
	ld t0, PT_REGS_STATUS(sp)
	csrw sstatus, t0
	.irp n, 1,3,5,6,7,8,9,10,11,12,13,14,15,16
	ld x\n, \n*8(sp)
	.endr
	.irp n, 17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	ld x\n, \n*8(sp)
	.endr
	ld sp, 2*8(sp)		/* last: the frame may sit anywhere */
	sret

/*
 * int copy_nofault(void *dst, const void *src, size_t len): 0, or
 * -EFAULT when a load of src faults (trap.c resumes at
 * copy_nofault_fixup).
 */
	.globl copy_nofault, copy_nofault_load, copy_nofault_fixup
copy_nofault:
	beqz a2, 1f
copy_nofault_load:
	lb t0, 0(a1)
	sb t0, 0(a0)
	addi a0, a0, 1
	addi a1, a1, 1
	addi a2, a2, -1
	j copy_nofault
1:	li a0, 0
	ret
copy_nofault_fixup:
	li a0, -EFAULT
	ret
