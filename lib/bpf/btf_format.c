/*
 * Values shown as their BTF types declare them (btf.h's eb_btf_format),
 * for map dumps: what bpftool's `map dump` shows of a map with BTF, on
 * one line, in C's initializer syntax; and the types' names
 * (eb_btf_format_type).
 */
#include <ebreak/fmt.h>
#include <ebreak/libc.h>
#include "bpf/btf.h"

/* How deep structs and arrays nest before the rest shows as "..."; an
 * array shows whole, as bpftool's, up to what the buffer holds. */
#define FORMAT_MAX_DEPTH	8

/* Output so far; len counts what did not fit too, as eb_snprintf. */
struct out {
	char *buf;
	size_t size, len;
};

static void __attribute__((format(printf, 2, 3)))
put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	size_t room = o->len < o->size ? o->size - o->len : 0;

	va_start(ap, fmt);
	int n = eb_vsnprintf(room ? o->buf + o->len : NULL, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->len += n;
}

/* The little-endian number in the size (<= 8) bytes at p. */
static uint64_t
load(const uint8_t *p, uint32_t size)
{
	uint64_t v = 0;

	for (uint32_t i = size < 8 ? size : 8; i-- > 0;)
		v = v << 8 | p[i];
	return v;
}

/* A number of bits bits, sign-extended if is_signed. */
static void
put_number(struct out *o, uint64_t v, uint32_t bits, bool is_signed)
{
	if (bits < 64)
		v &= (1ull << bits) - 1;
	if (is_signed && bits && bits < 64 && (v >> (bits - 1)) & 1)
		v |= ~0ull << bits;
	if (is_signed && (int64_t)v < 0)
		put(o, "-%llu", (unsigned long long)-v);
	else
		put(o, "%llu", (unsigned long long)v);
}

/* n chars at p, up to a NUL, quoted, with C's escapes for the rest. */
static void
put_text(struct out *o, const uint8_t *p, uint32_t n)
{
	put(o, "\"");
	for (uint32_t i = 0; i < n && p[i]; i++)
		if (p[i] == '"' || p[i] == '\\')
			put(o, "\\%c", p[i]);
		else if (p[i] >= 0x20 && p[i] < 0x7f)
			put(o, "%c", p[i]);
		else
			put(o, "\\x%02x", p[i]);
	put(o, "\"");
}

static void value(struct out *o, const struct btf *btf, uint32_t id,
		  const uint8_t *p, uint32_t size, int depth);

/* Is type id a char (btf.h)? */
bool
eb_btf_is_char(const struct btf *btf, uint32_t id)
{
	const struct btf_type *t = eb_btf_type_by_id(btf,
						  eb_btf_skip_modifiers(btf, id));

	return t && BTF_INFO_KIND(t->info) == BTF_KIND_INT &&
	       t->size_or_type == 1 &&
	       (BTF_INT_ENCODING(*(const uint32_t *)btf_type_data(t)) &
		BTF_INT_CHAR ||
		!strcmp(eb_btf_str(btf, t->name_off), "char"));
}

static void
array(struct out *o, const struct btf *btf, const struct btf_type *t,
      const uint8_t *p, uint32_t size, int depth)
{
	const struct btf_array *a = btf_type_data(t);
	uint32_t esize;

	if (eb_btf_type_size(btf, a->type, &esize) || !esize) {
		put(o, "?");
		return;
	}
	if (eb_btf_is_char(btf, a->type)) {
		put_text(o, p, a->nelems < size ? a->nelems : size);
		return;
	}
	put(o, "[");
	for (uint32_t i = 0; i < a->nelems && (i + 1) * esize <= size; i++) {
		put(o, i ? ", " : "");
		value(o, btf, a->type, p + i * esize, esize, depth + 1);
	}
	put(o, "]");
}

/* A member of a struct or union, bit_off bits in, bits wide if a
 * bitfield (0: its type's size). */
