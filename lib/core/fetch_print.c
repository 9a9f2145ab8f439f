/*
 * Fetch args (fetch_args.h): running an argument's program in a probe
 * handler, for its record or for an event filter. Trap context: no lock,
 * no allocation, every read fault-safe.
 */
#include "fetch_args.h"
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/kprobes.h>
#include <ebreak/libc.h>
#include <ebreak/port.h>

/* Append to buf[len..size) what fmt formats; the new length. */
static size_t __attribute__((format(printf, 4, 5)))
append(char *buf, size_t len, size_t size, const char *fmt, ...)
{
	va_list ap;

	if (len + 1 >= size)
		return len;
	va_start(ap, fmt);
	size_t n = (size_t)eb_vsnprintf(buf + len, size - len, fmt, ap);
	va_end(ap);
	return len + n < size ? len + n : size - 1;
}

/* Append s[0..n) to buf[len..size), cut to fit; the new length. Trap
 * context: the hot path of a record, no format string. */
static size_t
append_bytes(char *buf, size_t len, size_t size, const char *s, size_t n)
{
	if (len + n >= size)
		n = size - 1 - len;
	memcpy(buf + len, s, n);
	buf[len + n] = 0;
	return len + n;
}

/* Copy len bytes at addr, from kernel memory or (user) the current
 * process's: 0, or -EFAULT. Trap context. */
static int
read_mem(void *dst, uintptr_t addr, size_t len, bool user)
{
	return user ? eb_port_read_user_nofault(dst, (const void *)addr, len)
		    : eb_port_read_nofault(dst, (const void *)addr, len);
}

/* The NUL-terminated text at addr (user memory if user), as much as fits
 * in buf[len..size) between quotes. Returns the new length, or 0 if a
 * read faulted. */
static size_t
append_string(uintptr_t addr, bool user, char *buf, size_t len, size_t size)
{
	size_t room = size - len;	/* the quotes, the text, the NUL */
	size_t i = 0;
	char c = 1;

	if (room < 3)
		return len;
	buf[len++] = '"';
	for (; i + 3 < room; i++, len++) {
		if (read_mem(&c, addr + i, 1, user))
			return 0;
		if (!c)
			break;
		buf[len] = c;
	}
	buf[len++] = '"';
	buf[len] = 0;
	return len;
}

/* v cut to fa's bits (its type's size, or its bitfield): sign-extended
 * for a signed type, else zero-extended. */
static inline unsigned long
narrow(const struct fetch_arg *fa, const struct fetch_type *t,
       unsigned long v)
{
	return t->kind == 's' ?
	       (unsigned long)((long)(v << fa->lshift) >> fa->rshift) :
	       v << fa->lshift >> fa->rshift;
}

/* The function v is in, as `FUNC+0xOFF/0xSIZE` (Linux's %pS and
 * sprint_symbol), or hex outside any. */
static size_t
append_symbol(unsigned long v, char *buf, size_t len, size_t size)
{
	uintptr_t start;
	size_t fsize;

	/* A return address a kretprobe replaced names its trampoline: show
	 * the real one, as Linux's return-address lookup does. */
	v = kretprobe_find_ret_addr(v);
	const char *sym = eb_port_symbol_name(v, &start, &fsize);
	if (sym)
		return append(buf, len, size, "%s+0x%lx/0x%lx", sym,
			      (unsigned long)(v - start), (unsigned long)fsize);
	return append(buf, len, size, "0x%lx", v);
}

/* value (narrowed), as type t prints it. Inline: the hit path of every
 * number. */
static inline __attribute__((always_inline)) size_t
append_value(const struct fetch_type *t, unsigned long v, char *buf,
	     size_t len, size_t size)
{
	char tmp[EB_FMT_DIGITS_MAX + 2], *end = tmp + sizeof tmp, *d;
	long sv = (long)v;

	switch (t->kind) {
	case 'u':
		d = eb_fmt_digits(end, v, 10, false);
		break;
	case 's':
		d = eb_fmt_digits(end, sv < 0 ? -(unsigned long)sv : v, 10, false);
		if (sv < 0)
			*--d = '-';
		break;
	case 'y':
		return append_symbol(v, buf, len, size);
	case 'Y':	/* symstr: the same, a string */
		len = append_bytes(buf, len, size, "\"", 1);
		len = append_symbol(v, buf, len, size);
		return append_bytes(buf, len, size, "\"", 1);
	case 'c':	/* Linux's '%c': a NUL shows as nothing between */
		tmp[0] = tmp[2] = '\'';
		tmp[1] = (char)v;
		return v ? append_bytes(buf, len, size, tmp, 3)
			 : append_bytes(buf, len, size, "''", 2);
	default:
		d = eb_fmt_digits(end, v, 16, false);
		*--d = 'x';
		*--d = '0';
	}
	return append_bytes(buf, len, size, d, end - d);
}

