/*
 * The interpreter: bpf_prog_prepare decodes a program once into an array
 * of struct bpf_interp_insn, one per instruction slot, each holding the
 * address of its handler inside interp() (GNU C labels as values), its
 * operands ready to use (imm sign-extended, shift counts masked, lddw
 * folded into one 64-bit constant with maps relocated, helpers bound to
 * function pointers, jump targets as pointers). interp() then runs
 * "threaded": each handler ends by jumping straight to the next one's
 * address, with no central switch, no opcode decoding and no bounds
 * checks - the verifier proved every access safe.
 *
 * Semantics are RFC 9669's, including the cases hardware traps on:
 * division by zero gives 0 and modulo by zero leaves dst (truncated to
 * 32 bits in ALU), signed INT_MIN / -1 gives INT_MIN and modulo 0,
 * shift counts are masked to the operand width.
 */
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/port.h>
#include "bpf/disasm.h"
#include <ebreak/libc.h>
#include "bpf/prog.h"

/*
 * Every handler, by name: <op><width>_<source> for ALU and jumps. One
 * list drives the handler enum, the label table and the decoder tables.
 */
#define ALU_OPS(X, w)							\
	X(add##w##_imm) X(add##w##_reg) X(sub##w##_imm) X(sub##w##_reg)	\
	X(mul##w##_imm) X(mul##w##_reg) X(div##w##_imm) X(div##w##_reg)	\
	X(sdiv##w##_imm) X(sdiv##w##_reg) X(mod##w##_imm) X(mod##w##_reg) \
	X(smod##w##_imm) X(smod##w##_reg) X(or##w##_imm) X(or##w##_reg)	\
	X(and##w##_imm) X(and##w##_reg) X(lsh##w##_imm) X(lsh##w##_reg)	\
	X(rsh##w##_imm) X(rsh##w##_reg) X(arsh##w##_imm) X(arsh##w##_reg) \
	X(xor##w##_imm) X(xor##w##_reg) X(mov##w##_imm) X(mov##w##_reg)	\
	X(neg##w)
#define JMP_OPS(X, w)							\
	X(jeq##w##_imm) X(jeq##w##_reg) X(jgt##w##_imm) X(jgt##w##_reg)	\
	X(jge##w##_imm) X(jge##w##_reg) X(jset##w##_imm) X(jset##w##_reg) \
	X(jne##w##_imm) X(jne##w##_reg) X(jsgt##w##_imm) X(jsgt##w##_reg) \
	X(jsge##w##_imm) X(jsge##w##_reg) X(jlt##w##_imm) X(jlt##w##_reg) \
	X(jle##w##_imm) X(jle##w##_reg) X(jslt##w##_imm) X(jslt##w##_reg) \
	X(jsle##w##_imm) X(jsle##w##_reg)
#define ATOMIC_OPS(X, w)						\
	X(atomic_add##w) X(atomic_or##w) X(atomic_and##w) X(atomic_xor##w) \
	X(fetch_add##w) X(fetch_or##w) X(fetch_and##w) X(fetch_xor##w)	\
	X(xchg##w) X(cmpxchg##w)
#define INTERP_OPS(X)							\
	ALU_OPS(X, 64) ALU_OPS(X, 32) JMP_OPS(X, 64) JMP_OPS(X, 32)	\
	ATOMIC_OPS(X, 64) ATOMIC_OPS(X, 32)				\
	X(movsx8_64) X(movsx16_64) X(movsx32_64) X(movsx8_32) X(movsx16_32) \
	X(zext16) X(zext32) X(nop) X(bswap16) X(bswap32) X(bswap64)	\
	X(lddw) X(ldxb) X(ldxh) X(ldxw) X(ldxdw) X(ldxsb) X(ldxsh) X(ldxsw) \
	X(stb) X(sth) X(stw) X(stdw) X(stxb) X(stxh) X(stxw) X(stxdw)	\
	X(ja) X(call) X(call_unwind) X(callx) X(call_local) X(exit)	\
	X(fell_off)

#define OP_ENUM(name) OP_##name,
enum interp_op { INTERP_OPS(OP_ENUM) NR_OPS };
_Static_assert(OP_sdiv64_imm - OP_div64_imm == OP_smod32_reg - OP_mod32_reg,
	       "sdiv and smod must follow div and mod at the same distance");

struct bpf_interp_insn {
	const void *op;		/* handler address in interp() */
	uint8_t dst, src;	/* byte offsets of the registers */
	int16_t off;
	union {
		int64_t imm;		/* sign-extended; lddw: the constant */
		bpf_helper_fn fn;	/* call */
		const struct bpf_func_proto *proto;	/* call_unwind */
		bpf_get_func_proto_t get_proto;		/* callx */
	};
	const struct bpf_interp_insn *target;	/* jumps, local calls */
};

#ifdef BPF_INTERP_COUNT
/* Instructions dispatched, in the benchmarks' counting build only. */
uint64_t bpf_interp_count;
#define COUNT() (bpf_interp_count++)
#else
#define COUNT() ((void)0)
#endif

/* One run's state shared by all its frames. */
struct run {
	bool stop;	/* an unwind helper returned 0: end with r0 = 0 */
};

/* Loads and stores of any alignment the program was verified for; may
 * alias the context, maps and the stack. */
typedef uint8_t __attribute__((may_alias)) u8a;
typedef uint16_t __attribute__((may_alias)) u16a;
typedef uint32_t __attribute__((may_alias)) u32a;
typedef uint64_t __attribute__((may_alias)) u64a;
typedef int32_t __attribute__((may_alias)) s32a;

/* Byte swaps by hand: the kernel links no libgcc for __builtin_bswap*
 * (RV64IMAC has no byte swap instruction); compilers for hosts that have
 * one recognize these. */
static inline uint16_t
swab16(uint16_t x)
{
	return (uint16_t)(x << 8 | x >> 8);
}

static inline uint32_t
swab32(uint32_t x)
{
	return x << 24 | (x & 0xff00) << 8 | (x >> 8 & 0xff00) | x >> 24;
}

static inline uint64_t
swab64(uint64_t x)
{
	return (uint64_t)swab32(x) << 32 | swab32(x >> 32);
}

static inline int64_t
sdiv64(int64_t a, int64_t b)
{
	if (b == -1)	/* INT64_MIN / -1 traps on hardware */
		return (int64_t)(0 - (uint64_t)a);
	return b ? a / b : 0;
}

static inline int64_t
smod64(int64_t a, int64_t b)
{
	if (b == -1)
		return 0;
	return b ? a % b : a;
}

static inline int32_t
sdiv32(int32_t a, int32_t b)
{
	if (b == -1)
		return (int32_t)(0 - (uint32_t)a);
	return b ? a / b : 0;
}

static inline int32_t
smod32(int32_t a, int32_t b)
{
	if (b == -1)
		return 0;
	return b ? a % b : a;
}

/* dst and src are byte offsets into the register file: one add fewer
 * per access on RISC-V, which has no scaled indexing. */
#define DST (*(uint64_t *)((char *)r + d->dst))
#define SRC (*(uint64_t *)((char *)r + d->src))
#define IMM d->imm
#define DISPATCH() do { COUNT(); goto *d->op; } while (0)
#define NEXT() do { d++; DISPATCH(); } while (0)
#define JUMP() do { d = d->target; DISPATCH(); } while (0)
#define ADDR(base) ((uintptr_t)(base) + (intptr_t)d->off)

/*
 * Runs the frame starting at d with r1-r5 from args, in its own registers
 * and stack; depth counts frames. Returns r0. Called with d == NULL, it
 * stores its handler table in *table instead (labels are only visible in
 * here).
 */
static uint64_t
interp(const struct bpf_interp_insn *d, const uint64_t *args, unsigned depth,
       struct run *rs, const void *const **table)
{
#define OP_LABEL(name) [OP_##name] = &&name,
	static const void *const ops[NR_OPS] = { INTERP_OPS(OP_LABEL) };
	uint64_t reg[MAX_BPF_REG];
	uint64_t stack[BPF_STACK_SIZE / 8];

	if (!d) {
		*table = ops;
		return 0;
	}
	memcpy(&reg[BPF_REG_1], args, 5 * sizeof(reg[0]));
	reg[BPF_REG_10] = (uintptr_t)(stack + BPF_STACK_SIZE / 8);
	/* The register file's address, opaque so that the compiler keeps it
	 * in a register rather than recomputing it from the frame. */
	uint64_t *r = reg;

	__asm__("" : "+r"(r));
	DISPATCH();

	/* ALU64 and ALU; imm operands were sign-extended (and shift counts
	 * masked) when decoding. */
#define ALU(name, expr64, expr32)					\
	name##64_imm: { uint64_t s = IMM; DST = expr64; NEXT(); }	\
	name##64_reg: { uint64_t s = SRC; DST = expr64; NEXT(); }	\
	name##32_imm: { uint32_t s = IMM, t __attribute__((unused)) = DST; DST = (uint32_t)(expr32); NEXT(); } \
	name##32_reg: { uint32_t s = SRC, t __attribute__((unused)) = DST; DST = (uint32_t)(expr32); NEXT(); }
	ALU(add, DST + s, t + s)
	ALU(sub, DST - s, t - s)
	ALU(mul, DST * s, t * s)
	ALU(div, s ? DST / s : 0, s ? t / s : 0)
	ALU(mod, s ? DST % s : DST, s ? t % s : t)
	ALU(sdiv, sdiv64(DST, s), sdiv32(t, s))
	ALU(smod, smod64(DST, s), smod32(t, s))
	ALU(or, DST | s, t | s)
	ALU(and, DST & s, t & s)
	ALU(xor, DST ^ s, t ^ s)
	ALU(lsh, DST << (s & 63), t << (s & 31))
	ALU(rsh, DST >> (s & 63), t >> (s & 31))
	ALU(arsh, (uint64_t)((int64_t)DST >> (s & 63)),
	    (uint32_t)((int32_t)t >> (s & 31)))
	ALU(mov, s, s)
neg64:
	DST = 0 - DST;
	NEXT();
neg32:
	DST = (uint32_t)(0 - (uint32_t)DST);
	NEXT();
movsx8_64:
	DST = (int64_t)(int8_t)SRC;
	NEXT();
movsx16_64:
	DST = (int64_t)(int16_t)SRC;
	NEXT();
movsx32_64:
	DST = (int64_t)(int32_t)SRC;
	NEXT();
movsx8_32:
	DST = (uint32_t)(int32_t)(int8_t)SRC;
	NEXT();
movsx16_32:
	DST = (uint32_t)(int32_t)(int16_t)SRC;
	NEXT();

	/* Byte order: decoding picked these for the host's byte order. */
zext16:
	DST = (uint16_t)DST;
	NEXT();
zext32:
	DST = (uint32_t)DST;
	NEXT();
nop:
	NEXT();
bswap16:
	DST = swab16(DST);
	NEXT();
bswap32:
	DST = swab32(DST);
	NEXT();
bswap64:
	DST = swab64(DST);
	NEXT();

	/* Memory. lddw occupies two slots. */
lddw:
	DST = IMM;
	d += 2;
	DISPATCH();
ldxb:
	DST = *(u8a *)ADDR(SRC);
	NEXT();
ldxh:
	DST = *(u16a *)ADDR(SRC);
	NEXT();
ldxw:
	DST = *(u32a *)ADDR(SRC);
	NEXT();
ldxdw:
	DST = *(u64a *)ADDR(SRC);
	NEXT();
ldxsb:
	DST = (int64_t)*(int8_t *)(u8a *)ADDR(SRC);
	NEXT();
ldxsh:
	DST = (int64_t)(int16_t)*(u16a *)ADDR(SRC);
	NEXT();
ldxsw:
	DST = (int64_t)(int32_t)*(u32a *)ADDR(SRC);
	NEXT();
stb:
	*(u8a *)ADDR(DST) = IMM;
	NEXT();
sth:
	*(u16a *)ADDR(DST) = IMM;
	NEXT();
stw:
	*(u32a *)ADDR(DST) = IMM;
	NEXT();
stdw:
	*(u64a *)ADDR(DST) = IMM;
	NEXT();
stxb:
	*(u8a *)ADDR(DST) = SRC;
	NEXT();
stxh:
	*(u16a *)ADDR(DST) = SRC;
	NEXT();
stxw:
	*(u32a *)ADDR(DST) = SRC;
	NEXT();
stxdw:
	*(u64a *)ADDR(DST) = SRC;
	NEXT();

	/* Atomics: fully ordered, like Linux's; fetch forms return the old
	 * value in src (zero-extended for 32 bits), cmpxchg in r0. */
#define ATOMIC(name, fn)						\
	atomic_##name##64: fn((u64a *)ADDR(DST), SRC, __ATOMIC_SEQ_CST); NEXT(); \
	atomic_##name##32: fn((u32a *)ADDR(DST), (uint32_t)SRC, __ATOMIC_SEQ_CST); NEXT(); \
	fetch_##name##64: SRC = fn((u64a *)ADDR(DST), SRC, __ATOMIC_SEQ_CST); NEXT(); \
	fetch_##name##32: SRC = fn((u32a *)ADDR(DST), (uint32_t)SRC, __ATOMIC_SEQ_CST); NEXT();
	ATOMIC(add, __atomic_fetch_add)
	ATOMIC(or, __atomic_fetch_or)
	ATOMIC(and, __atomic_fetch_and)
	ATOMIC(xor, __atomic_fetch_xor)
xchg64:
	SRC = __atomic_exchange_n((u64a *)ADDR(DST), SRC, __ATOMIC_SEQ_CST);
	NEXT();
xchg32:
	SRC = __atomic_exchange_n((u32a *)ADDR(DST), (uint32_t)SRC,
				  __ATOMIC_SEQ_CST);
	NEXT();
cmpxchg64: {
	uint64_t old = reg[BPF_REG_0];

	__atomic_compare_exchange_n((u64a *)ADDR(DST), &old, SRC, false,
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	reg[BPF_REG_0] = old;
	NEXT();
}
cmpxchg32: {
	/*
	 * GCC 12 for RV64 compares the sign-extended word lr.w loads with
	 * the expected value's register as it is, and without the empty asm
	 * that register is r0's whole 64 bits. Sign-extended in a 64-bit
	 * variable the compiler cannot see through, it compares right.
	 */
	int64_t want = (int32_t)reg[BPF_REG_0];

	__asm__("" : "+r"(want));
	int32_t old = want;

	__atomic_compare_exchange_n((s32a *)ADDR(DST), &old, (int32_t)SRC,
				    false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	reg[BPF_REG_0] = (uint32_t)old;
	NEXT();
}

	/* Jumps: JMP compares 64 bits with imm sign-extended, JMP32 the low
	 * 32 bits. */
#define JCC(name, T64, T32, OPER)					\
	name##64_imm: if ((T64)DST OPER (T64)IMM) JUMP(); NEXT();	\
	name##64_reg: if ((T64)DST OPER (T64)SRC) JUMP(); NEXT();	\
	name##32_imm: if ((T32)DST OPER (T32)IMM) JUMP(); NEXT();	\
	name##32_reg: if ((T32)DST OPER (T32)SRC) JUMP(); NEXT();
	JCC(jeq, uint64_t, uint32_t, ==)
	JCC(jne, uint64_t, uint32_t, !=)
	JCC(jgt, uint64_t, uint32_t, >)
	JCC(jge, uint64_t, uint32_t, >=)
	JCC(jlt, uint64_t, uint32_t, <)
	JCC(jle, uint64_t, uint32_t, <=)
	JCC(jsgt, int64_t, int32_t, >)
	JCC(jsge, int64_t, int32_t, >=)
	JCC(jslt, int64_t, int32_t, <)
	JCC(jsle, int64_t, int32_t, <=)
	JCC(jset, uint64_t, uint32_t, &)
ja:
	JUMP();

	/* Calls: helpers get r1-r5 and return in r0; r1-r5 are then
	 * undefined for the program (the verifier sees to it). */
call:
	reg[0] = d->fn(reg[1], reg[2], reg[3], reg[4], reg[5]);
	NEXT();
call_unwind:
	reg[0] = d->proto->func(reg[1], reg[2], reg[3], reg[4], reg[5]);
	if (!reg[0]) {
		rs->stop = true;
		return 0;
	}
	NEXT();
callx: {
	/* The verifier allows callx only with a known helper id in dst;
	 * decoding cannot see that value, so it is looked up here. */
	const struct bpf_func_proto *p =
		DST > UINT32_MAX ? NULL : d->get_proto(DST);

	if (!p || !p->func) {
		rs->stop = true;
		return 0;
	}
	reg[0] = p->func(reg[1], reg[2], reg[3], reg[4], reg[5]);
	if (p->unwind_on_zero && !reg[0]) {
		rs->stop = true;
		return 0;
	}
	NEXT();
}
call_local:
	/* A new frame: own registers (so r6-r10 come back unchanged) and
	 * own stack. The depth check is per call, not per instruction. */
	if (depth >= MAX_CALL_FRAMES) {
		rs->stop = true;
		return 0;
	}
	reg[0] = interp(d->target, &reg[BPF_REG_1], depth + 1, rs, NULL);
	if (rs->stop)
		return 0;
	NEXT();
exit:
	return reg[0];
fell_off:
	/* Past the last instruction: only unverified programs get here. */
	rs->stop = true;
	return 0;
}

static int
refuse(const struct bpf_prog *prog, size_t i, char *err, size_t errsize,
       const char *why)
{
	char text[64];

	if (bpf_disasm_insn(prog->insns, i, prog->len, text, sizeof(text)) < 0)
		eb_snprintf(text, sizeof(text), "invalid");
	eb_snprintf(err, errsize, "insn %zu (%s): %s", i, text, why);
	return -EINVAL;
}

/* Handlers by BPF_OP() >> 4 and [ALU64 imm, reg, ALU imm, reg]. */
#define ROW(op, name)	[op >> 4] = { OP_##name##64_imm, OP_##name##64_reg, \
				      OP_##name##32_imm, OP_##name##32_reg }
static const uint8_t alu_ops[16][4] = {
	ROW(BPF_ADD, add), ROW(BPF_SUB, sub), ROW(BPF_MUL, mul),
	ROW(BPF_DIV, div), ROW(BPF_OR, or), ROW(BPF_AND, and),
	ROW(BPF_LSH, lsh), ROW(BPF_RSH, rsh), ROW(BPF_MOD, mod),
	ROW(BPF_XOR, xor), ROW(BPF_MOV, mov), ROW(BPF_ARSH, arsh),
};
static const uint8_t jmp_ops[16][4] = {
	ROW(BPF_JEQ, jeq), ROW(BPF_JGT, jgt), ROW(BPF_JGE, jge),
	ROW(BPF_JSET, jset), ROW(BPF_JNE, jne), ROW(BPF_JSGT, jsgt),
	ROW(BPF_JSGE, jsge), ROW(BPF_JLT, jlt), ROW(BPF_JLE, jle),
	ROW(BPF_JSLT, jslt), ROW(BPF_JSLE, jsle),
};
/* Memory handlers by BPF_SIZE() >> 3: W, H, B, DW. */
static const uint8_t ldx_ops[4] = { OP_ldxw, OP_ldxh, OP_ldxb, OP_ldxdw };
static const uint8_t ldxs_ops[4] = { OP_ldxsw, OP_ldxsh, OP_ldxsb, 0 };
static const uint8_t st_ops[4] = { OP_stw, OP_sth, OP_stb, OP_stdw };
static const uint8_t stx_ops[4] = { OP_stxw, OP_stxh, OP_stxb, OP_stxdw };

static int
atomic_op(const struct bpf_insn *in)
{
	int w = BPF_SIZE(in->code) == BPF_W;

	switch (in->imm) {
	case BPF_ADD: return w ? OP_atomic_add32 : OP_atomic_add64;
	case BPF_OR: return w ? OP_atomic_or32 : OP_atomic_or64;
	case BPF_AND: return w ? OP_atomic_and32 : OP_atomic_and64;
	case BPF_XOR: return w ? OP_atomic_xor32 : OP_atomic_xor64;
	case BPF_ADD | BPF_FETCH: return w ? OP_fetch_add32 : OP_fetch_add64;
	case BPF_OR | BPF_FETCH: return w ? OP_fetch_or32 : OP_fetch_or64;
	case BPF_AND | BPF_FETCH: return w ? OP_fetch_and32 : OP_fetch_and64;
	case BPF_XOR | BPF_FETCH: return w ? OP_fetch_xor32 : OP_fetch_xor64;
	case BPF_XCHG: return w ? OP_xchg32 : OP_xchg64;
	default: return w ? OP_cmpxchg32 : OP_cmpxchg64;
	}
}

/* END: to little endian is a truncation on a little-endian host, to big
 * endian a swap; ALU64 (bswap) always swaps. */
static int
endian_op(const struct bpf_insn *in)
{
	bool swap = BPF_CLASS(in->code) == BPF_ALU64 ||
		    (BPF_SRC(in->code) == BPF_TO_BE) ==
			    (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__);

	if (in->imm == 16)
		return swap ? OP_bswap16 : OP_zext16;
	if (in->imm == 32)
		return swap ? OP_bswap32 : OP_zext32;
	return swap ? OP_bswap64 : OP_nop;
}

/* The handler for in, which bpf_disasm_insn found valid. */
static int
op_of(const struct bpf_insn *in)
{
	int cls = BPF_CLASS(in->code), op = BPF_OP(in->code);
	int col = (cls == BPF_ALU || cls == BPF_JMP32) * 2 +
		  (BPF_SRC(in->code) == BPF_X);
	int size = BPF_SIZE(in->code) >> 3;

	switch (cls) {
	case BPF_ALU:
	case BPF_ALU64:
		if (op == BPF_END)
			return endian_op(in);
		if (op == BPF_NEG)
			return cls == BPF_ALU ? OP_neg32 : OP_neg64;
		if (op == BPF_MOV && in->off)	/* movsx */
			return in->off == 8 ? (cls == BPF_ALU ? OP_movsx8_32 : OP_movsx8_64)
			     : in->off == 16 ? (cls == BPF_ALU ? OP_movsx16_32 : OP_movsx16_64)
			     : OP_movsx32_64;
		if (in->off)		/* sdiv, smod: see ALU_OPS's order */
			return alu_ops[op >> 4][col] + (OP_sdiv64_imm - OP_div64_imm);
		return alu_ops[op >> 4][col];
	case BPF_JMP:
	case BPF_JMP32:
		if (op == BPF_JA)
			return OP_ja;
		if (op == BPF_EXIT)
			return OP_exit;
		if (op == BPF_CALL)
			return BPF_SRC(in->code) == BPF_X ? OP_callx
			     : in->src_reg == BPF_PSEUDO_CALL ? OP_call_local
			     : OP_call;
		return jmp_ops[op >> 4][col];
	case BPF_LD:
		return OP_lddw;
	case BPF_LDX:
		return BPF_MODE(in->code) == BPF_MEMSX ? ldxs_ops[size]
						       : ldx_ops[size];
	case BPF_ST:
		return st_ops[size];
	default:
		return BPF_MODE(in->code) == BPF_ATOMIC ? atomic_op(in)
							: stx_ops[size];
	}
}

/* The 64-bit constant of lddw at i, with pseudo forms relocated. */
static int
lddw_value(const struct bpf_prog *prog, size_t i, uint64_t *v, char *err,
	   size_t errsize)
{
	const struct bpf_insn *in = &prog->insns[i];
	uint32_t idx = in->imm, off = prog->insns[i + 1].imm;

	if (!in->src_reg) {
		*v = (uint32_t)in->imm | (uint64_t)(uint32_t)off << 32;
		return 0;
	}
	if (idx >= prog->env.nr_maps)
		return refuse(prog, i, err, errsize, "no such map");
	if (in->src_reg == BPF_PSEUDO_MAP_FD || in->src_reg == BPF_PSEUDO_MAP_IDX) {
		*v = (uintptr_t)prog->env.maps[idx];
		return 0;
	}
	if (bpf_map_direct_value_addr(prog->env.maps[idx], off, v))
		return refuse(prog, i, err, errsize,
			      "map value needs a one-entry array map and an offset inside the value");
	return 0;
}

/* Fills image[i] for the valid instruction at i, of n slots; pass 1 set
 * every image[].op, the second slots of lddw to fell_off. */
static int
decode(const struct bpf_prog *prog, struct bpf_interp_insn *image,
       const void *const *ops, size_t i, char *err, size_t errsize)
{
	const struct bpf_insn *in = &prog->insns[i];
	struct bpf_interp_insn *d = &image[i];
	const struct bpf_func_proto *p;
	int op = op_of(in), cls = BPF_CLASS(in->code);
	bool jumps = false;
	int64_t t = 0;
	uint64_t v;

	d->dst = in->dst_reg * sizeof(uint64_t);
	d->src = in->src_reg * sizeof(uint64_t);
	d->off = in->off;
	d->imm = in->imm;
	switch (op) {
	case OP_lsh64_imm: case OP_rsh64_imm: case OP_arsh64_imm:
		d->imm &= 63;
		break;
	case OP_lsh32_imm: case OP_rsh32_imm: case OP_arsh32_imm:
		d->imm &= 31;
		break;
	case OP_lddw:
		if (lddw_value(prog, i, &v, err, errsize))
			return -EINVAL;
		d->imm = v;
		break;
	case OP_call:
		p = prog->env.get_func_proto(in->imm);
		if (!p || !p->func)
			return refuse(prog, i, err, errsize, "unknown helper");
		if (p->unwind_on_zero) {
			d->op = ops[OP_call_unwind];
			d->proto = p;
		} else {
			d->fn = p->func;
		}
		break;
	case OP_callx:
		d->get_proto = prog->env.get_func_proto;
		break;
	case OP_exit:
		break;
	case OP_call_local:
		jumps = true;
		t = (int64_t)i + 1 + in->imm;
		break;
	case OP_ja:
		jumps = true;
		t = (int64_t)i + 1 + (cls == BPF_JMP32 ? in->imm : in->off);
		break;
	default:
		jumps = cls == BPF_JMP || cls == BPF_JMP32;
		t = (int64_t)i + 1 + in->off;
	}
	if (!jumps)
		return 0;
	if (t < 0 || t >= prog->len || image[t].op == ops[OP_fell_off])
		return refuse(prog, i, err, errsize,
			      "jump out of the program or into lddw");
	d->target = &image[t];
	return 0;
}

/* Pre-decodes prog for interp() (prog.h). Allocates; not in trap
 * context. */
int
bpf_prog_prepare(struct bpf_prog *prog, char *err, size_t errsize)
{
	const void *const *ops;
	struct bpf_interp_insn *image;
	char why[64];
	int n;

	if (prog->image)
		return 0;
	interp(NULL, NULL, 0, NULL, &ops);
	/* One more slot: running past the end stops instead of crashing. */
	image = eb_port_alloc((prog->len + 1) * sizeof(*image));
	if (!image) {
		eb_snprintf(err, errsize, "out of memory for %u instructions",
			    prog->len);
		return -ENOMEM;
	}
	memset(image, 0, (prog->len + 1) * sizeof(*image));
	image[prog->len].op = ops[OP_fell_off];
	/* Decode everything first so lddw second slots are known when jump
	 * targets are checked. */
	for (size_t i = 0; i < prog->len; i += n) {
		n = bpf_disasm_insn(prog->insns, i, prog->len, why, sizeof(why));
		if (n < 0) {
			eb_snprintf(err, errsize, "insn %zu: %s", i, why);
			goto fail;
		}
		image[i].op = ops[op_of(&prog->insns[i])];
		if (n == 2)
			image[i + 1].op = ops[OP_fell_off];
	}
	for (size_t i = 0; i < prog->len; i += n) {
		n = bpf_disasm_insn(prog->insns, i, prog->len, why, sizeof(why));
		if (decode(prog, image, ops, i, err, errsize))
			goto fail;
	}
	prog->image = image;
	return 0;
fail:
	eb_port_free(image);
	return -EINVAL;
}

/* Runs prepared prog on ctx, returns r0 (prog.h). Any context, any
 * number of harts. */
uint64_t
bpf_prog_run(const struct bpf_prog *prog, void *ctx)
{
	uint64_t args[5] = {
		(uintptr_t)ctx,
		prog->env.ctx_size_in_r2 ? prog->env.ctx_size : 0,
	};
	struct run rs = { false };

	if (!prog->image)	/* not prepared: nothing to run */
		return 0;
	return interp(prog->image, args, 1, &rs, NULL);
}
