/*
 * Direct trampolines (lib/arch/riscv/kprobe_direct.c): a kprobe alone at
 * a patchable entry, with a pre_handler and no post_handler, gets a
 * trampoline of its own. Checked from the site's own instructions (where
 * its call goes), against counts the callers keep themselves: which users
 * of a site get one, a second probe coming and going while every hart
 * calls the function, a faulting handler (racing disable_kprobe too), a
 * handler that moves the pc (the ftrace suite's recursion and argument
 * tests also assert the direct form), an interrupt at the trampoline's first instruction,
 * running out of executable memory, and 1,000 registrations leaking
 * neither executable memory nor heap.
 */
#include "entry_form.h"
#include "ktest.h"
#include "probe_workers.h"
#include "riscv.h"
#include <ebreak/ftrace.h>
#include <ebreak/kprobes.h>

#define C_J_8		0xa021
#define EXEC_CHUNK	64	/* kernel/execmem.c's */

extern char ftrace_caller[], __eb_exec_start[], __eb_exec_end[];

enum entry_form
entry_form(void *fn, uintptr_t *target)
{
	const uint16_t *h = fn;
	uint32_t w = h[0] | (uint32_t)h[1] << 16;
	uintptr_t site = (uintptr_t)fn;

	if (h[0] == C_J_8)
		return ENTRY_OFF;
	if ((w & 0xfff) == 0x297) {		/* auipc t0 */
		uint32_t jalr = h[2] | (uint32_t)h[3] << 16;
		*target = site + (long)(int32_t)(w & 0xfffff000) +
			  ((int32_t)jalr >> 20);
		return *target == (uintptr_t)ftrace_caller ? ENTRY_CALLER
							   : ENTRY_UNKNOWN;
	}
	if ((w & 0xfff) == 0x2ef) {		/* jal t0 */
		long off = (long)((w >> 31 & 1) << 20 | (w >> 21 & 0x3ff) << 1 |
				  (w >> 20 & 1) << 11 | (w >> 12 & 0xff) << 12);
		*target = site + (off << 43 >> 43);
		return *target >= (uintptr_t)__eb_exec_start &&
		       *target < (uintptr_t)__eb_exec_end ? ENTRY_DIRECT
							  : ENTRY_UNKNOWN;
	}
	return ENTRY_UNKNOWN;
}

/* ft_target's (the ftrace suite's function). */
static enum entry_form
form(void)
{
	uintptr_t target;

	return entry_form(ft_target, &target);
}

static unsigned long hits_a, hits_b;

static int
pre_a(struct kprobe *p, struct pt_regs *regs)
{
	__atomic_fetch_add(&hits_a, 1, __ATOMIC_RELAXED);
	return 0;
}

static int
pre_b(struct kprobe *p, struct pt_regs *regs)
{
	__atomic_fetch_add(&hits_b, 1, __ATOMIC_RELAXED);
	return 0;
}

static void
post_b(struct kprobe *p, struct pt_regs *regs, unsigned long flags)
{
}

static unsigned long returns;

static int
ret_count(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	returns++;
	return 0;
}

/* n calls, each checked; the number that returned the wrong value. */
static unsigned long
call_n(long n)
{
	unsigned long bad = 0;

	for (long i = 0; i < n; i++)
		bad += ft_target(i, 5) != i * 3 + 5;
	return bad;
}

static bool listed_ftrace;

static void
find_ftrace_line(const char *line, void *arg)
{
	static const char want[] = "k  ft_target+0x0 [FTRACE] ";

	listed_ftrace |= strncmp(line + 18, want, sizeof want - 1) == 0;
}

