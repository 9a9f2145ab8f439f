/*
 * The JIT's image checker (bpf/jit.h): decodes a compiled image with the
 * probe decoder and proves that its control flow stays inside: direct
 * jumps and branches land on one of its instructions; indirect jumps
 * are calls (to helpers, which return) or the return.
 */
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/libc.h>
#include <ebreak/port.h>
#include "bpf/jit.h"
#include "bpf_jit_insn.h"
#include "decode.h"

/* The instruction at off of image, decoded. */
static void
decode_at(const uint8_t *image, size_t off, size_t size, struct riscv_insn *insn)
{
	uint16_t lo, hi = 0;

	memcpy(&lo, image + off, 2);
	if (riscv_insn_length(lo) == 4 && off + 4 <= size)
		memcpy(&hi, image + off + 2, 2);
	riscv_probe_decode_insn(lo | (uint32_t)hi << 16, insn);
}

static bool
is_indirect(const struct riscv_insn *insn)
{
	return !strcmp(insn->name, "jalr") || !strcmp(insn->name, "c.jr") ||
	       !strcmp(insn->name, "c.jalr");
}

/* Checks the instruction at off, where starts marks the image's
 * instruction boundaries. */
static int
check_insn(const uint8_t *image, size_t off, size_t size,
	   const uint8_t *starts, char *err, size_t errsize)
{
	struct riscv_insn insn;

	decode_at(image, off, size, &insn);
	if (!insn.name || off + insn.len > size) {
		eb_snprintf(err, errsize, "offset %zu: not an RV64GC instruction",
			    off);
		return -EINVAL;
	}
	if (!insn.simulate || !strcmp(insn.name, "auipc"))
		return 0;	/* not control flow */
	if (is_indirect(&insn)) {
		if (insn.rd == RV_RA ||		/* a call */
		    (insn.rd == RV_ZERO && insn.rs1 == RV_RA && !insn.imm) ||
		    /* a tail call's jump into another program */
		    (insn.rd == RV_ZERO && insn.rs1 == RV_T3 && !insn.imm))
			return 0;
		eb_snprintf(err, errsize, "offset %zu: %s that is neither a call, the return nor a tail call",
			    off, insn.name);
		return -EINVAL;
	}
	int64_t t = (int64_t)off + insn.imm;

	if (t < 0 || (size_t)t >= size || !starts[t]) {
		eb_snprintf(err, errsize, "offset %zu: %s to %lld, %s", off,
			    insn.name, (long long)t,
			    t < 0 || (size_t)t >= size ? "outside the image"
						       : "inside an instruction");
		return -EINVAL;
	}
	return 0;
}

/* Checks image (bpf/jit.h). Allocates; not in trap context. */
int
bpf_jit_check_image(const void *image, size_t size, char *err, size_t errsize)
{
	const uint8_t *code = image;
	uint8_t *starts = eb_port_alloc(size + 1);
	struct riscv_insn insn;
	int r = 0;

	if (!starts) {
		eb_snprintf(err, errsize, "out of memory");
		return -ENOMEM;
	}
	memset(starts, 0, size + 1);
	for (size_t off = 0; off < size; off += insn.len ? insn.len : 2) {
		starts[off] = 1;
		decode_at(code, off, size, &insn);
	}
	for (size_t off = 0; off < size && !r; off += insn.len ? insn.len : 2) {
		r = check_insn(code, off, size, starts, err, errsize);
		decode_at(code, off, size, &insn);
	}
	eb_port_free(starts);
	return r;
}
