/* kprobe_events: probes defined by a line of Linux's syntax, their fetch
 * args, and the records they write to the trace ring. */
#include "cfi_unwind.h"
#include "ktest.h"
#include "trace_collect.h"
#include <ebreak/fmt.h>
#include <ebreak/kprobe_events.h>

static char msg[512];

static int
define(const char *line)
{
	return eb_kprobe_events_write(line, msg, sizeof msg);
}

/* Whether msg, a refusal, is Linux's text: `trace_kprobe: error: TEXT`
 * on its first line (kprobe_errors_test.c checks the rest). */
static bool
first_line_is(const char *text)
{
	static const char head[] = "trace_kprobe: error: ";
	size_t n = strlen(text);

	if (strncmp(msg, head, sizeof head - 1) == 0 &&
	    strncmp(msg + sizeof head - 1, text, n) == 0 &&
	    msg[sizeof head - 1 + n] == '\n')
		return true;
	printf("    message:\n%s\n    wanted first: %s%s\n", msg, head, text);
	return false;
}

/* The probed function: ten arguments, the last two on the stack. It
 * keeps what the tests cannot know beforehand: its return address. */
struct kpe_obj {
	uint32_t u32;
	int8_t s8;
	const char *name;
	struct kpe_obj *next;
};
static unsigned long kpe_ra;

__attribute__((noipa)) long
kpe_target(long a1, long a2, const char *a3, struct kpe_obj *a4, void *a5,
	   long a6, long a7, long a8, long s0, long s1)
{
	kpe_ra = (unsigned long)__builtin_return_address(0);
	return a1 + a2 + s1;
}

__attribute__((noipa)) long
kpe_other(long a)
{
	return a * 3;
}

/* One of two functions called kpe_twin (kprobe_errors_test.c's is the
 * other): a name kprobe_events refuses. */
__attribute__((noipa)) static long
kpe_twin(long a)
{
	return a - 5;
}

/* outer, then inner: inner's -24 (the struct's size) is outer. */
static struct kpe_obj kpe_objs[2] = {
	{ 0xdeadbeef, -128, "outer", &kpe_objs[1] },
	{ 7, -3, "inner", NULL },
};
static uint32_t kpe_word = 0x12345678;

/* The one record in the ring (cleared first, then call); checks it came
 * from this hart and equals want. */
static bool
one_record(const char *want)
{
	struct collected *c = trace_collect();

	eb_trace_clear();
	if (!KEXPECT_EQ(c->n, 1))
		return false;
	KEXPECT_EQ(c->hart[0], cpuid());
	if (strcmp(c->text[0], want) != 0) {
		printf("    record: %s\n    wanted: %s\n", c->text[0], want);
		return ktest_fail(__FILE__, __LINE__, "the record as wanted");
	}
	return true;
}

/* One call site: its return address is kpe_ra after any call. */
static noinline void
call_target(void)
{
	kpe_target(-1, 0x1ff, "hello", &kpe_objs[0], NULL, 6, 7, -8, 90, 91);
}

/* Define the p event called name on kpe_target by line, call
 * call_target, check the one record is `name: (kpe_target+0x0/0xSIZE)`
 * and then args, remove the event. */
static void
expect_args(const char *name, const char *line, const char *args)
{
	char want[EB_TRACE_TEXT_MAX], at[64], remove[40];

	if (!KEXPECT_EQ(define(line), 0))
		return;
	eb_trace_clear();
	call_target();
	trace_sym(at, sizeof at, (unsigned long)kpe_target);
	eb_snprintf(want, sizeof want, "%s: (%s)%s", name, at, args);
	one_record(want);
	eb_snprintf(remove, sizeof remove, "-:%s", name);
	KEXPECT_EQ(define(remove), 0);
}

