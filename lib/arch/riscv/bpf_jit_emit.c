/*
 * The JIT's emitters: each writes one operation in its shortest form
 * (a compressed instruction when the registers and immediate fit, the
 * kernel being RV64IMAC), or only counts its bytes while sizing.
 */
#include <ebreak/errno.h>
#include "bpf_jit.h"

/* Stores the 4 bytes of insn as two halfwords: code is 2-byte aligned.
 * Past cap nothing is stored (the pass then fails on its size). */
void
riscv_emit32(struct rv_jit *j, uint32_t insn)
{
	if (j->buf && j->pos + 4 <= j->cap) {
		j->buf[j->pos / 2] = (uint16_t)insn;
		j->buf[j->pos / 2 + 1] = (uint16_t)(insn >> 16);
	}
	j->pos += 4;
}

/* Stores a compressed instruction (bpf_jit.h). */
void
riscv_emit16(struct rv_jit *j, uint32_t insn)
{
	if (j->buf && j->pos + 2 <= j->cap)
		j->buf[j->pos / 2] = (uint16_t)insn;
	j->pos += 2;
}

/* rd = rs: c.mv, or addi for x0 (bpf_jit.h). */
void
riscv_emit_mv(struct rv_jit *j, unsigned rd, unsigned rs)
{
	if (rd == rs)
		return;
	if (rd && rs)
		riscv_emit16(j, rvc_cr(false, rd, rs));
	else
		riscv_emit32(j, rv_i(RV_OP_IMM, RV_ADD, rd, rs, 0));
}

/* rd = rs + imm, 12 bits (bpf_jit.h). */
void
riscv_emit_addi(struct rv_jit *j, unsigned rd, unsigned rs, int32_t imm)
{
	if (!imm && rs)
		riscv_emit_mv(j, rd, rs);
	else if (rd && rd == rs && rv_fits(imm, 6))
		riscv_emit16(j, rvc_ci(0, 1, rd, imm));		/* c.addi */
	else if (rd && rs == RV_ZERO && rv_fits(imm, 6))
		riscv_emit16(j, rvc_ci(2, 1, rd, imm));		/* c.li */
	else
		riscv_emit32(j, rv_i(RV_OP_IMM, RV_ADD, rd, rs, imm));
}

/* rd = rs << sh (bpf_jit.h). */
void
riscv_emit_slli(struct rv_jit *j, unsigned rd, unsigned rs, unsigned sh)
{
	if (rd && rd == rs && sh)
		riscv_emit16(j, rvc_ci(0, 2, rd, sh));		/* c.slli */
	else
		riscv_emit32(j, rv_i(RV_OP_IMM, RV_SLL, rd, rs, sh));
}

/* rd = rs >> sh, arithmetic or logical (bpf_jit.h). */
void
riscv_emit_srl(struct rv_jit *j, unsigned rd, unsigned rs, unsigned sh,
	       bool arith)
{
	if (rd == rs && rvc_reg(rd) && sh)
		riscv_emit16(j, rvc_cbi(arith, rd, sh));	/* c.srai, c.srli */
	else
		riscv_emit32(j, rv_i(RV_OP_IMM, RV_SRL, rd, rs,
				     (arith ? 0x400 : 0) | sh));
}

/* rd = rs's low word, zero-extended (bpf_jit.h). */
void
riscv_emit_zext32(struct rv_jit *j, unsigned rd, unsigned rs)
{
	riscv_emit_slli(j, rd, rs, 32);
	riscv_emit_srl(j, rd, rd, 32, false);
}

/*
 * rd = v: a 32-bit value in lui + addiw (or one addi); a wider one as
 * the value above its low 12 bits, shifted right past its trailing
 * zeros, loaded the same way, then shifted back and the low 12 added.
 */
