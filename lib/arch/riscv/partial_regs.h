/*
 * Partial pt_regs: the frames that ftrace_caller and kretprobe_trampoline
 * save at a function's entry and return are not trap frames. They hold
 * only what is live there: ra, sp, s0-s11 and a0-a7 (at a return only
 * a0-a1 of these are live; the others are written by no one and copied
 * as garbage into registers the caller treats as dead). gp and tp are the
 * kernel's, the t registers dead at both. Included by C and assembly.
 */
#ifndef EBREAK_RISCV_PARTIAL_REGS_H
#define EBREAK_RISCV_PARTIAL_REGS_H

#include <ebreak/ptregs.h>

#ifdef __ASSEMBLY__
/* Store s0-s11, the callee-saved registers every partial frame keeps,
 * into their pt_regs slots of the frame at sp. */
	.macro partial_regs_save_s
	sd s0, 8*8(sp)
	sd s1, 9*8(sp)
	.irp n, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
	sd s\n, (16+\n)*8(sp)
	.endr
	.endm
#else

/* Make the trap frame of a fault in a handler resume the code that the
 * partial frame interrupted: every register the frame holds, the fault's
 * own gp, tp and t registers (whose values nothing needs). Not epc or
 * status: each frame keeps those its own way. */
static inline void
partial_regs_resume(struct pt_regs *fault, const struct pt_regs *frame)
{
	static const unsigned char kept[] = { 1, 2, 8, 9, 10, 11, 12, 13,
		14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27 };

	for (unsigned i = 0; i < sizeof kept; i++)
		*pt_regs_gpr(fault, kept[i]) =
			*pt_regs_gpr((struct pt_regs *)frame, kept[i]);
}
#endif /* !__ASSEMBLY__ */

#endif
