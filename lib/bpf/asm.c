/*
 * Assembler for the bpf_conformance syntax (see asm.h). One pass over the
 * lines emits instructions and records jumps to labels; a fixup pass then
 * fills in their offsets. Everything the encoding allows is accepted
 * (r10 as a destination, jumps out of the program): refusing meaningful
 * but unsafe programs is the verifier's job, so that its tests can be
 * written in this syntax.
 */
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/port.h>
#include <stdarg.h>
#include <stdbool.h>
#include <ebreak/libc.h>
#include "bpf/asm.h"
#include "bpf/disasm.h"
#include "bpf/helpers.h"

#define MAX_LINE	256
#define MAX_TOKENS	8
#define MAX_LABEL	32

struct label {
	char name[MAX_LABEL];
	size_t slot;
};

/* A jump or local call whose target is a label, resolved at the end. */
struct fixup {
	char name[MAX_LABEL];
	size_t slot;
	int line;
	bool in_imm;		/* ja32 and call local: target in imm */
};

struct asm_state {
	struct bpf_insn *out;
	size_t len, cap;
	struct label *labels;
	size_t nlabels, labels_cap;
	struct fixup *fixups;
	size_t nfixups, fixups_cap;
	int line;
	bool nomem;		/* the error was running out of memory */
	char *err;
	size_t errsize;
};

