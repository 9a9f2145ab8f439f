/*
 * kprobes in the running kernel: every simulated form and a sample of
 * stepped ones under a probe, handler order and arguments, aggregation,
 * pc change, recursion, enable/disable, symbol+offset, every registration
 * error, faults in handlers and in stepped instructions, and a stress run
 * of registration against probed calls on the other harts.
 */
#include "ktest.h"
#include "probe_workers.h"
#include "riscv.h"
#include "trace/tracepoint.h"
#include "sim_forms.h"
#include <ebreak/fmt.h>
#include <ebreak/kprobes.h>
#include "core/kprobes_internal.h"
#include <ebreak/ptregs.h>

#define STEP_FUNCS(X)							\
	X(add) X(lui) X(mul) X(ld_sp) X(sd) X(amoadd) X(fence) X(fadd)	\
	X(c_addi) X(c_mv) X(c_ldsp)
#define DECLARE(name)							\
	unsigned long kp_##name(unsigned long, unsigned long, unsigned long *); \
	extern char kp_##name##_site[];
STEP_FUNCS(DECLARE)
DECLARE(load)
DECLARE(csr)
DECLARE(nops)
DECLARE(writes_gp)
extern char kp_writes_tp_site[];
DECLARE(lrsc)
extern char kp_lrsc_after_site[];
unsigned long kp_forty_two(void);

/* What handlers saw, in order: 'P' pre, 'Q' post, per probe index. */
static char trace[64];
static unsigned ntrace;
static unsigned long pre_epc, post_epc, pre_a1;

static void
record(char c)
{
	if (ntrace + 1 < sizeof trace)
		trace[ntrace++] = c;
	trace[ntrace] = 0;
}

static void
reset_trace(void)
{
	ntrace = 0;
	trace[0] = 0;
}

static int
pre_record(struct kprobe *p, struct pt_regs *regs)
{
	record('P');
	pre_epc = regs->epc;
	pre_a1 = regs->a1;
	return 0;
}

static void
post_record(struct kprobe *p, struct pt_regs *regs, unsigned long flags)
{
	record('Q');
	post_epc = regs->epc;
}

/* Leak check around a test: slots and heap come back. */
#define NO_LEAKS_BEGIN							\
	size_t slots_before_ = eb_kprobe_slots_free(),			\
	       heap_before_ = kmalloc_live_bytes()
#define NO_LEAKS_END do {						\
	KEXPECT_EQ(eb_kprobe_slots_free(), slots_before_);		\
	KEXPECT_EQ(kmalloc_live_bytes(), heap_before_);			\
} while (0)

KTEST(kprobe, every_simulated_form)
{
	NO_LEAKS_BEGIN;
	for (unsigned i = 0; i < sim_nforms; i++) {
		const struct sim_form *f = &sim_forms[i];
		struct kprobe kp = { .addr = (kprobe_opcode_t *)f->site,
				     .pre_handler = pre_record,
				     .post_handler = post_record };
		if (!KEXPECT_EQ(register_kprobe(&kp), 0))
			continue;
		reset_trace();
		unsigned long got = f->fn();
		unregister_kprobe(&kp);
		if (!KEXPECT_EQ(got, sim_form_result(f)) |
		    !KEXPECT(strcmp(trace, "PQ") == 0) |
		    !KEXPECT_EQ(pre_epc, (unsigned long)f->site))
			printf("    form %s\n", f->name);
		KEXPECT_EQ(f->fn(), sim_form_result(f));	/* disarmed */
	}
	NO_LEAKS_END;
}

static const struct step_case {
	const char *name;
	unsigned long (*fn)(unsigned long, unsigned long, unsigned long *);
	char *site;
} step_cases[] = {
#define STEP_CASE(name) { #name, kp_##name, kp_##name##_site },
	STEP_FUNCS(STEP_CASE)
};

KTEST(kprobe, stepped_sample_matches_unprobed)
{
	NO_LEAKS_BEGIN;
	for (unsigned i = 0; i < ARRAY_SIZE(step_cases); i++) {
		const struct step_case *c = &step_cases[i];
		unsigned long cell = 1000, want, got;
		want = c->fn(7, 35, &cell);
		unsigned long cell_want = cell;
		cell = 1000;
		struct kprobe kp = { .addr = (kprobe_opcode_t *)c->site,
				     .pre_handler = pre_record,
				     .post_handler = post_record };
		if (!KEXPECT_EQ(register_kprobe(&kp), 0))
			continue;
		reset_trace();
		got = c->fn(7, 35, &cell);
		unregister_kprobe(&kp);
		unsigned len = (*(uint16_t *)c->site & 3) == 3 ? 4 : 2;
		if (!KEXPECT_EQ(got, want) | !KEXPECT_EQ(cell, cell_want) |
		    !KEXPECT(strcmp(trace, "PQ") == 0) |
		    !KEXPECT_EQ(pre_a1, 35) |
		    !KEXPECT_EQ(post_epc, (unsigned long)c->site + len))
			printf("    stepped %s\n", c->name);
	}
	NO_LEAKS_END;
}

