/* kprobe_events' refusals as Linux reports them in tracing/error_log
 * (the texts of trace_probe.h's ERRORS, the command, a caret), and a name
 * several functions share refused where Linux refuses it. */
#include "ktest.h"
#include "trace_collect.h"
#include <ebreak/async_probe.h>
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/kprobe_events.h>
#include <ebreak/kprobes.h>

static char msg[512];

static int
define(const char *line)
{
	return eb_kprobe_events_write(line, msg, sizeof msg);
}

/* Two functions called kpe_twin: this one and kprobe_events_test.c's,
 * as static functions of one name are in a kernel. Kept: nothing here
 * calls it. */
__attribute__((noipa, used)) static long
kpe_twin(long a)
{
	return a + 5;
}

/* The probed function of the refusals (its own name: one). */
__attribute__((noipa)) long
kpe_errors_target(long a)
{
	return a + 1;
}

#define LONG50 "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghij"

/* Each refusal as Linux's selftest kprobe_syntax_errors.tc writes one:
 * the line with a '^' where Linux's error_log puts its caret (before
 * the part that is bad: the probe point, the argument, its expression
 * after NAME=, its TYPE after ':', in [N] the number, the line's start
 * for a name taken); Linux's text; ebreak's explanation, or "". */
static const struct {
	const char *line, *text, *more;
} refusals[] = {
	{ "p:e kpe_errors_target x=^%zz", "Invalid register name",
	  "RISC-V ABI names: %a0, %sp, %s1, ..., %pc" },
	{ "p:e kpe_errors_target ^$retval", "$retval is not available on "
	  "probe", "only return probes (r) have it" },
	/* a patchable entry's frame, a return's: some registers only */
	{ "p:e kpe_errors_target x=^+8(%s1)", "Invalid register name",
	  "this probe's registers do not hold %s1, only %pc %ra %sp %s0 %a0 "
	  "%a1 %a2 %a3 %a4 %a5 %a6 %a7" },
	{ "r:e kpe_errors_target ^%a2", "Invalid register name", "this "
	  "probe's registers do not hold %a2, only %pc %ra %sp %s0 %a0 %a1" },
	{ "p:e kpe_errors_target ^$arg9", "Invalid argument number",
	  "$argN takes N from 1 to 8 (a0..a7)" },
	{ "p:e kpe_errors_target ^$arg0", "Invalid argument number",
	  "$argN takes N from 1 to 8 (a0..a7)" },
	/* past the entry a0..a7 need not hold the arguments any more */
	{ "p:e kpe_errors_target+4 x=^$arg1", "$arg* can be used only on "
	  "function entry or exit", "$argN too: at SYMBOL+0 or in an r event" },
	{ "p:e kpe_errors_target ^$stackx", "Invalid stack number",
	  "$stackN takes N from 0 to 4096" },
	{ "p:e kpe_errors_target ^$foo", "Invalid $-valiable specified",
	  "$argN, $retval, $stack, $stackN, $comm" },
	{ "p:e kpe_errors_target $comm:^u32", "$comm and immediate-string "
	  "only accepts string type", "" },
	{ "p:e kpe_errors_target %a0:^u128", "Unknown type is specified",
	  "u8..u64, s8..s64, x8..x64, char, string, ustring, symbol, symstr, "
	  "b<bit-width>@<bit-offset>/<container-size>, TYPE[N]" },
	{ "p:e kpe_errors_target %a0:^string", "String accepts only memory "
	  "argument", "e.g. +0(%a0):string" },
	{ "p:e kpe_errors_target +0(%a0):^b9@0/8", "Invalid bitfield",
	  "b<bit-width>@<bit-offset>/<container-size>, within the container" },
	{ "p:e kpe_errors_target +0(%a0):u8[^65]", "Array number is too big",
	  "at most 64" },
	{ "p:e kpe_errors_target +0(%a0):u8[^x]", "Invalid array size", "" },
	{ "p:e kpe_errors_target +0(%a0):u8[4^", "Array is not closed", "" },
	{ "p:e kpe_errors_target +0(%a0):u8[4]^x", "Array has wrong suffix",
	  "" },
	{ "p:e kpe_errors_target ^1x=%a0", "Argument name must follow the "
	  "same rules as C identifiers", "" },
	{ "p:e kpe_errors_target ^=%a0", "Argument name is not specified", "" },
	{ "p:e kpe_errors_target x=^", "No argument expression", "" },
	{ "p:e kpe_errors_target ^" LONG50 "=%a0", "Argument name is too "
	  "long", "at most 32 chars" },
	{ "p:e kpe_errors_target x=%a0 ^x=%a1", "This argument name is "
	  "already used", "x" },
	/* Linux's reserved names: a filter's common_pid is the task's */
	{ "p:e kpe_errors_target ^common_pid=%a0", "This argument name is "
	  "already used", "Linux reserves it (common_pid, __probe_ip, ...)" },
	{ "p:e kpe_errors_target ^+zz(%a0)", "Invalid dereference offset", "" },
	{ "p:e kpe_errors_target ^+0@0)", "Dereference needs a brace",
	  "a dereference is +|-OFFS(FETCHARG)" },
	{ "p:e kpe_errors_target +0(%a0^", "Dereference brace is not closed",
	  "" },
	{ "p:e kpe_errors_target +0(+0(%a0^)", "Dereference brace is not "
	  "closed", "" },
	{ "p:e kpe_errors_target +0(^$comm)", "$comm can not be dereferenced",
	  "nor can an immediate string" },
	{ "p:e kpe_errors_target ^@no_such_symbol", "Invalid memory address",
	  "no such symbol" },
	/* (Linux's caret: at the nested one past its limit) */
	{ "p:e kpe_errors_target ^+0(+0(+0(+0(+0(%a0)))))", "Dereference is "
	  "too much nested", "at most 4 memory reads per argument" },
	/* the fifth read from the innermost, not the outermost */
	{ "p:e kpe_errors_target +0(^+0(+0(+0(+0(+0(%a0))))))", "Dereference "
	  "is too much nested", "at most 4 memory reads per argument" },
	{ "p:e kpe_errors_target ^&1", "Invalid fetch argument", "%REG, "
	  "$argN, $retval, $stack, $stackN, $comm, @ADDR, @SYM[+|-OFFS], "
	  "+|-[u]OFFS(FETCHARG), \\IMM, \\\"TEXT\", BTF NAME[->FIELD]" },
	{ "p:e kpe_errors_target ^a0", "This variable is not found at this "
	  "probe point", "" },
	{ "p:e kpe_errors_target %a0 %a0 %a0 %a0 %a0 %a0 %a0 %a0 ^%a0", "Too "
	  "many arguments are specified", "at most 8" },
	{ "p:e kpe_errors_target ^x=%" LONG50 LONG50, "Argument expression "
	  "is too long", "" },
	/* the probe point */
	{ "p:e ^kpe_errors_target+zz", "Invalid probed address or symbol",
	  "SYMBOL[+OFFSET] or 0xADDRESS" },
	{ "p:e ^no_such_function", "Invalid probed address or symbol",
	  "no function is called no_such_function" },
	{ "p:e ^kpe_twin", "The symbol is not unique", "several functions "
	  "are called kpe_twin: probe one by its address (0xADDR)" },
	{ "r:e ^kpe_errors_target+4", "Retprobe address must be an function "
	  "entry", "" },
	{ "p:e ^kpe_errors_target+4%return", "Retprobe address must be an "
	  "function entry", "" },
	{ "p:e kpe_errors_target^%ret", "Invalid probed address suffix",
	  "SYMBOL[+0]%return is the one suffix" },
	{ "p:e ^0x80200000%return", "Retprobe address must be an function "
	  "entry", "%return follows a SYMBOL[+0], not an address" },
	/* the kind, MAXACTIVE and the names */
	{ "p^5:e kpe_errors_target", "Maxactive is only for function exit", "" },
	{ "r^0:e kpe_errors_target", "Invalid maxactive number", "" },
	{ "r^5x:e kpe_errors_target", "Invalid maxactive number", "" },
	{ "r^5000:e kpe_errors_target", "Maxactive is too big", "at most 4096" },
	/* past the limit by digits, not by value alone: still too big */
	{ "r^100000:e kpe_errors_target", "Maxactive is too big",
	  "at most 4096" },
	{ "p:^ kpe_errors_target", "Event name is not specified", "" },
	{ "p:^/e kpe_errors_target", "Group name is not specified", "" },
	{ "p:^g.1/e kpe_errors_target", "Group name must follow the same "
	  "rules as C identifiers", "" },
	{ "p:^" LONG50 "/e kpe_errors_target", "Group name is too long",
	  "at most 31 chars" },
	{ "p:g/^e.1 kpe_errors_target", "Event name must follow the same "
	  "rules as C identifiers", "" },
	{ "p:^9lives kpe_errors_target", "Event name must follow the same "
	  "rules as C identifiers", "" },
	{ "p:g/^" LONG50 " kpe_errors_target", "Event name is too long",
	  "at most 31 chars" },
	/* ebreak's own, in the same frame */
	{ "^x:e kpe_errors_target", "'x': a definition starts with p, r or -",
	  "" },
	{ "^pkpe_errors_target", "'pkpe_errors_target': p, r[MAXACTIVE] or - "
	  "is followed by :[GROUP/]NAME or a blank", "" },
	{ "-:^e", "No such event", "-:e: none is so named (kprobe lists "
	  "them)" },
	{ "-:e ^extra", "removal is -:[GROUP/]NAME alone", "" },
};

