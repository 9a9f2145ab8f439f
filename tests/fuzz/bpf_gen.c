/* The verifier fuzzer's program generator (bpf_gen.h). */
#include <string.h>
#include "bpf_gen.h"

#define MAX_INSNS 256

static struct bpf_insn
insn(uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm)
{
	return (struct bpf_insn){ .code = code, .dst_reg = dst, .src_reg = src,
				  .off = off, .imm = imm };
}

static const uint8_t alu_ops[] = {
	BPF_ADD, BPF_SUB, BPF_MUL, BPF_DIV, BPF_OR, BPF_AND, BPF_LSH, BPF_RSH,
	BPF_NEG, BPF_MOD, BPF_XOR, BPF_MOV, BPF_ARSH, BPF_END,
};
static const uint8_t jmp_ops[] = {
	BPF_JEQ, BPF_JGT, BPF_JGE, BPF_JSET, BPF_JNE, BPF_JSGT, BPF_JSGE,
	BPF_JLT, BPF_JLE, BPF_JSLT, BPF_JSLE,
};
static const uint8_t sizes[] = { BPF_B, BPF_H, BPF_W, BPF_DW };
static const int32_t imms[] = { 0, 1, 2, 7, 8, 16, 31, 32, 63, 64, -1, -8,
				0x7fffffff, (int32_t)0x80000000 };
static const int32_t atomic_ops[] = {
	BPF_ADD, BPF_AND, BPF_OR, BPF_XOR, BPF_ADD | BPF_FETCH,
	BPF_AND | BPF_FETCH, BPF_OR | BPF_FETCH, BPF_XOR | BPF_FETCH,
	BPF_XCHG, BPF_CMPXCHG,
};
static const int32_t helpers[] = { 1, 2, 3, 5, 7, 8 };

#define PICK(a, b) ((a)[(b) % (sizeof(a) / sizeof((a)[0]))])

/* A base register for a memory access and an offset likely in range. */
static void
mem_operand(const uint8_t *b, uint32_t ctx_size, uint8_t *reg, int16_t *off)
{
	switch (b[2] % 4) {
	case 0:
	case 1:
		*reg = BPF_REG_10;
		*off = -(int16_t)(b[3] % 64 + 1) * (b[4] & 1 ? 8 : 1);
		break;
	case 2:
		*reg = BPF_REG_1;
		*off = ctx_size ? (int16_t)(b[3] % ctx_size) : 0;
		break;
	default:
		*reg = b[3] % 10;	/* whatever it holds: r0 after a lookup */
		*off = (int16_t)(b[4] % 32) - 4;
	}
}

/*
 * Appends the instructions one 8-byte chunk b makes at out[n..]; returns
 * how many (0 if they would not fit). pos is n, len the planned length
 * (for jump targets).
 */