void
eb_fetch_save_entry_args(unsigned long *saved, const struct pt_regs *regs)
{
	for (unsigned i = 0; i < FETCH_ENTRY_ARGS; i++)
		saved[i] = *pt_regs_gpr((struct pt_regs *)regs, FETCH_REG_A0 + i);
}

/* Where fa's program starts. */
static unsigned long
start_value(const struct fetch_arg *fa, struct pt_regs *regs,
	    const unsigned long *args)
{
	if (fa->reg == FETCH_IMM)
		return fa->imm;
	if (fa->entry)
		return args[fa->reg - FETCH_REG_A0];
	return *pt_regs_gpr(regs, fa->reg);
}

/* Run fa's program up to its last read: into *at the address that read
 * is at (a string's text, an array's first element), or with no read the
 * value. 0, or -EFAULT if a read faulted. */
static inline int
walk_to_last(const struct fetch_arg *fa, struct pt_regs *regs,
	     const unsigned long *args, unsigned long *at)
{
	unsigned long v = start_value(fa, regs, args);

	for (unsigned i = 0; i + 1 < fa->nderef; i++)
		if (read_mem(&v, v + fa->deref[i], 8, fa->user >> i & 1))
			return -EFAULT;
	*at = fa->nderef ? v + fa->deref[fa->nderef - 1] : v;
	return 0;
}

/* Element i of fa's number (its last read at at; with none, at is the
 * value), narrowed, into *v. 0, or -EFAULT. */
static inline int
element(const struct fetch_arg *fa, const struct fetch_type *t,
	unsigned long at, unsigned i, unsigned long *v)
{
	if (fa->nderef) {
		uintptr_t addr = at + i * t->size;
		at = 0;	/* a narrow read fills the low bytes (little-endian) */
		if (read_mem(&at, addr, t->size, fetch_last_in_user(fa)))
			return -EFAULT;
	}
	*v = narrow(fa, t, at);
	return 0;
}

/* Run fa's program (not an array's): its value (narrowed), or for a
 * string the address of its text, unread. 0, or -EFAULT. */
static inline int
walk(const struct fetch_arg *fa, struct pt_regs *regs,
     const unsigned long *args, unsigned long *v)
{
	const struct fetch_type *t = &eb_fetch_types[fa->type];

	if (walk_to_last(fa, regs, args, v))
		return -EFAULT;
	return fetch_is_string(t) ? 0 : element(fa, t, *v, 0, v);
}

/* fa's array as Linux prints one: `{V1,V2,...}`; a string array's
 * elements are pointers to the texts. Returns the new length, or 0 if a
 * read faulted. */
static size_t
append_array(const struct fetch_arg *fa, struct pt_regs *regs,
	     const unsigned long *args, char *buf, size_t len, size_t size)
{
	const struct fetch_type *t = &eb_fetch_types[fa->type];
	unsigned long at, v = 0;

	if (walk_to_last(fa, regs, args, &at))
		return 0;
	len = append_bytes(buf, len, size, "{", 1);
	for (unsigned i = 0; i < fa->count && len; i++) {
		if (fetch_is_string(t)) {	/* a pointer to each text */
			if (read_mem(&v, at + i * sizeof v, sizeof v,
				     fetch_last_in_user(fa)))
				return 0;
			len = append_string(v, fa->user & FETCH_USER_TEXT, buf,
					    len, size);
		} else {
			if (element(fa, t, at, i, &v))
				return 0;
			len = append_value(t, v, buf, len, size);
		}
		if (len)
			len = append_bytes(buf, len, size,
					   i + 1 < fa->count ? "," : "}", 1);
	}
	return len;
}

/* An array's value, $comm's or an immediate string's, as
 * eb_fetch_arg_print appends it: the new length, or 0 if a read faulted.
 * Out of line: the other values' hit path stays as short as it was. */
static __attribute__((noinline)) size_t
append_other(const struct fetch_arg *fa, struct pt_regs *regs,
	     const unsigned long *args, char *buf, size_t len, size_t size)
{
	char comm[FETCH_COMM_LEN];

	if (fa->count)
		return append_array(fa, regs, args, buf, len, size);
	if (fa->reg == FETCH_DATA) {	/* its text as given: no format */
		len = append_bytes(buf, len, size, "\"", 1);
		len = append_bytes(buf, len, size, (const char *)fa->imm,
				   fa->data_len);
		return append_bytes(buf, len, size, "\"", 1);
	}
	eb_port_current(comm, sizeof comm);
	return append(buf, len, size, "\"%s\"", comm);
}

