/* The per-hart timer tick, through SBI TIME. */
#include "defs.h"
#include "riscv.h"
#include <ebreak/port.h>

#define HZ EB_PORT_HZ	/* the tick bpf_jiffies64 counts */
uint64_t timebase_hz = 10000000;	/* QEMU virt; the device tree says */

static void
arm_next_tick(void)
{
	sbi_set_timer(rdtime() + timebase_hz / HZ);
}

/* On each hart: program its first tick. */
void
timer_inithart(void)
{
	arm_next_tick();
}

/* Timer interrupt: count the tick and program the next one. */
void
timer_intr(void)
{
	mycpu()->ticks++;
	arm_next_tick();
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
