/*
 * kretprobes in the running kernel: entry/return pairing through 50
 * levels of recursion, the return value and per-instance data,
 * entry_handler skipping a call, maxactive exhaustion, a kprobe on the
 * same entry, every hart calling at once, unregistering with calls in
 * flight, registration racing calls on every hart, a call returning on
 * another hart than it entered on, backtraces through the trampoline,
 * handlers calling traced functions, faulting handlers, and registration
 * errors.
 */
#include "ktest.h"
#include "riscv.h"
#include <ebreak/fmt.h>
#include <ebreak/kprobes.h>
#include <ebreak/ptregs.h>

unsigned long kr_recurse(unsigned long n);
extern char kr_recurse_ret[];
unsigned long kr_tail(unsigned long n);
unsigned long kr_stash_call(unsigned long *save);
unsigned long kr_resume(unsigned long tramp, unsigned long value);
extern char kr_stash_ret[];
int kr_bt_outer(unsigned long *out, int max);
extern char kr_bt_outer_ret[];
extern unsigned long kr_bt_seen_ra;
extern char kretprobe_trampolines[], kretprobe_trampolines_end[];

static int ret_count(struct kretprobe_instance *ri, struct pt_regs *regs);

static bool
is_trampoline(unsigned long a)
{
	return a >= (unsigned long)kretprobe_trampolines &&
	       a < (unsigned long)kretprobe_trampolines_end;
}

/* Leak check around a test: heap, trampolines and kprobe slots come
 * back, and no disowned call is left. */
#define NO_LEAKS_BEGIN							\
	size_t heap_before_ = kmalloc_live_bytes(),			\
	       tramps_before_ = eb_kretprobe_trampolines_free(),		\
	       slots_before_ = eb_kprobe_slots_free()
#define NO_LEAKS_END do {						\
	KEXPECT_EQ(eb_kretprobe_disowned(), 0);				\
	KEXPECT_EQ(kmalloc_live_bytes(), heap_before_);			\
	KEXPECT_EQ(eb_kretprobe_trampolines_free(), tramps_before_);	\
	KEXPECT_EQ(eb_kprobe_slots_free(), slots_before_);		\
} while (0)

/* What the handlers saw. */
static unsigned long entries, returns, mismatches, at_recurse_ret;
static unsigned long order[64];
static unsigned nreturned;

static void
reset(void)
{
	entries = returns = mismatches = at_recurse_ret = 0;
	nreturned = 0;
}

/* kr_recurse(n) returns n: keep n at entry, check it at return. */
static int
entry_keep_n(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	*(unsigned long *)ri->data = regs->a0;
	entries++;
	return 0;
}

static int
ret_check_n(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	unsigned long n = *(unsigned long *)ri->data;

	returns++;
	if (regs->a0 != n || regs->epc != get_kretprobe_retaddr(ri))
		mismatches++;
	if (get_kretprobe_retaddr(ri) == (unsigned long)kr_recurse_ret)
		at_recurse_ret++;
	if (nreturned < ARRAY_SIZE(order))
		order[nreturned++] = n;
	return 0;
}

/* A kretprobe on kr_recurse with an unsigned long of instance data. */
static struct kretprobe
on_recurse(kretprobe_handler_t entry, kretprobe_handler_t ret, int maxactive)
{
	return (struct kretprobe){ .kp.symbol_name = "kr_recurse",
				   .entry_handler = entry, .handler = ret,
				   .data_size = sizeof(unsigned long),
				   .maxactive = maxactive };
}

KTEST(kretprobe, recursion_depth_50_pairs_every_return)
{
	NO_LEAKS_BEGIN;
	struct kretprobe rp = on_recurse(entry_keep_n, ret_check_n, 64);

	KEXPECT_EQ(register_kretprobe(&rp), 0);
	reset();
	KEXPECT_EQ(kr_recurse(50), 50);
	KEXPECT_EQ(entries, 51);
	KEXPECT_EQ(returns, 51);
	KEXPECT_EQ(mismatches, 0);
	KEXPECT_EQ(at_recurse_ret, 50);	/* all but the outermost */
	bool innermost_first = true;
	for (unsigned i = 0; i < nreturned; i++)
		innermost_first &= order[i] == i;
	KEXPECT(innermost_first);
	KEXPECT_EQ(rp.nmissed, 0);
	unregister_kretprobe(&rp);
	KEXPECT_EQ(kr_recurse(5), 5);	/* untraced again */
	KEXPECT_EQ(returns, 51);
	NO_LEAKS_END;
}

/* Per-instance data: the arguments at entry, checked against the result
 * at return; the handler may also change the return value. */
struct args {
	unsigned long a, b;
	uint64_t t0;
};