static void
member(struct out *o, const struct btf *btf, const struct btf_member *m,
       uint32_t bit_off, uint32_t bits, const uint8_t *p, uint32_t size,
       int depth)
{
	uint32_t msize;

	if (m->name_off)
		put(o, ".%s = ", eb_btf_str(btf, m->name_off));
	if (bits) {		/* read the bytes around it, shift it out */
		const struct btf_type *t = eb_btf_type_by_id(btf,
						eb_btf_skip_modifiers(btf, m->type));
		uint32_t first = bit_off / 8, shift = bit_off % 8;
		uint32_t n = (shift + bits + 7) / 8;
		bool is_signed = t && BTF_INFO_KIND(t->info) == BTF_KIND_INT &&
				 BTF_INT_ENCODING(*(const uint32_t *)
						  btf_type_data(t)) & BTF_INT_SIGNED;

		if (n > 8 || first + n > size)
			put(o, "?");
		else
			put_number(o, load(p + first, n) >> shift, bits,
				   is_signed);
		return;
	}
	if (bit_off % 8 || eb_btf_type_size(btf, m->type, &msize) ||
	    bit_off / 8 + msize > size)
		put(o, "?");
	else
		value(o, btf, m->type, p + bit_off / 8, msize, depth + 1);
}

/* A struct or union, each member but the one at index skip. */
static void
record(struct out *o, const struct btf *btf, const struct btf_type *t,
       const uint8_t *p, uint32_t size, int depth, uint32_t skip)
{
	const struct btf_member *m = btf_type_data(t);
	uint32_t n = BTF_INFO_VLEN(t->info);
	bool first = true;

	put(o, "{ ");
	for (uint32_t i = 0; i < n; i++) {
		if (i == skip)
			continue;
		put(o, first ? "" : ", ");
		first = false;
		member(o, btf, &m[i], btf_member_bit_offset(t, i),
		       btf_member_bitfield_size(t, i), p, size, depth);
	}
	put(o, first ? "}" : " }");
}

/* A global data section: each variable by name. */
static void
datasec(struct out *o, const struct btf *btf, const struct btf_type *t,
	const uint8_t *p, uint32_t size, int depth)
{
	const struct btf_var_secinfo *v = btf_type_data(t);
	uint32_t n = BTF_INFO_VLEN(t->info);

	put(o, "{ ");
	for (uint32_t i = 0; i < n; i++) {
		const struct btf_type *var = eb_btf_type_by_id(btf, v[i].type);

		put(o, "%s.%s = ", i ? ", " : "",
		    var ? eb_btf_str(btf, var->name_off) : "?");
		if (!var || v[i].offset + v[i].size > size)
			put(o, "?");
		else
			value(o, btf, var->size_or_type, p + v[i].offset,
			      v[i].size, depth + 1);
	}
	put(o, n ? " }" : "}");
}

/* An enum's value by its enumerator's name, else the number. */
static void
enumeration(struct out *o, const struct btf *btf, const struct btf_type *t,
	    const uint8_t *p, uint32_t size)
{
	bool wide = BTF_INFO_KIND(t->info) == BTF_KIND_ENUM64;
	const uint32_t *e = btf_type_data(t);
	uint64_t v = load(p, size);

	for (uint32_t i = 0; i < BTF_INFO_VLEN(t->info); i++, e += wide ? 3 : 2) {
		uint64_t ev = wide ? e[1] | (uint64_t)e[2] << 32 : e[1];

		if ((ev ^ v) << (64 - 8 * size) == 0) {
			put(o, "%s", eb_btf_str(btf, e[0]));
			return;
		}
	}
	put_number(o, v, 8 * size, BTF_INFO_KFLAG(t->info));
}

/* The size bytes at p as type id. */
static void
value(struct out *o, const struct btf *btf, uint32_t id, const uint8_t *p,
      uint32_t size, int depth)
{
	const struct btf_type *t = eb_btf_type_by_id(btf,
						  eb_btf_skip_modifiers(btf, id));
	uint32_t w;

	if (depth > FORMAT_MAX_DEPTH) {
		put(o, "...");
		return;
	}
	switch (t ? BTF_INFO_KIND(t->info) : 0) {
	case BTF_KIND_INT:
		w = *(const uint32_t *)btf_type_data(t);
		if (size > 8 || BTF_INT_OFFSET(w))
			break;
		if (BTF_INT_ENCODING(w) & BTF_INT_BOOL)
			put(o, "%s", load(p, size) ? "true" : "false");
		else
			put_number(o, load(p, size), BTF_INT_BITS(w),
				   BTF_INT_ENCODING(w) & BTF_INT_SIGNED);
		return;
	case BTF_KIND_PTR:
		put(o, "0x%llx", (unsigned long long)load(p, size));
		return;
	case BTF_KIND_ENUM: case BTF_KIND_ENUM64:
		if (size > 8)
			break;
		enumeration(o, btf, t, p, size);
		return;
	case BTF_KIND_ARRAY:
		array(o, btf, t, p, size, depth);
		return;
	case BTF_KIND_STRUCT: case BTF_KIND_UNION:
		record(o, btf, t, p, size, depth, UINT32_MAX);
		return;
	case BTF_KIND_DATASEC:
		datasec(o, btf, t, p, size, depth);
		return;
	}
	for (uint32_t i = 0; i < size; i++)	/* floats, anything else */
		put(o, "%02x", p[i]);
}

