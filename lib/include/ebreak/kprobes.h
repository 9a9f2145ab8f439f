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
/* Set by registration (Linux's): the probe is at a patchable function
 * entry (<ebreak/ftrace.h>), which becomes a call instead of a
 * breakpoint: no trap. Its handlers see a partial regs: epc (the
 * function's address), ra, sp, s0 and a0-a7 are the function's; the
 * other fields (s1-s11 among them: the handler's C frames keep those)
 * are garbage. A pre handler may change epc, ra and a0-a7; the post
 * handlers see epc past the site's nops. */
#define KPROBE_FLAG_FTRACE	8
/* ebreak's, set by the caller: the pre handler may make the function
 * return at once (moving epc to ra: error injection), so the probe
 * runs after the site's probes without this flag, in registration
 * order among those with it; a kretprobe's entry, say, then sees every
 * call and its return value the one injected. */
#define EB_KPROBE_FLAG_OVERRIDE	0x100

struct kprobe {
	/* Set by the caller: either addr or symbol_name, plus offset (as
	 * Linux's). On success addr holds the probed address; unregistered,
	 * it is as the caller set it again. */
	kprobe_opcode_t *addr;
	const char *symbol_name;
	unsigned int offset;
	kprobe_pre_handler_t pre_handler;
	kprobe_post_handler_t post_handler;
	unsigned int flags;	/* KPROBE_FLAG_DISABLED to register disabled */
	/* Optional (ebreak's): who registered it, e.g. "bpf:3:count" for
	 * an eBPF program's, appended by eb_kprobes_list as owner=...; it
	 * must outlive the registration. */
	const char *owner;

	/* Hits this probe did not handle: on the hart's own handler path
	 * (recursion), or whose handler faulted. */
	unsigned long nmissed;

	/* Private to ebreak. */
	kprobe_pre_handler_t run_pre;	/* pre_handler, or NULL if disabled */
	struct kprobe *next;		/* at the same address, in order */
	struct kprobe_site *site;	/* non-NULL while registered */
};

/*
 * Register p: check the address (a function of the kernel, on an
 * instruction boundary, not blacklisted, an instruction that may be
 * probed), then arm it. Returns 0 or -errno, with the reason logged:
 * -ENOENT unknown symbol, -EINVAL bad address/offset/blacklisted/refused
 * instruction/already registered, -EILSEQ not on an instruction boundary,
 * -EBUSY code the kernel rewrites itself (eb_port_text_reserved),
 * -ENOMEM out of memory or probe slots. A failure changes nothing.
 * A symbol_name several static functions share is the one at the lowest
 * address, as Linux's register_kprobe takes kallsyms' first (the
 * interfaces that name functions for a user refuse it:
 * eb_symbol_lookup_unique).
 */
int register_kprobe(struct kprobe *p);

/* Disarm p and return once no hart can be running its handlers or its
 * instruction's slot. p may then be reused or freed. */
void unregister_kprobe(struct kprobe *p);

/* Register num probes with one stop of the machine; all or none:
 * on failure, the ones before the failing one are unregistered. -EINVAL
 * if num <= 0 (Linux's). */
int register_kprobes(struct kprobe **kps, int num);

/* Unregister num probes, waiting for quiescence once. */
void unregister_kprobes(struct kprobe **kps, int num);

/* Stop or resume firing without unregistering. 0 or -EINVAL if p is not
 * registered. Each returns once no hit begun before is left: a hit sees
 * p as it was when it began (a handler of one that faults counts its
 * miss in p->nmissed if p was enabled then). Not in trap context; no
 * spinlock held. */
int disable_kprobe(struct kprobe *p);
int enable_kprobe(struct kprobe *p);

/* Whether p is disabled (Linux's kprobe_disabled): a kretprobe's return
 * handler, which still runs for the calls entered before, may check its
 * rp->kp. Any context. */
static inline bool
kprobe_disabled(const struct kprobe *p)
{
	return __atomic_load_n(&p->flags, __ATOMIC_RELAXED) &
	       KPROBE_FLAG_DISABLED;
}

/* The address and size of the one function called name: 0, -ENOENT if
 * none, -EADDRNOTAVAIL if several (static functions of one name; Linux's
 * kprobe events and perf kprobes refuse those: "The symbol is not
 * unique"), *addr and *size then untouched. Not in trap context. */
int eb_symbol_lookup_unique(const char *name, uintptr_t *addr, size_t *size);

/* Free out-of-line slots (ebreak's own; for leak checks). */
size_t eb_kprobe_slots_free(void);

/* Call emit(line, arg) for every registered probe, in table order (as
 * Linux's debugfs kprobes/list, whose lines these are): `ADDRESS  k|r  SYMBOL+0xOFF` and
 * ` [DISABLED]`; then how a hit runs the instruction ([FTRACE], as
 * Linux, for a patchable entry: no trap; ebreak's own [SIMULATED],
 * [BOOSTED] for one trap, [STEPPED] for a trap back) and
 * the probe's nmissed. Not in trap context; emit must not register or
 * unregister probes. */
void eb_kprobes_list(void (*emit)(const char *line, void *arg), void *arg);

/* --- the host kernel's entry points (docs/PORTING.md) ---------------- */

/* From the breakpoint trap (any ebreak or c.ebreak in kernel mode).
 * Returns true if it was ebreak's: resume with regs as left. Trap context. */
bool kprobe_breakpoint_handler(struct pt_regs *regs);

/* From any other kernel exception, before the host's own fault fixups:
 * if the faulting instruction was a probed one running out of line, regs
 * now name it at its real address so the host's fixups (exception table)
 * apply. Trap context. */
