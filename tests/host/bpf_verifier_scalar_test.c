/*
 * The verifier's scalar arithmetic checked against the interpreter: for
 * random sets of values, the abstract result of each ALU operation on
 * their abstractions (ranges and tnums) must contain every concrete
 * result the interpreter computes, and what a conditional jump is said to
 * prove must hold for every pair of values that goes that way. A constant the verifier folds wrongly,
 * or a range it narrows too far, would let an access it proves in bounds
 * go out of bounds at run time.
 */
#include <stdlib.h>
#include <string.h>
#include "bpf/prog.h"
#include "bpf/verifier_impl.h"
#include "test.h"

#define SAMPLES 4

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t
next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Values around the edges where arithmetic goes wrong. */
static uint64_t
sample(uint64_t base)
{
	static const uint64_t edges[] = {
		0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff,
		0x80000000, 0xffffffff, 0x100000000ULL, 0x7fffffffffffffffULL,
		0x8000000000000000ULL, ~0ULL,
	};

	switch (next() % 4) {
	case 0:
		return edges[next() % (sizeof(edges) / sizeof(edges[0]))] +
		       (next() % 3) - 1;
	case 1:
		return base + next() % 16;
	case 2:
		return base - next() % 16;
	default:
		return next() >> (next() % 64);
	}
}

/* The abstraction of vals: the hulls and the tnum that hold them all. */
static void
abstract(struct bpf_reg_state *r, const uint64_t *vals, int n)
{
	uint64_t diff = 0;
	int i;

	eb_verifier_mark_reg_known(r, vals[0]);
	for (i = 1; i < n; i++) {
		diff |= vals[i] ^ vals[0];
		if (vals[i] < r->umin)
			r->umin = vals[i];
		if (vals[i] > r->umax)
			r->umax = vals[i];
		if ((int64_t)vals[i] < r->smin)
			r->smin = (int64_t)vals[i];
		if ((int64_t)vals[i] > r->smax)
			r->smax = (int64_t)vals[i];
	}
	r->var_off.mask = diff;
	r->var_off.value = vals[0] & ~diff;
	eb_verifier_reg_bounds_sync(r);
}

static bool
contains(const struct bpf_reg_state *r, uint64_t v)
{
	return r->type == SCALAR_VALUE && v >= r->umin && v <= r->umax &&
	       (int64_t)v >= r->smin && (int64_t)v <= r->smax &&
	       (v & ~r->var_off.mask) == r->var_off.value;
}

/* What the interpreter computes for insn with r0 = x, r1 = y: r0 after
 * it, or for a jump (to +2) whether it is taken. */
static uint64_t
run(struct bpf_insn op, uint64_t x, uint64_t y)
{
	struct bpf_insn p[] = {
		{ BPF_LD | BPF_IMM | BPF_DW, 0, 0, 0, (int32_t)x },
		{ 0, 0, 0, 0, (int32_t)(x >> 32) },
		{ BPF_LD | BPF_IMM | BPF_DW, 1, 0, 0, (int32_t)y },
		{ 0, 0, 0, 0, (int32_t)(y >> 32) },
		op,
		{ BPF_JMP | BPF_EXIT, 0, 0, 0, 0 },	/* ALU: r0 */
		{ BPF_JMP | BPF_EXIT, 0, 0, 0, 0 },
		{ BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 1 },	/* taken */
		{ BPF_JMP | BPF_EXIT, 0, 0, 0, 0 },
	};
	struct bpf_verifier_env env = { 0 };
	struct bpf_prog *prog;
	char log[256];
	uint64_t r;
	bool jmp = BPF_CLASS(op.code) == BPF_JMP || BPF_CLASS(op.code) == BPF_JMP32;

	if (jmp)
		p[5] = (struct bpf_insn){ BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 0 };
	/* An ALU op's program ends at its exit: the verifier refuses
	 * unreachable instructions. */
	if (bpf_prog_load_env(p, jmp ? 9 : 6, &env, &prog, log, sizeof(log))) {
		fprintf(stderr, "  load: %s\n", log);
		return 0;
	}
	r = bpf_prog_run(prog, log);
	bpf_prog_free(prog);
	return r;
}

