/*
 * Simulators of the PC-relative and control-flow instructions: run in the
 * breakpoint trap on the saved registers instead of stepping a copy, since
 * a copy in a slot would compute its results from the slot's address.
 *
 * Every simulator reads all its source registers before writing rd, so
 * rd == rs1 behaves as the hardware does (jalr ra, 0(ra)).
 */
#include "simulate.h"
#include "insn.h"
#include <stdbool.h>

/* xN; x0 reads as zero (it is not saved in pt_regs). */
static inline unsigned long
reg_get(struct pt_regs *regs, unsigned n)
{
	return n ? *pt_regs_gpr(regs, n) : 0;
}

/* xN = v; a write to x0 is dropped. */
static inline void
reg_set(struct pt_regs *regs, unsigned n, unsigned long v)
{
	if (n)
		*pt_regs_gpr(regs, n) = v;
}

void
riscv_simulate_operands(struct riscv_insn *insn)
{
	uint32_t b = insn->bits;

	insn->rd = insn->rs1 = insn->rs2 = 0;
	if (insn->len == 4) {
		insn->rd = rv_rd(b);
		insn->rs1 = rv_rs1(b);
		insn->rs2 = rv_rs2(b);
		switch (b & 0x7f) {
		case 0x17:	/* auipc */
			insn->imm = rv_imm_u(b);
			break;
		case 0x6f:	/* jal */
			insn->imm = rv_imm_j(b);
			break;
		case 0x67:	/* jalr */
			insn->imm = rv_imm_i(b);
			break;
		default:	/* the branches */
			insn->imm = rv_imm_b(b);
		}
	} else if ((b & 3) == 2) {	/* c.jr, c.jalr: link in ra */
		insn->rs1 = rvc_rs1(b);
		insn->rd = (b >> 12 & 1) ? 1 : 0;
		insn->imm = 0;
	} else if (b >> 13 == 5) {	/* c.j */
		insn->imm = rvc_imm_j(b);
	} else {			/* c.beqz, c.bnez */
		insn->rs1 = rvc_rs1p(b);
		insn->imm = rvc_imm_b(b);
	}
}

/*
 *  31                         12 11    7 6      0
 * |        imm[31:12]           |  rd   | 0010111 |  auipc rd, imm
 */
unsigned long
riscv_simulate_auipc(const struct riscv_insn *insn, unsigned long pc,
		     struct pt_regs *regs)
{
	reg_set(regs, insn->rd, pc + insn->imm);
	return pc + 4;
}

/*
 *  31 30        21 20 19        12 11   7 6      0
 * |20|  imm[10:1] |11| imm[19:12] |  rd  | 1101111 |  jal rd, offset
 */
unsigned long
riscv_simulate_jal(const struct riscv_insn *insn, unsigned long pc,
		   struct pt_regs *regs)
{
	reg_set(regs, insn->rd, pc + 4);
	return pc + insn->imm;
}

/*
 *  31          20 19   15 14 12 11   7 6      0
 * |   imm[11:0]  |  rs1  | 000 |  rd  | 1100111 |  jalr rd, imm(rs1)
 *
 * The target's bit 0 is cleared; rs1 is read before rd is written.
 */
unsigned long
riscv_simulate_jalr(const struct riscv_insn *insn, unsigned long pc,
		    struct pt_regs *regs)
{
	unsigned long target = (reg_get(regs, insn->rs1) + insn->imm) & ~1UL;

	reg_set(regs, insn->rd, pc + 4);
	return target;
}

/*
 *  31 30     25 24  20 19  15 14  12 11     8 7  6      0
 * |12|imm[10:5]|  rs2 |  rs1 |funct3|imm[4:1]|11| 1100011 |  bCC rs1, rs2, offset
 */
static inline unsigned long
branch(const struct riscv_insn *insn, unsigned long pc, bool taken)
{
	return taken ? pc + insn->imm : pc + 4;
}

static inline unsigned long
rs1_val(const struct riscv_insn *insn, struct pt_regs *regs)
{
	return reg_get(regs, insn->rs1);
}

