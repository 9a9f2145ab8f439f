/*
 * Fields and immediates of RV64GC instruction encodings.
 *
 * Used by the decoder table (field masks), the simulator (operands and
 * immediates) and the tests (to aim jumps at known places). A 16-bit
 * instruction is held zero-extended in a uint32_t.
 */
#ifndef EBREAK_RISCV_INSN_H
#define EBREAK_RISCV_INSN_H

#include <ebreak/riscv.h>	/* rv_jal_x0, the inverse of rv_imm_j */
#include <stdint.h>

/* Bits [s, s+n) of x. */
#define RV_X(x, s, n)	(((uint32_t)(x) >> (s)) & ((1u << (n)) - 1))

/* 32-bit field positions, for mask/match pairs: opcode[6:0] rd[11:7]
 * funct3[14:12] rs1[19:15] rs2[24:20] funct7[31:25] (funct5 = [31:27],
 * funct6 = [31:26], fmt = [26:25]). */
#define RV_OPC(x)	((uint32_t)(x))
#define RV_RD(x)	((uint32_t)(x) << 7)
#define RV_F3(x)	((uint32_t)(x) << 12)
#define RV_RS1(x)	((uint32_t)(x) << 15)
#define RV_RS2(x)	((uint32_t)(x) << 20)
#define RV_F7(x)	((uint32_t)(x) << 25)
#define RV_F6(x)	((uint32_t)(x) << 26)
#define RV_F5(x)	((uint32_t)(x) << 27)
#define RV_FMT(x)	((uint32_t)(x) << 25)

/* 16-bit field positions: op[1:0] funct3[15:13], bit 12, rd/rs1[11:7],
 * rs2[6:2], funct2 at [11:10] and [6:5] in the CA/CB formats. */
#define RVC_OP(x)	((uint32_t)(x))
#define RVC_F3(x)	((uint32_t)(x) << 13)
#define RVC_B12(x)	((uint32_t)(x) << 12)
#define RVC_RD(x)	((uint32_t)(x) << 7)
#define RVC_RS2(x)	((uint32_t)(x) << 2)
#define RVC_F2HI(x)	((uint32_t)(x) << 10)
#define RVC_F2LO(x)	((uint32_t)(x) << 5)

static inline unsigned
rv_rd(uint32_t i)
{
	return RV_X(i, 7, 5);
}

static inline unsigned
rv_rs1(uint32_t i)
{
	return RV_X(i, 15, 5);
}

static inline unsigned
rv_rs2(uint32_t i)
{
	return RV_X(i, 20, 5);
}

/* The full register field in bits [11:7] (CR, CI formats: rd or rs1). */
static inline unsigned
rvc_rs1(uint32_t i)
{
	return RV_X(i, 7, 5);
}
/* The 3-bit register field rs1' in bits [9:7] names x8..x15. */
static inline unsigned
rvc_rs1p(uint32_t i)
{
	return 8 + RV_X(i, 7, 3);
}

/* x's low `bits` bits, sign-extended. */
static inline long
rv_sext(uint64_t x, unsigned bits)
{
	return (long)(x << (64 - bits)) >> (64 - bits);
}

/* I-type: imm[11:0] = inst[31:20]. */
static inline long
rv_imm_i(uint32_t i)
{
	return rv_sext(i >> 20, 12);
}

/* U-type: imm[31:12] = inst[31:12], low 12 bits zero, sign-extended. */
static inline long
rv_imm_u(uint32_t i)
{
	return rv_sext(i & 0xfffff000u, 32);
}

/* B-type: inst[31|30:25|11:8|7] = imm[12|10:5|4:1|11]. */
static inline long
rv_imm_b(uint32_t i)
{
	uint32_t v = RV_X(i, 31, 1) << 12 | RV_X(i, 25, 6) << 5 |
		     RV_X(i, 8, 4) << 1 | RV_X(i, 7, 1) << 11;
	return rv_sext(v, 13);
}

/* J-type: inst[31|30:21|20|19:12] = imm[20|10:1|11|19:12]. */
static inline long
rv_imm_j(uint32_t i)
{
	uint32_t v = RV_X(i, 31, 1) << 20 | RV_X(i, 21, 10) << 1 |
		     RV_X(i, 20, 1) << 11 | RV_X(i, 12, 8) << 12;
	return rv_sext(v, 21);
}

/* CJ-type (c.j): inst[12:2] = offset[11|4|9:8|10|6|7|3:1|5]. */
static inline long
rvc_imm_j(uint32_t i)
{
	uint32_t v = RV_X(i, 12, 1) << 11 | RV_X(i, 11, 1) << 4 |
		     RV_X(i, 9, 2) << 8 | RV_X(i, 8, 1) << 10 |
		     RV_X(i, 7, 1) << 6 | RV_X(i, 6, 1) << 7 |
		     RV_X(i, 3, 3) << 1 | RV_X(i, 2, 1) << 5;
	return rv_sext(v, 12);
}

/* CB-type (c.beqz, c.bnez): inst[12:10] = offset[8|4:3],
 * inst[6:2] = offset[7:6|2:1|5]. */
static inline long
rvc_imm_b(uint32_t i)
{
	uint32_t v = RV_X(i, 12, 1) << 8 | RV_X(i, 10, 2) << 3 |
		     RV_X(i, 5, 2) << 6 | RV_X(i, 3, 2) << 1 |
		     RV_X(i, 2, 1) << 5;
	return rv_sext(v, 9);
}

#endif
