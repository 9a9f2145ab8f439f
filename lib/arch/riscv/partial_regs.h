/*
 * Partial pt_regs: the frames that ftrace_caller and kretprobe_trampoline
 * save at a function's entry and return are not trap frames. They hold
 * only what is live there and what handlers read: ra, sp, s0 and a0-a7
 * (at a return only a0-a1 of these are live; the others are written by
 * no one and copied as garbage into registers the caller treats as
 * dead). s0 is kept for a frame-pointer backtrace from a handler; s1-s11
 * are not saved: a handler's C frames keep them, and a fault in a handler
 * takes them back by unwinding those frames (core/cfi.h). gp and tp are
 * the kernel's, the t registers dead at both. Included by C and
 * assembly.
 */
#ifndef EBREAK_RISCV_PARTIAL_REGS_H
#define EBREAK_RISCV_PARTIAL_REGS_H

#include <ebreak/ptregs.h>

/* The pt_regs words that hold the probed code's values (bit 0: epc, bit
 * n: x n): at a function's entry epc, ra, sp, s0 and a0-a7; at a return
 * epc, ra, sp, s0, a0 and a1. */
#define PARTIAL_REGS_ENTRY	(0x7ul | 1ul << 8 | 0xfful << 10)
#define PARTIAL_REGS_RETURN	(0x7ul | 1ul << 8 | 0x3ul << 10)

#ifdef __ASSEMBLY__
/* Store what every partial frame keeps of the callee-saved registers,
 * s0, into its pt_regs slot of the frame at sp. */
	.macro partial_regs_save_s
	sd s0, 8*8(sp)
	.endm
#else
#include "core/cfi.h"

/* Make the trap frame of a fault in a handler resume the code that the
 * partial frame interrupted: every register the frame holds, s1-s11 as
 * the handler's frames unwound to the frame give them back (u: DWARF n
 * is x n), the fault's own gp, tp and t registers (whose values nothing
 * needs). Not epc or status: each frame keeps those its own way. */
static inline void
partial_regs_resume(struct pt_regs *fault, const struct pt_regs *frame,
		    const struct eb_unwind_regs *u)
{
	static const unsigned char kept[] = { 1, 2, 8, 10, 11, 12, 13, 14,
		15, 16, 17 };
	static const unsigned char unwound[] = { 9, 18, 19, 20, 21, 22, 23,
		24, 25, 26, 27 };

	for (unsigned i = 0; i < sizeof kept; i++)
		*pt_regs_gpr(fault, kept[i]) =
			*pt_regs_gpr((struct pt_regs *)frame, kept[i]);
	for (unsigned i = 0; i < sizeof unwound; i++)
		*pt_regs_gpr(fault, unwound[i]) = u->reg[unwound[i]];
}
#endif /* !__ASSEMBLY__ */

#endif