KTEST(kprobe_direct, only_a_lone_pre_handler_probe_goes_direct)
{
	struct kprobe a = { .addr = (kprobe_opcode_t *)ft_target,
			    .pre_handler = pre_a };
	struct kprobe b = { .addr = (kprobe_opcode_t *)ft_target,
			    .pre_handler = pre_b };
	struct kprobe post = { .addr = (kprobe_opcode_t *)ft_target,
			       .post_handler = post_b };
	struct kretprobe rp = { .kp.addr = (kprobe_opcode_t *)ft_target,
				.handler = ret_count };
	char why[128];

	hits_a = hits_b = 0;
	KEXPECT_EQ(form(), ENTRY_OFF);
	KEXPECT_EQ(register_kprobe(&a), 0);
	KEXPECT_EQ(form(), ENTRY_DIRECT);
	listed_ftrace = false;
	eb_kprobes_list(find_ftrace_line, 0);
	KEXPECT(listed_ftrace);
	KEXPECT_EQ(call_n(10), 0);
	KEXPECT_EQ(register_kprobe(&b), 0);		/* a second probe */
	KEXPECT_EQ(form(), ENTRY_CALLER);
	KEXPECT_EQ(call_n(10), 0);
	unregister_kprobe(&b);
	KEXPECT_EQ(form(), ENTRY_DIRECT);
	KEXPECT_EQ(register_kprobe(&post), 0);		/* a post handler */
	KEXPECT_EQ(form(), ENTRY_CALLER);
	unregister_kprobe(&post);
	KEXPECT_EQ(form(), ENTRY_DIRECT);
	KEXPECT_EQ(register_kretprobe(&rp), 0);	/* a kretprobe too */
	KEXPECT_EQ(form(), ENTRY_CALLER);
	unregister_kretprobe(&rp);
	KEXPECT_EQ(form(), ENTRY_DIRECT);

	KEXPECT_EQ(eb_ftrace_tracer_start(EB_FTRACE_FUNCTION, "ft_target", why,
					  sizeof why), 1);	/* a tracer */
	KEXPECT_EQ(form(), ENTRY_CALLER);
	KEXPECT_EQ(call_n(10), 0);
	eb_ftrace_tracer_stop(EB_FTRACE_FUNCTION);
	KEXPECT_EQ(form(), ENTRY_DIRECT);
	KEXPECT_EQ(disable_kprobe(&a), 0);
	KEXPECT_EQ(form(), ENTRY_OFF);
	KEXPECT_EQ(call_n(10), 0);			/* not counted */
	KEXPECT_EQ(enable_kprobe(&a), 0);
	KEXPECT_EQ(form(), ENTRY_DIRECT);
	KEXPECT_EQ(call_n(10), 0);
	unregister_kprobe(&a);
	KEXPECT_EQ(form(), ENTRY_OFF);
	KEXPECT_EQ(hits_a, 40);
	KEXPECT_EQ(hits_b, 10);
	KEXPECT_EQ(a.nmissed + b.nmissed, 0);
	/* A second probe registered with the first, in one batch. */
	KEXPECT_EQ(register_kprobes((struct kprobe *[]){ &a, &b }, 2), 0);
	KEXPECT_EQ(form(), ENTRY_CALLER);
	unregister_kprobe(&a);
	KEXPECT_EQ(form(), ENTRY_DIRECT);			/* b alone now */
	KEXPECT_EQ(call_n(10), 0);
	unregister_kprobe(&b);
	KEXPECT_EQ(hits_a, 40);
	KEXPECT_EQ(hits_b, 20);
	/* A kretprobe alone: its entry is such a probe. */
	returns = 0;
	KEXPECT_EQ(register_kretprobe(&rp), 0);
	KEXPECT_EQ(form(), ENTRY_DIRECT);
	KEXPECT_EQ(call_n(10), 0);
	unregister_kretprobe(&rp);
	KEXPECT_EQ(form(), ENTRY_OFF);
	KEXPECT_EQ(returns, 10);
	KEXPECT_EQ(rp.nmissed + rp.kp.nmissed, 0);
}

/* --- a second probe comes and goes while every hart calls ------------- */

#define ROUNDS 100
static volatile bool load_stop;
/* Even while nothing changes: gen % 4 == 2 while b is registered. */
static unsigned long gen;
static unsigned long load_calls, load_with_b, load_unsure, load_bad;

