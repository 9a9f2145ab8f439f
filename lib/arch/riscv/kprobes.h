/* The RISC-V part of a probe site (lib/core/kprobes_internal.h). */
#ifndef EBREAK_RISCV_KPROBES_H
#define EBREAK_RISCV_KPROBES_H

#include "decode.h"

/*
 * A slot holds three copies of the probed instruction (2 or 4 bytes):
 *   +0  the copy, then ebreak: trap back to run post handlers;
 *   +8  the copy, then csrsi sstatus,SIE and jal back to the instruction
 *       after the original (a "boosted" step: one trap per hit, for
 *       code that runs with interrupts on);
 *   +20 the copy, then jal back (the same for code with interrupts off).
 */
#define EB_SLOT_SIZE		32
#define EB_SLOT_BOOSTED		8
#define EB_SLOT_PLAIN		20

struct arch_kprobe_site {
	struct riscv_insn insn;	/* the original instruction, decoded */
	uint8_t *slot;		/* NULL when the instruction is simulated */
	bool boostable;		/* both jumps back reach */
};

#endif
