/*
 * Scalar values through ALU operations. A scalar is described three ways
 * at once: a tnum (known bits), signed bounds and unsigned bounds; each
 * operation updates all three soundly and eb_verifier_reg_bounds_sync lets each
 * tighten the others.
 *
 * 32-bit (ALU) operations work on the low halves zero-extended
 * (subreg_view), compute in 64 bits and keep the low 32 (truncate32):
 * for add, sub, mul, the bit operations, shifts left and right and
 * unsigned division the low 32 bits of that are the 32-bit result.
 * Operations that depend on the sign of the low half (arsh32, sdiv32,
 * smod32) are exact on constants and unknown otherwise.
 */
#include <limits.h>
#include "bpf/verifier_impl.h"

#define U32_MAXV 0xffffffffULL

/* reg = a scalar nothing is known about. */
void
eb_verifier_mark_reg_unknown(struct bpf_reg_state *reg)
{
	*reg = (struct bpf_reg_state){
		.type = SCALAR_VALUE,
		.var_off = eb_tnum_unknown(),
		.smin = INT64_MIN, .smax = INT64_MAX,
		.umin = 0, .umax = UINT64_MAX,
	};
}

/* reg = the scalar v. */
void
eb_verifier_mark_reg_known(struct bpf_reg_state *reg, uint64_t v)
{
	*reg = (struct bpf_reg_state){
		.type = SCALAR_VALUE,
		.var_off = eb_tnum_const(v),
		.smin = (int64_t)v, .smax = (int64_t)v,
		.umin = v, .umax = v,
	};
}

/* reg = never written (unreadable). */
void
eb_verifier_mark_reg_not_init(struct bpf_reg_state *reg)
{
	eb_verifier_mark_reg_unknown(reg);
	reg->type = NOT_INIT;
}

/* An unknown scalar of `bytes` bytes, zero-extended. */
void
eb_verifier_mark_reg_subreg_unknown(struct bpf_reg_state *reg, unsigned bytes)
{
	eb_verifier_mark_reg_unknown(reg);
	if (bytes < 8) {
		reg->var_off = eb_tnum_cast(reg->var_off, bytes);
		eb_verifier_reg_bounds_sync(reg);
	}
}

/* An unknown scalar of `bytes` bytes, sign-extended. */
void
eb_verifier_mark_reg_sext_unknown(struct bpf_reg_state *reg, unsigned bytes)
{
	eb_verifier_mark_reg_unknown(reg);
	reg->smin = -(1LL << (8 * bytes - 1));
	reg->smax = (1LL << (8 * bytes - 1)) - 1;
	eb_verifier_reg_bounds_sync(reg);
}

/* Whether reg is a scalar of one known value. */
bool
eb_verifier_reg_is_const(const struct bpf_reg_state *reg)
{
	return reg->type == SCALAR_VALUE && eb_tnum_is_const(reg->var_off);
}

/*
 * Makes the tnum and both pairs of bounds agree, each tightened by the
 * others. Returns false if they contradict: no value fits (a branch that
 * cannot be taken).
 */
bool
eb_verifier_reg_bounds_sync(struct bpf_reg_state *reg)
{
	struct tnum t;
	uint64_t sign = 1ULL << 63;
	int i;

	for (i = 0; i < 2; i++) {
		t = reg->var_off;
		if (reg->umin < t.value)
			reg->umin = t.value;
		if (reg->umax > (t.value | t.mask))
			reg->umax = t.value | t.mask;
		if (reg->smin < (int64_t)(t.value | (t.mask & sign)))
			reg->smin = (int64_t)(t.value | (t.mask & sign));
		if (reg->smax > (int64_t)(t.value | (t.mask & ~sign)))
			reg->smax = (int64_t)(t.value | (t.mask & ~sign));
		/* Ranges on one side of the sign boundary are the same
		 * set read signed or unsigned. */
		if (((reg->umin ^ reg->umax) & sign) == 0) {
			if (reg->smin < (int64_t)reg->umin)
				reg->smin = (int64_t)reg->umin;
			if (reg->smax > (int64_t)reg->umax)
				reg->smax = (int64_t)reg->umax;
		}
		if (reg->smin >= 0 || reg->smax < 0) {
			if (reg->umin < (uint64_t)reg->smin)
				reg->umin = (uint64_t)reg->smin;
			if (reg->umax > (uint64_t)reg->smax)
				reg->umax = (uint64_t)reg->smax;
		}
		if (reg->umin > reg->umax || reg->smin > reg->smax)
			return false;
		reg->var_off = eb_tnum_intersect(reg->var_off,
						 eb_tnum_range(reg->umin, reg->umax));
		if ((reg->var_off.value ^ t.value) & ~t.mask)
			return false;	/* range and known bits disagree */
	}
	return true;
}

