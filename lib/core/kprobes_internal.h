/*
 * What the probe core shares with the arch part (lib/arch/$(ARCH)/kprobe*.c):
 * the probe site, the lock-free table that finds a site from a trapping
 * pc, the slot pool, and the handler runners.
 */
#ifndef EBREAK_KPROBES_INTERNAL_H
#define EBREAK_KPROBES_INTERNAL_H

#include <ebreak/kprobes.h>
#include <ebreak/port.h>
#include <stddef.h>
#include "kprobes_arch.h"	/* the arch's (-Ilib/arch/$(ARCH)) */

/*
 * One probed address. All probes registered there hang off it in
 * registration order (aggregation). Sites and probe lists change only
 * inside stop_machine or by a release-ordered publish, and are freed only
 * after a stop_machine: the hit path reads them without a lock.
 */
struct kprobe_site {
	struct kprobe_site *hnext;	/* table chain */
	uintptr_t addr;
	struct kprobe *probes;		/* first of the list */
	unsigned enabled;		/* probes not disabled: armed iff > 0 */
	bool armed;			/* the breakpoint is in the text */
	bool dead;			/* unpublished, waiting to be freed */
	bool has_post;			/* some probe has a post handler */
	bool ftrace;			/* a patchable entry: called, not
					 * trapped (KPROBE_FLAG_FTRACE) */
	struct kprobe_site *dead_next;	/* graveyard (hnext may still be read) */
	struct arch_kprobe_site arch;
};

/* The kretprobe handler this hart is running, kept so that a fault in it
 * can be recovered from (kretprobes.c). */
struct kretprobe_ctlblk {
	struct kretprobe_instance *entry_ri;	/* entry_handler's instance */
	struct kretprobe_instance *ri;		/* a return handler's, */
	struct kretprobe *rp;			/* its kretprobe (pool->rp may
						 * be cleared while it runs), */
	struct pt_regs *regs;			/* its trampoline frame */
	unsigned lock_depth;			/* and the port's, before it */
};

/* The library's state of one hart, in the host's per-hart memory: one
 * instruction away on the hit path (eb_port_cpu_data). */
struct eb_cpu {
	struct kprobe_ctlblk kcb;	/* the probe hit in progress (arch) */
	struct kretprobe_ctlblk kret;
	uintptr_t guard;		/* guarded handler call (guard.h) */
};
/* (the last 8 bytes are eBPF's: bpf_run_cookie, lib/bpf/prog.h) */
_Static_assert(sizeof(struct eb_cpu) <= EB_CPU_DATA_SIZE - 8,
	       "EB_CPU_DATA_SIZE in <ebreak/port.h> is too small");

static inline struct eb_cpu *
this_eb_cpu(void)
{
	return eb_port_cpu_data();
}

/* kprobe_table.c: sites by address, 1 << EB_KPROBE_HASH_BITS chains
 * (<ebreak/config.h>). */
extern struct kprobe_site *kprobe_table[1u << EB_KPROBE_HASH_BITS];

/* The table's chain for addr: the low bits of its halfword address. Code
 * spreads over them evenly, and it is two instructions on the hit path (a
 * multiplicative hash costs four more). addr is even. */
static inline struct kprobe_site **
kprobe_bucket(uintptr_t addr)
{
	return (struct kprobe_site **)((char *)kprobe_table +
		(addr << (63 - EB_KPROBE_HASH_BITS) >> (61 - EB_KPROBE_HASH_BITS)));
}

/*
 * Read a pointer another hart published with a release store. A relaxed
 * load is enough: RVWMO (like every memory model Linux runs on but Alpha)
 * orders the accesses through the pointer after the load that produced
 * it (address dependency), and no fence is paid on the hit path.
 */
#define READ_PUBLISHED(p) __atomic_load_n(&(p), __ATOMIC_RELAXED)

/* The site at addr, or NULL. Lock-free; trap context. */
static inline struct kprobe_site *
kprobe_site_lookup(uintptr_t addr)
{
	struct kprobe_site *s = READ_PUBLISHED(*kprobe_bucket(addr));

	while (s && s->addr != addr)
		s = READ_PUBLISHED(s->hnext);
	return s;
}