/* Aggregation: three probes on one address run in registration order. */
static int
pre_a(struct kprobe *p, struct pt_regs *regs) { record('a'); return 0; }
static int
pre_b(struct kprobe *p, struct pt_regs *regs) { record('b'); return 0; }
static int
pre_c(struct kprobe *p, struct pt_regs *regs) { record('c'); return 0; }
static void
post_x(struct kprobe *p, struct pt_regs *regs, unsigned long f) { record('x'); }

KTEST(kprobe, aggregation_in_order_and_partial_removal)
{
	NO_LEAKS_BEGIN;
	struct kprobe a = { .addr = (kprobe_opcode_t *)kp_add_site, .pre_handler = pre_a };
	struct kprobe b = { .addr = (kprobe_opcode_t *)kp_add_site, .pre_handler = pre_b,
			    .post_handler = post_x };
	struct kprobe c = { .symbol_name = "kp_add", .pre_handler = pre_c };
	unsigned long cell = 0;

	KEXPECT_EQ(register_kprobe(&a), 0);
	KEXPECT_EQ(register_kprobe(&b), 0);
	KEXPECT_EQ(register_kprobe(&c), 0);
	reset_trace();
	KEXPECT_EQ(kp_add(1, 2, &cell), 3);
	KEXPECT(strcmp(trace, "abcx") == 0);
	unregister_kprobe(&b);
	reset_trace();
	KEXPECT_EQ(kp_add(1, 2, &cell), 3);
	KEXPECT(strcmp(trace, "ac") == 0);
	unregister_kprobe(&a);
	reset_trace();
	KEXPECT_EQ(kp_add(1, 2, &cell), 3);
	KEXPECT(strcmp(trace, "c") == 0);
	unregister_kprobe(&c);
	reset_trace();
	KEXPECT_EQ(kp_add(1, 2, &cell), 3);
	KEXPECT(strcmp(trace, "") == 0);
	KEXPECT_EQ(*(uint32_t *)kp_add_site, 0x00b50533);	/* add a0,a0,a1 */
	NO_LEAKS_END;
}

/* A pre handler that moves the pc: no step, no post, later pre handlers
 * skipped. */
static int
pre_redirect(struct kprobe *p, struct pt_regs *regs)
{
	record('R');
	regs->epc = (unsigned long)kp_forty_two;
	return 1;
}

KTEST(kprobe, pc_change_skips_step_and_post)
{
	NO_LEAKS_BEGIN;
	struct kprobe r = { .addr = (kprobe_opcode_t *)kp_mul_site,
			    .pre_handler = pre_redirect, .post_handler = post_x };
	struct kprobe later = { .addr = (kprobe_opcode_t *)kp_mul_site,
				.pre_handler = pre_a };
	unsigned long cell = 0;

	KEXPECT_EQ(register_kprobe(&r), 0);
	KEXPECT_EQ(register_kprobe(&later), 0);
	reset_trace();
	KEXPECT_EQ(kp_mul(6, 7, &cell), 42);
	KEXPECT_EQ(kp_mul(3, 3, &cell), 42);	/* the redirect, not 9 */
	KEXPECT(strcmp(trace, "RR") == 0);
	unregister_kprobe(&later);
	unregister_kprobe(&r);
	KEXPECT_EQ(kp_mul(3, 3, &cell), 9);
	NO_LEAKS_END;
}

/* Recursion: a handler calling a probed function. */
static struct kprobe inner = { .addr = (kprobe_opcode_t *)kp_lui_site,
			       .pre_handler = pre_b };
static unsigned long inner_result;

static int
pre_calls_probed(struct kprobe *p, struct pt_regs *regs)
{
	unsigned long cell = 0;

	record('a');
	inner_result = kp_lui(0, 0, &cell);	/* hits `inner`: missed */
	inner_result += kp_c_addi(1, 0, &cell);	/* hits itself if probed */
	return 0;
}

