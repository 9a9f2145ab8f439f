/*
 * Fetch args (fetch_args.h): parsing NAME=FETCHARG[:TYPE] into a program
 * of reads, and running it in a probe handler.
 */
#include "fetch_args.h"
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/kprobes.h>
#include <ebreak/libc.h>
#include <ebreak/port.h>

/* struct pt_regs word N: 0 the pc, N > 0 register xN, by ABI name (the
 * first 32, which fetch args read), then the trap's CSRs. */
static const char *const reg_names[36] = {
	"pc", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1",
	"a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7",
	"s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11",
	"t3", "t4", "t5", "t6", "status", "badaddr", "cause", "orig_a0",
};

size_t
eb_fetch_regs_names(unsigned long held, const char *prefix, char *buf,
		    size_t len, size_t size)
{
	for (unsigned i = 0; i < 32 && len < size; i++)
		if (held >> i & 1)
			len += (size_t)eb_snprintf(buf + len, size - len,
						   " %s%s", prefix,
						   reg_names[i]);
	return len;
}

const char *
eb_fetch_reg_name(unsigned n)
{
	return n < sizeof reg_names / sizeof *reg_names ? reg_names[n] : NULL;
}
#define REG_PC 0
#define REG_SP 2
#define REG_FP 8
#define REG_A0 10

/* How a type prints: unsigned, signed, hex, string, symbol. */
struct fetch_type {
	const char *name;
	unsigned char size;
	char kind;		/* 'u' 's' 'x' 'S' 'y', 'U' (a user 'S') */
};

static const struct fetch_type types[] = {
	{ "x64", 8, 'x' },	/* first: the default, as in Linux on 64-bit */
	{ "x8", 1, 'x' }, { "x16", 2, 'x' }, { "x32", 4, 'x' },
	{ "u8", 1, 'u' }, { "u16", 2, 'u' }, { "u32", 4, 'u' }, { "u64", 8, 'u' },
	{ "s8", 1, 's' }, { "s16", 2, 's' }, { "s32", 4, 's' }, { "s64", 8, 's' },
	{ "string", 1, 'S' }, { "ustring", 1, 'U' }, { "symbol", 8, 'y' },
};
#define TYPE_STRING 12	/* types[TYPE_STRING] is "string" */

static bool
is_string(const struct fetch_type *t)
{
	return t->kind == 'S' || t->kind == 'U';
}

#define MAX_TEXT 96		/* one argument's text */

bool
eb_fetch_number(const char *s, size_t n, unsigned long *v)
{
	unsigned base = 10;

	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
		n -= 2;
	}
	if (!n)
		return false;
	for (*v = 0; n; s++, n--) {
		unsigned d = *s >= '0' && *s <= '9' ? *s - '0' :
			     *s >= 'a' && *s <= 'f' ? *s - 'a' + 10 :
			     *s >= 'A' && *s <= 'F' ? *s - 'A' + 10 : 99;
		if (d >= base || *v > (~0ul - d) / base)	/* or overflows */
			return false;
		*v = *v * base + d;
	}
	return true;
}

/* The last c in s, or NULL. */
static char *
last_of(char *s, char c)
{
	char *found = NULL;

	for (; *s; s++)
		if (*s == c)
			found = s;
	return found;
}

/* One more memory read, at OFFS past the value so far; from the current
 * process's user memory if user. */
static const char *
add_deref(struct fetch_arg *fa, long off, bool user)
{
	if (fa->nderef == FETCH_DEREF_MAX)
		return "too many nested memory reads (at most 4)";
	if (user)
		fa->user |= 1u << fa->nderef;
	fa->deref[fa->nderef++] = off;
	return NULL;
}

/* %REG */
static const char *
parse_reg(struct fetch_arg *fa, const char *name)
{
	if (strcmp(name, "fp") == 0) {
		fa->reg = REG_FP;
		return NULL;
	}
	if (strcmp(name, "epc") == 0) {	/* Linux's RISC-V name of the pc */
		fa->reg = REG_PC;
		return NULL;
	}
	for (unsigned i = 0; i < 32; i++)
		if (strcmp(name, reg_names[i]) == 0) {
			fa->reg = i;
			return NULL;
		}
	return "unknown register (RISC-V ABI names: %a0, %sp, %s1, ..., %pc)";
}

