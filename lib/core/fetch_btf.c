/*
 * BTF argument names in fetch args (fetch_args.h), as Linux's
 * CONFIG_PROBE_EVENTS_BTF_ARGS (6.6+) takes them: at a function's entry or
 * return, `file` names its parameter of that name in the kernel's BTF
 * (eb_port_kernel_btf) and `file->f_pos` or `o->inner.count` a field
 * through the pointer; at a return, `$retval` is typed by the function's
 * return type and takes fields too (`$retval->f_pos`). The type comes
 * from the C type unless one is given.
 */
#include "fetch_args.h"
#include "bpf/btf.h"
#include <ebreak/fmt.h>
#include <ebreak/libc.h>
#include <ebreak/port.h>

#define MEMBER_DEPTH 8	/* anonymous structs and unions within another */

/* Where a walk is: the C type of the value so far (modifiers skipped)
 * and, after a field, its bit offset past the last read's address and
 * its bitfield size (0: none). */
struct walk {
	const struct btf *btf;
	uint32_t type;
	uint32_t bits;
	uint32_t bitfield;
};

static const struct btf_type *
type_of(const struct walk *w)
{
	return eb_btf_type_by_id(w->btf, w->type);
}

static unsigned
kind_of(const struct walk *w)
{
	const struct btf_type *t = type_of(w);

	return t ? BTF_INFO_KIND(t->info) : 0;
}

/* The member called name of struct or union id, also inside an anonymous
 * one: its type and bit offset added to w, its bitfield size. */
static bool
find_member(struct walk *w, uint32_t id, const char *name, unsigned depth)
{
	const struct btf_type *t = eb_btf_type_by_id(w->btf, id);
	const struct btf_member *m = t ? btf_type_data(t) : NULL;

	if (!t || (BTF_INFO_KIND(t->info) != BTF_KIND_STRUCT &&
		   BTF_INFO_KIND(t->info) != BTF_KIND_UNION) || !depth)
		return false;
	for (uint32_t i = 0; i < BTF_INFO_VLEN(t->info); i++, m++) {
		const char *mname = eb_btf_str(w->btf, m->name_off);
		uint32_t bits = w->bits;
		w->bits += btf_member_bit_offset(t, i);
		if (!*mname && find_member(w, eb_btf_skip_modifiers(w->btf,
								    m->type),
					   name, depth - 1))
			return true;
		if (*mname && !strcmp(mname, name)) {
			w->type = eb_btf_skip_modifiers(w->btf, m->type);
			w->bitfield = btf_member_bitfield_size(t, i);
			return true;
		}
		w->bits = bits;
	}
	return false;
}

/* ->FIELD[.FIELD]... (s after the ->; cut at the next ->, *next after
 * it or NULL): a read through the pointer w is at the fields' offset. */
static const char *
arrow(struct fetch_arg *fa, struct walk *w, char *s, char **next)
{
	const struct btf_type *ptr = type_of(w);

	if (kind_of(w) != BTF_KIND_PTR)
		return "This is not a pointer to union/structure.";
	w->type = eb_btf_skip_modifiers(w->btf, ptr->size_or_type);
	w->bits = 0;
	w->bitfield = 0;
	*next = NULL;
	while (s) {
		char *end = s;
		while (*end && *end != '.' && *end != '-')
			end++;
		if (*end == '-' && end[1] != '>')
			return "Failed to parse single hyphen. Forgot '>'?";
		char sep = *end;
		*end = 0;
		if (!find_member(w, w->type, s, MEMBER_DEPTH))
			return "This field is not found.";
		s = sep == '.' ? end + 1 : NULL;
		*next = sep == '-' ? end + 2 : NULL;
	}
	return eb_fetch_add_deref(fa, w->bits / 8, false);
}

/* proto's parameter called name: its index in *i and its type, or 0. */
static uint32_t
param(const struct btf *btf, const struct btf_type *proto, const char *name,
      unsigned *i)
{
	const struct btf_param *p = btf_type_data(proto);

	for (*i = 0; *i < BTF_INFO_VLEN(proto->info); ++*i)
		if (!strcmp(eb_btf_str(btf, p[*i].name_off), name))
			return p[*i].type;
	return 0;
}

/* The type Linux gives a value of w's C type (fetch_type_from_btf_type):
 * an index into eb_fetch_types. */
static unsigned
default_type(const struct walk *w)
{
	const struct btf_type *t = type_of(w);
	unsigned kind = kind_of(w);

	if (kind == BTF_KIND_ENUM || kind == BTF_KIND_ENUM64)
		return FETCH_TYPE_S8 + (kind == BTF_KIND_ENUM ? 2 : 3);
	if (kind == BTF_KIND_INT) {
		uint32_t word = *(const uint32_t *)btf_type_data(t);
		uint32_t bits = BTF_INT_BITS(word);
		unsigned n = bits == 8 ? 0 : bits == 16 ? 1 : bits == 32 ? 2 : 3;
		return (BTF_INT_ENCODING(word) & BTF_INT_SIGNED ? FETCH_TYPE_S8
							       : FETCH_TYPE_U8) + n;
	}
	return FETCH_TYPE_X64;	/* a pointer's, and Linux's default */
}

/* An untyped argument's type: w's, or for a bitfield the 8 bytes from
 * its first byte cut to its bits, unsigned (Linux's parse_btf_bitfield).
 * NULL, or why not: a (packed) bitfield past those 8 bytes, whose shift
 * count would wrap. */
