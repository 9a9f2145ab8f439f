/*
 * Several harts: start-up through SBI HSM, IPIs, cross-calls (run a
 * function on every other hart in its IPI handler), stop-the-world, and
 * work handed to an idle hart.
 */
#include "defs.h"
#include "riscv.h"
#include "async/async.h"
#include <ebreak/ftrace.h>

#define IPI_CALL 1	/* run the current cross-call */

void secondary_start(void);
void secondary_main(unsigned long hartid);

/* The cross-call in progress: one at a time, owned by call_busy's holder. */
static struct eb_spinlock call_busy = EB_SPINLOCK_INIT;
static struct {
	void (*fn)(void *);
	void *arg;
	unsigned owner;			/* the hart that started it */
	volatile unsigned remaining;	/* harts yet to finish fn */
} call;

/* Stop-the-world state, used through a cross-call. */
bool world_stopped;	/* while stop_machine's function runs */
static struct {
	unsigned others;		/* harts to park */
	volatile unsigned parked;
	volatile bool release;
} stop;

/*
 * Waits sleep in wfi rather than spin: under QEMU a spinning hart holds a
 * host CPU the hart it waits for may need. Whoever makes the condition
 * true wakes the waiter with an IPI; wfi returns on a pending interrupt
 * even with interrupts off, so a wake sent before the wfi is not lost.
 */
#define SLEEP_UNTIL(cond) do {						\
	while (!(cond))							\
		wfi();							\
} while (0)

EB_NOPROBE static void
send_ipi(unsigned cpu, uint32_t why)
{
	__atomic_fetch_or(&cpus[cpu].ipi_pending, why, __ATOMIC_RELEASE);
	sbi_send_ipi(1UL << cpu, 0);
}

/* Wake a hart sleeping in SLEEP_UNTIL. */
EB_NOPROBE static void
wake(unsigned cpu)
{
	sbi_send_ipi(1UL << cpu, 0);
}

/* Handle IPI requests for this hart. Interrupts off. */
EB_NOPROBE static void
ipi_poll(void)
{
	struct cpu *c = mycpu();
	uint32_t why = __atomic_exchange_n(&c->ipi_pending, 0, __ATOMIC_ACQUIRE);

	if (why & IPI_CALL) {
		call.fn(call.arg);
		if (__atomic_sub_fetch(&call.remaining, 1, __ATOMIC_ACQ_REL) == 0)
			wake(call.owner);
	}
}

/* Supervisor software interrupt: an IPI. */
EB_NOPROBE void
ipi_intr(void)
{
	csr_clear(sip, SIE_SSIE);
	mycpu()->ipis++;
	ipi_poll();
}

EB_NOPROBE static bool
other_online(unsigned i)
{
	return i != cpuid() && cpus[i].online;
}

/*
 * Take the cross-call slot; interrupts stay off until call_wait_and_end.
 * While waiting for it, keep answering other harts' cross-calls: two
 * harts starting one at the same time would otherwise each wait,
 * interrupts off, for the other to answer.
 */
EB_NOPROBE static void
call_acquire(void)
{
	push_off();
	while (!eb_spin_trylock(&call_busy))
		ipi_poll();
}

/* Start fn on the others; returns how many run it. Slot held. */
EB_NOPROBE static unsigned
call_send(void (*fn)(void *), void *arg)
{
	unsigned n = 0;

	call.fn = fn;
	call.arg = arg;
	call.owner = cpuid();
	for (unsigned i = 0; i < ncpu; i++)
		n += other_online(i);
	call.remaining = n;
	for (unsigned i = 0; i < ncpu; i++)
		if (other_online(i))
			send_ipi(i, IPI_CALL);
	return n;
}

EB_NOPROBE static void
call_wait_and_end(void)
{
	SLEEP_UNTIL(__atomic_load_n(&call.remaining, __ATOMIC_ACQUIRE) == 0);
	eb_spin_unlock(&call_busy);
	pop_off();
}

/*
 * Run fn(arg) on every other online hart, in its IPI handler (interrupts
 * off there), and return when all have finished. Call with no spinlock
 * held: a hart spinning for it could never answer. Not in trap context.
 */
EB_NOPROBE void
smp_call_all(void (*fn)(void *), void *arg)
{
	call_acquire();
	call_send(fn, arg);
	call_wait_and_end();
}

