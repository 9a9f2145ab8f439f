/*
 * Static tracepoints (see tracepoint.h): the registry, probe attachment
 * and site patching. eBPF programs attach in tracepoint_bpf.c, the shell
 * prints events with tracepoint_print.c.
 */
#include "trace/tracepoint.h"
#include "riscv.h"
#include <ebreak/errno.h>
#include <ebreak/lock.h>

/*
 * Serializes attaching and detaching, patching and the grace period
 * included: a slot is reused only after no hart can still run its old
 * probe, and the sites always match `enabled`. A spin on a flag with
 * interrupts left on, since the grace period (eb_grace_period) parks
 * every other hart from an interrupt, a waiting one included.
 */
static struct eb_spinlock tp_mutex = EB_SPINLOCK_INIT;

static void
tp_lock(void)
{
	eb_spin_lock(&tp_mutex);
}

static void
tp_unlock(void)
{
	eb_spin_unlock(&tp_mutex);
}

#define INSN_NOP	0x00000013u	/* addi x0, x0, 0 */

/* Whether [addr, addr+len) overlaps a tracepoint site: its nop is
 * patched by set_sites, so no kprobe may replace it (kprobes ask through
 * eb_port_text_reserved, as Linux's ask jump_label_text_reserved). */
bool
tracepoint_text_reserved(uintptr_t addr, size_t len)
{
	for (const struct tracepoint_site *s = __start_tracepoint_sites;
	     s < __stop_tracepoint_sites; s++)
		if (s->insn < addr + len && addr < s->insn + 4)
			return true;
	return false;
}

/* Patch every site of tp to a nop or a jump to its call. Not in trap
 * context, no spinlock held (text_patch cross-calls every hart). */
static void
set_sites(struct tracepoint *tp, bool on)
{
	for (const struct tracepoint_site *s = __start_tracepoint_sites;
	     s < __stop_tracepoint_sites; s++) {
		if (s->tp != tp)
			continue;
		uint32_t insn = on ? rv_jal_x0(s->target - s->insn) : INSN_NOP;
		if (text_patch((void *)s->insn, &insn, 4))
			panic("tracepoint: cannot patch %s site at %lx",
			      tp->name, s->insn);
	}
}

/* Run tp's probes on args. Called from enabled sites only; any context.
 * Interrupts stay off while probes run, so an unregister that waits for
 * every hart to take a cross-call knows none is still inside a probe. */
EB_NOPROBE void
tracepoint_call(struct tracepoint *tp, const uint64_t *args)
{
	/* Off with one csrrc and back as they were, not push_off's
	 * bookkeeping (30 instructions a hit): no lock is taken here, and
	 * a probe's own push_off finds them off and leaves them so. */
	uint64_t sie = csr_read_clear(sstatus, SSTATUS_SIE);

	__atomic_fetch_add(&tp->hits, 1, __ATOMIC_RELAXED);
	for (unsigned i = 0; i < TRACEPOINT_MAX_PROBES; i++) {
		tracepoint_probe_fn fn =
			__atomic_load_n(&tp->probes[i].fn, __ATOMIC_ACQUIRE);
		if (fn)
			fn(tp->probes[i].data, args);
	}
	csr_set(sstatus, sie & SSTATUS_SIE);
}

/* Whether tp is called name, spelled "cat:name" or, as in an eBPF
 * program's SEC("tracepoint/cat/name"), "cat/name". */
static bool
named(const struct tracepoint *tp, const char *name)
{
	const char *a = tp->name;

	for (; *a && (*a == *name || (*a == ':' && *name == '/')); a++, name++)
		;
	return *a == 0 && *name == 0;
}

/* The tracepoint called name ("sched:task_wake" or "sched/task_wake"),
 * or NULL. */
struct tracepoint *
tracepoint_find(const char *name)
{
	for (struct tracepoint *const *p = __start_tracepoints;
	     p < __stop_tracepoints; p++)
		if (named(*p, name))
			return *p;
	return 0;
}

