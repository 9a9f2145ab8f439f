/* kprobe_events fetch args Linux has beyond registers and plain reads:
 * \IMM and \"TEXT", symstr, TYPE[N] arrays and bitfields, each printed
 * value checked against the memory it came from, read here in C. */
#include "ktest.h"
#include "trace_collect.h"
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/kprobe_events.h>
#include <ebreak/trace_event.h>

static char msg[512];

static int
define(const char *line)
{
	return eb_kprobe_events_write(line, msg, sizeof msg);
}

static void expect_refused(const char *head, const char *arg,
			   const char *text, const char *more);

/* What the events read: a struct with an array, a bitfield and a
 * function pointer, as a kernel developer's would have. */
struct kpf_obj {
	uint32_t words[4];
	int16_t deltas[3], pad;
	unsigned ready : 1, state : 3, count : 12, high : 16;
	const char *names[2];
	long (*fn)(long);
	struct {
		int x;
	} in;
	char tag[8];
	const char *label;
	struct kpf_obj *next;
};

__attribute__((noipa)) long
kpf_other(long a)
{
	return a + 2;
}

static struct kpf_obj kpf_obj = {
	{ 1, 2, 0xdeadbeef, 4 }, { -1, 300, -32768 }, 0, 1, 5, 0xabc, 0xfffe,
	{ "first", "second" }, kpf_other, { -42 }, "tagged", "kpf",
	&kpf_obj,
};

__attribute__((noipa)) long
kpf_target(struct kpf_obj *o, long n)
{
	return o->words[0] + n;
}

/* What an r event's typed $retval reads: a struct pointer, and none. */
__attribute__((noipa)) struct kpf_obj *
kpf_follow(struct kpf_obj *o)
{
	return o->next;
}

__attribute__((noipa)) void
kpf_void(struct kpf_obj *o)
{
	__asm__ volatile("" : : "r"(o) : "memory");
}

/* A packed struct's bitfield that spans 9 bytes: more than the 8 a
 * bitfield's read takes from its first byte. */
struct __attribute__((packed)) kpf_packed {
	unsigned long low : 3, wide : 62;
};

__attribute__((noipa)) long
kpf_spans(struct kpf_packed *p)
{
	return p->wide;
}

/* A parameter whose name is longer than 15 characters. */
__attribute__((noipa)) long
kpf_long(long the_number_of_the_beast)
{
	return the_number_of_the_beast;
}

/* A parameter named as a field Linux reserves for every event. */
__attribute__((noipa)) long
kpf_reserved(long common_pid)
{
	return common_pid;
}

/* Define the p event kf on kpf_target by line (its args), call it with
 * (&kpf_obj, n), check the one record is `kf: (kpf_target+0x0/0xSIZE)`
 * and then want; remove the event. */
static void
expect_args(const char *args, long n, const char *want)
{
	char line[256], text[EB_TRACE_TEXT_MAX], at[64];

	eb_snprintf(line, sizeof line, "p:kf kpf_target %s", args);
	if (!KEXPECT_EQ(define(line), 0)) {
		printf("    %s: %s\n", line, msg);
		return;
	}
	eb_trace_clear();
	kpf_target(&kpf_obj, n);
	struct collected *c = trace_collect();
	trace_sym(at, sizeof at, (unsigned long)kpf_target);
	eb_snprintf(text, sizeof text, "kf: (%s)%s", at, want);
	if (KEXPECT_EQ(c->n, 1) && strcmp(c->text[0], text) != 0) {
		printf("    record: %s\n    wanted: %s\n", c->text[0], text);
		ktest_fail(__FILE__, __LINE__, "the record as wanted");
	}
	eb_trace_clear();
	KEXPECT_EQ(define("-:kf"), 0);
}

/* eb_kprobe_events_list's emit: the line into arg (the last one). */
static void
keep_line(const char *line, void *arg)
{
	eb_snprintf(arg, EB_TRACE_TEXT_MAX, "%s", line);
}

/* \IMM: the number itself (Linux's kstrtoul/kstrtol, any type); a
 * string at it; memory at it; \"TEXT": the text. */