void
riscv_emit_li(struct rv_jit *j, unsigned rd, int64_t v)
{
	int64_t lo = (int64_t)((uint64_t)v << 52) >> 52;

	if (rv_fits(v, 12)) {
		riscv_emit_addi(j, rd, RV_ZERO, (int32_t)v);
		return;
	}
	if (rv_fits(v, 32)) {
		uint32_t hi = (uint32_t)((v + 0x800) >> 12) & 0xfffff;

		int32_t shi = (int32_t)(hi << 12) >> 12;	/* never 0 here */

		if (rd != RV_SP && rv_fits(shi, 6))
			riscv_emit16(j, rvc_ci(3, 1, rd, shi));	/* c.lui */
		else
			riscv_emit32(j, rv_u(RV_OP_LUI, rd, hi));
		if (lo) {
			if (rv_fits(lo, 6))
				riscv_emit16(j, rvc_ci(1, 1, rd, (int32_t)lo));	/* c.addiw */
			else
				riscv_emit32(j, rv_i(RV_OP_IMM32, RV_ADD, rd, rd, (int32_t)lo));
		}
		return;
	}
	uint64_t rest = (uint64_t)v - (uint64_t)lo;
	unsigned sh = 12;

	while (!(rest >> sh & 1))	/* no ctz: the kernel links no libgcc */
		sh++;
	riscv_emit_li(j, rd, (int64_t)rest >> sh);
	riscv_emit_slli(j, rd, rd, sh);
	riscv_emit_addi(j, rd, rd, (int32_t)lo);
}

/* The CA form's funct2 for f3 of a compressible R-type, or -1. */
static int
ca_f2(unsigned f3, unsigned f7, bool word)
{
	if (word)
		return f7 == RV_F7_SUB && f3 == RV_ADD ? 0 :
		       !f7 && f3 == RV_ADD ? 1 : -1;
	if (f7 == RV_F7_SUB)
		return f3 == RV_ADD ? 0 : -1;
	if (f7)
		return -1;
	return f3 == RV_XOR ? 1 : f3 == RV_OR ? 2 : f3 == RV_AND ? 3 : -1;
}

/* R-type, c.add or a CA form where it fits (bpf_jit.h). */
void
riscv_emit_alu(struct rv_jit *j, unsigned f3, unsigned f7, bool word,
	       unsigned rd, unsigned rs1, unsigned rs2)
{
	int f2 = ca_f2(f3, f7, word);

	unsigned other = rd == rs1 ? rs2 : rd == rs2 ? rs1 : RV_ZERO;

	if (!word && !f7 && f3 == RV_ADD && rd && other) {
		riscv_emit16(j, rvc_cr(true, rd, other));		/* c.add */
		return;
	}
	if (f2 >= 0 && rd == rs1 && rvc_reg(rd) && rvc_reg(rs2)) {
		riscv_emit16(j, rvc_ca(word, (unsigned)f2, rd, rs2));
		return;
	}
	riscv_emit32(j, rv_r(word ? RV_OP_REG32 : RV_OP_REG, f3, f7, rd, rs1, rs2));
}

/* I-type, c.addi, c.andi or c.addiw where it fits (bpf_jit.h). */
void
riscv_emit_alui(struct rv_jit *j, unsigned f3, bool word, unsigned rd,
		unsigned rs1, int32_t imm)
{
	if (!word && f3 == RV_ADD) {
		riscv_emit_addi(j, rd, rs1, imm);
		return;
	}
	if (!word && f3 == RV_AND && rd == rs1 && rvc_reg(rd) && rv_fits(imm, 6)) {
		riscv_emit16(j, rvc_cbi(2, rd, imm));		/* c.andi */
		return;
	}
	if (word && f3 == RV_ADD && rd && rd == rs1 && rv_fits(imm, 6)) {
		riscv_emit16(j, rvc_ci(1, 1, rd, imm));		/* c.addiw */
		return;
	}
	riscv_emit32(j, rv_i(word ? RV_OP_IMM32 : RV_OP_IMM, f3, rd, rs1, imm));
}

/* The address off(base) as a base register and a 12-bit offset: base
 * itself, or TMP3 = base + off with 0. */
static unsigned
addr12(struct rv_jit *j, unsigned base, int32_t *off)
{
	if (rv_fits(*off, 12))
		return base;
	riscv_emit_li(j, TMP3, *off);
	riscv_emit_alu(j, RV_ADD, 0, false, TMP3, TMP3, base);
	*off = 0;
	return TMP3;
}

/*
 * A load (f3 0 lb, 1 lh, 2 lw, 3 ld, 4 lbu, 5 lhu, 6 lwu) or store (0 sb,
 * 1 sh, 2 sw, 3 sd) of r at off(base): c.lw/c.ld/c.sw/c.sd, or their
 * sp-relative forms, when the registers and an aligned offset fit.
 * Returns where that instruction begins (past addr12's).
 */
