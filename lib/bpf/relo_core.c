/*
 * CO-RE on BTF (relo_core.h), by libbpf's rules (relo_core.c there):
 * specs from access strings, the match of a spec in a candidate type,
 * the compatibility of the types met on the way, the values asked for,
 * and the patch of the instruction.
 */
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/libc.h>
#include "bpf/relo_core.h"

/* How deep type compatibility checks follow pointers, arrays and
 * function prototypes before giving up (corrupt BTF may loop). */
#define COMPAT_MAX_DEPTH	32

static const char *const kind_names[] = {
	[BPF_CORE_FIELD_BYTE_OFFSET] = "field_byte_offset",
	[BPF_CORE_FIELD_BYTE_SIZE] = "field_byte_size",
	[BPF_CORE_FIELD_EXISTS] = "field_exists",
	[BPF_CORE_FIELD_SIGNED] = "field_signed",
	[BPF_CORE_FIELD_LSHIFT_U64] = "field_lshift_u64",
	[BPF_CORE_FIELD_RSHIFT_U64] = "field_rshift_u64",
	[BPF_CORE_TYPE_ID_LOCAL] = "type_id_local",
	[BPF_CORE_TYPE_ID_TARGET] = "type_id_target",
	[BPF_CORE_TYPE_EXISTS] = "type_exists",
	[BPF_CORE_TYPE_SIZE] = "type_size",
	[BPF_CORE_ENUMVAL_EXISTS] = "enumval_exists",
	[BPF_CORE_ENUMVAL_VALUE] = "enumval_value",
	[BPF_CORE_TYPE_MATCHES] = "type_matches",
};

/* The kind's name (relo_core.h). */
const char *
eb_core_kind_str(uint32_t kind)
{
	return kind < sizeof(kind_names) / sizeof(kind_names[0]) ? kind_names[kind] : NULL;
}

/* Whether kind relocates a field (relo_core.h). */
bool
eb_core_kind_is_field(enum bpf_core_relo_kind kind)
{
	return kind <= BPF_CORE_FIELD_RSHIFT_U64;
}

/* Whether kind relocates a type (relo_core.h). */
bool
eb_core_kind_is_type(enum bpf_core_relo_kind kind)
{
	return (kind >= BPF_CORE_TYPE_ID_LOCAL && kind <= BPF_CORE_TYPE_SIZE) ||
	       kind == BPF_CORE_TYPE_MATCHES;
}

/* Whether kind relocates an enumerator (relo_core.h). */
bool
eb_core_kind_is_enumval(enum bpf_core_relo_kind kind)
{
	return kind == BPF_CORE_ENUMVAL_EXISTS || kind == BPF_CORE_ENUMVAL_VALUE;
}

/* Length of name without its ___flavor suffix, X___Y with X and Y not
 * '_' (libbpf's essential name: "task___v2" is "task"). */
static size_t
essential_name_len(const char *name)
{
	size_t n = strlen(name);

	for (size_t i = n >= 5 ? n - 4 : 0; i-- > 0;)
		if (name[i] != '_' && name[i + 1] == '_' && name[i + 2] == '_' &&
		    name[i + 3] == '_' && name[i + 4] != '_')
			return i + 1;
	return n;
}

/* Whether a and b have one essential name (relo_core.h). */
bool
eb_core_essential_names_equal(const char *a, const char *b)
{
	size_t n = essential_name_len(a);

	return n == essential_name_len(b) && !strncmp(a, b, n);
}

/* The type behind id's typedefs and qualifiers, its id in *res_id. */
static const struct btf_type *
skip_mods(const struct btf *btf, uint32_t id, uint32_t *res_id)
{
	id = eb_btf_skip_modifiers(btf, id);
	if (res_id)
		*res_id = id;
	return eb_btf_type_by_id(btf, id);
}

static uint32_t
kind_of(const struct btf_type *t)
{
	return BTF_INFO_KIND(t->info);
}

static bool
is_composite(const struct btf_type *t)
{
	return kind_of(t) == BTF_KIND_STRUCT || kind_of(t) == BTF_KIND_UNION;
}

static bool
is_any_enum(const struct btf_type *t)
{
	return kind_of(t) == BTF_KIND_ENUM || kind_of(t) == BTF_KIND_ENUM64;
}

/* An INT's encoding word. */
static uint32_t
int_word(const struct btf_type *t)
{
	return *(const uint32_t *)btf_type_data(t);
}

