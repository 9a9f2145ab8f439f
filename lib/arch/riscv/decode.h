/*
 * Decoding a RISC-V instruction for probing: can it be replaced by an
 * ebreak, and how is it executed once it has been?
 *
 * The answer is one of three, Linux's enum probe_insn
 * (docs/riscv-decoder.md says why each instruction gets the one it gets):
 *   INSN_REJECTED      it cannot be probed; insn->reason says why.
 *   INSN_GOOD_NO_SLOT  PC-relative or control flow: the breakpoint
 *                      handler executes it on the saved pt_regs
 *                      (riscv_insn_simulate).
 *   INSN_GOOD          position-independent: the handler runs a copy of
 *                      it out of line in a slot, which jumps back (or
 *                      traps back when there are post handlers).
 *
 * Decode once, when the probe is registered; at a hit only
 * riscv_insn_simulate runs, which is a call through the kept pointer: no
 * table search, no lock, no allocation.
 */
#ifndef EBREAK_RISCV_DECODE_H
#define EBREAK_RISCV_DECODE_H

#include <ebreak/ptregs.h>
#include <stdbool.h>
#include <stdint.h>

enum probe_insn {
	INSN_REJECTED,
	INSN_GOOD_NO_SLOT,
	INSN_GOOD,
};

struct riscv_insn;

/* Executes insn, which was at pc, on regs (x1..x31; regs->epc is not
 * touched) and returns the address of the next instruction. */
typedef unsigned long riscv_simulate_fn(const struct riscv_insn *insn,
					 unsigned long pc,
					 struct pt_regs *regs);

struct riscv_insn {
	uint32_t bits;		/* the encoding; a 16-bit one zero-extended */
	uint8_t len;		/* bytes: 2 or 4; 6 and more, or 0 (reserved
				 * length), are refused */
	uint8_t cls;		/* enum probe_insn */
	/* Mnemonic as the ISA manual (and objdump -M no-aliases) spells
	 * it, e.g. "c.jalr"; NULL when bits are not an RV64GC instruction. */
	const char *name;
	const char *reason;	/* why refused; NULL unless INSN_REJECTED */
	riscv_simulate_fn *simulate;	/* set iff INSN_GOOD_NO_SLOT */
	/* A simulated instruction's operands, decoded once here so that a
	 * hit does no bit shuffling: registers (unused ones 0) and the
	 * immediate (offset, or auipc's shifted value). */
	uint8_t rd, rs1, rs2;
	long imm;
};

/* Length in bytes of the instruction whose first 16-bit parcel is
 * `parcel`, from its low bits as the ISA defines (ISA manual, "Base
 * Instruction-Length Encoding": 2, 4, 6, 8, 10..22), or 0 for the
 * reserved encodings of 192 bits and more. Inline: registering a probe
 * walks a function's instructions by it. */
static inline unsigned
riscv_insn_length(uint16_t parcel)
{
	if ((parcel & 0x03) != 0x03)
		return 2;
	if ((parcel & 0x1c) != 0x1c)
		return 4;
	if ((parcel & 0x3f) == 0x1f)
		return 6;
	if ((parcel & 0x7f) == 0x3f)
		return 8;
	if ((parcel >> 12 & 7) != 7)
		return 10 + 2 * (parcel >> 12 & 7);
	return 0;
}

/* Decodes bits (a 16-bit instruction in the low half; the high half is
 * then ignored) into *insn and returns insn->cls. Never fails: anything
 * that is not RV64GC is INSN_REJECTED with a reason. Any context. */
enum probe_insn riscv_probe_decode_insn(uint32_t bits, struct riscv_insn *insn);

/* Entry i of the decoder's 16-bit (rvc) or 32-bit table: its mask, match
 * and name (NULL for a reserved form). Returns false past the last entry.
 * For tests that generate encodings of every instruction the table knows;
 * an entry's encodings may be shadowed in part by earlier entries. */
bool riscv_decode_entry(bool rvc, unsigned i, uint32_t *mask,
			uint32_t *match, const char **name);

/* Executes an INSN_GOOD_NO_SLOT instruction that was at pc on regs and
 * returns the next pc; the caller stores it in regs->epc. Safe in trap
 * context. */
static inline unsigned long
riscv_insn_simulate(const struct riscv_insn *insn, unsigned long pc,
		    struct pt_regs *regs)
{
	return insn->simulate(insn, pc, regs);
}

#endif
