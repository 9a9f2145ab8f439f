/*
 * Reading the byte streams of DWARF call frame information (core/cfi.h):
 * bounded, little-endian, LEB128 (DWARF 4, section 7.6). A read past the
 * end returns 0 and marks the reader bad, checked once per entry.
 */
#ifndef EBREAK_CORE_LEB128_H
#define EBREAK_CORE_LEB128_H

#include <stdbool.h>
#include <stdint.h>

struct cfi_reader {
	const uint8_t *p, *end;
	bool bad;
};

static inline uint8_t
cfi_u8(struct cfi_reader *r)
{
	if (r->p >= r->end) {
		r->bad = true;
		return 0;
	}
	return *r->p++;
}

/* n bytes (1..8), little-endian. */
static inline uint64_t
cfi_fixed(struct cfi_reader *r, unsigned n)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < n; i++)
		v |= (uint64_t)cfi_u8(r) << 8 * i;
	return v;
}

/* A LEB128 number; signed: sign-extended from its last byte's bit 6. */
static inline uint64_t
cfi_leb(struct cfi_reader *r, bool sign)
{
	uint64_t v = 0;
	unsigned shift = 0;
	uint8_t b;

	do {
		b = cfi_u8(r);
		if (shift < 64)
			v |= (uint64_t)(b & 0x7f) << shift;
		shift += 7;
	} while (b & 0x80 && !r->bad);
	if (sign && shift < 64 && b & 0x40)
		v |= ~(uint64_t)0 << shift;
	return v;
}

static inline uint64_t
cfi_uleb(struct cfi_reader *r)
{
	return cfi_leb(r, false);
}

static inline int64_t
cfi_sleb(struct cfi_reader *r)
{
	return (int64_t)cfi_leb(r, true);
}

#endif