KTEST(kprobe_events, define_count_remove)
{
	eb_kprobe_slots_free();	/* the slot pool's first use allocates */
	size_t heap = kmalloc_live_bytes();

	KEXPECT_EQ(define("p:kc kallsyms_count"), 0);
	kallsyms_count();
	kallsyms_count();
	KEXPECT_EQ(eb_kprobe_events_hits("kc"), 2);
	KEXPECT_EQ(define("p kallsyms_count+0"), 0);	/* p_kallsyms_count_0 */
	kallsyms_count();
	KEXPECT_EQ(eb_kprobe_events_hits("kc"), 3);
	KEXPECT_EQ(eb_kprobe_events_hits("p_kallsyms_count_0"), 1);
	KEXPECT_EQ(define("-:kc"), 0);
	KEXPECT_EQ(define("-:p_kallsyms_count_0"), 0);
	kallsyms_count();
	KEXPECT_EQ(eb_kprobe_events_hits("kc"), -1);
	KEXPECT_EQ(kmalloc_live_bytes(), heap);
	eb_trace_clear();
}

KTEST(kprobe_events, return_probes)
{
	eb_kprobe_slots_free();
	size_t heap = kmalloc_live_bytes();

	KEXPECT_EQ(define("r:kr kallsyms_count"), 0);
	KEXPECT_EQ(define("r4 kallsyms_count"), 0);	/* r_kallsyms_count_0 */
	KEXPECT_EQ(kallsyms_count(), kallsyms_count());
	KEXPECT_EQ(eb_kprobe_events_hits("kr"), 2);
	KEXPECT_EQ(eb_kprobe_events_hits("r_kallsyms_count_0"), 2);
	KEXPECT_EQ(define("-:kr"), 0);
	KEXPECT_EQ(define("-:r_kallsyms_count_0"), 0);
	KEXPECT_EQ(kmalloc_live_bytes(), heap);
	eb_trace_clear();
}

/* kpe_disables_kr's body: disables the r event kr it is probed by. */
static noinline int
kpe_disables_kr(void)
{
	return eb_kprobe_events_enable("kr", false);
}

/* An r event disabled during a call it entered: the return is counted
 * (as Linux's nhit), not recorded; nothing after it either. */
KTEST(kprobe_events, return_after_disable_is_not_recorded)
{
	eb_trace_clear();
	if (!KEXPECT_EQ(define("r:kr kpe_disables_kr"), 0))
		return;
	KEXPECT_EQ(kpe_disables_kr(), 0);
	KEXPECT_EQ(kpe_disables_kr(), 0);
	KEXPECT_EQ(eb_kprobe_events_hits("kr"), 1);
	KEXPECT_EQ(trace_collect()->n, 0);
	KEXPECT_EQ(define("-:kr"), 0);
	eb_trace_clear();
}

/* Linux's GRP/EVENT names (the group defaults to kprobes; the API takes
 * them too) and its p SYMBOL%return for a return probe. */
