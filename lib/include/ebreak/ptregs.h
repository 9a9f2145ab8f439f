/*
 * The trap frame ebreak reads and writes.
 *
 * The first 32 words are laid out exactly like Linux's riscv
 * struct user_regs_struct, so eBPF programs built with libbpf's
 * bpf_tracing.h (which casts the context to that struct) read it unchanged.
 * A host kernel's trap entry must save registers in this layout.
 */
#ifndef EBREAK_PTREGS_H
#define EBREAK_PTREGS_H

struct pt_regs {
	unsigned long epc;	/* pc of the trapping instruction; resume address */
	unsigned long ra, sp, gp, tp;
	unsigned long t0, t1, t2;
	unsigned long s0, s1;
	unsigned long a0, a1, a2, a3, a4, a5, a6, a7;
	unsigned long s2, s3, s4, s5, s6, s7, s8, s9, s10, s11;
	unsigned long t3, t4, t5, t6;
	/* Below here: not part of user_regs_struct. */
	unsigned long status;	/* sstatus at the trap */
	unsigned long badaddr;	/* stval */
	unsigned long cause;	/* scause */
	unsigned long orig_a0;	/* a0 at syscall entry (kept for Linux's layout) */
};

/* Register xN, N in 1..31, as saved in the frame (x0 is not stored). */
static inline unsigned long *
pt_regs_gpr(struct pt_regs *regs, unsigned n)
{
	return &((unsigned long *)regs)[n];
}

#endif
