/*
 * CO-RE relocation logic on BTF alone (libbpf's relo_core.c, its phases
 * and rules): a relocation's access string read against the object's
 * BTF into a spec (the chain of members and array elements it names),
 * matched against a candidate type of the kernel's BTF, then the value
 * it asks for computed from both and written into the instruction.
 * object_core.c finds the candidates and drives it.
 */
#ifndef EBREAK_BPF_RELO_CORE_H
#define EBREAK_BPF_RELO_CORE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <ebreak/bpf_insn.h>
#include "bpf/btf.h"
#include "bpf/btf_ext.h"
#include "bpf/helpers.h"

/* Deepest chain of accessors a spec holds (libbpf's). */
#define BPF_CORE_SPEC_MAX_LEN	64

/* One step: member idx of struct/union type_id (name set), or element
 * idx of an array of type_id (name NULL); an enumerator for enum
 * relocations. */
struct core_accessor {
	uint32_t type_id;
	uint32_t idx;
	const char *name;
};

struct core_spec {
	const struct btf *btf;
	uint32_t root_type_id;
	enum bpf_core_relo_kind kind;
	struct core_accessor spec[BPF_CORE_SPEC_MAX_LEN];
	int len;			/* named steps and array elements */
	int raw_len;			/* every step, anonymous members too */
	uint32_t bit_offset;		/* of the field from the root */
};

/* A relocation's outcome: the value the object was built with and the
 * kernel's, or poison. */
struct core_res {
	uint64_t orig_val, new_val;
	uint32_t orig_sz, new_sz;	/* a field's bytes, for LDX/ST/STX */
	bool poison;			/* no target: poison the instruction */
	bool validate;			/* the instruction must hold orig_val */
	bool fail_memsz_adjust;		/* sizes differ and may not be changed */
};

/* Which part of BTF a kind relocates. */
bool eb_core_kind_is_field(enum bpf_core_relo_kind kind);
bool eb_core_kind_is_type(enum bpf_core_relo_kind kind);
bool eb_core_kind_is_enumval(enum bpf_core_relo_kind kind);

/* The kind's name ("field_byte_offset"), or NULL for an unknown one. */
const char *eb_core_kind_str(uint32_t kind);

/* Whether names a and b are one without their ___flavor suffixes
 * (libbpf's essential names: "task___v2" is "task"). */
bool eb_core_essential_names_equal(const char *a, const char *b);

/* Whether types a and b are of one kind for CO-RE: the same, or both
 * enums (ENUM and ENUM64 mix). */
bool eb_core_kinds_compat(const struct btf_type *a, const struct btf_type *b);

/* Reads access string access ("0:1:2") for root type_id of btf into
 * *spec. 0, or -EINVAL (not a valid access for the kind) or -E2BIG
 * (deeper than BPF_CORE_SPEC_MAX_LEN). */
int eb_core_parse_spec(const struct btf *btf, uint32_t type_id,
		       const char *access, enum bpf_core_relo_kind kind,
		       struct core_spec *spec);

/* Matches local against type targ_id of targ_btf (a candidate of the
 * same essential name), filling *targ. 1: it matches, 0: it does not,
 * or -errno. */
int eb_core_spec_match(const struct core_spec *local,
		       const struct btf *targ_btf, uint32_t targ_id,
		       struct core_spec *targ);

/* The outcome of relocation kind for local and its match targ (NULL: no
 * candidate matched). 0, or -EINVAL with why (a kind that cannot apply
 * to the access: err names it) or -E2BIG (a bitfield no load holds). */
int eb_core_calc_relo(const struct core_spec *local, const struct core_spec *targ,
		      struct core_res *res, char *err, size_t errsize);

/* Writes res into insn (left instructions from it on): an ALU/ALU64
 * immediate, an LDX/ST/STX offset (and size, for an unsigned integer or
 * pointer of another size), an lddw's 64-bit value, or poison (a call
 * to BPF_CORE_POISON_ID, an lddw's both halves). 0 or
 * -EINVAL/-ERANGE with err saying why. */
int eb_core_patch_insn(struct bpf_insn *insn, size_t left,
		       const struct core_res *res, char *err, size_t errsize);

/* Describes spec for messages: "struct cpu___local.comm",
 * "struct s.a[2].b", "enum e::V", "struct cpu___local". */
void eb_core_spec_str(const struct core_spec *spec, char *buf, size_t size);

#endif