EB_NOPROBE static void
park(void *unused)
{
	if (__atomic_add_fetch(&stop.parked, 1, __ATOMIC_ACQ_REL) == stop.others)
		wake(call.owner);
	SLEEP_UNTIL(__atomic_load_n(&stop.release, __ATOMIC_ACQUIRE));
	/* fn may have rewritten code this hart is about to run. */
	fence_i();
}

/*
 * Run fn(arg) on this hart while every other hart spins with interrupts
 * off. Other harts are parked from an interrupt, so none is inside code
 * that runs with interrupts off (trap handlers, probe slots); each runs
 * fence.i before it resumes, so fn may patch code (text_patch knows).
 * Not in trap context; no spinlock held.
 */
EB_NOPROBE void
stop_machine(void (*fn)(void *), void *arg)
{
	call_acquire();		/* stop's state is the slot holder's */
	stop.parked = 0;
	stop.release = false;
	stop.others = 0;
	for (unsigned i = 0; i < ncpu; i++)
		stop.others += other_online(i);
	call_send(park, 0);
	SLEEP_UNTIL(__atomic_load_n(&stop.parked, __ATOMIC_ACQUIRE) == stop.others);
	world_stopped = true;
	fn(arg);
	world_stopped = false;
	__atomic_store_n(&stop.release, true, __ATOMIC_RELEASE);
	for (unsigned i = 0; i < ncpu; i++)
		if (other_online(i))
			wake(i);
	call_wait_and_end();
}

/* Have idle hart cpu run fn(arg) with interrupts on. */
void
smp_work_start(unsigned cpu, void (*fn)(void *), void *arg)
{
	struct cpu *c = &cpus[cpu];

	if (cpu == cpuid() || !c->online || c->work_fn)
		panic("smp_work_start: hart %u not idle", cpu);
	c->work_arg = arg;
	c->work_done = false;
	__atomic_store_n(&c->work_fn, fn, __ATOMIC_RELEASE);
	send_ipi(cpu, 0);	/* wakes it from wfi */
}

/* Wait until hart cpu has finished the work given by smp_work_start. */
void
smp_work_wait(unsigned cpu)
{
	while (!__atomic_load_n(&cpus[cpu].work_done, __ATOMIC_ACQUIRE))
		;
}

/* What every hart but the one running the shell or tests does: work
 * handed to it, else the executor's tasks (kernel/async), else wfi. */
void
idle_loop(void)
{
	struct cpu *c = mycpu();

	for (;;) {
		/* Check with interrupts off: an IPI arriving after the check
		 * stays pending and wfi returns at once. */
		intr_off();
		void (*fn)(void *) = __atomic_load_n(&c->work_fn, __ATOMIC_ACQUIRE);
		if (fn) {
			intr_on();
			fn(c->work_arg);
			c->work_fn = 0;
			__atomic_store_n(&c->work_done, true, __ATOMIC_RELEASE);
			continue;
		}
		intr_on();
		if (executor_run_one())
			continue;
		intr_off();
		if (!__atomic_load_n(&c->work_fn, __ATOMIC_ACQUIRE))
			executor_idle();
		intr_on();
	}
}

static void
hart_init(void)
{
	kvm_inithart();
	trap_inithart();
	plic_inithart();
	timer_inithart();
	__atomic_store_n(&mycpu()->online, true, __ATOMIC_RELEASE);
	intr_on();
}

/* Entered from entry.S on each secondary hart. */
void
secondary_main(unsigned long hartid)
{
	mycpu()->id = hartid;
	hart_init();
	idle_loop();
}

/* Start every other hart SBI knows of, and this hart's own devices.
 * Boot hart, once, after kvm_init. */
void
smp_boot(void)
{
	unsigned self = cpuid();

	hart_init();
	/* The patchable entries' jumps: text patching works now (paging is
	 * on), and no other hart runs yet to be inside one (<ebreak/ftrace.h>). */
	eb_ftrace_init();
	ncpu = self + 1;
	for (unsigned h = 0; h < NCPU; h++) {
		if (h == self || sbi_hart_status(h) < 0)
			continue;
		cpus[h].id = h;
		if (sbi_hart_start(h, (unsigned long)secondary_start, 0))
			continue;
		while (!__atomic_load_n(&cpus[h].online, __ATOMIC_ACQUIRE))
			;
		if (h + 1 > ncpu)
			ncpu = h + 1;
	}
}