static size_t
gen(const uint8_t *b, struct bpf_insn *out, size_t n, size_t len,
    uint32_t ctx_size)
{
	uint8_t dst = b[1] % 10, src = (b[1] >> 4) % 11, op, reg;

	if (dst == BPF_REG_1 && b[2] & 7)
		dst = BPF_REG_6;	/* keep the context pointer, mostly */
	int32_t imm = b[5] & 1 ? PICK(imms, b[6]) :
		(int32_t)(b[4] | b[5] << 8 | b[6] << 16 | (uint32_t)b[7] << 24);
	int16_t off, jmp = (int16_t)(b[7] % 12) - 3;
	bool x = b[0] & 0x80, wide = b[0] & 0x40;

	if (jmp + (long)n + 1 < 0 || jmp + n + 1 >= len)
		jmp = 0;
	switch (b[0] % 15) {
	case 0: case 1: case 2:
		op = PICK(alu_ops, b[2]);
		if (op == BPF_END) {
			imm = 16 << (b[3] % 3);
			x = !wide && x;
		} else if (op == BPF_NEG) {
			x = false;
			imm = 0;
		}
		off = (op == BPF_DIV || op == BPF_MOD) ? b[3] & 1 : 0;
		if (op == BPF_MOV && x && b[3] % 4 == 0)
			off = PICK(((const int16_t[]){ 8, 16, 32 }), b[4]);
		if (op == BPF_MOV && !wide && off == 32)
			off = 16;
		out[n] = insn((wide ? BPF_ALU64 : BPF_ALU) | op | (x ? BPF_X : BPF_K),
			      dst, x ? src : 0, off, x && op != BPF_END ? 0 : imm);
		return 1;
	case 3:
		mem_operand(b, ctx_size, &reg, &off);
		out[n] = insn(BPF_LDX | PICK(sizes, b[5]) |
			      (b[6] % 8 == 0 && b[5] % 4 != 3 ? BPF_MEMSX : BPF_MEM),
			      dst, reg, off, 0);
		return 1;
	case 4:
		mem_operand(b, ctx_size, &reg, &off);
		if (x)
			out[n] = insn(BPF_STX | PICK(sizes, b[5]) | BPF_MEM, reg,
				      src, off, 0);
		else
			out[n] = insn(BPF_ST | PICK(sizes, b[5]) | BPF_MEM, reg, 0,
				      off, PICK(imms, b[6]));
		return 1;
	case 5: case 6:
		out[n] = insn((wide ? BPF_JMP32 : BPF_JMP) | PICK(jmp_ops, b[2]) |
			      (x ? BPF_X : BPF_K), dst, x ? src : 0, jmp,
			      x ? 0 : PICK(imms, b[6]));
		return 1;
	case 7:
		if (n + 2 > len)
			return 0;
		if (x) {	/* a map, maybe its direct value */
			uint8_t kind = b[3] & 1 ? BPF_PSEUDO_MAP_IDX_VALUE
						: BPF_PSEUDO_MAP_IDX;
			out[n] = insn(BPF_LD | BPF_IMM | BPF_DW, dst, kind, 0,
				      kind == BPF_PSEUDO_MAP_IDX ? b[4] & 1 : 0);
			out[n + 1] = insn(0, 0, 0, 0,
					  kind == BPF_PSEUDO_MAP_IDX ? 0 : b[5] % 16);
		} else {
			out[n] = insn(BPF_LD | BPF_IMM | BPF_DW, dst, 0, 0, imm);
			out[n + 1] = insn(0, 0, 0, 0, PICK(imms, b[6]));
		}
		return 2;
	case 8: {
		/* a lookup: key on the stack, null check, access the value */
		static const int16_t voff[] = { 0, 8, 16, 23, -1 };
		uint8_t m = b[3] & 1;

		if (n + 9 > len)
			return 0;
		out[n] = insn(BPF_ST | BPF_DW | BPF_MEM, BPF_REG_10, 0, -8, b[4] % 4);
		out[n + 1] = insn(BPF_ALU64 | BPF_MOV | BPF_X, 2, 10, 0, 0);
		out[n + 2] = insn(BPF_ALU64 | BPF_ADD | BPF_K, 2, 0, 0, -8);
		out[n + 3] = insn(BPF_LD | BPF_IMM | BPF_DW, 1, BPF_PSEUDO_MAP_IDX, 0, m);
		out[n + 4] = insn(0, 0, 0, 0, 0);
		out[n + 5] = insn(BPF_JMP | BPF_CALL, 0, 0, 0, 1);
		out[n + 6] = insn(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, b[5] & 1, 0);
		out[n + 7] = insn(BPF_LDX | PICK(sizes, b[6]) | BPF_MEM, dst, 0,
				  PICK(voff, b[7]), 0);
		out[n + 8] = insn(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 0);
		return 9;
	}
	case 9:
		mem_operand(b, ctx_size, &reg, &off);
		out[n] = insn(BPF_STX | (wide ? BPF_DW : BPF_W) | BPF_ATOMIC, reg,
			      src, off & ~(wide ? 7 : 3), PICK(atomic_ops, b[5]));
		return 1;
	case 10:
		if (x && jmp > 0) {
			out[n] = insn(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, jmp);
			return 1;
		}
		if (b[3] % 4 == 0) {
			/* bpf_loop(0..11, the callback, a stack slot, flags
			 * mostly 0); the lddw's offset is filled once the
			 * callback is placed (add_callback) */
			if (n + 7 > len)
				return 0;
			out[n] = insn(BPF_ALU64 | BPF_MOV | BPF_K, 1, 0, 0, b[4] % 12);
			out[n + 1] = insn(BPF_LD | BPF_IMM | BPF_DW, 2, BPF_PSEUDO_FUNC, 0, 0);
			out[n + 2] = insn(0, 0, 0, 0, 0);
			out[n + 3] = insn(BPF_ALU64 | BPF_MOV | BPF_X, 3, 10, 0, 0);
			out[n + 4] = insn(BPF_ALU64 | BPF_ADD | BPF_K, 3, 0, 0,
					  -8 * (1 + b[5] % 4));
			out[n + 5] = insn(BPF_ALU64 | BPF_MOV | BPF_K, 4, 0, 0, b[6] % 8 == 0);
			out[n + 6] = insn(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_loop);
			return 7;
		}
		out[n] = insn(BPF_JMP | BPF_CALL, 0, 0, 0, PICK(helpers, b[2]));
		return 1;
	case 11: {
		/* a ring buffer record: reserve, null check (mostly), a
		 * store, then submit or discard it, maybe at an offset, or
		 * keep it: the references' rules */
		static const int16_t roff[] = { 0, 8, 15, 16, 23, -1 };

		if (n + 11 > len)
			return 0;
		out[n] = insn(BPF_LD | BPF_IMM | BPF_DW, 1, BPF_PSEUDO_MAP_IDX, 0, 2);
		out[n + 1] = insn(0, 0, 0, 0, 0);
		out[n + 2] = insn(BPF_ALU64 | BPF_MOV | BPF_K, 2, 0, 0, 8 * (b[3] % 4));
		out[n + 3] = insn(BPF_ALU64 | BPF_MOV | BPF_K, 3, 0, 0, 0);
		out[n + 4] = insn(BPF_JMP | BPF_CALL, 0, 0, 0, 131);
		out[n + 5] = insn(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, b[4] % 8 ? 5 : 0, 0);
		out[n + 6] = insn(BPF_ST | PICK(sizes, b[5]) | BPF_MEM, 0, 0,
				  PICK(roff, b[6]), imm);
		out[n + 7] = insn(BPF_ALU64 | BPF_MOV | BPF_X, 1, 0, 0, 0);
		out[n + 8] = insn(BPF_ALU64 | BPF_ADD | BPF_K, 1, 0, 0,
				  b[7] % 8 ? 0 : 8);
		out[n + 9] = insn(BPF_ALU64 | BPF_MOV | BPF_K, 2, 0, 0, 0);
		out[n + 10] = b[7] % 16 == 1 ? insn(BPF_JMP | BPF_JA, 0, 0, 0, 0)
			    : insn(BPF_JMP | BPF_CALL, 0, 0, 0, 132 + (b[7] & 2) / 2);
		return 11;
	}
	case 12:
		/* memory at a variable offset: what range proofs are for
		 * (r9 = r1 + rX or r10 - rX, then an access through r9) */
		if (n + 3 > len)
			return 0;
		reg = b[3] & 1 ? BPF_REG_1 : BPF_REG_10;
		off = reg == BPF_REG_1 ? b[6] % 16 : -(b[6] % 16) - 1;
		out[n] = insn(BPF_ALU64 | BPF_MOV | BPF_X, 9, reg, 0, 0);
		out[n + 1] = insn(BPF_ALU64 | (reg == BPF_REG_1 ? BPF_ADD : BPF_SUB) |
				  BPF_X, 9, src % 9, 0, 0);
		out[n + 2] = x ? insn(BPF_STX | PICK(sizes, b[5]) | BPF_MEM, 9,
				      dst, off, 0)
			       : insn(BPF_LDX | PICK(sizes, b[5]) | BPF_MEM, dst, 9,
				      off, 0);
		return 3;
	case 13:
		/* a copy bounded by a compare: bounds reach the original */
		if (n + 2 > len)
			return 0;
		out[n] = insn(BPF_ALU64 | BPF_MOV | BPF_X, dst, src % 10, 0, 0);
		out[n + 1] = insn((wide ? BPF_JMP32 : BPF_JMP) | PICK(jmp_ops, b[2]) |
				  BPF_K, dst, 0, jmp > 0 ? jmp - 1 : 0,
				  PICK(imms, b[6]));
		return 2;
	default:
		if (x) {
			out[n] = insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
			return 1;
		}
		out[n] = insn(wide ? BPF_JMP32 | BPF_JA : BPF_JMP | BPF_JA, 0, 0,
			      wide ? 0 : jmp, wide ? jmp : 0);
		return 1;
	}
}