KTEST(kprobe, recursion_counts_missed_and_runs_the_instruction)
{
	NO_LEAKS_BEGIN;
	struct kprobe outer = { .addr = (kprobe_opcode_t *)kp_add_site,
				.pre_handler = pre_calls_probed };
	struct kprobe self = { .addr = (kprobe_opcode_t *)kp_c_addi_site,
			       .pre_handler = pre_calls_probed };
	unsigned long cell = 0;

	inner.nmissed = 0;
	KEXPECT_EQ(register_kprobe(&inner), 0);
	KEXPECT_EQ(register_kprobe(&outer), 0);
	reset_trace();
	KEXPECT_EQ(kp_add(2, 3, &cell), 5);
	KEXPECT(strcmp(trace, "a") == 0);	/* inner's handler did not run */
	KEXPECT_EQ(inner.nmissed, 1);
	KEXPECT_EQ(inner_result, 0x12345000UL + 6);
	KEXPECT_EQ(outer.nmissed, 0);
	/* A probe whose handler calls its own probed function. */
	KEXPECT_EQ(register_kprobe(&self), 0);
	reset_trace();
	KEXPECT_EQ(kp_c_addi(10, 0, &cell), 15);
	KEXPECT_EQ(self.nmissed, 1);
	KEXPECT_EQ(inner.nmissed, 2);
	unregister_kprobe(&self);
	unregister_kprobe(&outer);
	unregister_kprobe(&inner);
	NO_LEAKS_END;
}

KTEST(kprobe, enable_disable)
{
	struct kprobe a = { .addr = (kprobe_opcode_t *)kp_add_site, .pre_handler = pre_a,
			    .flags = KPROBE_FLAG_DISABLED };
	unsigned long cell = 0;
	uint32_t original = *(uint32_t *)kp_add_site;

	KEXPECT_EQ(register_kprobe(&a), 0);
	reset_trace();
	kp_add(1, 1, &cell);
	KEXPECT(strcmp(trace, "") == 0);
	KEXPECT_EQ(*(uint32_t *)kp_add_site, original);	/* not armed */
	KEXPECT_EQ(enable_kprobe(&a), 0);
	kp_add(1, 1, &cell);
	KEXPECT(strcmp(trace, "a") == 0);
	KEXPECT_EQ(disable_kprobe(&a), 0);
	kp_add(1, 1, &cell);
	KEXPECT(strcmp(trace, "a") == 0);
	KEXPECT_EQ(*(uint32_t *)kp_add_site, original);
	KEXPECT_EQ(enable_kprobe(&a), 0);
	kp_add(1, 1, &cell);
	KEXPECT(strcmp(trace, "aa") == 0);
	unregister_kprobe(&a);
	KEXPECT_EQ(enable_kprobe(&a), -22);	/* not registered */
}

/* A probe that counts its own hits. */
struct counted {
	struct kprobe kp;
	unsigned long hits;
};

static int
pre_count_own(struct kprobe *p, struct pt_regs *regs)
{
	((struct counted *)p)->hits++;	/* kp is first */
	return 0;
}

/* kp_ld_sp from a handler: a hit nested in a hit, missed. */
static int
pre_calls_ld_sp(struct kprobe *p, struct pt_regs *regs)
{
	unsigned long cell = 0;

	kp_ld_sp(5, 0, &cell);
	return 0;
}

/*
 * The shell's `kprobe p:ka kmalloc`, `kprobe p:kf kfree`, both disabled,
 * `bpf attach` on kmalloc, `kprobe enable ka`, then kf enabled and
 * disabled (a stop_machine each) between calls: on every hit both of the
 * site's enabled handlers run, a disabled third one never; a hit nested
 * in kf's handler is missed for each enabled probe of the site (Linux).
 */
