/*
 * The JIT's translation of one eBPF instruction into RV64IMAC (RFC 9669's
 * semantics, as the interpreter runs them): ALU results of 32-bit
 * operations zero-extended; division by zero gives 0 and modulo by zero
 * leaves dst (RISC-V's divide gives all ones, its remainder the
 * dividend); shifts masked as RISC-V masks them; atomics fully ordered.
 */
#include <ebreak/errno.h>
#include "bpf_jit.h"

#define D(in) bpf_jit_regmap[(in)->dst_reg]
#define S(in) bpf_jit_regmap[(in)->src_reg]

/* A register holding imm: x0 for 0, else TMP1 loaded with it. */
static unsigned
imm_reg(struct rv_jit *j, int32_t imm)
{
	if (!imm)
		return RV_ZERO;
	riscv_emit_li(j, TMP1, imm);
	return TMP1;
}

/* The register holding an ALU or jump's source operand: src or imm. */
static unsigned
operand(struct rv_jit *j, const struct bpf_insn *in)
{
	return BPF_SRC(in->code) == BPF_X ? S(in) : imm_reg(j, in->imm);
}

/* div, mod, sdiv, smod (in->off 1: signed). */
static void
divmod(struct rv_jit *j, const struct bpf_insn *in, bool word)
{
	bool div = BPF_OP(in->code) == BPF_DIV, sign = in->off == 1;
	unsigned f3 = div ? (sign ? RV_DIV : RV_DIVU) : (sign ? RV_REM : RV_REMU);
	unsigned d = D(in), s;

	if (BPF_SRC(in->code) == BPF_K && !in->imm) {
		if (div)
			riscv_emit_li(j, d, 0);
		return;		/* x % 0 = x */
	}
	if (BPF_SRC(in->code) == BPF_K || !div) {
		/* A nonzero constant, or a remainder: RISC-V's by zero is
		 * the dividend, as eBPF's. */
		s = operand(j, in);
		riscv_emit_alu(j, f3, RV_F7_MULDIV, word, d, d, s);
		return;
	}
	/* TMP0 = src (its low word) ? all ones : 0, and the quotient with it. */
	s = S(in);
	if (word) {
		riscv_emit_slli(j, TMP0, s, 32);
		riscv_emit_alui(j, RV_SLTU, false, TMP0, TMP0, 1);
	} else {
		riscv_emit_alui(j, RV_SLTU, false, TMP0, s, 1);
	}
	riscv_emit_addi(j, TMP0, TMP0, -1);
	riscv_emit_alu(j, f3, RV_F7_MULDIV, word, d, d, s);
	riscv_emit_alu(j, RV_AND, 0, false, d, d, TMP0);
}

/* Shifts: RISC-V masks the count to 6 bits (5 for the *w forms). */
static void
shift(struct rv_jit *j, const struct bpf_insn *in, bool word)
{
	int op = BPF_OP(in->code);
	unsigned f3 = op == BPF_LSH ? RV_SLL : RV_SRL;
	unsigned d = D(in);

	if (BPF_SRC(in->code) == BPF_X) {
		riscv_emit_alu(j, f3, op == BPF_ARSH ? RV_F7_SUB : 0, word, d, d, S(in));
		return;
	}
	unsigned sh = (unsigned)in->imm & (word ? 31 : 63);

	if (word)
		riscv_emit_alui(j, f3, true, d, d, (op == BPF_ARSH ? 0x400 : 0) | sh);
	else if (op == BPF_LSH)
		riscv_emit_slli(j, d, d, sh);
	else if (op == BPF_RSH)
		riscv_emit_srl(j, d, d, sh, false);
	else
		riscv_emit_srl(j, d, d, sh, true);
}

/* mov and movsx (off 8, 16, 32: sign-extending from that width), the
 * 32-bit forms zero-extended. */