/* noipa: called as is, never cloned for constant arguments. */
__attribute__((noipa)) unsigned long
kr_mix(unsigned long a, unsigned long b)
{
	return a * 3 + b;
}

static struct kretprobe mix_rp;
static unsigned long mix_seen_ret, mix_bad;

static int
entry_args(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct args *d = (struct args *)ri->data;

	d->a = regs->a0;
	d->b = regs->a1;
	d->t0 = time_ns();
	if (get_kretprobe(ri) != &mix_rp)
		mix_bad++;
	return 0;
}

static int
ret_args(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct args *d = (struct args *)ri->data;

	mix_seen_ret = regs->a0;
	if (regs->a0 != d->a * 3 + d->b || time_ns() < d->t0)
		mix_bad++;
	if (d->a == 1000)
		regs->a0 = 7;	/* the caller gets this instead */
	return 0;
}

KTEST(kretprobe, return_value_and_instance_data)
{
	NO_LEAKS_BEGIN;
	mix_rp = (struct kretprobe){ .kp.symbol_name = "kr_mix",
				     .entry_handler = entry_args,
				     .handler = ret_args,
				     .data_size = sizeof(struct args) };
	mix_bad = 0;
	KEXPECT_EQ(register_kretprobe(&mix_rp), 0);
	KEXPECT_EQ((unsigned long)mix_rp.kp.addr, (unsigned long)kr_mix);
	for (unsigned long i = 0; i < 20; i++)
		KEXPECT_EQ(kr_mix(i, 5 * i), 8 * i);
	KEXPECT_EQ(mix_seen_ret, 8 * 19);
	KEXPECT_EQ(kr_mix(1000, 1), 7);
	KEXPECT_EQ(mix_bad, 0);
	unregister_kretprobe(&mix_rp);
	KEXPECT_EQ(kr_mix(1000, 1), 3001);
	NO_LEAKS_END;
}

/* A kretprobe and a kprobe on one entry: both fire, the kprobe's
 * handler sees the real ra when it runs first and the trampoline after. */
static unsigned long kp_seen_ra;

static int
pre_see_ra(struct kprobe *p, struct pt_regs *regs)
{
	kp_seen_ra = regs->ra;
	return 0;
}

KTEST(kretprobe, shares_the_entry_with_a_kprobe)
{
	NO_LEAKS_BEGIN;
	struct kprobe before = { .addr = (kprobe_opcode_t *)kr_mix,
				 .pre_handler = pre_see_ra };
	struct kprobe after = { .addr = (kprobe_opcode_t *)kr_mix,
				.pre_handler = pre_see_ra };
	struct kretprobe rp = { .kp.addr = (kprobe_opcode_t *)kr_mix,
				.handler = ret_count };

	reset();
	KEXPECT_EQ(register_kprobe(&before), 0);
	KEXPECT_EQ(register_kretprobe(&rp), 0);
	KEXPECT_EQ(kr_mix(2, 3), 9);
	KEXPECT(!is_trampoline(kp_seen_ra));
	KEXPECT_EQ(returns, 1);
	unregister_kprobe(&before);
	KEXPECT_EQ(register_kprobe(&after), 0);
	KEXPECT_EQ(kr_mix(2, 3), 9);
	KEXPECT(is_trampoline(kp_seen_ra));
	KEXPECT_EQ(returns, 2);
	unregister_kprobe(&after);
	unregister_kretprobe(&rp);
	KEXPECT_EQ(kr_mix(2, 3), 9);
	KEXPECT_EQ(returns, 2);
	NO_LEAKS_END;
}

/* entry_handler returning non-zero: that call has no return handler. */
static int
entry_skip_odd(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	entries++;
	*(unsigned long *)ri->data = regs->a0;
	return regs->a0 & 1;
}

KTEST(kretprobe, entry_handler_skips_a_call)
{
	NO_LEAKS_BEGIN;
	struct kretprobe rp = on_recurse(entry_skip_odd, ret_check_n, 8);

	KEXPECT_EQ(register_kretprobe(&rp), 0);
	reset();
	KEXPECT_EQ(kr_recurse(9), 9);	/* 9..0: five odd, five even */
	KEXPECT_EQ(entries, 10);
	KEXPECT_EQ(returns, 5);
	KEXPECT_EQ(mismatches, 0);
	KEXPECT(order[0] == 0 && order[1] == 2 && order[4] == 8);
	KEXPECT_EQ(rp.nmissed, 0);
	/* Skipped instances went back: 8 are enough for 8 traced levels. */
	reset();
	KEXPECT_EQ(kr_recurse(15), 15);
	KEXPECT_EQ(returns, 8);
	KEXPECT_EQ(rp.nmissed, 0);
	unregister_kretprobe(&rp);
	NO_LEAKS_END;
}

