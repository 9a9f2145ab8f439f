/*
 * kprobes: run handlers when the kernel executes a chosen instruction.
 * The API is Linux's (include/linux/kprobes.h), so kernel developers
 * already know it.
 *
 * Lifecycle: fill a struct kprobe (addr, or symbol_name + offset; the
 * handlers), register_kprobe() it, and later unregister_kprobe() it; only
 * then may its memory be reused. Registration and unregistration may
 * sleep-wait (they stop the machine briefly) and are serialized among
 * themselves; handlers run in trap context on any hart, concurrently,
 * with interrupts off: they must not sleep, allocate or take a lock that
 * the probed code may hold.
 */
#ifndef EBREAK_KPROBES_H
#define EBREAK_KPROBES_H

#include <ebreak/ptregs.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint32_t kprobe_opcode_t;

struct kprobe;
struct kprobe_site;

/* Runs before the probed instruction. Returns 0 to go on (next pre
 * handler, then the instruction, then the post handlers), or non-zero
 * after changing regs->epc: execution resumes there, and neither the
 * instruction nor any post handler runs. */
typedef int (*kprobe_pre_handler_t)(struct kprobe *p, struct pt_regs *regs);

/* Runs after the probed instruction (flags is 0). */
typedef void (*kprobe_post_handler_t)(struct kprobe *p, struct pt_regs *regs,
				      unsigned long flags);

#define KPROBE_FLAG_DISABLED	2	/* registered but not firing */

struct kprobe {
	/* Set by the caller: either addr, or symbol_name (+ offset). On
	 * success addr holds the probed address. */
	kprobe_opcode_t *addr;
	const char *symbol_name;
	unsigned int offset;
	kprobe_pre_handler_t pre_handler;
	kprobe_post_handler_t post_handler;
	unsigned int flags;	/* KPROBE_FLAG_DISABLED to register disabled */

	/* Hits this probe did not handle: on the hart's own handler path
	 * (recursion), or whose handler faulted. */
	unsigned long nmissed;

	/* Private to ebreak. */
	struct kprobe *next;		/* at the same address, in order */
	struct kprobe_site *site;	/* non-NULL while registered */
};

/*
 * Register p: check the address (a function of the kernel, on an
 * instruction boundary, not blacklisted, an instruction that may be
 * probed), then arm it. Returns 0 or -errno, with the reason logged:
 * -ENOENT unknown symbol, -EINVAL bad address/offset/blacklisted/refused
 * instruction/already registered, -EILSEQ not on an instruction boundary,
 * -ENOMEM out of memory or probe slots. A failure changes nothing.
 */
int register_kprobe(struct kprobe *p);

/* Disarm p and return once no hart can be running its handlers or its
 * instruction's slot. p may then be reused or freed. */
void unregister_kprobe(struct kprobe *p);

/* Register num probes with one stop of the machine; all or none:
 * on failure, the ones before the failing one are unregistered. */
int register_kprobes(struct kprobe **kps, int num);

/* Unregister num probes, waiting for quiescence once. */
void unregister_kprobes(struct kprobe **kps, int num);

/* Stop or resume firing without unregistering. 0 or -EINVAL if p is not
 * registered. */
int disable_kprobe(struct kprobe *p);
int enable_kprobe(struct kprobe *p);

/* Free out-of-line slots (ebreak's own; for leak checks). */
size_t eb_kprobe_slots_free(void);

/* --- the host kernel's entry points (docs/PORTING.md) ---------------- */

/* From the breakpoint trap (any ebreak or c.ebreak in kernel mode).
 * Returns true if it was ebreak's: resume with regs as left. Trap context. */
bool kprobe_breakpoint_handler(struct pt_regs *regs);

/* From any other kernel exception, before the host's own fault fixups:
 * if the faulting instruction was a probed one running out of line, regs
 * now name it at its real address so the host's fixups (exception table)
 * apply. Trap context. */
void kprobe_fault_handler(struct pt_regs *regs);

/* From a kernel exception the host could not fix up, before it panics:
 * if a probe handler faulted, the hit is counted as missed, regs now
 * resume the probed code (the handler is abandoned) and it returns true.
 * Trap context. */
bool kprobe_handler_faulted(struct pt_regs *regs);

/* The section holding code that must never be probed: the host's trap
 * path (mark it EB_NOPROBE) and all of the library's code. The host's
 * linker script brackets it with __eb_noprobe_start/__eb_noprobe_end. */
#define EB_NOPROBE __attribute__((section(".text.eb_noprobe")))

#endif