/* The tracepoint whose event is called name ("task_wake" of
 * sched:task_wake), as Linux's raw tracepoints are named, or NULL. */
struct tracepoint *
tracepoint_find_event(const char *name)
{
	for (struct tracepoint *const *p = __start_tracepoints;
	     p < __stop_tracepoints; p++) {
		const char *ev = (*p)->name;

		while (*ev && *ev++ != ':')
			;
		if (!strcmp(ev, name))
			return *p;
	}
	return 0;
}

static unsigned
probe_count(struct tracepoint *tp)
{
	unsigned n = 0;

	for (unsigned i = 0; i < TRACEPOINT_MAX_PROBES; i++)
		n += tp->probes[i].fn != 0;
	return n;
}

/* tracepoint_probe_register with tp_mutex held. */
static int
probe_register(struct tracepoint *tp, tracepoint_probe_fn fn, void *data)
{
	int slot = -1;

	for (unsigned i = 0; i < TRACEPOINT_MAX_PROBES; i++) {
		if (tp->probes[i].fn == fn && tp->probes[i].data == data)
			return -EEXIST;
		if (!tp->probes[i].fn && slot < 0)
			slot = i;
	}
	if (slot < 0)
		return -ENOSPC;
	tp->probes[slot].data = data;
	__atomic_store_n(&tp->probes[slot].fn, fn, __ATOMIC_RELEASE);
	if (!tp->enabled) {
		tp->enabled = true;
		set_sites(tp, true);
	}
	return 0;
}

/*
 * Attach fn(data, args) to tp; the first probe enables tp's sites.
 * Returns 0, -EEXIST if (fn, data) is attached already, or -ENOSPC.
 * Not in trap context; no spinlock held.
 */
int
tracepoint_probe_register(struct tracepoint *tp, tracepoint_probe_fn fn,
			  void *data)
{
	tp_lock();
	int err = probe_register(tp, fn, data);
	tp_unlock();
	return err;
}

/*
 * Say on the console why who (a subsystem's name) could not attach a
 * probe to tp: err is what tracepoint_probe_register returned. A full
 * tracepoint names the probes it has. Not in trap context.
 */
void
tracepoint_attach_error(const char *who, struct tracepoint *tp, int err)
{
	printf("%s: cannot attach to %s: ", who, tp->name);
	if (err == -EEXIST) {
		printf("attached already\n");
		return;
	}
	if (err != -ENOSPC) {
		printf("error %d\n", err);
		return;
	}
	printf("it has %u probes already, the most it takes (",
	       TRACEPOINT_MAX_PROBES);
	for (unsigned i = 0; i < TRACEPOINT_MAX_PROBES; i++) {
		uintptr_t start;
		size_t size;
		const char *name = kallsyms_lookup(
			(uintptr_t)tp->probes[i].fn, &start, &size);
		printf("%s%s", i ? ", " : "", name ? name : "?");
	}
	printf(")\n");
}

/*
 * Detach fn(data) from tp; the last probe disables tp's sites. On return
 * no hart is running the probe. Returns 0 or -ENOENT. Not in trap
 * context; no spinlock held.
 */
int
tracepoint_probe_unregister(struct tracepoint *tp, tracepoint_probe_fn fn,
			    void *data)
{
	int ret = -ENOENT;

	tp_lock();
	for (unsigned i = 0; i < TRACEPOINT_MAX_PROBES; i++) {
		if (tp->probes[i].fn == fn && tp->probes[i].data == data) {
			__atomic_store_n(&tp->probes[i].fn, 0, __ATOMIC_RELEASE);
			ret = 0;
		}
	}
	if (ret == 0 && probe_count(tp) == 0) {
		tp->enabled = false;
		set_sites(tp, false);
	}
	/* Probes run with interrupts off: after the grace period no hart
	 * is inside fn, and the slot may be reused. */
	if (ret == 0)
		eb_grace_period();
	tp_unlock();
	return ret;
}