/* Calls as many as it can, each counted for b only if gen was the same
 * even value before and after it (b's registration did not change
 * during the call); the others are unsure. */
static void
count_calls(long n)
{
	unsigned long calls = 0, with_b = 0, unsure = 0, bad = 0;

	for (long i = 0; i < n; i++, calls++) {
		unsigned long g0 = __atomic_load_n(&gen, __ATOMIC_ACQUIRE);
		bad += ft_target(i, (long)cpuid()) != i * 3 + (long)cpuid();
		unsigned long g1 = __atomic_load_n(&gen, __ATOMIC_ACQUIRE);
		if (g0 != g1 || g0 % 2)
			unsure++;
		else if (g0 % 4 == 2)
			with_b++;
	}
	__atomic_fetch_add(&load_calls, calls, __ATOMIC_RELAXED);
	__atomic_fetch_add(&load_with_b, with_b, __ATOMIC_RELAXED);
	__atomic_fetch_add(&load_unsure, unsure, __ATOMIC_RELAXED);
	__atomic_fetch_add(&load_bad, bad, __ATOMIC_RELAXED);
}

/* Calls without a pause (no wfi), so that the IPIs of the stops and of
 * let_workers_call land inside hits, at a trampoline's first
 * instruction too (kprobe_direct_fixup: dozens of times a run). */
static void
direct_worker(void *arg)
{
	while (!load_stop)
		count_calls(64);
}

/* Workers on the other harts, interrupted a few times, or this hart
 * calling itself alone. */
static void
let_calls_happen(void)
{
	if (ncpu > 1)
		for (int i = 0; i < 3; i++)
			let_workers_call();
	else
		count_calls(64);
}

static void
next_gen(void)
{
	__atomic_fetch_add(&gen, 1, __ATOMIC_RELEASE);
}

KTEST(kprobe_direct, second_probe_comes_and_goes_under_load)
{
	struct kprobe a = { .addr = (kprobe_opcode_t *)ft_target,
			    .pre_handler = pre_a };
	struct kprobe b = { .addr = (kprobe_opcode_t *)ft_target,
			    .pre_handler = pre_b };
	int err = 0, direct = 0;

	hits_a = hits_b = gen = 0;
	load_calls = load_with_b = load_unsure = load_bad = 0;
	load_stop = false;
	KEXPECT_EQ(register_kprobe(&a), 0);
	for (unsigned i = 0; i < ncpu; i++)
		if (i != cpuid())
			smp_work_start(i, direct_worker, 0);
	for (int round = 0; round < ROUNDS && !err; round++) {
		direct += form() == ENTRY_DIRECT;
		let_calls_happen();
		next_gen();
		err |= register_kprobe(&b);
		next_gen();
		direct += form() == ENTRY_DIRECT;
		let_calls_happen();
		next_gen();
		unregister_kprobe(&b);
		next_gen();
	}
	load_stop = true;
	for (unsigned i = 0; i < ncpu; i++)
		if (i != cpuid())
			smp_work_wait(i);
	unregister_kprobe(&a);
	printf("    %d rounds: %lu calls, %lu hits of a; %lu calls surely "
	       "with b, %lu unsure, %lu hits of b\n", ROUNDS, load_calls,
	       hits_a, load_with_b, load_unsure, hits_b);
	KEXPECT_EQ(err, 0);
	KEXPECT_EQ(direct, ROUNDS);	/* direct alone, never with b */
	KEXPECT_EQ(load_bad, 0);
	KEXPECT(load_calls > 0);
	KEXPECT_EQ(hits_a, load_calls);
	KEXPECT(hits_b >= load_with_b);
	KEXPECT(hits_b <= load_with_b + load_unsure);
	KEXPECT(ncpu > 1 || load_unsure == 0);
	KEXPECT_EQ(a.nmissed + b.nmissed, 0);
	KEXPECT_EQ(form(), ENTRY_OFF);
}

/* --- handlers that fault, recurse, move the pc ------------------------ */

