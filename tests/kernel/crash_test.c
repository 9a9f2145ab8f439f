/*
 * Kernel faults, on purpose. tests/kernel/crash-check.sh boots with
 * test=crash and checks that the panic names the cause, dumps registers
 * and walks the stack through these functions by name;
 * tests/kernel/crash-lock-check.sh boots with each crash_*_lock suite and
 * checks that a probe handler (a kprobe's, a kretprobe's, an async
 * probe's) faulting with a lock held stops the kernel with that reason
 * (abandoning it would leave the lock held), and with crash_unwind that
 * a return handler faulting below a frame the unwind tables do not
 * describe does (its frames cannot be unwound to the trampoline's), with
 * crash_async_walk and crash_async_lookup that an async probe cancel's
 * walk and a probed poll's look-up faulting before any handler do as any
 * kernel fault.
 */
#include "ktest.h"
#include "cfi_unwind.h"
#include <ebreak/kprobes.h>
#include <ebreak/async_probe.h>

noinline static void
crash_write_to_text(volatile uint32_t *text)
{
	*text = 0;	/* text is read+execute only: a store page fault */
}

noinline static void
crash_middle(void)
{
	crash_write_to_text((volatile uint32_t *)crash_middle);
	asm volatile("");	/* keep the call from being a tail call */
}

KTEST(crash, store_to_text_panics_with_backtrace)
{
	crash_middle();
	ktest_fail(__FILE__, __LINE__, "the store to text did not fault");
}

/* --- a handler that faults holding a lock ----------------------------- */

static struct spinlock crash_lock;
static volatile int *volatile crash_unmapped = (volatile int *)0x10;

noinline int crash_probed(int x);

noinline int
crash_probed(int x)
{
	asm volatile("");
	return x + 1;
}

static int
lock_then_fault(void)
{
	spin_lock(&crash_lock);
	return *crash_unmapped;
}

static int
pre_lock_then_fault(struct kprobe *p, struct pt_regs *regs)
{
	return lock_then_fault();
}

static int
ret_lock_then_fault(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return lock_then_fault();
}

KTEST(crash_kprobe_lock, handler_faulting_with_a_lock_panics)
{
	static struct kprobe kp = { .addr = (kprobe_opcode_t *)crash_probed,
				    .pre_handler = pre_lock_then_fault };

	KEXPECT_EQ(register_kprobe(&kp), 0);
	crash_probed(1);
	ktest_fail(__FILE__, __LINE__, "the handler's fault was recovered");
}

KTEST(crash_kretprobe_lock, return_handler_faulting_with_a_lock_panics)
{
	static struct kretprobe rp = { .kp.addr = (kprobe_opcode_t *)crash_probed,
				       .handler = ret_lock_then_fault };

	KEXPECT_EQ(register_kretprobe(&rp), 0);
	crash_probed(1);
	ktest_fail(__FILE__, __LINE__, "the handler's fault was recovered");
}

static void
async_lock_then_fault(struct async_probe *ap, const struct eb_async_event *ev)
{
	lock_then_fault();
}

static enum eb_poll
crash_pending_poll(struct eb_future *f, struct eb_context *cx)
{
	return EB_LEAF_PENDING(f);
}

KTEST(crash_async_lock, async_handler_faulting_with_a_lock_panics)
{
	static struct async_probe ap = { .poll = crash_pending_poll,
					 .handler = async_lock_then_fault };
	struct eb_future f = EB_FUTURE_INIT(crash_pending_poll);

	KEXPECT_EQ(register_async_probe(&ap), 0);
	eb_future_poll(&f, 0);
	ktest_fail(__FILE__, __LINE__, "the handler's fault was recovered");
}

static void
async_count(struct async_probe *ap, const struct eb_async_event *ev)
{
}

/* A cancel of a chain that leads to unmapped memory (a future freed):
 * the walk faults before any handler runs, which is no handler's fault
 * to abandon or count: the kernel stops on it as on any. */
KTEST(crash_async_walk, cancel_of_a_broken_chain_panics)
{
	static struct async_probe ap = { .poll = crash_pending_poll,
					 .handler = async_count };
	struct eb_future f = EB_FUTURE_INIT(crash_pending_poll);

	KEXPECT_EQ(register_async_probe(&ap), 0);
	f.awaiting = (struct eb_future *)(uintptr_t)crash_unmapped;
	eb_async_probe_cancel(&f);
	ktest_fail(__FILE__, __LINE__, "the walk's fault was recovered");
}

/* Two polls from one function, so that each one's frame is at the same
 * place on the stack. */
static noinline void
poll_twice(struct async_probe *ap, struct eb_future *f)
{
	for (int i = 0; i < 2; i++) {
		eb_future_poll(f, 0);
		/* The probe's table gone under the library: the second
		 * poll's look-up faults, before any handler ran there,
		 * where the first poll's frame had named the probe. */
		ap->calls = (struct eb_async_calls *)(uintptr_t)crash_unmapped;
	}
}

/* A fault after a probed poll set its guard and before it called a
 * handler is no handler's, though the frame's place held the last
 * poll's: the kernel stops on it as on any (it was abandoned as a
 * handler's and retried, forever). */
KTEST(crash_async_lookup, lookup_fault_before_a_handler_panics)
{
	static struct async_probe ap = { .poll = crash_pending_poll,
					 .handler = async_count };
	struct eb_future f = EB_FUTURE_INIT(crash_pending_poll);

	KEXPECT_EQ(register_async_probe(&ap), 0);
	poll_twice(&ap, &f);
	ktest_fail(__FILE__, __LINE__, "the look-up's fault was recovered");
}

/* --- a handler that faults below a frame without unwind rules ---------- */

static unsigned long
crash_fault_now(unsigned long x)
{
	return *crash_unmapped + x;
}

/* Through cu_call_checked (assembly, no .cfi rules) to a fault. */
static int
ret_fault_below_asm(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	unsigned long r;

	return (int)cu_call_checked(crash_fault_now, 0, &r);
}

KTEST(crash_unwind, handler_fault_below_asm_panics)
{
	static struct kretprobe rp = { .kp.addr = (kprobe_opcode_t *)crash_probed,
				       .handler = ret_fault_below_asm };

	KEXPECT_EQ(register_kretprobe(&rp), 0);
	crash_probed(1);
	ktest_fail(__FILE__, __LINE__, "the handler's fault was recovered");
}
