/*
 * Event filters (<ebreak/event_filter.h>): a recursive-descent parser
 * that compiles the expression to a postfix program of comparisons and
 * logic operations, run on a small stack of booleans per event.
 *
 *	expr   := and ('||' and)*
 *	and    := unary ('&&' unary)*
 *	unary  := '!' unary | '(' expr ')' | FIELD OP VALUE
 */
#include <ebreak/errno.h>
#include <ebreak/event_filter.h>
#include <ebreak/fmt.h>
#include <ebreak/glob.h>
#include <ebreak/libc.h>
#include <ebreak/port.h>

/* Longer operators first: "<=" must not read as "<". */
enum op { OP_GLOB, OP_NE, OP_EQ, OP_LE, OP_LT, OP_GE, OP_GT, OP_BAND };
static const char *const op_text[] = {
	[OP_GLOB] = "~", [OP_NE] = "!=", [OP_EQ] = "==", [OP_LE] = "<=",
	[OP_LT] = "<", [OP_GE] = ">=", [OP_GT] = ">", [OP_BAND] = "&",
};

struct pred {
	unsigned char field, op;
	uint64_t num;
	char str[EB_FILTER_STR_MAX];
};

enum code { CODE_PRED, CODE_AND, CODE_OR, CODE_NOT };
struct insn {
	unsigned char code, pred;
};
/* Every comparison, every && and ||, and as many ! as comparisons. */
#define PROG_MAX (3 * EB_FILTER_PREDS_MAX)
#define DEPTH_MAX 16	/* nested parentheses and ! */

struct eb_filter {
	const struct eb_event_field *fields;
	size_t nfields;
	unsigned npreds, len;
	struct pred preds[EB_FILTER_PREDS_MAX];
	struct insn prog[PROG_MAX];
	char text[];
};

struct parser {
	const char *expr, *p;
	struct eb_filter *f;
	const char *err;	/* Linux's message of the first error */
	size_t at;		/* and where it is */
	unsigned depth;
};

static bool
fail(struct parser *ps, const char *where, const char *msg)
{
	if (!ps->err) {
		ps->err = msg;
		ps->at = where - ps->expr;
	}
	return false;
}

static void
skip_blanks(struct parser *ps)
{
	while (*ps->p == ' ' || *ps->p == '\t')
		ps->p++;
}

/* Whether the input continues with s (then skipped). */
static bool
take(struct parser *ps, const char *s)
{
	size_t n = strlen(s);

	skip_blanks(ps);
	if (strncmp(ps->p, s, n))
		return false;
	ps->p += n;
	return true;
}

static bool
emit(struct parser *ps, enum code code, unsigned pred)
{
	struct eb_filter *f = ps->f;

	if (f->len == PROG_MAX)
		return fail(ps, ps->p, "Too many terms in predicate expression");
	f->prog[f->len++] = (struct insn){ code, pred };
	return true;
}

static bool
ident_char(char c, bool first)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (!first && c >= '0' && c <= '9');
}

/* A number as Linux's kstrtoull/kstrtoll read it (base 0), the whole of
 * s[0..n); negative only if signed_ok. */
static bool
parse_number(const char *s, size_t n, bool signed_ok, uint64_t *v)
{
	bool neg = n && *s == '-';
	unsigned base = 10;
	uint64_t x = 0;

	if (neg && !signed_ok)
		return false;
	s += neg, n -= neg;
	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		base = 16, s += 2, n -= 2;
	else if (n > 1 && s[0] == '0')
		base = 8, s++, n--;
	if (n == 0)
		return false;
	for (; n; s++, n--) {
		unsigned d = *s >= '0' && *s <= '9' ? *s - '0'
			     : *s >= 'a' && *s <= 'f' ? *s - 'a' + 10
			     : *s >= 'A' && *s <= 'F' ? *s - 'A' + 10 : 99;
		if (d >= base || x > (UINT64_MAX - d) / base)
			return false;
		x = x * base + d;
	}
	if (neg && x > (uint64_t)INT64_MAX + 1)
		return false;
	*v = neg ? -x : x;
	return true;
}