static const char *
set_type(struct fetch_arg *fa, const struct walk *w)
{
	fa->type = w->bitfield ? FETCH_TYPE_U8 + 3 : default_type(w);
	fa->lshift = 64 - 8 * eb_fetch_types[fa->type].size;
	fa->rshift = fa->lshift;
	if (w->bitfield) {
		if (w->bits % 8 + w->bitfield > 64)
			return "the bitfield spans more than the 8 bytes from "
			       "its first byte: give a TYPE";
		fa->lshift = 64 - (w->bits % 8 + w->bitfield);
		fa->rshift = 64 - w->bitfield;
	}
	return NULL;
}

/* Whether w's type is a char (an 8-bit unsigned INT, as Linux asks) one
 * kind of step from it: through a pointer or an array of them. */
static bool
char_behind(const struct walk *w, unsigned kind)
{
	const struct btf_type *t = type_of(w);
	uint32_t id;

	if (kind_of(w) != kind)
		return false;
	id = kind == BTF_KIND_PTR ? t->size_or_type :
	     ((const struct btf_array *)btf_type_data(t))->type;
	t = eb_btf_type_by_id(w->btf, eb_btf_skip_modifiers(w->btf, id));
	if (!t || BTF_INFO_KIND(t->info) != BTF_KIND_INT)
		return false;
	uint32_t word = *(const uint32_t *)btf_type_data(t);
	return BTF_INT_BITS(word) == 8 && !(BTF_INT_ENCODING(word) & BTF_INT_SIGNED);
}

/* Where the walk starts: at $retval, a0 and the return type; at the
 * parameter called name, its register (saved at the entry for a return)
 * and its type. NULL, or why not. */
static const char *
start(struct fetch_arg *fa, struct walk *w, const struct btf_type *proto,
      const char *name, bool retprobe)
{
	unsigned i;

	if (strcmp(name, "$retval") == 0) {
		w->type = eb_btf_skip_modifiers(w->btf, proto->size_or_type);
		fa->reg = FETCH_REG_A0;
		return w->type ? NULL : "This function returns 'void' type";
	}
	w->type = eb_btf_skip_modifiers(w->btf, param(w->btf, proto, name, &i));
	if (!w->type)
		return "This variable is not found at this probe point";
	if (i >= FETCH_ENTRY_ARGS)	/* as $argN */
		return "a parameter past the eighth is on the stack: not taken";
	fa->reg = FETCH_REG_A0 + i;
	fa->entry = retprobe;	/* as $argN: saved at the entry */
	return NULL;
}

/* The walk from the parameter or $retval: where it starts, each ->, its
 * type. */
static const char *
resolve(struct fetch_arg *fa, struct walk *w, const struct btf_type *proto,
	char *expr, bool retprobe, bool typed)
{
	char *field = expr, *next;
	const char *why;

	while (*field && *field != '-' && *field != '.')
		field++;
	if (*field == '.')
		return "Dot-connected field access is not supported for "
		       "argument";
	if (*field && field[1] != '>')
		return "Failed to parse single hyphen. Forgot '>'?";
	next = *field ? field + 2 : NULL;
	*field = 0;
	why = start(fa, w, proto, expr, retprobe);
	while (next && !why)
		why = arrow(fa, w, next, &next);
	if (!why && !typed)
		why = set_type(fa, w);
	if (why || !typed || !fetch_is_string(&eb_fetch_types[fa->type]))
		return why;
	if (char_behind(w, BTF_KIND_PTR))	/* the text it points at */
		return eb_fetch_add_deref(fa, 0, false);
	return fa->nderef && char_behind(w, BTF_KIND_ARRAY) ? NULL :
	       "This type does not fit for string.";
}

/* The kernel's BTF and func's prototype in it, looked up at the first
 * BTF name of a definition: whether both are there. */
static bool
look_up(struct fetch_func *func)
{
	size_t len;
	const void *data;

	if (!func->looked) {
		func->looked = true;
		data = eb_port_kernel_btf(&len);
		if (data && !eb_btf_parse(&func->btf, data, len, NULL, 0))
			func->proto = eb_btf_func_proto(&func->btf, func->name);
	}
	return func->proto;
}

const char *
eb_fetch_func_param(struct fetch_func *func, unsigned i)
{
	const struct btf_param *p;
	const char *name;

	if (!look_up(func) || i >= BTF_INFO_VLEN(func->proto->info))
		return NULL;
	p = btf_type_data(func->proto);
	name = eb_btf_str(&func->btf, p[i].name_off);
	return *name ? name : NULL;	/* a variadic function's ... */
}

void
eb_fetch_func_done(struct fetch_func *func)
{
	eb_btf_free(&func->btf);	/* a zeroed one too */
	func->looked = false;
	func->proto = NULL;
}

const char *
eb_fetch_btf_arg(struct fetch_arg *fa, struct fetch_func *func, char *expr,
		 bool retprobe, bool typed)
{
	if (!look_up(func)) {
		/* a bare $retval is a0, x64, without BTF, as in Linux */
		if (strcmp(expr, "$retval") == 0) {
			fa->reg = FETCH_REG_A0;
			return NULL;
		}
		return "No BTF entry for this probe point";
	}
	struct walk w = { &func->btf, 0, 0, 0 };
	return resolve(fa, &w, func->proto, expr, retprobe, typed);
}