KTEST(kprobe_events, groups_and_percent_return)
{
	eb_kprobe_slots_free();
	size_t heap = kmalloc_live_bytes();

	KEXPECT_EQ(define("p:mine/kc kallsyms_count"), 0);
	KEXPECT_EQ(define("p:kprobes/kd kallsyms_count"), 0);
	KEXPECT_EQ(define("p:kr kallsyms_count%return"), 0);
	kallsyms_count();
	KEXPECT_EQ(eb_kprobe_events_hits("kc"), 1);
	KEXPECT_EQ(eb_kprobe_events_hits("kr"), 1);
	/* the API takes Linux's GRP/EVENT too */
	KEXPECT_EQ(eb_kprobe_events_hits("mine/kc"), 1);
	KEXPECT_EQ(eb_kprobe_events_hits("kprobes/kc"), -1);
	KEXPECT_EQ(eb_kprobe_events_hits("min/kc"), -1);
	KEXPECT_EQ(eb_kprobe_events_enable("mine/kc", false), 0);
	KEXPECT_EQ(eb_kprobe_events_enable("kprobes/kc", true), -2);
	KEXPECT(eb_kprobe_events_control("kprobes/kd") != NULL);
	/* and set_event's GRP:EVENT, the same event */
	KEXPECT(eb_kprobe_events_control("kprobes:kd") ==
		eb_kprobe_events_control("kd"));
	KEXPECT_EQ(eb_kprobe_events_hits("mine:kc"), 1);
	KEXPECT_EQ(eb_kprobe_events_hits("kprobes:kc"), -1);
	kallsyms_count();
	KEXPECT_EQ(eb_kprobe_events_hits("kc"), 1);	/* disabled */
	KEXPECT_EQ(eb_kprobe_events_hits("kprobes/kd"), 2);
	KEXPECT_EQ(define("-:kprobes/kc"), -2);		/* kc is in mine */
	KEXPECT(first_line_is("No such event"));
	KEXPECT_EQ(define("-:mine/kc"), 0);
	KEXPECT_EQ(define("-:kd"), 0);
	KEXPECT_EQ(define("-:kprobes/kr"), 0);
	KEXPECT_EQ(define("r:kq kallsyms_count+1%return"), -22);
	KEXPECT_EQ(define("p:a/b/c kallsyms_count"), -22);
	KEXPECT_EQ(define("p:9lives kallsyms_count"), -22);
	KEXPECT_EQ(define("p:/x kallsyms_count"), -22);
	KEXPECT(first_line_is("Group name is not specified"));
	KEXPECT_EQ(kmalloc_live_bytes(), heap);
	eb_trace_clear();
}

/* p:at 0xADDR on fn: a call of it is its one hit and record. */
static void
probe_by_address(long (*fn)(long))
{
	char line[48], want[128], at[64];

	eb_snprintf(line, sizeof line, "p:at 0x%lx", (unsigned long)fn);
	KEXPECT_EQ(define(line), 0);
	eb_trace_clear();
	fn(1);
	KEXPECT_EQ(eb_kprobe_events_hits("at"), 1);
	trace_sym(at, sizeof at, (unsigned long)fn);
	eb_snprintf(want, sizeof want, "at: (%s)", at);
	one_record(want);
	KEXPECT_EQ(define("-:at"), 0);
}

/* By address; so is a function whose name another shares (kpe_twin:
 * kprobe_errors_test.c has the other, and checks the name refused). */
KTEST(kprobe_events, by_address)
{
	probe_by_address(kpe_other);
	probe_by_address(kpe_twin);
}

KTEST(kprobe_events, registers_and_types)
{
	expect_args("regs", "p:regs kpe_target %a0 b=%a1:u8 c=%a1:s8 d=%a1:x16 "
		    "e=%a0:u32 f=%a0:s64 g=%a1:x8 h=$arg8:s16",
		    " arg1=0xffffffffffffffff b=255 c=-1 d=0x1ff e=4294967295 "
		    "f=-1 g=0xff h=-8");
}

KTEST(kprobe_events, variables_and_symbols)
{
	char want[EB_TRACE_TEXT_MAX], at[64], ra[64];

	call_target();		/* kpe_ra: the call site's return address */
	trace_sym(at, sizeof at, (unsigned long)kpe_target);
	trace_sym(ra, sizeof ra, kpe_ra);
	/* The ninth and tenth arguments are on the stack: $stack0 and
	 * $stack1, and 8 bytes above $stack. */
	eb_snprintf(want, sizeof want, " a=-1 s0=0x5a s1=91 up=91 ra=%s pc=%s",
		    ra, at);
	expect_args("vars", "p:vars kpe_target a=$arg1:s32 s0=$stack0 "
		    "s1=$stack1:u64 up=+8($stack):u64 ra=%ra:symbol pc=%pc:symbol",
		    want);
}

/* Past a patchable entry the probe traps: every register is the
 * function's, s1-s11 its caller's (cu_call_checked's), which it keeps. */
