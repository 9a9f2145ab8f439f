/*
 * Running call frame instructions (core/cfi.h; DWARF 4, 6.4.2): the
 * CIE's initial ones, then the FDE's up to the row that holds for a pc.
 * The opcodes are those GCC and the assembler emit: the row's location
 * advancing, the CFA's definition, the register rules (offsets, values,
 * other registers, same, undefined, restore to the initial rule) and
 * remember/restore of whole rows. DWARF expressions are refused, as are
 * DW_CFA_set_loc (GCC advances) and registers beyond CFI_REGS.
 */
#include "core/cfi.h"
#include "core/leb128.h"
#include <ebreak/errno.h>

#define REMEMBERED	2	/* rows remember_state keeps (GCC nests 1; each
				 * costs the fault path 272 bytes of stack) */

struct cfa_state {
	const struct cfi_fde *fde;
	struct cfi_reader r;
	uintptr_t loc, pc;
	struct cfi_row *row;
	const struct cfi_row *initial;	/* NULL in the CIE's instructions */
	struct cfi_row saved[REMEMBERED];
	unsigned depth;
	const char *why;
};

static bool
fail(struct cfa_state *s, const char *why)
{
	s->why = why;
	return false;
}

/* Moves the row's location by delta code units; false (and no error)
 * once it passes pc: the row for pc is complete. */
static bool
advance(struct cfa_state *s, uint64_t delta)
{
	s->loc += delta * s->fde->code_align;
	return s->loc <= s->pc;
}

/* Sets register reg's rule; false (with the reason) for one beyond the
 * registers tracked. */
static bool
set_rule(struct cfa_state *s, uint64_t reg, enum cfi_how how, int64_t off,
	 uint64_t other)
{
	if (reg >= CFI_REGS || other >= CFI_REGS)
		return fail(s, "a rule for a register the unwinder does not track");
	if (how == CFI_UNDEFINED || how == CFI_SAME || how == CFI_REGISTER)
		off = 0;
	else if (off != (int32_t)off)
		return fail(s, "a register saved beyond 2 GiB of the CFA");
	s->row->rule[reg] = (struct cfi_rule){ (int32_t)off, how, (uint8_t)other };
	return true;
}

static bool
restore(struct cfa_state *s, uint64_t reg)
{
	if (!s->initial)
		return fail(s, "DW_CFA_restore among a CIE's instructions");
	if (reg >= CFI_REGS)
		return fail(s, "a rule for a register the unwinder does not track");
	s->row->rule[reg] = s->initial->rule[reg];
	return true;
}

static bool
def_cfa(struct cfa_state *s, uint64_t reg, int64_t off)
{
	if (reg >= CFI_REGS)
		return fail(s, "a CFA in a register the unwinder does not track");
	s->row->cfa_reg = (unsigned)reg;
	s->row->cfa_off = off;
	return true;
}

static bool
remember(struct cfa_state *s, bool push)
{
	if (push) {
		if (s->depth == REMEMBERED)
			return fail(s, "DW_CFA_remember_state nested too deep");
		s->saved[s->depth++] = *s->row;
	} else {
		if (!s->depth)
			return fail(s, "DW_CFA_restore_state with no state remembered");
		*s->row = s->saved[--s->depth];
	}
	return true;
}

/* One of the opcodes with an operand in their low 6 bits. */
static bool
primary(struct cfa_state *s, uint8_t op)
{
	int64_t da = s->fde->data_align;
	struct cfi_reader *r = &s->r;

	switch (op & 0xc0) {
	case 0x40:	/* DW_CFA_advance_loc */
		return advance(s, op & 0x3f);
	case 0x80:	/* DW_CFA_offset */
		return set_rule(s, op & 0x3f, CFI_OFFSET,
				(int64_t)cfi_uleb(r) * da, 0);
	default:	/* 0xc0: DW_CFA_restore */
		return restore(s, op & 0x3f);
	}
}