KTEST(kprobe_fetch, immediates)
{
	char args[200], want[200];

	eb_snprintf(args, sizeof args, "i=\\1234 h=\\0x10:u8 n=\\-5:s32 "
		    "p=\\+7:u16 s=\\\"hi-there\" e=\\\"\" t=\\0x%lx:string "
		    "w=+8(\\0x%lx):x32", (unsigned long)kpf_obj.names[1],
		    (unsigned long)&kpf_obj);
	eb_snprintf(want, sizeof want, " i=0x4d2 h=16 n=-5 p=7 s=\"hi-there\" "
		    "e=\"\" t=\"%s\" w=0x%x", kpf_obj.names[1],
		    kpf_obj.words[2]);
	expect_args(args, 0, want);
	/* a leading 0 is octal, as kstrtoul's base 0 reads it: in \IMM, an
	 * offset, an address, an array's size and a bitfield's numbers */
	eb_snprintf(args, sizeof args, "o=\\010 z=\\0:u8 w=+010(%%a0):u32 "
		    "m=-010(%%a1):u32 a=@0%lo:u32 r=+0(%%a0):u32[02] "
		    "b=+24(%%a0):b014@04/040", (unsigned long)&kpf_obj.words[3]);
	eb_snprintf(want, sizeof want, " o=0x8 z=0 w=%u m=%u a=%u r={%u,%u} "
		    "b=%u", kpf_obj.words[2], kpf_obj.words[2], kpf_obj.words[3],
		    kpf_obj.words[0], kpf_obj.words[1], kpf_obj.count);
	expect_args(args, (long)(kpf_obj.words + 4), want);
	/* a signed number within a long (kstrtol), an unsigned one within
	 * an unsigned long (kstrtoul) */
	expect_args("l=\\-9223372036854775808:s64 u=\\18446744073709551615:u64 "
		    "m=-0x8000000000000000(%a1):u8", 0,
		    " l=-9223372036854775808 u=18446744073709551615 m=(fault)");
	/* listed as parsed, NAME up to the first '=': pasted back, the
	 * same event */
	char listed[EB_TRACE_TEXT_MAX] = "";
	KEXPECT_EQ(define("p:kl kpf_target s=\\\"a=b\""), 0);
	eb_kprobe_events_list(keep_line, listed);
	KEXPECT(strcmp(listed, "p:kprobes/kl kpf_target s=\\\"a=b\"") == 0);
	KEXPECT_EQ(define("-:kl"), 0);
	KEXPECT_EQ(define(listed), 0);
	KEXPECT_EQ(define("-:kl"), 0);
}

/* symstr: the symbol as symbol prints it, quoted (Linux's sprint_symbol
 * made a string), or hex outside any function. */
KTEST(kprobe_fetch, symstr)
{
	char want[200], fn[64];

	trace_sym(fn, sizeof fn, (unsigned long)kpf_obj.fn);
	eb_snprintf(want, sizeof want, " f=\"%s\" g=%s n=\"0x1ff\"", fn, fn);
	expect_args("f=+48(%a0):symstr g=+48($arg1):symbol n=%a1:symstr",
		    0x1ff, want);
}

/* TYPE[N] on a memory read: {V1,...}, each element of the type's size
 * one after the other; string[N] reads N pointers and their texts. */
KTEST(kprobe_fetch, arrays)
{
	char want[200];
	const uint8_t *b = (const uint8_t *)&kpf_obj.words[2];

	eb_snprintf(want, sizeof want, " w={%u,%u,%u,%u} d={%d,%d,%d} "
		    "x={0x%x,0x%x,0x%x,0x%x} one={%u} s={\"%s\",\"%s\"}",
		    kpf_obj.words[0], kpf_obj.words[1], kpf_obj.words[2],
		    kpf_obj.words[3], kpf_obj.deltas[0], kpf_obj.deltas[1],
		    kpf_obj.deltas[2], b[0], b[1], b[2], b[3], kpf_obj.words[1],
		    kpf_obj.names[0], kpf_obj.names[1]);
	expect_args("w=+0(%a0):u32[4] d=+16(%a0):s16[3] x=+8(%a0):x8[4] "
		    "one=+4(%a0):u32[1] s=+32(%a0):string[2]", 0, want);
	/* a read that faults: the whole array (a1 is no address) */
	expect_args("z=+0(%a1):u32[2] ok=+0(%a0):u8[1]", 8, " z=(fault) ok={1}");
}

