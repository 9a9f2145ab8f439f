/*
 * The library's DWARF call frame information unwinder: it abandons a
 * faulting probe handler by unwinding its frames, with the compiler's
 * .eh_frame tables (eb_port_eh_frame) and those the eBPF JIT makes for
 * its images, back to the trampoline that called it, which restores
 * every callee-saved register those frames saved (docs/kprobes.md,
 * "Faults in handlers"). Facts from the LSB's .eh_frame chapter and
 * DWARF 4, section 6.4. The parts, one a file: eh_frame.c reads CIEs
 * and FDEs, cfa_program.c runs an FDE's instructions up to a pc,
 * unwind_tables.c finds the FDE of a pc (and, for the JIT's images,
 * the fixup of a load that may fault), cfi_unwind.c steps frames.
 * Everything refused comes back as -EINVAL with the reason in *why.
 */
#ifndef EBREAK_CORE_CFI_H
#define EBREAK_CORE_CFI_H

#include "cfi_regs.h"	/* the arch's: CFI_REGS, CFI_SP, CFI_MIN_FRAME, ... */
#include <ebreak/ptregs.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* An FDE with what its CIE says about it. */
struct cfi_fde {
	uintptr_t pc_begin, pc_end;	/* the code it describes */
	const uint8_t *cie_insns, *cie_end;	/* the CIE's initial rules */
	const uint8_t *insns, *end;		/* the FDE's own */
	uint64_t code_align;
	int64_t data_align;
	unsigned ra_reg;		/* the return address column */
};

/* eh_frame.c: a walk over the FDEs of one .eh_frame table. */
struct cfi_cursor {
	const uint8_t *p, *start, *end;
};

static inline void
eb_cfi_cursor_init(struct cfi_cursor *c, const void *table, size_t len)
{
	c->p = c->start = table;
	c->end = c->start + len;
}

/* The next FDE: 1 with *fde, 0 at the table's end (or its zero
 * terminator), -EINVAL with *why for what it cannot read (a 64-bit
 * entry, a pointer encoding GCC does not use, a personality, an entry
 * running past the table). Any context. */
int eb_cfi_next_fde(struct cfi_cursor *c, struct cfi_fde *fde,
		    const char **why);

/* cfa_program.c: the rules of one row of the table an FDE encodes. */
enum cfi_how {
	CFI_SAME,	/* the caller's value is the frame's */
	CFI_UNDEFINED,	/* not recoverable */
	CFI_OFFSET,	/* saved at CFA + off */
	CFI_VAL_OFFSET,	/* is CFA + off */
	CFI_REGISTER,	/* is in register reg */
};

struct cfi_rule {
	int32_t off;
	uint8_t how, reg;
};

struct cfi_row {
	struct cfi_rule rule[CFI_REGS];
	unsigned cfa_reg;
	int64_t cfa_off;	/* CFA = cfa_reg + cfa_off */
};

/* Runs fde's CIE and FDE instructions up to pc (inside the FDE) into
 * *row. 0, or -EINVAL with *why (an expression, an opcode GCC does not
 * emit, a register beyond CFI_REGS, a truncated program). Any context. */
int eb_cfa_run(const struct cfi_fde *fde, uintptr_t pc, struct cfi_row *row,
	       const char **why);

/* A load in code made at run time that may fault (an eBPF load through
 * a kernel struct pointer): a fault there reads 0 into reg and goes on
 * after the load (Linux's BPF_PROBE_MEM exception table entries). */
struct eb_extable_entry {
	uint32_t off;		/* the load's offset from the code's start */
	uint8_t len;		/* its bytes: 2 (compressed) or 4 */
	uint8_t reg;		/* the register it writes, x1-x31 */
};

/* unwind_tables.c: more tables than the kernel's, for code made at run
 * time (the eBPF JIT's images): an .eh_frame of len bytes describing
 * code in [start, end), and that code's loads that may fault, nextable
 * entries sorted by off. Owned by the caller, which keeps it until
 * eb_unwind_table_del returns. */
struct eb_unwind_table {
	struct eb_unwind_table *next;
	const void *eh_frame;
	size_t len;
	uintptr_t start, end;
	const struct eb_extable_entry *extable;
	uint32_t nextable;
};

/* Add or remove t. Not in trap context. */
void eb_unwind_table_add(struct eb_unwind_table *t);
void eb_unwind_table_del(struct eb_unwind_table *t);

/* A load fault (scause 4, 5 or 13) at an added table's extable entry:
 * its register is now 0, regs resume after the load, and it returns
 * true; else false, regs untouched. Trap context (kprobe_handler_faulted). */
bool eb_extable_fixup(struct pt_regs *regs);

/* The row for pc: the added tables' FDE if pc is in one's code, else
 * the kernel's (eb_port_eh_frame). 0, -ENOENT with *why when none
 * describes pc, -EINVAL with *why. Trap context. */
int eb_unwind_row(uintptr_t pc, struct cfi_row *row, unsigned *ra_reg,
		  const char **why);

/* cfi_unwind.c: the registers of a frame (DWARF numbers) and its pc. */
struct eb_unwind_regs {
	unsigned long reg[CFI_REGS];
	unsigned long pc;
};

/*
 * Unwinds the frames of the code that took trap regs (a fault in a
 * handler) up to the one whose call returns with sp == frame: the
 * trampoline's that called the handler. On success *u holds the
 * registers at that return (the callee-saved ones as the trampoline
 * had them) and it returns 0. Every step must move sp up by
 * CFI_MIN_FRAME at least (the first may keep it: a leaf without a
 * frame, or a call through a bad pointer, a fault fetching a pc that no
 * table describes), staying at or below frame: at most a step per
 * CFI_MIN_FRAME bytes between them. Saved registers are read with
 * eb_port_read_nofault. -EINVAL (or -ENOENT, -EFAULT) with *why
 * otherwise; *u is then garbage. Trap context.
 */
int eb_unwind_to_frame(const struct pt_regs *regs, uintptr_t frame,
		       struct eb_unwind_regs *u, const char **why);

#endif
