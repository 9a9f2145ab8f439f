/*
 * CO-RE's values and patches (relo_core.h), by libbpf's rules: what a
 * relocation's kind asks of a spec (a field's offset, size, signedness,
 * bitfield shifts; a type's id, existence, size; an enumerator's value),
 * for the object's spec and the kernel's, and the instruction rewritten
 * with the kernel's.
 */
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/libc.h>
#include "bpf/relo_core.h"

/* What calc_* return when the target is missing and the instruction
 * must be poisoned (libbpf's -EUCLEAN). */
#define POISON	1

/* A field's value for kind, from spec's last accessor (NULL spec: no
 * target). *field_sz and *type_id get the field's bytes and type for a
 * byte offset; *validate (if not NULL) whether the instruction must hold
 * the value (bitfield offsets are the compiler's to choose). */
static int
calc_field(const struct core_spec *spec, uint64_t *val, uint32_t *field_sz,
	   uint32_t *type_id, bool *validate, char *err, size_t errsize)
{
	const struct core_accessor *acc;
	const struct btf_type *t, *mt;
	uint32_t byte_sz, byte_off, bit_sz, bit_off, mt_id;

	if (spec->kind == BPF_CORE_FIELD_EXISTS) {
		*val = 1;	/* found; a missing one never gets here */
		return 0;
	}
	acc = &spec->spec[spec->len - 1];
	if (validate)
		*validate = true;
	if (!acc->name) {	/* an array element */
		if (spec->kind != BPF_CORE_FIELD_BYTE_OFFSET &&
		    spec->kind != BPF_CORE_FIELD_BYTE_SIZE) {
			eb_snprintf(err, errsize, "%s of an array element", eb_core_kind_str(spec->kind));
			return -EINVAL;
		}
		if (eb_btf_type_size(spec->btf, acc->type_id, &byte_sz))
			return -EINVAL;
		*val = spec->kind == BPF_CORE_FIELD_BYTE_SIZE ? byte_sz : spec->bit_offset / 8;
		*field_sz = byte_sz;
		*type_id = acc->type_id;
		return 0;
	}
	t = eb_btf_type_by_id(spec->btf, acc->type_id);
	mt_id = eb_btf_skip_modifiers(spec->btf, ((const struct btf_member *)btf_type_data(t))[acc->idx].type);
	if (!(mt = eb_btf_type_by_id(spec->btf, mt_id)))
		return -EINVAL;
	bit_off = spec->bit_offset;
	bit_sz = btf_member_bitfield_size(t, acc->idx);
	if (bit_sz) {
		/* the smallest aligned load holding the bits */
		byte_sz = mt->size_or_type;
		if ((BTF_INFO_KIND(mt->info) != BTF_KIND_INT &&
		     BTF_INFO_KIND(mt->info) != BTF_KIND_ENUM) || !byte_sz)
			return -EINVAL;
		for (;;) {
			byte_off = bit_off / 8 / byte_sz * byte_sz;
			if (bit_off + bit_sz - byte_off * 8 <= byte_sz * 8)
				break;
			if (byte_sz >= 8) {
				eb_snprintf(err, errsize, "bitfield of %u bits at bit %u: no load of 8 bytes or less holds it",
					    bit_sz, bit_off);
				return -E2BIG;
			}
			byte_sz *= 2;
		}
		if (validate)
			*validate = spec->kind == BPF_CORE_FIELD_SIGNED ||
				    spec->kind == BPF_CORE_FIELD_RSHIFT_U64;
	} else {
		if (eb_btf_type_size(spec->btf, mt_id, &byte_sz))
			return -EINVAL;
		byte_off = bit_off / 8;
		bit_sz = byte_sz * 8;
		*field_sz = byte_sz;
		*type_id = mt_id;
	}
	switch (spec->kind) {
	case BPF_CORE_FIELD_BYTE_OFFSET:
		*val = byte_off;
		break;
	case BPF_CORE_FIELD_BYTE_SIZE:
		*val = byte_sz;
		break;
	case BPF_CORE_FIELD_SIGNED:
		*val = (BTF_INFO_KIND(mt->info) == BTF_KIND_INT &&
			(BTF_INT_ENCODING(*(const uint32_t *)btf_type_data(mt)) & BTF_INT_SIGNED)) ||
		       ((BTF_INFO_KIND(mt->info) == BTF_KIND_ENUM ||
			 BTF_INFO_KIND(mt->info) == BTF_KIND_ENUM64) && BTF_INFO_KFLAG(mt->info));
		break;
	case BPF_CORE_FIELD_LSHIFT_U64:	/* little-endian */
		*val = 64 - (bit_off + bit_sz - byte_off * 8);
		break;
	default:			/* BPF_CORE_FIELD_RSHIFT_U64 */
		*val = 64 - bit_sz;
		break;
	}
	return 0;
}

