/*
 * eb_async_follow's frame (lib/arch/riscv/async_follow.S), from the
 * review of issue 17: the interrupt state a probed poll leaves is the
 * one its caller had or its poll left, whichever handler faults; a poll
 * whose handlers all fault ends, each fault counted once; an observer
 * that faults; the guard slot clear during the poll and set again
 * after it; a poll followed by no probe (after EB_READY, from a
 * handler) leaves nothing set; a kprobe and a kretprobe on the polled
 * function; a probe unregistered while another hart is in the poll.
 * Handlers and polls check that interrupts are as the frame promises
 * and that sp is 16-byte aligned; callers, that s0 and s1-s11 came back.
 */
#include "ktest.h"
#include "riscv.h"
#include <ebreak/async_probe.h>
#include <ebreak/kprobes.h>
#include "poll_keeping.h"

static volatile int *volatile af_unmapped = (volatile int *)0x10;

/* What the handlers and polls below saw, each set, not reset, by them. */
static volatile unsigned handler_irq_on, misaligned, events, observed;
static volatile unsigned fault_kinds;	/* 1 << kind: the kinds that fault */

static inline bool
sp_misaligned(void)
{
	uintptr_t sp;

	asm volatile("mv %0, sp" : "=r"(sp));
	return sp & 15;
}

/* Counts, checks how it runs, then faults on the kinds in fault_kinds. */
static void
checking_handler(struct async_probe *ap, const struct eb_async_event *ev)
{
	events++;
	handler_irq_on |= intr_get();
	misaligned |= sp_misaligned();
	if (fault_kinds & 1u << ev->kind)
		(void)*af_unmapped;
}

static void
counting_observer(struct async_probe *ap, const struct eb_async_event *ev)
{
	observed++;
}

static void
faulting_observer(struct async_probe *ap, const struct eb_async_event *ev)
{
	counting_observer(ap, ev);
	(void)*af_unmapped;
}

/* The interrupt state af_poll leaves: as it found it, off or on. */
enum { IRQ_KEEP, IRQ_OFF, IRQ_ON };
static unsigned irq_mode, polls, poll_irq_on;

/* Pending twice, then ready; sets interrupts as irq_mode says. */
static enum eb_poll
af_poll(struct eb_future *f, struct eb_context *cx)
{
	misaligned |= sp_misaligned();
	poll_irq_on = intr_get();
	if (irq_mode == IRQ_OFF)
		intr_off();
	else if (irq_mode == IRQ_ON)
		intr_on();
	return ++polls % 3 ? EB_LEAF_PENDING(f) : EB_READY;
}

static void
reset(unsigned faults)
{
	handler_irq_on = misaligned = events = observed = 0;
	polls = 0;
	irq_mode = IRQ_KEEP;
	fault_kinds = faults;
}

static bool
register_on(struct async_probe *ap, eb_poll_fn poll)
{
	*ap = (struct async_probe){ .poll = poll, .handler = checking_handler };
	return KEXPECT_EQ(register_async_probe(ap), 0);
}

#define ALL_KINDS (1u << EB_ASYNC_START | 1u << EB_ASYNC_SUSPEND | \
		   1u << EB_ASYNC_RESUME | 1u << EB_ASYNC_COMPLETE)

/* Breaks the rule: turns interrupts on. */
static void
irq_on_handler(struct async_probe *ap, const struct eb_async_event *ev)
{
	events++;
	intr_on();
}

/* One poll of f from a caller with interrupts on or off (caller_on), the
 * poll leaving them as mode says: the poll sees the caller's, the
 * caller gets back the poll's; r the poll's result. */
static void
poll_with_irq(struct eb_future *f, int caller_on, unsigned mode,
	      enum eb_poll r)
{
	irq_mode = mode;
	if (caller_on)
		intr_on();
	else
		intr_off();
	KEXPECT_EQ(eb_future_poll(f, 0), r);
	int after = intr_get();
	intr_on();
	KEXPECT_EQ(poll_irq_on, caller_on);
	KEXPECT_EQ(after, mode == IRQ_KEEP ? caller_on : mode == IRQ_ON);
}

/* Interrupts are the caller's during the poll and the poll's after it,
 * whether the poll's handlers fault (at START from a caller with them
 * off, at SUSPEND after a poll that turned them off, at COMPLETE after
 * one that turned them on) or not; handlers run with them off. */