/* A probe's flags may change while handlers run on other harts. */
#define READ_FLAGS(p) __atomic_load_n(&(p)->flags, __ATOMIC_RELAXED)
/* So may whether a site has post handlers (a probe joining it). */
#define site_has_post(s) __atomic_load_n(&(s)->has_post, __ATOMIC_RELAXED)

/* The pt_regs words that a probe's handlers find the probed code's
 * values in (bit 0: the pc, bit n: xn): a probe at the return of the
 * function (ret) or at addr, a patchable entry's (its kprobe is called,
 * no trap: partial_regs.h), or a trap's: all (~0ul). Not in trap
 * context. */
unsigned long kprobe_regs_held(uintptr_t addr, bool ret);

/* Whether addr is in the never-probed section (kprobes.c). */
bool kprobe_blacklisted(uintptr_t addr);

void kprobe_site_insert(struct kprobe_site *s);
void kprobe_site_remove(struct kprobe_site *s);

/* kprobe_slots.c: out-of-line execution slots (EB_SLOT_SIZE bytes). */
void *kprobe_slot_alloc(struct kprobe_site *s);
void kprobe_slot_free(void *slot);
struct kprobe_site *kprobe_slot_owner(uintptr_t pc, uint8_t **slot);
size_t kprobe_slots_free(void);

/* The handlers of a site, for the arch's hit path. */

/* Run the pre handlers in registration order until one returns non-zero
 * (it moved the pc); return that. Inline: it is most of a hit. Trap
 * context. */
static inline int
kprobe_run_pre_handlers(struct kprobe_site *s, struct pt_regs *regs)
{
	for (struct kprobe *p = READ_PUBLISHED(s->probes); p;
	     p = READ_PUBLISHED(p->next)) {
		kprobe_pre_handler_t pre = READ_PUBLISHED(p->run_pre);
		if (pre && pre(p, regs))
			return 1;
	}
	return 0;
}

void kprobe_run_post_handlers(struct kprobe_site *s, struct pt_regs *regs);

/* kretprobes.c: the kretprobe whose entry probe p is, or NULL. */
const struct kretprobe *kprobe_kretprobe(const struct kprobe *p);

/* kretprobes.c: whether p is a kretprobe's entry probe that took a
 * call in the hit whose return address, as the hit's handlers left it,
 * is ra, and was came before them: an instance of it is on ra's chain
 * of trampolines before came (after it: the instances of the calls
 * that tail-called this one). Any context. */
bool kretprobe_took_call(const struct kprobe *p, unsigned long ra,
			 unsigned long came);

/* kretprobes.c: recovering from a faulting kretprobe handler. */
void kretprobe_entry_abandoned(void);

/* kprobe_bpf.c: unregisters the kprobe, or the kretprobe (retprobe), a
 * bpf link's data begins with (kprobe and fentry points' links). Not in
 * trap context. */
struct bpf_link;
void kprobe_bpf_unregister(struct bpf_link *link, bool retprobe);

/* kprobe_bpf.c: what a link keeps for each of its probes (in its
 * eb_bpf_link_data, or a kprobe.multi link's array). */
struct kprobe_link {
	struct kretprobe rp;	/* a kprobe program's probe is rp.kp */
	struct bpf_link *link;	/* whose probe this is: one load from a hit */
};

/* kprobe_bpf.c: the handlers that run a struct kprobe_link's program,
 * at a kprobe (pre) and at a kretprobe's return (ret). Trap context. */
int kprobe_bpf_pre(struct kprobe *kp, struct pt_regs *regs);
int kprobe_bpf_ret(struct kretprobe_instance *ri, struct pt_regs *regs);

/* kprobe_bpf.c: the missed hits of rp (its kprobe's, and its pool's).
 * Any context. */
unsigned long kprobe_bpf_rp_missed(const struct kretprobe *rp);

/* kprobe_bpf.c: 0, or -EINVAL with why (naming name) a program reading
 * the pt_regs words of words (a bit each) cannot run at a probe at addr
 * (at a return: ret), whose frame holds fewer (kprobe_regs_held). Not in
 * trap context. */
int kprobe_bpf_fits_at(const char *name, uintptr_t addr, bool ret,
		       uint64_t words, char *err, size_t errsize);

