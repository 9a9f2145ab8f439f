/* The sstatus bits the probe code reads and writes (privileged spec,
 * "Supervisor Status Register"). Included by C and assembly. */
#ifndef EBREAK_ARCH_RISCV_SSTATUS_H
#define EBREAK_ARCH_RISCV_SSTATUS_H

#define SSTATUS_SIE	0x2	/* interrupts on */
#define SSTATUS_SPIE	0x20	/* SIE before the trap */
#define SSTATUS_SPP	0x100	/* the trap came from S-mode */

#endif