/* A type's value for kind (NULL spec: no target, 0). */
static int
calc_type(const struct core_spec *spec, uint64_t *val, bool *validate)
{
	uint32_t sz;

	if (validate)
		*validate = spec->kind != BPF_CORE_TYPE_ID_TARGET;	/* ids move when linked */
	switch (spec->kind) {
	case BPF_CORE_TYPE_ID_TARGET:
		*val = spec->root_type_id;
		return 0;
	case BPF_CORE_TYPE_SIZE:
		if (eb_btf_type_size(spec->btf, spec->root_type_id, &sz))
			return -EINVAL;
		*val = sz;
		return 0;
	default:			/* EXISTS */
		*val = 1;
		return 0;
	}
}

/* An enumerator's value for kind. */
static void
calc_enumval(const struct core_spec *spec, uint64_t *val)
{
	const struct core_accessor *acc = &spec->spec[0];
	const struct btf_type *t = eb_btf_type_by_id(spec->btf, acc->type_id);
	const struct btf_enum64 *e64 = btf_type_data(t);

	if (spec->kind == BPF_CORE_ENUMVAL_EXISTS)
		*val = 1;
	else if (BTF_INFO_KIND(t->info) == BTF_KIND_ENUM)
		*val = (int64_t)((const struct btf_enum *)btf_type_data(t))[acc->idx].val;
	else
		*val = e64[acc->idx].val_lo32 | (uint64_t)e64[acc->idx].val_hi32 << 32;
}

/* The target's value where no candidate matched: 0 for the EXISTS
 * kinds and the type kinds, else poison. */
static int
calc_missing(enum bpf_core_relo_kind kind, uint64_t *val)
{
	*val = 0;
	return kind == BPF_CORE_FIELD_EXISTS || kind == BPF_CORE_ENUMVAL_EXISTS ||
	       eb_core_kind_is_type(kind) ? 0 : POISON;
}

/* Whether a load or store of a field of type orig (local) may change
 * size to reach one of type targ: both pointers or unsigned integers. */
static bool
memsz_adjustable(const struct core_spec *local, uint32_t orig,
		 const struct core_spec *targ, uint32_t targ_id)
{
	const struct btf_type *o = eb_btf_type_by_id(local->btf, orig);
	const struct btf_type *t = eb_btf_type_by_id(targ->btf, targ_id);

	if (!o || !t || BTF_INFO_KIND(o->info) != BTF_INFO_KIND(t->info))
		return false;
	if (BTF_INFO_KIND(o->info) == BTF_KIND_PTR)
		return true;
	return BTF_INFO_KIND(o->info) == BTF_KIND_INT &&
	       !(BTF_INT_ENCODING(*(const uint32_t *)btf_type_data(o)) & BTF_INT_SIGNED) &&
	       !(BTF_INT_ENCODING(*(const uint32_t *)btf_type_data(t)) & BTF_INT_SIGNED);
}

/* A relocation's outcome (relo_core.h). */
int
eb_core_calc_relo(const struct core_spec *local, const struct core_spec *targ,
		  struct core_res *res, char *err, size_t errsize)
{
	uint32_t orig_type = 0, new_type = 0;
	int r = 0;

	memset(res, 0, sizeof(*res));
	res->validate = true;
	if (eb_core_kind_is_field(local->kind)) {
		r = calc_field(local, &res->orig_val, &res->orig_sz, &orig_type,
			       &res->validate, err, errsize);
		if (!r)
			r = targ ? calc_field(targ, &res->new_val, &res->new_sz, &new_type,
					      NULL, err, errsize)
				 : calc_missing(local->kind, &res->new_val);
		if (!r && targ && res->orig_sz != res->new_sz)
			res->fail_memsz_adjust = !memsz_adjustable(local, orig_type, targ,
								    new_type);
	} else if (eb_core_kind_is_type(local->kind)) {
		r = calc_type(local, &res->orig_val, &res->validate);
		if (!r)
			r = targ ? calc_type(targ, &res->new_val, NULL)
				 : calc_missing(local->kind, &res->new_val);
	} else {
		calc_enumval(local, &res->orig_val);
		if (targ)
			calc_enumval(targ, &res->new_val);
		else
			r = calc_missing(local->kind, &res->new_val);
	}
	if (r == POISON) {
		res->poison = true;
		r = 0;
	}
	return r;
}

/* Bytes of a load or store's BPF_SIZE, and the size for bytes (-1). */
static int
size_bytes(uint8_t code)
{
	switch (BPF_SIZE(code)) {
	case BPF_B: return 1;
	case BPF_H: return 2;
	case BPF_W: return 4;
	default: return 8;
	}
}

static int
size_code(uint32_t bytes)
{
	switch (bytes) {
	case 1: return BPF_B;
	case 2: return BPF_H;
	case 4: return BPF_W;
	case 8: return BPF_DW;
	default: return -1;
	}
}

/* The instruction made a call to BPF_CORE_POISON_ID (an lddw's both
 * halves): refused by the verifier if it can run. */
