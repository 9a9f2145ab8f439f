/*
 * Patchable function entries (<ebreak/ftrace.h>): the site table against
 * the kernel's symbol table, and kprobes and kretprobes that use a site
 * instead of a breakpoint (KPROBE_FLAG_FTRACE): exact counts next to a
 * breakpoint probe on the same function, a redirecting pre handler,
 * arguments and return values, recursion (a lone pre handler's, as the
 * changed arguments, through a direct trampoline: entry_form.h), and
 * 1,000 arm/disarm rounds
 * (with the function tracer or function_graph on the same site) while
 * the other harts call the function, leaking neither heap nor the
 * executable memory of the direct trampolines.
 */
#include "entry_form.h"
#include "ktest.h"
#include "probe_workers.h"
#include "riscv.h"
#include <ebreak/ftrace.h>
#include <ebreak/errno.h>
#include <ebreak/kprobes.h>
#include <ebreak/fmt.h>

extern char __eb_noprobe_start[], __eb_noprobe_end[];

#define SITE_SIZE (2 * EB_FTRACE_NOPS)
#define C_NOP	0x0001
#define C_J_8	0xa021

__attribute__((noipa)) long
ft_target(long a, long b)
{
	return a * 3 + b;
}

__attribute__((noipa)) long
ft_other(long a, long b)
{
	return 1000 + a;
}

static bool
never_probed(uintptr_t addr)
{
	return addr >= (uintptr_t)__eb_noprobe_start &&
	       addr < (uintptr_t)__eb_noprobe_end;
}

/* Whether fn begins as the compiler leaves a site: 4 c.nops. */
static bool
compiler_nops(uintptr_t fn, size_t size)
{
	const uint16_t *h = (const uint16_t *)fn;

	return size >= SITE_SIZE && h[0] == C_NOP && h[1] == C_NOP &&
	       h[2] == C_NOP && h[3] == C_NOP;
}

KTEST(ftrace, site_table_covers_every_function)
{
	const uintptr_t *sites;
	size_t n = eb_ftrace_sites(&sites), bad = 0, without = 0;

	KEXPECT(n > 100);
	for (size_t i = 0; i < n; i++) {
		uintptr_t start;
		size_t size;
		bool ok = (i == 0 || sites[i - 1] < sites[i]) &&
			  kallsyms_lookup(sites[i], &start, &size) &&
			  start == sites[i] && !never_probed(sites[i]) &&
			  ((const uint16_t *)sites[i])[0] == C_J_8;
		if (!ok && bad++ < 5)
			printf("    site %p: not a disabled site at a function's "
			       "start outside never-probed code\n", (void *)sites[i]);
	}
	for (size_t i = 0; i < kallsyms_count(); i++) {
		uintptr_t fn;
		size_t size;
		const char *name = kallsyms_name_at(i, &fn, &size);
		bool site = ftrace_location(fn) == fn;
		/* A function built with the flag but missing from the table
		 * would still start with the compiler's nops. */
		bool ok = never_probed(fn) ? !site && !compiler_nops(fn, size) &&
					     *(const uint16_t *)fn != C_J_8
					   : !compiler_nops(fn, size);
		without += !never_probed(fn) && !site;
		if (!ok && bad++ < 10)
			printf("    %s (%p): %s\n", name, (void *)fn,
			       site ? "never probed, yet has a site"
				    : "has compiler nops but no site in the table");
	}
	printf("    %zu sites; %zu functions outside never-probed code without "
	       "one (assembly, EB_NOTRACE)\n", n, without);
	KEXPECT_EQ(bad, 0);
	KEXPECT_EQ(ftrace_location((uintptr_t)ft_target), (uintptr_t)ft_target);
	KEXPECT_EQ(ftrace_location((uintptr_t)ft_target + 6), (uintptr_t)ft_target);
	KEXPECT_EQ(ftrace_location((uintptr_t)ft_target + SITE_SIZE), 0);
}

static unsigned long entry_hits, second_hits, post_hits;
static unsigned long entry_epc, entry_a0, entry_a1, post_epc;

static int
pre_entry(struct kprobe *p, struct pt_regs *regs)
{
	entry_hits++;
	entry_epc = regs->epc;
	entry_a0 = regs->a0;
	entry_a1 = regs->a1;
	return 0;
}

static void
post_entry(struct kprobe *p, struct pt_regs *regs, unsigned long flags)
{
	post_hits++;
	post_epc = regs->epc;
}

static int
pre_second(struct kprobe *p, struct pt_regs *regs)
{
	second_hits++;
	return 0;
}

static bool listed_ftrace;

static void
find_ftrace_line(const char *line, void *arg)
{
	static const char want[] = "k  ft_target+0x0 [FTRACE] ";

	/* After the 16 digits of the address and two spaces. */
	listed_ftrace |= strncmp(line + 18, want, sizeof want - 1) == 0;
}

/* A probe inside the site (not at its start) is refused. */
static void
expect_inside_refused(unsigned off)
{
	struct kprobe k = { .addr = (kprobe_opcode_t *)((char *)ft_target + off),
			    .pre_handler = pre_second };

	KEXPECT_EQ(register_kprobe(&k), -EBUSY);
}