KTEST(kprobe, every_enabled_handler_on_a_site_runs_on_every_hit)
{
	NO_LEAKS_BEGIN;
	kprobe_opcode_t *site = (kprobe_opcode_t *)kp_ld_sp_site;
	struct counted ka = { .kp = { .addr = site, .pre_handler = pre_count_own } };
	struct counted prog = { .kp = { .addr = site, .pre_handler = pre_count_own } };
	struct counted off = { .kp = { .addr = site, .pre_handler = pre_count_own,
				       .flags = KPROBE_FLAG_DISABLED } };
	struct kprobe kf = { .addr = (kprobe_opcode_t *)kp_add_site,
			     .pre_handler = pre_calls_ld_sp };
	unsigned long cell = 0;

	KEXPECT_EQ(register_kprobe(&ka.kp), 0);
	KEXPECT_EQ(register_kprobe(&kf), 0);
	KEXPECT_EQ(disable_kprobe(&ka.kp), 0);
	KEXPECT_EQ(disable_kprobe(&kf), 0);
	KEXPECT_EQ(register_kprobe(&prog.kp), 0);
	KEXPECT_EQ(register_kprobe(&off.kp), 0);
	KEXPECT_EQ(enable_kprobe(&ka.kp), 0);
	for (int i = 0; i < 4; i++) {
		KEXPECT_EQ(kp_ld_sp(i, 0, &cell), (unsigned long)i);
		KEXPECT_EQ(enable_kprobe(&kf), 0);
		KEXPECT_EQ(kp_ld_sp(i, 0, &cell), (unsigned long)i);
		KEXPECT_EQ(disable_kprobe(&kf), 0);
	}
	KEXPECT_EQ(ka.hits, 8);
	KEXPECT_EQ(prog.hits, 8);
	KEXPECT_EQ(off.hits, 0);
	KEXPECT_EQ(enable_kprobe(&kf), 0);
	KEXPECT_EQ(kp_add(1, 2, &cell), 3);
	KEXPECT_EQ(ka.hits + prog.hits + off.hits, 16);	/* no handler ran */
	KEXPECT_EQ(ka.kp.nmissed, 1);
	KEXPECT_EQ(prog.kp.nmissed, 1);
	KEXPECT_EQ(off.kp.nmissed, 0);
	KEXPECT_EQ(kf.nmissed, 0);
	KEXPECT_EQ(disable_kprobe(&ka.kp), 0);
	KEXPECT_EQ(kp_ld_sp(7, 0, &cell), 7);
	KEXPECT_EQ(ka.hits, 8);
	KEXPECT_EQ(prog.hits, 9);
	unregister_kprobes((struct kprobe *[]){ &kf, &off.kp, &prog.kp, &ka.kp }, 4);
	NO_LEAKS_END;
}

/* Register p, which names kp_ld_sp_site some way, check it probes
 * there, then unregister it. */
static void
probes_ld_sp_site(struct kprobe *p)
{
	unsigned long cell = 0;

	KEXPECT_EQ(register_kprobe(p), 0);
	KEXPECT_EQ((unsigned long)p->addr, (unsigned long)kp_ld_sp_site);
	reset_trace();
	KEXPECT_EQ(kp_ld_sp(77, 0, &cell), 77);
	KEXPECT(strcmp(trace, "P") == 0);
	KEXPECT_EQ(pre_epc, (unsigned long)kp_ld_sp_site);
	unregister_kprobe(p);
}

KTEST(kprobe, symbol_plus_offset)
{
	struct kprobe p = { .symbol_name = "kp_ld_sp", .offset = 12,
			    .pre_handler = pre_record };

	probes_ld_sp_site(&p);
	/* The struct comes back as given: it registers again. */
	KEXPECT(p.addr == NULL && p.site == NULL);
	KEXPECT_EQ(register_kprobe(&p), 0);
	unregister_kprobe(&p);
	/* So does one whose batch failed. */
	struct kprobe bad = { .symbol_name = "no_such_function" };
	KEXPECT_EQ(register_kprobes((struct kprobe *[]){ &p, &bad }, 2), -2);
	KEXPECT(p.addr == NULL && p.site == NULL);
	KEXPECT_EQ(register_kprobe(&p), 0);
	/* A probe listed twice in an unregister batch is unregistered once. */
	unregister_kprobes((struct kprobe *[]){ &p, &p }, 2);
	KEXPECT(p.site == NULL);
}

/* As Linux's _kprobe_addr: offset counts from addr too, not only from
 * symbol_name. Unregistered, the struct is as given again. */
KTEST(kprobe, address_plus_offset)
{
	struct kprobe p = { .addr = (kprobe_opcode_t *)kp_ld_sp, .offset = 12,
			    .pre_handler = pre_record };

	probes_ld_sp_site(&p);
	KEXPECT(p.addr == (kprobe_opcode_t *)kp_ld_sp && p.site == NULL);
	probes_ld_sp_site(&p);
	/* and a kretprobe's kprobe there is not at the entry */
	struct kretprobe rp = { .kp = { .addr = (kprobe_opcode_t *)kp_ld_sp,
					.offset = 12 } };
	int err = register_kretprobe(&rp);
	if (!KEXPECT_EQ(err, -22) && !err)	/* -EINVAL */
		unregister_kretprobe(&rp);
}

/* The listing, one line per probe (Linux's debugfs kprobes/list and
 * ebreak's mode and nmissed), collected in order. */
static char listed[8][160];
static unsigned nlisted;

static void
collect_line(const char *line, void *arg)
{
	if (nlisted < ARRAY_SIZE(listed))
		eb_snprintf(listed[nlisted], sizeof listed[0], "%s", line);
	nlisted++;
}