/* The line eb_kprobes_list prints for a kretprobe on kr_recurse. */
static char kr_listed[160];

static void
kr_collect(const char *line, void *arg)
{
	size_t n = strlen(line);

	if (n > 16 && strncmp(line + 16, "  r  kr_recurse+0x0", 19) == 0)
		eb_snprintf(kr_listed, sizeof kr_listed, "%s", line);
}

/* Whether that line counts nmissed calls missed. */
static bool
listed_missed(unsigned long nmissed)
{
	char tail[32];

	kr_listed[0] = 0;
	eb_kprobes_list(kr_collect, NULL);
	size_t n = strlen(kr_listed), t = eb_snprintf(tail, sizeof tail,
						      " nmissed=%lu", nmissed);
	return n > t && strcmp(kr_listed + n - t, tail) == 0;
}

KTEST(kretprobe, maxactive_exhaustion_counts_nmissed)
{
	NO_LEAKS_BEGIN;
	struct kretprobe rp = on_recurse(entry_keep_n, ret_check_n, 3);

	KEXPECT_EQ(register_kretprobe(&rp), 0);
	reset();
	KEXPECT_EQ(kr_recurse(9), 9);
	KEXPECT_EQ(rp.nmissed, 7);		/* the 7 innermost levels */
	KEXPECT(listed_missed(7));		/* the probes listing too */
	KEXPECT_EQ(entries, 3);
	KEXPECT_EQ(returns, 3);
	KEXPECT_EQ(mismatches, 0);
	KEXPECT(order[0] == 7 && order[1] == 8 && order[2] == 9);
	reset();
	KEXPECT_EQ(kr_recurse(1), 1);		/* all instances came back */
	KEXPECT_EQ(returns, 2);
	KEXPECT_EQ(rp.nmissed, 7);
	unregister_kretprobe(&rp);
	/* The default: max(10, 2 * harts). */
	struct kretprobe def = { .kp.symbol_name = "kr_recurse" };
	KEXPECT_EQ(register_kretprobe(&def), 0);
	kr_recurse(40);
	unsigned want = 2 * ncpu > 10 ? 2 * ncpu : 10;
	KEXPECT_EQ(def.nmissed, 41 - want);
	unregister_kretprobe(&def);
	NO_LEAKS_END;
}

/*
 * Every hart calls the traced function at once; each counts its own
 * entries and returns, and the data of each instance carries the hart
 * that entered and the argument, checked at return against the hart and
 * the return value.
 */
#define SMP_CALLS 3000
static struct {
	unsigned long entries, returns, bad;
} __attribute__((aligned(64))) per_hart[NCPU];
static volatile bool smp_go;

static int
entry_hart(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	unsigned long *d = (unsigned long *)ri->data;

	d[0] = cpuid();
	d[1] = regs->a0;
	per_hart[cpuid()].entries++;
	return 0;
}

static int
ret_hart(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	unsigned long *d = (unsigned long *)ri->data;
	unsigned me = cpuid();

	per_hart[me].returns++;
	if (d[0] != me || regs->a0 != 3 * d[1] + me)
		per_hart[me].bad++;
	return 0;
}

static void
smp_caller(void *arg)
{
	unsigned me = cpuid();
	unsigned long wrong = 0;

	while (!smp_go)
		;
	for (unsigned long i = 0; i < SMP_CALLS; i++)
		if (kr_mix(i, me) != 3 * i + me)
			wrong++;
	per_hart[me].bad += wrong;
}

KTEST(kretprobe, all_harts_at_once_exact_pairs)
{
	NO_LEAKS_BEGIN;
	struct kretprobe rp = { .kp.symbol_name = "kr_mix",
				.entry_handler = entry_hart,
				.handler = ret_hart,
				.data_size = 2 * sizeof(unsigned long) };

	memset(per_hart, 0, sizeof per_hart);
	KEXPECT_EQ(register_kretprobe(&rp), 0);
	smp_go = false;
	for (unsigned i = 0; i < ncpu; i++)
		if (i != cpuid())
			smp_work_start(i, smp_caller, 0);
	smp_go = true;
	smp_caller(0);
	for (unsigned i = 0; i < ncpu; i++)
		if (i != cpuid())
			smp_work_wait(i);
	unregister_kretprobe(&rp);
	for (unsigned i = 0; i < ncpu; i++) {
		if (!KEXPECT_EQ(per_hart[i].entries, SMP_CALLS) |
		    !KEXPECT_EQ(per_hart[i].returns, SMP_CALLS) |
		    !KEXPECT_EQ(per_hart[i].bad, 0))
			printf("    hart %u\n", i);
	}
	KEXPECT_EQ(rp.nmissed, 0);
	NO_LEAKS_END;
}

