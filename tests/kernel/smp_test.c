/* Harts: all boot, the timer ticks on each, IPIs reach each, cross-calls
 * and stop-the-world behave. */
#include "ktest.h"
#include "riscv.h"

KTEST(boot, all_harts_report_in)
{
	unsigned want = ktest_expected_harts();
	unsigned online = 0;

	for (unsigned i = 0; i < NCPU; i++)
		online += cpus[i].online;
	if (want)
		KEXPECT_EQ(online, want);
	KEXPECT_EQ(online, ncpu);
	KEXPECT_EQ(cpus[cpuid()].id, cpuid());
}

KTEST(boot, bootargs_parsed)
{
	const char *v;
	size_t len;

	KEXPECT(bootarg("test", &v, &len));
	KEXPECT(!bootarg("no-such-arg", &v, &len));
}

/* Wait up to about a second of timer time for cond. */
#define WAIT_FOR(cond) ({						\
	uint64_t end_ = rdtime() + timebase_hz;				\
	while (!(cond) && rdtime() < end_)				\
		;							\
	(cond); })

KTEST(timer, fires_on_every_hart)
{
	uint64_t before[NCPU];

	for (unsigned i = 0; i < ncpu; i++)
		before[i] = cpus[i].ticks;
	for (unsigned i = 0; i < ncpu; i++)
		if (!KEXPECT(WAIT_FOR(cpus[i].ticks >= before[i] + 3)))
			printf("    hart %u: no ticks\n", i);
}

/* ticks_to_ns_by for timebases a tick of which is a whole number of ns
 * (one multiply) and is not (a widening one): an hour of ticks is an
 * hour, exactly or short by the factor's rounding (under 2^-32 ns a
 * tick), and both ways agree where both apply. */
KTEST(timer, ticks_become_ns_for_any_timebase)
{
	static const uint64_t hz[] = { 10000000, 1000000, 4000000, 24000000,
				       32768, 3000000 };

	for (unsigned i = 0; i < sizeof hz / sizeof hz[0]; i++) {
		struct tick_ns k;
		uint64_t hour = 3600 * hz[i];

		tick_ns_of(hz[i], &k);
		KEXPECT_EQ(k.per_tick != 0, 1000000000 % hz[i] == 0);
		uint64_t ns = ticks_to_ns_by(hour, &k);
		if (!KEXPECT(ns <= 3600000000000 &&
			     ns >= 3600000000000 - (hour >> 32) - 1))
			printf("    %lu Hz: an hour is %lu ns\n",
			       (unsigned long)hz[i], (unsigned long)ns);
		k.per_tick = 0;
		KEXPECT_EQ(ticks_to_ns_by(hour, &k), ns);
	}
	KEXPECT_EQ(ticks_to_ns(timebase_hz), 1000000000);
}

static volatile uint32_t called_on;	/* bit per hart */

static void
mark_called(void *arg)
{
	__atomic_fetch_or(&called_on, 1U << cpuid(), __ATOMIC_RELAXED);
}

KTEST(ipi, reaches_every_hart)
{
	uint64_t before[NCPU];

	for (unsigned i = 0; i < ncpu; i++)
		before[i] = cpus[i].ipis;
	called_on = 0;
	smp_call_all(mark_called, 0);
	uint32_t others = ((1U << ncpu) - 1) & ~(1U << cpuid());
	KEXPECT_EQ(called_on, others);
	for (unsigned i = 0; i < ncpu; i++)
		if (i != cpuid())
			KEXPECT(cpus[i].ipis > before[i]);
}

static volatile bool stopped_world_ok;

static void
check_others_parked(void *arg)
{
	/* The others spin in park() with interrupts off: their tick counts
	 * cannot move while we wait here. */
	uint64_t before[NCPU];
	for (unsigned i = 0; i < ncpu; i++)
		before[i] = cpus[i].ticks;
	uint64_t end = rdtime() + timebase_hz / 20;	/* 5 ticks */
	while (rdtime() < end)
		;
	bool ok = true;
	for (unsigned i = 0; i < ncpu; i++)
		if (i != cpuid() && cpus[i].ticks != before[i])
			ok = false;
	stopped_world_ok = ok;
}

KTEST(ipi, stop_machine_parks_other_harts)
{
	stopped_world_ok = false;
	stop_machine(check_others_parked, 0);
	KEXPECT(stopped_world_ok);
}

/* Two harts starting cross-calls at once must both finish. */
static void
cross_calls(void *arg)
{
	for (int i = 0; i < 200; i++)
		smp_call_all(mark_called, 0);
}

KTEST(ipi, concurrent_cross_calls_finish)
{
	if (ncpu < 2)
		return;
	unsigned other = cpuid() == 0 ? 1 : 0;
	called_on = 0;
	smp_work_start(other, cross_calls, 0);
	cross_calls(0);
	smp_work_wait(other);
	KEXPECT(called_on & (1U << other));	/* its calls reached us too */
	KEXPECT(called_on & (1U << cpuid()));
}
