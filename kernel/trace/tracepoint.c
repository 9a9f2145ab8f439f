/*
 * Static tracepoints (see tracepoint.h): the registry, probe attachment,
 * site patching, and the probe that prints events for the shell.
 */
#include "trace/tracepoint.h"
#include "riscv.h"
#include "arch/riscv/insn.h"
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/lock.h>
#include "async/async.h"
#include "bpf/prog.h"
#include "user/user.h"

extern struct tracepoint *const __start_tracepoints[],
	*const __stop_tracepoints[];
extern const struct tracepoint_site __start_tracepoint_sites[],
	__stop_tracepoint_sites[];

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
	__atomic_fetch_add(&tp->hits, 1, __ATOMIC_RELAXED);
	push_off();
	for (unsigned i = 0; i < TRACEPOINT_MAX_PROBES; i++) {
		tracepoint_probe_fn fn =
			__atomic_load_n(&tp->probes[i].fn, __ATOMIC_ACQUIRE);
		if (fn)
			fn(tp->probes[i].data, args);
	}
	pop_off();
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

/* Linux's struct trace_entry: what an eBPF program's context starts
 * with. type is the tracepoint's index in the registry, pid the
 * process running (0 for a kernel task or an interrupt handler), the pid
 * that process reports itself. */
struct trace_entry {
	uint16_t type;
	uint8_t flags;
	uint8_t preempt_count;
	int32_t pid;
};
_Static_assert(sizeof(struct trace_entry) == 8, "Linux's layout");

/* An attached program and where. */
struct bpf_binding {
	struct tracepoint *tp;
	struct bpf_prog *prog;
};

/* Bytes of context an eBPF program attached to tp may read: the
 * trace_entry header and 8 per field (bpf_verifier_env.ctx_size). */
size_t
tracepoint_ctx_size(const struct tracepoint *tp)
{
	return sizeof(struct trace_entry) + 8 * tp->nargs;
}

static void
bpf_probe(void *data, const uint64_t *args)
{
	struct bpf_binding *b = data;
	uint64_t ctx[1 + TRACEPOINT_MAX_ARGS];
	struct proc *p = task_proc(current_task());
	struct trace_entry e = { .pid = p ? p->pid : 0 };

	for (struct tracepoint *const *p = __start_tracepoints;
	     p < __stop_tracepoints; p++)
		if (*p == b->tp)
			e.type = p - __start_tracepoints;
	memcpy(ctx, &e, sizeof e);
	memcpy(ctx + 1, args, 8 * b->tp->nargs);
	bpf_prog_run(b->prog, ctx);
}

/* The binding of prog to tp, or NULL. tp_mutex held. */
static struct bpf_binding *
find_bpf(struct tracepoint *tp, struct bpf_prog *prog)
{
	struct bpf_binding *b = 0;

	for (unsigned i = 0; i < TRACEPOINT_MAX_PROBES; i++) {
		struct bpf_binding *o = tp->probes[i].data;
		if (tp->probes[i].fn == bpf_probe && o->prog == prog)
			b = o;
	}
	return b;
}

/*
 * Run prog (loaded: verified and prepared, for a read-only context of at
 * most tracepoint_ctx_size(tp) bytes) on every tp event. It stays owned
 * by the caller and must outlive the attachment. Returns 0, -EINVAL (not
 * loaded, or its context is bigger), -EEXIST, -ENOSPC or -ENOMEM. Not in
 * trap context; no spinlock held.
 */
int
tracepoint_attach_bpf(struct tracepoint *tp, struct bpf_prog *prog)
{
	if (!prog->verified || !prog->image || prog->env.ctx_writable ||
	    prog->env.ctx_size > tracepoint_ctx_size(tp))
		return -EINVAL;
	struct bpf_binding *b = kmalloc(sizeof *b);
	if (!b)
		return -ENOMEM;
	*b = (struct bpf_binding){ tp, prog };
	tp_lock();	/* the check and the attach as one */
	int err = find_bpf(tp, prog) ? -EEXIST : probe_register(tp, bpf_probe, b);
	tp_unlock();
	if (err)
		kfree(b);
	return err;
}

/* Stop running prog on tp's events; on return no hart runs it from
 * there. 0 or -ENOENT. Not in trap context; no spinlock held. */
int
tracepoint_detach_bpf(struct tracepoint *tp, struct bpf_prog *prog)
{
	tp_lock();
	struct bpf_binding *b = find_bpf(tp, prog);
	tp_unlock();
	if (!b)
		return -ENOENT;
	int err = tracepoint_probe_unregister(tp, bpf_probe, b);
	if (!err)
		kfree(b);
	return err;
}

/* Print every tracepoint: name, state, hits, fields. */
void
tracepoint_list(void)
{
	for (struct tracepoint *const *p = __start_tracepoints;
	     p < __stop_tracepoints; p++) {
		struct tracepoint *tp = *p;
		unsigned sites = 0;
		for (const struct tracepoint_site *s = __start_tracepoint_sites;
		     s < __stop_tracepoint_sites; s++)
			sites += s->tp == tp;
		printf("%-26s %-3s %8lu hits  %u sites  (%s)\n", tp->name,
		       tp->enabled ? "on" : "off", (unsigned long)tp->hits,
		       sites, tp->fields);
	}
}

/* The shell's probe: one line per event as ftrace prints it,
 * "COMM-PID [HART] name: field=0xVALUE ...", COMM-PID the process's (a
 * kernel task's name and 0 outside any process). */
static void
print_probe(void *data, const uint64_t *args)
{
	struct tracepoint *tp = data;
	struct task *t = current_task();
	struct proc *p = task_proc(t);
	const char *comm = p ? p->name : t ? t->name : "<irq>";
	char line[192];
	size_t n = eb_snprintf(line, sizeof line, "%s-%d [%03u] %s:", comm,
			       p ? p->pid : 0, cpuid(), tp->name);
	const char *f = tp->fields;

	for (unsigned i = 0; i < tp->nargs && n < sizeof line; i++) {
		while (*f == ' ' || *f == ',')
			f++;
		const char *end = f;
		while (*end && *end != ',')
			end++;
		n += eb_snprintf(line + n, sizeof line - n, " %.*s=0x%lx",
				 (int)(end - f), f, (unsigned long)args[i]);
		f = end;
	}
	printf("%s\n", line);
}

/* Shell: print name's events (0, -ENOENT, -EEXIST). */
int
tracepoint_print_on(const char *name)
{
	struct tracepoint *tp = tracepoint_find(name);

	return tp ? tracepoint_probe_register(tp, print_probe, tp) : -ENOENT;
}

/* Shell: stop printing name's events (0 or -ENOENT). */
int
tracepoint_print_off(const char *name)
{
	struct tracepoint *tp = tracepoint_find(name);

	return tp ? tracepoint_probe_unregister(tp, print_probe, tp) : -ENOENT;
}