KTEST(kprobe_events, refusals_as_linux_error_log)
{
	char want[512], bare[256];

	eb_kprobe_slots_free();	/* the slot pool's first use allocates */
	size_t heap = kmalloc_live_bytes(), slots = eb_kprobe_slots_free();

	for (size_t i = 0; i < ARRAY_SIZE(refusals); i++) {
		linux_error_frame(refusals[i].line, refusals[i].text, refusals[i].more,
			    want, sizeof want, bare, sizeof bare);
		KEXPECT(define(bare) < 0);
		if (strcmp(msg, want) != 0) {
			printf("    got:\n%s\n    wanted:\n%s\n", msg, want);
			ktest_fail(__FILE__, __LINE__, "the refusal's frame");
		}
		KEXPECT_EQ(eb_kprobe_events_hits("e"), -1);
	}
	KEXPECT_EQ(eb_kprobe_slots_free(), slots);
	eb_kprobe_events_error_log_clear();
	KEXPECT_EQ(kmalloc_live_bytes(), heap);
}

/* Linux's command is its argv joined: blanks between words are one. */
KTEST(kprobe_events, refusal_command_is_the_words_one_blank_apart)
{
	char want[512], bare[128];

	KEXPECT_EQ(define("  p:e\tkpe_errors_target   x=%zz\n"), -EINVAL);
	linux_error_frame("p:e kpe_errors_target x=^%zz", "Invalid register name",
		    "RISC-V ABI names: %a0, %sp, %s1, ..., %pc", want,
		    sizeof want, bare, sizeof bare);
	if (!KEXPECT(strcmp(msg, want) == 0))
		printf("    got:\n%s\n", msg);
	eb_kprobe_events_error_log_clear();
}

