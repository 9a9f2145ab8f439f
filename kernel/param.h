/* Sizes the reference kernel's C and assembly share (entry.S). Included
 * by both: plain constants only. */
#ifndef KERNEL_PARAM_H
#define KERNEL_PARAM_H

#define KSTACK_SIZE	16384	/* each hart's kernel stack, bytes */
#define CPU_SIZE_SHIFT	8	/* sizeof(struct cpu) == 1 << this (cpu.c) */

#endif