/*
 * A call entered on one hart returns on another: kr_stash leaves its
 * traced call in flight, kr_resume finishes it elsewhere (see
 * kretprobe_asm.S). With one hart both ends run on it.
 */
static unsigned long stash_tramp, migr_enter_hart, migr_ret_hart;
static unsigned long migr_ret_a0, migr_ret_addr, migr_result;

static int
entry_where(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	migr_enter_hart = cpuid();
	return 0;
}

static int
ret_where(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	migr_ret_hart = cpuid();
	migr_ret_a0 = regs->a0;
	migr_ret_addr = get_kretprobe_retaddr(ri);
	returns++;
	return 0;
}

static void
do_stash(void *arg)
{
	kr_stash_call(&stash_tramp);
}

static void
do_resume(void *arg)
{
	migr_result = kr_resume(stash_tramp, (unsigned long)arg);
}

/* Run fn(arg) on hart cpu (this one if it is this one or absent). */
static void
on_hart(unsigned cpu, void (*fn)(void *), void *arg)
{
	if (cpu >= ncpu || cpu == cpuid()) {
		fn(arg);
		return;
	}
	smp_work_start(cpu, fn, arg);
	smp_work_wait(cpu);
}

KTEST(kretprobe, call_returns_on_another_hart)
{
	NO_LEAKS_BEGIN;
	struct kretprobe rp = { .kp.symbol_name = "kr_stash",
				.entry_handler = entry_where,
				.handler = ret_where };

	KEXPECT_EQ(register_kretprobe(&rp), 0);
	reset();
	on_hart(1, do_stash, 0);
	KEXPECT(is_trampoline(stash_tramp));
	KEXPECT_EQ(kretprobe_find_ret_addr(stash_tramp), (unsigned long)kr_stash_ret);
	KEXPECT_EQ(returns, 0);
	on_hart(2, do_resume, (void *)4242);
	KEXPECT_EQ(migr_result, 4242);
	KEXPECT_EQ(returns, 1);
	KEXPECT_EQ(migr_enter_hart, ncpu > 1 ? 1 : 0);
	KEXPECT_EQ(migr_ret_hart, ncpu > 2 ? 2 : 0);
	KEXPECT_EQ(migr_ret_a0, 4242);
	KEXPECT_EQ(migr_ret_addr, (unsigned long)kr_stash_ret);
	unregister_kretprobe(&rp);
	/* Untraced, the same pair returns straight. */
	kr_stash_call(&stash_tramp);
	KEXPECT_EQ(stash_tramp, (unsigned long)kr_stash_ret);
	KEXPECT_EQ(kr_resume(stash_tramp, 17), 17);
	NO_LEAKS_END;
}

/*
 * Unregister while calls are in flight: harts blocked inside the traced
 * function (kr_wait), and a call left in flight by kr_stash. Each still
 * returns to its caller with its value, without the handler; the pool is
 * freed once the last returns.
 */
static volatile bool wait_release;
static unsigned long waiters_in, waiters_ok;

__attribute__((noipa)) unsigned long
kr_wait(unsigned long x)
{
	__atomic_fetch_add(&waiters_in, 1, __ATOMIC_RELAXED);
	while (!__atomic_load_n(&wait_release, __ATOMIC_ACQUIRE))
		wfi();
	return x + 1;
}

static void
waiter(void *arg)
{
	unsigned long x = (unsigned long)arg;

	if (kr_wait(x) == x + 1)
		__atomic_fetch_add(&waiters_ok, 1, __ATOMIC_RELAXED);
}

static int
ret_count(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	__atomic_fetch_add(&returns, 1, __ATOMIC_RELAXED);
	return 0;
}

static void
nothing(void *arg)
{
}

KTEST(kretprobe, unregister_with_calls_in_flight)
{
	NO_LEAKS_BEGIN;
	struct kretprobe wait_rp = { .kp.symbol_name = "kr_wait", .handler = ret_count };
	struct kretprobe stash_rp = { .kp.symbol_name = "kr_stash", .handler = ret_count };
	struct kretprobe *both[] = { &wait_rp, &stash_rp };
	unsigned nwaiters = ncpu - 1;

	reset();
	waiters_in = waiters_ok = 0;
	wait_release = false;
	KEXPECT_EQ(register_kretprobes(both, 2), 0);
	kr_stash_call(&stash_tramp);
	KEXPECT(is_trampoline(stash_tramp));
	for (unsigned i = 0; i < ncpu; i++)
		if (i != cpuid())
			smp_work_start(i, waiter, (void *)(100ul + i));
	while (__atomic_load_n(&waiters_in, __ATOMIC_RELAXED) < nwaiters)
		;
	unregister_kretprobes(both, 2);
	KEXPECT_EQ(eb_kretprobe_disowned(), nwaiters + 1);
	/* Only the calls in flight keep trampolines. */
	KEXPECT_EQ(eb_kretprobe_trampolines_free(), tramps_before_ - (nwaiters + 1));
	KEXPECT_EQ(kr_resume(stash_tramp, 99), 99);
	KEXPECT_EQ(eb_kretprobe_disowned(), nwaiters);
	__atomic_store_n(&wait_release, true, __ATOMIC_RELEASE);
	smp_call_all(nothing, 0);	/* out of wfi */
	for (unsigned i = 0; i < ncpu; i++)
		if (i != cpuid())
			smp_work_wait(i);
	KEXPECT_EQ(waiters_ok, nwaiters);
	KEXPECT_EQ(kr_wait(5), 6);	/* new calls: untraced */
	KEXPECT_EQ(returns, 0);		/* no handler after unregister */
	NO_LEAKS_END;
}

