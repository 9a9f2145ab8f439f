/*
 * A patchable function entry on RISC-V, as the core (lib/core/ftrace.c,
 * the kprobes) sees it: EB_FTRACE_NOPS c.nops from the compiler, 8
 * bytes, which ftrace_arch.c rewrites whole in one of two forms:
 *
 *   off:  c.j +8; c.nop; nop       one instruction per call
 *   on:   auipc t0, hi; jalr t0, lo(t0)   calls ftrace_caller, t0 = site + 8
 *
 * Both forms start instructions at +0 and +4 only, so a hart stopped at
 * either (parked by stop_machine between the two, say) resumes correctly
 * in the other form: at +4 the off form's nop goes on to the body, and
 * the on form's jalr still finds in t0 what the auipc put there.
 * Included by C and assembly.
 */
#ifndef EBREAK_RISCV_FTRACE_ARCH_H
#define EBREAK_RISCV_FTRACE_ARCH_H

#include <ebreak/ftrace.h>	/* EB_FTRACE_NOPS */
#include <ebreak/ptregs.h>

#define FTRACE_SITE_SIZE	(2 * EB_FTRACE_NOPS)
/* Where ftrace_caller keeps sstatus at the call: past its pt_regs. */
#define FTRACE_SSTATUS		PT_REGS_SIZE

#ifndef __ASSEMBLY__

/* Write the off form at site (eb_ftrace_init's, a disarmed kprobe's).
 * 0 or eb_port_text_patch's -errno. Not in trap context. */
int ftrace_make_nop(uintptr_t site);

/* Write the on form: the site calls ftrace_caller. Same contract. */
int ftrace_make_call(uintptr_t site);

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
#endif

#endif