KTEST(async_probe, interrupts_are_the_callers_then_the_polls)
{
	struct async_probe p;
	struct eb_future f = EB_FUTURE_INIT(af_poll);

	reset(1u << EB_ASYNC_START | 1u << EB_ASYNC_SUSPEND |
	      1u << EB_ASYNC_COMPLETE);
	if (!register_on(&p, af_poll))
		return;
	poll_with_irq(&f, 0, IRQ_KEEP, EB_PENDING);	/* START faults */
	poll_with_irq(&f, 1, IRQ_OFF, EB_PENDING);	/* RESUME, SUSPEND faults */
	poll_with_irq(&f, 0, IRQ_ON, EB_READY);		/* COMPLETE faults */
	unregister_async_probe(&p);
	KEXPECT_EQ(polls, 3);
	KEXPECT_EQ(events, 6);
	KEXPECT_EQ(eb_async_probe_missed(&p), 4);	/* all but RESUMEs */
	KEXPECT_EQ(handler_irq_on, 0);
	KEXPECT_EQ(misaligned, 0);
}

/* A handler that turns interrupts on (which it must not) changes
 * neither the poll's state nor its caller's: both are set exactly, not
 * only turned on where they were on. */
KTEST(async_probe, a_handler_turning_interrupts_on_leaks_nothing)
{
	struct async_probe p = { .poll = af_poll, .handler = irq_on_handler };
	struct eb_future f = EB_FUTURE_INIT(af_poll);

	reset(0);
	if (!KEXPECT_EQ(register_async_probe(&p), 0))
		return;
	poll_with_irq(&f, 0, IRQ_KEEP, EB_PENDING);	/* START, SUSPEND */
	poll_with_irq(&f, 1, IRQ_OFF, EB_PENDING);
	poll_with_irq(&f, 0, IRQ_KEEP, EB_READY);
	unregister_async_probe(&p);
	KEXPECT_EQ(events, 6);
}

static inline uintptr_t
s0_now(void)
{
	uintptr_t s0;

	asm volatile("mv %0, s0" : "=r"(s0));
	return s0;
}

/* poll_keeping.h. Whatever callee-saved registers the compiler keeps
 * the twelve values in must come back as they were, and s0 (this
 * function's frame pointer) too. */
noinline uint64_t
ap_poll_keeping(struct eb_future *f, enum eb_poll *r)
{
	static volatile uint64_t in[12] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
					    11, 12 };
	uint64_t v0 = in[0], v1 = in[1], v2 = in[2], v3 = in[3], v4 = in[4],
		 v5 = in[5], v6 = in[6], v7 = in[7], v8 = in[8], v9 = in[9],
		 v10 = in[10], v11 = in[11];
	uintptr_t s0 = s0_now();

	*r = eb_future_poll(f, 0);
	KEXPECT_EQ(s0_now(), s0);
	return v0 * 1 + v1 * 2 + v2 * 3 + v3 * 4 + v4 * 5 + v5 * 6 +
	       v6 * 7 + v7 * 8 + v8 * 9 + v9 * 10 + v10 * 11 + v11 * 12;
}

/* Three probes on one function, every handler faulting at every event,
 * the caller's interrupts off: each poll still runs once and returns,
 * the caller's registers whole, each probe missing each of its six
 * events once, and the call leaving every table. */
KTEST(async_probe, every_handler_faulting_ends)
{
	struct async_probe p[3];
	struct eb_future f = EB_FUTURE_INIT(af_poll);
	enum eb_poll r = EB_PENDING;

	reset(ALL_KINDS);
	for (int i = 0; i < 3; i++)
		if (!register_on(&p[i], af_poll))
			return;
	for (int i = 0; i < 3 && r == EB_PENDING; i++) {
		intr_off();
		KEXPECT_EQ(ap_poll_keeping(&f, &r), POLL_KEPT);
		KEXPECT_EQ(intr_get(), 0);
		intr_on();
	}
	KEXPECT_EQ(r, EB_READY);
	KEXPECT_EQ(polls, 3);
	KEXPECT_EQ(events, 18);
	for (int i = 0; i < 3; i++) {
		KEXPECT_EQ(eb_async_probe_missed(&p[i]), 6);
		KEXPECT_EQ(eb_async_probe_calls(&p[i]), 0);
		unregister_async_probe(&p[i]);
	}
	KEXPECT_EQ(handler_irq_on, 0);
	KEXPECT_EQ(misaligned, 0);
}

/* One call of af_poll, to its end, with p on it (its handler faulting
 * at faults) and obs observing: the events p's handler and the observer
 * saw. */
