/*
 * kprobes on RISC-V: preparing, arming and disarming a site, and the hit
 * path that runs in the breakpoint trap.
 *
 * A 4-byte instruction is replaced by ebreak, a 2-byte one by c.ebreak,
 * so instruction boundaries never move. On a hit the pre handlers run on
 * the trap frame, then the instruction is either simulated on the frame
 * (PC-relative and control flow: no slot) or stepped out of line: the
 * trap returns into a slot holding a copy of it, with interrupts masked
 * (sstatus.SPIE cleared in the frame). Then either an ebreak there traps
 * back, to run the post handlers and resume after the original; or, when
 * there are none, it jumps straight back (a boosted step: one trap per
 * hit), turning interrupts back on first if the probed code had them on.
 * An interrupt taken on that jump is moved past it by
 * kprobe_interrupt_fixup, so no saved context ever points into a slot
 * that unregistering could free.
 */
#include "../../core/kprobes_internal.h"
#include "insn.h"
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/libc.h>

#define EBREAK		0x00100073u
#define C_EBREAK	0x9002u
#define CSRSI_SIE	0x10016073u	/* csrsi sstatus, 2 */
#define SSTATUS_SPIE	(1ul << 5)

/* What this hart is doing with probes. */
enum kprobe_status {
	KPROBE_NONE,		/* nothing: a breakpoint is a fresh hit */
	KPROBE_PRE,		/* running pre handlers */
	KPROBE_POST,		/* running post handlers */
	KPROBE_STEP,		/* in a slot, post handlers to come */
	KPROBE_STEP_QUIET,	/* in a slot for a missed hit: no handlers */
};

/* Per-hart state of the hit in progress; one level of nesting is kept in
 * prev, for a missed hit stepped while a handler runs. */
struct kprobe_ctlblk {
	enum kprobe_status status;
	struct kprobe_site *site;
	struct pt_regs *regs;		/* the trap frame of this hit */
	unsigned long spie;		/* interrupt state the slot hides */
	unsigned lock_depth;		/* the port's, at the hit */
	struct {
		enum kprobe_status status;
		struct kprobe_site *site;
		struct pt_regs *regs;
		unsigned long spie;
	} prev;
} __attribute__((aligned(64)));	/* a cache line per hart */

static struct kprobe_ctlblk kprobe_ctlblk[EB_MAX_CPUS];

/* --- registration side (registration lock held) ----------------------- */

static uint32_t
read_insn(uintptr_t addr)
{
	const uint16_t *p = (const uint16_t *)addr;

	return riscv_insn_length(p[0]) == 4 ? p[0] | (uint32_t)p[1] << 16 : p[0];
}

/* Whether addr starts an instruction of the function at func: walk the
 * instruction lengths from its start (armed probes keep lengths). */
int
arch_check_kprobe_addr(uintptr_t func, uintptr_t addr, char *why, size_t n)
{
	uintptr_t pc = func;

	if (addr & 1) {
		eb_snprintf(why, n, "odd address");
		return -EILSEQ;
	}
	while (pc < addr) {
		unsigned len = riscv_insn_length(*(const uint16_t *)pc);
		if (len != 2 && len != 4) {
			eb_snprintf(why, n, "a %u-byte encoding at +0x%lx precedes it",
				    len, (unsigned long)(pc - func));
			return -EILSEQ;
		}
		pc += len;
	}
	if (pc != addr) {
		eb_snprintf(why, n, "not on an instruction boundary (the instruction "
			    "at +0x%lx spans it)", (unsigned long)(pc - func - 4));
		return -EILSEQ;
	}
	return 0;
}

/* Where the boosted copies' jumps back sit in s's slot. */
EB_NOPROBE static uintptr_t
boosted_jal(const struct kprobe_site *s)
{
	return (uintptr_t)s->arch.slot + EB_SLOT_BOOSTED + s->arch.insn.len + 4;
}

static uintptr_t
plain_jal(const struct kprobe_site *s)
{
	return (uintptr_t)s->arch.slot + EB_SLOT_PLAIN + s->arch.insn.len;
}