/* The low 32 bits of reg, zero-extended. */
static void
subreg_view(struct bpf_reg_state *reg)
{
	if ((reg->umin >> 32) != (reg->umax >> 32)) {
		reg->umin = 0;
		reg->umax = U32_MAXV;
	} else {
		reg->umin &= U32_MAXV;
		reg->umax &= U32_MAXV;
	}
	reg->var_off = eb_tnum_cast(reg->var_off, 4);
	reg->smin = 0;
	reg->smax = (int64_t)U32_MAXV;
	eb_verifier_reg_bounds_sync(reg);
}

/* Keeps the low 32 bits of a 64-bit result (ALU ops write zero-extended). */
static void
truncate32(struct bpf_reg_state *reg)
{
	eb_verifier_reg_bounds_sync(reg);
	subreg_view(reg);
}

/* The RFC 9669 semantics of op on constants, division by zero included. */
static uint64_t
alu_eval(uint8_t op, int16_t off, bool alu64, uint64_t x, uint64_t y)
{
	uint32_t a = (uint32_t)x, b = (uint32_t)y;

	if (alu64) {
		switch (op) {
		case BPF_ADD: return x + y;
		case BPF_SUB: return x - y;
		case BPF_MUL: return x * y;
		case BPF_OR: return x | y;
		case BPF_AND: return x & y;
		case BPF_XOR: return x ^ y;
		case BPF_LSH: return x << (y & 63);
		case BPF_RSH: return x >> (y & 63);
		case BPF_ARSH: return (uint64_t)((int64_t)x >> (y & 63));
		case BPF_DIV:
			if (!y)
				return 0;
			if (!off)
				return x / y;
			if ((int64_t)y == -1)
				return -x;	/* INT64_MIN / -1 wraps */
			return (uint64_t)((int64_t)x / (int64_t)y);
		case BPF_MOD:
			if (!y)
				return x;
			if (!off)
				return x % y;
			if ((int64_t)y == -1)
				return 0;
			return (uint64_t)((int64_t)x % (int64_t)y);
		}
		return 0;
	}
	switch (op) {
	case BPF_ADD: return (uint32_t)(a + b);
	case BPF_SUB: return (uint32_t)(a - b);
	case BPF_MUL: return (uint32_t)(a * b);
	case BPF_OR: return a | b;
	case BPF_AND: return a & b;
	case BPF_XOR: return a ^ b;
	case BPF_LSH: return (uint32_t)(a << (b & 31));
	case BPF_RSH: return a >> (b & 31);
	case BPF_ARSH: return (uint32_t)((int32_t)a >> (b & 31));
	case BPF_DIV:
		if (!b)
			return 0;
		if (!off)
			return a / b;
		if ((int32_t)b == -1)
			return (uint32_t)-a;
		return (uint32_t)((int32_t)a / (int32_t)b);
	case BPF_MOD:
		if (!b)
			return a;
		if (!off)
			return a % b;
		if ((int32_t)b == -1)
			return 0;
		return (uint32_t)((int32_t)a % (int32_t)b);
	}
	return 0;
}

static void
set_unbounded(struct bpf_reg_state *r, bool sgn, bool uns)
{
	if (sgn) {
		r->smin = INT64_MIN;
		r->smax = INT64_MAX;
	}
	if (uns) {
		r->umin = 0;
		r->umax = UINT64_MAX;
	}
}