/* A buffer shorter than the frame: each size gets the frame's first
 * size-1 chars, ended, and nothing past its end is written. */
KTEST(kprobe_events, short_buffer_cut_not_overrun)
{
	static const char line[] = "p:e kpe_errors_target x=+0(+0(%a0):u8";
	char whole[512], buf[64];

	KEXPECT_EQ(eb_kprobe_events_write(line, whole, sizeof whole), -EINVAL);
	for (size_t size = 1; size < sizeof buf; size += 7) {
		memset(buf, '#', sizeof buf);
		KEXPECT_EQ(eb_kprobe_events_write(line, buf, size), -EINVAL);
		KEXPECT_EQ(strlen(buf), size - 1);
		KEXPECT(strncmp(buf, whole, size - 1) == 0);
		for (size_t i = size; i < sizeof buf; i++)
			if (buf[i] != '#')
				ktest_fail(__FILE__, __LINE__, "written past size");
	}
	eb_kprobe_events_error_log_clear();
}

/* The same name taken: Linux's EVENT_EXIST, its caret at the start. */
KTEST(kprobe_events, event_name_taken)
{
	char want[512], bare[128];

	KEXPECT_EQ(define("p:dup kpe_errors_target"), 0);
	KEXPECT_EQ(define("p:dup kallsyms_count"), -EEXIST);
	linux_error_frame("^p:dup kallsyms_count", "Given group/event name is "
		    "already used by another event", "dup (any group's)", want,
		    sizeof want, bare, sizeof bare);
	if (!KEXPECT(strcmp(msg, want) == 0))
		printf("    got:\n%s\n", msg);
	KEXPECT_EQ(define("-:dup"), 0);
	eb_kprobe_events_error_log_clear();
}

/* One line of the error log, kept. */
static char logged[8][160];
static unsigned nlogged;

static void
log_line(const char *line, void *arg)
{
	(void)arg;
	if (nlogged < ARRAY_SIZE(logged))
		eb_snprintf(logged[nlogged], sizeof logged[0], "%s", line);
	nlogged++;
}

/* What follows line's `[SSSSS.UUUUUU] ` (at least 5 digits, a '.', 6),
 * or NULL if it does not start so. */