/* char: a byte as Linux's '%c' prints it, alone and in an array (a NUL
 * between the quotes shows as nothing). */
KTEST(kprobe_fetch, chars)
{
	char args[120], want[60];
	size_t at = offsetof(struct kpf_obj, tag);

	eb_snprintf(args, sizeof args, "c=+%zu(%%a0):char t=+%zu(%%a0):char[3] "
		    "z=+%zu(%%a0):char n=%%a1:char", at, at, at + 7);
	eb_snprintf(want, sizeof want, " c='%c' t={'%c','%c','%c'} z='' n='A'",
		    kpf_obj.tag[0], kpf_obj.tag[0], kpf_obj.tag[1],
		    kpf_obj.tag[2]);
	KEXPECT_EQ(kpf_obj.tag[7], 0);
	expect_args(args, 'A', want);
}

/* b<bit-width>@<bit-offset>/<container-size>: the container read, cut to
 * the bits, printed unsigned as Linux does; on a register too, and in
 * an array. */
KTEST(kprobe_fetch, bitfields)
{
	char want[200];
	uint32_t word;

	/* the layout read below: the bits start at +24 */
	memcpy(&word, (const char *)&kpf_obj + 24, 4);
	KEXPECT_EQ(word >> 4 & 0xfff, kpf_obj.count);
	eb_snprintf(want, sizeof want, " r=%u s=%u c=%u h=%u l=%u n=%lu "
		    "a={%u,%u}", kpf_obj.ready, kpf_obj.state, kpf_obj.count,
		    kpf_obj.high, kpf_obj.words[2] >> 28, 0x1fful & 0xf,
		    kpf_obj.words[2] & 0xff, kpf_obj.words[3] & 0xff);
	expect_args("r=+24(%a0):b1@0/32 s=+24(%a0):b3@1/32 "
		    "c=+24(%a0):b12@4/32 h=+24(%a0):b16@16/32 l=+8(%a0):b4@28/32 "
		    "n=%a1:b4@0/8 a=+8(%a0):b8@0/32[2]", 0x1ff, want);
}

/* Filters read symstr, immediate strings and char[N] as strings (a glob
 * on the symbol), bitfields as numbers; an array of 1, 2, 4 or 8 bytes
 * as the number its bytes make, any other takes no comparison (Linux's
 * filter_assign_type and select_comparison_fn). */