static int
fail(struct asm_state *st, const char *fmt, ...)
{
	va_list ap;
	int n = eb_snprintf(st->err, st->errsize, "line %d: ", st->line);

	if (n < 0 || (size_t)n >= st->errsize)
		return -EINVAL;
	va_start(ap, fmt);
	eb_vsnprintf(st->err + n, st->errsize - n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static int
nomem(struct asm_state *st)
{
	st->nomem = true;
	return fail(st, "out of memory");
}

/* Makes room for one more element of size elsize in *arr. 0 or -ENOMEM. */
static int
grow(void **arr, size_t n, size_t *cap, size_t elsize)
{
	void *p;

	if (n < *cap)
		return 0;
	p = eb_port_alloc((*cap ? *cap * 2 : 16) * elsize);
	if (!p)
		return -ENOMEM;
	if (*arr)
		memcpy(p, *arr, n * elsize);
	eb_port_free(*arr);
	*arr = p;
	*cap = *cap ? *cap * 2 : 16;
	return 0;
}

/* The first c in s, or NULL (the kernel build has no strchr). */
static char *
find(const char *s, char c)
{
	for (; *s; s++)
		if (*s == c)
			return (char *)s;
	return NULL;
}

/* Family parsers below return NOT_MINE for a mnemonic of another family. */
#define NOT_MINE 1

/* For chains of parsing steps joined with ||: any failure is -EINVAL. */
static int
chk(int failed)
{
	return failed ? -EINVAL : 0;
}

static int
emit(struct asm_state *st, uint8_t code, unsigned dst, unsigned src,
     int16_t off, int32_t imm)
{
	struct bpf_insn *in;

	if (grow((void **)&st->out, st->len, &st->cap, sizeof(*st->out)))
		return nomem(st);
	in = &st->out[st->len++];
	in->code = code;
	in->dst_reg = dst;
	in->src_reg = src;
	in->off = off;
	in->imm = imm;
	return 0;
}

static const struct label *
find_label(const struct asm_state *st, const char *name)
{
	for (size_t i = 0; i < st->nlabels; i++)
		if (!strcmp(st->labels[i].name, name))
			return &st->labels[i];
	return NULL;
}

static int
add_label(struct asm_state *st, const char *name)
{
	if (strlen(name) >= MAX_LABEL)
		return fail(st, "label '%s' is longer than %d characters", name,
			    MAX_LABEL - 1);
	if (find_label(st, name))
		return fail(st, "label '%s' is defined twice", name);
	if (grow((void **)&st->labels, st->nlabels, &st->labels_cap,
		 sizeof(*st->labels)))
		return nomem(st);
	memcpy(st->labels[st->nlabels].name, name, strlen(name) + 1);
	st->labels[st->nlabels++].slot = st->len;
	return 0;
}

/*
 * A number: [+-] then decimal or 0x hex, fitting in bits: decimal as a
 * signed value, hex also up to 2^bits - 1 (the bit pattern). For 64 bits
 * any unsigned 64-bit value is fine. Returns 0 and *v, or -ERANGE, or
 * -EINVAL if s is not a number.
 */
static int
parse_num(const char *s, unsigned bits, int64_t *v)
{
	bool neg = *s == '-', hex;
	uint64_t n = 0, digits = 0, max;

	if (*s == '-' || *s == '+')
		s++;
	hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
	if (hex)
		s += 2;
	for (; *s; s++, digits++) {
		unsigned d;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (hex && *s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (hex && *s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			return -EINVAL;
		if (n > (UINT64_MAX - d) / (hex ? 16 : 10))
			return -ERANGE;
		n = n * (hex ? 16 : 10) + d;
	}
	if (!digits)
		return -EINVAL;
	if (neg)
		max = (uint64_t)1 << (bits - 1);
	else if (hex || bits == 64)
		max = bits == 64 ? UINT64_MAX : ((uint64_t)1 << bits) - 1;
	else
		max = ((uint64_t)1 << (bits - 1)) - 1;
	if (n > max)
		return -ERANGE;
	*v = neg ? (int64_t)(0 - n) : (int64_t)n;
	return 0;
}

static int
num(struct asm_state *st, const char *s, unsigned bits, int64_t *v)
{
	int r = parse_num(s, bits, v);

	if (r == -ERANGE)
		return fail(st, "%s does not fit in %u bits", s, bits);
	if (r)
		return fail(st, "'%s' is not a number", s);
	return 0;
}

/* "%rN" (or "rN"), N = 0..10 in decimal. */
static int
reg(struct asm_state *st, const char *s, unsigned *r)
{
	const char *name = s, *d;
	unsigned n = 0;

	if (s[0] == '%')
		s++;
	for (d = s + 1; *d >= '0' && *d <= '9' && n <= BPF_REG_10; d++)
		n = n * 10 + (*d - '0');
	if (s[0] != 'r' || d == s + 1 || *d || n > BPF_REG_10)
		return fail(st, "invalid register '%s'", name);
	*r = n;
	return 0;
}

/* "[%rN]", "[%rN+off]", "[%rN-off]" */
static int
memop(struct asm_state *st, const char *s, unsigned *r, int16_t *off)
{
	char buf[MAX_LINE];
	size_t n = strlen(s);
	char *sign;
	int64_t v = 0;

	if (n < 3 || s[0] != '[' || s[n - 1] != ']')
		return fail(st, "'%s' is not a memory operand [%%rN+off]", s);
	memcpy(buf, s + 1, n - 2);
	buf[n - 2] = '\0';
	sign = find(buf, '+') ? find(buf, '+') : find(buf, '-');
	if (sign) {
		if (num(st, sign, 16, &v))
			return -EINVAL;
		*sign = '\0';
	}
	*off = v;
	return reg(st, buf, r);
}

/* A jump target: "+N" / "-N" relative to the next instruction, or a label
 * (fixed up at the end). */
static int
target(struct asm_state *st, const char *s, bool in_imm, int64_t *v)
{
	struct fixup *f;

	*v = 0;
	if (s[0] == '+' || s[0] == '-')
		return num(st, s, in_imm ? 32 : 16, v);
	if (strlen(s) >= MAX_LABEL)
		return fail(st, "label '%s' is too long", s);
	if (grow((void **)&st->fixups, st->nfixups, &st->fixups_cap,
		 sizeof(*st->fixups)))
		return nomem(st);
	f = &st->fixups[st->nfixups++];
	memcpy(f->name, s, strlen(s) + 1);
	f->slot = st->len;
	f->line = st->line;
	f->in_imm = in_imm;
	return 0;
}

static int
nops(struct asm_state *st, const char *m, int have, int want)
{
	if (have != want)
		return fail(st, "%s takes %d operand%s, not %d", m, want,
			    want == 1 ? "" : "s", have);
	return 0;
}

/* Index of name in a 16-entry table, or -1. */
static int
lookup(const char *const *names, size_t count, const char *name, size_t len)
{
	for (size_t i = 0; i < count; i++)
		if (names[i] && strlen(names[i]) == len &&
		    !strncmp(names[i], name, len))
			return i;
	return -1;
}

static int
size_of(const char *s)
{
	return lookup(bpf_size_names, 4, s, strlen(s));
}

static int
lddw(struct asm_state *st, char **op, int n)
{
	static const struct {
		const char *name;
		uint8_t src;
	} pseudo[] = {
		{ "map_fd(", BPF_PSEUDO_MAP_FD },
		{ "map_idx(", BPF_PSEUDO_MAP_IDX },
		{ "map_value(", BPF_PSEUDO_MAP_VALUE },
		{ "map_idx_value(", BPF_PSEUDO_MAP_IDX_VALUE },
	};
	unsigned dst;
	int64_t v, idx, off = 0;

	if (nops(st, "lddw", n, 2) || reg(st, op[0], &dst))
		return -EINVAL;
	if (!strncmp(op[1], "func(", 5)) {	/* a subprogram's address */
		char *close = find(op[1], ')');

		if (!close || close[1])
			return fail(st, "'%s' is not func(LABEL) or func(+N)", op[1]);
		*close = '\0';
		if (target(st, op[1] + 5, true, &v) ||
		    emit(st, BPF_LD | BPF_IMM | BPF_DW, dst, BPF_PSEUDO_FUNC, 0, v))
			return -EINVAL;
		return emit(st, 0, 0, 0, 0, 0);
	}
	for (size_t i = 0; i < sizeof(pseudo) / sizeof(pseudo[0]); i++) {
		size_t l = strlen(pseudo[i].name);
		char *close = find(op[1], ')');
		bool value = pseudo[i].src == BPF_PSEUDO_MAP_VALUE ||
			     pseudo[i].src == BPF_PSEUDO_MAP_IDX_VALUE;

		if (strncmp(op[1], pseudo[i].name, l))
			continue;
		if (!close || (value ? close[1] != '+' : close[1] != '\0'))
			return fail(st, "'%s' is not %sN)%s", op[1],
				    pseudo[i].name, value ? "+off" : "");
		*close = '\0';
		if (num(st, op[1] + l, 32, &idx) ||
		    (value && num(st, close + 2, 64, &off)))
			return -EINVAL;
		if (off < 0 || off > UINT32_MAX)	/* a u32, as printed */
			return fail(st, "map value offset %s is not a u32",
				    close + 2);
		if (emit(st, BPF_LD | BPF_IMM | BPF_DW, dst, pseudo[i].src, 0,
			 idx))
			return -EINVAL;
		return emit(st, 0, 0, 0, 0, off);
	}
	if (num(st, op[1], 64, &v) ||
	    emit(st, BPF_LD | BPF_IMM | BPF_DW, dst, 0, 0, (int32_t)v))
		return -EINVAL;
	return emit(st, 0, 0, 0, 0, (int32_t)((uint64_t)v >> 32));
}

/* lock [fetch] add|and|or|xor|xchg|cmpxchg[32] [%rD+off], %rS */
static int
atomic(struct asm_state *st, char **op, int n)
{
	static const char *const names[] = { "xchg", "cmpxchg" };
	bool fetch = n > 0 && !strcmp(op[0], "fetch");
	unsigned dst, src;
	int16_t off;
	int32_t imm;
	const char *m;
	size_t l;
	int i, size = BPF_DW;

	if (fetch)
		op++, n--;
	if (n != 3)
		return fail(st, "lock takes [fetch] OP [%%rN+off], %%rM");
	m = op[0];
	l = strlen(m);
	if (l > 2 && !strcmp(m + l - 2, "32"))
		l -= 2, size = BPF_W;
	if ((i = lookup(bpf_alu_names, 16, m, l)) >= 0 &&
	    (i << 4 == BPF_ADD || i << 4 == BPF_AND || i << 4 == BPF_OR ||
	     i << 4 == BPF_XOR))
		imm = i << 4 | (fetch ? BPF_FETCH : 0);
	else if ((i = lookup(names, 2, m, l)) >= 0 && !fetch)
		imm = i ? BPF_CMPXCHG : BPF_XCHG;
	else
		return fail(st, "invalid atomic operation '%s%s'",
			    fetch ? "fetch " : "", m);
	if (memop(st, op[1], &dst, &off) || reg(st, op[2], &src))
		return -EINVAL;
	return emit(st, BPF_STX | BPF_ATOMIC | size, dst, src, off, imm);
}

/* ldx{b,h,w,dw}, ldxs{b,h,w}, st{b,h,w,dw}, stx{b,h,w,dw} */
static int
memory(struct asm_state *st, const char *m, char **op, int n)
{
	unsigned dst, src = 0;
	int16_t off;
	int64_t imm = 0;
	int size;

	if (!strncmp(m, "ldx", 3)) {
		bool sx = m[3] == 's' && size_of(m + 4) >= 0 &&
			  strcmp(m + 4, "dw");

		if ((size = size_of(m + 3 + sx)) < 0)
			return fail(st, "unknown mnemonic '%s'", m);
		if (nops(st, m, n, 2) || reg(st, op[0], &dst) ||
		    memop(st, op[1], &src, &off))
			return -EINVAL;
		return emit(st, BPF_LDX | (sx ? BPF_MEMSX : BPF_MEM) | size << 3,
			    dst, src, off, 0);
	}
	bool x = !strncmp(m, "stx", 3);

	if ((size = size_of(m + 2 + x)) < 0)
		return fail(st, "unknown mnemonic '%s'", m);
	if (nops(st, m, n, 2) || memop(st, op[0], &dst, &off) ||
	    (x ? reg(st, op[1], &src) : num(st, op[1], 32, &imm)))
		return -EINVAL;
	return emit(st, (x ? BPF_STX : BPF_ST) | BPF_MEM | size << 3, dst, src,
		    off, imm);
}

static int
call(struct asm_state *st, char **op, int n)
{
	unsigned r;
	int64_t v;

	if (n == 2 && !strcmp(op[0], "local"))
		return chk(target(st, op[1], true, &v) ||
			   emit(st, BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, v));
	if (n == 2 && !strcmp(op[0], "helper"))
		op++, n--;
	if (nops(st, "call", n, 1))
		return -EINVAL;
	if (op[0][0] == '%')
		return chk(reg(st, op[0], &r) ||
			   emit(st, BPF_JMP | BPF_CALL | BPF_X, r, 0, 0, 0));
	if (!strncmp(op[0], "bpf_", 4)) {	/* a helper by Linux's name */
		if ((v = bpf_func_id_by_name(op[0] + 4)) < 0)
			return fail(st, "no helper is named %s", op[0]);
		return chk(emit(st, BPF_JMP | BPF_CALL, 0, 0, 0, v));
	}
	return chk(num(st, op[0], 32, &v) ||
		   emit(st, BPF_JMP | BPF_CALL, 0, 0, 0, v));
}

/* le16 be32 bswap64 (swap64 too, as the suite spells it) */
static int
endian(struct asm_state *st, const char *m, char **op, int n)
{
	static const struct {
		const char *name;
		uint8_t code;
	} kinds[] = {
		{ "le", BPF_ALU | BPF_END | BPF_TO_LE },
		{ "be", BPF_ALU | BPF_END | BPF_TO_BE },
		{ "bswap", BPF_ALU64 | BPF_END },
		{ "swap", BPF_ALU64 | BPF_END },
	};

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		size_t l = strlen(kinds[i].name);
		const char *w = m + l;
		unsigned dst;

		if (strncmp(m, kinds[i].name, l) ||
		    (strcmp(w, "16") && strcmp(w, "32") && strcmp(w, "64")))
			continue;
		if (nops(st, m, n, 1) || reg(st, op[0], &dst))
			return -EINVAL;
		return emit(st, kinds[i].code, dst, 0, 0,
			    w[0] == '1' ? 16 : w[0] == '3' ? 32 : 64);
	}
	return NOT_MINE;
}

/* Splits a mnemonic into its base and width suffix ("32" or "64"). */
static size_t
base_len(const char *m, bool *is32, bool *is64)
{
	size_t l = strlen(m);

	*is32 = l > 2 && !strcmp(m + l - 2, "32");
	*is64 = l > 2 && !strcmp(m + l - 2, "64");
	return *is32 || *is64 ? l - 2 : l;
}

/* add sub ... arsh, neg, sdiv smod, movsx{8,16,32}{32,64}: [32|64] */
static int
alu(struct asm_state *st, const char *m, char **op, int n)
{
	bool is32, is64, sgn = false;
	size_t l = base_len(m, &is32, &is64);
	uint8_t cls = is32 ? BPF_ALU : BPF_ALU64;
	unsigned dst, src;
	int64_t v = 0, sx = 0;
	int i;

	if (!strncmp(m, "movsx", 5) && (is32 || is64) && l > 5 && l < 8) {
		char bits[3] = { m[5], l > 6 ? m[6] : 0, 0 };

		if (parse_num(bits, 8, &sx) || (sx != 8 && sx != 16 && sx != 32))
			return fail(st, "unknown mnemonic '%s'", m);
		if (nops(st, m, n, 2) || reg(st, op[0], &dst) ||
		    reg(st, op[1], &src))
			return -EINVAL;
		return emit(st, cls | BPF_MOV | BPF_X, dst, src, sx, 0);
	}
	if (l == 4 && (!strncmp(m, "sdiv", 4) || !strncmp(m, "smod", 4)))
		sgn = true, m++, l--;
	i = lookup(bpf_alu_names, 16, m, l);
	if (i < 0)
		return NOT_MINE;
	if (i << 4 == BPF_NEG) {
		if (nops(st, m, n, 1) || reg(st, op[0], &dst))
			return -EINVAL;
		return emit(st, cls | BPF_NEG, dst, 0, 0, 0);
	}
	if (nops(st, m - sgn, n, 2) || reg(st, op[0], &dst))
		return -EINVAL;
	if (op[1][0] == '%')
		return chk(reg(st, op[1], &src) ||
			   emit(st, cls | i << 4 | BPF_X, dst, src, sgn, 0));
	return chk(num(st, op[1], 32, &v) ||
		   emit(st, cls | i << 4 | BPF_K, dst, 0, sgn, v));
}

/* ja, ja32, j<cond>[32] %rD, %rS|imm, target */
static int
jump(struct asm_state *st, const char *m, char **op, int n)
{
	bool is32, is64;
	size_t l = base_len(m, &is32, &is64);
	uint8_t cls = is32 ? BPF_JMP32 : BPF_JMP;
	unsigned dst, src;
	int64_t v = 0, t;
	int i = lookup(bpf_jmp_names, 16, m, l);

	if (i < 0 || is64)
		return NOT_MINE;
	if (i << 4 == BPF_JA)
		return chk(nops(st, m, n, 1) || target(st, op[0], is32, &t) ||
			   emit(st, cls | BPF_JA, 0, 0, is32 ? 0 : t,
				is32 ? t : 0));
	if (nops(st, m, n, 3) || reg(st, op[0], &dst))
		return -EINVAL;
	if (op[1][0] == '%')
		return chk(reg(st, op[1], &src) ||
			   target(st, op[2], false, &t) ||
			   emit(st, cls | i << 4 | BPF_X, dst, src, t, 0));
	return chk(num(st, op[1], 32, &v) || target(st, op[2], false, &t) ||
		   emit(st, cls | i << 4 | BPF_K, dst, 0, t, v));
}

static int
instruction(struct asm_state *st, char **tok, int n)
{
	const char *m = tok[0];
	char **op = tok + 1;
	int r;

	n--;
	if (!strcmp(m, "exit")) {
		/* The suite's programs jump to "exit": the first one. */
		if (!find_label(st, "exit") && add_label(st, "exit"))
			return -EINVAL;
		return chk(nops(st, m, n, 0) ||
			   emit(st, BPF_JMP | BPF_EXIT, 0, 0, 0, 0));
	}
	if (!strcmp(m, "lddw"))
		return lddw(st, op, n);
	if (!strcmp(m, "lock"))
		return atomic(st, op, n);
	if (!strcmp(m, "call"))
		return call(st, op, n);
	if (!strncmp(m, "ld", 2) || !strncmp(m, "st", 2))
		return memory(st, m, op, n);
	if ((r = endian(st, m, op, n)) != NOT_MINE)
		return r;
	if ((r = alu(st, m, op, n)) != NOT_MINE)
		return r;
	if ((r = jump(st, m, op, n)) != NOT_MINE)
		return r;
	return fail(st, "unknown mnemonic '%s'", m);
}

/* Splits a line (comment removed) into tokens at blanks and commas,
 * except inside [...]. Returns the count or -EINVAL. */
static int
tokenize(struct asm_state *st, char *s, char **tok)
{
	int n = 0, depth = 0;
	char *w = s;

	for (char *p = s;; p++) {
		bool sep = *p == ' ' || *p == '\t' || *p == ',' || *p == '\r';

		if (*p == '[')
			depth++;
		else if (*p == ']')
			depth--;
		if (*p == '#' || *p == '\0' || (sep && !depth)) {
			bool end = *p == '#' || *p == '\0';

			*w = '\0';
			if (*s) {
				if (n == MAX_TOKENS)
					return fail(st, "too many operands");
				tok[n++] = s;
			}
			if (end)
				return n;
			s = w = p + 1;
		} else if (sep) {
			continue;	/* blanks inside [...] */
		} else {
			*w++ = *p;
		}
	}
}

static int
line(struct asm_state *st, const char *text, size_t len)
{
	char buf[MAX_LINE];
	char *tok[MAX_TOKENS];
	int n;

	if (len >= MAX_LINE)
		return fail(st, "line longer than %d characters", MAX_LINE - 1);
	memcpy(buf, text, len);
	buf[len] = '\0';
	if ((n = tokenize(st, buf, tok)) <= 0)
		return n;
	size_t l = strlen(tok[0]);
	if (tok[0][l - 1] == ':') {	/* "label:" maybe followed by code */
		tok[0][l - 1] = '\0';
		if (add_label(st, tok[0]))
			return -EINVAL;
		if (n == 1)
			return 0;
		return instruction(st, tok + 1, n - 1) ? -EINVAL : 0;
	}
	return instruction(st, tok, n) ? -EINVAL : 0;
}

static int
fix_jumps(struct asm_state *st)
{
	for (size_t i = 0; i < st->nfixups; i++) {
		struct fixup *f = &st->fixups[i];
		const struct label *l = find_label(st, f->name);
		int64_t d;

		st->line = f->line;
		if (!l)
			return fail(st, "unknown label '%s'", f->name);
		d = (int64_t)l->slot - (int64_t)f->slot - 1;
		if (f->in_imm)
			st->out[f->slot].imm = d;
		else if (d < INT16_MIN || d > INT16_MAX)
			return fail(st, "label '%s' is too far for a 16-bit offset",
				    f->name);
		else
			st->out[f->slot].off = d;
	}
	return 0;
}

/* Assembles text (asm.h). Allocates; not in trap context. */
int
bpf_asm(const char *text, struct bpf_insn **out, size_t *len, char *err,
	size_t errsize)
{
	struct asm_state st = { .err = err, .errsize = errsize };
	int r = 0;

	if (errsize)
		err[0] = '\0';
	while (*text && !r) {
		size_t n = 0;

		while (text[n] && text[n] != '\n')
			n++;

		st.line++;
		r = line(&st, text, n);
		text += n + (text[n] == '\n');
	}
	if (!r && !st.len) {
		eb_snprintf(err, errsize, "no instructions");
		r = -EINVAL;
	}
	if (!r)
		r = fix_jumps(&st);
	eb_port_free(st.labels);
	eb_port_free(st.fixups);
	if (r && st.nomem)
		r = -ENOMEM;
	if (r) {
		eb_port_free(st.out);
		return r;
	}
	*out = st.out;
	*len = st.len;
	return 0;
}