size_t
eb_fetch_arg_print(const struct fetch_arg *fa, struct pt_regs *regs,
		   const unsigned long *args, char *buf, size_t len, size_t size)
{
	const struct fetch_type *t = &eb_fetch_types[fa->type];
	unsigned long v;
	size_t n = 0;

	len = append_bytes(buf, len, size, fa->label, fa->label_len);
	if (__builtin_expect(fa->count || fa->reg == FETCH_COMM ||
			     fa->reg == FETCH_DATA, 0))
		n = append_other(fa, regs, args, buf, len, size);
	else if (walk(fa, regs, args, &v) == 0)
		n = fetch_is_string(t) ? append_string(v, fa->user & FETCH_USER_TEXT,
						 buf, len, size)
				 : append_value(t, v, buf, len, size);
	return n ? n : append_bytes(buf, len, size, "(fault)", 7);
}

enum eb_field_type
eb_fetch_arg_field_type(const struct fetch_arg *fa)
{
	const struct fetch_type *t = &eb_fetch_types[fa->type];
	size_t bytes = (size_t)t->size * fa->count;

	/* As Linux types an array field (filter_assign_type): char[N] is a
	 * string, any other a number of its size, which only 1, 2, 4 and 8
	 * bytes can be compared as (select_comparison_fn) */
	if (fa->count && t->kind == 'c')
		return EB_FIELD_STRING;
	if (fa->count && (fetch_is_string(t) || bytes > 8 ||
			  (bytes & (bytes - 1))))
		return EB_FIELD_ARRAY;
	/* $comm's and an immediate string's type is string (check_type) */
	return fetch_is_string(t) || t->kind == 'Y' ? EB_FIELD_STRING
	       : t->kind == 's' ? EB_FIELD_SIGNED : EB_FIELD_UNSIGNED;
}

/* An array as filters compare it (eb_fetch_arg_field_type): char[N]'s
 * bytes as text into str (size bytes, cut to fit), any other's bytes as
 * one number, little-endian, into value->u (sign-extended for a signed
 * type). Whether no read faulted: the value is then 0 or "". */
static __attribute__((noinline)) bool
array_value(const struct fetch_arg *fa, struct pt_regs *regs,
	    const unsigned long *args, union eb_field_value *value,
	    char *str, size_t size)
{
	const struct fetch_type *t = &eb_fetch_types[fa->type];
	unsigned bits = 8 * t->size, total = bits * fa->count;
	unsigned long at, e;
	bool ok = walk_to_last(fa, regs, args, &at) == 0;

	if (t->kind == 'c') {
		size_t n = fa->count < size ? fa->count : size - 1;
		ok = ok && !read_mem(str, at, n, fetch_last_in_user(fa));
		str[ok ? n : 0] = 0;
		return ok;
	}
	value->u = 0;
	for (unsigned i = 0; ok && i < fa->count; i++) {
		if (!(ok = element(fa, t, at, i, &e) == 0))
			break;
		if (bits < 64)	/* a signed element's extension cut off */
			e &= (1ul << bits) - 1;
		value->u |= e << (i * bits);
	}
	if (!ok)
		value->u = 0;
	else if (t->kind == 's' && total < 64)
		value->u = (unsigned long)((long)(value->u << (64 - total)) >>
					   (64 - total));
	return ok;
}

bool
eb_fetch_arg_value(const struct fetch_arg *fa, struct pt_regs *regs,
		   const unsigned long *args, union eb_field_value *value,
		   char *str, size_t size)
{
	const struct fetch_type *t = &eb_fetch_types[fa->type];
	unsigned long v;
	size_t i = 0;

	value->str = str;
	if (fa->reg == FETCH_COMM) {
		eb_port_current(str, size);
		return true;
	}
	if (fa->reg == FETCH_DATA) {
		append_bytes(str, 0, size, (const char *)fa->imm, fa->data_len);
		return true;
	}
	if (fa->count)
		return array_value(fa, regs, args, value, str, size);
	bool ok = walk(fa, regs, args, &v) == 0;
	if (t->kind == 'Y') {
		str[0] = 0;
		if (ok)
			append_symbol(v, str, 0, size);
		return ok;
	}
	if (!fetch_is_string(t)) {
		value->u = ok ? v : 0;
		return ok;
	}
	bool user = fa->user & FETCH_USER_TEXT;
	for (; ok && i + 1 < size; i++)
		if ((ok = !read_mem(&str[i], v + i, 1, user)) && !str[i])
			break;
	str[ok ? i : 0] = 0;
	return ok;
}
