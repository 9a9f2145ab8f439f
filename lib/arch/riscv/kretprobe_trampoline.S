/*
 * kretprobe trampolines on RISC-V. A traced call returns into slot i of
 * an array of `jal t0, kretprobe_trampoline`, so the address it returns
 * to names its instance (lib/core/kretprobes.c) whatever hart or stack it
 * returns on. The common code saves a partial struct pt_regs, lets the C side run
 * the handler and find the real return address, takes back the return
 * value (a0, a1) and jumps there. It is a plain jump, not a trap: the
 * return costs a call, not a trap round trip.
 *
 * All of it is in the never-probed section (EB_NOPROBE).
 */
#include "kretprobe_arch.h"
#include "partial_regs.h"
#include <ebreak/ptregs.h>

#define FRAME		(PT_REGS_SIZE + 16)	/* + a frame record for unwinders */

	.section .text.eb_noprobe, "ax"
	.option norelax
	.option push
	.option norvc
	.balign 4
	.globl kretprobe_trampolines, kretprobe_trampolines_end
kretprobe_trampolines:
	.rept EB_KRETPROBE_TRAMPOLINES
	jal t0, kretprobe_trampoline	/* KRETPROBE_TRAMP_SIZE bytes */
	.endr
kretprobe_trampolines_end:
	.option pop

/*
 * Entered from slot i with t0 = slot + 4, on the stack of the function
 * that just returned (the caller's sp: everything below it is free).
 * A partial pt_regs at sp, only what is live at a return: a0 and a1
 * (the return value), sp, and s0 for backtraces (partial_regs.h), with
 * status and epc; the argument and temporary registers are dead at a
 * return and gp and tp are the kernel's: not written. The other
 * callee-saved registers the caller expects back are the C handler's to
 * keep; a fault in the handler takes them back by unwinding its frames
 * up to this one (kretprobe_resume, core/cfi.h), so nothing here keeps
 * a value of its own in them. Above the frame a frame record whose return
 * address is the slot, which backtraces translate
 * (kretprobe_find_ret_addr).
 *
 * No unwind rules (.cfi): an unwind ends at this frame, never passes
 * it. A call from a handler never returns here: a kretprobe does not
 * trace calls made in a handler (a probe hit in a handler is missed,
 * and pre_handler_kretprobe skips those of return handlers). Nor could
 * rules name its caller: the return address is the instance's.
 */
	.balign 4
	.type kretprobe_trampoline, @function
kretprobe_trampoline:
	addi sp, sp, -FRAME
	sd a0, 10*8(sp)
	sd a1, 11*8(sp)
	partial_regs_save_s
	addi a1, sp, FRAME
	sd a1, 2*8(sp)			/* sp as the caller has it */
	/* Handlers run with interrupts off, as in a trap (the arch's probe
	 * code depends on sstatus already). Not a trap: status says only
	 * "from S-mode" and, in SPIE, whether interrupts were on, which
	 * comes back from there after the call (as a fault in the handler
	 * restores it). */
	csrrci a1, sstatus, SSTATUS_SIE
	andi a1, a1, SSTATUS_SIE
	slli a1, a1, 4			/* SIE -> SPIE */
	ori a1, a1, SSTATUS_SPP
	sd a1, PT_REGS_STATUS(sp)
	addi a1, t0, -4			/* the slot */
	sd s0, PT_REGS_SIZE(sp)
	sd a1, PT_REGS_SIZE+8(sp)
	addi s0, sp, FRAME
	mv a0, sp
	call kretprobe_trampoline_handler	/* (regs, slot): sets epc, ra */
	ld t0, PT_REGS_STATUS(sp)
	andi t0, t0, SSTATUS_SPIE
	srli t0, t0, 4			/* SPIE -> SIE */
	csrs sstatus, t0
	/* s1-s11 survived the C call; a0/a1 are the return value, possibly
	 * changed by the handler. */
	ld a0, 10*8(sp)
	ld a1, 11*8(sp)
	ld ra, 1*8(sp)
	ld s0, 8*8(sp)
	ld t0, 0(sp)
	addi sp, sp, FRAME
	jr t0
	.size kretprobe_trampoline, . - kretprobe_trampoline
