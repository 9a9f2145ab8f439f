/*
 * kprobes, the portable core: registration, aggregation of several probes
 * on one address, enable/disable, and the handler runners the arch's hit
 * path calls.
 *
 * Concurrency: registration calls are serialized by kprobe_lock. The hit
 * path runs on every hart without a lock. Everything it reads is either
 * published by a release store before the breakpoint that leads to it is
 * written, or changed inside stop_machine, when every other hart is
 * parked outside any handler; memory it may hold is freed only after a
 * stop_machine (the grace period).
 */
#include "kprobes_internal.h"
#include "core/cfi.h"
#include "partial_regs.h"
#include "ftrace_internal.h"
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/ftrace.h>
#include <ebreak/lock.h>
#include <ebreak/trace_ring.h>
#include <stdarg.h>

extern char __eb_noprobe_start[], __eb_noprobe_end[];

/* Registration lock: a spin on a flag, with interrupts left as they are,
 * so a waiting hart can still be parked by stop_machine. */
static struct eb_spinlock kprobe_lock = EB_SPINLOCK_INIT;

static void
lock(void)
{
	eb_spin_lock(&kprobe_lock);
}

static void
unlock(void)
{
	eb_spin_unlock(&kprobe_lock);
}

/* Log one line with the "ebreak: " prefix. */
void
kprobe_log(const char *fmt, ...)
{
	char buf[KPROBE_LOG_MAX];
	va_list ap;

	int n = eb_snprintf(buf, sizeof buf, "ebreak: ");
	va_start(ap, fmt);
	eb_vsnprintf(buf + n, sizeof buf - n, fmt, ap);
	va_end(ap);
	eb_port_log(buf);
}

/* --- the hit path's handler runners ---------------------------------- */

/* Run the post handlers in registration order. Trap context. */
EB_NOPROBE void
kprobe_run_post_handlers(struct kprobe_site *s, struct pt_regs *regs)
{
	for (struct kprobe *p = READ_PUBLISHED(s->probes); p;
	     p = READ_PUBLISHED(p->next)) {
		if (!p->post_handler || (READ_FLAGS(p) & KPROBE_FLAG_DISABLED))
			continue;
		p->post_handler(p, regs, 0);
	}
}

EB_NOPROBE void
kprobe_site_missed(struct kprobe_site *s, const struct pt_regs *hit,
		   unsigned long ra)
{
	for (struct kprobe *p = READ_PUBLISHED(s->probes); p;
	     p = READ_PUBLISHED(p->next))
		if (!(READ_FLAGS(p) & KPROBE_FLAG_DISABLED) &&
		    !(hit && kretprobe_took_call(p, hit->ra, ra)))
			__atomic_fetch_add(&p->nmissed, 1, __ATOMIC_RELAXED);
}

EB_NOPROBE bool
kprobe_abandon_handler(const struct handler_fault *f)
{
	const struct pt_regs *regs = f->regs;

	if (eb_port_lock_depth() != f->lock_depth) {
		/* Abandoning it would leave its lock held: a hang later. */
		kprobe_log("%s %p faulted at %p holding a lock: cannot recover",
			   f->what, (void *)f->addr, (void *)regs->epc);
		return false;
	}
	kprobe_log("%s %p faulted at %p (cause %lu, address %p): %s counted "
		   "as missed", f->what, (void *)f->addr, (void *)regs->epc,
		   regs->cause, (void *)regs->badaddr, f->unit);
	kretprobe_entry_abandoned();	/* an entry_handler's instance */
	eb_trace_abandoned(f->frame);	/* a trace record it had reserved */
	ftrace_graph_abandoned(f->frame);	/* calls function_graph followed */
	return true;
}

EB_NOPROBE bool
kprobe_abandon_called_handler(const struct handler_fault *f,
			      struct eb_unwind_regs *u)
{
	const char *why;

	if (eb_unwind_to_frame(f->regs, f->frame, u, &why)) {
		kprobe_log("%s %p faulted at %p, in frames that cannot be "
			   "unwound (%s): cannot recover", f->what,
			   (void *)f->addr, (void *)f->regs->epc, why);
		return false;
	}
	return kprobe_abandon_handler(f);
}

/* --- registration ---------------------------------------------------- */

unsigned long
kprobe_regs_held(uintptr_t addr, bool ret)
{
	if (ret)
		return PARTIAL_REGS_RETURN;
	return ftrace_location(addr) == addr ? PARTIAL_REGS_ENTRY : ~0ul;
}

bool
kprobe_blacklisted(uintptr_t addr)
{
	return addr >= (uintptr_t)__eb_noprobe_start &&
	       addr < (uintptr_t)__eb_noprobe_end;
}