/* Enumerator i's name offset in ENUM or ENUM64 t. */
static uint32_t
enumerator_name(const struct btf_type *t, uint32_t i)
{
	if (kind_of(t) == BTF_KIND_ENUM)
		return ((const struct btf_enum *)btf_type_data(t))[i].name_off;
	return ((const struct btf_enum64 *)btf_type_data(t))[i].name_off;
}

/* Whether a and b are of one kind for CO-RE (relo_core.h). */
bool
eb_core_kinds_compat(const struct btf_type *a, const struct btf_type *b)
{
	return kind_of(a) == kind_of(b) || (is_any_enum(a) && is_any_enum(b));
}

/* Adds bits to spec's offset; false on overflow. */
static bool
add_bits(struct core_spec *spec, uint64_t idx, uint64_t bits)
{
	uint64_t v = spec->bit_offset + idx * bits;

	if (bits && idx > UINT32_MAX / bits)
		return false;
	spec->bit_offset = v;
	return v <= UINT32_MAX;
}

/* Whether array a, reached through accessor acc, is a flexible array:
 * no elements, the last member of its struct. */
static bool
is_flex_arr(const struct btf *btf, const struct core_accessor *acc,
	    const struct btf_array *a)
{
	if (!acc->name || a->nelems)
		return false;
	return acc->idx == BTF_INFO_VLEN(eb_btf_type_by_id(btf, acc->type_id)->info) - 1;
}

/* Reads "N:N:..." into raw[], *n numbers. */
static int
parse_access(const char *s, uint32_t *raw, int *n)
{
	*n = 0;
	while (*s) {
		uint64_t v = 0;

		if (*s == ':' && *n)
			s++;
		if (*s < '0' || *s > '9')
			return -EINVAL;
		for (; *s >= '0' && *s <= '9'; s++)
			if ((v = v * 10 + (*s - '0')) > INT32_MAX)
				return -EINVAL;
		if (*n == BPF_CORE_SPEC_MAX_LEN)
			return -E2BIG;
		raw[(*n)++] = v;
	}
	return *n ? 0 : -EINVAL;
}

/* Steps i.. of a field access from type id through members and array
 * elements. */
static int
parse_field_steps(struct core_spec *spec, const uint32_t *raw, int n, uint32_t id)
{
	const struct btf *btf = spec->btf;
	uint32_t sz;

	for (int i = 1; i < n; i++) {
		const struct btf_type *t = skip_mods(btf, id, &id);
		struct core_accessor *acc = &spec->spec[spec->len];

		if (t && is_composite(t)) {
			const struct btf_member *m = btf_type_data(t);

			if (raw[i] >= BTF_INFO_VLEN(t->info) ||
			    !add_bits(spec, 1, btf_member_bit_offset(t, raw[i])))
				return -EINVAL;
			m += raw[i];
			if (m->name_off) {
				*acc = (struct core_accessor){ id, raw[i],
							       eb_btf_str(btf, m->name_off) };
				if (!*acc->name)
					return -EINVAL;
				spec->len++;
			}
			id = m->type;
		} else if (t && kind_of(t) == BTF_KIND_ARRAY) {
			const struct btf_array *a = btf_type_data(t);

			if (!skip_mods(btf, a->type, &id) ||
			    (!is_flex_arr(btf, acc - 1, a) && raw[i] >= a->nelems) ||
			    eb_btf_type_size(btf, id, &sz) ||
			    !add_bits(spec, raw[i], (uint64_t)sz * 8))
				return -EINVAL;
			*acc = (struct core_accessor){ id, raw[i], NULL };
			spec->len++;
		} else {
			return -EINVAL;
		}
	}
	return 0;
}

/* Parses an access string (relo_core.h). */
int
eb_core_parse_spec(const struct btf *btf, uint32_t type_id, const char *access,
		   enum bpf_core_relo_kind kind, struct core_spec *spec)
{
	uint32_t raw[BPF_CORE_SPEC_MAX_LEN], id, sz;
	const struct btf_type *t;
	int n, r;