/* Warm-up: the lazily made slot pool (a breakpoint probe's step) is
 * not a leak. */
static void
warm_up(void)
{
	struct kprobe k = {
		.addr = (kprobe_opcode_t *)((char *)ft_other + SITE_SIZE),
		.pre_handler = pre_second };

	if (register_kprobe(&k) == 0)
		unregister_kprobe(&k);
}

KTEST(ftrace, entry_and_second_instruction_probes_count_exactly)
{
	struct kprobe entry = { .addr = (kprobe_opcode_t *)ft_target,
				.pre_handler = pre_entry,
				.post_handler = post_entry };
	struct kprobe second = {
		.addr = (kprobe_opcode_t *)((char *)ft_target + SITE_SIZE),
		.pre_handler = pre_second };
	long sum = 0, want = 0;

	warm_up();
	size_t heap = kmalloc_live_bytes();
	entry_hits = second_hits = post_hits = 0;
	expect_inside_refused(2);
	expect_inside_refused(4);
	KEXPECT_EQ(register_kprobe(&entry), 0);
	KEXPECT_EQ(register_kprobe(&second), 0);
	KEXPECT(entry.flags & KPROBE_FLAG_FTRACE);
	KEXPECT(!(second.flags & KPROBE_FLAG_FTRACE));
	expect_inside_refused(4);	/* +2 is inside the armed auipc now */
	listed_ftrace = false;
	eb_kprobes_list(find_ftrace_line, 0);
	KEXPECT(listed_ftrace);
	for (long i = 0; i < 500; i++) {
		sum += ft_target(i, 7);
		want += i * 3 + 7;
	}
	KEXPECT_EQ(sum, want);
	KEXPECT_EQ(entry_hits, 500);
	KEXPECT_EQ(post_hits, 500);
	KEXPECT_EQ(second_hits, 500);
	KEXPECT_EQ(entry_epc, (uintptr_t)ft_target);
	KEXPECT_EQ(post_epc, (uintptr_t)ft_target + SITE_SIZE);
	KEXPECT_EQ(entry_a0, 499);
	KEXPECT_EQ(entry_a1, 7);
	KEXPECT_EQ(entry.nmissed, 0);
	unregister_kprobe(&second);
	unregister_kprobe(&entry);
	KEXPECT(!(entry.flags & KPROBE_FLAG_FTRACE));
	KEXPECT_EQ(ft_target(1, 1), 4);
	KEXPECT_EQ(entry_hits, 500);
	KEXPECT_EQ(((const uint16_t *)ft_target)[0], C_J_8);
	KEXPECT_EQ(kmalloc_live_bytes(), heap);
}

static int
pre_redirect(struct kprobe *p, struct pt_regs *regs)
{
	regs->epc = (uintptr_t)ft_other;
	return 1;
}

static int
pre_change_arg(struct kprobe *p, struct pt_regs *regs)
{
	regs->a1 = 100;
	return 0;
}

KTEST(ftrace, pre_handler_redirects_and_changes_arguments)
{
	struct kprobe k = { .symbol_name = "ft_target",
			    .pre_handler = pre_redirect,
			    .post_handler = post_entry };
	uintptr_t target;

	post_hits = 0;
	KEXPECT_EQ(register_kprobe(&k), 0);
	KEXPECT(k.flags & KPROBE_FLAG_FTRACE);
	KEXPECT_EQ(entry_form(ft_target, &target), ENTRY_CALLER);
	KEXPECT_EQ(ft_target(5, 1), 1005);	/* ft_other ran instead */
	KEXPECT_EQ(post_hits, 0);
	unregister_kprobe(&k);
	KEXPECT_EQ(ft_target(5, 1), 16);
	k = (struct kprobe){ .symbol_name = "ft_target",
			     .pre_handler = pre_change_arg };
	KEXPECT_EQ(register_kprobe(&k), 0);
	KEXPECT_EQ(entry_form(ft_target, &target), ENTRY_DIRECT);
	KEXPECT_EQ(ft_target(1, 0), 103);
	unregister_kprobe(&k);
	KEXPECT_EQ(ft_target(1, 0), 3);
}

static unsigned long ret_calls, ret_bad;

static int
entry_save_args(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	long *args = (long *)ri->data;

	args[0] = regs->a0;
	args[1] = regs->a1;
	return 0;
}

/* The return value is checked against the arguments, then changed. */
static int
ret_check(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	long *args = (long *)ri->data;

	ret_calls++;
	if ((long)regs->a0 != args[0] * 3 + args[1])
		ret_bad++;
	regs->a0 += 1000000;
	return 0;
}