static uint32_t
access(struct rv_jit *j, bool store, unsigned f3, unsigned r, unsigned base,
       int32_t off)
{
	base = addr12(j, base, &off);
	bool w = f3 == 2, d = f3 == 3;
	uint32_t at = j->pos;

	if ((w || d) && off >= 0 && !(off & (d ? 7 : 3))) {
		if (base == RV_SP && d && (store || r) && off < 512) {
			riscv_emit16(j, store ? rvc_sdsp(r, off) : rvc_ldsp(r, off));
			return at;
		}
		if (rvc_reg(base) && rvc_reg(r) && off < (d ? 256 : 128)) {
			riscv_emit16(j, rvc_mem(store, d, r, base, off));
			return at;
		}
	}
	riscv_emit32(j, store ? rv_s(f3, base, r, off)
			      : rv_i(RV_OP_LOAD, f3, r, base, off));
	return at;
}

/* rd = the f3-sized value at off(base) (bpf_jit.h). */
uint32_t
riscv_emit_load(struct rv_jit *j, unsigned f3, unsigned rd, unsigned base,
		int32_t off)
{
	return access(j, false, f3, rd, base, off);
}

/* The f3-sized value at off(base) = rs (bpf_jit.h). */
void
riscv_emit_store(struct rv_jit *j, unsigned f3, unsigned rs, unsigned base,
		 int32_t off)
{
	access(j, true, f3, rs, base, off);
}

/* jal x0 to target, 4 bytes. -ERANGE beyond ±1 MiB. */
static int
jal(struct rv_jit *j, uint32_t target)
{
	int64_t off = (int64_t)target - j->pos;

	if (!j->sizing && !rv_fits(off, 21))
		return -ERANGE;
	riscv_emit32(j, rv_jal(RV_ZERO, (int32_t)off));
	return 0;
}

/*
 * A conditional branch to target: c.beqz/c.bnez or a branch when in
 * reach, else the inverted branch over a jal. While sizing, the longest.
 */
int
riscv_emit_branch(struct rv_jit *j, unsigned f3, unsigned rs1, unsigned rs2,
	  uint32_t target)
{
	int64_t off = (int64_t)target - j->pos;

	if (!j->sizing) {
		if ((f3 == RV_BEQ || f3 == RV_BNE) && rs2 == RV_ZERO &&
		    rvc_reg(rs1) && rv_fits(off, 9)) {
			riscv_emit16(j, rvc_bz(f3 == RV_BNE, rs1, (int32_t)off));
			return 0;
		}
		if (rv_fits(off, 13)) {
			riscv_emit32(j, rv_b(f3, rs1, rs2, (int32_t)off));
			return 0;
		}
	}
	riscv_emit32(j, rv_b(f3 ^ 1, rs1, rs2, 8));	/* funct3 ^ 1: the opposite */
	return jal(j, target);
}

/* jal x0 (c.j when it reaches; jal while sizing). */
int
riscv_emit_jump(struct rv_jit *j, uint32_t target)
{
	int64_t off = (int64_t)target - j->pos;

	if (!j->sizing && rv_fits(off, 12)) {
		riscv_emit16(j, rvc_j((int32_t)off));
		return 0;
	}
	return jal(j, target);
}

/*
 * A call to addr outside the image: auipc + jalr when within ±2 GiB of
 * where it is emitted, else the address loaded whole into TMP3. While
 * sizing (the image's address unknown), the longer of the two.
 */
void
riscv_emit_call_abs(struct rv_jit *j, uintptr_t addr)
{
	int64_t off = (int64_t)(addr - (j->base + j->pos));
	int32_t lo = (int32_t)((int64_t)((uint64_t)off << 52) >> 52);
	uint32_t start = j->pos;

	if (!j->sizing && rv_fits(off - lo, 32)) {
		riscv_emit32(j, rv_u(RV_OP_AUIPC, RV_RA,
				  (uint32_t)((off - lo) >> 12) & 0xfffff));
		riscv_emit32(j, rv_i(RV_OP_JALR, 0, RV_RA, RV_RA, lo));
		return;
	}
	riscv_emit_li(j, TMP3, (int64_t)addr);
	riscv_emit32(j, rv_i(RV_OP_JALR, 0, RV_RA, TMP3, 0));
	if (j->sizing && j->pos - start < 8)
		j->pos = start + 8;
}