/* Whether a listed line ends with the text after the address. */
static bool
listed_as(const char *after_address)
{
	for (unsigned i = 0; i < nlisted && i < ARRAY_SIZE(listed); i++)
		if (strcmp(listed[i] + 16, after_address) == 0)
			return true;
	return false;
}

KTEST(kprobe, list_of_registered_probes)
{
	struct kprobe sim = { .symbol_name = "riscv_sim_jal_back",
			      .pre_handler = pre_a };
	struct kprobe step = { .symbol_name = "kp_ld_sp", .offset = 12,
			       .pre_handler = pre_a, .flags = KPROBE_FLAG_DISABLED };
	struct kprobe post = { .addr = (kprobe_opcode_t *)kp_add_site,
			       .post_handler = post_record };
	struct kretprobe rp = { .kp.symbol_name = "kp_forty_two" };
	char want[96];

	memset(listed, 0, sizeof listed);
	nlisted = 0;
	eb_kprobes_list(collect_line, NULL);
	unsigned before = nlisted;
	KEXPECT_EQ(register_kprobes((struct kprobe *[]){ &sim, &step, &post }, 3), 0);
	KEXPECT_EQ(register_kretprobe(&rp), 0);
	nlisted = 0;
	eb_kprobes_list(collect_line, NULL);
	KEXPECT_EQ(nlisted, before + 4);
	KEXPECT(listed_as("  k  riscv_sim_jal_back+0x0 [SIMULATED] nmissed=0"));
	KEXPECT(listed_as("  k  kp_ld_sp+0xc [DISABLED] [BOOSTED] nmissed=0"));
	eb_snprintf(want, sizeof want, "  k  kp_add+0x%lx [STEPPED] nmissed=0",
		    (unsigned long)(kp_add_site - (char *)kp_add));
	KEXPECT(listed_as(want));
	KEXPECT(listed_as("  r  kp_forty_two+0x0 [BOOSTED] nmissed=0"));
	unregister_kretprobe(&rp);
	unregister_kprobes((struct kprobe *[]){ &sim, &step, &post }, 3);
	nlisted = 0;
	eb_kprobes_list(collect_line, NULL);
	KEXPECT_EQ(nlisted, before);
}

/* A breakpoint trap with no probe: ebreak's own ebreak just disarmed
 * (run the instruction again), or someone else's (not ebreak's). */
KTEST(kprobe, breakpoint_without_a_probe)
{
	extern char trap_roundtrip_ebreak[];
	struct pt_regs regs = { .epc = (uintptr_t)kp_add_site };

	KEXPECT(kprobe_breakpoint_handler(&regs));
	KEXPECT_EQ(regs.epc, (uintptr_t)kp_add_site);
	regs.epc = (uintptr_t)trap_roundtrip_ebreak;
	KEXPECT(!kprobe_breakpoint_handler(&regs));
}

/* Each bad registration fails with its errno and changes nothing. */
static void
expect_refused(struct kprobe *p, int err, const char *what)
{
	size_t slots = eb_kprobe_slots_free(), heap = kmalloc_live_bytes();
	struct kprobe_site *site = p->site;

	if (!KEXPECT_EQ(register_kprobe(p), err))
		printf("    case: %s\n", what);
	KEXPECT(p->site == site);
	KEXPECT_EQ(eb_kprobe_slots_free(), slots);
	KEXPECT_EQ(kmalloc_live_bytes(), heap);
}

