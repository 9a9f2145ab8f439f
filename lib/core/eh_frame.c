/*
 * Reading .eh_frame (core/cfi.h), as the LSB lays it out. Each entry is
 * a 4-byte length (0: the table's end; 0xffffffff: a 64-bit entry, which
 * GCC never makes for this: refused) and a 4-byte id: 0 in a CIE, in an
 * FDE the distance back from the id's own address to its CIE.
 * A CIE: version (1 or 3), augmentation string, code and data alignment
 * factors (ULEB, SLEB), the return address column (a byte in version 1,
 * a ULEB in 3); with "z" first, the augmentation data's length, then a
 * datum per letter ('R': the FDEs' pointer encoding; 'S': a signal frame,
 * nothing to read; the personality and LSDA letters of C++ are refused);
 * then the initial instructions.
 * An FDE: pc_begin in the CIE's encoding, the range in its format alone,
 * with "z" its own augmentation data (skipped), then instructions.
 */
#include "core/cfi.h"
#include "core/leb128.h"
#include <ebreak/errno.h>

/* A pointer in encoding enc (the LSB's DW_EH_PE_*: the low nibble the
 * format, the high one how it applies): absolute or relative to its own
 * address; the range of an FDE takes the format alone. False for other
 * encodings (GCC's is 0x1b: pc-relative, signed 4 bytes). */
static bool
read_encoded(struct cfi_reader *r, uint8_t enc, bool range, uintptr_t *v)
{
	const uint8_t *at = r->p;
	uint64_t x;

	switch (enc & 0x0f) {
	case 0x00: x = cfi_fixed(r, sizeof(uintptr_t)); break;	/* absptr */
	case 0x01: x = cfi_uleb(r); break;
	case 0x02: x = cfi_fixed(r, 2); break;
	case 0x03: x = cfi_fixed(r, 4); break;
	case 0x04: x = cfi_fixed(r, 8); break;
	case 0x09: x = (uint64_t)cfi_sleb(r); break;
	case 0x0a: x = (uint64_t)(int16_t)cfi_fixed(r, 2); break;
	case 0x0b: x = (uint64_t)(int32_t)cfi_fixed(r, 4); break;
	case 0x0c: x = cfi_fixed(r, 8); break;
	default: return false;
	}
	if (range || (enc & 0xf0) == 0x00)
		*v = (uintptr_t)x;
	else if ((enc & 0xf0) == 0x10)
		*v = (uintptr_t)at + (uintptr_t)x;
	else
		return false;
	return true;
}

static int
refuse(const char **why, const char *what)
{
	*why = what;
	return -EINVAL;
}

/* The augmentation data of the CIE whose string is aug (NUL at
 * aug_end): the FDE pointer encoding into *enc. */
static int
read_augmentation(struct cfi_reader *r, const uint8_t *aug,
		  const uint8_t *aug_end, uint8_t *enc, const char **why)
{
	uint64_t n = cfi_uleb(r);
	const uint8_t *data_end = r->p + n;

	if (n > (uint64_t)(r->end - r->p))
		return refuse(why, "a CIE's augmentation data runs past it");
	for (const uint8_t *a = aug + 1; a < aug_end; a++) {
		if (*a == 'R')
			*enc = cfi_u8(r);
		else if (*a != 'S')
			return refuse(why, "a CIE augmentation other than z, R, S");
	}
	if (r->p > data_end)
		return refuse(why, "a CIE's augmentation data runs past it");
	r->p = data_end;
	return 0;
}

/* The CIE at cie (inside the table, which ends at end) into f; its FDE
 * pointer encoding and whether FDEs have augmentation data. */
static int
read_cie(const uint8_t *cie, const uint8_t *end, struct cfi_fde *f,
	 uint8_t *enc, bool *z, const char **why)
{
	struct cfi_reader r = { cie, end, false };
	uint64_t len = cfi_fixed(&r, 4);

	if (len == 0xffffffff || len > (uint64_t)(end - r.p))
		return refuse(why, "a CIE runs past the table");
	r.end = r.p + len;
	if (cfi_fixed(&r, 4) != 0)
		return refuse(why, "an FDE's CIE pointer names no CIE");
	unsigned version = cfi_u8(&r);
	if (version != 1 && version != 3)
		return refuse(why, "a CIE version other than 1 and 3");
	const uint8_t *aug = r.p;
	while (cfi_u8(&r))
		;
	const uint8_t *aug_end = r.p - 1;
	f->code_align = cfi_uleb(&r);
	f->data_align = cfi_sleb(&r);
	f->ra_reg = version == 1 ? cfi_u8(&r) : (unsigned)cfi_uleb(&r);
	*enc = 0x00;	/* absolute, unless 'R' says otherwise */
	*z = !r.bad && aug[0] == 'z';
	if (*z) {
		int e = read_augmentation(&r, aug, aug_end, enc, why);
		if (e)
			return e;
	} else if (!r.bad && aug[0]) {
		return refuse(why, "a CIE augmentation without z");
	}
	if (r.bad)
		return refuse(why, "a CIE runs past its length");
	f->cie_insns = r.p;
	f->cie_end = r.end;
	return 0;
}

/* The FDE whose entry r holds (after the CIE pointer at idp). */
static int
read_fde(struct cfi_cursor *c, struct cfi_reader *r, const uint8_t *idp,
	 uint32_t id, struct cfi_fde *f, const char **why)
{
	uintptr_t begin, range;
	uint8_t enc;
	bool z;
	int e;

	if (id > (uint64_t)(idp - c->start))
		return refuse(why, "an FDE's CIE pointer is outside the table");
	if ((e = read_cie(idp - id, c->end, f, &enc, &z, why)))
		return e;
	if (!read_encoded(r, enc, false, &begin) ||
	    !read_encoded(r, enc, true, &range))
		return refuse(why, "an FDE pointer encoding other than "
			      "absolute or pc-relative");
	if (z) {
		uint64_t n = cfi_uleb(r);
		if (n > (uint64_t)(r->end - r->p))
			return refuse(why, "an FDE runs past its length");
		r->p += n;
	}
	if (r->bad)
		return refuse(why, "an FDE runs past its length");
	f->pc_begin = begin;
	f->pc_end = begin + range;
	f->insns = r->p;
	f->end = r->end;
	return 1;
}

int
eb_cfi_next_fde(struct cfi_cursor *c, struct cfi_fde *f, const char **why)
{
	while (c->end - c->p >= 4) {
		struct cfi_reader r = { c->p, c->end, false };
		uint64_t len = cfi_fixed(&r, 4);

		if (len == 0)
			return 0;	/* the terminator */
		if (len == 0xffffffff)
			return refuse(why, "a 64-bit .eh_frame entry");
		if (len < 4 || len > (uint64_t)(c->end - r.p))
			return refuse(why, "an .eh_frame entry runs past the table");
		r.end = r.p + len;
		c->p = r.end;
		const uint8_t *idp = r.p;
		uint32_t id = (uint32_t)cfi_fixed(&r, 4);
		if (id != 0)	/* else a CIE: read with its FDEs */
			return read_fde(c, &r, idp, id, f, why);
	}
	return 0;
}
