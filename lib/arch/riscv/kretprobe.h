/*
 * The RISC-V kretprobe trampolines (kretprobe_trampoline.S), as the core
 * (lib/core/kretprobes.c) sees them: an array of 4-byte jumps at
 * kretprobe_trampolines. Included by C and assembly.
 */
#ifndef EBREAK_ARCH_RISCV_KRETPROBE_H
#define EBREAK_ARCH_RISCV_KRETPROBE_H

/* How many: the most kretprobe instances registered at once. */
#ifndef EB_KRETPROBE_TRAMPOLINES
#define EB_KRETPROBE_TRAMPOLINES 8192	/* 32 KiB of text */
#endif
#define KRETPROBE_TRAMP_SIZE 4

#include <ebreak/riscv.h>

#ifndef __ASSEMBLY__
#include <ebreak/ptregs.h>
#include <stdint.h>

/* lib/core/kretprobes.c: what the trampoline calls (contract there). */
void kretprobe_trampoline_handler(struct pt_regs *regs, uintptr_t slot);

/* Make the trap frame of a fault in a return handler resume as the
 * trampoline would have after the handler: every register from the
 * trampoline's frame (the return's, with the handler's changes), sp back
 * to the caller's, interrupts as they were at the return (the frame's
 * status holds SPIE for that, like a trap's). */
static inline void
kretprobe_resume(struct pt_regs *fault, const struct pt_regs *frame)
{
	unsigned long status = fault->status;

	*fault = *frame;
	fault->status = (status & ~SSTATUS_SPIE) | (frame->status & SSTATUS_SPIE);
}
#endif

#endif
