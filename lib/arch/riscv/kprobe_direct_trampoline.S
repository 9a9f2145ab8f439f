/*
 * A kprobe's direct trampoline: what the direct form of a patchable
 * function entry jumps to (ftrace_arch.h) when one enabled kprobe with a
 * pre_handler and no post_handler is the site's only user (Linux's
 * per-ops trampolines). kprobe_direct.c copies the template into
 * executable memory, one copy per site, with the site's words in it
 * (kprobe_direct.h): the hit needs no lookup and no loop.
 *
 * A copy does what ftrace_caller and kprobe_ftrace_handler do together,
 * with the same frame (ftrace_arch.h) and the same per-hart state, so a
 * faulting handler is abandoned as theirs is (kprobe_handler_faulted ->
 * kprobe_ftrace_resume): the partial pt_regs, sstatus, then the hart's
 * control block (status, site, regs, ra, lock depth), then the handler. A
 * hart already in a hit (a handler called the function) counts it
 * missed and runs the body. The handler returns to kprobe_direct_return,
 * which stays: the copy is left with interrupts off from its first
 * instruction to its last, and an interrupt taken at the first is moved
 * back to the site (kprobe_direct_fixup), so once the site stops jumping
 * to it no hart can be in it, nor return to it.
 *
 * Entered with t0 = site + 4, interrupts as the function's caller had
 * them; t1-t4 are free, as at any function's entry. All of it is in the
 * never-probed section; the template is copied, never run where it is.
 */
#include "ftrace_arch.h"
#include "kprobe_direct.h"
#include "partial_regs.h"
#include <ebreak/port.h>	/* eb_port_cpu_data, eb_port_lock_depth */
#include <ebreak/riscv.h>

#define KPROBE_HIT_ACTIVE	1	/* enum kprobe_status */
/* A word of the copy, from the pc that the auipc after the entry's
 * csrrci (4 bytes) put in t4. */
#define WORD(w)	w - DIRECT_ENTRY - 4(t4)

	.option push
	.option norelax		/* the copy's offsets are fixed */
	.section .text.eb_noprobe, "ax"
	.balign 16
	.globl kprobe_direct_template
	.type kprobe_direct_template, @object
kprobe_direct_template:
	.quad 0				/* DIRECT_PROBE, filled in each copy */
	.quad 0				/* DIRECT_HANDLER */
	.quad 0				/* DIRECT_SITE */
	.quad .Lreturned		/* DIRECT_RETURN */
	.quad kprobe_direct_missed	/* DIRECT_MISSED */
	.quad 0				/* DIRECT_ADDR */
	/* Interrupts off first: a stop_machine finds no hart past here. */
	csrrci t1, sstatus, SSTATUS_SIE
	auipc t4, 0
	sd sp, 2*8 - FTRACE_FRAME(sp)	/* sp as the function has it */
	addi sp, sp, -FTRACE_FRAME
	sd ra, 1*8(sp)
	addi t0, t0, -4
	sd t0, 0(sp)			/* epc: the site */
	ftrace_regs_save_a
	partial_regs_save_s
	sd t1, FTRACE_SSTATUS(sp)
	eb_port_cpu_data t2
	lw t3, KCB_STATUS(t2)
	bnez t3, .Lmissed		/* a hit in progress on this hart */
	li t3, KPROBE_HIT_ACTIVE
	sw t3, KCB_STATUS(t2)
	ld t3, WORD(DIRECT_SITE)
	sd t3, KCB_SITE(t2)
	sd sp, KCB_REGS(t2)
	sd ra, KCB_RA(t2)
	eb_port_lock_depth t3
	sw t3, KCB_LOCK_DEPTH(t2)
	ld a0, WORD(DIRECT_PROBE)
	mv a1, sp
	ld t1, WORD(DIRECT_HANDLER)
	ld ra, WORD(DIRECT_RETURN)
	jr t1
.Lmissed:
	ld a0, WORD(DIRECT_PROBE)
	ld t1, WORD(DIRECT_MISSED)
	jr t1
	.globl kprobe_direct_template_end
kprobe_direct_template_end:
	.size kprobe_direct_template, . - kprobe_direct_template
	.option pop

/* Where a copy's handler returns (.Lreturned), a0 = what it returned: past the site,
 * or to the pc it set if not 0 (kprobe_ftrace_handler's rule); the hit
 * is over. */
	.balign 4
	.globl kprobe_direct_return
	.type kprobe_direct_return, @function
kprobe_direct_return:
	nop		/* never run: a backtrace looks a return address up
			 * one byte back, which names this function */
.Lreturned:
	ld t0, 0(sp)
	bnez a0, 1f
	addi t0, t0, FTRACE_SITE_SIZE
1:	eb_port_cpu_data t1
	sw zero, KCB_STATUS(t1)
.Lresume:
	ftrace_regs_restore
	.size kprobe_direct_return, . - kprobe_direct_return

/* A copy's missed hit, a0 = its probe: counted (as kprobe_site_missed
 * would), then the body runs; the hit in progress goes on. */
	.globl kprobe_direct_missed
	.type kprobe_direct_missed, @function
kprobe_direct_missed:
	li t1, 1
	addi a0, a0, KPROBE_NMISSED
	amoadd.d zero, t1, (a0)
	ld t0, 0(sp)
	addi t0, t0, FTRACE_SITE_SIZE
	j .Lresume
	.size kprobe_direct_missed, . - kprobe_direct_missed
