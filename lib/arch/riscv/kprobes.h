/* The RISC-V part of a probe site (lib/core/kprobes_internal.h). */
#ifndef EBREAK_RISCV_KPROBES_H
#define EBREAK_RISCV_KPROBES_H

#include "decode.h"

/* A slot: the probed instruction (2 or 4 bytes), then a 4-byte ebreak
 * that traps back to the handler. */
#define EB_SLOT_SIZE 8

struct arch_kprobe_site {
	struct riscv_insn insn;	/* the original instruction, decoded */
	uint8_t *slot;		/* NULL when the instruction is simulated */
};

#endif