KTEST(kprobe, registration_errors)
{
	struct kprobe unknown = { .symbol_name = "no_such_function" };
	struct kprobe past_end = { .symbol_name = "kp_add", .offset = 64 };
	struct kprobe mid_insn = { .symbol_name = "kp_add", .offset = 2 };
	struct kprobe refused = { .addr = (kprobe_opcode_t *)kp_csr_site };
	struct kprobe writes_gp = { .addr = (kprobe_opcode_t *)kp_writes_gp_site };
	struct kprobe writes_tp = { .addr = (kprobe_opcode_t *)kp_writes_tp_site };
	struct kprobe trap_path = { .symbol_name = "kernel_trap" };
	struct kprobe own_code = { .symbol_name = "register_kprobe" };
	struct kprobe slot_area = { .addr = (kprobe_opcode_t *)
				    ((uintptr_t)kp_add + 0) };
	struct kprobe both = { .symbol_name = "kp_add",
			       .addr = (kprobe_opcode_t *)kp_add_site };
	struct kprobe no_function = { .addr = (kprobe_opcode_t *)_rodata };
	struct kprobe in_lrsc = { .addr = (kprobe_opcode_t *)kp_lrsc_site };
	struct kprobe past_lrsc = { .addr = (kprobe_opcode_t *)kp_lrsc_after_site };

	expect_refused(&unknown, -2, "unknown symbol");
	expect_refused(&past_end, -22, "offset past the end");
	expect_refused(&mid_insn, -84, "not on an instruction boundary");
	expect_refused(&refused, -22, "refused instruction (csrr)");
	expect_refused(&writes_gp, -22, "simulated auipc writing gp");
	expect_refused(&writes_tp, -22, "simulated jal writing tp");
	expect_refused(&in_lrsc, -22, "between an LR and its SC");
	if (in_lrsc.site)
		unregister_kprobe(&in_lrsc);
	KEXPECT_EQ(register_kprobe(&past_lrsc), 0);	/* the SC ended it */
	unregister_kprobe(&past_lrsc);
	expect_refused(&trap_path, -22, "blacklisted: trap path");
	expect_refused(&own_code, -22, "blacklisted: ebreak's own code");
	/* the C functions the library calls, under a map's lock too */
	static const char *const libc[] = { "memcpy", "memmove", "memset",
		"memcmp", "strlen", "strcmp", "strncmp" };
	for (size_t i = 0; i < ARRAY_SIZE(libc); i++) {
		struct kprobe lib = { .symbol_name = libc[i] };
		expect_refused(&lib, -22, libc[i]);
	}
	expect_refused(&both, -22, "both addr and symbol_name");
	/* an empty batch, as Linux's */
	KEXPECT_EQ(register_kprobes((struct kprobe *[]){ &both }, 0), -22);
	KEXPECT_EQ(register_kretprobes((struct kretprobe *[]){ NULL }, -1), -22);
	expect_refused(&no_function, -22, "not in a function");
	extern const struct tracepoint_site __start_tracepoint_sites[];
	struct kprobe tracepoint_site = {
		.addr = (kprobe_opcode_t *)__start_tracepoint_sites[0].insn };
	expect_refused(&tracepoint_site, -16, "a tracepoint's nop");
	KEXPECT_EQ(register_kprobe(&slot_area), 0);
	expect_refused(&slot_area, -22, "already registered");
	unregister_kprobe(&slot_area);
}

KTEST(kprobe, slot_pool_exhaustion_changes_nothing)
{
	size_t nslots = eb_kprobe_slots_free();
	size_t n = nslots + 1;
	struct kprobe *kps = kzalloc(n * sizeof *kps);
	struct kprobe **list = kmalloc(n * sizeof *list);
	uint32_t first = *(uint32_t *)kp_nops_site;

	if (!KEXPECT(kps && list && n <= 17000))
		return;
	NO_LEAKS_BEGIN;
	for (size_t i = 0; i < n; i++) {
		kps[i].addr = (kprobe_opcode_t *)(kp_nops_site + 4 * i);
		list[i] = &kps[i];
	}
	KEXPECT_EQ(register_kprobes(list, n), -12);
	KEXPECT_EQ(eb_kprobe_slots_free(), nslots);
	KEXPECT_EQ(*(uint32_t *)kp_nops_site, first);
	for (size_t i = 0; i < n; i++)
		KEXPECT(kps[i].site == NULL);
	/* All but one fit. */
	KEXPECT_EQ(register_kprobes(list, n - 1), 0);
	KEXPECT_EQ(eb_kprobe_slots_free(), 0);
	unregister_kprobes(list, n - 1);
	NO_LEAKS_END;
	kfree(list);
	kfree(kps);
}

/* Faults: in handlers (counted missed, the probed code goes on), and in
 * a stepped instruction (the exception table still applies). */
static volatile int *volatile unmapped = (volatile int *)0x10;

static int
pre_faults(struct kprobe *p, struct pt_regs *regs)
{
	record('F');
	return *unmapped;
}

static void
post_faults(struct kprobe *p, struct pt_regs *regs, unsigned long flags)
{
	record('G');
	*unmapped = 1;
}

static int safe_read_result;

static int
pre_safe_read(struct kprobe *p, struct pt_regs *regs)
{
	int v;

	safe_read_result = eb_port_read_nofault(&v, (void *)0x10, sizeof v);
	return 0;
}

