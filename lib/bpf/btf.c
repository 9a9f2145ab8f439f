/*
 * The BTF reader (btf.h): checks a .BTF section's header, strings and
 * types once, then answers lookups by type id.
 */
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/libc.h>
#include <ebreak/port.h>
#include "bpf/btf.h"

/* The section's header (btf.rst "BTF Type and String Encoding"). */
struct btf_header {
	uint16_t magic;
	uint8_t version;
	uint8_t flags;
	uint32_t hdr_len;
	uint32_t type_off;
	uint32_t type_len;
	uint32_t str_off;
	uint32_t str_len;
};

/* How deep typedef/qualifier/array chains may go before we give up: a
 * loop in corrupt BTF ends here. */
#define BTF_MAX_DEPTH	32

/* Bytes of kind-specific data after a type of kind with vlen entries,
 * or -1 for an unknown kind. */
static long
kind_data_size(uint32_t kind, uint32_t vlen)
{
	switch (kind) {
	case BTF_KIND_INT: case BTF_KIND_VAR: case BTF_KIND_DECL_TAG:
		return 4;
	case BTF_KIND_ARRAY:
		return sizeof(struct btf_array);
	case BTF_KIND_STRUCT: case BTF_KIND_UNION:
		return (long)vlen * sizeof(struct btf_member);
	case BTF_KIND_ENUM: case BTF_KIND_FUNC_PROTO:
		return (long)vlen * 8;
	case BTF_KIND_DATASEC:
		return (long)vlen * sizeof(struct btf_var_secinfo);
	case BTF_KIND_ENUM64:
		return (long)vlen * 12;
	case BTF_KIND_PTR: case BTF_KIND_FWD: case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE: case BTF_KIND_CONST: case BTF_KIND_RESTRICT:
	case BTF_KIND_FUNC: case BTF_KIND_FLOAT: case BTF_KIND_TYPE_TAG:
		return 0;
	default:
		return -1;
	}
}

/* Checks the header and the string table; sets btf->strs and the type
 * area's bounds. */
static int
parse_header(struct btf *btf, const uint8_t *data, size_t len,
	     const uint8_t **types, uint32_t *types_len, char *err,
	     size_t errsize)
{
	struct btf_header h;

	if (len < sizeof(h)) {
		eb_snprintf(err, errsize, "btf: %zu bytes, shorter than its header", len);
		return -EINVAL;
	}
	memcpy(&h, data, sizeof(h));
	if (h.magic != BTF_MAGIC) {
		eb_snprintf(err, errsize, "btf: magic 0x%x is not 0x%x (little-endian)",
			    h.magic, BTF_MAGIC);
		return -EINVAL;
	}
	if (h.version != 1 || h.hdr_len < sizeof(h) || h.hdr_len > len ||
	    h.hdr_len % 4) {
		eb_snprintf(err, errsize, "btf: version %u, header of %u bytes: unsupported",
			    h.version, h.hdr_len);
		return -EINVAL;
	}
	len -= h.hdr_len;
	if ((uint64_t)h.type_off + h.type_len > len || h.type_off % 4 ||
	    h.type_len % 4 || (uint64_t)h.str_off + h.str_len > len) {
		eb_snprintf(err, errsize, "btf: type or string section outside the %zu bytes",
			    len);
		return -EINVAL;
	}
	btf->strs = (const char *)data + h.hdr_len + h.str_off;
	btf->strs_len = h.str_len;
	if (!h.str_len || btf->strs[0] || btf->strs[h.str_len - 1]) {
		eb_snprintf(err, errsize, "btf: string section does not start and end with NUL");
		return -EINVAL;
	}
	*types = data + h.hdr_len + h.type_off;
	*types_len = h.type_len;
	return 0;
}

/* Walks the types of types[0..len); with offs, records each one's
 * offset. Returns the number of types plus one (void), or 0 with err. */
static uint32_t
walk_types(const uint8_t *types, uint32_t len, uint32_t *offs, char *err,
	   size_t errsize)
{
	uint32_t off = 0, id = 1;

	while (off < len) {
		const struct btf_type *t = (const void *)(types + off);
		long extra;

		if (len - off < sizeof(*t)) {
			eb_snprintf(err, errsize, "btf: type [%u] is cut short", id);
			return 0;
		}
		extra = kind_data_size(BTF_INFO_KIND(t->info), BTF_INFO_VLEN(t->info));
		if (extra < 0) {
			eb_snprintf(err, errsize, "btf: type [%u]: unknown kind %u", id,
				    BTF_INFO_KIND(t->info));
			return 0;
		}
		if (len - off - sizeof(*t) < (uint64_t)extra) {
			eb_snprintf(err, errsize, "btf: type [%u]: its %ld bytes of data are cut short",
				    id, extra);
			return 0;
		}
		if (offs)
			offs[id] = off;
		off += sizeof(*t) + extra;
		id++;
	}
	return id;
}

