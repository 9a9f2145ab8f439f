/*
 * kprobes on RISC-V, the registration side: checking an address, decoding
 * the instruction, and arming and disarming a site (the slot's copies
 * and the breakpoint). The hit path is kprobe_trap.c.
 *
 * A 4-byte instruction is replaced by ebreak, a 2-byte one by c.ebreak,
 * so instruction boundaries never move. A site at a patchable function
 * entry (s->ftrace) becomes a call of ftrace_caller instead (ftrace_arch.h),
 * its hits kprobe_ftrace.c's, or of its own trampoline (kprobe_direct.c).
 */
#include "core/ftrace_internal.h"
#include "core/kprobes_internal.h"
#include "ftrace_arch.h"
#include "insn.h"
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/libc.h>

#define CSRSI_SIE	0x10016073u	/* csrsi sstatus, 2 */
#define RV_GP		3
#define RV_TP		4

static uint32_t
read_insn(uintptr_t addr)
{
	const uint16_t *p = (const uint16_t *)addr;

	return riscv_insn_length(p[0]) == 4 ? p[0] | (uint32_t)p[1] << 16 : p[0];
}

/* An LR/SC loop is at most 16 instructions in a row (the ISA's
 * constrained LR/SC loops): past that an LR's SC is not looked for. */
#define LRSC_LOOP_MAX	16
#define OPC_AMO		0x2f
#define F5_LR		0x02
#define F5_SC		0x03

/* The funct5 of the instruction at pc if it is an A-extension one (LR,
 * SC, AMOs), else 0; lo is its first half, which tells. */
static inline unsigned
amo_funct5(uintptr_t pc, uint16_t lo)
{
	return (lo & 0x7f) == OPC_AMO ? read_insn(pc) >> 27 : 0;
}

/* Whether addr starts an instruction of the function at func, and not
 * one between an LR and its SC: walk the instruction lengths from its
 * start (armed probes keep lengths; LR and SC are never armed). */
int
arch_check_kprobe_addr(uintptr_t func, uintptr_t addr, char *why, size_t n)
{
	uintptr_t pc = func, lr = 0;	/* an LR whose SC is still to come */
	unsigned after_lr = 0;

	if (addr & 1) {
		eb_snprintf(why, n, "odd address");
		return -EILSEQ;
	}
	while (pc < addr) {
		uint16_t lo = *(const uint16_t *)pc;
		unsigned len = riscv_insn_length(lo);
		if (len != 2 && len != 4) {
			eb_snprintf(why, n, "a %u-byte encoding at +0x%lx precedes it",
				    len, (unsigned long)(pc - func));
			return -EILSEQ;
		}
		/* A test of the half already read per instruction: the
		 * walk is most of registering a probe deep in a function. */
		unsigned f5 = amo_funct5(pc, lo);
		if (f5 == F5_LR) {
			lr = pc;
			after_lr = 0;
		} else if (lr && (f5 == F5_SC || ++after_lr >= LRSC_LOOP_MAX)) {
			lr = 0;
		}
		pc += len;
	}
	if (pc != addr) {
		eb_snprintf(why, n, "not on an instruction boundary (the instruction "
			    "at +0x%lx spans it)", (unsigned long)(pc - func - 4));
		return -EILSEQ;
	}
	if (lr) {
		eb_snprintf(why, n, "between the LR at +0x%lx and its SC: a trap "
			    "there loses the reservation, so the SC fails every "
			    "time round its loop", (unsigned long)(lr - func));
		return -EINVAL;
	}
	return 0;
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

/* Why insn may not be probed, or NULL. A simulated instruction's result
 * goes to the trap frame, and a trap exit need not reload gp and tp, the
 * kernel's own registers (docs/PORTING.md). */
static const char *
refusal(const struct riscv_insn *insn)
{
	if (insn->cls == INSN_REJECTED)
		return insn->reason;
	if (insn->cls == INSN_GOOD_NO_SLOT && insn->rd == RV_GP)
		return "it writes gp, the kernel's own register";
	if (insn->cls == INSN_GOOD_NO_SLOT && insn->rd == RV_TP)
		return "it writes tp, the kernel's own register";
	return NULL;
}

/* Decode the instruction at s->addr; a stepped one gets a slot, written
 * when the site is armed. A patchable entry needs neither. */
int
arch_prepare_kprobe(struct kprobe_site *s, char *why, size_t n)
{
	struct riscv_insn *insn = &s->arch.insn;

	if (s->ftrace)
		return 0;
	uint32_t bits = read_insn(s->addr);

	riscv_probe_decode_insn(bits, insn);
	const char *reason = refusal(insn);
	if (reason) {
		eb_snprintf(why, n, "refused instruction %s (0x%0*x): %s",
			    insn->name ? insn->name : "?", insn->len == 2 ? 4 : 8,
			    bits, reason);
		return -EINVAL;
	}
	if (insn->cls == INSN_GOOD_NO_SLOT)
		return 0;
	s->arch.slot = kprobe_slot_alloc(s);
	if (!s->arch.slot) {
		eb_snprintf(why, n, "out of probe slots");
		return -ENOMEM;
	}
	s->arch.boostable = reaches_back(s, boosted_jal(&s->arch)) &&
			    reaches_back(s, plain_jal(s));
	return 0;
}

void
kprobe_patched(void *addr, int err)
{
	if (err)
		kprobe_log("cannot patch %p (%d)", addr, err);
}

static void
patch(void *addr, const void *code, size_t len)
{
	kprobe_patched(addr, eb_port_text_patch(addr, code, len));
}

/* In stop_machine: the slot (copy + trap back), then the breakpoint;
 * the parked harts fetch both anew when released. A patchable entry is
 * the kprobes' hold on the site, which a tracer may have on already
 * (lib/core/ftrace_ops.c). */
void
arch_arm_kprobe(struct kprobe_site *s)
{
	const struct riscv_insn *insn = &s->arch.insn;

	if (s->ftrace) {
		kprobe_patched((void *)s->addr,
			ftrace_site_update(s->addr, EB_FTRACE_KPROBE, true));
		return;
	}
	if (s->arch.slot) {
		uint8_t code[EB_SLOT_SIZE] = { 0 };
		uint8_t *boosted = code + EB_SLOT_BOOSTED;
		uint8_t *plain = code + EB_SLOT_PLAIN;
		uintptr_t back = s->addr + insn->len;
		uint32_t trap = EBREAK, sie = CSRSI_SIE;
		uint32_t jal1 = rv_jal_x0((long)back - (long)boosted_jal(&s->arch));
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
	if (s->ftrace)
		kprobe_patched((void *)s->addr,
			ftrace_site_update(s->addr, EB_FTRACE_KPROBE, false));
	else
		patch((void *)s->addr, &s->arch.insn.bits, s->arch.insn.len);
}

const char *
arch_kprobe_mode(const struct kprobe_site *s)
{
	if (s->ftrace)
		return "[FTRACE]";
	if (!s->arch.slot)
		return "[SIMULATED]";
	return s->arch.boostable && !s->has_post ? "[BOOSTED]" : "[STEPPED]";
}

void
arch_remove_kprobe(struct kprobe_site *s)
{
	arch_release_direct_kprobe(s);
	if (s->arch.slot)
		kprobe_slot_free(s->arch.slot);
}