static void
mov(struct rv_jit *j, const struct bpf_insn *in, bool word)
{
	unsigned d = D(in), s = S(in);

	if (BPF_SRC(in->code) == BPF_K) {
		riscv_emit_li(j, d, word ? (int64_t)(uint32_t)in->imm : in->imm);
		return;
	}
	if (in->off == 32) {
		riscv_emit_alui(j, RV_ADD, true, d, s, 0);	/* sext.w */
	} else if (in->off) {
		riscv_emit_slli(j, d, s, 64 - in->off);
		riscv_emit_srl(j, d, d, 64 - in->off, true);
	} else {
		if (word)
			riscv_emit_zext32(j, d, s);
		else
			riscv_emit_mv(j, d, s);
		return;
	}
	if (word)
		riscv_emit_zext32(j, d, d);
}

/* dst's low `bits` bits, byte-reversed, zero-extended: built a byte at a
 * time in TMP1 (RV64IMAC has no byte swap). */
static void
bswap(struct rv_jit *j, unsigned d, unsigned bits)
{
	riscv_emit_alui(j, RV_AND, false, TMP1, d, 0xff);
	for (unsigned b = 8; b < bits; b += 8) {
		riscv_emit_slli(j, TMP1, TMP1, 8);
		riscv_emit_srl(j, d, d, 8, false);
		riscv_emit_alui(j, RV_AND, false, TMP0, d, 0xff);
		riscv_emit_alu(j, RV_OR, 0, false, TMP1, TMP1, TMP0);
	}
	riscv_emit_mv(j, d, TMP1);
}

/* END: to little endian truncates (this is a little-endian machine), to
 * big endian and ALU64's bswap reverse. */
static void
endian(struct rv_jit *j, const struct bpf_insn *in)
{
	unsigned d = D(in);

	if (BPF_CLASS(in->code) == BPF_ALU64 || BPF_SRC(in->code) == BPF_TO_BE)
		bswap(j, d, in->imm);
	else if (in->imm == 16) {
		riscv_emit_slli(j, d, d, 48);
		riscv_emit_srl(j, d, d, 48, false);
	} else if (in->imm == 32) {
		riscv_emit_zext32(j, d, d);
	}
}

/* add, sub, and, or, xor, mul: with a 12-bit constant in the I form. */
static void
arith(struct rv_jit *j, const struct bpf_insn *in, bool word)
{
	static const uint8_t f3[16] = {
		[BPF_ADD >> 4] = RV_ADD, [BPF_SUB >> 4] = RV_ADD,
		[BPF_MUL >> 4] = RV_MUL, [BPF_OR >> 4] = RV_OR,
		[BPF_AND >> 4] = RV_AND, [BPF_XOR >> 4] = RV_XOR,
	};
	int op = BPF_OP(in->code);
	unsigned d = D(in), f = f3[op >> 4];
	/* and, or, xor on all 64 bits: the low 32 are the same */
	bool w = word && (op == BPF_ADD || op == BPF_SUB || op == BPF_MUL);
	int64_t imm = op == BPF_SUB ? -(int64_t)in->imm : in->imm;

	if (BPF_SRC(in->code) == BPF_K && op != BPF_MUL && rv_fits(imm, 12)) {
		riscv_emit_alui(j, f, w, d, d, (int32_t)imm);
		return;
	}
	riscv_emit_alu(j, f, op == BPF_SUB ? RV_F7_SUB :
		       op == BPF_MUL ? RV_F7_MULDIV : 0, w, d, d, operand(j, in));
}

static int
alu(struct rv_jit *j, const struct bpf_insn *in)
{
	bool word = BPF_CLASS(in->code) == BPF_ALU;
	int op = BPF_OP(in->code);

	switch (op) {
	case BPF_ADD: case BPF_SUB: case BPF_MUL: case BPF_OR: case BPF_AND:
	case BPF_XOR:
		arith(j, in, word);
		break;
	case BPF_DIV: case BPF_MOD:
		divmod(j, in, word);
		break;
	case BPF_LSH: case BPF_RSH: case BPF_ARSH:
		shift(j, in, word);
		break;
	case BPF_NEG:
		riscv_emit_alu(j, RV_ADD, RV_F7_SUB, word, D(in), RV_ZERO, D(in));
		break;
	case BPF_MOV:
		mov(j, in, word);
		return 0;
	case BPF_END:
		endian(j, in);
		return 0;
	default:
		return -EINVAL;
	}
	if (word)
		riscv_emit_zext32(j, D(in), D(in));
	return 0;
}