static volatile long *volatile unmapped = (volatile long *)0x10;

/* Faults when the second argument is 1. */
static int
pre_faults_on_1(struct kprobe *p, struct pt_regs *regs)
{
	hits_a++;
	return regs->a1 == 1 ? (int)*unmapped : 0;
}

/* Faults in k's handler, through the site's form now: each abandoned
 * and counted missed, the function run, interrupts as at the call. */
static void
expect_faults_abandoned(struct kprobe *k)
{
	unsigned long missed = k->nmissed, hits = hits_a;

	for (long i = 0; i < 3; i++)
		KEXPECT_EQ(ft_target(i, 1), i * 3 + 1);
	KEXPECT(intr_get());
	intr_off();
	long off = ft_target(5, 1);
	bool stayed_off = !intr_get();
	intr_on();
	KEXPECT_EQ(off, 16);
	KEXPECT(stayed_off);
	KEXPECT_EQ(k->nmissed - missed, 4);
	KEXPECT_EQ(ft_target(7, 0), 21);	/* the hart is free again */
	KEXPECT_EQ(k->nmissed - missed, 4);
	KEXPECT_EQ(hits_a - hits, 5);
}

KTEST(kprobe_direct, faulting_handler_is_abandoned)
{
	struct kprobe k = { .addr = (kprobe_opcode_t *)ft_target,
			    .pre_handler = pre_faults_on_1 };
	struct kprobe b = { .addr = (kprobe_opcode_t *)ft_target,
			    .pre_handler = pre_b };

	KEXPECT_EQ(register_kprobe(&k), 0);
	KEXPECT_EQ(form(), ENTRY_DIRECT);
	expect_faults_abandoned(&k);
	KEXPECT_EQ(register_kprobe(&b), 0);	/* the same through ftrace_caller */
	KEXPECT_EQ(form(), ENTRY_CALLER);
	expect_faults_abandoned(&k);
	unregister_kprobe(&b);
	unregister_kprobe(&k);
}

/* --- a faulting handler racing disable_kprobe ------------------------ */

#define RACE_FAULTS 600		/* in all: each one a logged line */
static unsigned long race_faults, race_done;

/* Counts itself, then faults: every run of it is a miss. */
static int
pre_always_faults(struct kprobe *p, struct pt_regs *regs)
{
	__atomic_fetch_add(&race_faults, 1, __ATOMIC_RELAXED);
	return (int)*unmapped;
}

static void
fault_worker(void *arg)
{
	unsigned long bad = 0;

	for (long i = 0; __atomic_load_n(&race_faults, __ATOMIC_RELAXED) <
			 RACE_FAULTS; i++)
		bad += ft_target(i, 2) != i * 3 + 2;
	__atomic_fetch_add(&load_bad, bad, __ATOMIC_RELAXED);
	__atomic_fetch_add(&race_done, 1, __ATOMIC_RELEASE);
}

/* The other harts call ft_target (this one, alone, calls it itself)
 * until RACE_FAULTS faults, while this one disables and enables p
 * without a pause: the rounds it did. */
static unsigned
race_disable(struct kprobe *p)
{
	unsigned workers = 0, rounds = 0;

	for (unsigned i = 0; i < ncpu; i++)
		if (i != cpuid()) {
			smp_work_start(i, fault_worker, 0);
			workers++;
		}
	while (workers ? __atomic_load_n(&race_done, __ATOMIC_ACQUIRE) < workers
		       : race_faults < RACE_FAULTS) {
		if (!workers)
			load_bad += call_n(8);
		KEXPECT_EQ(disable_kprobe(p), 0);
		KEXPECT_EQ(enable_kprobe(p), 0);
		rounds++;
	}
	for (unsigned i = 0; i < ncpu; i++)
		if (i != cpuid())
			smp_work_wait(i);
	return rounds;
}

/* A handler that faults after its probe was disabled (its hit began
 * before) still counts the miss: the probe's nmissed against the runs
 * the handler counted itself, while the other harts call and this one
 * disables and enables the probe without a pause. */