static inline unsigned long
rs2_val(const struct riscv_insn *insn, struct pt_regs *regs)
{
	return reg_get(regs, insn->rs2);
}

/* funct3 000 */
unsigned long
riscv_simulate_beq(const struct riscv_insn *insn, unsigned long pc,
		   struct pt_regs *regs)
{
	return branch(insn, pc, rs1_val(insn, regs) == rs2_val(insn, regs));
}

/* funct3 001 */
unsigned long
riscv_simulate_bne(const struct riscv_insn *insn, unsigned long pc,
		   struct pt_regs *regs)
{
	return branch(insn, pc, rs1_val(insn, regs) != rs2_val(insn, regs));
}

/* funct3 100: signed */
unsigned long
riscv_simulate_blt(const struct riscv_insn *insn, unsigned long pc,
		   struct pt_regs *regs)
{
	return branch(insn, pc,
		      (long)rs1_val(insn, regs) < (long)rs2_val(insn, regs));
}

/* funct3 101: signed */
unsigned long
riscv_simulate_bge(const struct riscv_insn *insn, unsigned long pc,
		   struct pt_regs *regs)
{
	return branch(insn, pc,
		      (long)rs1_val(insn, regs) >= (long)rs2_val(insn, regs));
}

/* funct3 110: unsigned */
unsigned long
riscv_simulate_bltu(const struct riscv_insn *insn, unsigned long pc,
		    struct pt_regs *regs)
{
	return branch(insn, pc, rs1_val(insn, regs) < rs2_val(insn, regs));
}

/* funct3 111: unsigned */
unsigned long
riscv_simulate_bgeu(const struct riscv_insn *insn, unsigned long pc,
		    struct pt_regs *regs)
{
	return branch(insn, pc, rs1_val(insn, regs) >= rs2_val(insn, regs));
}

/*
 *  15 13 12                                2 1  0
 * | 101 | offset[11|4|9:8|10|6|7|3:1|5]      | 01 |  c.j offset
 */
unsigned long
riscv_simulate_c_j(const struct riscv_insn *insn, unsigned long pc,
		   struct pt_regs *regs)
{
	(void)regs;
	return pc + insn->imm;
}

/*
 *  15  12 11    7 6     2 1  0
 * | 1000 |rs1!=0 | 00000 | 10 |  c.jr rs1   (jalr x0, 0(rs1))
 */
unsigned long
riscv_simulate_c_jr(const struct riscv_insn *insn, unsigned long pc,
		    struct pt_regs *regs)
{
	(void)pc;
	return reg_get(regs, insn->rs1) & ~1UL;
}

/*
 *  15  12 11    7 6     2 1  0
 * | 1001 |rs1!=0 | 00000 | 10 |  c.jalr rs1  (jalr ra, 0(rs1))
 *
 * rs1 is read before ra is written: c.jalr ra jumps to the old ra.
 */
unsigned long
riscv_simulate_c_jalr(const struct riscv_insn *insn, unsigned long pc,
		      struct pt_regs *regs)
{
	unsigned long target = reg_get(regs, insn->rs1) & ~1UL;

	reg_set(regs, insn->rd, pc + 2);
	return target;
}

/*
 *  15 13 12     10 9    7 6             2 1  0
 * | 110 |off[8|4:3]| rs1' |off[7:6|2:1|5] | 01 |  c.beqz rs1', offset
 */
unsigned long
riscv_simulate_c_beqz(const struct riscv_insn *insn, unsigned long pc,
		      struct pt_regs *regs)
{
	bool taken = reg_get(regs, insn->rs1) == 0;

	return taken ? pc + insn->imm : pc + 2;
}

/*
 *  15 13 12     10 9    7 6             2 1  0
 * | 111 |off[8|4:3]| rs1' |off[7:6|2:1|5] | 01 |  c.bnez rs1', offset
 */
unsigned long
riscv_simulate_c_bnez(const struct riscv_insn *insn, unsigned long pc,
		      struct pt_regs *regs)
{
	bool taken = reg_get(regs, insn->rs1) != 0;

	return taken ? pc + insn->imm : pc + 2;
}
