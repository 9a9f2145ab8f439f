/*
 * Fetch args (fetch_args.h): parsing NAME=FETCHARG[:TYPE] into a program
 * of reads (fetch_print.c runs it in a probe handler).
 */
#include "fetch_args.h"
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/libc.h>
#include <ebreak/port.h>
#include <ebreak/trace_ring.h>	/* EB_TRACE_TEXT_MAX */

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

const struct fetch_type eb_fetch_types[FETCH_TYPES] = {
	{ "x64", 8, 18, 'x' },	/* first: the default, as in Linux on 64-bit */
	{ "x8", 1, 4, 'x' }, { "x16", 2, 6, 'x' }, { "x32", 4, 10, 'x' },
	{ "u8", 1, 3, 'u' }, { "u16", 2, 5, 'u' }, { "u32", 4, 10, 'u' },
	{ "u64", 8, 20, 'u' },
	{ "s8", 1, 4, 's' }, { "s16", 2, 6, 's' }, { "s32", 4, 11, 's' },
	{ "s64", 8, 20, 's' },
	{ "string", 1, 0, 'S' }, { "ustring", 1, 0, 'U' }, { "symbol", 8, 0, 'y' },
	{ "symstr", 8, 0, 'Y' }, { "char", 1, 3, 'c' },
};

#define MAX_TEXT 96		/* one argument's text */

/* A number in base, the whole of s[0..n); false if not (or too big). */
static bool
number_in(const char *s, size_t n, unsigned base, unsigned long *v)
{
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

bool
eb_fetch_number(const char *s, size_t n, unsigned long *v)
{
	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		return number_in(s + 2, n - 2, 16, v);
	return number_in(s, n, n > 1 && s[0] == '0' ? 8 : 10, v);
}

/* The first c in s, or NULL. */
static char *
first_of(char *s, char c)
{
	for (; *s; s++)
		if (*s == c)
			return s;
	return NULL;
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

const char *
eb_fetch_add_deref(struct fetch_arg *fa, long off, bool user)
{
	if (fa->nderef == FETCH_DEREF_MAX)
		return "Dereference is too much nested\n"
		       "at most 4 memory reads per argument";
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
	return "Invalid register name\n"
	       "RISC-V ABI names: %a0, %sp, %s1, ..., %pc";
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
		fa->reg = FETCH_REG_A0;
		return retprobe ? NULL : "$retval is not available on probe\n"
				  "only return probes (r) have it";
	}
	if (strcmp(var, "arg*") == 0)	/* a whole argument's is expanded */
		return "$arg* must be an independent parameter without name "
		       "etc.";
	if (strncmp(var, "arg", 3) == 0) {
		/* N in decimal, as Linux reads it (kstrtoul base 10) */
		if (!number_in(var + 3, strlen(var + 3), 10, &n) || n < 1 ||
		    n > FETCH_ENTRY_ARGS)
			return "Invalid argument number\n"
			       "$argN takes N from 1 to 8 (a0..a7)";
		fa->reg = FETCH_REG_A0 + n - 1;
		fa->argn = true;
		/* At a return a0..a7 hold no arguments: the values saved at
		 * the entry are used (as Linux does since 6.9). */
		fa->entry = retprobe;
		return NULL;
	}
	if (strncmp(var, "stack", 5) != 0)
		return "Invalid $-valiable specified\n"
		       "$argN, $retval, $stack, $stackN, $comm";
	fa->reg = REG_SP;
	if (!var[5])
		return NULL;
	if (!number_in(var + 5, strlen(var + 5), 10, &n) || n > 4096)
		return "Invalid stack number\n"
		       "$stackN takes N from 0 to 4096";
	return eb_fetch_add_deref(fa, (long)n * 8, false);
}

/* sign ('+' or '-') applied to the number in [s, end), which must fit a
 * long as Linux's kstrtol asks. */
static bool
signed_number(char sign, const char *s, const char *end, long *v)
{
	unsigned long u, max = ~0ul >> 1;	/* LONG_MAX */

	if (!eb_fetch_number(s, end - s, &u) || u > max + (sign == '-'))
		return false;
	*v = sign == '-' ? (long)-u : (long)u;
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
			return "Invalid memory address\n"
			       "bad offset after the symbol";
		*sign = 0;
		if (!eb_port_symbol_lookup(at, &fa->imm, &size))
			return "Invalid memory address\n"
			       "no such symbol";
		fa->imm += off;
	}
	return eb_fetch_add_deref(fa, 0, false);
}

/* Linux puts these ones' carets where the ')' or '"' is missing, and at
 * what is dereferenced. */
static const char deref_open[] = "Dereference brace is not closed";
static const char imm_open[] = "String is not closed with '\"'";
static const char deref_comm[] = "$comm can not be dereferenced\n"
				 "nor can an immediate string";

