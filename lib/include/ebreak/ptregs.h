/*
 * The trap frame ebreak reads and writes.
 *
 * The first 32 words are laid out exactly like Linux's riscv
 * struct user_regs_struct, so eBPF programs built with libbpf's
 * bpf_tracing.h (which casts the context to that struct) read it unchanged.
 * A host kernel's trap entry must save registers in this layout.
 * Included by C and assembly.
 */
#ifndef EBREAK_PTREGS_H
#define EBREAK_PTREGS_H

/* The layout in bytes, for assembly: xN at N * 8 (x0's slot holds epc),
 * then these. Checked against the struct below. */
#define PT_REGS_STATUS	256
#define PT_REGS_BADADDR	264
#define PT_REGS_CAUSE	272
#define PT_REGS_ORIG_A0	280
#define PT_REGS_SIZE	288	/* sizeof(struct pt_regs), 16-byte multiple */

#ifndef __ASSEMBLY__
#include <stddef.h>

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

/* Build-time check that the assembly offsets above are the struct's. */
_Static_assert(offsetof(struct pt_regs, a0) == 10 * 8 &&
	       offsetof(struct pt_regs, t6) == 31 * 8,
	       "pt_regs: xN at N * 8");
_Static_assert(offsetof(struct pt_regs, status) == PT_REGS_STATUS &&
	       offsetof(struct pt_regs, badaddr) == PT_REGS_BADADDR &&
	       offsetof(struct pt_regs, cause) == PT_REGS_CAUSE &&
	       offsetof(struct pt_regs, orig_a0) == PT_REGS_ORIG_A0,
	       "pt_regs: PT_REGS_* offsets");
_Static_assert(sizeof(struct pt_regs) == PT_REGS_SIZE &&
	       PT_REGS_SIZE % 16 == 0,
	       "pt_regs: PT_REGS_SIZE (assembly keeps sp 16-byte aligned)");

/* Register xN, N in 1..31, as saved in the frame (x0 is not stored). */
static inline unsigned long *
pt_regs_gpr(struct pt_regs *regs, unsigned n)
{
	return &((unsigned long *)regs)[n];
}

#endif /* !__ASSEMBLY__ */

#endif
