/* The RISC-V part of a probe site and of a hart's probe state
 * (lib/core/kprobes_internal.h). */
#ifndef EBREAK_RISCV_KPROBES_H
#define EBREAK_RISCV_KPROBES_H

#include "decode.h"
#include <ebreak/riscv.h>	/* EBREAK, C_EBREAK */

struct kprobe_site;

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
	/* A patchable entry's direct trampoline (kprobe_direct.c), or
	 * NULL; the site's direct form jumps to it while direct is set and
	 * the kprobes are the site's only user. */
	bool direct;
	uint8_t *tramp;
};

/* What this hart is doing with probes: Linux's kprobe_status values
 * (include/linux/kprobes.h) where it has them. The two in a slot come
 * last: status >= KPROBE_HIT_SS means "in a slot". */
enum kprobe_status {
	KPROBE_NONE,		/* nothing: a breakpoint is a fresh hit */
	KPROBE_HIT_ACTIVE,	/* running pre handlers */
	KPROBE_HIT_SSDONE,	/* stepped; running post handlers */
	KPROBE_HIT_SS,		/* in a slot, post handlers to come */
	KPROBE_REENTER,		/* in a slot for a missed hit: no handlers */
};

/* Per-hart state of the hit in progress; one level of nesting is kept in
 * prev, for a missed hit stepped while a handler runs. */
struct kprobe_ctlblk {
	enum kprobe_status status;
	struct kprobe_site *site;
	struct pt_regs *regs;		/* the trap frame of this hit */
	unsigned spie;			/* interrupt state the slot hides */
	unsigned lock_depth;		/* the port's, at the hit */
	unsigned long ra;		/* regs->ra as the hit came: where
					 * the trampolines its kretprobes
					 * chain on it end */
	struct {
		enum kprobe_status status;
		struct kprobe_site *site;
		struct pt_regs *regs;
		unsigned spie;
	} prev;
};

/* Report a failed text patch at addr (kprobes_arch.c): only an address
 * outside text fails, and probe sites are in text. */
void kprobe_patched(void *addr, int err);

/* kprobe_direct.c: an interrupt taken at the first instruction of a
 * site's direct trampoline goes back to the site. Interrupt context. */
struct pt_regs;
void kprobe_direct_fixup(struct pt_regs *regs);

/* Where the boosted copy's jump back sits in a's slot. */
static inline uintptr_t
boosted_jal(const struct arch_kprobe_site *a)
{
	return (uintptr_t)a->slot + EB_SLOT_BOOSTED + a->insn.len + 4;
}

#endif
