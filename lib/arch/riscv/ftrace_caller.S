/*
 * ftrace_caller: what an enabled patchable function entry calls
 * (ftrace_arch.h), with t0 = site + 8 (where the function's body begins)
 * and every other register as the function's caller left it.
 *
 * It saves a partial struct pt_regs, only what handlers may read or
 * change at a function's entry: epc (the site, which is the function's
 * address), ra, sp, the arguments a0-a7 and s0, for a frame-pointer
 * backtrace (partial_regs.h). The other fields are not written: garbage
 * (kprobes.h says so). The handler runs with interrupts off, as in a
 * trap; then a0-a7 and ra come back from the frame (a handler may change
 * them: a kretprobe changes ra) and it jumps to epc: site + 8 unless a
 * handler redirected the call (ftrace_regs_restore, shared with the
 * direct trampolines of kprobe_direct_trampoline.S). The callee-saved
 * registers are the C handler's to keep: not saved, not reloaded. A
 * handler that faults is abandoned by unwinding its frames up to this
 * one, which gives them back (kprobe_ftrace_resume, core/cfi.h).
 *
 * Its unwind rules (.cfi) let such an unwind pass through it too: a
 * handler may call a function a tracer follows, whose entry comes here.
 * They unwind it straight to the function's caller (ra, saved here), as
 * the function's own frame does not exist yet.
 *
 * All of it is in the never-probed section.
 */
#include "ftrace_arch.h"
#include "partial_regs.h"
#include <ebreak/ptregs.h>
#include <ebreak/riscv.h>

	.section .text.eb_noprobe, "ax"
	.balign 4
	.globl ftrace_caller
	.type ftrace_caller, @function
ftrace_caller:
	.cfi_startproc
	addi sp, sp, -FTRACE_FRAME
	.cfi_def_cfa_offset FTRACE_FRAME
	sd ra, 1*8(sp)
	.cfi_offset ra, 1*8 - FTRACE_FRAME
	addi t0, t0, -FTRACE_SITE_SIZE
	sd t0, 0(sp)			/* epc: the site */
	addi t0, sp, FTRACE_FRAME
	sd t0, 2*8(sp)			/* sp as the function has it */
	ftrace_regs_save_a
	partial_regs_save_s
	/* Handlers run with interrupts off (the per-hart probe state says
	 * which hit is in progress; an interrupt's probe hit would take it
	 * over); the state at entry comes back before the jump. */
	csrrci t0, sstatus, SSTATUS_SIE
	sd t0, FTRACE_SSTATUS(sp)
	mv a0, sp
	.globl ftrace_call		/* retargeted: ftrace_update_ftrace_func */
ftrace_call:
	jal kprobe_ftrace_handler	/* both in the never-probed section: near */
	ld t0, 0(sp)			/* epc: where to go on */
	ftrace_regs_restore cfi=1
	.cfi_endproc
	.size ftrace_caller, . - ftrace_caller