KTEST(kprobe_events, callee_saved_registers_past_the_entry)
{
	char want[EB_TRACE_TEXT_MAX], at[64];
	unsigned long r;

	if (!KEXPECT_EQ(define("p:cs kpe_other+8 %s1 b=%s11:x64"), 0))
		return;
	eb_trace_clear();
	KEXPECT_EQ(cu_call_checked((unsigned long (*)(unsigned long))kpe_other,
				   2, &r), 0);
	KEXPECT_EQ(r, 6);
	trace_sym(at, sizeof at, (unsigned long)kpe_other + 8);
	eb_snprintf(want, sizeof want, "cs: (%s) arg1=0x%lx b=0x%lx", at,
		    CU_PAT(9), CU_PAT(27));
	one_record(want);
	KEXPECT_EQ(define("-:cs"), 0);
}

/* Nested reads, @ADDR and @SYM; a user read (+u) of kernel memory
 * faults, as in Linux (kprobe-shell reads a process's memory with it). */
KTEST(kprobe_events, memory)
{
	char line[256], want[EB_TRACE_TEXT_MAX];
	uint32_t insn;

	memcpy(&insn, (char *)kpe_other + 4, 4);
	eb_snprintf(line, sizeof line, "p:mem kpe_target s=+0(%%a2):string "
		    "n=+0(%%a3):u32 m=+4($arg4):s8 nn=+0(+8(+16(%%a3))):string "
		    "w=@0x%lx:x32 i=@kpe_other+4:x32 neg=-24(+16(%%a3)):x32 "
		    "u=+u0(%%a3):x16", (unsigned long)&kpe_word);
	eb_snprintf(want, sizeof want, " s=\"hello\" n=3735928559 m=-128 "
		    "nn=\"inner\" w=0x12345678 i=0x%x neg=0xdeadbeef u=(fault)",
		    insn);
	expect_args("mem", line, want);
}

KTEST(kprobe_events, faults_print_the_marker)
{
	/* a5 is NULL; "hello" read as a pointer is no address */
	expect_args("bad", "p:bad kpe_target z=+0(%a4):u64 zs=+0(%a4):string "
		    "far=+8(+0(%a2)):x8 ok=%a1:u16",
		    " z=(fault) zs=(fault) far=(fault) ok=511");
}

/* Define the r event called name on kpe_target by line, call
 * call_target, check the one record is `name: (CALLER <- kpe_target)`
 * and then args, remove the event. */
static void
expect_return_args(const char *name, const char *line, const char *args)
{
	char want[EB_TRACE_TEXT_MAX], ra[64], remove[40];

	call_target();		/* untraced: kpe_ra is the real return address */
	trace_sym(ra, sizeof ra, kpe_ra);
	if (!KEXPECT_EQ(define(line), 0))
		return;
	eb_trace_clear();
	call_target();
	eb_snprintf(want, sizeof want, "%s: (%s <- kpe_target)%s", name, ra,
		    args);
	one_record(want);
	eb_snprintf(remove, sizeof remove, "-:%s", name);
	KEXPECT_EQ(define(remove), 0);
}

KTEST(kprobe_events, retval)
{
	expect_return_args("ret", "r:ret kpe_target rv=$retval:s64 x=$retval",
			   " rv=601 x=601");
	/* $argN at a return: the arguments as they were at the entry (the
	 * function has overwritten a0 with its value by then). */
	expect_return_args("ra", "r:ra kpe_target a=$arg1:s64 b=$arg2:x16 "
			   "s=+0($arg3):string rv=$retval:s64",
			   " a=-1 b=0x1ff s=\"hello\" rv=601");
}

/* Refusals past the parser, by registration, leave nothing behind
 * (kprobe_errors_test.c checks the parser's, as Linux logs them). */
