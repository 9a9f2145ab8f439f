/*
 * RISC-V's registers as DWARF call frame information numbers them (the
 * psABI's DWARF register numbers): DWARF n is x n for n = 0..31; the
 * FP registers (32..63) are not tracked (the kernel and the library
 * have no floating point). Included by the unwinder (core/cfi.h).
 */
#ifndef EBREAK_RISCV_CFI_REGS_H
#define EBREAK_RISCV_CFI_REGS_H

#include <ebreak/ptregs.h>
#include <stdbool.h>

#define CFI_REGS	32	/* DWARF 0..31: x0..x31 */
#define CFI_RA		1	/* ra: the return address column */
#define CFI_SP		2	/* sp: set to the CFA, never saved */
/* The least stack a frame that calls takes: it keeps its ra, and the
 * psABI keeps sp 16-byte aligned. */
#define CFI_MIN_FRAME	16

/* Register n (DWARF) as trap frame regs holds it; x0 is zero. */
static inline unsigned long
cfi_trap_reg(const struct pt_regs *regs, unsigned n)
{
	return n ? *pt_regs_gpr((struct pt_regs *)regs, n) : 0;
}

/* Whether the trap in regs is a fault on fetching the instruction at
 * its pc (scause 1, instruction access fault; 12, instruction page
 * fault): nothing at that pc ran. */
static inline bool
cfi_trap_fetch_fault(const struct pt_regs *regs)
{
	return regs->cause == 1 || regs->cause == 12;
}

/* Register n (DWARF, not 0) of trap frame regs set to v. */
static inline void
cfi_set_trap_reg(struct pt_regs *regs, unsigned n, unsigned long v)
{
	*pt_regs_gpr(regs, n) = v;
}

#endif
