/*
 * The RISC-V encodings and CSR bits both the library and its host kernel
 * use, defined once: the sstatus bits (privileged spec, "Supervisor
 * Status Register") the probe code reads and writes, and the jump a
 * patched site holds. The reference kernel's riscv.h includes this.
 * Included by C and assembly, so the bits are plain constants: in C they
 * are ints, which ~ and | sign-extend correctly against an unsigned long
 * CSR value.
 */
#ifndef EBREAK_RISCV_H
#define EBREAK_RISCV_H

#define SSTATUS_SIE	0x2	/* interrupts on */
#define SSTATUS_SPIE	0x20	/* SIE before the trap */
#define SSTATUS_SPP	0x100	/* the trap came from S-mode */
#define SSTATUS_FS	0x6000	/* floating-point state, two bits */
#define SSTATUS_FS_INITIAL 0x2000	/* FS = Initial */
#define SSTATUS_SUM	0x40000	/* S-mode may touch user memory */

#ifndef __ASSEMBLY__
#include <stdint.h>

/* jal x0, off: the J-type encoding of an offset in range (|off| < 1 MiB,
 * even); inst[31|30:21|20|19:12] = imm[20|10:1|11|19:12]. */
static inline uint32_t
rv_jal_x0(long off)
{
	uint32_t v = (uint32_t)off;

	return (v >> 20 & 1) << 31 | (v >> 1 & 0x3ff) << 21 |
	       (v >> 11 & 1) << 20 | (v >> 12 & 0xff) << 12 | 0x6f;
}
#endif

#endif
