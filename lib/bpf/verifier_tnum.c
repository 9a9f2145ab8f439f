/*
 * tnums: what is known about the bits of a 64-bit value (verifier_impl.h).
 * Each operation returns a tnum that contains every result of the
 * operation on values the inputs contain. The carry tricks for add/sub
 * are the standard ones (Linux kernel/bpf/tnum.c documents the math).
 */
#include "bpf/verifier_impl.h"
#include "core/bitops.h"

/* Exactly v. */
struct tnum
eb_tnum_const(uint64_t v)
{
	return (struct tnum){ v, 0 };
}

/* Any value. */
struct tnum
eb_tnum_unknown(void)
{
	return (struct tnum){ 0, ~0ULL };
}

/* The smallest tnum holding every value of [min, max]: the bits above the
 * highest bit where min and max differ are known. */
struct tnum
eb_tnum_range(uint64_t min, uint64_t max)
{
	uint64_t chi = min ^ max, delta;
	int bits = fls64(chi);

	if (bits > 63)
		return eb_tnum_unknown();
	delta = (1ULL << bits) - 1;
	return (struct tnum){ min & ~delta, delta };
}

/* Whether every bit of a is known. */
bool
eb_tnum_is_const(struct tnum a)
{
	return !a.mask;
}

/* Whether every value inner holds, outer holds too. */
bool
eb_tnum_in(struct tnum outer, struct tnum inner)
{
	if (inner.mask & ~outer.mask)
		return false;
	return outer.value == (inner.value & ~outer.mask);
}

/* Values both a and b hold (when they agree on their known bits). */
struct tnum
eb_tnum_intersect(struct tnum a, struct tnum b)
{
	uint64_t v = a.value | b.value, mu = a.mask & b.mask;

	return (struct tnum){ v & ~mu, mu };
}

/* The low bytes of a (zero-extended). */
struct tnum
eb_tnum_cast(struct tnum a, unsigned bytes)
{
	uint64_t keep = bytes >= 8 ? ~0ULL : (1ULL << (8 * bytes)) - 1;

	return (struct tnum){ a.value & keep, a.mask & keep };
}

/* a + b; a carry out of unknown bits makes the bits it may reach unknown. */
struct tnum
eb_tnum_add(struct tnum a, struct tnum b)
{
	uint64_t sm = a.mask + b.mask, sv = a.value + b.value;
	uint64_t chi = (sm + sv) ^ sv;	/* bits a carry may reach */
	uint64_t mu = chi | a.mask | b.mask;

	return (struct tnum){ sv & ~mu, mu };
}

/* a - b, borrows like add's carries. */
struct tnum
eb_tnum_sub(struct tnum a, struct tnum b)
{
	uint64_t dv = a.value - b.value;
	uint64_t chi = (dv + a.mask) ^ (dv - b.mask);	/* borrow reach */
	uint64_t mu = chi | a.mask | b.mask;

	return (struct tnum){ dv & ~mu, mu };
}

/* a & b: known where either is a known 0 or both are known. */
struct tnum
eb_tnum_and(struct tnum a, struct tnum b)
{
	uint64_t v = a.value & b.value;

	return (struct tnum){ v, (a.value | a.mask) & (b.value | b.mask) & ~v };
}

/* a | b: known where either is a known 1 or both are known. */
struct tnum
eb_tnum_or(struct tnum a, struct tnum b)
{
	uint64_t v = a.value | b.value;

	return (struct tnum){ v, (a.mask | b.mask) & ~v };
}

/* a ^ b: known where both are. */
struct tnum
eb_tnum_xor(struct tnum a, struct tnum b)
{
	uint64_t mu = a.mask | b.mask;

	return (struct tnum){ (a.value ^ b.value) & ~mu, mu };
}

/* Only the trailing zeros survive multiplication in general: a product
 * has at least as many as both factors together. */
struct tnum
eb_tnum_mul(struct tnum a, struct tnum b)
{
	uint64_t ma = a.value | a.mask, mb = b.value | b.mask;
	unsigned tz;

	if (eb_tnum_is_const(a) && eb_tnum_is_const(b))
		return eb_tnum_const(a.value * b.value);
	if (!ma || !mb)
		return eb_tnum_const(0);
	tz = ctz64(ma) + ctz64(mb);
	if (tz >= 64)
		return eb_tnum_const(0);
	return (struct tnum){ 0, ~((1ULL << tz) - 1) };
}

/* a << shift (shift < 64). */
struct tnum
eb_tnum_lshift(struct tnum a, unsigned shift)
{
	return (struct tnum){ a.value << shift, a.mask << shift };
}

/* a >> shift, logical (shift < 64). */
struct tnum
eb_tnum_rshift(struct tnum a, unsigned shift)
{
	return (struct tnum){ a.value >> shift, a.mask >> shift };
}

/* An unknown sign bit spreads into every bit it shifts into. */
struct tnum
eb_tnum_arshift(struct tnum a, unsigned shift)
{
	return (struct tnum){ (uint64_t)((int64_t)a.value >> shift),
			      (uint64_t)((int64_t)a.mask >> shift) };
}