/* \IMM or \"TEXT" (s after the backslash): an immediate value, as
 * Linux's str_to_immediate takes it, or string. */
static const char *
parse_imm(struct fetch_arg *fa, char *s)
{
	size_t n = strlen(s);

	if (*s == '"') {
		if (n < 2 || s[n - 1] != '"')
			return imm_open;
		fa->reg = FETCH_DATA;
		fa->imm = (unsigned long)(s + 1);	/* eb_fetch_arg_parse: text's */
		fa->data_len = n - 2;
		return NULL;
	}
	fa->reg = FETCH_IMM;
	if ((*s == '-' || *s == '+') ?	/* kstrtol's, or kstrtoul's */
	    !signed_number(*s, s + 1, s + n, (long *)&fa->imm) :
	    !(*s >= '0' && *s <= '9') || !eb_fetch_number(s, n, &fa->imm))
		return "Invalid immediate value";
	return NULL;
}

static const char *parse_fetch(struct fetch_arg *fa, char *s, bool retprobe,
			       char **at);

/* +|-[u]OFFS(FETCHARG): the memory at FETCHARG + OFFS; with u, the
 * current process's user memory (eb_port_read_user_nofault). at as
 * parse_fetch's. */
static const char *
parse_deref(struct fetch_arg *fa, char *s, bool retprobe, char **at)
{
	bool user = s[1] == 'u';
	char *num = user ? s + 2 : s + 1, *open = num;
	char *close = s + strlen(s) - 1;
	long off;

	while (*open && *open != '(')
		open++;
	if (!*open)
		return "Dereference needs a brace\n"
		       "a dereference is +|-OFFS(FETCHARG)";
	if (*close != ')')
		return deref_open;
	if (!signed_number(*s, num, open, &off))
		return "Invalid dereference offset";
	*close = 0;
	const char *why = parse_fetch(fa, open + 1, retprobe, at);
	if (!why && (fa->reg == FETCH_COMM || fa->reg == FETCH_DATA))
		why = deref_comm;	/* *at: what is dereferenced */
	if (why)
		return why;
	*at = s;	/* the read one too many */
	return eb_fetch_add_deref(fa, off, user);
}

/* FETCHARG s: the reason it is bad, or NULL; *at then the start of the
 * (nested) FETCHARG that is. */