KTEST(kprobe_direct, faults_racing_disable_are_all_counted)
{
	struct kprobe k = { .addr = (kprobe_opcode_t *)ft_target,
			    .pre_handler = pre_always_faults };

	race_faults = race_done = load_bad = 0;
	KEXPECT_EQ(register_kprobe(&k), 0);
	unsigned rounds = race_disable(&k);
	unregister_kprobe(&k);
	printf("    %u disable/enable rounds, %lu faults, %lu counted missed\n",
	       rounds, race_faults, k.nmissed);
	KEXPECT_EQ(load_bad, 0);
	KEXPECT(race_faults >= RACE_FAULTS);
	KEXPECT_EQ(k.nmissed, race_faults);
}

/* A probe that counts its runs, on the site before one that faults:
 * each of its runs is in a hit that faults (b_runs, counted by the
 * faulting handler of the same hit), and no other hit is its miss. */
static unsigned long b_runs;
static bool b_ran[NCPU];

static int
pre_mark_ran(struct kprobe *p, struct pt_regs *regs)
{
	b_ran[cpuid()] = true;
	return 0;
}

static int
pre_counts_b_then_faults(struct kprobe *p, struct pt_regs *regs)
{
	if (b_ran[cpuid()]) {
		b_ran[cpuid()] = false;
		__atomic_fetch_add(&b_runs, 1, __ATOMIC_RELAXED);
	}
	__atomic_fetch_add(&race_faults, 1, __ATOMIC_RELAXED);
	return (int)*unmapped;
}

/* The same with a second probe on the site, disabled and enabled while
 * the faulting one stays: the site stays armed, and a hit that began
 * while the probe was disabled (its handler not run) is no miss of it,
 * however late the fault (it counted 600 for 7 runs when disable_kprobe
 * counted every hit a grace period long, 257 for 14 when enable_kprobe
 * flipped the flag during hits). */
KTEST(kprobe_direct, faults_racing_disable_beside_another)
{
	struct kprobe b = { .addr = (kprobe_opcode_t *)ft_target,
			    .pre_handler = pre_mark_ran };
	struct kprobe k = { .addr = (kprobe_opcode_t *)ft_target,
			    .pre_handler = pre_counts_b_then_faults };

	race_faults = race_done = load_bad = b_runs = 0;
	KEXPECT_EQ(register_kprobe(&b), 0);
	KEXPECT_EQ(register_kprobe(&k), 0);
	unsigned rounds = race_disable(&b);
	unregister_kprobe(&k);
	unregister_kprobe(&b);
	printf("    %u disable/enable rounds, %lu faults, %lu with b run, "
	       "%lu counted b's missed\n", rounds, race_faults, b_runs,
	       b.nmissed);
	KEXPECT_EQ(load_bad, 0);
	KEXPECT_EQ(k.nmissed, race_faults);
	KEXPECT_EQ(b.nmissed, b_runs);
}

static int
pre_redirect(struct kprobe *p, struct pt_regs *regs)
{
	regs->epc = (uintptr_t)ft_other;
	return 1;
}

/* (The ftrace suite's recursion and argument tests go direct too.) */
KTEST(kprobe_direct, pre_handler_moves_the_pc)
{
	struct kprobe k = { .symbol_name = "ft_target",
			    .pre_handler = pre_redirect };

	KEXPECT_EQ(register_kprobe(&k), 0);
	KEXPECT_EQ(form(), ENTRY_DIRECT);
	KEXPECT_EQ(ft_target(5, 1), 1005);	/* ft_other ran instead */
	unregister_kprobe(&k);
	KEXPECT_EQ(ft_target(5, 1), 16);
}

/* An interrupt taken at the trampoline's first instruction, before it
 * turned interrupts off, resumes at the site instead. Any other pc is
 * left alone: one 16-aligned after an odd word too, which the fixup
 * once looked up as a site, reading a misaligned table word (half
 * ft_target's bucket pointer, half its neighbour's: a wild load). */