/* The value after a comparison's operator into pr, for a field of
 * type t, as Linux's parse_pred takes it: quoted text (for a string
 * field only), a number (for a numeric field only), nothing else. */
static bool
parse_value(struct parser *ps, struct pred *pr, enum eb_field_type t)
{
	skip_blanks(ps);
	const char *start = ps->p, *end = start;
	char quote = *start == '"' || *start == '\'' ? *start : 0;

	if (quote) {
		if (t != EB_FIELD_STRING)
			return fail(ps, start, "Expecting numeric field");
		while (*++end && *end != quote)
			;
		if (!*end)
			return fail(ps, start, "Missing matching quote");
		ps->p = end + 1;
		size_t n = end - start - 1;
		if (n >= sizeof pr->str)
			return fail(ps, start, "Operand too long");
		memcpy(pr->str, start + 1, n);
		pr->str[n] = 0;
		return true;
	}
	if (!(*start >= '0' && *start <= '9') && *start != '-')
		return fail(ps, start, "Invalid value (did you forget quotes)?");
	if (t == EB_FIELD_STRING)
		return fail(ps, start, "Expecting string field");
	while (*end && *end != ' ' && *end != '\t' && *end != ')' &&
	       *end != '&' && *end != '|')
		end++;
	ps->p = end;
	if (!parse_number(start, end - start, t == EB_FIELD_SIGNED, &pr->num))
		return fail(ps, start, "Illegal integer value");
	return true;
}

/* FIELD OP VALUE */
static bool
parse_pred(struct parser *ps)
{
	struct eb_filter *f = ps->f;

	skip_blanks(ps);
	const char *name = ps->p;
	while (ident_char(*ps->p, ps->p == name))
		ps->p++;
	size_t n = ps->p - name;
	if (n == 0)
		return fail(ps, name, "Meaningless filter expression");
	size_t field = 0;
	while (field < f->nfields && (strncmp(f->fields[field].name, name, n) ||
				      f->fields[field].name[n]))
		field++;
	if (field == f->nfields)	/* Linux's caret: after the name */
		return fail(ps, ps->p, "Field not found");
	if (f->npreds == EB_FILTER_PREDS_MAX)
		return fail(ps, name, "Too many terms in predicate expression");
	skip_blanks(ps);
	const char *opat = ps->p;
	unsigned op = 0;
	while (op < sizeof op_text / sizeof op_text[0] && !take(ps, op_text[op]))
		op++;
	if (op == sizeof op_text / sizeof op_text[0])
		return fail(ps, opat, "Invalid operator");
	enum eb_field_type t = f->fields[field].type;
	bool string_op = op == OP_EQ || op == OP_NE || op == OP_GLOB;
	if (t == EB_FIELD_STRING ? !string_op : op == OP_GLOB)
		return fail(ps, opat, "Illegal operation for field type");
	struct pred *pr = &f->preds[f->npreds];
	*pr = (struct pred){ .field = field, .op = op };
	if (!parse_value(ps, pr, t))
		return false;
	if (t == EB_FIELD_ARRAY)	/* Linux: a size it has no compare for */
		return fail(ps, ps->p, "Illegal operation for field type");
	return emit(ps, CODE_PRED, f->npreds++);
}

static bool parse_or(struct parser *ps);

static bool
parse_unary(struct parser *ps)
{
	skip_blanks(ps);
	const char *at = ps->p;
	bool not = *at == '!' && at[1] != '=' && at[1] != '~';

	if (!not && *at != '(')
		return parse_pred(ps);
	if (++ps->depth > DEPTH_MAX)
		return fail(ps, at, "Too many terms in predicate expression");
	ps->p++;
	bool ok = not ? parse_unary(ps) && emit(ps, CODE_NOT, 0)
		      : parse_or(ps) && (take(ps, ")") ||
					 fail(ps, at, "Too many '('"));
	ps->depth--;
	return ok;
}

static bool
parse_and(struct parser *ps)
{
	if (!parse_unary(ps))
		return false;
	while (take(ps, "&&"))
		if (!parse_unary(ps) || !emit(ps, CODE_AND, 0))
			return false;
	return true;
}