/* Whether a jal at from reaches the instruction after s's original. */
static bool
reaches_back(const struct kprobe_site *s, uintptr_t from)
{
	long back = (long)(s->addr + s->arch.insn.len) - (long)from;

	return back >= -(1L << 20) && back < (1L << 20);
}

/* Decode the instruction at s->addr; a stepped one gets a slot, written
 * when the site is armed. */
int
arch_prepare_kprobe(struct kprobe_site *s, char *why, size_t n)
{
	struct riscv_insn *insn = &s->arch.insn;
	uint32_t bits = read_insn(s->addr);

	if (riscv_probe_decode_insn(bits, insn) == INSN_REFUSE) {
		eb_snprintf(why, n, "refused instruction %s (0x%0*x): %s",
			    insn->name ? insn->name : "?", insn->len == 2 ? 4 : 8,
			    bits, insn->reason);
		return -EINVAL;
	}
	if (insn->cls == INSN_SIMULATE)
		return 0;
	s->arch.slot = kprobe_slot_alloc(s);
	if (!s->arch.slot) {
		eb_snprintf(why, n, "out of probe slots");
		return -ENOMEM;
	}
	s->arch.boostable = reaches_back(s, boosted_jal(s)) &&
			    reaches_back(s, plain_jal(s));
	return 0;
}

static void
patch(void *addr, const void *code, size_t len)
{
	int err = eb_port_text_patch(addr, code, len);

	/* Only an address outside text fails, and sites are in text. */
	if (err)
		kprobe_log("cannot patch %p (%d)", addr, err);
}

/* In stop_machine: the slot (copy + trap back), then the breakpoint;
 * the parked harts fetch both anew when released. */
void
arch_arm_kprobe(struct kprobe_site *s)
{
	const struct riscv_insn *insn = &s->arch.insn;

	if (s->arch.slot) {
		uint8_t code[EB_SLOT_SIZE] = { 0 };
		uint8_t *boosted = code + EB_SLOT_BOOSTED;
		uint8_t *plain = code + EB_SLOT_PLAIN;
		uintptr_t back = s->addr + insn->len;
		uint32_t trap = EBREAK, sie = CSRSI_SIE;
		uint32_t jal1 = rv_jal_x0((long)back - (long)boosted_jal(s));
		uint32_t jal2 = rv_jal_x0((long)back - (long)plain_jal(s));
		memcpy(code, &insn->bits, insn->len);
		memcpy(code + insn->len, &trap, 4);
		memcpy(boosted, &insn->bits, insn->len);
		memcpy(boosted + insn->len, &sie, 4);
		memcpy(boosted + insn->len + 4, &jal1, 4);
		memcpy(plain, &insn->bits, insn->len);
		memcpy(plain + insn->len, &jal2, 4);
		patch(s->arch.slot, code, sizeof code);
	}
	uint32_t bp = insn->len == 4 ? EBREAK : C_EBREAK;
	patch((void *)s->addr, &bp, insn->len);
}

void
arch_disarm_kprobe(struct kprobe_site *s)
{
	patch((void *)s->addr, &s->arch.insn.bits, s->arch.insn.len);
}

void
arch_remove_kprobe(struct kprobe_site *s)
{
	if (s->arch.slot)
		kprobe_slot_free(s->arch.slot);
}

/* --- the hit path (trap context, interrupts off) ----------------------- */

/* Send the hart into s's slot; interrupts stay masked there so the hart
 * cannot be parked or moved while inside. */
EB_NOPROBE static void
enter_slot(struct kprobe_ctlblk *kcb, struct kprobe_site *s,
	   struct pt_regs *regs, enum kprobe_status status)
{
	kcb->spie = regs->status & SSTATUS_SPIE;
	regs->status &= ~SSTATUS_SPIE;
	regs->epc = (unsigned long)s->arch.slot;
	kcb->site = s;
	kcb->status = status;
}

/* Step s's instruction without a trap back, if it can be: returns false
 * when a jump back does not reach. The copy runs with interrupts masked;
 * the boosted one turns them back on before its jump back. */
