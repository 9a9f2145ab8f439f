/*
 * The six port functions every probe hit calls, inline, and the two
 * assembler macros the library's assembly reads the same state with
 * (docs/PORTING.md step 3). One hart: tp points at its
 * EB_CPU_DATA_SIZE bytes for the library (entry.S sets it at boot),
 * which the macros must reach without an absolute address. The mini
 * kernel takes no lock and never turns interrupts on: its lock depth is
 * always 0.
 */
#ifndef MINI_PORT_INLINE_H
#define MINI_PORT_INLINE_H

#ifdef __ASSEMBLY__
	.macro eb_port_cpu_data rd
	mv \rd, tp
	.endm

	.macro eb_port_lock_depth rd
	li \rd, 0
	.endm
#else /* !__ASSEMBLY__ */

#include <ebreak/riscv.h>	/* SSTATUS_SIE */
#include <stdint.h>

static inline unsigned
eb_port_cpu_id(void)
{
	return 0;
}

static inline void *
eb_port_cpu_data(void)
{
	void *data;

	asm("mv %0, tp" : "=r"(data));
	return data;
}

/* Interrupts off; returns whether they were on. One csrrci reads and
 * clears SIE; "memory" keeps the caller's accesses after it. */
static inline unsigned long
eb_port_irq_save(void)
{
	unsigned long was;

	asm volatile("csrrci %0, sstatus, %1"
		     : "=r"(was) : "i"(SSTATUS_SIE) : "memory");
	return was & SSTATUS_SIE;
}

/* Interrupts back on if flags says they were; "memory" keeps the
 * caller's accesses before it. */
static inline void
eb_port_irq_restore(unsigned long flags)
{
	if (flags)
		asm volatile("csrs sstatus, %0" : : "r"(flags) : "memory");
}

static inline unsigned
eb_port_lock_depth(void)
{
	return 0;
}

/* The time CSR at QEMU virt's 10 MHz (its device tree's
 * timebase-frequency): 100 ns a tick. */
static inline uint64_t
eb_port_time_ns(void)
{
	uint64_t t;

	asm volatile("csrr %0, time" : "=r"(t));
	return t * 100;
}

#endif /* !__ASSEMBLY__ */

#endif