int
eb_symbol_lookup_unique(const char *name, uintptr_t *addr, size_t *size)
{
	uintptr_t a;
	size_t s;
	int n = eb_port_symbol_lookup(name, &a, &s);

	if (n > 1)
		return -EADDRNOTAVAIL;
	if (!n)
		return -ENOENT;
	*addr = a;
	*size = s;
	return 0;
}

/* Where p goes: its address, checked. 0 or -errno, with the reason. */
static int
resolve_addr(struct kprobe *p, uintptr_t *addrp, char *why, size_t n)
{
	uintptr_t func, addr;
	size_t size;
	const char *name;

	if (p->symbol_name && p->addr) {
		eb_snprintf(why, n, "both addr and symbol_name are set");
		return -EINVAL;
	}
	if (p->symbol_name) {
		if (!eb_port_symbol_lookup(p->symbol_name, &func, &size)) {
			eb_snprintf(why, n, "unknown symbol %s", p->symbol_name);
			return -ENOENT;
		}
		if (p->offset >= size) {
			eb_snprintf(why, n, "offset 0x%x is past the end of %s (size 0x%zx)",
				    p->offset, p->symbol_name, size);
			return -EINVAL;
		}
		addr = func + p->offset;
		name = p->symbol_name;
	} else {
		addr = (uintptr_t)p->addr + p->offset;	/* as Linux */
		name = eb_port_symbol_name(addr, &func, &size);
		if (!name) {
			eb_snprintf(why, n, "%p is not in a known kernel function",
				    (void *)addr);
			return -EINVAL;
		}
	}
	if (kprobe_blacklisted(addr)) {
		eb_snprintf(why, n, "%s+0x%lx is blacklisted (trap path or ebreak's own code)",
			    name, (unsigned long)(addr - func));
		return -EINVAL;
	}
	int err = arch_check_kprobe_addr(func, addr, why, n);
	if (err)
		return err;
	uintptr_t site = ftrace_location(addr);
	if (site && site != addr) {
		eb_snprintf(why, n, "%s+0x%lx is inside the function's patchable "
			    "entry (probe +0x%lx, its start)", name,
			    (unsigned long)(addr - func), (unsigned long)(site - func));
		return -EBUSY;
	}
	if (eb_port_text_reserved(addr, sizeof(kprobe_opcode_t))) {
		eb_snprintf(why, n, "%s+0x%lx is code the kernel rewrites itself "
			    "(a tracepoint site)", name, (unsigned long)(addr - func));
		return -EBUSY;
	}
	*addrp = addr;
	return 0;
}

/* Free a site nobody can reach any more (after a stop_machine). */
static void
free_site(struct kprobe_site *s)
{
	arch_remove_kprobe(s);
	eb_port_free(s);
}

/* Find or make the site for p, which is not linked yet. A new site is
 * published unarmed and without probes. 0 or -errno with the reason. */
static int
prepare(struct kprobe *p, char *why, size_t n)
{
	uintptr_t addr;

	if (p->site) {
		eb_snprintf(why, n, "this struct kprobe is already registered");
		return -EINVAL;
	}
	int err = resolve_addr(p, &addr, why, n);
	if (err)
		return err;
	struct kprobe_site *s = kprobe_site_lookup(addr);
	if (!s) {
		s = eb_port_alloc(sizeof *s);
		if (!s) {
			eb_snprintf(why, n, "out of memory");
			return -ENOMEM;
		}
		*s = (struct kprobe_site){ .addr = addr,
					   .ftrace = ftrace_location(addr) == addr };
		err = arch_prepare_kprobe(s, why, n);
		if (err) {
			eb_port_free(s);
			return err;
		}
		kprobe_site_insert(s);
	}
	p->addr = (kprobe_opcode_t *)addr;
	p->site = s;
	p->next = NULL;
	if (s->ftrace)
		p->flags |= KPROBE_FLAG_FTRACE;
	return 0;
}

static void
report(struct kprobe *p, int err, const char *why)
{
	if (p->symbol_name)
		kprobe_log("cannot probe %s+0x%x: %s (%d)", p->symbol_name,
			   p->offset, why, err);
	else
		kprobe_log("cannot probe %p: %s (%d)",
			   (void *)((uintptr_t)p->addr + p->offset), why, err);
}

/* A batch of probes and what stop_machine should do with them. */
struct batch {
	struct kprobe **kps;
	int num;
};

static void
update_flags(struct kprobe_site *s)
{
	bool post = false;

	for (struct kprobe *p = s->probes; p; p = p->next)
		post |= p->post_handler != NULL;
	__atomic_store_n(&s->has_post, post, __ATOMIC_RELAXED);	/* read by hits */
}

/* Arm or disarm s to match its enabled count, and point it at its
 * direct trampoline or off it to match its probes. In stop_machine. */