EB_NOPROBE static bool
boost(struct kprobe_site *s, struct pt_regs *regs)
{
	if (!s->arch.boostable)
		return false;
	if (regs->status & SSTATUS_SPIE) {
		regs->status &= ~SSTATUS_SPIE;
		regs->epc = (unsigned long)s->arch.slot + EB_SLOT_BOOSTED;
	} else {
		regs->epc = (unsigned long)s->arch.slot + EB_SLOT_PLAIN;
	}
	return true;
}

/* Execute s's instruction for a hit whose pre handlers are done. */
EB_NOPROBE static void
execute(struct kprobe_ctlblk *kcb, struct kprobe_site *s, struct pt_regs *regs)
{
	if (s->arch.slot) {
		if (!site_has_post(s) && boost(s, regs))
			kcb->status = KPROBE_NONE;
		else
			enter_slot(kcb, s, regs, KPROBE_STEP);
		return;
	}
	regs->epc = riscv_insn_simulate(&s->arch.insn, s->addr, regs);
	if (site_has_post(s)) {
		kcb->status = KPROBE_POST;
		kprobe_run_post_handlers(s, regs);
	}
	kcb->status = KPROBE_NONE;
}

/* Back to the hit that a missed one interrupted. */
EB_NOPROBE static void
restore_prev(struct kprobe_ctlblk *kcb)
{
	kcb->status = kcb->prev.status;
	kcb->site = kcb->prev.site;
	kcb->regs = kcb->prev.regs;
	kcb->spie = kcb->prev.spie;
}

/* The ebreak at the end of the slot: resume after the original. */
EB_NOPROBE static bool
slot_done(struct kprobe_ctlblk *kcb, struct pt_regs *regs)
{
	struct kprobe_site *s = kcb->site;

	regs->epc = s->addr + s->arch.insn.len;
	regs->status |= kcb->spie;
	if (kcb->status == KPROBE_STEP_QUIET) {
		restore_prev(kcb);
		return true;
	}
	if (site_has_post(s)) {
		kcb->status = KPROBE_POST;
		kcb->regs = regs;
		kprobe_run_post_handlers(s, regs);
	}
	kcb->status = KPROBE_NONE;
	return true;
}

/* Execute s's instruction without handlers; the state to return to after
 * a slot is in kcb->prev. */
EB_NOPROBE static void
execute_quietly(struct kprobe_ctlblk *kcb, struct kprobe_site *s,
		struct pt_regs *regs)
{
	if (!s->arch.slot)
		regs->epc = riscv_insn_simulate(&s->arch.insn, s->addr, regs);
	else if (boost(s, regs))
		restore_prev(kcb);
	else
		enter_slot(kcb, s, regs, KPROBE_STEP_QUIET);
}

/* A hit while this hart runs a handler: count it missed and execute the
 * instruction without handlers. */
EB_NOPROBE static bool
missed_hit(struct kprobe_ctlblk *kcb, struct kprobe_site *s,
	   struct pt_regs *regs)
{
	if (kcb->status != KPROBE_PRE && kcb->status != KPROBE_POST) {
		kprobe_log("probe at %p hit inside a slot", (void *)s->addr);
		return false;
	}
	kprobe_site_missed(s);
	kcb->prev.status = kcb->status;
	kcb->prev.site = kcb->site;
	kcb->prev.regs = kcb->regs;
	kcb->prev.spie = kcb->spie;
	execute_quietly(kcb, s, regs);
	return true;
}

/* No probe at pc: if no breakpoint is there any more either (this hart
 * fetched it just before it was disarmed), run the instruction again;
 * else the ebreak is not ebreak's. */
EB_NOPROBE static bool
breakpoint_gone(unsigned long pc)
{
	uint16_t parcel = *(const uint16_t *)pc;

	if (parcel == C_EBREAK)
		return false;
	return (parcel & 3) != 3 ||
	       (parcel | (uint32_t)((const uint16_t *)pc)[1] << 16) != EBREAK;
}