/*
 * Stress: the other harts call a traced function in bursts (sleeping in
 * wfi between them, so each registration's IPIs race with calls) while
 * this hart registers and unregisters its kretprobe. Every call must
 * return its own value to its caller; no handler may run for a call the
 * entry handler did not see; all pools must come back.
 */
#define STRESS_ROUNDS 2000
static volatile bool stress_stop;
static unsigned long stress_bad, stress_calls, stress_entries, stress_returns;

static int
entry_stress(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	*(unsigned long *)ri->data = regs->a0;
	__atomic_fetch_add(&stress_entries, 1, __ATOMIC_RELAXED);
	return 0;
}

static int
ret_stress(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	if (regs->a0 != 3 * *(unsigned long *)ri->data + cpuid())
		__atomic_fetch_add(&stress_bad, 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&stress_returns, 1, __ATOMIC_RELAXED);
	return 0;
}

static void
stress_worker(void *arg)
{
	unsigned me = cpuid();
	unsigned long bad = 0, calls = 0;

	while (!stress_stop) {
		for (unsigned long i = 0; i < 16; i++, calls++)
			if (kr_mix(i, me) != 3 * i + me)
				bad++;
		wfi();
	}
	__atomic_fetch_add(&stress_bad, bad, __ATOMIC_RELAXED);
	__atomic_fetch_add(&stress_calls, calls, __ATOMIC_RELAXED);
}

KTEST(kretprobe, stress_register_against_calls_on_all_harts)
{
	if (ncpu < 2)
		return;
	NO_LEAKS_BEGIN;
	/* By address: registration fills in kp.addr, and a symbol_name next
	 * to it would be refused the second time (as in Linux). */
	struct kretprobe rp = { .kp.addr = (kprobe_opcode_t *)kr_mix,
				.entry_handler = entry_stress,
				.handler = ret_stress,
				.data_size = sizeof(unsigned long) };

	stress_stop = false;
	stress_bad = stress_calls = stress_entries = stress_returns = 0;
	uint64_t t0 = time_ns();
	for (unsigned i = 0; i < ncpu; i++)
		if (i != cpuid())
			smp_work_start(i, stress_worker, 0);
	for (int round = 0; round < STRESS_ROUNDS; round++) {
		if (!KEXPECT_EQ(register_kretprobe(&rp), 0))
			break;
		smp_call_all(nothing, 0);	/* wake the workers */
		unregister_kretprobe(&rp);
		smp_call_all(nothing, 0);
	}
	stress_stop = true;
	for (unsigned i = 0; i < ncpu; i++)
		if (i != cpuid())
			smp_work_wait(i);
	printf("    %d rounds in %lu ms; %lu calls, %lu traced, %lu returns seen\n",
	       STRESS_ROUNDS, (unsigned long)((time_ns() - t0) / 1000000),
	       stress_calls, stress_entries, stress_returns);
	KEXPECT_EQ(stress_bad, 0);
	KEXPECT(stress_returns <= stress_entries);
	KEXPECT(stress_returns > 100);
	NO_LEAKS_END;
}

/* A backtrace taken below a traced call shows the real return address
 * where the stack holds the trampoline. */