KTEST(kprobe_events, refusals_leave_nothing)
{
	eb_kprobe_slots_free();	/* the slot pool's first use allocates */
	size_t heap = kmalloc_live_bytes(), slots = eb_kprobe_slots_free();

	KEXPECT_EQ(define("p:x kallsyms_count+1"), -84);	/* mid-instruction */
	KEXPECT(first_line_is("Probe point is not an instruction boundary"));
	KEXPECT_EQ(define("r:x kallsyms_count+2"), -22);	/* not the entry */
	KEXPECT(first_line_is("Retprobe address must be an function entry"));
	KEXPECT_EQ(eb_kprobe_events_hits("x"), -1);
	KEXPECT_EQ(kmalloc_live_bytes(), heap);
	KEXPECT_EQ(eb_kprobe_slots_free(), slots);
}

#define CALLS_PER_HART 40

static void
call_n_times(void *arg)
{
	for (long i = 0; i < CALLS_PER_HART; i++)
		kpe_target(cpuid(), i, "smp", &kpe_objs[1], NULL, 0, 0, 0, 0, 0);
}

/* Whether text is hart's call number i, for some i, whole. */
static bool
smp_record(const char *text, const char *at, unsigned hart, unsigned *seen)
{
	char want[EB_TRACE_TEXT_MAX];

	for (unsigned i = 0; i < CALLS_PER_HART; i++) {
		eb_snprintf(want, sizeof want, "smp: (%s) h=%u i=%u s=\"smp\"",
			    at, hart, i);
		if (strcmp(text, want) == 0) {
			(*seen)++;
			return true;
		}
	}
	return false;
}

KTEST(kprobe_events, every_hart_at_once)
{
	unsigned seen[NCPU] = { 0 }, bad = 0;
	char at[64];

	KEXPECT_EQ(define("p:smp kpe_target h=%a0:u32 i=$arg2:u8 "
			  "s=+0(%a2):string"), 0);
	eb_trace_clear();
	ktest_on_every_hart(call_n_times, NULL);
	struct collected *c = trace_collect();
	trace_sym(at, sizeof at, (unsigned long)kpe_target);
	for (unsigned r = 0; r < c->n; r++)
		bad += c->hart[r] >= ncpu ||
		       !smp_record(c->text[r], at, c->hart[r], &seen[c->hart[r]]);
	KEXPECT_EQ(bad, 0);
	KEXPECT_EQ(c->bad, 0);
	KEXPECT(!c->unsorted);
	KEXPECT_EQ(c->n, ncpu * CALLS_PER_HART);
	for (unsigned i = 0; i < ncpu; i++)
		KEXPECT_EQ(seen[i], CALLS_PER_HART);
	KEXPECT_EQ(eb_kprobe_events_hits("smp"), ncpu * CALLS_PER_HART);
	KEXPECT_EQ(define("-:smp"), 0);
	eb_trace_clear();
}

/* A write that begins while another is in progress on the same hart (a
 * probe on code the first writer runs) is dropped and counted, not
 * interleaved: here the first writer calls the probed function while it
 * holds its record. The functions a return event's handler calls (the
 * symbol lookup) are never-probed, so an event cannot nest in itself. */
KTEST(kprobe_events, nested_write_is_dropped)
{
	char want[96];
	unsigned long flags;
	unsigned dropped = 0;

	KEXPECT_EQ(define("p:inner kpe_target"), 0);
	KEXPECT_EQ(define("p:lookup kallsyms_lookup"), -22);
	eb_trace_clear();
	char *text = eb_trace_reserve(&flags);
	if (KEXPECT(text != NULL)) {
		call_target();
		memcpy(text, "outer", 6);
		eb_trace_commit(flags);
	}
	KEXPECT_EQ(eb_kprobe_events_hits("inner"), 1);
	KEXPECT_EQ(define("-:inner"), 0);
	struct collected *c = trace_collect();
	eb_snprintf(want, sizeof want, "# hart %u: 1 dropped (written while "
		    "another write was in progress)", cpuid());
	for (unsigned i = 0; i < c->nheader; i++)
		dropped += strcmp(c->header[i], want) == 0;
	KEXPECT_EQ(dropped, 1);
	KEXPECT_EQ(c->n, 1);
	KEXPECT(c->n == 1 && strcmp(c->text[0], "outer") == 0);
	eb_trace_clear();
}