/* $argN $retval $stack $stackN */
static const char *
parse_var(struct fetch_arg *fa, const char *var, bool retprobe)
{
	unsigned long n;

	if (strcmp(var, "comm") == 0 || strcmp(var, "COMM") == 0) {	/* Linux */
		fa->reg = FETCH_COMM;
		return NULL;
	}
	if (strcmp(var, "retval") == 0) {
		fa->reg = REG_A0;
		return retprobe ? NULL : "$retval is only for return probes (r)";
	}
	if (strncmp(var, "arg", 3) == 0) {
		if (!eb_fetch_number(var + 3, strlen(var + 3), &n) || n < 1 ||
		    n > FETCH_ENTRY_ARGS)
			return "$argN takes N from 1 to 8 (a0..a7)";
		fa->reg = REG_A0 + n - 1;
		fa->argn = true;
		/* At a return a0..a7 hold no arguments: the values saved at
		 * the entry are used (as Linux does since 6.9). */
		fa->entry = retprobe;
		return NULL;
	}
	if (strncmp(var, "stack", 5) != 0)
		return "unknown variable ($argN, $retval, $stack, $stackN, "
		       "$comm)";
	fa->reg = REG_SP;
	if (!var[5])
		return NULL;
	if (!eb_fetch_number(var + 5, strlen(var + 5), &n) || n > 4096)
		return "$stackN takes N from 0 to 4096";
	return add_deref(fa, (long)n * 8, false);
}

/* sign ('+' or '-') applied to the number in [s, end). */
static bool
signed_number(char sign, const char *s, const char *end, long *v)
{
	unsigned long u;

	if (!eb_fetch_number(s, end - s, &u))
		return false;
	*v = sign == '-' ? -(long)u : (long)u;
	return true;
}

/* @ADDR or @SYM[+|-OFFS]: the memory there */
static const char *
parse_addr(struct fetch_arg *fa, char *at)
{
	char *sign = at;
	long off = 0;
	size_t size;

	fa->reg = FETCH_IMM;
	if (!eb_fetch_number(at, strlen(at), &fa->imm)) {
		while (*sign && *sign != '+' && *sign != '-')
			sign++;
		if (*sign && !signed_number(*sign, sign + 1, sign + strlen(sign),
					    &off))
			return "bad offset after the symbol";
		*sign = 0;
		if (!eb_port_symbol_lookup(at, &fa->imm, &size))
			return "no such symbol";
		fa->imm += off;
	}
	return add_deref(fa, 0, false);
}

static const char *parse_fetch(struct fetch_arg *fa, char *s, bool retprobe);

/* +|-[u]OFFS(FETCHARG): the memory at FETCHARG + OFFS; with u, the
 * current process's user memory (eb_port_read_user_nofault). */
static const char *
parse_deref(struct fetch_arg *fa, char *s, bool retprobe)
{
	bool user = s[1] == 'u';
	char *num = user ? s + 2 : s + 1, *open = num;
	char *close = s + strlen(s) - 1;
	long off;

	while (*open && *open != '(')
		open++;
	if (!*open || *close != ')')
		return "a dereference is +|-OFFS(FETCHARG)";
	if (!signed_number(*s, num, open, &off))
		return "bad offset before '('";
	*close = 0;
	const char *why = parse_fetch(fa, open + 1, retprobe);
	return why ? why : add_deref(fa, off, user);
}

static const char *
parse_fetch(struct fetch_arg *fa, char *s, bool retprobe)
{
	switch (*s) {
	case '%':
		return parse_reg(fa, s + 1);
	case '$':
		return parse_var(fa, s + 1, retprobe);
	case '@':
		return parse_addr(fa, s + 1);
	case '+':
	case '-':
		return parse_deref(fa, s, retprobe);
	}
	return "unknown fetch arg (%REG, $argN, $retval, $stack, $stackN, "
	       "$comm, @ADDR, @SYM[+|-OFFS], +|-[u]OFFS(FETCHARG))";
}

