/*
 * A kprobe's direct trampoline (kprobe_direct_trampoline.S, kprobe_direct.c): the
 * layout of a copy, the words its code reads, and the offsets of the C
 * structures it writes, which kprobe_direct.c checks. Included by C and
 * assembly.
 */
#ifndef EBREAK_RISCV_KPROBE_DIRECT_H
#define EBREAK_RISCV_KPROBE_DIRECT_H

/* A copy: six words, then the code. The template holds the two that
 * every copy shares; kprobe_direct.c writes the others. */
#define DIRECT_PROBE	0	/* struct kprobe *: the handler's p */
#define DIRECT_HANDLER	8	/* its pre_handler */
#define DIRECT_SITE	16	/* struct kprobe_site *: kcb->site */
#define DIRECT_RETURN	24	/* where the handler returns (the template's) */
#define DIRECT_MISSED	32	/* kprobe_direct_missed (the template's) */
#define DIRECT_ADDR	40	/* the site's address, just before the entry */
#define DIRECT_ENTRY	48	/* where the site jumps: 16-byte aligned */

/* struct eb_cpu (its kcb first) and struct kprobe. */
#define KCB_STATUS	0
#define KCB_SITE	8
#define KCB_REGS	16
#define KCB_LOCK_DEPTH	28
#define KCB_RA		32
#define KPROBE_NMISSED	56

#ifndef __ASSEMBLY__
#include <ebreak/ptregs.h>

/* kprobe_direct_trampoline.S: the code a copy is made from. */
extern char kprobe_direct_template[], kprobe_direct_template_end[];
#endif

#endif