KTEST(kprobe_fetch, filters)
{
	struct eb_trace_event *ev;

	_Static_assert(offsetof(struct kpf_obj, tag) == 60, "t's offset");

	if (!KEXPECT_EQ(define("p:kf kpf_target f=+48(%a0):symstr "
			       "s=\\\"on\" c=+24(%a0):b12@4/32 "
			       "w=+0(%a0):u32[3] t=+60(%a0):char[3]"), 0))
		return;
	ev = eb_kprobe_events_control("kf");
	KEXPECT_EQ(eb_trace_event_set_filter(ev, "w == 1", msg, sizeof msg),
		   -EINVAL);
	KEXPECT(strcmp(msg, "w == 1\n      ^\nparse_error: Illegal operation "
		       "for field type") == 0);
	/* each passes (one record) or not (none) */
	static const struct {
		const char *expr;
		unsigned records;
	} filters[] = {
		{ "f ~ \"kpf_other+0x0/*\" && s == \"on\"", 1 },
		{ "c == 2748", 1 }, { "c > 2747 && f != \"x\"", 1 },
		{ "f ~ \"kpf_target*\"", 0 }, { "s == \"off\"", 0 },
		{ "c == 2747", 0 }, { "t == \"tag\"", 1 },
		{ "t == \"tagged\"", 0 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(filters); i++) {
		KEXPECT_EQ(eb_trace_event_set_filter(ev, filters[i].expr, msg,
						     sizeof msg), 0);
		eb_trace_clear();
		kpf_target(&kpf_obj, 0);
		if (!KEXPECT_EQ(trace_collect()->n, filters[i].records))
			printf("    filter: %s\n", filters[i].expr);
	}
	eb_trace_clear();
	KEXPECT_EQ(define("-:kf"), 0);
}

__attribute__((noipa)) void
kpf_bytes(const uint8_t *p)
{
	__asm__ volatile("" : : "r"(p) : "memory");
}

/* An array of 4 u8 and one of 2 u32 compared as one number each: the
 * bytes written here, little-endian; each filter passes exactly the
 * calls whose bytes make its number (Linux's filter_pred_32/_64). */
KTEST(kprobe_fetch, array_filters)
{
	static const char *const exprs[] = {
		"b == 0x44332211", "w == 0x0807060504030201",
		"w > 0x0807060504030200 && b != 0",
	};
	static uint8_t buf[8] __attribute__((aligned(8)));
	struct eb_trace_event *ev;

	if (!KEXPECT_EQ(define("p:ka kpf_bytes b=+0(%a0):u8[4] "
			       "w=+0(%a0):u32[2]"), 0))
		return;
	ev = eb_kprobe_events_control("ka");
	for (size_t f = 0; f < ARRAY_SIZE(exprs); f++) {
		unsigned matching = 0;
		KEXPECT_EQ(eb_trace_event_set_filter(ev, exprs[f], msg,
						     sizeof msg), 0);
		eb_trace_clear();
		for (unsigned call = 0; call < 6; call++) {
			/* even calls write 0x11 0x22 ... 0x88 or 1 2 ... 8 */
			for (unsigned i = 0; i < 8; i++)
				buf[i] = call % 2 ? 0x10 * call + i
				       : f == 0 ? 0x11 * (i + 1) : i + 1;
			uint32_t lo = buf[0] | buf[1] << 8 | buf[2] << 16 |
				      (uint32_t)buf[3] << 24;
			uint64_t all = lo | (uint64_t)(buf[4] | buf[5] << 8 |
				       buf[6] << 16 | (uint32_t)buf[7] << 24) << 32;
			matching += f == 0 ? lo == 0x44332211
				    : f == 1 ? all == 0x0807060504030201
				    : all > 0x0807060504030200 && lo != 0;
			kpf_bytes(buf);
		}
		if (!KEXPECT_EQ(trace_collect()->n, matching))
			printf("    filter: %s\n", exprs[f]);
		KEXPECT_EQ(matching, f == 2 ? 6 : 3);
	}
	eb_trace_clear();
	KEXPECT_EQ(define("-:ka"), 0);
}

/* BTF argument names (Linux's CONFIG_PROBE_EVENTS_BTF_ARGS): kpf_target's
 * parameters by name, typed by their C types, and fields through ->
 * and . (bitfields cut to their bits), at the entry and at the return. */
KTEST(kprobe_fetch, btf_arguments)
{
	char want[EB_TRACE_TEXT_MAX], fn[64];

	trace_sym(fn, sizeof fn, (unsigned long)kpf_obj.fn);
	eb_snprintf(want, sizeof want, " o=0x%lx n=-3 arg3=%d arg4=%u arg5=%u "
		    "arg6=%u arg7=%u arg8=%d", (unsigned long)&kpf_obj,
		    kpf_obj.in.x, kpf_obj.ready, kpf_obj.state, kpf_obj.count,
		    kpf_obj.high, kpf_obj.next->in.x);
	expect_args("o n o->in.x o->ready o->state o->count o->high "
		    "o->next->in.x", -3, want);
	eb_snprintf(want, sizeof want, " f=%s w={%u,%u} t=\"%s\" l=\"%s\"",
		    fn, kpf_obj.words[0], kpf_obj.words[1], kpf_obj.tag,
		    kpf_obj.label);
	expect_args("f=o->fn:symbol w=o->words:u32[2] t=o->tag:string "
		    "l=o->label:string", 0, want);
	/* at a return: as at the entry (saved there) */
	if (!KEXPECT_EQ(define("r:kr kpf_target n x=o->in.x"), 0))
		return;
	eb_trace_clear();
	kpf_target(&kpf_obj, 5);
	struct collected *c = trace_collect();
	if (KEXPECT_EQ(c->n, 1))
		KEXPECT(str_find(c->text[0], " n=5 x=-42") != NULL);
	eb_trace_clear();
	KEXPECT_EQ(define("-:kr"), 0);
}

/* Define r:kr by line, call fn(&kpf_obj, n), check kr's one record ends
 * in want; remove it. */
static void
expect_return(const char *line, long (*fn)(struct kpf_obj *, long), long n,
	      const char *want)
{
	if (!KEXPECT_EQ(define(line), 0)) {
		printf("    %s: %s\n", line, msg);
		return;
	}
	eb_trace_clear();
	fn(&kpf_obj, n);
	struct collected *c = trace_collect();
	const char *end = c->n == 1 ? str_find(c->text[0], ")") : NULL;
	if (!KEXPECT(end && strcmp(end + 1, want) == 0))
		printf("    record: %s\n    wanted: ...)%s\n",
		       c->n ? c->text[0] : "(none)", want);
	eb_trace_clear();
	KEXPECT_EQ(define("-:kr"), 0);
}

static long
call_follow(struct kpf_obj *o, long n)
{
	return (long)kpf_follow(o);
}

/* $retval at a return, as Linux's with BTF: typed by the function's
 * return type (long: s64; a pointer: x64), fields through it with ->,
 * a char array or pointer as a string; a type given wins. */
KTEST(kprobe_fetch, btf_retval)
{
	char want[EB_TRACE_TEXT_MAX];

	expect_return("r:kr kpf_target $retval h=$retval:x16", kpf_target, -10,
		      " arg1=-9 h=0xfff7");
	eb_snprintf(want, sizeof want, " arg1=0x%lx x=%d t=\"%s\" l=\"%s\"",
		    (unsigned long)kpf_obj.next, kpf_obj.next->in.x,
		    kpf_obj.next->tag, kpf_obj.next->label);
	expect_return("r:kr kpf_follow $retval x=$retval->in.x "
		      "t=$retval->tag:string l=$retval->label:string",
		      call_follow, 0, want);
}

/* Names up to Linux's 32 characters (MAX_ARG_NAME_LEN), given or made
 * from a parameter's; a longer one given is refused. */
KTEST(kprobe_fetch, long_names)
{
	if (!KEXPECT_EQ(define("p:kl kpf_long the_number_of_the_beast "
			       "n2345678901234567890123456789012=%a0:u8"), 0))
		printf("    %s\n", msg);
	eb_trace_clear();
	kpf_long(666);
	struct collected *c = trace_collect();
	KEXPECT(c->n == 1 && str_find(c->text[0], ") the_number_of_the_beast"
				      "=666 n2345678901234567890123456789012="
				      "154") != NULL);
	eb_trace_clear();
	KEXPECT_EQ(define("-:kl"), 0);
	expect_refused("p:kl kpf_long", "^n23456789012345678901234567890123=%a0",
		       "Argument name is too long", "at most 32 chars");
}

/* Linux's $arg*: an argument for each parameter, named by it and typed
 * by its C type, at an entry or (saved there) a return. */
KTEST(kprobe_fetch, btf_all_params)
{
	char want[EB_TRACE_TEXT_MAX];

	eb_snprintf(want, sizeof want, " o=0x%lx n=-3 x=%d",
		    (unsigned long)&kpf_obj, kpf_obj.in.x);
	expect_args("$arg* x=o->in.x", -3, want);
	eb_snprintf(want, sizeof want, " o=0x%lx arg2=0x%lx",
		    (unsigned long)&kpf_obj, (unsigned long)kpf_obj.next);
	expect_return("r:kr kpf_follow $arg* $retval", call_follow, 0, want);
	/* listed expanded, as Linux lists it: pasted back, the same event */
	char listed[EB_TRACE_TEXT_MAX] = "";
	KEXPECT_EQ(define("p:kl kpf_target x=%a0 $arg* +0(%a0):u8"), 0);
	eb_kprobe_events_list(keep_line, listed);
	KEXPECT(strcmp(listed, "p:kprobes/kl kpf_target x=%a0 o=o n=n "
		       "arg4=+0(%a0):u8") == 0);
	KEXPECT_EQ(define("-:kl"), 0);
	KEXPECT_EQ(define(listed), 0);
	KEXPECT_EQ(define("-:kl"), 0);
}

#define UNKNOWN_TYPE "u8..u64, s8..s64, x8..x64, char, string, ustring, " \
	"symbol, symstr, b<bit-width>@<bit-offset>/<container-size>, TYPE[N]"
#define BITFIELD "b<bit-width>@<bit-offset>/<container-size>, within the " \
	"container"
#define SYMSTR "symstr takes a register, $argN, $retval, $stackN or a " \
	"kernel memory read, not an array"
#define ARRAY_MEMORY "an array needs a memory read, e.g. +0(%a0):u32[4]"

/* Every refusal of the new forms: the argument with a '^' where Linux's
 * error_log puts its caret (kprobe_errors_test.c's rule), Linux's text
 * and ebreak's explanation (or ""); nothing left behind. */
static const struct {
	const char *arg, *text, *more;
} refusals[] = {
	{ "\\\"open^", "String is not closed with '\"'", "" },
	{ "\\\"^", "String is not closed with '\"'", "" },
	{ "^\\x12", "Invalid immediate value", "" },
	{ "^\\08", "Invalid immediate value", "" },	/* 8 is no octal digit */
	{ "^+09(%a0)", "Invalid dereference offset", "" },
	/* signed numbers within a long, as kstrtol takes them */
	{ "^+0x8000000000000000(%a0)", "Invalid dereference offset", "" },
	{ "^\\-9223372036854775809", "Invalid immediate value", "" },
	{ "^\\+0x8000000000000000", "Invalid immediate value", "" },
	{ "^\\", "Invalid immediate value", "" },
	{ "\\\"a\":^u32", "$comm and immediate-string only accepts string "
	  "type", "" },
	{ "$comm:^string[2]", "$comm and immediate-string only accepts "
	  "string type", "" },
	{ "+0(^\\\"a\")", "$comm can not be dereferenced",
	  "nor can an immediate string" },
	{ "+0(^$comm)", "$comm can not be dereferenced",
	  "nor can an immediate string" },
	{ "\\1:^symstr", "Symbol String doesn't accept data/userdata", SYMSTR },
	{ "$stack:^symstr", "Symbol String doesn't accept data/userdata",
	  SYMSTR },
	{ "+u0(%a0):^symstr", "Symbol String doesn't accept data/userdata",
	  SYMSTR },
	{ "+0(%a0):^symstr[2]", "Symbol String doesn't accept data/userdata",
	  SYMSTR },
	{ "+0(%a0):u8[^65]", "Array number is too big", "at most 64" },
	{ "+0(%a0):u8[^0]", "Invalid array size", "" },
	{ "+0(%a0):u8[^x]", "Invalid array size", "" },
	{ "+0(%a0):u8[2^", "Array is not closed", "" },
	{ "+0(%a0):u8[2]^x", "Array has wrong suffix", "" },
	{ "+0(%a0):^u9[2]", "Unknown type is specified", UNKNOWN_TYPE },
	{ "%a0:^u8[2]", "Invalid fetch argument", ARRAY_MEMORY },
	{ "$stack1:^x8[8]", "Invalid fetch argument", ARRAY_MEMORY },
	{ "\\1:^string[2]", "Invalid fetch argument", ARRAY_MEMORY },
	{ "%a0:^b0@0/32", "Invalid bitfield", BITFIELD },
	{ "%a0:^b4@29/32", "Invalid bitfield", BITFIELD },
	{ "%a0:^b4/32", "Invalid bitfield", BITFIELD },
	{ "%a0:^b4@0/12", "Unknown type is specified", UNKNOWN_TYPE },
	/* a record holds 215 chars: " arg1={" and 64 times 20 and ',' do
	 * not fit */
	{ "+0(%a0):^u64[64]", "Array number is too big", "64 elements print "
	  "up to 1351 chars, more than a record holds (215): at most 9 here" },
	{ "+0(%a0):^u8[64]", "Array number is too big", "64 elements print up "
	  "to 263 chars, more than a record holds (215): at most 52 here" },
	{ "^nosuch", "This variable is not found at this probe point", "" },
	{ "^o.in", "Dot-connected field access is not supported for argument",
	  "" },
	{ "^o-in", "Failed to parse single hyphen. Forgot '>'?", "" },
	{ "^n->x", "This is not a pointer to union/structure.", "" },
	{ "^o->nosuch", "This field is not found.", "" },
	{ "^o->in.y", "This field is not found.", "" },
	{ "^n:string", "This type does not fit for string.", "" },
	{ "^o->names:string", "This type does not fit for string.", "" },
	/* $arg* in a part of an argument: not expanded, said so */
	{ "x=^$arg*", "$arg* must be an independent parameter without name "
	  "etc.", "" },
	{ "+0(^$arg*)", "$arg* must be an independent parameter without name "
	  "etc.", "" },
};

/* Define `HEAD ARG` (HEAD: "p:e kpf_target", ...; a '^' in ARG marks
 * Linux's caret): refused with Linux's text and ebreak's more, framed as
 * Linux's error_log; an event it lets through is removed. */
static void
expect_refused(const char *head, const char *arg, const char *text,
	       const char *more)
{
	char line[160], bare[160], want[512];

	eb_snprintf(line, sizeof line, "%s %s", head, arg);
	linux_error_frame(line, text, more, want, sizeof want, bare,
			  sizeof bare);
	KEXPECT(define(bare) < 0);
	if (strcmp(msg, want) != 0) {
		printf("    got:\n%s\n    wanted:\n%s\n", msg, want);
		ktest_fail(__FILE__, __LINE__, "the refusal's frame");
	}
	if (!KEXPECT_EQ(eb_kprobe_events_hits("e"), -1))
		define("-:e");	/* taken: the next are refused alone */
}

KTEST(kprobe_fetch, refusals_leave_nothing)
{
	static const char arg_star_where[] = "$arg* can be used only on "
					     "function entry or exit";

	eb_kprobe_slots_free();	/* the slot pool's first use allocates */
	size_t heap = kmalloc_live_bytes(), slots = eb_kprobe_slots_free();

	for (size_t i = 0; i < ARRAY_SIZE(refusals); i++)
		expect_refused("p:e kpf_target", refusals[i].arg,
			       refusals[i].text, refusals[i].more);
	eb_kprobe_events_error_log_clear();
	/* $retval of a function that returns nothing, a field of one that
	 * is no pointer, a dot on it: refused as Linux's */
	expect_refused("r:e kpf_void", "^$retval",
		       "This function returns 'void' type", "");
	expect_refused("r:e kpf_target", "^$retval->x",
		       "This is not a pointer to union/structure.", "");
	expect_refused("r:e kpf_follow", "^$retval.in", "Dot-connected field "
		       "access is not supported for argument", "");
	expect_refused("r:e kpf_follow", "^$retval->nosuch",
		       "This field is not found.", "");
	/* an argument named after its parameter takes no reserved name
	 * (Linux's generate_probe_arg_name, then its check of every name);
	 * named otherwise it is taken */
	expect_refused("p:e kpf_reserved", "^common_pid", "This argument name "
		       "is already used", "Linux reserves it (common_pid, "
		       "__probe_ip, ...)");
	KEXPECT_EQ(define("p:e kpf_reserved pid=common_pid:s32"), 0);
	KEXPECT_EQ(define("-:e"), 0);
	/* a bitfield past the 8 bytes from its first byte: no read cuts it
	 * out (Linux's shift count would wrap); one within them reads */
	expect_refused("p:e kpf_spans", "^p->wide", "the bitfield spans more "
		       "than the 8 bytes from its first byte: give a TYPE", "");
	KEXPECT_EQ(define("p:e kpf_spans p->low w=p->wide:u64"), 0);
	KEXPECT_EQ(define("-:e"), 0);
	/* $arg* once, where the parameters are known (Linux's texts) */
	expect_refused("p:e kpf_target+4", "^$arg*", arg_star_where, "");
	expect_refused("p:e kpf_target $arg*", "^$arg*", "$arg* can be used "
		       "only once in the parameters", "");
	expect_refused("p:e kpe_dotted.isra.0", "^$arg*", arg_star_where, "");
	/* past the entry a0..a7 need not hold the parameters */
	expect_refused("p:e kpf_target+4", "^o", "BTF is not available or not "
		       "supported", "a BTF argument name is only for a "
		       "function's entry (SYMBOL+0) or an r event, as in Linux");
	/* an asm label's function (kprobe_events_test.c's) has no BTF FUNC
	 * of that name */
	expect_refused("p:e kpe_dotted.isra.0", "^a",
		       "No BTF entry for this probe point", "");
	/* the widest that fits is accepted */
	KEXPECT_EQ(define("p:e kpf_target +0(%a0):u8[52] +0(%a0):u64[9]"), 0);
	KEXPECT_EQ(define("-:e"), 0);
	KEXPECT_EQ(kmalloc_live_bytes(), heap);
	KEXPECT_EQ(eb_kprobe_slots_free(), slots);
}