static bool
parse_or(struct parser *ps)
{
	if (!parse_and(ps))
		return false;
	while (take(ps, "||"))
		if (!parse_and(ps) || !emit(ps, CODE_OR, 0))
			return false;
	return true;
}

/* Linux's report: the expression, a caret under the place, the message. */
static void
report(const struct parser *ps, char *err, size_t errsize)
{
	size_t n = eb_snprintf(err, errsize, "%s\n", ps->expr);

	for (size_t i = 0; i < ps->at && n + 1 < errsize; i++)
		err[n++] = ' ';
	if (n < errsize)
		eb_snprintf(err + n, errsize - n, "^\nparse_error: %s", ps->err);
}

int
eb_filter_parse(const char *expr, const struct eb_event_field *fields,
		size_t nfields, struct eb_filter **filter, char *err,
		size_t errsize)
{
	size_t len = strlen(expr);
	struct eb_filter *f = eb_port_alloc(sizeof *f + len + 1);
	struct parser ps = { expr, expr, f, 0, 0, 0 };

	if (!f) {
		eb_snprintf(err, errsize, "out of memory");
		return -ENOMEM;
	}
	memset(f, 0, sizeof *f);
	f->fields = fields;
	f->nfields = nfields;
	memcpy(f->text, expr, len + 1);
	if (parse_or(&ps)) {
		skip_blanks(&ps);
		if (*ps.p == ')')
			fail(&ps, ps.p, "Too few '('");
		else if (*ps.p)
			fail(&ps, ps.p, "Meaningless filter expression");
	}
	if (ps.err) {
		report(&ps, err, errsize);
		eb_port_free(f);
		return -EINVAL;
	}
	*filter = f;
	return 0;
}

static bool
compare(const struct pred *pr, enum eb_field_type t, union eb_field_value v)
{
	if (t == EB_FIELD_STRING) {
		const char *s = v.str ? v.str : "";
		if (pr->op == OP_GLOB)
			return eb_glob_match(pr->str, s);
		return (strcmp(s, pr->str) == 0) == (pr->op == OP_EQ);
	}
	bool sign = t == EB_FIELD_SIGNED;
	int64_t a = v.s, b = (int64_t)pr->num;
	switch (pr->op) {
	case OP_EQ: return v.u == pr->num;
	case OP_NE: return v.u != pr->num;
	case OP_LT: return sign ? a < b : v.u < pr->num;
	case OP_LE: return sign ? a <= b : v.u <= pr->num;
	case OP_GT: return sign ? a > b : v.u > pr->num;
	case OP_GE: return sign ? a >= b : v.u >= pr->num;
	default: return (v.u & pr->num) != 0;	/* OP_BAND */
	}
}

bool
eb_filter_match(const struct eb_filter *f, const union eb_field_value *values)
{
	bool stack[PROG_MAX];
	unsigned sp = 0;

	for (unsigned i = 0; i < f->len; i++) {
		const struct insn *in = &f->prog[i];
		const struct pred *pr = &f->preds[in->pred];
		switch (in->code) {
		case CODE_PRED:
			stack[sp++] = compare(pr, f->fields[pr->field].type,
					      values[pr->field]);
			break;
		case CODE_NOT:
			stack[sp - 1] = !stack[sp - 1];
			break;
		case CODE_AND:
			sp--;
			stack[sp - 1] = stack[sp - 1] && stack[sp];
			break;
		default:	/* CODE_OR */
			sp--;
			stack[sp - 1] = stack[sp - 1] || stack[sp];
		}
	}
	return stack[0];
}

uint64_t
eb_filter_fields_used(const struct eb_filter *f)
{
	uint64_t used = 0;

	for (unsigned i = 0; i < f->npreds; i++)
		if (f->preds[i].field < 64)
			used |= 1ULL << f->preds[i].field;
	return used;
}

const char *
eb_filter_text(const struct eb_filter *f)
{
	return f->text;
}

void
eb_filter_free(struct eb_filter *f)
{
	eb_port_free(f);
}