EB_NOPROBE bool
kprobe_breakpoint_handler(struct pt_regs *regs)
{
	struct kprobe_ctlblk *kcb = &kprobe_ctlblk[eb_port_cpu_id()];
	unsigned long pc = regs->epc;

	if (kcb->status >= KPROBE_STEP &&
	    pc == (unsigned long)kcb->site->arch.slot + kcb->site->arch.insn.len)
		return slot_done(kcb, regs);
	struct kprobe_site *s = kprobe_site_lookup(pc);
	if (!s)
		return breakpoint_gone(pc);
	if (kcb->status != KPROBE_NONE)
		return missed_hit(kcb, s, regs);
	kcb->status = KPROBE_PRE;
	kcb->site = s;
	kcb->regs = regs;
	kcb->lock_depth = eb_port_lock_depth();
	if (kprobe_run_pre_handlers(s, regs)) {
		kcb->status = KPROBE_NONE;	/* the handler moved the pc */
		return true;
	}
	execute(kcb, s, regs);
	return true;
}

EB_NOPROBE void
kprobe_fault_handler(struct pt_regs *regs)
{
	struct kprobe_ctlblk *kcb = &kprobe_ctlblk[eb_port_cpu_id()];
	uint8_t *slot;
	struct kprobe_site *s = kprobe_slot_owner(regs->epc, &slot);

	if (s && regs->epc == (uintptr_t)slot + EB_SLOT_BOOSTED) {
		/* A boosted copy faulted; interrupts were on before it. */
		regs->epc = s->addr;
		regs->status |= SSTATUS_SPIE;
		return;
	}
	if (s && regs->epc == (uintptr_t)slot + EB_SLOT_PLAIN) {
		regs->epc = s->addr;	/* interrupts were off: as they are */
		return;
	}
	if (kcb->status < KPROBE_STEP ||
	    regs->epc != (unsigned long)kcb->site->arch.slot)
		return;
	/* The stepped copy faulted: report it where the original is, with
	 * the interrupt state the probed code had, the hit over. */
	regs->epc = kcb->site->addr;
	regs->status = (regs->status & ~SSTATUS_SPIE) | kcb->spie;
	if (kcb->status == KPROBE_STEP_QUIET)
		restore_prev(kcb);
	else
		kcb->status = KPROBE_NONE;
}

EB_NOPROBE bool
kprobe_handler_faulted(struct pt_regs *regs)
{
	struct kprobe_ctlblk *kcb = &kprobe_ctlblk[eb_port_cpu_id()];
	enum kprobe_status status = kcb->status;

	if (status != KPROBE_PRE && status != KPROBE_POST)
		return false;
	struct kprobe_site *s = kcb->site;
	if (eb_port_lock_depth() != kcb->lock_depth) {
		/* Abandoning it would leave its lock held: a hang later. */
		kprobe_log("handler of the probe at %p faulted at %p holding a "
			   "lock: cannot recover", (void *)s->addr,
			   (void *)regs->epc);
		return false;
	}
	/* None of the site's handlers saw the whole hit. */
	kprobe_site_missed(s);
	kprobe_log("handler of the probe at %p faulted at %p (cause %lu, address "
		   "%p): hit counted as missed", (void *)s->addr,
		   (void *)regs->epc, regs->cause, (void *)regs->badaddr);
	/* Abandon the handler: resume from the probe's own trap frame. */
	*regs = *kcb->regs;
	kcb->status = KPROBE_NONE;
	if (status == KPROBE_PRE) {
		/* The instruction has not run yet: run it, quietly. */
		kcb->prev.status = KPROBE_NONE;
		execute_quietly(kcb, s, regs);
	}
	return true;
}

EB_NOPROBE void
kprobe_interrupt_fixup(struct pt_regs *regs)
{
	uint8_t *slot;
	struct kprobe_site *s = kprobe_slot_owner(regs->epc, &slot);

	/* Only the boosted copy's jal back runs with interrupts on. */
	if (s && regs->epc == boosted_jal(s))
		regs->epc = s->addr + s->arch.insn.len;
}
