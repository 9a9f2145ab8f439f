/*
 * A patchable function entry on RISC-V, as the core (lib/core/ftrace.c,
 * the kprobes) sees it: EB_FTRACE_NOPS c.nops from the compiler, 8
 * bytes, which ftrace_arch.c rewrites whole in one of three forms:
 *
 *   off:    c.j +8; c.nop; nop       one instruction per call
 *   on:     auipc t0, hi; jalr t0, lo(t0)   calls ftrace_caller, t0 = site + 8
 *   direct: jal t0, tramp; jalr t0, lo(t0)  calls a kprobe's own trampoline
 *           (kprobe_direct_trampoline.S), t0 = site + 4; the second word is the on
 *           form's, never run from here
 *
 * Every form starts instructions at +0 and +4 only, so a hart stopped at
 * either (parked by stop_machine between the two, say) resumes correctly
 * in another form: only the on form's auipc leads to +4, and what is
 * there is the on form's jalr, which still finds in t0 what the auipc
 * put there (ftrace_caller then finds the site's users as they are
 * now), or the off form's nop, which goes on to the body. So the direct
 * form jumps with one jal (+-1 MiB) rather than its own auipc/jalr
 * pair: a hart parked after the on form's auipc would otherwise take
 * the direct form's jalr with ftrace_caller's high part, and jump to
 * neither.
 * Included by C and assembly.
 */
#ifndef EBREAK_RISCV_FTRACE_ARCH_H
#define EBREAK_RISCV_FTRACE_ARCH_H

#include <ebreak/ftrace.h>	/* EB_FTRACE_NOPS */
#include <ebreak/ptregs.h>
#ifndef __ASSEMBLY__
#include <stdbool.h>
#endif

#define FTRACE_SITE_SIZE	(2 * EB_FTRACE_NOPS)
/* Where ftrace_caller keeps sstatus at the call: past its pt_regs. */
#define FTRACE_SSTATUS		PT_REGS_SIZE
/* Its frame: pt_regs, sstatus, padding to keep sp 16-byte aligned. */
#define FTRACE_FRAME		(PT_REGS_SIZE + 16)

#ifdef __ASSEMBLY__
#include <ebreak/riscv.h>	/* SSTATUS_SIE */

/* Store the arguments a0-a7 into their slots of the frame at sp. */
	.macro ftrace_regs_save_a
	sd a0, 10*8(sp)
	sd a1, 11*8(sp)
	sd a2, 12*8(sp)
	sd a3, 13*8(sp)
	sd a4, 14*8(sp)
	sd a5, 15*8(sp)
	sd a6, 16*8(sp)
	sd a7, 17*8(sp)
	.endm

/* Leave the ftrace_caller frame at sp for t0: interrupts as they were
 * at the call, then a0-a7 and ra from the frame (a handler may change
 * them: a kretprobe changes ra). The callee-saved registers are the C
 * handler's to keep: not reloaded. cfi=1 in code with unwind rules
 * (ftrace_caller's): they follow ra and sp. */
	.macro ftrace_regs_restore cfi=0
	ld t1, FTRACE_SSTATUS(sp)
	andi t1, t1, SSTATUS_SIE
	csrs sstatus, t1
	ld a0, 10*8(sp)
	ld a1, 11*8(sp)
	ld a2, 12*8(sp)
	ld a3, 13*8(sp)
	ld a4, 14*8(sp)
	ld a5, 15*8(sp)
	ld a6, 16*8(sp)
	ld a7, 17*8(sp)
	ld ra, 1*8(sp)
	.if \cfi
	.cfi_restore ra
	.endif
	addi sp, sp, FTRACE_FRAME
	.if \cfi
	.cfi_def_cfa_offset 0
	.endif
	jr t0
	.endm
#else

/* Write the off form at site (eb_ftrace_init's, a disarmed kprobe's).
 * 0 or eb_port_text_patch's -errno. Not in trap context. */
int ftrace_make_nop(uintptr_t site);

/* Write the on form: the site calls ftrace_caller. Same contract. */
int ftrace_make_call(uintptr_t site);

/* Whether the direct form at site can jump to tramp (a jal's reach). */
bool ftrace_direct_reaches(uintptr_t site, uintptr_t tramp);

/* Write the direct form: the site jumps to tramp, with t0 = site + 4.
 * Same contract; -ERANGE if tramp is out of reach. */
int ftrace_make_direct(uintptr_t site, uintptr_t tramp);

/* Make ftrace_caller's call (at its label ftrace_call) call func: the
 * kprobe handler, or the dispatcher when a tracer is on. In
 * stop_machine (the call may be 2-byte aligned: not one store). 0,
 * -ERANGE if func is out of a jal's reach, or the patch's -errno. */
int ftrace_update_ftrace_func(void (*func)(struct pt_regs *regs));

/* The dispatcher (lib/core/ftrace_ops.c): the users of the site hit. */
void ftrace_ops_list_func(struct pt_regs *regs);

/* ftrace_return.S: where a call function_graph follows returns to. */
extern char ftrace_graph_trampoline[];

/* kprobe_ftrace.c: what ftrace_caller calls with its partial frame. */
void kprobe_ftrace_handler(struct pt_regs *regs);

/* kprobe_ftrace.c: make the trap frame of a fault in a handler of the hit
 * at site, whose ftrace_caller frame is frame, resume the function's
 * body as if the handlers were done; u, the handler's frames unwound to
 * frame, has the callee-saved registers frame does not keep. Trap
 * context. */
struct eb_unwind_regs;
void kprobe_ftrace_resume(struct pt_regs *fault, const struct pt_regs *frame,
			  const struct eb_unwind_regs *u, uintptr_t site);

/* kprobe_direct.c: the trampoline the direct form of site jumps to,
 * while the kprobes there are the site's only user; 0 if they have
 * none. In stop_machine (the forms are written there). */
uintptr_t kprobe_ftrace_direct(uintptr_t site);
#endif

#endif