KTEST(kretprobe, backtrace_through_the_trampoline)
{
	struct kretprobe rp = { .kp.symbol_name = "kr_bt_inner" };
	struct kretprobe twice = { .kp.symbol_name = "kr_bt_inner" };
	unsigned long bt[16];

	KEXPECT_EQ(register_kretprobe(&rp), 0);
	for (int round = 0; round < 2; round++) {
		int n = kr_bt_outer(bt, ARRAY_SIZE(bt));
		bool real = false, tramp = false;
		for (int i = 0; i < n; i++) {
			real |= bt[i] == (unsigned long)kr_bt_outer_ret;
			tramp |= is_trampoline(bt[i]);
		}
		KEXPECT(is_trampoline(kr_bt_seen_ra));	/* on the stack */
		KEXPECT(real);
		KEXPECT(!tramp);
		/* Then with two kretprobes: chained trampolines. */
		if (round == 0)
			KEXPECT_EQ(register_kretprobe(&twice), 0);
	}
	unregister_kretprobe(&twice);
	unregister_kretprobe(&rp);
	kr_bt_outer(bt, ARRAY_SIZE(bt));
	KEXPECT_EQ(kr_bt_seen_ra, (unsigned long)kr_bt_outer_ret);
}

/* Handlers that call traced functions: those calls go untraced and
 * count as missed on the kprobe; nothing deadlocks. */
static struct kretprobe inner_rp = { .kp.symbol_name = "kr_mix",
				     .handler = ret_count };

static int
ret_calls_traced(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	if (kr_mix(1, 1) != 4 || kr_recurse(2) != 2)
		mismatches++;
	returns++;
	return 0;
}

static int
entry_calls_traced(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	if (kr_mix(2, 2) != 8)
		mismatches++;
	return 0;
}

KTEST(kretprobe, handlers_calling_traced_functions_are_missed)
{
	NO_LEAKS_BEGIN;
	struct kretprobe outer = { .kp.symbol_name = "kr_recurse",
				   .entry_handler = entry_calls_traced,
				   .handler = ret_calls_traced };

	inner_rp.kp.nmissed = inner_rp.nmissed = 0;
	KEXPECT_EQ(register_kretprobe(&inner_rp), 0);
	KEXPECT_EQ(register_kretprobe(&outer), 0);
	reset();
	KEXPECT_EQ(kr_recurse(0), 0);
	/* The return handler's own kr_recurse(2): 3 entries missed. */
	KEXPECT_EQ(returns, 1);
	KEXPECT_EQ(mismatches, 0);
	KEXPECT_EQ(outer.kp.nmissed, 3);
	KEXPECT_EQ(inner_rp.kp.nmissed, 2);	/* one from each handler */
	KEXPECT_EQ(kr_mix(1, 2), 5);		/* still traced */
	KEXPECT_EQ(returns, 2);
	unregister_kretprobe(&outer);
	unregister_kretprobe(&inner_rp);
	NO_LEAKS_END;
}

/* Faulting handlers are abandoned: the call counts in kp.nmissed, goes
 * on (returns to its caller with its value), and its instance goes back
 * to the pool. */
static volatile int *volatile kr_unmapped = (volatile int *)0x10;
static bool handlers_fault;

static int
entry_may_fault(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	if (handlers_fault) {
		entries++;
		asm volatile("" ::: "memory");	/* counted before the fault */
		return *kr_unmapped;
	}
	return entry_keep_n(ri, regs);
}

static int
ret_may_fault(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	if (handlers_fault) {
		returns++;
		asm volatile("" ::: "memory");
		return *kr_unmapped;
	}
	return ret_check_n(ri, regs);
}

/* kr_recurse(n) with interrupts on or off as given; whether they are as
 * given after, and the value. */
static bool
recurse_keeps_sie(unsigned long n, bool on)
{
	bool was = intr_get(), same;

	if (on)
		intr_on();
	else
		intr_off();
	same = kr_recurse(n) == n && intr_get() == on;
	if (was)
		intr_on();
	else
		intr_off();
	return same;
}

KTEST(kretprobe, handler_faults_are_missed_calls)
{
	NO_LEAKS_BEGIN;
	struct kretprobe at_entry = on_recurse(entry_may_fault, ret_check_n, 4);
	struct kretprobe at_return = on_recurse(entry_keep_n, ret_may_fault, 4);

	KEXPECT_EQ(register_kretprobe(&at_entry), 0);
	handlers_fault = true;
	reset();
	KEXPECT(recurse_keeps_sie(9, true));
	KEXPECT_EQ(entries, 10);
	KEXPECT_EQ(returns, 0);
	KEXPECT_EQ(at_entry.kp.nmissed, 10);
	KEXPECT_EQ(at_entry.nmissed, 0);	/* an instance each time */
	handlers_fault = false;
	reset();
	KEXPECT_EQ(kr_recurse(3), 3);		/* all 4 instances came back */
	KEXPECT_EQ(returns, 4);
	KEXPECT_EQ(mismatches, 0);
	unregister_kretprobe(&at_entry);

	KEXPECT_EQ(register_kretprobe(&at_return), 0);
	handlers_fault = true;
	reset();
	KEXPECT(recurse_keeps_sie(3, true));	/* each level returns right */
	KEXPECT(recurse_keeps_sie(3, false));
	KEXPECT_EQ(returns, 8);
	KEXPECT_EQ(at_return.kp.nmissed, 8);
	handlers_fault = false;
	reset();
	KEXPECT_EQ(kr_recurse(3), 3);
	KEXPECT_EQ(returns, 4);
	KEXPECT_EQ(mismatches, 0);
	KEXPECT_EQ(at_return.nmissed, 0);
	unregister_kretprobe(&at_return);
	NO_LEAKS_END;
}