KTEST(kprobe, handler_faults_are_missed_hits)
{
	struct kprobe pre = { .addr = (kprobe_opcode_t *)kp_add_site,
			      .pre_handler = pre_faults };
	struct kprobe post = { .addr = (kprobe_opcode_t *)kp_lui_site,
			       .post_handler = post_faults };
	struct kprobe safe = { .addr = (kprobe_opcode_t *)kp_mul_site,
			       .pre_handler = pre_safe_read };
	struct kprobe sim = { .symbol_name = "riscv_sim_jal_back",
			      .offset = 0, .pre_handler = pre_faults };
	unsigned long cell = 0;

	KEXPECT_EQ(register_kprobes((struct kprobe *[]){ &pre, &post, &safe, &sim }, 4), 0);
	reset_trace();
	KEXPECT_EQ(kp_add(20, 22, &cell), 42);
	KEXPECT_EQ(kp_lui(0, 0, &cell), 0x12345000);
	KEXPECT_EQ(sim_forms[4].fn(), 1);	/* jal_back: simulated */
	KEXPECT(strcmp(trace, "FGF") == 0);
	KEXPECT_EQ(pre.nmissed, 1);
	KEXPECT_EQ(post.nmissed, 1);
	KEXPECT_EQ(sim.nmissed, 1);
	KEXPECT_EQ(kp_mul(6, 7, &cell), 42);
	KEXPECT_EQ(safe_read_result, -14);
	KEXPECT_EQ(safe.nmissed, 0);
	unregister_kprobes((struct kprobe *[]){ &pre, &post, &safe, &sim }, 4);
}

/* Both ways out of a slot: boosted (no post handler) and trapping back
 * (a post handler), each with the stepped load faulting. */
KTEST(kprobe, stepped_instruction_fault_uses_the_exception_table)
{
	for (int with_post = 0; with_post < 2; with_post++) {
		struct kprobe p = { .addr = (kprobe_opcode_t *)kp_load_site,
				    .pre_handler = pre_a,
				    .post_handler = with_post ? post_x : 0 };
		unsigned long good = 1234;

		KEXPECT_EQ(register_kprobe(&p), 0);
		reset_trace();
		KEXPECT_EQ(kp_load(0x10, 0, 0), (unsigned long)-1);
		KEXPECT_EQ(kp_load((unsigned long)&good, 0, 0), 1234);
		KEXPECT(strcmp(trace, with_post ? "aax" : "aa") == 0);
		unregister_kprobe(&p);
	}
}

/* Code running with interrupts off takes the plain copy (no csrsi): the
 * probe fires, the result is right, interrupts stay off. */
KTEST(kprobe, stepped_with_interrupts_off)
{
	struct kprobe p = { .addr = (kprobe_opcode_t *)kp_add_site,
			    .pre_handler = pre_a };
	unsigned long cell = 0, got;
	bool still_off;

	KEXPECT_EQ(register_kprobe(&p), 0);
	reset_trace();
	intr_off();
	got = kp_add(40, 2, &cell);
	still_off = !intr_get();
	intr_on();
	unregister_kprobe(&p);
	KEXPECT_EQ(got, 42);
	KEXPECT(still_off);
	KEXPECT(strcmp(trace, "a") == 0);
}

/* An interrupt taken on a boosted slot's jump back resumes past the
 * original instead (white box: the slot layout of arch/riscv/kprobes_arch.h). */
KTEST(kprobe, interrupt_on_the_jump_back_leaves_the_slot)
{
	struct kprobe p = { .addr = (kprobe_opcode_t *)kp_add_site,
			    .pre_handler = pre_a };

	KEXPECT_EQ(register_kprobe(&p), 0);
	uintptr_t boosted = (uintptr_t)p.site->arch.slot + EB_SLOT_BOOSTED;
	struct pt_regs regs = { .epc = boosted + 4 + 4 };	/* the jal */
	kprobe_interrupt_fixup(&regs);
	KEXPECT_EQ(regs.epc, (uintptr_t)kp_add_site + 4);
	regs.epc = boosted;	/* before the copy: interrupts are off there */
	kprobe_interrupt_fixup(&regs);
	KEXPECT_EQ(regs.epc, boosted);
	regs.epc = (uintptr_t)kp_add_site;	/* not in a slot */
	kprobe_interrupt_fixup(&regs);
	KEXPECT_EQ(regs.epc, (uintptr_t)kp_add_site);
	unregister_kprobe(&p);
}

/*
 * Stress: the other harts call two probed functions (one stepped, one
 * simulated) in a loop while this hart registers and unregisters their
 * probes. seq says, per phase (seq % 4): 0 unregistered, 1 registering,
 * 2 registered, 3 unregistering. A call that began and ended in phase 2
 * must be counted exactly once; one that began and ended in phase 0
 * must not be counted.
 */
#define STRESS_ROUNDS 10000
static volatile unsigned long seq;
static volatile bool stress_stop;
static unsigned long stress_hits[NCPU];

static void
post_nothing(struct kprobe *p, struct pt_regs *regs, unsigned long flags)
{
}
static volatile unsigned long stress_bad, stress_checked, stress_armed_checked;
static volatile unsigned stress_in_handler;	/* handlers running now */

