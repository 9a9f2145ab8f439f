/*
 * Direct trampolines for kprobes at patchable function entries (Linux's
 * per-ops ftrace trampolines; the code is kprobe_direct_trampoline.S):
 * which sites get one, making and freeing the copies, and moving an
 * interrupt taken at a copy's first instruction back to its site.
 *
 * A site qualifies while one enabled kprobe with a pre_handler and no
 * post_handler is all it has. Its copy is made outside stop_machine
 * (arch_prepare_direct_kprobe), the site is switched to it or off it in
 * the stop_machine of the change that made it qualify or not
 * (arch_sync_direct_kprobe), and a copy no longer used
 * is freed after that stop, which was the grace period
 * (arch_release_direct_kprobe). The site jumps to it only while the
 * kprobes are the patchable entry's only user: with a tracer on the
 * function it calls ftrace_caller, and the copy waits
 * (lib/core/ftrace_ops.c). Without executable memory, or out of the
 * direct form's reach, a site has no copy and calls ftrace_caller:
 * slower, the same hits.
 */
#include "core/ftrace_internal.h"
#include "core/kprobes_internal.h"
#include "ftrace_arch.h"
#include "kprobe_direct.h"
#include <ebreak/libc.h>

_Static_assert(offsetof(struct eb_cpu, kcb.status) == KCB_STATUS &&
	       offsetof(struct eb_cpu, kcb.site) == KCB_SITE &&
	       offsetof(struct eb_cpu, kcb.regs) == KCB_REGS &&
	       offsetof(struct eb_cpu, kcb.lock_depth) == KCB_LOCK_DEPTH &&
	       offsetof(struct eb_cpu, kcb.ra) == KCB_RA &&
	       sizeof(((struct kprobe_ctlblk *)0)->status) == 4 &&
	       offsetof(struct kprobe, nmissed) == KPROBE_NMISSED &&
	       KPROBE_HIT_ACTIVE == 1 && DIRECT_ENTRY % 16 == 0,
	       "kprobe_direct.h: the offsets kprobe_direct_trampoline.S writes");

/* Copies allocated: while there are none, an interrupt pays one load. */
static unsigned long ncopies;

static bool
qualifies(const struct kprobe_site *s)
{
	const struct kprobe *p = s->probes;

	return s->ftrace && p && !p->next && s->enabled == 1 &&
	       p->pre_handler && !p->post_handler;
}

static size_t
copy_size(void)
{
	return (size_t)(kprobe_direct_template_end - kprobe_direct_template);
}

/* A copy of the template for s, in executable memory; NULL if there is
 * none or the site could not reach it. */
static uint8_t *
make_copy(const struct kprobe_site *s)
{
	uint64_t *code = eb_port_alloc(copy_size());
	uint8_t *t = code ? eb_port_exec_alloc(copy_size()) : NULL;

	if (!t) {
		eb_port_free(code);
		return NULL;
	}
	memcpy(code, kprobe_direct_template, copy_size());
	code[DIRECT_PROBE / 8] = (uintptr_t)s->probes;
	code[DIRECT_HANDLER / 8] = (uintptr_t)s->probes->pre_handler;
	code[DIRECT_SITE / 8] = (uintptr_t)s;
	code[DIRECT_ADDR / 8] = s->addr;
	if (!ftrace_direct_reaches(s->addr, (uintptr_t)t + DIRECT_ENTRY) ||
	    eb_port_text_patch(t, code, copy_size())) {
		eb_port_exec_free(t, copy_size());	/* never run */
		t = NULL;
	}
	eb_port_free(code);
	return t;
}

bool
arch_prepare_direct_kprobe(struct kprobe_site *s)
{
	if (s->arch.tramp || !qualifies(s))
		return false;
	uint8_t *t = make_copy(s);
	if (!t)
		return false;
	__atomic_store_n(&ncopies, ncopies + 1, __ATOMIC_RELAXED);
	/* Read by kprobe_direct_fixup, on any hart. */
	__atomic_store_n(&s->arch.tramp, t, __ATOMIC_RELAXED);
	return true;
}

void
arch_sync_direct_kprobe(struct kprobe_site *s)
{
	bool direct = s->arch.tramp && qualifies(s);

	if (direct == s->arch.direct)
		return;
	s->arch.direct = direct;
	if (s->armed && s->enabled)	/* else arming or disarming writes it */
		kprobe_patched((void *)s->addr, ftrace_site_refresh(s->addr));
}

void
arch_release_direct_kprobe(struct kprobe_site *s)
{
	uint8_t *t = s->arch.tramp;

	if (!t || s->arch.direct)
		return;
	__atomic_store_n(&s->arch.tramp, NULL, __ATOMIC_RELAXED);
	__atomic_store_n(&ncopies, ncopies - 1, __ATOMIC_RELAXED);
	eb_port_exec_free(t, copy_size());
}

uintptr_t
kprobe_ftrace_direct(uintptr_t site)
{
	struct kprobe_site *s = kprobe_site_lookup(site);

	return s && s->arch.direct ? (uintptr_t)s->arch.tramp + DIRECT_ENTRY : 0;
}

/* The only instruction of a copy that an interrupt can stop at is its
 * first (interrupts go off there): the call starts again at the site,
 * in whatever form the site has when the hart goes on. t0 is dead
 * there, and nothing else has changed. */
EB_NOPROBE void
kprobe_direct_fixup(struct pt_regs *regs)
{
	uintptr_t addr;

	if (!__atomic_load_n(&ncopies, __ATOMIC_RELAXED) || regs->epc % 16 ||
	    eb_port_read_nofault(&addr, (const void *)(regs->epc - 8),
				 sizeof addr) ||
	    addr % 2)	/* not a site (code, at any other pc): its bucket
			 * would be a misaligned word of the table */
		return;
	struct kprobe_site *s = kprobe_site_lookup(addr);
	uint8_t *t = s ? READ_PUBLISHED(s->arch.tramp) : NULL;

	if (t && regs->epc == (uintptr_t)t + DIRECT_ENTRY)
		regs->epc = s->addr;
}