static void
scalar_add(struct bpf_reg_state *a, const struct bpf_reg_state *b, bool sub)
{
	int64_t s0, s1;
	bool ovf;

	/* | rather than ||: both bounds are always computed, so s0 and s1
	 * are set on every path (and no compiler sees one unset). */
	if (sub) {
		ovf = __builtin_sub_overflow(a->smin, b->smax, &s0) |
		      __builtin_sub_overflow(a->smax, b->smin, &s1);
		if (a->umin < b->umax) {
			set_unbounded(a, false, true);
		} else {
			a->umin -= b->umax;
			a->umax -= b->umin;
		}
		a->var_off = eb_tnum_sub(a->var_off, b->var_off);
	} else {
		ovf = __builtin_add_overflow(a->smin, b->smin, &s0) |
		      __builtin_add_overflow(a->smax, b->smax, &s1);
		if (a->umax + b->umax < a->umax) {
			set_unbounded(a, false, true);
		} else {
			a->umin += b->umin;
			a->umax += b->umax;
		}
		a->var_off = eb_tnum_add(a->var_off, b->var_off);
	}
	if (ovf) {
		set_unbounded(a, true, false);
	} else {
		a->smin = s0;
		a->smax = s1;
	}
}

static void
scalar_mul(struct bpf_reg_state *a, const struct bpf_reg_state *b)
{
	uint64_t lo, hi;

	a->var_off = eb_tnum_mul(a->var_off, b->var_off);
	set_unbounded(a, true, false);
	if (__builtin_mul_overflow(a->umax, b->umax, &hi)) {
		set_unbounded(a, false, true);
		return;
	}
	lo = a->umin * b->umin;
	a->umin = lo;
	a->umax = hi;
}

/* Unsigned division and modulo; a divisor of 0 gives 0 (div) or leaves
 * the dividend (mod), so both results stay within [0, dividend]. */
static void
scalar_udivmod(struct bpf_reg_state *a, const struct bpf_reg_state *b,
	       bool mod)
{
	uint64_t umax = a->umax;

	if (mod) {
		if (b->umin > 0 && b->umax - 1 < umax)
			umax = b->umax - 1;
		a->umin = 0;
	} else if (b->umin > 0) {
		a->umin /= b->umax;
		umax /= b->umin;
	} else {
		a->umin = 0;
	}
	a->umax = umax;
	a->var_off = eb_tnum_unknown();
	set_unbounded(a, true, false);
}

static void
scalar_shift(struct bpf_reg_state *a, const struct bpf_reg_state *b,
	     uint8_t op, bool alu64)
{
	unsigned k;

	if (!eb_verifier_reg_is_const(b)) {
		/* a right shift by anything keeps a value <= the input */
		uint64_t umax = a->umax;

		eb_verifier_mark_reg_unknown(a);
		if (op == BPF_RSH)
			a->umax = umax;
		return;
	}
	k = b->var_off.value & (alu64 ? 63 : 31);
	switch (op) {
	case BPF_LSH:
		a->var_off = eb_tnum_lshift(a->var_off, k);
		set_unbounded(a, true, false);
		if (k && (a->umax >> (64 - k)))
			set_unbounded(a, false, true);
		else {
			a->umin <<= k;
			a->umax <<= k;
		}
		break;
	case BPF_RSH:
		a->var_off = eb_tnum_rshift(a->var_off, k);
		a->umin >>= k;
		a->umax >>= k;
		set_unbounded(a, true, false);
		break;
	case BPF_ARSH:
		a->var_off = eb_tnum_arshift(a->var_off, k);
		a->smin >>= k;
		a->smax >>= k;
		set_unbounded(a, false, true);
		break;
	}
}

/*
 * dst = dst op src for two scalars (src may be an immediate made into a
 * constant register). op is BPF_OP of the instruction, off its offset
 * field (1 for sdiv/smod). Leaves dst a scalar without an id.
 */