/* Applies insn (dst r0, src r1) to abstract registers, as eb_verifier_check_alu. */
static void
abstract_op(struct bpf_insn in, struct bpf_reg_state *a,
	    const struct bpf_reg_state *b)
{
	uint8_t op = BPF_OP(in.code);
	bool alu64 = BPF_CLASS(in.code) == BPF_ALU64;
	struct bpf_reg_state zero;

	if (op == BPF_END) {
		eb_verifier_scalar_end(a, alu64, BPF_SRC(in.code) == BPF_TO_BE, in.imm);
	} else if (op == BPF_NEG) {
		eb_verifier_mark_reg_known(&zero, 0);
		eb_verifier_scalar_alu(&zero, a, BPF_SUB, 0, alu64);
		*a = zero;
	} else if (op == BPF_MOV) {
		*a = *b;
		eb_verifier_scalar_movsx(a, in.off, alu64);
	} else {
		eb_verifier_scalar_alu(a, b, op, in.off, alu64);
	}
}

static int
check_op(struct bpf_insn in, const char *name, int rounds)
{
	uint64_t xs[SAMPLES], ys[SAMPLES], base;
	struct bpf_reg_state a, b, r;
	int i, j, k, n, bad = 0;

	for (k = 0; k < rounds && bad < 3; k++) {
		n = 1 + next() % SAMPLES;	/* 1: constants */
		base = sample(next());
		for (i = 0; i < n; i++)
			xs[i] = sample(base);
		base = sample(next());
		for (i = 0; i < n; i++)
			ys[i] = sample(base);
		if (next() % 3 == 0)	/* a range and a constant (imm) */
			for (i = 1; i < n; i++)
				ys[i] = ys[0];
		abstract(&a, xs, n);
		abstract(&b, ys, n);
		r = a;
		abstract_op(in, &r, &b);
		for (i = 0; i < n; i++)
			for (j = 0; j < n; j++) {
				uint64_t c = run(in, xs[i], ys[j]);

				if (contains(&r, c))
					continue;
				fprintf(stderr, "  %s 0x%llx, 0x%llx = 0x%llx, outside "
					"u[0x%llx, 0x%llx] s[%lld, %lld] t(0x%llx/0x%llx)\n",
					name, (unsigned long long)xs[i],
					(unsigned long long)ys[j],
					(unsigned long long)c,
					(unsigned long long)r.umin,
					(unsigned long long)r.umax,
					(long long)r.smin, (long long)r.smax,
					(unsigned long long)r.var_off.value,
					(unsigned long long)r.var_off.mask);
				bad++;
			}
	}
	return bad;
}

#define X(cls, op, off) { (cls) | (op) | BPF_X, 0, 1, (off), 0 }

TEST(scalar_alu_contains_interpreter_results)
{
	static const struct { struct bpf_insn in; const char *name; } ops[] = {
		{ X(BPF_ALU64, BPF_ADD, 0), "add" }, { X(BPF_ALU, BPF_ADD, 0), "add32" },
		{ X(BPF_ALU64, BPF_SUB, 0), "sub" }, { X(BPF_ALU, BPF_SUB, 0), "sub32" },
		{ X(BPF_ALU64, BPF_MUL, 0), "mul" }, { X(BPF_ALU, BPF_MUL, 0), "mul32" },
		{ X(BPF_ALU64, BPF_DIV, 0), "div" }, { X(BPF_ALU, BPF_DIV, 0), "div32" },
		{ X(BPF_ALU64, BPF_DIV, 1), "sdiv" }, { X(BPF_ALU, BPF_DIV, 1), "sdiv32" },
		{ X(BPF_ALU64, BPF_MOD, 0), "mod" }, { X(BPF_ALU, BPF_MOD, 0), "mod32" },
		{ X(BPF_ALU64, BPF_MOD, 1), "smod" }, { X(BPF_ALU, BPF_MOD, 1), "smod32" },
		{ X(BPF_ALU64, BPF_OR, 0), "or" }, { X(BPF_ALU, BPF_OR, 0), "or32" },
		{ X(BPF_ALU64, BPF_AND, 0), "and" }, { X(BPF_ALU, BPF_AND, 0), "and32" },
		{ X(BPF_ALU64, BPF_XOR, 0), "xor" }, { X(BPF_ALU, BPF_XOR, 0), "xor32" },
		{ X(BPF_ALU64, BPF_LSH, 0), "lsh" }, { X(BPF_ALU, BPF_LSH, 0), "lsh32" },
		{ X(BPF_ALU64, BPF_RSH, 0), "rsh" }, { X(BPF_ALU, BPF_RSH, 0), "rsh32" },
		{ X(BPF_ALU64, BPF_ARSH, 0), "arsh" }, { X(BPF_ALU, BPF_ARSH, 0), "arsh32" },
		{ X(BPF_ALU64, BPF_MOV, 8), "movsx864" }, { X(BPF_ALU64, BPF_MOV, 16), "movsx1664" },
		{ X(BPF_ALU64, BPF_MOV, 32), "movsx3264" }, { X(BPF_ALU, BPF_MOV, 8), "movsx832" },
		{ X(BPF_ALU, BPF_MOV, 16), "movsx1632" },
		{ { BPF_ALU64 | BPF_NEG, 0, 0, 0, 0 }, "neg" },
		{ { BPF_ALU | BPF_NEG, 0, 0, 0, 0 }, "neg32" },
		{ { BPF_ALU | BPF_END | BPF_TO_LE, 0, 0, 0, 16 }, "le16" },
		{ { BPF_ALU | BPF_END | BPF_TO_LE, 0, 0, 0, 32 }, "le32" },
		{ { BPF_ALU | BPF_END | BPF_TO_LE, 0, 0, 0, 64 }, "le64" },
		{ { BPF_ALU | BPF_END | BPF_TO_BE, 0, 0, 0, 16 }, "be16" },
		{ { BPF_ALU | BPF_END | BPF_TO_BE, 0, 0, 0, 32 }, "be32" },
		{ { BPF_ALU | BPF_END | BPF_TO_BE, 0, 0, 0, 64 }, "be64" },
		{ { BPF_ALU64 | BPF_END, 0, 0, 0, 16 }, "bswap16" },
		{ { BPF_ALU64 | BPF_END, 0, 0, 0, 32 }, "bswap32" },
		{ { BPF_ALU64 | BPF_END, 0, 0, 0, 64 }, "bswap64" },
	};
	unsigned i;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		CHECK_EQ(check_op(ops[i].in, ops[i].name, 1000), 0);
}