static int
pre_faults(struct kprobe *p, struct pt_regs *regs)
{
	return *kr_unmapped;
}

/* A kprobe whose handler faults, with a kretprobe on the same entry: a
 * kretprobe registered before it took each call (its return is seen)
 * and misses none; one registered after it never ran, and misses each. */
KTEST(kretprobe, beside_a_faulting_kprobe_counts_what_it_missed)
{
	NO_LEAKS_BEGIN;
	struct kprobe k = { .addr = (kprobe_opcode_t *)kr_mix,
			    .pre_handler = pre_faults };
	struct kretprobe rp = { .kp.addr = (kprobe_opcode_t *)kr_mix,
				.handler = ret_count };

	reset();
	KEXPECT_EQ(register_kretprobe(&rp), 0);
	KEXPECT_EQ(register_kprobe(&k), 0);
	for (int i = 0; i < 5; i++)
		KEXPECT_EQ(kr_mix(2, 3), 9);
	KEXPECT_EQ(returns, 5);
	KEXPECT_EQ(rp.kp.nmissed + rp.nmissed, 0);
	KEXPECT_EQ(k.nmissed, 5);
	unregister_kretprobe(&rp);
	KEXPECT_EQ(register_kretprobe(&rp), 0);	/* now after k */
	for (int i = 0; i < 5; i++)
		KEXPECT_EQ(kr_mix(2, 3), 9);
	KEXPECT_EQ(returns, 5);
	KEXPECT_EQ(rp.kp.nmissed, 5);
	KEXPECT_EQ(k.nmissed, 10);
	unregister_kretprobe(&rp);
	unregister_kprobe(&k);
	NO_LEAKS_END;
}

static int
pre_faults_at_0(struct kprobe *p, struct pt_regs *regs)
{
	return regs->a0 ? 0 : *kr_unmapped;
}

/* The same through tail calls: kr_tail(1) enters kr_tail again with the
 * first entry's return address, the kretprobe's trampoline. A kretprobe
 * after the kprobe took the first call only: the second, where the
 * kprobe faults, it missed, though its instance is on the chain. One
 * before the kprobe took both. */
KTEST(kretprobe, beside_a_faulting_kprobe_through_tail_calls)
{
	NO_LEAKS_BEGIN;
	struct kprobe k = { .addr = (kprobe_opcode_t *)kr_tail,
			    .pre_handler = pre_faults_at_0 };
	struct kretprobe rp = { .kp.addr = (kprobe_opcode_t *)kr_tail,
				.handler = ret_count };

	reset();
	KEXPECT_EQ(register_kprobe(&k), 0);
	KEXPECT_EQ(register_kretprobe(&rp), 0);
	for (int i = 0; i < 5; i++)
		KEXPECT_EQ(kr_tail(1), 7);
	KEXPECT_EQ(returns, 5);
	KEXPECT_EQ(k.nmissed, 5);
	KEXPECT_EQ(rp.kp.nmissed, 5);
	unregister_kprobe(&k);
	KEXPECT_EQ(register_kprobe(&k), 0);	/* now after rp */
	for (int i = 0; i < 5; i++)
		KEXPECT_EQ(kr_tail(1), 7);
	KEXPECT_EQ(returns, 15);	/* both calls taken */
	KEXPECT_EQ(rp.kp.nmissed + rp.nmissed, 5);	/* as before */
	KEXPECT_EQ(k.nmissed, 10);
	unregister_kretprobe(&rp);
	unregister_kprobe(&k);
	NO_LEAKS_END;
}

/* Each bad registration fails with its errno and changes nothing. */
static void
expect_refused(struct kretprobe *rp, int err, const char *what)
{
	size_t heap = kmalloc_live_bytes(), tramps = eb_kretprobe_trampolines_free();

	if (!KEXPECT_EQ(register_kretprobe(rp), err))
		printf("    case: %s\n", what);
	KEXPECT_EQ(kmalloc_live_bytes(), heap);
	KEXPECT_EQ(eb_kretprobe_trampolines_free(), tramps);
}