static void
poison(struct bpf_insn *insn)
{
	bool lddw = insn->code == (BPF_LD | BPF_IMM | BPF_DW);

	for (int i = 0; i <= lddw; i++)
		insn[i] = (struct bpf_insn){ .code = BPF_JMP | BPF_CALL,
					     .imm = BPF_CORE_POISON_ID };
}

/* Rewrites an LDX/ST/STX's offset (and size). */
static int
patch_mem(struct bpf_insn *insn, const struct core_res *res, char *err,
	  size_t errsize)
{
	int code;

	if (res->validate && (uint64_t)(int64_t)insn->off != res->orig_val) {
		eb_snprintf(err, errsize, "load/store offset %d, not the %llu the object's BTF gives",
			    insn->off, (unsigned long long)res->orig_val);
		return -EINVAL;
	}
	if (res->new_val > INT16_MAX) {
		eb_snprintf(err, errsize, "offset %llu does not fit a load/store",
			    (unsigned long long)res->new_val);
		return -ERANGE;
	}
	if (res->fail_memsz_adjust) {	/* libbpf poisons it: a wrong read */
		poison(insn);
		return 0;
	}
	insn->off = res->new_val;
	if (res->new_sz == res->orig_sz)
		return 0;
	code = size_code(res->new_sz);
	if (size_bytes(insn->code) != (int)res->orig_sz || code < 0) {
		eb_snprintf(err, errsize, "a %d-byte load/store of a field of %u bytes, %u in the kernel",
			    size_bytes(insn->code), res->orig_sz, res->new_sz);
		return -EINVAL;
	}
	insn->code = BPF_MODE(insn->code) | code | BPF_CLASS(insn->code);
	return 0;
}

/* Writes res into the instruction (relo_core.h). */
int
eb_core_patch_insn(struct bpf_insn *insn, size_t left, const struct core_res *res,
		   char *err, size_t errsize)
{
	uint64_t imm;

	if (insn->code == (BPF_LD | BPF_IMM | BPF_DW) && left < 2) {
		eb_snprintf(err, errsize, "lddw cut short");
		return -EINVAL;
	}
	if (res->poison) {
		poison(insn);
		return 0;
	}
	switch (BPF_CLASS(insn->code)) {
	case BPF_ALU:
	case BPF_ALU64:
		if (BPF_SRC(insn->code) != BPF_K)
			break;
		if (res->validate && (uint64_t)(int64_t)insn->imm != res->orig_val) {
			eb_snprintf(err, errsize, "immediate %d, not the %llu the object's BTF gives",
				    insn->imm, (unsigned long long)res->orig_val);
			return -EINVAL;
		}
		insn->imm = res->new_val;
		return 0;
	case BPF_LDX:
	case BPF_ST:
	case BPF_STX:
		return patch_mem(insn, res, err, errsize);
	case BPF_LD:
		if (insn->code != (BPF_LD | BPF_IMM | BPF_DW) || insn[0].src_reg || insn[0].off || insn[1].code ||
		    insn[1].dst_reg || insn[1].src_reg || insn[1].off)
			break;
		imm = (uint32_t)insn[0].imm | (uint64_t)(uint32_t)insn[1].imm << 32;
		if (res->validate && imm != res->orig_val) {
			eb_snprintf(err, errsize, "lddw value %llu, not the %llu the object's BTF gives",
				    (unsigned long long)imm, (unsigned long long)res->orig_val);
			return -EINVAL;
		}
		insn[0].imm = (int32_t)res->new_val;
		insn[1].imm = (int32_t)(res->new_val >> 32);
		return 0;
	}
	eb_snprintf(err, errsize, "instruction code 0x%02x is not one CO-RE relocates (ALU/ALU64 immediate, LDX/ST/STX, lddw)",
		    insn->code);
	return -EINVAL;
}

/* Describes a spec (relo_core.h). */
void
eb_core_spec_str(const struct core_spec *spec, char *buf, size_t size)
{
	const struct btf_type *t = eb_btf_type_by_id(spec->btf, spec->root_type_id);
	const char *name = t ? eb_btf_str(spec->btf, t->name_off) : "void";
	size_t n = eb_snprintf(buf, size, "%s%s", eb_btf_kind_word(t), *name ? name : "(anon)");

	if (eb_core_kind_is_enumval(spec->kind) && spec->len) {
		eb_snprintf(buf + (n < size ? n : size), n < size ? size - n : 0, "::%s",
			    spec->spec[0].name);
		return;
	}
	for (int i = 0; i < spec->len && !eb_core_kind_is_type(spec->kind); i++) {
		const struct core_accessor *a = &spec->spec[i];

		if (n >= size)
			return;
		if (a->name)
			n += eb_snprintf(buf + n, size - n, ".%s", a->name);
		else if (i || a->idx)
			n += eb_snprintf(buf + n, size - n, "[%u]", a->idx);
	}
}
