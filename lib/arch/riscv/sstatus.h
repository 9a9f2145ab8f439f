/* The sstatus bits (privileged spec, "Supervisor Status Register") the
 * probe code reads and writes, and the reference kernel too (its
 * riscv.h includes this: one definition). Included by C and assembly,
 * so plain constants: in C they are ints, which ~ and | sign-extend
 * correctly against an unsigned long CSR value. */
#ifndef EBREAK_ARCH_RISCV_SSTATUS_H
#define EBREAK_ARCH_RISCV_SSTATUS_H

#define SSTATUS_SIE	0x2	/* interrupts on */
#define SSTATUS_SPIE	0x20	/* SIE before the trap */
#define SSTATUS_SPP	0x100	/* the trap came from S-mode */
#define SSTATUS_FS	0x6000	/* floating-point state, two bits */
#define SSTATUS_FS_INITIAL 0x2000	/* FS = Initial */
#define SSTATUS_SUM	0x40000	/* S-mode may touch user memory */

#endif