/* NAME: a C identifier that fits. */
static bool
good_name(const char *s)
{
	if (!*s || strlen(s) >= FETCH_NAME_MAX || (*s >= '0' && *s <= '9'))
		return false;
	for (; *s; s++)
		if (!(*s == '_' || (*s >= '0' && *s <= '9') ||
		      (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
			return false;
	return true;
}

/* Names an argument may not take (Linux's reserved_field_names): the
 * common fields' and those of Linux's own probe fields. */
static bool
reserved_name(const char *name)
{
	static const char *const reserved[] = {
		"common_type", "common_flags", "common_preempt_count",
		"common_pid", "common_tgid", "__probe_ip", "__probe_ret_ip",
		"__probe_func",
	};

	for (unsigned i = 0; i < sizeof reserved / sizeof *reserved; i++)
		if (strcmp(name, reserved[i]) == 0)
			return true;
	return false;
}

static const char *
parse_type(struct fetch_arg *fa, const char *name)
{
	for (unsigned i = 0; i < sizeof types / sizeof types[0]; i++)
		if (strcmp(name, types[i].name) == 0) {
			fa->type = i;
			return NULL;
		}
	return "unknown type (u8..u64, s8..s64, x8..x64, string, ustring, "
	       "symbol)";
}

/* NAME=FETCHARG[:TYPE] in text (a copy we may cut): the reason it is
 * bad, or NULL. */
static const char *
parse(struct fetch_arg *fa, char *text, unsigned n, bool retprobe)
{
	char *fetch = text, *eq = last_of(text, '='), *colon;
	const char *why;

	eb_snprintf(fa->name, sizeof fa->name, "arg%u", n);
	if (eq) {
		*eq = 0;
		fetch = eq + 1;
		if (!good_name(text))
			return "NAME must be a C identifier of at most 15 chars";
		memcpy(fa->name, text, strlen(text) + 1);
		if (reserved_name(text))
			return "NAME is one Linux reserves (common_pid, "
			       "__probe_ip, ...)";
	}
	colon = last_of(fetch, ':');
	if (colon) {
		*colon = 0;
		if ((why = parse_type(fa, colon + 1)))
			return why;
	}
	if ((why = parse_fetch(fa, fetch, retprobe)))
		return why;
	const struct fetch_type *t = &types[fa->type];
	if (fa->reg == FETCH_COMM) {
		fa->type = TYPE_STRING;
		return colon && t->kind != 'S' ? "$comm is a string" : NULL;
	}
	/* $stackN's read is a variable's, not a dereference (Linux) */
	if (is_string(t) && (!fa->nderef || *fetch == '$'))
		return "string needs a memory read, e.g. +0(%a0):string";
	if (t->kind == 'U')	/* the string's own read is from user memory */
		fa->user |= 1u << (fa->nderef - 1);
	return NULL;
}

/* A register that a probe's frame does not hold: the reason, naming
 * those it does (held: as eb_fetch_arg_parse's), in msg. */
static int
refuse_reg(const struct fetch_arg *fa, unsigned long held, const char *text,
	   size_t len, char *msg, size_t size)
{
	size_t n = (size_t)eb_snprintf(msg, size, "bad argument '%.*s': this "
				       "probe's registers do not hold %%%s, "
				       "only", (int)len, text,
				       reg_names[fa->reg]);

	eb_fetch_regs_names(held, "%", msg, n, size);
	return -EINVAL;
}

int
eb_fetch_arg_parse(struct fetch_arg *fa, const char *text, size_t len,
		   unsigned n, bool retprobe, unsigned long held, char *msg,
		   size_t size)
{
	char copy[MAX_TEXT];
	const char *why = "too long";

	memset(fa, 0, sizeof *fa);
	if (len < sizeof copy) {
		memcpy(copy, text, len);
		copy[len] = 0;
		why = parse(fa, copy, n, retprobe);
	}
	if (!why && fa->reg < 32 && !fa->entry && !(held >> fa->reg & 1))
		return refuse_reg(fa, held, text, len, msg, size);
	if (!why) {
		fa->label_len = eb_snprintf(fa->label, sizeof fa->label, " %s=",
					    fa->name);
		return 0;
	}
	eb_snprintf(msg, size, "bad argument '%.*s': %s", (int)len, text, why);
	return -EINVAL;
}

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

/* v cut to type t's size: sign-extended for a signed type, else
 * zero-extended. */
static unsigned long
narrow(const struct fetch_type *t, unsigned long v)
{
	unsigned shift = 64 - 8 * t->size;

	return t->kind == 's' ? (unsigned long)((long)(v << shift) >> shift)
			      : v << shift >> shift;
}

/* value (narrowed), as type t prints it. */
static size_t
append_value(const struct fetch_type *t, unsigned long v, char *buf,
	     size_t len, size_t size)
{
	char tmp[EB_FMT_DIGITS_MAX + 2], *end = tmp + sizeof tmp, *d;
	long sv = (long)v;
	uintptr_t start;
	size_t fsize;
	const char *sym;

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
		/* A return address a kretprobe replaced names its trampoline:
		 * show the real one, as Linux's return-address lookup does. */
		v = kretprobe_find_ret_addr(v);
		sym = eb_port_symbol_name(v, &start, &fsize);
		if (sym)
			return append(buf, len, size, "%s+0x%lx/0x%lx", sym,
				      (unsigned long)(v - start),
				      (unsigned long)fsize);
		__attribute__((fallthrough));	/* outside any function: hex */
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
		saved[i] = *pt_regs_gpr((struct pt_regs *)regs, REG_A0 + i);
}

/* Where fa's program starts. */
static unsigned long
start_value(const struct fetch_arg *fa, struct pt_regs *regs,
	    const unsigned long *args)
{
	if (fa->reg == FETCH_IMM)
		return fa->imm;
	if (fa->entry)
		return args[fa->reg - REG_A0];
	return *pt_regs_gpr(regs, fa->reg);
}

/* Whether fa's last read, a string's, is from user memory. */
static inline bool
string_in_user(const struct fetch_arg *fa)
{
	return fa->user >> (fa->nderef - 1) & 1;
}

/* Run fa's program: its value (narrowed to the type), or for a string
 * the address of its text, unread. 0, or -EFAULT if a read faulted. */
static inline int
walk(const struct fetch_arg *fa, struct pt_regs *regs,
     const unsigned long *args, unsigned long *v)
{
	const struct fetch_type *t = &types[fa->type];

	*v = start_value(fa, regs, args);
	for (unsigned i = 0; i < fa->nderef; i++) {
		uintptr_t addr = *v + fa->deref[i];
		bool last = i + 1 == fa->nderef;
		if (last && is_string(t)) {
			*v = addr;
			return 0;
		}
		*v = 0;	/* a narrow read fills the low bytes (little-endian) */
		if (read_mem(v, addr, last ? t->size : 8, fa->user >> i & 1))
			return -EFAULT;
	}
	*v = narrow(t, *v);
	return 0;
}

size_t
eb_fetch_arg_print(const struct fetch_arg *fa, struct pt_regs *regs,
		   const unsigned long *args, char *buf, size_t len, size_t size)
{
	const struct fetch_type *t = &types[fa->type];
	unsigned long v;
	char comm[FETCH_COMM_LEN];

	len = append_bytes(buf, len, size, fa->label, fa->label_len);
	if (fa->reg == FETCH_COMM) {
		eb_port_current(comm, sizeof comm);
		return append(buf, len, size, "\"%s\"", comm);
	}
	if (walk(fa, regs, args, &v) == 0) {
		size_t n = is_string(t) ? append_string(v, string_in_user(fa),
							buf, len, size)
					: append_value(t, v, buf, len, size);
		if (n)
			return n;
	}
	return append_bytes(buf, len, size, "(fault)", 7);
}

enum eb_field_type
eb_fetch_arg_field_type(const struct fetch_arg *fa)
{
	const struct fetch_type *t = &types[fa->type];

	return fa->reg == FETCH_COMM || is_string(t) ? EB_FIELD_STRING
	       : t->kind == 's' ? EB_FIELD_SIGNED : EB_FIELD_UNSIGNED;
}

bool
eb_fetch_arg_value(const struct fetch_arg *fa, struct pt_regs *regs,
		   const unsigned long *args, union eb_field_value *value,
		   char *str, size_t size)
{
	const struct fetch_type *t = &types[fa->type];
	unsigned long v;
	size_t i = 0;

	if (fa->reg == FETCH_COMM) {
		eb_port_current(str, size);
		value->str = str;
		return true;
	}
	bool ok = walk(fa, regs, args, &v) == 0;
	if (!is_string(t)) {
		value->u = ok ? v : 0;
		return ok;
	}
	bool user = string_in_user(fa);
	for (; ok && i + 1 < size; i++)
		if ((ok = !read_mem(&str[i], v + i, 1, user)) && !str[i])
			break;
	str[ok ? i : 0] = 0;
	value->str = str;
	return ok;
}
