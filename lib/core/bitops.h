/*
 * Bit scans written out: a kernel built without libgcc has nothing to
 * call for __builtin_clzll/ctzll on RV64 without Zbb (__clzdi2,
 * __ctzdi2), and the library needs no libgcc (docs/PORTING.md).
 */
#ifndef EBREAK_CORE_BITOPS_H
#define EBREAK_CORE_BITOPS_H

#include <stdint.h>

/* 1 + index of the highest set bit; 0 for 0 (Linux's fls64). */
static inline int
fls64(uint64_t x)
{
	int n = 0, s;

	for (s = 32; s; s >>= 1)
		if (x >> s) {
			x >>= s;
			n += s;
		}
	return n + (int)x;
}

/* Trailing zeros; x != 0. x & -x keeps the lowest set bit, 1 << n; times
 * a de Bruijn sequence, its top six bits are distinct for each n and the
 * table maps them back: a multiply and a load, no loop. */
static inline int
ctz64(uint64_t x)
{
	static const uint8_t index[64] = {
		0, 1, 48, 2, 57, 49, 28, 3, 61, 58, 50, 42, 38, 29, 17, 4,
		62, 55, 59, 36, 53, 51, 43, 22, 45, 39, 33, 30, 24, 18, 12, 5,
		63, 47, 56, 27, 60, 41, 37, 16, 54, 35, 52, 21, 44, 32, 23, 11,
		46, 26, 40, 15, 34, 20, 31, 10, 25, 14, 19, 9, 13, 8, 7, 6,
	};

	return index[((x & -x) * 0x03f79d71b4cb0a89ull) >> 58];
}

#endif