	memset(spec, 0, sizeof(*spec));
	spec->btf = btf;
	spec->root_type_id = type_id;
	spec->kind = kind;
	if (eb_core_kind_is_type(kind))
		return strcmp(access, "0") ? -EINVAL : 0;
	if ((r = parse_access(access, raw, &n)))
		return r;
	spec->raw_len = n;
	if (!(t = skip_mods(btf, type_id, &id)))
		return -EINVAL;
	spec->spec[0] = (struct core_accessor){ id, raw[0], NULL };
	spec->len = 1;
	if (eb_core_kind_is_enumval(kind)) {
		if (!is_any_enum(t) || n > 1 || raw[0] >= BTF_INFO_VLEN(t->info))
			return -EINVAL;
		spec->spec[0].name = eb_btf_str(btf, enumerator_name(t, raw[0]));
		return 0;
	}
	if (eb_btf_type_size(btf, id, &sz) || !add_bits(spec, raw[0], (uint64_t)sz * 8))
		return -EINVAL;
	return parse_field_steps(spec, raw, n, id);
}

/* Whether a field of local type local_id may be relocated to one of
 * targ_id (libbpf's bpf_core_fields_are_compat): any two structs or
 * unions, pointers, floats; enums and forward declarations of one
 * essential name (or an anonymous one); any two plain integers; arrays
 * of compatible elements. 1, 0 or -EINVAL. */
static int
fields_compat(const struct btf *lb, uint32_t local_id, const struct btf *tb,
	      uint32_t targ_id)
{
	for (int depth = 0; depth < COMPAT_MAX_DEPTH; depth++) {
		const struct btf_type *l = skip_mods(lb, local_id, &local_id);
		const struct btf_type *t = skip_mods(tb, targ_id, &targ_id);
		const char *ln, *tn;

		if (!l || !t)
			return -EINVAL;
		if (is_composite(l) && is_composite(t))
			return 1;
		if (!eb_core_kinds_compat(l, t))
			return 0;
		switch (kind_of(l)) {
		case BTF_KIND_PTR: case BTF_KIND_FLOAT:
			return 1;
		case BTF_KIND_FWD: case BTF_KIND_ENUM: case BTF_KIND_ENUM64:
			ln = eb_btf_str(lb, l->name_off);
			tn = eb_btf_str(tb, t->name_off);
			return !*ln || !*tn || eb_core_essential_names_equal(ln, tn);
		case BTF_KIND_INT:
			return !BTF_INT_OFFSET(int_word(l)) && !BTF_INT_OFFSET(int_word(t));
		case BTF_KIND_ARRAY:
			local_id = ((const struct btf_array *)btf_type_data(l))->type;
			targ_id = ((const struct btf_array *)btf_type_data(t))->type;
			continue;
		default:
			return 0;
		}
	}
	return -EINVAL;
}

/* Whether types local_id and targ_id are compatible for a type
 * relocation (libbpf's bpf_core_types_are_compat): names ignored past
 * the root, kinds equal, pointers, arrays and function prototypes
 * compared through. 1, 0 or -EINVAL. */
static int
types_compat(const struct btf *lb, uint32_t local_id, const struct btf *tb,
	     uint32_t targ_id, int depth)
{
	for (; depth < COMPAT_MAX_DEPTH; depth++) {
		const struct btf_type *l = skip_mods(lb, local_id, &local_id);
		const struct btf_type *t = skip_mods(tb, targ_id, &targ_id);

		if (!local_id || !targ_id)	/* void */
			return local_id == targ_id;
		if (!l || !t)
			return -EINVAL;
		if (!eb_core_kinds_compat(l, t))
			return 0;
		switch (kind_of(l)) {
		case BTF_KIND_STRUCT: case BTF_KIND_UNION: case BTF_KIND_ENUM:
		case BTF_KIND_ENUM64: case BTF_KIND_FWD:
			return 1;
		case BTF_KIND_INT:
			return !BTF_INT_OFFSET(int_word(l)) && !BTF_INT_OFFSET(int_word(t));
		case BTF_KIND_PTR:
			local_id = l->size_or_type;
			targ_id = t->size_or_type;
			continue;
		case BTF_KIND_ARRAY:
			local_id = ((const struct btf_array *)btf_type_data(l))->type;
			targ_id = ((const struct btf_array *)btf_type_data(t))->type;
			continue;
		case BTF_KIND_FUNC_PROTO: {
			const struct btf_param *lp = btf_type_data(l), *tp = btf_type_data(t);
			int r;

			if (BTF_INFO_VLEN(l->info) != BTF_INFO_VLEN(t->info))
				return 0;
			for (uint32_t i = 0; i < BTF_INFO_VLEN(l->info); i++)
				if ((r = types_compat(lb, lp[i].type, tb, tp[i].type,
						      depth + 1)) <= 0)
					return r;
			local_id = l->size_or_type;
			targ_id = t->size_or_type;
			continue;
		}
		default:
			return 0;
		}
	}
	return -EINVAL;
}

