/* RISC-V privileged-architecture accessors and constants (S-mode). */
#ifndef KERNEL_RISCV_H
#define KERNEL_RISCV_H

#include <ebreak/riscv.h>	/* SSTATUS_*: shared with the library */

#define SIE_SSIE	(1UL << 1)
#define SIE_STIE	(1UL << 5)
#define SIE_SEIE	(1UL << 9)

#define CAUSE_INTERRUPT	(1UL << 63)
#define IRQ_S_SOFT	1
#define IRQ_S_TIMER	5
#define IRQ_S_EXT	9

#define EXC_INSN_MISALIGNED	0
#define EXC_INSN_ACCESS		1
#define EXC_ILLEGAL_INSN	2
#define EXC_BREAKPOINT		3
#define EXC_LOAD_MISALIGNED	4
#define EXC_LOAD_ACCESS		5
#define EXC_STORE_MISALIGNED	6
#define EXC_STORE_ACCESS	7
#define EXC_ECALL_U		8
#define EXC_ECALL_S		9
#define EXC_INSN_PAGE_FAULT	12
#define EXC_LOAD_PAGE_FAULT	13
#define EXC_STORE_PAGE_FAULT	15

#ifndef __ASSEMBLY__
#include <stdint.h>

#define csr_read(csr) ({						\
	unsigned long v_;						\
	asm volatile("csrr %0, " #csr : "=r"(v_) :: "memory");		\
	v_; })
#define csr_write(csr, val) \
	asm volatile("csrw " #csr ", %0" :: "rK"(val) : "memory")
#define csr_set(csr, bits) \
	asm volatile("csrs " #csr ", %0" :: "rK"(bits) : "memory")
/* Clear bits in csr, returning its value before (one csrrc). */
#define csr_read_clear(csr, bits) ({					\
	unsigned long v_;						\
	asm volatile("csrrc %0, " #csr ", %1" : "=r"(v_) : "rK"(bits)	\
		     : "memory");					\
	v_; })
#define csr_clear(csr, bits) \
	asm volatile("csrc " #csr ", %0" :: "rK"(bits) : "memory")

static inline uint64_t
rdtime(void)
{
	return csr_read(time);
}

static inline uint64_t
rdinstret(void)
{
	return csr_read(instret);
}

static inline void
intr_on(void)
{
	csr_set(sstatus, SSTATUS_SIE);
}

static inline void
intr_off(void)
{
	csr_clear(sstatus, SSTATUS_SIE);
}

static inline int
intr_get(void)
{
	return (csr_read(sstatus) & SSTATUS_SIE) != 0;
}

static inline void
wfi(void)
{
	asm volatile("wfi");
}

static inline void
fence_i(void)
{
	asm volatile("fence.i" ::: "memory");
}

static inline void
sfence_vma(void)
{
	asm volatile("sfence.vma zero, zero" ::: "memory");
}
#endif
#endif