/* Checks what jump `in` (r0 op r1, to +2) is said to decide and prove. */
static int
check_jmp(struct bpf_insn in, int rounds)
{
	bool is32 = BPF_CLASS(in.code) == BPF_JMP32;
	uint8_t op = BPF_OP(in.code);
	uint64_t xs[SAMPLES], ys[SAMPLES], base;
	struct bpf_reg_state a, b, ra[2], rb[2];
	int i, j, k, n, t, bad = 0;
	bool ok[2];

	for (k = 0; k < rounds && bad < 3; k++) {
		n = 1 + next() % SAMPLES;
		base = sample(next());
		for (i = 0; i < n; i++)
			xs[i] = sample(base);
		base = next() % 2 ? xs[0] : sample(next());
		for (i = 0; i < n; i++)
			ys[i] = sample(base);
		if (next() % 3 == 0)	/* against a constant, often an edge */
			for (i = 0, base = xs[next() % n]; i < n; i++)
				ys[i] = base;
		abstract(&a, xs, n);
		abstract(&b, ys, n);
		t = eb_verifier_scalar_branch_taken(&a, &b, op, is32);
		for (i = 0; i < 2; i++) {
			ra[i] = a;
			rb[i] = b;
			ok[i] = eb_verifier_scalar_branch(&ra[i], &rb[i], op, is32, i);
		}
		for (i = 0; i < n; i++)
			for (j = 0; j < n; j++) {
				int c = (int)run(in, xs[i], ys[j]);

				if ((t < 0 || t == c) && ok[c] &&
				    contains(&ra[c], xs[i]) && contains(&rb[c], ys[j]))
					continue;
				fprintf(stderr, "  jump 0x%02x 0x%llx, 0x%llx: %s, "
					"said %d, narrowed %sto u[0x%llx, 0x%llx] "
					"s[%lld, %lld]\n", in.code,
					(unsigned long long)xs[i],
					(unsigned long long)ys[j],
					c ? "taken" : "not taken", t,
					ok[c] ? "" : "to nothing, ",
					(unsigned long long)ra[c].umin,
					(unsigned long long)ra[c].umax,
					(long long)ra[c].smin, (long long)ra[c].smax);
				bad++;
			}
	}
	return bad;
}

TEST(branches_hold_for_interpreter_outcomes)
{
	static const uint8_t ops[] = {
		BPF_JEQ, BPF_JGT, BPF_JGE, BPF_JSET, BPF_JNE, BPF_JSGT,
		BPF_JSGE, BPF_JLT, BPF_JLE, BPF_JSLT, BPF_JSLE,
	};
	unsigned i, cls;

	for (cls = 0; cls < 2; cls++)
		for (i = 0; i < sizeof(ops); i++) {
			struct bpf_insn in = {
				(cls ? BPF_JMP32 : BPF_JMP) | ops[i] | BPF_X,
				0, 1, 2, 0,
			};

			CHECK_EQ(check_jmp(in, 1000), 0);
		}
}