static const char *
after_stamp(const char *line)
{
	size_t i = 1, digits = 0;

	if (line[0] != '[')
		return NULL;
	while (line[i] == ' ')
		i++;
	while (line[i] >= '0' && line[i] <= '9')
		i++, digits++;
	if (i < 6 || line[i++] != '.')
		return NULL;
	for (int k = 0; k < 6; k++)
		if (!(line[i] >= '0' && line[i++] <= '9'))
			return NULL;
	return line[i] == ']' && line[i + 1] == ' ' && digits ? line + i + 2
							       : NULL;
}

/* The error log keeps refusals as Linux's error_log: a timestamp before
 * each, the last EB_KPROBE_ERROR_LOG only, emptied by clear. */
KTEST(kprobe_events, error_log_keeps_the_last)
{
	char first[512];

	eb_kprobe_events_error_log_clear();
	KEXPECT_EQ(define("p:e kpe_errors_target x=%zz"), -EINVAL);
	eb_snprintf(first, sizeof first, "%s", msg);
	nlogged = 0;
	eb_kprobe_events_error_log(log_line, NULL);
	KEXPECT_EQ(nlogged, 4);	/* text, command, caret, explanation */
	/* `[SSSSS.UUUUUU] ` then the text (Linux's timestamp format) */
	const char *t = after_stamp(logged[0]);
	KEXPECT(t && strcmp(t, "trace_kprobe: error: Invalid register name")
		== 0);
	KEXPECT(strcmp(logged[1], "  Command: p:e kpe_errors_target x=%zz") == 0);
	for (int i = 0; i < EB_KPROBE_ERROR_LOG; i++)
		KEXPECT_EQ(define("-:e"), -ENOENT);
	nlogged = 0;
	eb_kprobe_events_error_log(log_line, NULL);
	/* the first one dropped: 16 removals of 4 lines each */
	KEXPECT_EQ(nlogged, EB_KPROBE_ERROR_LOG * 4);
	t = after_stamp(logged[0]);
	KEXPECT(t && strcmp(t, "trace_kprobe: error: No such event") == 0);
	eb_kprobe_events_error_log_clear();
	nlogged = 0;
	eb_kprobe_events_error_log(log_line, NULL);
	KEXPECT_EQ(nlogged, 0);
}

/* The functions called name in the kernel's table, counted one by one;
 * the lowest's address in *lowest. */
static int
named(const char *name, uintptr_t *lowest)
{
	uintptr_t addr;
	size_t size;
	int n = 0;

	*lowest = UINTPTR_MAX;
	for (size_t i = 0; i < kallsyms_count(); i++)
		if (strcmp(kallsyms_name_at(i, &addr, &size), name) == 0) {
			n++;
			*lowest = addr < *lowest ? addr : *lowest;
		}
	return n;
}

static void
twin_poll_handler(struct async_probe *ap, const struct eb_async_event *ev)
{
}

/* A name two functions share: the port counts both; kprobe_events and
 * async probes refuse it, leaving nothing (kprobe_events_test.c's
 * by_address probes one by its address); register_kprobe takes the
 * lowest, as Linux's. */
KTEST(kprobe_events, shared_name_refused_address_probed)
{
	uintptr_t lowest, addr;
	size_t size;

	KEXPECT_EQ(named("kpe_twin", &lowest), 2);
	KEXPECT_EQ(eb_port_symbol_lookup("kpe_twin", &addr, &size), 2);
	KEXPECT_EQ(addr, lowest);
	KEXPECT_EQ(eb_symbol_lookup_unique("kpe_twin", &addr, &size),
		   -EADDRNOTAVAIL);
	size_t heap = kmalloc_live_bytes();
	KEXPECT_EQ(define("p:tw kpe_twin"), -EADDRNOTAVAIL);
	KEXPECT_EQ(define("r:tw kpe_twin"), -EADDRNOTAVAIL);
	KEXPECT_EQ(eb_kprobe_events_hits("tw"), -1);
	struct async_probe ap = { .symbol = "kpe_twin",
				  .handler = twin_poll_handler };
	KEXPECT_EQ(register_async_probe(&ap), -EADDRNOTAVAIL);
	eb_kprobe_events_error_log_clear();
	KEXPECT_EQ(kmalloc_live_bytes(), heap);

	struct kprobe kp = { .symbol_name = "kpe_twin" };
	KEXPECT_EQ(register_kprobe(&kp), 0);
	KEXPECT_EQ((uintptr_t)kp.addr, lowest);
	unregister_kprobe(&kp);
}
