/*
 * The port functions every probe hit calls, inline (see EB_PORT_INLINE_H
 * in <ebreak/port.h>), and the assembler macros the library's assembly
 * reads the same state with: tp points at this hart's struct cpu
 * (kernel/defs.h), whose field offsets port.c checks against these.
 */
#ifndef KERNEL_PORT_INLINE_H
#define KERNEL_PORT_INLINE_H

#define PORT_CPU_ID_OFFSET	0	/* struct cpu.id */
#define PORT_CPU_NOFF_OFFSET	8	/* struct cpu.noff */
#define PORT_CPU_EBREAK_OFFSET	128	/* struct cpu.ebreak */

/* eb_port_current_task's struct (kernel/async/async.h's), for
 * bpf_get_current_task_btf. */
#define EB_PORT_TASK_STRUCT	"task"

#ifdef __ASSEMBLY__
	.macro eb_port_cpu_data rd
	addi \rd, tp, PORT_CPU_EBREAK_OFFSET
	.endm

	.macro eb_port_lock_depth rd
	lw \rd, PORT_CPU_NOFF_OFFSET(tp)
	.endm
#else /* !__ASSEMBLY__ */

#include <ebreak/riscv.h>	/* SSTATUS_SIE */

/* A hart's id never changes under it: no volatile, the compiler may
 * reuse one load. */
static inline unsigned
eb_port_cpu_id(void)
{
	unsigned id;

	asm("lw %0, %1(tp)" : "=r"(id) : "i"(PORT_CPU_ID_OFFSET));
	return id;
}

static inline void *
eb_port_cpu_data(void)
{
	void *data;

	asm("addi %0, tp, %1" : "=r"(data) : "i"(PORT_CPU_EBREAK_OFFSET));
	return data;
}

/* sstatus.SIE as it was, then interrupts off. The clobber: nothing
 * the section protects moves out of it. */
static inline unsigned long
eb_port_irq_save(void)
{
	unsigned long sstatus;

	asm volatile("csrrci %0, sstatus, %1"
		     : "=r"(sstatus) : "i"(SSTATUS_SIE) : "memory");
	return sstatus & SSTATUS_SIE;
}

/* SIE back on if flags has it (never turns it off). */
static inline void
eb_port_irq_restore(unsigned long flags)
{
	asm volatile("csrs sstatus, %0" : : "r"(flags) : "memory");
}

static inline unsigned
eb_port_lock_depth(void)
{
	unsigned depth;

	asm volatile("lw %0, %1(tp)" : "=r"(depth) : "i"(PORT_CPU_NOFF_OFFSET));
	return depth;
}

/* time_ns's factors (tick_ns_of), set from the timebase at boot
 * (kernel/timer.c): the ns in a tick when it is a whole number of them
 * (QEMU's 10 MHz: 100; 1, 4 and 25 MHz boards too), else 0 and the ns
 * in 2^32 ticks. */
struct tick_ns {
	uint64_t per_tick;
	uint64_t mult;
};
extern struct tick_ns tick_ns;

/* Nanoseconds in t ticks by the factors k: one multiply for a whole
 * number of ns a tick (every probe event reads the time), else a
 * widening one. Any context. */
static inline uint64_t
ticks_to_ns_by(uint64_t t, const struct tick_ns *k)
{
	if (__builtin_expect(k->per_tick != 0, 1))
		return t * k->per_tick;
	return (uint64_t)((unsigned __int128)t * k->mult >> 32);
}

/* Nanoseconds in t rdtime units. Any context. */
static inline uint64_t
ticks_to_ns(uint64_t t)
{
	return ticks_to_ns_by(t, &tick_ns);
}

/* Nanoseconds since boot: the time CSR, converted. Any context. */
static inline uint64_t
eb_port_time_ns(void)
{
	uint64_t t;

	asm volatile("csrr %0, time" : "=r"(t));
	return ticks_to_ns(t);
}

#endif /* !__ASSEMBLY__ */

#endif