static void
observed_call(unsigned faults, async_probe_handler_t obs,
	      unsigned handled, unsigned seen)
{
	struct async_probe p;
	struct eb_future f = EB_FUTURE_INIT(af_poll);
	enum eb_poll r;

	reset(faults);
	if (!register_on(&p, af_poll))
		return;
	eb_async_probe_observe(obs);
	do
		KEXPECT_EQ(ap_poll_keeping(&f, &r), POLL_KEPT);
	while (r == EB_PENDING && polls < 3);
	eb_async_probe_observe(NULL);
	KEXPECT_EQ(r, EB_READY);
	KEXPECT_EQ(events, handled);
	KEXPECT_EQ(observed, seen);
	KEXPECT_EQ(eb_async_probe_missed(&p), 6);
	KEXPECT_EQ(eb_async_probe_calls(&p), 0);
	unregister_async_probe(&p);
}

/* An observer that faults at every event: the probe's handler still
 * sees each, before it; the fault is counted as the probe's miss (the
 * observer has no count of its own); the call leaves the table. A
 * handler that faults at every event: the observer sees none. */
KTEST(async_probe, a_faulting_observer_costs_the_probe_a_miss)
{
	observed_call(0, faulting_observer, 6, 6);
	observed_call(ALL_KINDS, counting_observer, 6, 0);
}

/* A poll that polls af_poll's future inside itself. */
static struct eb_future inner;

static enum eb_poll
af_outer_poll(struct eb_future *f, struct eb_context *cx)
{
	eb_future_poll(&inner, cx);
	return EB_LEAF_PENDING(f);
}

/* The guard slot is clear during a probed poll (a probed poll inside it
 * is followed) and set again after it, the inner poll's frame gone: the
 * outer poll's SUSPEND handler that faults is abandoned, not the
 * kernel's fault. */
KTEST(async_probe, the_guard_comes_back_after_a_nested_poll)
{
	struct async_probe p, q;
	struct eb_future outer = EB_FUTURE_INIT(af_outer_poll);

	reset(1u << EB_ASYNC_SUSPEND);
	inner = EB_FUTURE_INIT(af_poll);
	if (!register_on(&p, af_outer_poll) || !register_on(&q, af_poll))
		return;
	KEXPECT_EQ(eb_future_poll(&outer, 0), EB_PENDING);
	unregister_async_probe(&p);
	unregister_async_probe(&q);
	KEXPECT_EQ(polls, 1);
	KEXPECT_EQ(events, 4);		/* START, START, SUSPEND, SUSPEND */
	KEXPECT_EQ(eb_async_probe_missed(&q), 1);	/* followed, faulted */
	KEXPECT_EQ(eb_async_probe_missed(&p), 1);
	KEXPECT_EQ(misaligned, 0);
}

static struct eb_future *polled_by_handler;
static uint64_t kept_in_handler;

/* Polls polled_by_handler (unfollowed: from a handler), its registers
 * checked. */
static void
polling_handler(struct async_probe *ap, const struct eb_async_event *ev)
{
	enum eb_poll r;

	checking_handler(ap, ev);
	if (ev->future != polled_by_handler)
		kept_in_handler = ap_poll_keeping(polled_by_handler, &r);
}

/* Polls that no probe follows though one is on their function (the
 * future polled again after EB_READY; a poll from inside a handler)
 * return with the caller's registers and interrupts, and leave the
 * guard slot clear: the next poll is followed. */
KTEST(async_probe, unfollowed_polls_leave_nothing_set)
{
	struct async_probe p = { .poll = af_poll, .handler = polling_handler };
	struct eb_future f = EB_FUTURE_INIT(af_poll);
	struct eb_future g = EB_FUTURE_INIT(af_poll);
	enum eb_poll r;

	reset(0);
	polled_by_handler = &g;
	kept_in_handler = 0;
	if (!KEXPECT_EQ(register_async_probe(&p), 0))
		return;
	f.state = EB_FUTURE_DONE;	/* polled after EB_READY */
	intr_off();
	KEXPECT_EQ(ap_poll_keeping(&f, &r), POLL_KEPT);
	KEXPECT_EQ(intr_get(), 0);
	intr_on();
	KEXPECT_EQ(events, 0);
	f = EB_FUTURE_INIT(af_poll);	/* followed: START, its end */
	KEXPECT_EQ(ap_poll_keeping(&f, &r), POLL_KEPT);
	unregister_async_probe(&p);
	KEXPECT_EQ(events, 2);
	KEXPECT_EQ(kept_in_handler, POLL_KEPT);
	KEXPECT_EQ(eb_async_probe_missed(&p), 2);	/* g, from each */
	KEXPECT_EQ(polls, 4);
	KEXPECT_EQ(handler_irq_on, 0);
	KEXPECT_EQ(misaligned, 0);
}

