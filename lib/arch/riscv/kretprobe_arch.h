/*
 * The RISC-V kretprobe trampolines (kretprobe_trampoline.S), as the core
 * (lib/core/kretprobes.c) sees them: an array of 4-byte jumps at
 * kretprobe_trampolines. Included by C and assembly.
 */
#ifndef EBREAK_ARCH_RISCV_KRETPROBE_H
#define EBREAK_ARCH_RISCV_KRETPROBE_H

#include <ebreak/config.h>	/* EB_KRETPROBE_TRAMPOLINES: how many */
#include <ebreak/riscv.h>

#define KRETPROBE_TRAMP_SIZE 4

#ifndef __ASSEMBLY__
#include "partial_regs.h"
#include <stdint.h>

/* lib/core/kretprobes.c: what the trampoline calls (contract there). */
void kretprobe_trampoline_handler(struct pt_regs *regs, uintptr_t slot);

/* Make the trap frame of a fault in a return handler resume as the
 * trampoline would have after the handler: the registers of its partial
 * frame (partial_regs.h; the return's, with the handler's changes) and
 * the callee-saved ones the handler's frames, unwound (u), restore, the
 * real return address, interrupts as they were at the return (the
 * frame's status holds SPIE for that, like a trap's). */
static inline void
kretprobe_resume(struct pt_regs *fault, const struct pt_regs *frame,
		 const struct eb_unwind_regs *u)
{
	partial_regs_resume(fault, frame, u);
	fault->epc = frame->epc;
	fault->status = (fault->status & ~SSTATUS_SPIE) |
			(frame->status & SSTATUS_SPIE);
}
#endif

#endif
