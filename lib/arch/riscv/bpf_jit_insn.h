/*
 * RV64IMAC encoders for the eBPF JIT: one pure function per instruction
 * format, returning its bits (a compressed one in the low half), in the
 * ISA manual's field order. Which form to use is the emitters' choice
 * (bpf_jit_emit.c); these only assemble fields.
 */
#ifndef EBREAK_RISCV_BPF_JIT_INSN_H
#define EBREAK_RISCV_BPF_JIT_INSN_H
#include <stdbool.h>
#include <stdint.h>

/* Integer registers by ABI name. */
enum {
	RV_ZERO = 0, RV_RA = 1, RV_SP = 2, RV_T0 = 5, RV_T1 = 6, RV_T2 = 7,
	RV_S0 = 8, RV_S1 = 9, RV_A0 = 10, RV_A1 = 11, RV_A2 = 12, RV_A3 = 13,
	RV_A4 = 14, RV_A5 = 15, RV_A6 = 16, RV_A7 = 17, RV_S2 = 18,
	RV_S3 = 19, RV_S4 = 20, RV_S5 = 21, RV_S6 = 22, RV_S11 = 27, RV_T3 = 28,
	RV_T6 = 31,
};

/* Major opcodes. */
enum {
	RV_OP_LOAD = 0x03, RV_OP_MISC_MEM = 0x0f, RV_OP_IMM = 0x13,
	RV_OP_AUIPC = 0x17, RV_OP_IMM32 = 0x1b, RV_OP_STORE = 0x23,
	RV_OP_AMO = 0x2f, RV_OP_REG = 0x33, RV_OP_LUI = 0x37,
	RV_OP_REG32 = 0x3b, RV_OP_BRANCH = 0x63, RV_OP_JALR = 0x67,
	RV_OP_JAL = 0x6f,
};

/* funct3 of OP/OP-IMM (funct7 0, or 0x20 for sub/sra) and of the M
 * extension (funct7 1). */
enum {
	RV_ADD = 0, RV_SLL = 1, RV_SLTU = 3, RV_XOR = 4, RV_SRL = 5,
	RV_OR = 6, RV_AND = 7,
	RV_MUL = 0, RV_DIV = 4, RV_DIVU = 5, RV_REM = 6, RV_REMU = 7,
};
#define RV_F7_SUB	0x20	/* sub, sra */
#define RV_F7_MULDIV	0x01

/* Branch funct3. */
enum { RV_BEQ = 0, RV_BNE = 1, RV_BLT = 4, RV_BGE = 5, RV_BLTU = 6,
       RV_BGEU = 7 };

/* AMO funct5. */
enum { RV_AMOADD = 0x00, RV_AMOSWAP = 0x01, RV_LR = 0x02, RV_SC = 0x03,
       RV_AMOXOR = 0x04, RV_AMOOR = 0x08, RV_AMOAND = 0x0c };

static inline bool
rv_fits(int64_t v, unsigned bits)
{
	return v >= -((int64_t)1 << (bits - 1)) && v < (int64_t)1 << (bits - 1);
}

static inline uint32_t
rv_r(unsigned op, unsigned f3, unsigned f7, unsigned rd, unsigned rs1,
     unsigned rs2)
{
	return f7 << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op;
}

static inline uint32_t
rv_i(unsigned op, unsigned f3, unsigned rd, unsigned rs1, int32_t imm)
{
	return ((uint32_t)imm & 0xfff) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op;
}