static unsigned entries, returns;
static long returned[3];

static int
count_entry(struct kprobe *kp, struct pt_regs *regs)
{
	entries++;
	return 0;
}

static int
note_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	if (returns < 3)
		returned[returns] = regs->a0;
	returns++;
	return 0;
}

/* A kprobe and a kretprobe on a function async probes follow, whose
 * handlers all fault: the poll, which eb_async_follow calls, hits the
 * kprobe and returns through the kretprobe's trampoline each time, with
 * its result; no instance is kept. */
KTEST(async_probe, kprobes_on_the_polled_function)
{
	struct kprobe kp = { .addr = (kprobe_opcode_t *)af_poll,
			     .pre_handler = count_entry };
	struct kretprobe rp = { .kp.addr = (kprobe_opcode_t *)af_poll,
				.handler = note_return };
	struct async_probe p;
	struct eb_future f = EB_FUTURE_INIT(af_poll);
	enum eb_poll r = EB_PENDING;

	reset(ALL_KINDS);
	entries = returns = 0;
	if (!KEXPECT_EQ(register_kprobe(&kp), 0))
		return;
	if (KEXPECT_EQ(register_kretprobe(&rp), 0) && register_on(&p, af_poll)) {
		for (int i = 0; i < 3 && r == EB_PENDING; i++)
			KEXPECT_EQ(ap_poll_keeping(&f, &r), POLL_KEPT);
		unregister_async_probe(&p);
		KEXPECT_EQ(eb_async_probe_missed(&p), 6);
	}
	unregister_kretprobe(&rp);
	unregister_kprobe(&kp);
	KEXPECT_EQ(r, EB_READY);
	KEXPECT_EQ(entries, 3);
	KEXPECT_EQ(kp.nmissed, 0);
	KEXPECT_EQ(rp.nmissed, 0);
	if (KEXPECT_EQ(returns, 3)) {
		KEXPECT_EQ(returned[0], EB_PENDING);
		KEXPECT_EQ(returned[2], EB_READY);
	}
	KEXPECT_EQ(eb_kretprobe_disowned(), 0);
}

/* --- unregistering while another hart is inside the poll ------------------ */

static volatile unsigned in_poll, release;

/* Ready once released: the poll in progress until then. */
static enum eb_poll
af_blocking_poll(struct eb_future *f, struct eb_context *cx)
{
	in_poll = 1;
	while (!release)
		;
	return EB_READY;
}

static volatile unsigned seen_by[2];	/* events of p, of q */
static struct async_probe *first_probe;

static void
counting_handler(struct async_probe *ap, const struct eb_async_event *ev)
{
	seen_by[ap != first_probe]++;
}

static void
poll_blocking(void *arg)
{
	struct eb_future f = EB_FUTURE_INIT(af_blocking_poll);

	KEXPECT_EQ(eb_future_poll(&f, 0), EB_READY);
}

/* A probe unregistered while another hart is inside a poll it entered
 * (interrupts on there, as its caller had them): unregistering returns
 * before the poll does, its table freed; the poll's COMPLETE goes to the
 * other probe on the function only. */
KTEST(async_probe, unregister_while_another_hart_polls)
{
	struct async_probe p = { .poll = af_blocking_poll,
				 .handler = counting_handler };
	struct async_probe q = p;
	unsigned other = (cpuid() + 1) % ncpu;

	if (ncpu < 2)
		return;		/* no other hart */
	in_poll = release = 0;
	seen_by[0] = seen_by[1] = 0;
	first_probe = &p;
	if (!KEXPECT_EQ(register_async_probe(&q), 0))
		return;
	size_t bytes = kmalloc_live_bytes();
	if (!KEXPECT_EQ(register_async_probe(&p), 0))
		return;
	smp_work_start(other, poll_blocking, 0);
	uint64_t until = rdtime() + timebase_hz;
	while (!in_poll && rdtime() < until)
		;
	KEXPECT(in_poll);
	unregister_async_probe(&p);
	KEXPECT_EQ(kmalloc_live_bytes(), bytes);
	KEXPECT_EQ(seen_by[0], 1);	/* p's START */
	release = 1;
	smp_work_wait(other);
	KEXPECT_EQ(seen_by[0], 1);
	KEXPECT_EQ(seen_by[1], 2);	/* q's START, COMPLETE */
	KEXPECT_EQ(eb_async_probe_calls(&q), 0);
	unregister_async_probe(&q);
}