/* kprobe_bpf.c: the missed hits of the kprobe or kretprobe a bpf link's
 * data begins with, as `probes` counts them: its kprobe's (a hit nested
 * in a handler, a faulting handler) and a kretprobe's pool's. The
 * kprobe and fentry points' ops->missed. Any context. */
struct eb_bpf_attach_point;
unsigned long kprobe_bpf_missed(const struct eb_bpf_attach_point *point,
				const struct bpf_link *link);
bool kretprobe_handler_faulted(struct pt_regs *regs);

/* A handler of this hart that faulted, as kprobe_abandon_handler needs it. */
struct handler_fault {
	const char *what;		/* "handler of the probe at", ... */
	uintptr_t addr;			/* ... this address */
	const char *unit;		/* "hit" or "call": what counts missed */
	const struct pt_regs *regs;	/* the fault's trap frame */
	unsigned lock_depth;		/* the port's when the handler began */
	uintptr_t frame;		/* the handler's frames lie below it */
};

/* Whether the faulting handler may be abandoned: not if it took a lock
 * since it began (the lock would stay held), which it logs and returns
 * false for. Else it logs the fault and gives back what the handler
 * held (an entry_handler's instance, a reserved trace record, the
 * frames function_graph keeps for its calls); the caller counts the
 * miss and resumes. */
bool kprobe_abandon_handler(const struct handler_fault *f);

/* The same for a handler that a trampoline called, f->frame being the
 * trampoline's partial frame (a call, not a trap): first the handler's
 * frames are unwound up to it into *u (core/cfi.h), for the callee-saved
 * registers the frame does not keep; if they cannot be, it logs why and
 * returns false, having changed nothing. */
struct eb_unwind_regs;
bool kprobe_abandon_called_handler(const struct handler_fault *f,
				   struct eb_unwind_regs *u);
/* A hit that no handler saw whole (hit: its frame, when its pre
 * handlers ran, and ra its ra as it came; NULL when none did): counted
 * missed for every probe of s that is enabled (enable_kprobe and
 * disable_kprobe flip none during a hit), but a kretprobe that took the
 * call in this hit (hit->ra's chain of trampolines, up to ra, has its
 * instance: it sees the return). Trap context. */
void kprobe_site_missed(struct kprobe_site *s, const struct pt_regs *hit,
			unsigned long ra);
void kprobe_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Keep text, a refusal of eb_kprobe_events_write as it said it, in the
 * error log (kprobe_error_log.c), dropping the oldest if full. */
void eb_kprobe_error_log_add(const char *text);

/* Room for the longest reason a probe is refused
 * (arch_check_kprobe_addr's, arch_prepare_kprobe's: an instruction's
 * name, its bits and decode.c's longest why), and for a line logging it
 * with the probe's symbol+offset. */
#define KPROBE_WHY_MAX 256
#define KPROBE_LOG_MAX (KPROBE_WHY_MAX + 160)

/* The arch part: lib/arch/<arch>/kprobes.c (the hit path is its
 * kprobe_trap.c). These run with the registration lock held. */
int arch_check_kprobe_addr(uintptr_t func, uintptr_t addr, char *why,
			   size_t whysize);
int arch_prepare_kprobe(struct kprobe_site *s, char *why, size_t whysize);
void arch_arm_kprobe(struct kprobe_site *s);		/* in stop_machine */
void arch_disarm_kprobe(struct kprobe_site *s);	/* in stop_machine */
void arch_remove_kprobe(struct kprobe_site *s);
/* A patchable entry's direct trampoline (lib/arch/<arch>/kprobe_direct.c),
 * for a site whose only probe is one enabled kprobe with a pre_handler and
 * no post_handler: prepare makes one where s qualifies now and has none
 * (outside stop_machine; true if it made one); sync points the site at
 * it, or off it when s no longer qualifies (in the stop_machine that
 * changed s); release frees one the site no longer uses (after that
 * stop: the grace period). */
bool arch_prepare_direct_kprobe(struct kprobe_site *s);
void arch_sync_direct_kprobe(struct kprobe_site *s);	/* in stop_machine */
void arch_release_direct_kprobe(struct kprobe_site *s);
/* How a hit runs s's instruction, for listings: "[SIMULATED]", ... */
const char *arch_kprobe_mode(const struct kprobe_site *s);

#endif