/*
 * If the n instructions at insns call bpf_loop, its callback after them:
 * it stores index * 7 into its context and stops at index 3, ending in
 * `mov r0, 0; exit` as main does. Returns the new count.
 */
static size_t
add_callback(struct bpf_insn *insns, size_t n)
{
	static const struct bpf_insn cb[] = {
		{ BPF_ALU64 | BPF_MOV | BPF_X, 0, 1, 0, 0 },
		{ BPF_ALU64 | BPF_MUL | BPF_K, 0, 0, 0, 7 },
		{ BPF_STX | BPF_DW | BPF_MEM, 2, 0, 0, 0 },
		{ BPF_JMP | BPF_JNE | BPF_K, 1, 0, 2, 3 },
		{ BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 1 },
		{ BPF_JMP | BPF_EXIT, 0, 0, 0, 0 },
		{ BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 0 },
		{ BPF_JMP | BPF_EXIT, 0, 0, 0, 0 },
	};
	bool calls = false;

	for (size_t i = 0; i < n; i++)
		if (insns[i].code == (BPF_LD | BPF_IMM | BPF_DW) &&
		    insns[i].src_reg == BPF_PSEUDO_FUNC) {
			insns[i].imm = (int32_t)(n - i - 1);
			calls = true;
		}
	if (!calls)
		return n;
	memcpy(insns + n, cb, sizeof(cb));
	return n + sizeof(cb) / sizeof(cb[0]);
}