/* The size bytes at data as type id of btf, into buf (btf.h). */
int
eb_btf_format(const struct btf *btf, uint32_t id, const void *data,
	      uint32_t size, char *buf, size_t bufsize)
{
	return eb_btf_format_without(btf, id, data, size, UINT32_MAX, buf,
				     bufsize);
}

/* As eb_btf_format, a struct's members but skip (btf.h). */
int
eb_btf_format_without(const struct btf *btf, uint32_t id, const void *data,
		      uint32_t size, uint32_t skip, char *buf, size_t bufsize)
{
	struct out o = { buf, bufsize, 0 };
	const struct btf_type *t = eb_btf_type_by_id(btf,
						  eb_btf_skip_modifiers(btf, id));

	if (bufsize)
		buf[0] = 0;
	if (t && BTF_INFO_KIND(t->info) == BTF_KIND_STRUCT)
		record(&o, btf, t, data, size, 0, skip);
	else
		value(&o, btf, id, data, size, 0);
	return (int)o.len;
}

const char *
eb_btf_kind_word(const struct btf_type *t)
{
	switch (t ? BTF_INFO_KIND(t->info) : 0) {
	case BTF_KIND_STRUCT: case BTF_KIND_FWD: return "struct ";
	case BTF_KIND_UNION: return "union ";
	case BTF_KIND_ENUM: case BTF_KIND_ENUM64: return "enum ";
	default: return "";
	}
}

/* *id past its qualifiers (eb_btf_skip_qualifiers), and its type. */
static const struct btf_type *
named(const struct btf *btf, uint32_t *id)
{
	*id = eb_btf_skip_qualifiers(btf, *id);
	return eb_btf_type_by_id(btf, *id);
}

/* Type id's name, depth pointers or arrays in. */
static void
type_name(struct out *o, const struct btf *btf, uint32_t id, int depth)
{
	const struct btf_type *t = named(btf, &id);
	const char *name;

	if (!id) {
		put(o, "void");
		return;
	}
	if (!t || depth > FORMAT_MAX_DEPTH) {
		put(o, "?");
		return;
	}
	switch (BTF_INFO_KIND(t->info)) {
	case BTF_KIND_PTR:
		type_name(o, btf, t->size_or_type, depth + 1);
		put(o, " *");
		return;
	case BTF_KIND_ARRAY: {
		/* As C writes it: the innermost element, then the lengths,
		 * outer first (int[3][2]). */
		uint32_t elem = id;
		const struct btf_type *e = t;
		int n = 0;

		while (e && BTF_INFO_KIND(e->info) == BTF_KIND_ARRAY &&
		       n < FORMAT_MAX_DEPTH) {
			elem = ((const struct btf_array *)btf_type_data(e))->type;
			e = named(btf, &elem);
			n++;
		}
		type_name(o, btf, elem, depth + 1);
		for (e = t; n-- > 0; e = named(btf, &id)) {
			const struct btf_array *a = btf_type_data(e);

			put(o, "[%u]", a->nelems);
			id = a->type;
		}
		return;
	}
	}
	name = eb_btf_str(btf, t->name_off);
	put(o, "%s%s", eb_btf_kind_word(t), name && *name ? name : "{...}");
}

int
eb_btf_format_type(const struct btf *btf, uint32_t id, char *buf,
		   size_t bufsize)
{
	struct out o = { buf, bufsize, 0 };

	if (bufsize)
		buf[0] = 0;
	type_name(&o, btf, id, 0);
	return (int)o.len;
}