static int
pre_count(struct kprobe *p, struct pt_regs *regs)
{
	__atomic_fetch_add(&stress_in_handler, 1, __ATOMIC_ACQ_REL);
	stress_hits[eb_port_cpu_id()]++;
	for (volatile int spin = 0; spin < 20; spin++)
		;	/* a window for unregister to find it running */
	__atomic_fetch_sub(&stress_in_handler, 1, __ATOMIC_ACQ_REL);
	return 0;
}

/* Installed while a probe is unregistered: a hart still running it then
 * would count as wrong. */
static int
pre_poisoned(struct kprobe *p, struct pt_regs *regs)
{
	__atomic_fetch_add(&stress_bad, 1, __ATOMIC_RELAXED);
	return 0;
}

/* Calls in bursts, sleeping in wfi between them: every IPI of a
 * registration wakes the workers, so bursts race with it, and a sleeping
 * hart leaves its host CPU to the one registering (QEMU). */
static void
stress_worker(void *arg)
{
	unsigned me = cpuid();
	unsigned long cell = 0, bad = 0, checked = 0, armed = 0;

	while (!stress_stop) {
		for (int burst = 0; burst < 16; burst++) {
			unsigned long s1 = __atomic_load_n(&seq, __ATOMIC_ACQUIRE);
			unsigned long before = stress_hits[me];
			unsigned long r = (me & 1) ? kp_add(me, 1, &cell)
						   : sim_forms[4].fn();
			unsigned long after = stress_hits[me];
			unsigned long s2 = __atomic_load_n(&seq, __ATOMIC_ACQUIRE);
			if (r != ((me & 1) ? me + 1 : 1))
				bad++;
			if (s1 == s2 && (s1 % 4 == 0 || s1 % 4 == 2)) {
				checked++;
				armed += s1 % 4 == 2;
				if (after - before != (s1 % 4 == 2))
					bad++;
			}
		}
		wfi();
	}
	__atomic_fetch_add(&stress_bad, bad, __ATOMIC_RELAXED);
	__atomic_fetch_add(&stress_checked, checked, __ATOMIC_RELAXED);
	__atomic_fetch_add(&stress_armed_checked, armed, __ATOMIC_RELAXED);
}

KTEST(kprobe, stress_register_against_calls_on_all_harts)
{
	if (ncpu < 2)
		return;
	struct kprobe step = { .addr = (kprobe_opcode_t *)kp_add_site,
			       .pre_handler = pre_count };
	struct kprobe sim = { .addr = (kprobe_opcode_t *)sim_forms[4].site,
			      .pre_handler = pre_count };
	struct kprobe *both[] = { &step, &sim };
	NO_LEAKS_BEGIN;

	uint64_t t0 = time_ns();
	stress_stop = false;
	stress_bad = stress_checked = stress_armed_checked = 0;
	seq = 0;
	for (unsigned i = 0; i < ncpu; i++)
		if (i != cpuid())
			smp_work_start(i, stress_worker, 0);
	for (int round = 0; round < STRESS_ROUNDS; round++) {
		/* Every fourth round the stepped probe has a post handler: its
		 * hits trap back from the slot instead of jumping back. */
		step.pre_handler = sim.pre_handler = pre_count;
		step.post_handler = round % 4 == 3 ? post_nothing : NULL;
		seq++;
		int err = round & 1 ? register_kprobes(both, 2)
				    : register_kprobe(&step) | register_kprobe(&sim);
		if (!KEXPECT_EQ(err, 0))
			break;
		seq++;
		let_workers_call();
		seq++;
		if (round & 1) {
			unregister_kprobes(both, 2);
		} else {
			unregister_kprobe(&sim);
			unregister_kprobe(&step);
		}
		/* The grace period: no handler may still be running, nor
		 * start from now on. */
		if (__atomic_load_n(&stress_in_handler, __ATOMIC_ACQUIRE))
			stress_bad++;
		step.pre_handler = sim.pre_handler = pre_poisoned;
		seq++;
		let_workers_call();
	}
	stress_stop = true;
	for (unsigned i = 0; i < ncpu; i++)
		if (i != cpuid())
			smp_work_wait(i);
	printf("    %d rounds in %lu ms; %lu calls checked (%lu armed), %lu wrong\n",
	       STRESS_ROUNDS, (unsigned long)((time_ns() - t0) / 1000000),
	       stress_checked, stress_armed_checked, stress_bad);
	KEXPECT_EQ(stress_bad, 0);
	KEXPECT(stress_armed_checked > 1000);
	KEXPECT(stress_checked - stress_armed_checked > 1000);
	NO_LEAKS_END;
}