/* One opcode of the others. */
static bool
extended(struct cfa_state *s, uint8_t op)
{
	int64_t da = s->fde->data_align;
	struct cfi_reader *r = &s->r;
	uint64_t reg;

	switch (op) {
	case 0x00: return true;				/* nop */
	case 0x02: return advance(s, cfi_fixed(r, 1));	/* advance_loc1 */
	case 0x03: return advance(s, cfi_fixed(r, 2));	/* advance_loc2 */
	case 0x04: return advance(s, cfi_fixed(r, 4));	/* advance_loc4 */
	case 0x05: reg = cfi_uleb(r);			/* offset_extended */
		return set_rule(s, reg, CFI_OFFSET, (int64_t)cfi_uleb(r) * da, 0);
	case 0x06: return restore(s, cfi_uleb(r));	/* restore_extended */
	case 0x07: return set_rule(s, cfi_uleb(r), CFI_UNDEFINED, 0, 0);
	case 0x08: return set_rule(s, cfi_uleb(r), CFI_SAME, 0, 0);
	case 0x09: reg = cfi_uleb(r);			/* register */
		return set_rule(s, reg, CFI_REGISTER, 0, cfi_uleb(r));
	case 0x0a: return remember(s, true);		/* remember_state */
	case 0x0b: return remember(s, false);		/* restore_state */
	case 0x0c: reg = cfi_uleb(r);			/* def_cfa */
		return def_cfa(s, reg, (int64_t)cfi_uleb(r));
	case 0x0d: return def_cfa(s, cfi_uleb(r), s->row->cfa_off);
	case 0x0e: return def_cfa(s, s->row->cfa_reg, (int64_t)cfi_uleb(r));
	case 0x11: reg = cfi_uleb(r);			/* offset_extended_sf */
		return set_rule(s, reg, CFI_OFFSET, cfi_sleb(r) * da, 0);
	case 0x12: reg = cfi_uleb(r);			/* def_cfa_sf */
		return def_cfa(s, reg, cfi_sleb(r) * da);
	case 0x13: return def_cfa(s, s->row->cfa_reg, cfi_sleb(r) * da);
	case 0x14: reg = cfi_uleb(r);			/* val_offset */
		return set_rule(s, reg, CFI_VAL_OFFSET, (int64_t)cfi_uleb(r) * da, 0);
	case 0x15: reg = cfi_uleb(r);			/* val_offset_sf */
		return set_rule(s, reg, CFI_VAL_OFFSET, cfi_sleb(r) * da, 0);
	case 0x2e: cfi_uleb(r); return true;		/* GNU_args_size */
	case 0x2f: reg = cfi_uleb(r);		/* GNU_negative_offset_extended */
		return set_rule(s, reg, CFI_OFFSET, -(int64_t)cfi_uleb(r) * da, 0);
	case 0x0f: case 0x10: case 0x16:
		return fail(s, "a DWARF expression in the unwind rules");
	default:
		return fail(s, "a call frame opcode the unwinder does not know");
	}
}

/* Runs [p, end) until the row passes pc or the instructions end. */
static int
run(struct cfa_state *s, const uint8_t *p, const uint8_t *end)
{
	s->r = (struct cfi_reader){ p, end, false };
	while (s->r.p < end) {
		uint8_t op = cfi_u8(&s->r);
		bool go = op & 0xc0 ? primary(s, op) : extended(s, op);
		if (s->r.bad)
			s->why = "call frame instructions run past their entry";
		if (s->why)
			return -EINVAL;
		if (!go)
			break;	/* the row for pc */
	}
	return 0;
}

int
eb_cfa_run(const struct cfi_fde *fde, uintptr_t pc, struct cfi_row *row,
	   const char **why)
{
	struct cfa_state s = { .fde = fde, .loc = fde->pc_begin, .pc = pc,
			       .row = row };
	struct cfi_row initial;
	int e;

	*row = (struct cfi_row){ .cfa_reg = CFI_SP };	/* all CFI_SAME */
	if (!(e = run(&s, fde->cie_insns, fde->cie_end))) {
		initial = *row;
		s.initial = &initial;
		s.depth = 0;
		e = run(&s, fde->insns, fde->end);
	}
	*why = s.why;
	return e;
}