KTEST(kretprobe, registration_errors)
{
	struct kretprobe offset = { .kp.symbol_name = "kr_recurse", .kp.offset = 4 };
	struct kretprobe mid = { .kp.addr = (kprobe_opcode_t *)kr_recurse_ret };
	struct kretprobe unknown = { .kp.symbol_name = "no_such_function" };
	struct kretprobe own = { .kp.symbol_name = "register_kretprobe" };
	struct kretprobe huge = { .kp.symbol_name = "kr_recurse" };
	struct kretprobe ok = { .kp.symbol_name = "kr_recurse" };
	struct kretprobe dup = { .kp.symbol_name = "kr_mix" };

	huge.maxactive = eb_kretprobe_trampolines_free() + 1;
	expect_refused(&offset, -22, "not at entry: symbol+offset");
	expect_refused(&mid, -22, "not at entry: address");
	expect_refused(&unknown, -2, "unknown symbol");
	expect_refused(&own, -22, "ebreak's own code");
	expect_refused(&huge, -12, "more instances than trampolines");
	KEXPECT_EQ(register_kretprobe(&ok), 0);
	expect_refused(&ok, -22, "already registered");
	/* A batch is all or none. */
	KEXPECT_EQ(register_kretprobes((struct kretprobe *[]){ &dup, &unknown }, 2), -2);
	KEXPECT(dup.pool == NULL);
	KEXPECT_EQ(kr_mix(1, 1), 4);
	unregister_kretprobe(&ok);
}

/* A return handler that faults after its kretprobe was disowned by an
 * unregister running on another hart (before that unregister's grace
 * period, which waits for the handler). */
static volatile int rv_in_handler, rv_done;

static int
ret_wait_disown_then_fault(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	rv_in_handler = 1;
	while (get_kretprobe(ri))	/* unregister_kretprobe disowned it */
		;
	return *kr_unmapped;
}

static void
rv_caller(void *arg)
{
	kr_recurse(0);
	rv_done = 1;
}

KTEST(kretprobe, return_handler_fault_racing_unregister)
{
	static struct kretprobe rp = { .kp.symbol_name = "kr_recurse",
				       .handler = ret_wait_disown_then_fault };
	if (ncpu < 2)
		return;
	rv_in_handler = rv_done = 0;
	KEXPECT_EQ(register_kretprobe(&rp), 0);
	unsigned other = cpuid() == 0 ? 1 : 0;
	smp_work_start(other, rv_caller, 0);
	while (!rv_in_handler)
		;
	unregister_kretprobe(&rp);
	smp_work_wait(other);
	KEXPECT_EQ(rv_done, 1);
	KEXPECT_EQ(rp.kp.nmissed, 1);
}

/* A kprobe on a function a return handler calls, the kprobe's handler,
 * the return handler or both faulting, with and without a post handler:
 * each fault is abandoned at its own level and the recursion returns
 * right. */
noinline int rv_leaf(int x);
noinline int
rv_leaf(int x)
{
	asm volatile("");
	return x * 2 + 1;
}

static int rv_leaf_seen, rv_kp_hits, rv_h_fault, rv_k_fault;

static int
rv_pre(struct kprobe *p, struct pt_regs *regs)
{
	rv_kp_hits++;
	if (rv_k_fault)
		return *kr_unmapped;
	return 0;
}

static void
rv_post(struct kprobe *p, struct pt_regs *regs, unsigned long flags)
{
}

static int
rv_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	rv_leaf_seen = rv_leaf(3);
	if (rv_h_fault)
		return *kr_unmapped;
	return 0;
}

KTEST(kretprobe, kprobe_fault_nested_in_return_handler)
{
	static struct kretprobe rp = { .kp.symbol_name = "kr_recurse",
				       .handler = rv_ret };
	static struct kprobe kp = { .symbol_name = "rv_leaf",
				    .pre_handler = rv_pre };
	for (int post = 0; post < 2; post++) {
		kp.post_handler = post ? rv_post : NULL;
		KEXPECT_EQ(register_kretprobe(&rp), 0);
		KEXPECT_EQ(register_kprobe(&kp), 0);
		for (int mode = 0; mode < 4; mode++) {
			rv_k_fault = mode & 1;
			rv_h_fault = mode & 2;
			rv_leaf_seen = rv_kp_hits = 0;
			KEXPECT_EQ(kr_recurse(2), 2);
			KEXPECT_EQ(rv_kp_hits, 3);
			KEXPECT_EQ(rv_leaf_seen, 7);
			rv_k_fault = rv_h_fault = 0;
			unsigned long m = kp.nmissed;
			KEXPECT_EQ(rv_leaf(1), 3);	/* a plain hit afterwards */
			KEXPECT_EQ(rv_kp_hits, 4);
			KEXPECT_EQ(kp.nmissed, m);
		}
		unregister_kprobe(&kp);
		unregister_kretprobe(&rp);
		KEXPECT_EQ(rp.kp.nmissed, post ? 12 : 6);
	}
}