/* Is id a type (or void)? */
static int
check_ref(const struct btf *btf, uint32_t id, uint32_t ref, char *err,
	  size_t errsize)
{
	if (ref < btf->nr_types)
		return 0;
	eb_snprintf(err, errsize, "btf: type [%u]: invalid referenced type id %u",
		    id, ref);
	return -EINVAL;
}

/* Checks that every type's name is a string and every referenced id a
 * type. */
static int
check_types(const struct btf *btf, char *err, size_t errsize)
{
	for (uint32_t id = 1; id < btf->nr_types; id++) {
		const struct btf_type *t = eb_btf_type_by_id(btf, id);
		uint32_t vlen = BTF_INFO_VLEN(t->info), r = 0;
		const uint32_t *w = btf_type_data(t);

		if (t->name_off >= btf->strs_len) {
			eb_snprintf(err, errsize, "btf: type [%u]: name offset %u is outside the strings",
				    id, t->name_off);
			return -EINVAL;
		}
		switch (BTF_INFO_KIND(t->info)) {
		case BTF_KIND_PTR: case BTF_KIND_TYPEDEF: case BTF_KIND_VOLATILE:
		case BTF_KIND_CONST: case BTF_KIND_RESTRICT: case BTF_KIND_FUNC:
		case BTF_KIND_VAR: case BTF_KIND_DECL_TAG: case BTF_KIND_TYPE_TAG:
		case BTF_KIND_FUNC_PROTO:
			r = check_ref(btf, id, t->size_or_type, err, errsize);
			break;
		case BTF_KIND_ARRAY:
			r = check_ref(btf, id, w[0], err, errsize) ?:
			    check_ref(btf, id, w[1], err, errsize);
			break;
		case BTF_KIND_STRUCT: case BTF_KIND_UNION: case BTF_KIND_DATASEC:
			/* member: name, type, offset; secinfo: type, ... */
			for (uint32_t i = 0; i < vlen && !r; i++)
				r = check_ref(btf, id, w[3 * i + (BTF_INFO_KIND(t->info) !=
								  BTF_KIND_DATASEC)],
					      err, errsize);
			break;
		}
		if (BTF_INFO_KIND(t->info) == BTF_KIND_FUNC_PROTO)
			for (uint32_t i = 0; i < vlen && !r; i++)
				r = check_ref(btf, id, w[2 * i + 1], err, errsize);
		if (r)
			return r;
	}
	return 0;
}

/* Checks and indexes a .BTF section (btf.h). Not in trap context. */
int
eb_btf_parse(struct btf *btf, const void *data, size_t len, char *err,
	     size_t errsize)
{
	const uint8_t *types;
	uint32_t types_len, n;
	int r;

	memset(btf, 0, sizeof(*btf));
	if ((r = parse_header(btf, data, len, &types, &types_len, err, errsize)))
		return r;
	if (!(n = walk_types(types, types_len, NULL, err, errsize)))
		return -EINVAL;
	btf->type_offs = eb_port_alloc(n * sizeof(uint32_t));
	if (!btf->type_offs) {
		eb_snprintf(err, errsize, "btf: out of memory for %u types", n);
		return -ENOMEM;
	}
	walk_types(types, types_len, btf->type_offs, err, errsize);
	btf->types = types;
	btf->nr_types = n;
	if ((r = check_types(btf, err, errsize)))
		eb_btf_free(btf);
	return r;
}

/* Frees btf's index (btf.h). */
void
eb_btf_free(struct btf *btf)
{
	eb_port_free(btf->type_offs);
	memset(btf, 0, sizeof(*btf));
}

/* Type id's record, or NULL (btf.h). */
const struct btf_type *
eb_btf_type_by_id(const struct btf *btf, uint32_t id)
{
	if (!id || id >= btf->nr_types)
		return NULL;
	return (const void *)(btf->types + btf->type_offs[id]);
}

/* The string at off, or "" (btf.h). */
const char *
eb_btf_str(const struct btf *btf, uint32_t off)
{
	return off < btf->strs_len ? btf->strs + off : "";
}