/* Lines Linux refuses (or reads differently) that would otherwise be
 * accepted and then record something else. */
static const char *const linux_refuses[] = {
	/* $stackN is no memory read in Linux: :string needs one */
	"p:e kpe_target s=$stack0:string",
	/* kp->offset is 32 bits: this was a probe at kpe_target+0, and an r
	 * event passed the entry check */
	"r:e kpe_target+4294967296",
	"p:e kpe_target+4294967296",
	/* 2^64 + 1 wrapped to $stack1 */
	"p:e kpe_target $stack18446744073709551617",
	/* Linux: "Argument name is already used" */
	"p:e kpe_target x=%a0 x=%a1",
	"p:e kpe_target arg2=%a0 %a1",
	/* Linux: MAXACTIVE is 1..4096 */
	"r0:e kpe_target",
	"r4294967297:e kpe_target",
	"p5:e kpe_target",
};

KTEST(kprobe_events, refuses_what_linux_refuses)
{
	for (size_t i = 0; i < ARRAY_SIZE(linux_refuses); i++) {
		if (define(linux_refuses[i]) == 0) {
			printf("    accepted: %s\n", linux_refuses[i]);
			ktest_fail(__FILE__, __LINE__, "a refusal");
			define("-:e");
		}
	}
}

/* Linux's RISC-V names the pc %epc (its pt_regs field) and takes $COMM
 * for $comm: both as Linux's kprobe_events reads them. */
KTEST(kprobe_events, linux_riscv_register_and_comm_names)
{
	char want[EB_TRACE_TEXT_MAX], at[64], comm[16];

	eb_port_current(comm, sizeof comm);
	trace_sym(at, sizeof at, (unsigned long)kpe_target);
	eb_snprintf(want, sizeof want, " pc=%s c=\"%s\" d=\"%s\"", at, comm,
		    comm);
	expect_args("ln", "p:ln kpe_target pc=%epc:symbol c=$COMM d=$comm",
		    want);
}

/* A function whose name is longer than an event's. */
__attribute__((noipa)) long
kpe_a_function_whose_name_is_longer_than_an_events(long a)
{
	return a + 2;
}
#define KPE_LONG "kpe_a_function_whose_name_is_longer_than_an_events"

/* The kprobe_events lines listed: the last one and how many. */
static char listed_line[EB_TRACE_TEXT_MAX];
static unsigned listed_n;

static void
list_one(const char *line, void *arg)
{
	(void)arg;
	eb_snprintf(listed_line, sizeof listed_line, "%s", line);
	listed_n++;
}

/* A symbol of any length is probed (it was refused as a bad probe point
 * past 47 characters), and the made-up name that would not fit is
 * refused saying so, not cut to one that two events then share. */
KTEST(kprobe_events, long_symbols_and_the_names_made_of_them)
{
	char want[EB_TRACE_TEXT_MAX], at[96];

	KEXPECT_EQ(define("p:lg " KPE_LONG "+8 a=%a0:u8"), 0);
	eb_trace_clear();
	kpe_a_function_whose_name_is_longer_than_an_events(5);
	trace_sym(at, sizeof at,
	    (unsigned long)kpe_a_function_whose_name_is_longer_than_an_events + 8);
	eb_snprintf(want, sizeof want, "lg: (%s) a=5", at);
	one_record(want);
	listed_n = 0;
	eb_kprobe_events_list(list_one, NULL);
	KEXPECT_EQ(listed_n, 1);
	KEXPECT(strcmp(listed_line, "p:kprobes/lg " KPE_LONG "+8 a=%a0:u8") == 0);
	KEXPECT_EQ(define("-:lg"), 0);
	if (!KEXPECT_EQ(define("p " KPE_LONG), -22))
		define("-:p_kpe_a_function_whose_name_i");
	KEXPECT(first_line_is("Event name is too long"));
	/* ebreak's explanation, on the frame's last line */
	static const char tail[] = "\n  the name made up, p_" KPE_LONG "_0, "
		"is longer than 31 chars: name the event (p:NAME ...)";
	KEXPECT(strlen(msg) > sizeof tail &&
		strcmp(msg + strlen(msg) - (sizeof tail - 1), tail) == 0);
	eb_trace_clear();
}