static const char *
parse_fetch(struct fetch_arg *fa, char *s, bool retprobe, char **at)
{
	*at = s;
	switch (*s) {
	case '%':
		return parse_reg(fa, s + 1);
	case '$':
		return parse_var(fa, s + 1, retprobe);
	case '@':
		return parse_addr(fa, s + 1);
	case '+':
	case '-':
		return parse_deref(fa, s, retprobe, at);
	case '\\':
		return parse_imm(fa, s + 1);
	}
	return "Invalid fetch argument\n"
	       "%REG, $argN, $retval, $stack, $stackN, "
	       "$comm, @ADDR, @SYM[+|-OFFS], +|-[u]OFFS(FETCHARG), \\IMM, "
	       "\\\"TEXT\", BTF NAME[->FIELD]";
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

#define UNKNOWN_TYPE "Unknown type is specified\n" \
		     "u8..u64, s8..s64, x8..x64, char, " \
		     "string, ustring, symbol, symstr, b<bit-width>@<bit-offset>/" \
		     "<container-size>, TYPE[N]"

/* TYPE[N]: N into fa->count, and name cut at '['; if bad, *at is where
 * in name Linux puts its caret. */
static const char *
parse_array(struct fetch_arg *fa, char *name, size_t *at)
{
	char *open = first_of(name, '['), *close;
	unsigned long n;

	if (!open)
		return NULL;
	*at = open + 1 - name;	/* the number's */
	if (!(close = first_of(open, ']'))) {
		*at = strlen(name);
		return "Array is not closed";
	}
	if (close[1]) {
		*at = close + 1 - name;
		return "Array has wrong suffix";
	}
	if (!eb_fetch_number(open + 1, close - open - 1, &n) || !n)
		return "Invalid array size";
	if (n > FETCH_ARRAY_MAX)
		return "Array number is too big\nat most 64";
	*at = 0;
	fa->count = n;
	*open = 0;
	return NULL;
}

/* b<bit-width>@<bit-offset>/<container-size>: an unsigned number of
 * the container's size (8, 16, 32 or 64 bits), cut to those bits. */
static const char *
parse_bitfield(struct fetch_arg *fa, char *name)
{
	char *at = first_of(name, '@'), *slash = first_of(name, '/');
	unsigned long bits, width, off;

	if (!slash || !eb_fetch_number(slash + 1, strlen(slash + 1), &bits) ||
	    (bits != 8 && bits != 16 && bits != 32 && bits != 64))
		return UNKNOWN_TYPE;	/* as Linux's find_fetch_type */
	if (!at || at > slash ||
	    !eb_fetch_number(name + 1, at - name - 1, &width) ||
	    !eb_fetch_number(at + 1, slash - at - 1, &off) || !width ||
	    width > bits || off > bits - width)
		return "Invalid bitfield\n"
		       "b<bit-width>@<bit-offset>/<container-size>, within "
		       "the container";
	fa->type = FETCH_TYPE_U8 + (bits == 16) + 2 * (bits == 32) + 3 * (bits == 64);
	fa->lshift = 64 - (off + width);
	fa->rshift = 64 - width;
	return NULL;
}

/* TYPE[N], TYPE a type's name or a bitfield; if bad, *at is where in
 * name Linux puts its caret (0 unless in [N]). */
static const char *
parse_type(struct fetch_arg *fa, char *name, size_t *at)
{
	const char *why = parse_array(fa, name, at);

	if (why || name[0] == 'b')
		return why ? why : parse_bitfield(fa, name);
	for (unsigned i = 0; i < FETCH_TYPES; i++)
		if (strcmp(name, eb_fetch_types[i].name) == 0) {
			fa->type = i;
			fa->lshift = fa->rshift = 64 - 8 * eb_fetch_types[i].size;
			return NULL;
		}
	return UNKNOWN_TYPE;
}

/* Whether fa's type goes with what it fetches, as Linux's rules say
 * (fetch: its FETCHARG as written; typed: a TYPE was): the reason it does
 * not, or NULL. */
static const char *
check_type(struct fetch_arg *fa, const char *fetch, bool typed)
{
	const struct fetch_type *t = &eb_fetch_types[fa->type];
	/* $stackN's read is a variable's, not a dereference (Linux) */
	bool memory = fa->nderef && strncmp(fetch, "$stack", 6) != 0;

	if (fa->reg == FETCH_COMM || fa->reg == FETCH_DATA) {
		fa->type = FETCH_TYPE_STRING;
		return fa->count || (typed && t->kind != 'S') ?
		       "$comm and immediate-string only accepts string type"
		       : NULL;
	}
	if (fa->count && !memory)
		return "Invalid fetch argument\n"
		       "an array needs a memory read, e.g. +0(%a0):u32[4]";
	if (t->kind == 'Y' && (fa->count || strcmp(fetch, "$stack") == 0 ||
			       (fa->reg == FETCH_IMM && !fa->nderef) ||
			       fetch_last_in_user(fa)))
		return "Symbol String doesn't accept data/userdata\n"
		       "symstr takes a register, $argN, $retval, $stackN or a "
		       "kernel memory read, not an array";
	if (!fetch_is_string(t))
		return NULL;
	/* a string at \IMM is Linux's too */
	if (!memory && (fa->reg != FETCH_IMM || fa->nderef))
		return "String accepts only memory argument\n"
		       "e.g. +0(%a0):string";
	/* the text is user memory: ustring's, or +u0(...):string's (an
	 * array's last read is of the pointers: its own) */
	if (t->kind == 'U' || (!fa->count && fetch_last_in_user(fa)))
		fa->user |= FETCH_USER_TEXT;
	return NULL;
}

/* Whether s is $retval, or a field through it (Linux's BTF $retval). */
static bool
retval_expr(const char *s)
{
	return strncmp(s, "$retval", 7) == 0 &&
	       (!s[7] || s[7] == '-' || s[7] == '.');
}

/* FETCHARG fetch (typed if a TYPE follows it), func as
 * eb_fetch_arg_parse's: the reason it is bad, or NULL, with *at moved
 * on from fetch's offset to where in it Linux puts its caret. */
static const char *
parse_body(struct fetch_arg *fa, char *fetch, bool retprobe,
	   struct fetch_func *func, bool typed, size_t *at)
{
	char *where;
	const char *why;

	if ((*fetch >= 'a' && *fetch <= 'z') || (*fetch >= 'A' && *fetch <= 'Z') ||
	    *fetch == '_' || (retprobe && func->name && retval_expr(fetch)))
		return func->name ? eb_fetch_btf_arg(fa, func, fetch, retprobe,
						     typed)
			: "BTF is not available or not supported\n"
			  "a BTF argument name is only for a function's "
			  "entry (SYMBOL+0) or an r event, as in Linux";
	why = parse_fetch(fa, fetch, retprobe, &where);
	if (why)	/* the nested FETCHARG's start; or its end if open */
		*at += where - fetch + (why == deref_open || why == imm_open ?
					strlen(where) : 0);
	return why;
}

/* Why NAME (of NAME=FETCHARG), text, is bad, in Linux's words; or NULL. */
static const char *
bad_name(const char *text)
{
	if (!*text)
		return "Argument name is not specified";
	if (strlen(text) >= FETCH_NAME_MAX)
		return "Argument name is too long\nat most 32 chars";
	return good_name(text) ? NULL : "Argument name must follow the same "
					"rules as C identifiers";
}

/* NAME=FETCHARG[:TYPE] in text (a copy we may cut), func as
 * eb_fetch_arg_parse's: the reason it is bad, or NULL, with *at where in
 * text Linux puts its caret: the NAME, the FETCHARG or the TYPE. */
static const char *
parse(struct fetch_arg *fa, char *text, unsigned n, bool retprobe,
      struct fetch_func *func, size_t *at)
{
	char *fetch = text, *eq = first_of(text, '='), *colon;
	const char *why;

	eb_snprintf(fa->name, sizeof fa->name, "arg%u", n);
	*at = 0;
	if (eq) {
		*eq = 0;
		fetch = eq + 1;
		if ((why = bad_name(text)))
			return why;
		memcpy(fa->name, text, strlen(text) + 1);
	}
	colon = last_of(fetch, ':');
	if (colon)
		*colon = 0;
	if (!eq && good_name(fetch))	/* Linux's name for a BTF argument */
		memcpy(fa->name, fetch, strlen(fetch) + 1);
	if (reserved_name(fa->name))	/* given or made, as Linux checks */
		return "This argument name is already used\n"
		       "Linux reserves it (common_pid, __probe_ip, ...)";
	*at = fetch - text;
	if (!*fetch)
		return "No argument expression";
	size_t in_type = 0;
	if (colon && (why = parse_type(fa, colon + 1, &in_type))) {
		*at = colon + 1 - text + in_type;
		return why;
	}
	if ((why = parse_body(fa, fetch, retprobe, func, colon != NULL, at)))
		return why;
	why = check_type(fa, fetch, colon != NULL);
	if (why && colon)
		*at = colon + 1 - text;
	return why;
}

/* A register that a probe's frame does not hold: the reason, naming
 * those it does (held: as eb_fetch_arg_parse's), in msg. */
static int
refuse_reg(const struct fetch_arg *fa, unsigned long held, char *msg,
	   size_t size)
{
	size_t n = (size_t)eb_snprintf(msg, size, "Invalid register name\n"
				       "this probe's registers do not hold "
				       "%%%s, only", reg_names[fa->reg]);

	eb_fetch_regs_names(held, "%", msg, n, size);
	return -EINVAL;
}

/* An array of numbers that may print wider than a record holds: the
 * reason, naming the most elements that fit, in msg. */
static int
refuse_wide(const struct fetch_arg *fa, char *msg, size_t size)
{
	const struct fetch_type *t = &eb_fetch_types[fa->type];
	/* " NAME=" "{" and N values each followed by ',' or '}' */
	size_t room = EB_TRACE_TEXT_MAX - 1 - fa->label_len - 1;

	eb_snprintf(msg, size, "Array number is too big\n%u elements print "
		    "up to %zu chars, more than a record holds (%d): at most "
		    "%zu here", fa->count,
		    fa->label_len + 1 + fa->count * (t->width + (size_t)1),
		    EB_TRACE_TEXT_MAX - 1, room / (t->width + 1));
	return -EINVAL;
}

/* Whether fa's values, whatever they are, fit in a record (strings and
 * symbols, unbounded, are cut as a record ends). */
static bool
fits(const struct fetch_arg *fa)
{
	size_t width = eb_fetch_types[fa->type].width;

	return !fa->count || !width ||
	       fa->label_len + 1 + fa->count * (width + 1) <=
	       EB_TRACE_TEXT_MAX - 1;
}

int
eb_fetch_arg_parse(struct fetch_arg *fa, const char *text, size_t len,
		   unsigned n, bool retprobe, struct fetch_func *func,
		   unsigned long held, char *msg, size_t size, size_t *at)
{
	char copy[MAX_TEXT];
	const char *why = "Argument expression is too long";

	memset(fa, 0, sizeof *fa);
	*at = 0;
	if (len < sizeof copy) {
		memcpy(copy, text, len);
		copy[len] = 0;
		why = parse(fa, copy, n, retprobe, func, at);
	}
	if (!why && fa->reg < 32 && !fa->entry && !(held >> fa->reg & 1))
		return refuse_reg(fa, held, msg, size);
	if (!why) {
		if (fa->reg == FETCH_DATA)	/* from copy to text */
			fa->imm += (uintptr_t)text - (uintptr_t)copy;
		fa->label_len = eb_snprintf(fa->label, sizeof fa->label, " %s=",
					    fa->name);
		if (fits(fa))
			return 0;
		for (*at = len; text[*at - 1] != ':'; (*at)--)
			;	/* at its TYPE[N]: an array has one */
		return refuse_wide(fa, msg, size);
	}
	eb_snprintf(msg, size, "%s", why);
	return -EINVAL;
}