static void
sync_armed(struct kprobe_site *s)
{
	arch_sync_direct_kprobe(s);
	if (s->enabled && !s->armed) {
		arch_arm_kprobe(s);
		s->armed = true;
	} else if (!s->enabled && s->armed) {
		arch_disarm_kprobe(s);
		s->armed = false;
	}
}

static void
arm_batch(void *arg)
{
	struct batch *b = arg;

	for (int i = 0; i < b->num; i++)
		if (b->kps[i]->site)	/* NULL: given to unregister unregistered */
			sync_armed(b->kps[i]->site);
}

/* Give each site of the batch the direct trampoline it now qualifies
 * for, before the stop_machine that syncs them. True if any got one. */
static bool
prepare_direct(struct batch *b)
{
	bool any = false;

	for (int i = 0; i < b->num; i++)
		if (b->kps[i]->site && b->kps[i]->site->probes)
			any |= arch_prepare_direct_kprobe(b->kps[i]->site);
	return any;
}

/* What a hit calls first for p: its pre handler, unless it is disabled. */
static void
set_run_pre(struct kprobe *p)
{
	bool disabled = p->flags & KPROBE_FLAG_DISABLED;

	__atomic_store_n(&p->run_pre, disabled ? NULL : p->pre_handler,
			 __ATOMIC_RELAXED);
}

/* Link p at the end of its site's list, but before the first probe
 * with EB_KPROBE_FLAG_OVERRIDE unless it has it too: readers see it
 * whole. */
static void
link_probe(struct kprobe *p)
{
	struct kprobe_site *s = p->site;
	struct kprobe **link = &s->probes;
	unsigned over = p->flags & EB_KPROBE_FLAG_OVERRIDE;

	while (*link && (over || !((*link)->flags & EB_KPROBE_FLAG_OVERRIDE)))
		link = &(*link)->next;
	p->next = *link;
	set_run_pre(p);
	__atomic_store_n(link, p, __ATOMIC_RELEASE);
	if (!(p->flags & KPROBE_FLAG_DISABLED))
		s->enabled++;
	update_flags(s);
}

/* Add s, just unpublished, to the list of sites to free (once). */
static void
bury(struct kprobe_site *s, struct kprobe_site **graveyard)
{
	if (s->dead)
		return;
	s->dead = true;
	s->dead_next = *graveyard;	/* not hnext: readers may be on s */
	*graveyard = s;
}

/* Free the buried sites; call after a grace period (any stop_machine). */
static void
free_graveyard(struct kprobe_site *graveyard)
{
	while (graveyard) {
		struct kprobe_site *next = graveyard->dead_next;
		free_site(graveyard);
		graveyard = next;
	}
}

/* p is no longer registered: it goes back to how the caller filled it
 * (a probe given by symbol gets its addr cleared, one given by address
 * its offset taken back off), ready to reuse. */
static void
forget(struct kprobe *p)
{
	p->site = NULL;
	p->next = NULL;
	p->run_pre = NULL;
	p->flags &= ~KPROBE_FLAG_FTRACE;
	if (p->symbol_name)
		p->addr = NULL;
	else
		p->addr = (kprobe_opcode_t *)((uintptr_t)p->addr - p->offset);
}

/* Undo prepare() for kps[0..n): unpublish new sites, wait, free them. */
static void
unprepare(struct kprobe **kps, int n)
{
	struct kprobe_site *graveyard = NULL;

	for (int i = 0; i < n; i++) {
		struct kprobe_site *s = kps[i]->site;
		forget(kps[i]);
		if (s->probes || s->dead)
			continue;	/* an existing site, or buried already */
		kprobe_site_remove(s);
		bury(s, &graveyard);
	}
	if (graveyard)
		eb_grace_period();
	free_graveyard(graveyard);
}

int
register_kprobes(struct kprobe **kps, int num)
{
	char why[KPROBE_WHY_MAX];
	int err = 0;

	if (num <= 0)	/* as Linux */
		return -EINVAL;
	lock();
	for (int i = 0; i < num; i++) {
		err = prepare(kps[i], why, sizeof why);
		if (err) {
			report(kps[i], err, why);
			unprepare(kps, i);
			unlock();
			return err;
		}
	}
	for (int i = 0; i < num; i++)
		link_probe(kps[i]);
	struct batch b = { kps, num };
	prepare_direct(&b);
	eb_port_stop_machine(arm_batch, &b);
	for (int i = 0; i < num; i++)
		arch_release_direct_kprobe(kps[i]->site);
	unlock();
	return 0;
}

int
register_kprobe(struct kprobe *p)
{
	return register_kprobes(&p, 1);
}

/* In stop_machine: unlink each probe; disarm and unpublish emptied
 * sites. Probes not registered are skipped. */
