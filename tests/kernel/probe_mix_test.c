/*
 * Everything at once: on one function a kretprobe, a kprobe sharing its
 * entry and a return event; on another a kprobe with and without a post
 * handler, disabled and enabled, and an entry event with arguments; now
 * and then handlers that fault. Hart 0 registers and removes all of it,
 * round after round, while the other harts call both functions (and so
 * does hart 0 between steps: on one hart it is the only caller). Every
 * call must return its value, every return handler must see the value
 * its entry saw, the trace ring must hold only whole records, and at the
 * end heap, probe slots and trampolines are back where they were.
 */
#include "ktest.h"
#include "probe_workers.h"
#include "riscv.h"
#include "trace_collect.h"
#include <ebreak/kprobe_events.h>
#include <ebreak/kprobes.h>

noinline unsigned long mix_a(unsigned long x);
noinline unsigned long mix_b(unsigned long x);

noinline unsigned long
mix_a(unsigned long x)
{
	asm volatile("");
	return 3 * x + 1;
}

noinline unsigned long
mix_b(unsigned long x)
{
	asm volatile("");
	return x ^ 0x55;
}

#define ROUNDS 400
#define FAULTS_PER_ROUND 2	/* in rounds that fault: each log a line */

static volatile bool mix_stop;
static volatile long fault_budget;	/* faults left in this round */
static volatile unsigned long mix_bad, mix_calls, mix_returns;
static volatile int *volatile mix_unmapped = (volatile int *)0x10;

/* Fault, if this round still may: the handler is abandoned. */
static int
maybe_fault(void)
{
	if (__atomic_fetch_sub(&fault_budget, 1, __ATOMIC_RELAXED) > 0)
		return *mix_unmapped;
	return 0;
}

static int
pre_b(struct kprobe *p, struct pt_regs *regs)
{
	return regs->a0 % 7 == 0 ? maybe_fault() : 0;
}

static void
post_b(struct kprobe *p, struct pt_regs *regs, unsigned long flags)
{
}

static int
pre_a(struct kprobe *p, struct pt_regs *regs)
{
	return regs->a0 % 5 == 0 ? maybe_fault() : 0;
}

static int
entry_a(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	*(unsigned long *)ri->data = regs->a0;
	return regs->a0 % 11 == 0 ? maybe_fault() : 0;
}

static int
ret_a(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	unsigned long x = *(unsigned long *)ri->data;

	__atomic_fetch_add(&mix_returns, 1, __ATOMIC_RELAXED);
	if (regs->a0 != 3 * x + 1)
		__atomic_fetch_add(&mix_bad, 1, __ATOMIC_RELAXED);
	return x % 13 == 0 ? maybe_fault() : 0;
}

/* 16 calls of each function from *x on; counts them and the wrong ones. */
static void
burst(unsigned long *x)
{
	unsigned long bad = 0;

	for (int i = 0; i < 16; i++, ++*x)
		bad += (mix_a(*x) != 3 * *x + 1) + (mix_b(*x) != (*x ^ 0x55));
	__atomic_fetch_add(&mix_bad, bad, __ATOMIC_RELAXED);
	__atomic_fetch_add(&mix_calls, 16, __ATOMIC_RELAXED);
}

static void
mix_worker(void *arg)
{
	unsigned long x = cpuid() << 20;

	while (!mix_stop) {
		burst(&x);
		wfi();
	}
}

/* The workers call, and so does hart 0 (the only caller on one hart). */
static void
everyone_calls(void)
{
	static unsigned long x;

	let_workers_call();
	burst(&x);
}

static void
define_ok(const char *line)
{
	char msg[128];

	if (!KEXPECT_EQ(eb_kprobe_events_write(line, msg, sizeof msg), 0))
		printf("    %s: %s\n", line, msg);
}

/* One round: everything on, the workers call, some of it changes, off
 * again in another order. */
static void
mix_round(int round)
{
	struct kprobe kb = { .addr = (kprobe_opcode_t *)mix_b, .pre_handler = pre_b,
			     .post_handler = round & 1 ? post_b : NULL };
	struct kprobe ka = { .addr = (kprobe_opcode_t *)mix_a, .pre_handler = pre_a };
	struct kretprobe rp = { .kp.addr = (kprobe_opcode_t *)mix_a,
				.entry_handler = entry_a, .handler = ret_a,
				.data_size = sizeof(unsigned long) };

	fault_budget = round % 10 == 0 ? FAULTS_PER_ROUND : 0;
	KEXPECT_EQ(register_kprobe(&kb), 0);
	KEXPECT_EQ(register_kretprobe(&rp), 0);
	KEXPECT_EQ(register_kprobe(&ka), 0);
	define_ok("p:mixb mix_b x=%a0:u64 hi=+0($stack):x8");
	define_ok("r:mixa mix_a ret=$retval");
	everyone_calls();
	if (round % 3 == 0) {
		KEXPECT_EQ(disable_kprobe(&kb), 0);
		everyone_calls();
		KEXPECT_EQ(enable_kprobe(&kb), 0);
	}
	define_ok("-:mixa");
	if (round & 2) {
		unregister_kretprobe(&rp);
		everyone_calls();
		unregister_kprobe(&ka);
	} else {
		unregister_kprobe(&ka);
		everyone_calls();
		unregister_kretprobe(&rp);
	}
	define_ok("-:mixb");
	unregister_kprobe(&kb);
}

KTEST(probe_mix, everything_at_once_on_all_harts)
{
	/* The slot pool's bookkeeping is allocated at its first use, for
	 * good: not a leak of this test. Counting its free slots is one
	 * (mix_b and mix_a have patchable entries: no probe here takes a
	 * slot), so the heap is measured after. */
	size_t slots = eb_kprobe_slots_free(),
	       tramps = eb_kretprobe_trampolines_free(),
	       heap = kmalloc_live_bytes();

	mix_stop = false;
	mix_bad = mix_calls = mix_returns = 0;
	eb_trace_clear();
	for (unsigned i = 0; i < ncpu; i++)
		if (i != cpuid())
			smp_work_start(i, mix_worker, NULL);
	for (int round = 0; round < ROUNDS; round++)
		mix_round(round);
	mix_stop = true;
	let_workers_call();
	for (unsigned i = 0; i < ncpu; i++)
		if (i != cpuid())
			smp_work_wait(i);
	struct collected *c = trace_collect();
	printf("    %lu calls, %lu traced returns, %u records\n", mix_calls,
	       mix_returns, c->n);
	KEXPECT_EQ(mix_bad, 0);
	KEXPECT(mix_returns > 0);
	KEXPECT_EQ(c->bad, 0);
	KEXPECT(!c->unsorted);
	eb_trace_clear();
	KEXPECT_EQ(eb_kretprobe_disowned(), 0);
	KEXPECT_EQ(kmalloc_live_bytes(), heap);
	KEXPECT_EQ(eb_kprobe_slots_free(), slots);
	KEXPECT_EQ(eb_kretprobe_trampolines_free(), tramps);
}