/* Follows qualifiers from id, and typedefs too if typedefs. */
static uint32_t
skip(const struct btf *btf, uint32_t id, bool typedefs)
{
	for (int depth = 0; depth < BTF_MAX_DEPTH; depth++) {
		const struct btf_type *t = eb_btf_type_by_id(btf, id);

		if (!t)
			return id;
		switch (BTF_INFO_KIND(t->info)) {
		case BTF_KIND_TYPEDEF:
			if (!typedefs)
				return id;
			/* fall through */
		case BTF_KIND_VOLATILE: case BTF_KIND_CONST:
		case BTF_KIND_RESTRICT: case BTF_KIND_TYPE_TAG:
			id = t->size_or_type;
			break;
		default:
			return id;
		}
	}
	return 0;
}

/* Follows typedefs and qualifiers from id (btf.h). */
uint32_t
eb_btf_skip_modifiers(const struct btf *btf, uint32_t id)
{
	return skip(btf, id, true);
}

/* Follows qualifiers from id (btf.h). */
uint32_t
eb_btf_skip_qualifiers(const struct btf *btf, uint32_t id)
{
	return skip(btf, id, false);
}

/* Bytes of type id (btf.h). */
int
eb_btf_type_size(const struct btf *btf, uint32_t id, uint32_t *size)
{
	uint64_t mult = 1;

	for (int depth = 0; depth < BTF_MAX_DEPTH; depth++) {
		const struct btf_type *t = eb_btf_type_by_id(btf, eb_btf_skip_modifiers(btf, id));
		const struct btf_array *a;

		if (!t)
			return -EINVAL;
		switch (BTF_INFO_KIND(t->info)) {
		case BTF_KIND_INT: case BTF_KIND_STRUCT: case BTF_KIND_UNION:
		case BTF_KIND_ENUM: case BTF_KIND_ENUM64: case BTF_KIND_FLOAT:
		case BTF_KIND_DATASEC:
			mult *= t->size_or_type;
			break;
		case BTF_KIND_PTR:
			mult *= 8;
			break;
		case BTF_KIND_ARRAY:
			a = btf_type_data(t);
			mult *= a->nelems;
			if (mult > UINT32_MAX)
				return -EINVAL;
			id = a->type;
			continue;
		default:
			return -EINVAL;
		}
		if (mult > UINT32_MAX)
			return -EINVAL;
		*size = mult;
		return 0;
	}
	return -EINVAL;
}

/* The first type of kind called name, or 0 (btf.h). */
uint32_t
eb_btf_find(const struct btf *btf, unsigned kind, const char *name)
{
	for (uint32_t id = 1; id < btf->nr_types; id++) {
		const struct btf_type *t = eb_btf_type_by_id(btf, id);

		if (BTF_INFO_KIND(t->info) == kind &&
		    !strcmp(eb_btf_str(btf, t->name_off), name))
			return id;
	}
	return 0;
}

const struct btf_type *
eb_btf_func_proto(const struct btf *btf, const char *func)
{
	return eb_btf_func_id_proto(btf, eb_btf_find(btf, BTF_KIND_FUNC, func));
}

const struct btf_type *
eb_btf_func_id_proto(const struct btf *btf, uint32_t id)
{
	const struct btf_type *f = eb_btf_type_by_id(btf, id);
	const struct btf_type *proto =
		f ? eb_btf_type_by_id(btf, f->size_or_type) : NULL;

	return proto && BTF_INFO_KIND(proto->info) == BTF_KIND_FUNC_PROTO ?
	       proto : NULL;
}

/* The FUNC_PROTO a typedef's pointer points at, or NULL (btf.h). */
const struct btf_type *
eb_btf_tp_proto(const struct btf *btf, uint32_t id)
{
	const struct btf_type *t = eb_btf_type_by_id(btf, id);

	if (!t || BTF_INFO_KIND(t->info) != BTF_KIND_TYPEDEF)
		return NULL;
	t = eb_btf_type_by_id(btf, eb_btf_skip_modifiers(btf, t->size_or_type));
	if (!t || BTF_INFO_KIND(t->info) != BTF_KIND_PTR)
		return NULL;
	t = eb_btf_type_by_id(btf, eb_btf_skip_modifiers(btf, t->size_or_type));
	return t && BTF_INFO_KIND(t->info) == BTF_KIND_FUNC_PROTO ? t : NULL;
}

/* The DATASEC named name, or 0 (btf.h). */
uint32_t
eb_btf_find_datasec(const struct btf *btf, const char *name)
{
	return eb_btf_find(btf, BTF_KIND_DATASEC, name);
}