/* Finds local accessor acc's member by name in composite targ_id,
 * through anonymous members, pushing steps onto spec; the member's type
 * in *next_id. 1 found (and compatible), 0 not, or -errno. */
static int
match_member(const struct btf *lb, const struct core_accessor *acc,
	     const struct btf *tb, uint32_t targ_id, struct core_spec *spec,
	     uint32_t *next_id)
{
	const struct btf_type *t = skip_mods(tb, targ_id, &targ_id);
	const struct btf_type *lt = eb_btf_type_by_id(lb, acc->type_id);
	const struct btf_member *lm = (const struct btf_member *)btf_type_data(lt) + acc->idx;
	const struct btf_member *m;
	int found;

	if (!t)
		return -EINVAL;
	if (!is_composite(t))
		return 0;
	m = btf_type_data(t);
	for (uint32_t i = 0; i < BTF_INFO_VLEN(t->info); i++, m++) {
		uint32_t bits = btf_member_bit_offset(t, i), saved = spec->bit_offset;
		const char *name = eb_btf_str(tb, m->name_off);

		if (spec->raw_len == BPF_CORE_SPEC_MAX_LEN)
			return -E2BIG;
		if (!add_bits(spec, 1, bits))
			return -EINVAL;
		spec->raw_len++;
		if (!*name) {
			found = match_member(lb, acc, tb, m->type, spec, next_id);
			if (found)
				return found;
		} else if (!strcmp(acc->name, name)) {
			spec->spec[spec->len++] = (struct core_accessor){ targ_id, i, name };
			*next_id = m->type;
			found = fields_compat(lb, lm->type, tb, m->type);
			if (found <= 0)
				spec->len--;
			return found;
		}
		spec->bit_offset = saved;
		spec->raw_len--;
	}
	return 0;
}

/* Finds local's enumerator by essential name in targ_id. */
static int
match_enumval(const struct core_spec *local, struct core_spec *targ,
	      uint32_t targ_id)
{
	const struct btf_type *t = skip_mods(targ->btf, targ_id, &targ_id);

	if (!t || !is_any_enum(t))
		return 0;
	for (uint32_t i = 0; i < BTF_INFO_VLEN(t->info); i++) {
		const char *name = eb_btf_str(targ->btf, enumerator_name(t, i));

		if (eb_core_essential_names_equal(local->spec[0].name, name)) {
			targ->spec[0] = (struct core_accessor){ targ_id, i, name };
			targ->len = targ->raw_len = 1;
			return 1;
		}
	}
	return 0;
}

/* Matches local in a candidate (relo_core.h). */
int
eb_core_spec_match(const struct core_spec *local, const struct btf *targ_btf,
		   uint32_t targ_id, struct core_spec *targ)
{
	uint32_t sz;
	int r;

	memset(targ, 0, sizeof(*targ));
	targ->btf = targ_btf;
	targ->root_type_id = targ_id;
	targ->kind = local->kind;
	if (eb_core_kind_is_type(local->kind))
		return types_compat(local->btf, local->root_type_id, targ_btf, targ_id, 0);
	if (eb_core_kind_is_enumval(local->kind))
		return match_enumval(local, targ, targ_id);
	for (int i = 0; i < local->len; i++) {
		const struct core_accessor *acc = &local->spec[i];
		const struct btf_type *t = skip_mods(targ_btf, targ_id, &targ_id);

		if (!t)
			return -EINVAL;
		if (acc->name) {
			if ((r = match_member(local->btf, acc, targ_btf, targ_id, targ,
					      &targ_id)) <= 0)
				return r;
			continue;
		}
		if (i > 0) {
			const struct btf_array *a = btf_type_data(t);

			if (kind_of(t) != BTF_KIND_ARRAY)
				return 0;
			if (!is_flex_arr(targ_btf, &targ->spec[targ->len - 1], a) &&
			    acc->idx >= a->nelems)
				return 0;
			if (!skip_mods(targ_btf, a->type, &targ_id))
				return -EINVAL;
		}
		if (targ->raw_len == BPF_CORE_SPEC_MAX_LEN)
			return -E2BIG;
		targ->spec[targ->len++] = (struct core_accessor){ targ_id, acc->idx, NULL };
		targ->raw_len++;
		if (eb_btf_type_size(targ_btf, targ_id, &sz) ||
		    !add_bits(targ, acc->idx, (uint64_t)sz * 8))
			return -EINVAL;
	}
	return 1;
}