void kprobe_fault_handler(struct pt_regs *regs);

/* From every interrupt taken in kernel mode, first: moves a hart that
 * was about to leave a probe slot out of it, or had just jumped to a
 * probe's direct trampoline back to the probed function, so that no
 * saved context points into either. Trap context. */
void kprobe_interrupt_fixup(struct pt_regs *regs);

/* From a kernel exception the host could not fix up, before it panics:
 * if a JIT'd eBPF load through a kernel struct pointer faulted, its
 * register reads 0 and regs resume after it; else if a kprobe,
 * kretprobe or async probe handler faulted, the hit is counted as
 * missed, regs now resume the probed code (the handler is abandoned).
 * Either way it returns true. Trap context. */
bool kprobe_handler_faulted(struct pt_regs *regs);

/* The section holding code that must never be probed: the host's trap
 * path (mark it EB_NOPROBE) and all of the library's code. The host's
 * linker script brackets it with __eb_noprobe_start/__eb_noprobe_end.
 * Such a function has no patchable entry either (EB_NOTRACE,
 * <ebreak/ftrace.h>). */
#define EB_NOPROBE __attribute__((section(".text.eb_noprobe"), \
				      patchable_function_entry(0, 0)))

/* The grace period (Linux's synchronize_rcu for probes): when it returns,
 * no hart is still in a kprobe, kretprobe or tracepoint handler, or a
 * probe slot, that it began before the call. Any eb_port_stop_machine
 * is one; this is one of an empty function. Not in trap context; no
 * spinlock held. */
void eb_grace_period(void);

/* --- kretprobes: function return probes ------------------------------- */

/*
 * A kretprobe runs entry_handler when a function is entered and handler
 * when that call returns (Linux's API). At entry the return address (ra)
 * is replaced by the address of a trampoline that names the instance, so
 * a call is matched to its return by address alone: recursion, many harts
 * and a call resumed on another hart need no per-hart bookkeeping.
 *
 * Lifecycle: fill kp (symbol_name, or addr; the function's first
 * instruction only), the handlers, data_size and maxactive;
 * register_kretprobe(); later unregister_kretprobe(), after which rp may
 * be reused. Calls still in flight then return to their callers without
 * handlers (their instances are disowned and freed as they return).
 * Handlers run on any hart, concurrently, with interrupts off, under the
 * same rules as kprobe handlers. A kretprobed function called from a
 * kretprobe handler or an async probe's (<ebreak/async_probe.h>) runs
 * untraced and counts in kp.nmissed.
 */
struct kretprobe;
struct kretprobe_pool;

struct kretprobe_instance {
	struct kretprobe_pool *pool;	/* private */
	unsigned long ret_addr;		/* the real return address */
	uintptr_t tramp;		/* private: its trampoline's address */
	uint32_t next_free;		/* private: free stack link */
	uint32_t self;			/* private: its index + 1 in the pool */
	char data[] __attribute__((aligned(16)));	/* data_size bytes */
};

/* entry_handler: at the first instruction; non-zero skips this call (no
 * return handler). handler: at return, regs->a0 is the return value and
 * regs->epc the real return address; a0/a1 written there are returned.
 * Its regs are partial: epc, ra, sp, status, s0, a0 and a1 are the
 * return's, the other fields garbage (dead at a return, or, s1-s11,
 * kept by the handler's C frames). The return value of handler is
 * ignored. */
typedef int (*kretprobe_handler_t)(struct kretprobe_instance *ri,
				   struct pt_regs *regs);

struct kretprobe {
	struct kprobe kp;		/* where; pre/post handlers are ebreak's */
	kretprobe_handler_t handler;
	kretprobe_handler_t entry_handler;
	int maxactive;			/* instances; <= 0: the default */
	size_t data_size;		/* bytes of ri->data per instance */
	/* Calls not traced because all maxactive instances were in use. */
	unsigned long nmissed;
	struct kretprobe_pool *pool;	/* private: non-NULL while registered */
};

/* Default instances: max(10, 2 * harts), as Linux. */
#define KRETPROBE_MAXACTIVE_MIN 10

/*
 * Register rp: its kprobe at the function's entry, and maxactive
 * instances with their trampolines. 0 or -errno, with the reason logged:
 * what register_kprobe returns, -EINVAL not a function's first
 * instruction (or already registered), -ENOMEM out of memory or of
 * trampolines. A failure changes nothing.
 */
int register_kretprobe(struct kretprobe *rp);

/* Stop tracing rp's function; return once no hart runs rp's handlers.
 * Calls in flight return normally, without handlers. */
void unregister_kretprobe(struct kretprobe *rp);

/* Batch forms: all or none; one grace period per batch of kprobes
 * (register_kretprobes: -EINVAL if num <= 0, as Linux). */
int register_kretprobes(struct kretprobe **rps, int num);
void unregister_kretprobes(struct kretprobe **rps, int num);

/* The real return address of the call ri traces. Any context. */
unsigned long get_kretprobe_retaddr(struct kretprobe_instance *ri);

/* The kretprobe ri belongs to, or NULL once it was unregistered. */
struct kretprobe *get_kretprobe(struct kretprobe_instance *ri);

/* For unwinders: the real return address if addr is the trampoline of a
 * call in flight, else addr. Any context, never fails. */
unsigned long kretprobe_find_ret_addr(unsigned long addr);

/* Instances of unregistered kretprobes still in flight; frees the pools
 * of those that have all returned (for leak checks). Not in trap context. */
size_t eb_kretprobe_disowned(void);

/* Free trampolines (ebreak's own; for leak checks). */
size_t eb_kretprobe_trampolines_free(void);

#endif