KTEST(ftrace, kretprobe_entered_through_the_site)
{
	struct kretprobe rp = { .kp.symbol_name = "ft_target",
				.entry_handler = entry_save_args,
				.handler = ret_check,
				.data_size = 2 * sizeof(long) };
	long sum = 0, want = 0;

	ret_calls = ret_bad = 0;
	KEXPECT_EQ(register_kretprobe(&rp), 0);
	KEXPECT(rp.kp.flags & KPROBE_FLAG_FTRACE);
	for (long i = 0; i < 300; i++) {
		sum += ft_target(i, -i / 2);
		want += i * 3 - i / 2 + 1000000;
	}
	unregister_kretprobe(&rp);
	KEXPECT_EQ(sum, want);
	KEXPECT_EQ(ret_calls, 300);
	KEXPECT_EQ(ret_bad, 0);
	KEXPECT_EQ(rp.nmissed + rp.kp.nmissed, 0);
	KEXPECT_EQ(ft_target(2, 2), 8);
	KEXPECT_EQ(eb_kretprobe_disowned(), 0);
}

static long nested_result;

static int
pre_calls_itself(struct kprobe *p, struct pt_regs *regs)
{
	entry_hits++;
	nested_result = ft_target(10, 1);	/* missed: no handler */
	return 0;
}

KTEST(ftrace, recursion_counts_missed)
{
	struct kprobe k = { .addr = (kprobe_opcode_t *)ft_target,
			    .pre_handler = pre_calls_itself };
	uintptr_t target;

	entry_hits = 0;
	KEXPECT_EQ(register_kprobe(&k), 0);
	KEXPECT_EQ(entry_form(ft_target, &target), ENTRY_DIRECT);
	for (int i = 0; i < 50; i++)
		KEXPECT_EQ(ft_target(i, 0), 3 * i);
	unregister_kprobe(&k);
	KEXPECT_EQ(entry_hits, 50);
	KEXPECT_EQ(k.nmissed, 50);
	KEXPECT_EQ(nested_result, 31);
}

/* --- arming and disarming while the other harts call ----------------- */

#define ROUNDS 1000
static volatile bool load_stop;
static unsigned long load_bad, load_calls, load_hits;

static int
pre_count(struct kprobe *p, struct pt_regs *regs)
{
	__atomic_fetch_add(&load_hits, 1, __ATOMIC_RELAXED);
	return 0;
}

static void
load_worker(void *arg)
{
	unsigned long bad = 0, calls = 0;

	while (!load_stop) {
		for (long i = 0; i < 64; i++, calls++)
			if (ft_target(i, (long)cpuid()) != i * 3 + (long)cpuid())
				bad++;
		wfi();
	}
	__atomic_fetch_add(&load_bad, bad, __ATOMIC_RELAXED);
	__atomic_fetch_add(&load_calls, calls, __ATOMIC_RELAXED);
}

KTEST(ftrace, enable_disable_1000_times_under_load_with_tracers)
{
	struct kprobe k = { .addr = (kprobe_opcode_t *)ft_target,
			    .pre_handler = pre_count };
	int err = 0, direct = 0;
	char why[128];
	uintptr_t target;

	warm_up();
	size_t heap = kmalloc_live_bytes(), exec = exec_free_chunks();
	uint64_t t0 = time_ns();
	load_stop = false;
	load_bad = load_calls = load_hits = 0;
	for (unsigned i = 0; i < ncpu; i++)
		if (i != cpuid())
			smp_work_start(i, load_worker, 0);
	for (int round = 0; round < ROUNDS && !err; round++) {
		/* The site's other users come and go with the kprobe: the
		 * function tracer or function_graph, one each round. */
		unsigned tracer = round % 2 ? EB_FTRACE_FUNCTION : EB_FTRACE_GRAPH;
		err = register_kprobe(&k);	/* armed: its own trampoline */
		direct += entry_form(ft_target, &target) == ENTRY_DIRECT;
		err |= eb_ftrace_tracer_start(tracer, "ft_target", why,
					      sizeof why) != 1;
		let_workers_call();
		err |= disable_kprobe(&k);	/* still a call: the tracer */
		let_workers_call();
		eb_ftrace_tracer_stop(tracer);	/* the jump again */
		let_workers_call();
		err |= enable_kprobe(&k);
		direct += entry_form(ft_target, &target) == ENTRY_DIRECT;
		unregister_kprobe(&k);
	}
	load_stop = true;
	for (unsigned i = 0; i < ncpu; i++)
		if (i != cpuid())
			smp_work_wait(i);
	printf("    %d rounds in %lu ms; %lu calls on the other harts, %lu hits, "
	       "%lu wrong\n", ROUNDS, (unsigned long)((time_ns() - t0) / 1000000),
	       load_calls, load_hits, load_bad);
	KEXPECT_EQ(err, 0);
	KEXPECT_EQ(direct, 2 * ROUNDS);	/* and a call while a tracer is on */
	KEXPECT_EQ(load_bad, 0);
	KEXPECT(ncpu < 2 || load_hits > 0);
	KEXPECT_EQ(((const uint16_t *)ft_target)[0], C_J_8);
	KEXPECT_EQ(ft_target(4, 4), 16);
	KEXPECT_EQ(kmalloc_live_bytes(), heap);
	KEXPECT_EQ(exec_free_chunks(), exec);	/* the direct trampolines' */
}