/* Conditional jumps: JMP32 compares the low words sign-extended, which
 * orders them as unsigned and as signed values alike. */
static int
jcc(struct rv_jit *j, const struct bpf_insn *in, size_t i)
{
	static const struct { uint8_t f3, swap; } cc[16] = {
		[BPF_JEQ >> 4] = { RV_BEQ, 0 }, [BPF_JNE >> 4] = { RV_BNE, 0 },
		[BPF_JGT >> 4] = { RV_BLTU, 1 }, [BPF_JGE >> 4] = { RV_BGEU, 0 },
		[BPF_JLT >> 4] = { RV_BLTU, 0 }, [BPF_JLE >> 4] = { RV_BGEU, 1 },
		[BPF_JSGT >> 4] = { RV_BLT, 1 }, [BPF_JSGE >> 4] = { RV_BGE, 0 },
		[BPF_JSLT >> 4] = { RV_BLT, 0 }, [BPF_JSLE >> 4] = { RV_BGE, 1 },
	};
	bool word = BPF_CLASS(in->code) == BPF_JMP32;
	int op = BPF_OP(in->code);
	uint32_t target = j->off[i + 1 + in->off];
	unsigned a = D(in), b;

	if (op == BPF_JSET) {
		if (BPF_SRC(in->code) == BPF_K && rv_fits(in->imm, 12))
			riscv_emit_alui(j, RV_AND, false, TMP0, a, in->imm);
		else
			riscv_emit_alu(j, RV_AND, 0, false, TMP0, a, operand(j, in));
		if (word)
			riscv_emit_slli(j, TMP0, TMP0, 32);
		return riscv_emit_branch(j, RV_BNE, TMP0, RV_ZERO, target);
	}
	b = operand(j, in);
	if (word) {
		riscv_emit_alui(j, RV_ADD, true, TMP0, a, 0);
		a = TMP0;
		if (BPF_SRC(in->code) == BPF_X) {
			riscv_emit_alui(j, RV_ADD, true, TMP1, b, 0);
			b = TMP1;
		}	/* a constant is loaded sign-extended already */
	}
	if (cc[op >> 4].swap)
		return riscv_emit_branch(j, cc[op >> 4].f3, b, a, target);
	return riscv_emit_branch(j, cc[op >> 4].f3, a, b, target);
}

/* RISC-V load funct3 by BPF_SIZE() >> 3 (W, H, B, DW): zero-extending
 * and sign-extending (MEMSX); stores likewise. */
static const uint8_t ld_f3[4] = { 6, 5, 4, 3 }, ldsx_f3[4] = { 2, 1, 0, 3 },
	st_f3[4] = { 2, 1, 0, 3 };

/* Atomic op in->imm on the word or doubleword at off(dst) with src. */
static void
atomic(struct rv_jit *j, const struct bpf_insn *in)
{
	bool dw = BPF_SIZE(in->code) == BPF_DW;
	unsigned d = D(in), s = S(in), f5, a = in->off ? TMP0 : d;

	if (!rv_fits(in->off, 12)) {
		riscv_emit_li(j, TMP0, in->off);
		riscv_emit_alu(j, RV_ADD, 0, false, TMP0, TMP0, d);
	} else {
		riscv_emit_addi(j, a, d, in->off);
	}
	if (in->imm == BPF_CMPXCHG) {
		unsigned r0 = bpf_jit_regmap[BPF_REG_0];

		/* TMP1 = r0 as lr loads it (a word sign-extended);
		 * loop: TMP2 = *addr; if != TMP1 done; sc; retry if lost. */
		riscv_emit_alui(j, RV_ADD, !dw, TMP1, r0, 0);
		riscv_emit32(j, rv_amo(RV_LR, true, true, dw, TMP2, a, 0));
		riscv_emit32(j, rv_b(RV_BNE, TMP2, TMP1, 12));
		riscv_emit32(j, rv_amo(RV_SC, false, true, dw, TMP3, a, s));
		riscv_emit32(j, rv_b(RV_BNE, TMP3, RV_ZERO, -12));
		if (dw)
			riscv_emit_mv(j, r0, TMP2);
		else
			riscv_emit_zext32(j, r0, TMP2);
		return;
	}
	switch (in->imm & ~BPF_FETCH) {
	case BPF_ADD: f5 = RV_AMOADD; break;
	case BPF_OR: f5 = RV_AMOOR; break;
	case BPF_AND: f5 = RV_AMOAND; break;
	case BPF_XOR: f5 = RV_AMOXOR; break;
	default: f5 = RV_AMOSWAP; break;	/* BPF_XCHG */
	}
	bool fetch = in->imm & BPF_FETCH;

	riscv_emit32(j, rv_amo(f5, true, true, dw, fetch ? s : RV_ZERO, a, s));
	if (fetch && !dw)
		riscv_emit_zext32(j, s, s);
}