KTEST(kprobe_direct, interrupt_at_the_entry_goes_back_to_the_site)
{
	struct kprobe k = { .addr = (kprobe_opcode_t *)ft_target,
			    .pre_handler = pre_a };
	static uint64_t odd[2] __attribute__((aligned(16)));
	struct pt_regs regs = { 0 };
	uintptr_t entry = 0;

	KEXPECT_EQ(register_kprobe(&k), 0);
	KEXPECT_EQ(entry_form(ft_target, &entry), ENTRY_DIRECT);
	regs.epc = entry;
	kprobe_interrupt_fixup(&regs);
	KEXPECT_EQ(regs.epc, (uintptr_t)ft_target);
	regs.epc = entry + 4;			/* inside: left alone */
	kprobe_interrupt_fixup(&regs);
	KEXPECT_EQ(regs.epc, entry + 4);
	regs.epc = (uintptr_t)ft_other;		/* elsewhere: left alone */
	kprobe_interrupt_fixup(&regs);
	KEXPECT_EQ(regs.epc, (uintptr_t)ft_other);
	odd[1] = (uintptr_t)ft_target - 1;
	regs.epc = (uintptr_t)&odd[2];		/* after an odd word */
	kprobe_interrupt_fixup(&regs);
	KEXPECT_EQ(regs.epc, (uintptr_t)&odd[2]);
	unregister_kprobe(&k);
}

/* --- executable memory ------------------------------------------------ */

static void *held[65536 / EXEC_CHUNK];

/* Take every chunk of executable memory left; how many. */
static size_t
hold_exec(void)
{
	size_t n = 0;

	while (n < sizeof held / sizeof *held &&
	       (held[n] = execmem_alloc(EXEC_CHUNK)))
		n++;
	return n;
}

static void
release_exec(size_t n)
{
	while (n--)
		execmem_free(held[n], EXEC_CHUNK);
}

size_t
exec_free_chunks(void)
{
	size_t n = hold_exec();

	release_exec(n);
	return n;
}

KTEST(kprobe_direct, without_executable_memory_the_caller_serves)
{
	struct kprobe k = { .addr = (kprobe_opcode_t *)ft_target,
			    .pre_handler = pre_a };

	hits_a = 0;
	size_t n = hold_exec();
	KEXPECT(n > 0);
	KEXPECT_EQ(register_kprobe(&k), 0);
	KEXPECT_EQ(form(), ENTRY_CALLER);
	KEXPECT_EQ(call_n(10), 0);
	KEXPECT_EQ(hits_a, 10);
	unregister_kprobe(&k);
	release_exec(n);
	KEXPECT_EQ(register_kprobe(&k), 0);
	KEXPECT_EQ(form(), ENTRY_DIRECT);
	unregister_kprobe(&k);
}

KTEST(kprobe_direct, register_unregister_1000_times_leaks_nothing)
{
	struct kprobe k = { .addr = (kprobe_opcode_t *)ft_target,
			    .pre_handler = pre_a };
	int err = 0, direct = 0;

	size_t heap = kmalloc_live_bytes(), exec = exec_free_chunks();
	err |= register_kprobe(&k);	/* its trampoline: 152 bytes, 3 chunks */
	KEXPECT_EQ(exec - exec_free_chunks(), 3);
	unregister_kprobe(&k);
	hits_a = 0;
	for (int i = 0; i < 1000 && !err; i++) {
		err |= register_kprobe(&k);
		direct += form() == ENTRY_DIRECT;
		err |= ft_target(i, 0) != 3 * i;
		unregister_kprobe(&k);
	}
	KEXPECT_EQ(err, 0);
	KEXPECT_EQ(direct, 1000);
	KEXPECT_EQ(hits_a, 1000);
	KEXPECT_EQ(kmalloc_live_bytes(), heap);
	KEXPECT_EQ(exec_free_chunks(), exec);
	KEXPECT_EQ(form(), ENTRY_OFF);
}