/* Makes a program from data (bpf_gen.h). */
size_t
bpf_gen_program(const uint8_t *data, size_t size, struct bpf_insn *insns,
		struct bpf_verifier_env *env)
{
	size_t n = 0, i, len;

	if (size < 2)
		return 0;
	env->ctx_writable = data[0] & 1;
	env->ctx_size_in_r2 = data[0] & 1;
	env->ctx_size = data[1] % 129;
	data += 2;
	size -= 2;
	len = size / 8 < MAX_INSNS ? size / 8 : MAX_INSNS;
	if (data[-2] & 2) {
		memcpy(insns, data, len * sizeof(insns[0]));
		n = len;
	} else {
		/* Registers and some stack set first (bounded unknowns from
		 * the context or constants), so that most reads are of
		 * written values. */
		for (i = 0; i < 10; i++) {
			if (i == BPF_REG_1)
				continue;
			if (env->ctx_size && data[-2] & 4)
				insns[n++] = insn(BPF_LDX | BPF_B | BPF_MEM, i, 1,
						  (int16_t)(i % env->ctx_size), 0);
			else
				insns[n++] = insn(BPF_ALU64 | BPF_MOV | BPF_K, i, 0,
						  0, PICK(imms, i + data[-2]));
		}
		for (i = 1; i <= 8 && data[-2] & 8; i++)
			insns[n++] = insn(BPF_ST | BPF_DW | BPF_MEM, BPF_REG_10, 0,
					  (int16_t)(-8 * i), (int32_t)i);
		len += n;
		/* room for the final mov r0, 0; exit */
		for (i = 0; n < len; i++) {
			size_t k;

			if (8 * (i + 1) > size)
				break;
			k = gen(data + 8 * i, insns, n, len, env->ctx_size);
			if (!k)
				break;
			n += k;
		}
		insns[n++] = insn(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 0);
		insns[n++] = insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
		n = add_callback(insns, n);
	}
	return n;
}
