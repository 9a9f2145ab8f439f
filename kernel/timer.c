/* The per-hart timer tick, through SBI TIME. */
#include "defs.h"
#include "riscv.h"

#define HZ 100
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

/* Nanoseconds in t rdtime units. Any context. */
EB_NOPROBE uint64_t
ticks_to_ns(uint64_t t)
{
	return t / timebase_hz * 1000000000 +
	       t % timebase_hz * 1000000000 / timebase_hz;
}

/* Nanoseconds since boot. Any context. */
EB_NOPROBE uint64_t
time_ns(void)
{
	return ticks_to_ns(rdtime());
}
