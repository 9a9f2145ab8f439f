/*
 * Unwinding a faulting handler's frames (core/cfi.h): from the fault's
 * registers, one frame at a time with the unwind tables' rows, up to the
 * trampoline's frame. A step: the row for the frame's pc (for a frame
 * above the faulting one, pc - 1: the call, not what follows it, which
 * may be another function's first instruction), CFA = the row's register
 * + offset, each saved register reloaded from its slot, the caller's pc
 * the restored return address and its sp the CFA. A return address that
 * is function_graph's trampoline is the one function_graph keeps for the
 * call whose sp at entry is that CFA (a handler may call a function it
 * follows). A fault fetching a pc no table describes is a call through a
 * bad pointer: unwound as a function's first instruction would be, to
 * the caller at ra.
 */
#include "core/cfi.h"
#include <ebreak/errno.h>
#include <ebreak/ftrace.h>
#include <ebreak/port.h>

static int
refuse(const char **why, const char *what)
{
	*why = what;
	return -EINVAL;
}

/* The registers of the caller of the frame u describes: the faulting
 * one if fault (the fault's trap frame), else one that made a call. */
static int
step(struct eb_unwind_regs *u, const struct pt_regs *fault, const char **why)
{
	const struct eb_unwind_regs frame = *u;
	struct cfi_row row;
	unsigned ra;
	int e = eb_unwind_row(frame.pc - !fault, &row, &ra, why);

	if (e == -ENOENT && fault && cfi_trap_fetch_fault(fault)) {
		/* A call through a bad pointer: no code there ran, the
		 * frame is its caller's at the call (a function's first
		 * instruction's row). */
		row = (struct cfi_row){ .cfa_reg = CFI_SP };	/* all CFI_SAME */
		ra = CFI_RA;
	} else if (e) {
		return e;
	}
	unsigned long cfa = frame.reg[row.cfa_reg] + row.cfa_off;
	for (unsigned n = 1; n < CFI_REGS; n++) {
		const struct cfi_rule *rule = &row.rule[n];
		switch (rule->how) {
		case CFI_SAME:
			break;
		case CFI_UNDEFINED:
			if (n == ra)
				return refuse(why, "the outermost frame (no return address)");
			break;
		case CFI_OFFSET:
			if (eb_port_read_nofault(&u->reg[n],
						 (void *)(cfa + rule->off), sizeof u->reg[n])) {
				*why = "a saved register cannot be read";
				return -EFAULT;
			}
			break;
		case CFI_VAL_OFFSET:
			u->reg[n] = cfa + rule->off;
			break;
		case CFI_REGISTER:
			u->reg[n] = frame.reg[rule->reg];
			break;
		}
	}
	u->pc = ftrace_graph_ret_addr(u->reg[ra], cfa);
	u->reg[CFI_SP] = cfa;
	return 0;
}

int
eb_unwind_to_frame(const struct pt_regs *regs, uintptr_t frame,
		   struct eb_unwind_regs *u, const char **why)
{
	for (unsigned n = 0; n < CFI_REGS; n++)
		u->reg[n] = cfi_trap_reg(regs, n);
	u->pc = regs->epc;
	for (unsigned n = 0;; n++) {
		unsigned long sp = u->reg[CFI_SP];
		int e = step(u, n ? NULL : regs, why);

		if (e)
			return e;
		/* Only the faulting function may be a leaf without a frame
		 * (CFA = sp): a caller's frame holds at least its ra, in
		 * CFI_MIN_FRAME bytes. So the walk ends, within the stack
		 * between the fault and frame, however deep the handler. */
		unsigned long cfa = u->reg[CFI_SP];
		if (cfa < sp || cfa - sp < (n ? CFI_MIN_FRAME : 0))
			return refuse(why, "a frame whose CFA is not "
				      "CFI_MIN_FRAME above its sp");
		if (cfa > frame)
			return refuse(why, "a frame above the trampoline's");
		if (cfa == frame)
			return 0;
	}
}
