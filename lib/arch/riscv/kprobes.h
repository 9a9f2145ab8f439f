/* The RISC-V part of a probe site (lib/core/kprobes_internal.h). */
#ifndef EBREAK_RISCV_KPROBES_H
#define EBREAK_RISCV_KPROBES_H

#include "decode.h"

/*
 * A slot holds two copies of the probed instruction (2 or 4 bytes):
 *   +0  the copy, then ebreak: trap back to run post handlers;
 *   +8  the copy, then csrsi sstatus,SIE and jal back to the instruction
 *       after the original: no second trap (a "boosted" step, for hits
 *       without post handlers in code running with interrupts on).
 */
#define EB_SLOT_SIZE		24
#define EB_SLOT_BOOSTED		8

struct arch_kprobe_site {
	struct riscv_insn insn;	/* the original instruction, decoded */
	uint8_t *slot;		/* NULL when the instruction is simulated */
	bool boostable;		/* the jal back reaches */
};

#endif
