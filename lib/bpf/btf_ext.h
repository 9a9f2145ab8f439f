/*
 * A reader of .BTF.ext, the section clang writes beside .BTF (Linux's
 * Documentation/bpf/btf.rst, ".BTF.ext section"): a header, then three
 * sub-sections of records grouped by the code section they are about:
 * func_info, line_info and core_relo, the CO-RE relocations (llvm's
 * BPF CO-RE docs). eb_btf_ext_parse checks every bound once; the loader
 * uses the CO-RE records only (function and line info are debug info).
 */
#ifndef EBREAK_BPF_BTF_EXT_H
#define EBREAK_BPF_BTF_EXT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "bpf/btf.h"

/* What a CO-RE relocation asks (libbpf's enum bpf_core_relo_kind). */
enum bpf_core_relo_kind {
	BPF_CORE_FIELD_BYTE_OFFSET = 0,
	BPF_CORE_FIELD_BYTE_SIZE = 1,
	BPF_CORE_FIELD_EXISTS = 2,
	BPF_CORE_FIELD_SIGNED = 3,
	BPF_CORE_FIELD_LSHIFT_U64 = 4,
	BPF_CORE_FIELD_RSHIFT_U64 = 5,
	BPF_CORE_TYPE_ID_LOCAL = 6,
	BPF_CORE_TYPE_ID_TARGET = 7,
	BPF_CORE_TYPE_EXISTS = 8,
	BPF_CORE_TYPE_SIZE = 9,
	BPF_CORE_ENUMVAL_EXISTS = 10,
	BPF_CORE_ENUMVAL_VALUE = 11,
	BPF_CORE_TYPE_MATCHES = 12,
};

/* A core_relo record (libbpf's struct bpf_core_relo). */
struct bpf_core_relo {
	uint32_t insn_off;		/* bytes into its code section */
	uint32_t type_id;		/* the root type, in the object's .BTF */
	uint32_t access_str_off;	/* "0:1:2", in .BTF's strings */
	uint32_t kind;			/* enum bpf_core_relo_kind */
};

/* One code section's records of a sub-section (btf_ext_info_sec). */
struct btf_ext_sec {
	const char *name;		/* the code section's, from .BTF */
	const uint8_t *recs;		/* nr records of rec_size bytes */
	uint32_t nr, rec_size;
	uint32_t off;			/* of the first, in .BTF.ext */
};

struct btf_ext {
	const uint8_t *data;
	uint32_t len;
	/* the core_relo sub-section's bytes after its record size */
	uint32_t core_off, core_len, core_rec_size;
};

/*
 * Checks .BTF.ext data[0..len) (4-byte aligned, little-endian) against
 * the object's BTF, whose strings name the sections: the header, each
 * sub-section inside the data, record sizes at least the format's, each
 * section's records inside its sub-section. *ext points into data.
 * Returns 0 or -EINVAL with err naming the sub-section and the offset.
 */
int eb_btf_ext_parse(struct btf_ext *ext, const struct btf *btf,
		     const void *data, size_t len, char *err, size_t errsize);

/* The core_relo section group at *pos (0 first) into *sec, *pos moved
 * past it; false after the last. Only after eb_btf_ext_parse. */
bool eb_btf_ext_next_core(const struct btf_ext *ext, const struct btf *btf,
			  uint32_t *pos, struct btf_ext_sec *sec);

#endif
