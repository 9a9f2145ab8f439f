/*
 * The per-hart timer, through SBI TIME: the scheduler's tick and, while
 * perf_event programs sample (the port's eb_port_sample_start), the
 * samples; each hart arms the earlier of its next tick and next sample.
 */
#include "defs.h"
#include "riscv.h"
#include <ebreak/bpf.h>
#include <ebreak/errno.h>
#include <ebreak/kprobes.h>
#include <ebreak/port.h>

#define HZ EB_PORT_HZ	/* the tick bpf_jiffies64 counts */
uint64_t timebase_hz = 10000000;	/* QEMU virt; the device tree says */

/* The sampling period in timebase ticks, 0 while none: written by
 * eb_port_sample_start and _stop, read by every hart's timer. */
static uint64_t sample_ticks;

/* Each hart's own: when its next tick and sample are due (rdtime; 0:
 * no sample armed), the sample_ticks next_sample was armed for, and the
 * samples it took. */
static struct hart_timer {
	uint64_t next_tick, next_sample, period;
	volatile uint64_t samples;
} hart_timers[NCPU];

/* Programs this hart's timer for its next tick or sample. */
static void
arm(const struct hart_timer *t)
{
	uint64_t when = t->next_tick;

	if (t->next_sample && t->next_sample < when)
		when = t->next_sample;
	sbi_set_timer(when);
}

/* On each hart: program its first tick. */
void
timer_inithart(void)
{
	struct hart_timer *t = &hart_timers[cpuid()];

	t->next_tick = rdtime() + timebase_hz / HZ;
	arm(t);
}

/* This hart's next sample after one due at now: a period on, or a
 * period from now if it fell behind. */
static void
next_sample(struct hart_timer *t, uint64_t now, uint64_t period)
{
	t->next_sample = t->next_sample + period > now ?
			 t->next_sample + period : now + period;
}

/* Timer interrupt, regs the frame it interrupted: the tick if due
 * (counted), the sample if due (eb_bpf_perf_sample, counted), the next
 * armed. Whether the tick was due. Interrupts off. */
EB_NOPROBE bool
timer_intr(struct pt_regs *regs)
{
	struct hart_timer *t = &hart_timers[cpuid()];
	uint64_t now = rdtime(), period = READ_ONCE(sample_ticks);
	bool tick = now >= t->next_tick;

	if (tick) {
		mycpu()->ticks++;
		t->next_tick = now + timebase_hz / HZ;
	}
	if (period != t->period) {
		/* started, stopped or restarted since this hart last looked:
		 * a sample armed for the old period (a long one, say) is
		 * dropped, the first of the new one is a period from now */
		t->period = period;
		t->next_sample = period ? now + period : 0;
	} else if (period && now >= t->next_sample) {
		t->samples++;
		eb_bpf_perf_sample(regs);
		next_sample(t, rdtime(), period);
	}
	arm(t);
	return tick;
}

/* Where hart's timer counts the samples it took since boot (it alone
 * writes it): the count tests compare the programs' with. */
const volatile uint64_t *
timer_samples(unsigned hart)
{
	return &hart_timers[hart].samples;
}

/* Every hart samples every period_ns, the first a period after its next
 * timer interrupt (<ebreak/port.h>): the period in whole timebase
 * ticks, at least one. */
int
eb_port_sample_start(uint64_t period_ns)
{
	uint64_t ns_per_tick = 1000000000ULL / timebase_hz;
	uint64_t ticks = ns_per_tick ? period_ns / ns_per_tick : 0;

	if (!ticks)
		return -EINVAL;
	WRITE_ONCE(sample_ticks, ticks);
	return 0;
}

/* No hart begins a sample once its timer reads this (<ebreak/port.h>). */
void
eb_port_sample_stop(void)
{
	WRITE_ONCE(sample_ticks, 0);
}

/* port_inline.h's ticks_to_ns's factors: 10 MHz's until the
 * timebase is known. */
struct tick_ns tick_ns = { 100, 100ULL << 32 };

void
tick_ns_of(uint64_t hz, struct tick_ns *k)
{
	k->per_tick = 1000000000ULL % hz ? 0 : 1000000000ULL / hz;
	k->mult = (1000000000ULL << 32) / hz;	/* < 2^63 */
}

/* The timebase is hz (the device tree's): the ticks' frequency. At boot,
 * before any time is read. */
void
timer_set_timebase(uint64_t hz)
{
	timebase_hz = hz;
	tick_ns_of(hz, &tick_ns);
}