/* rd = the address of a function of the image at byte offset entry
 * (lddw of a callback's, BPF_PSEUDO_FUNC: bpf_loop calls it as C calls
 * a function): auipc + addi, the same 8 bytes in every pass. */
static void
emit_func_addr(struct rv_jit *j, unsigned rd, uint32_t entry)
{
	int64_t off = (int64_t)entry - j->pos;
	int32_t lo = (int32_t)((int64_t)((uint64_t)off << 52) >> 52);

	riscv_emit32(j, rv_u(RV_OP_AUIPC, rd, (uint32_t)((off - lo) >> 12) & 0xfffff));
	riscv_emit32(j, rv_i(RV_OP_IMM, 0, rd, rd, lo));
}

/*
 * The load at image offset at, which writes rd, goes through a kernel
 * struct pointer (prog->probe_mem): a plain load with an extable entry,
 * so that a fault there reads 0 and goes on past it (eb_extable_fixup,
 * from the kernel's fault path), as Linux's BPF_PROBE_MEM loads.
 */
static void
may_fault(struct rv_jit *j, uint32_t at, unsigned rd)
{
	j->extable[j->nextable++] = (struct eb_extable_entry){
		.off = at, .len = (uint8_t)(j->pos - at), .reg = (uint8_t)rd };
}

static int
mem(struct rv_jit *j, const struct bpf_insn *in, size_t i)
{
	int size = BPF_SIZE(in->code) >> 3;
	uint32_t at;
	int r;
	uint64_t v;

	switch (BPF_CLASS(in->code)) {
	case BPF_LD:
		if (in->src_reg == BPF_PSEUDO_FUNC) {
			emit_func_addr(j, D(in), j->entry[i + 1 + in->imm]);
			return 0;
		}
		if ((r = bpf_prog_lddw_value(j->prog, i, &v, NULL, 0)))
			return r;
		riscv_emit_li(j, D(in), (int64_t)v);
		return 0;
	case BPF_LDX:
		at = riscv_emit_load(j, BPF_MODE(in->code) == BPF_MEMSX ?
				     ldsx_f3[size] : ld_f3[size], D(in), S(in),
				     in->off);
		if (j->prog->probe_mem && j->prog->probe_mem[i])
			may_fault(j, at, D(in));
		return 0;
	case BPF_ST:
		riscv_emit_store(j, st_f3[size], imm_reg(j, in->imm), D(in), in->off);
		return 0;
	default:
		if (BPF_MODE(in->code) == BPF_ATOMIC)
			atomic(j, in);
		else
			riscv_emit_store(j, st_f3[size], S(in), D(in), in->off);
		return 0;
	}
}

/* Emits eBPF instruction i (bpf_jit.h). */
int
bpf_jit_emit_insn(struct rv_jit *j, size_t i)
{
	const struct bpf_insn *in = &j->prog->insns[i];
	int op = BPF_OP(in->code);

	switch (BPF_CLASS(in->code)) {
	case BPF_ALU:
	case BPF_ALU64:
		return alu(j, in);
	case BPF_JMP:
	case BPF_JMP32:
		if (op == BPF_JA)
			return riscv_emit_jump(j, j->off[i + 1 + (BPF_CLASS(in->code) ==
							  BPF_JMP32 ? in->imm : in->off)]);
		if (op == BPF_CALL)
			return bpf_jit_emit_call(j, i);
		if (op == BPF_EXIT)
			return bpf_jit_emit_exit(j, i);
		return jcc(j, in, i);
	default:
		return mem(j, in, i);
	}
}