/* The listing names every arg and spaces them as Linux's kprobe_events
 * file does: ` NAME=FETCHARG[:TYPE]` each, argN for an unnamed one. */
KTEST(kprobe_events, listing_names_every_arg_as_linux)
{
	KEXPECT_EQ(define("p:la kpe_target %a0  n=+0(%a2):string\t$arg2:u8 "), 0);
	listed_n = 0;
	eb_kprobe_events_list(list_one, NULL);
	KEXPECT_EQ(listed_n, 1);
	if (!KEXPECT(strcmp(listed_line, "p:kprobes/la kpe_target arg1=%a0 "
			    "n=+0(%a2):string arg3=$arg2:u8") == 0))
		printf("    listed: '%s'\n", listed_line);
	KEXPECT_EQ(define("-:la"), 0);
}

KTEST(kprobe_events, hex_in_either_case_and_blanks)
{
	/* Linux's kstrtoul takes 0X and A-F; a tab separates words and a
	 * trailing newline (echo's) is ignored, as in Linux */
	expect_args("hx", "p:hx\tkpe_target a=+0X0(%a3):u32 b=%a1:x16\n",
		    " a=3735928559 b=0x1ff");
}

/* Names as Linux makes and matches them. A GCC-suffixed symbol (here by
 * an asm label), as .isra and .constprop copies are. */
__attribute__((noipa)) long kpe_dotted(long a) __asm__("kpe_dotted.isra.0");
long
kpe_dotted(long a)
{
	return a + 1;
}

KTEST(kprobe_events, names_as_linux_makes_and_matches_them)
{
	char line[64];

	eb_kprobe_slots_free();	/* the slot pool's first use allocates */
	size_t heap = kmalloc_live_bytes();

	/* Linux sanitizes a default name into an identifier, so -: can name it */
	KEXPECT_EQ(define("p kpe_dotted.isra.0"), 0);
	if (!KEXPECT_EQ(define("-:p_kpe_dotted_isra_0_0"), 0))
		define("-:p_kpe_dotted.isra.0_0");	/* (refused too) */
	/* -:EVENT with no GRP/ matches the event in any group (Linux) */
	KEXPECT_EQ(define("p:mine/kc kallsyms_count"), 0);
	if (!KEXPECT_EQ(define("-:kc"), 0))
		define("-:mine/kc");
	/* GRP/ alone: the name is made up (Linux 6.0+) */
	KEXPECT_EQ(define("p:mine/ kallsyms_count"), 0);
	KEXPECT_EQ(define("-:mine/p_kallsyms_count_0"), 0);
	/* r SYMBOL%return is a return probe in Linux too */
	KEXPECT_EQ(define("r:kq kallsyms_count%return"), 0);
	KEXPECT_EQ(define("-:kq"), 0);
	/* %return is for a SYMBOL: Linux refuses 0xADDR%return */
	eb_snprintf(line, sizeof line, "p:ar 0x%lx%%return",
		    (unsigned long)kpe_other);
	if (!KEXPECT_EQ(define(line), -22))
		define("-:ar");
	KEXPECT_EQ(kmalloc_live_bytes(), heap);
	eb_trace_clear();
}