static inline uint32_t
rv_s(unsigned f3, unsigned rs1, unsigned rs2, int32_t imm)
{
	uint32_t v = (uint32_t)imm;

	return (v >> 5 & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 |
	       (v & 0x1f) << 7 | RV_OP_STORE;
}

/* Branch: imm[12|10:5] rs2 rs1 f3 imm[4:1|11]. */
static inline uint32_t
rv_b(unsigned f3, unsigned rs1, unsigned rs2, int32_t off)
{
	uint32_t v = (uint32_t)off;

	return (v >> 12 & 1) << 31 | (v >> 5 & 0x3f) << 25 | rs2 << 20 |
	       rs1 << 15 | f3 << 12 | (v >> 1 & 0xf) << 8 |
	       (v >> 11 & 1) << 7 | RV_OP_BRANCH;
}

static inline uint32_t
rv_u(unsigned op, unsigned rd, uint32_t hi20)
{
	return hi20 << 12 | rd << 7 | op;
}

/* jal: imm[20|10:1|11|19:12] rd. */
static inline uint32_t
rv_jal(unsigned rd, int32_t off)
{
	uint32_t v = (uint32_t)off;

	return (v >> 20 & 1) << 31 | (v >> 1 & 0x3ff) << 21 |
	       (v >> 11 & 1) << 20 | (v >> 12 & 0xff) << 12 | rd << 7 |
	       RV_OP_JAL;
}

/* AMO and lr/sc, both ordering bits set or as given. */
static inline uint32_t
rv_amo(unsigned f5, bool aq, bool rl, bool dword, unsigned rd, unsigned rs1,
       unsigned rs2)
{
	return f5 << 27 | (unsigned)aq << 26 | (unsigned)rl << 25 | rs2 << 20 |
	       rs1 << 15 | (dword ? 3u : 2u) << 12 | rd << 7 | RV_OP_AMO;
}

/* --- compressed (RVC): 16 bits, in the low half ---------------------- */

/* x8..x15, the registers the 3-bit fields name. */
static inline bool
rvc_reg(unsigned r)
{
	return r >= 8 && r < 16;
}

/* CI: f3 imm[5] rd imm[4:0] op (c.addi, c.addiw, c.li, c.slli). */
static inline uint32_t
rvc_ci(unsigned f3, unsigned op, unsigned rd, int32_t imm)
{
	uint32_t v = (uint32_t)imm;

	return f3 << 13 | (v >> 5 & 1) << 12 | rd << 7 | (v & 0x1f) << 2 | op;
}

/* CB with a 6-bit immediate: c.srli (f2 0), c.srai (1), c.andi (2). */
static inline uint32_t
rvc_cbi(unsigned f2, unsigned rd, int32_t imm)
{
	uint32_t v = (uint32_t)imm;

	return 4u << 13 | (v >> 5 & 1) << 12 | f2 << 10 | (rd - 8) << 7 |
	       (v & 0x1f) << 2 | 1;
}

/* CA: c.sub (w 0, f2 0), c.xor (0, 1), c.or (0, 2), c.and (0, 3),
 * c.subw (1, 0), c.addw (1, 1). */
static inline uint32_t
rvc_ca(bool w, unsigned f2, unsigned rd, unsigned rs2)
{
	return 4u << 13 | (unsigned)w << 12 | 3u << 10 | (rd - 8) << 7 |
	       f2 << 5 | (rs2 - 8) << 2 | 1;
}

/* CR: c.mv (b12 0), c.add (1); c.jr is c.mv with rs2 0. */
static inline uint32_t
rvc_cr(bool b12, unsigned rd, unsigned rs2)
{
	return 4u << 13 | (unsigned)b12 << 12 | rd << 7 | rs2 << 2 | 2;
}

/* c.ld/c.sd (dword) and c.lw/c.sw: offset[5:3] rs1' offset[7:6] or
 * offset[2|6] rd'/rs2'. */
static inline uint32_t
rvc_mem(bool store, bool dword, unsigned r, unsigned base, uint32_t off)
{
	uint32_t lo = dword ? (off >> 6 & 3) : ((off >> 2 & 1) << 1 | (off >> 6 & 1));

	return ((store ? 6u : 2u) + dword) << 13 | (off >> 3 & 7) << 10 |
	       (base - 8) << 7 | lo << 5 | (r - 8) << 2;
}

/* c.ldsp rd, off(sp): off[5] rd off[4:3|8:6]. */
static inline uint32_t
rvc_ldsp(unsigned rd, uint32_t off)
{
	return 3u << 13 | (off >> 5 & 1) << 12 | rd << 7 | (off >> 3 & 3) << 5 |
	       (off >> 6 & 7) << 2 | 2;
}

/* c.sdsp rs2, off(sp): off[5:3|8:6] rs2. */
static inline uint32_t
rvc_sdsp(unsigned rs2, uint32_t off)
{
	return 7u << 13 | (off >> 3 & 7) << 10 | (off >> 6 & 7) << 7 |
	       rs2 << 2 | 2;
}

/* c.j: offset[11|4|9:8|10|6|7|3:1|5]. */
static inline uint32_t
rvc_j(int32_t off)
{
	uint32_t v = (uint32_t)off;

	return 5u << 13 | (v >> 11 & 1) << 12 | (v >> 4 & 1) << 11 |
	       (v >> 8 & 3) << 9 | (v >> 10 & 1) << 8 | (v >> 6 & 1) << 7 |
	       (v >> 7 & 1) << 6 | (v >> 1 & 7) << 3 | (v >> 5 & 1) << 2 | 1;
}

/* c.beqz (bnez false) / c.bnez rs1', offset[8|4:3] rs1' offset[7:6|2:1|5]. */
static inline uint32_t
rvc_bz(bool bnez, unsigned rs1, int32_t off)
{
	uint32_t v = (uint32_t)off;

	return (6u + bnez) << 13 | (v >> 8 & 1) << 12 | (v >> 3 & 3) << 10 |
	       (rs1 - 8) << 7 | (v >> 6 & 3) << 5 | (v >> 1 & 3) << 3 |
	       (v >> 5 & 1) << 2 | 1;
}

#endif