void
eb_verifier_scalar_alu(struct bpf_reg_state *dst, const struct bpf_reg_state *src,
		       uint8_t op, int16_t off, bool alu64)
{
	struct bpf_reg_state a = *dst, b = *src;

	if (!alu64) {
		subreg_view(&a);
		subreg_view(&b);
	}
	a.id = 0;
	if (eb_verifier_reg_is_const(&a) && eb_verifier_reg_is_const(&b)) {
		eb_verifier_mark_reg_known(dst, alu_eval(op, off, alu64, a.var_off.value,
							 b.var_off.value));
		return;
	}
	switch (op) {
	case BPF_ADD:
	case BPF_SUB:
		scalar_add(&a, &b, op == BPF_SUB);
		break;
	case BPF_MUL:
		scalar_mul(&a, &b);
		break;
	case BPF_DIV:
	case BPF_MOD:
		if (off)
			eb_verifier_mark_reg_unknown(&a);	/* signed: exact on constants only */
		else
			scalar_udivmod(&a, &b, op == BPF_MOD);
		break;
	case BPF_AND:
		a.var_off = eb_tnum_and(a.var_off, b.var_off);
		if (b.umax < a.umax)
			a.umax = b.umax;
		a.umin = 0;
		set_unbounded(&a, true, false);
		break;
	case BPF_OR:
		a.var_off = eb_tnum_or(a.var_off, b.var_off);
		if (b.umin > a.umin)
			a.umin = b.umin;
		set_unbounded(&a, true, false);
		a.umax = UINT64_MAX;
		break;
	case BPF_XOR:
		a.var_off = eb_tnum_xor(a.var_off, b.var_off);
		set_unbounded(&a, true, true);
		break;
	case BPF_ARSH:
		if (!alu64) {
			/* the low half's sign decides; known 0 makes it rsh */
			if (a.umax <= INT32_MAX)
				op = BPF_RSH;
			else {
				eb_verifier_mark_reg_unknown(&a);
				break;
			}
		}
		/* fall through */
	case BPF_LSH:
	case BPF_RSH:
		scalar_shift(&a, &b, op, alu64);
		break;
	default:
		eb_verifier_mark_reg_unknown(&a);
	}
	if (!eb_verifier_reg_bounds_sync(&a))
		eb_verifier_mark_reg_unknown(&a);	/* cannot happen for sound inputs */
	if (!alu64)
		truncate32(&a);
	*dst = a;
}

/* The low `bits` of v byte-swapped (written out: no libgcc in the kernel
 * build for __builtin_bswap on RV64 without Zbb). */
static uint64_t
bswap(uint64_t v, int bits)
{
	uint64_t r = 0;
	int i;

	for (i = 0; i < bits; i += 8)
		r = r << 8 | (v >> i & 0xff);
	return r;
}

/* le/be/bswap (BPF_END) of a scalar, imm = 16, 32 or 64 bits. On a
 * little-endian machine `le` truncates and `be` and bswap swap. */
void
eb_verifier_scalar_end(struct bpf_reg_state *reg, bool alu64, bool to_be, int bits)
{
	uint64_t v = reg->var_off.value;
	bool swap = alu64 || to_be;

	if (eb_verifier_reg_is_const(reg)) {
		if (swap)
			v = bswap(v, bits);
		else if (bits < 64)
			v &= (1ULL << bits) - 1;
		eb_verifier_mark_reg_known(reg, v);
		return;
	}
	if (swap)
		eb_verifier_mark_reg_unknown(reg);
	reg->id = 0;
	if (bits < 64) {
		reg->var_off = eb_tnum_cast(reg->var_off, bits / 8);
		if (reg->umax >> bits || reg->smin < 0) {
			reg->umin = 0;
			reg->umax = (1ULL << bits) - 1;
			reg->smin = 0;
			reg->smax = (int64_t)reg->umax;
		}
		eb_verifier_reg_bounds_sync(reg);
	}
}

/* movsx: reg = the low `bits` of reg sign-extended (then the low 32
 * zero-extended for ALU). */
void
eb_verifier_scalar_movsx(struct bpf_reg_state *reg, int bits, bool alu64)
{
	int64_t lo = -(1LL << (bits - 1)), hi = (1LL << (bits - 1)) - 1;

	reg->id = 0;
	if (eb_verifier_reg_is_const(reg)) {
		uint64_t v = reg->var_off.value;

		v = (uint64_t)((int64_t)(v << (64 - bits)) >> (64 - bits));
		eb_verifier_mark_reg_known(reg, alu64 ? v : (uint32_t)v);
		return;
	}
	if (reg->smin < lo || reg->smax > hi)
		eb_verifier_mark_reg_sext_unknown(reg, bits / 8);
	if (!alu64)
		truncate32(reg);
}

/* mov32: reg keeps its low 32 bits, zero-extended. */
void
eb_verifier_scalar_zext32(struct bpf_reg_state *reg)
{
	reg->id = 0;
	truncate32(reg);
}