static void
disarm_batch(void *arg)
{
	struct batch *b = arg;

	for (int i = 0; i < b->num; i++) {
		struct kprobe *p = b->kps[i];
		struct kprobe_site *s = p->site;
		if (!s)
			continue;
		struct kprobe **link = &s->probes;
		while (*link && *link != p)
			link = &(*link)->next;
		if (!*link)
			continue;	/* listed twice in the batch */
		*link = p->next;
		if (!(READ_FLAGS(p) & KPROBE_FLAG_DISABLED))
			s->enabled--;
		update_flags(s);
		sync_armed(s);
		if (!s->probes)
			kprobe_site_remove(s);
	}
}

void
unregister_kprobes(struct kprobe **kps, int num)
{
	struct kprobe_site *graveyard = NULL;
	struct batch b = { kps, num };

	lock();
	eb_port_stop_machine(disarm_batch, &b);
	/* A site left with one probe may qualify for a direct trampoline
	 * now: another stop points it there. */
	if (prepare_direct(&b))
		eb_port_stop_machine(arm_batch, &b);
	/* The stop was the grace period: no hart is in these handlers,
	 * slots or trampolines, nor holds an emptied site. */
	for (int i = 0; i < num; i++) {
		struct kprobe_site *s = kps[i]->site;
		if (!s)
			continue;
		forget(kps[i]);
		if (!s->probes)
			bury(s, &graveyard);
		else
			arch_release_direct_kprobe(s);
	}
	free_graveyard(graveyard);
	unlock();
}

void
unregister_kprobe(struct kprobe *p)
{
	unregister_kprobes(&p, 1);
}

/* A probe's disabled flag to flip, and whether its site's arming
 * follows. */
struct flip {
	struct kprobe *p;
	bool sync;
};

static void
flip_probe(void *arg)
{
	struct flip *f = arg;

	__atomic_store_n(&f->p->flags, f->p->flags ^ KPROBE_FLAG_DISABLED,
			 __ATOMIC_RELAXED);
	set_run_pre(f->p);
	if (f->sync)
		sync_armed(f->p->site);
}

/* Set or clear p's disabled flag, arming or disarming its site when the
 * site's enabled count crosses zero. The flag flips while the machine is
 * stopped, so that no hit spans it: a hit sees p as it was when the hit
 * began to its end (a handler of it that faults counts p's miss only if
 * p was enabled then). */
static int
set_disabled(struct kprobe *p, bool disable)
{
	lock();
	struct kprobe_site *s = p->site;
	if (!s) {
		unlock();
		return -EINVAL;
	}
	bool disabled = p->flags & KPROBE_FLAG_DISABLED;
	if (disabled == disable) {
		unlock();
		return 0;
	}
	s->enabled += disable ? -1 : 1;
	struct flip f = { p, (s->enabled > 0) != s->armed };
	if (f.sync)
		arch_prepare_direct_kprobe(s);
	eb_port_stop_machine(flip_probe, &f);
	if (f.sync)
		arch_release_direct_kprobe(s);
	unlock();
	return 0;
}

static void
list_probe(struct kprobe_site *s, struct kprobe *p, char *line, size_t n)
{
	uintptr_t start;
	size_t size;
	const char *name = eb_port_symbol_name(s->addr, &start, &size);

	const struct kretprobe *rp = kprobe_kretprobe(p);
	/* a kretprobe also misses calls that found no free instance */
	unsigned long missed = p->nmissed + (rp ? rp->nmissed : 0);

	eb_snprintf(line, n, "%016lx  %c  %s+0x%lx%s %s nmissed=%lu%s%s",
		    (unsigned long)s->addr, rp ? 'r' : 'k',
		    name ? name : "?", (unsigned long)(s->addr - start),
		    READ_FLAGS(p) & KPROBE_FLAG_DISABLED ? " [DISABLED]" : "",
		    arch_kprobe_mode(s), missed, p->owner ? " owner=" : "",
		    p->owner ? p->owner : "");
}

void
eb_kprobes_list(void (*emit)(const char *line, void *arg), void *arg)
{
	char line[160];

	lock();
	for (size_t b = 0; b < sizeof kprobe_table / sizeof *kprobe_table; b++)
		for (struct kprobe_site *s = kprobe_table[b]; s; s = s->hnext)
			for (struct kprobe *p = s->probes; p; p = p->next) {
				list_probe(s, p, line, sizeof line);
				emit(line, arg);
			}
	unlock();
}

size_t
eb_kprobe_slots_free(void)
{
	lock();
	size_t n = kprobe_slots_free();
	unlock();
	return n;
}

int
disable_kprobe(struct kprobe *p)
{
	return set_disabled(p, true);
}

int
enable_kprobe(struct kprobe *p)
{
	return set_disabled(p, false);
}
