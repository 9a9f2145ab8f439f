/*
 * The boot self-test: kprobes by symbol and by address on a simulated,
 * a boosted and a stepped instruction, a kretprobe, probes whose
 * handler faults (at a breakpoint and at a patchable entry),
 * a kprobe event read back from the trace ring, an eBPF program
 * (selftest_bpf.c), then all of it unregistered. Every count a probe
 * makes is checked against the one the probed function keeps itself.
 * One line per check:
 * `mini: ok NAME (...)` or `mini: FAIL NAME (...)`.
 */
#include "mini.h"
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/ftrace.h>
#include <ebreak/kprobe_events.h>
#include <ebreak/kprobes.h>
#include <ebreak/libc.h>
#include <ebreak/port.h>
#include <ebreak/trace_ring.h>

#define BAD_ADDR 0x1000000000UL	/* no memory or device there */
#define PROBES 6		/* probed places */

static unsigned failed;

/* mini.h's contract. */
void
check(const char *name, bool ok, const char *fmt, ...)
{
	char detail[160];
	va_list ap;

	va_start(ap, fmt);
	eb_vsnprintf(detail, sizeof detail, fmt, ap);
	va_end(ap);
	printf("mini: %s %s (%s)\n", ok ? "ok" : "FAIL", name, detail);
	failed += !ok;
}

/* Where part begins in s, or NULL. */
static const char *
find(const char *s, const char *part)
{
	for (size_t n = strlen(part); *s; s++)
		if (strncmp(s, part, n) == 0)
			return s;
	return NULL;
}

static unsigned long sim_hits, step_hits, step_posts, store_hits;
static unsigned long ret_entries, ret_returns, ret_wrong;
static unsigned long fault_runs, load_fault_runs;

static int
sim_pre(struct kprobe *p, struct pt_regs *regs)
{
	sim_hits++;
	return 0;
}

static int
step_pre(struct kprobe *p, struct pt_regs *regs)
{
	step_hits++;
	return 0;
}

static int
store_pre(struct kprobe *p, struct pt_regs *regs)
{
	store_hits++;
	return 0;
}

static void
step_post(struct kprobe *p, struct pt_regs *regs, unsigned long flags)
{
	step_posts++;
}

static int
ret_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	*(long *)ri->data = (long)regs->a0;
	ret_entries++;
	return 0;
}

static int
ret_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	ret_returns++;
	ret_wrong += (long)regs->a0 != 2 * *(long *)ri->data + 1;
	return 0;
}

/* Loads from where nothing answers: the hit must be abandoned. */
static int
fault(void)
{
	return (int)*(volatile long *)BAD_ADDR;
}

static int
fault_pre(struct kprobe *p, struct pt_regs *regs)
{
	fault_runs++;
	return fault();
}

static int
load_fault_pre(struct kprobe *p, struct pt_regs *regs)
{
	load_fault_runs++;
	return fault();
}

static struct kprobe sim_kp = {
	.symbol_name = "sim_target", .pre_handler = sim_pre,
};
static struct kprobe step_kp = {
	.addr = (kprobe_opcode_t *)sim_target_step,
	.pre_handler = step_pre, .post_handler = step_post,
};
static struct kprobe store_kp = {
	.addr = (kprobe_opcode_t *)sim_target_store, .pre_handler = store_pre,
};
static struct kprobe load_fault_kp = {
	.addr = (kprobe_opcode_t *)sim_target_load,
	.pre_handler = load_fault_pre,
};
static struct kretprobe ret_rp = {
	.kp.symbol_name = "ret_target", .entry_handler = ret_entry,
	.handler = ret_return, .data_size = sizeof(long),
};
static struct kprobe fault_kp = {
	.symbol_name = "fault_target", .pre_handler = fault_pre,
};

/* The first 4 bytes at addr. */
static uint32_t
text_at(const void *addr)
{
	uint32_t v;

	memcpy(&v, addr, sizeof v);
	return v;
}

/* Each probe, checked where it landed and how its hits will run. */
static void
register_all(void)
{
	int err = register_kprobe(&sim_kp);

	check("kprobe_by_symbol",
	      !err && sim_kp.addr == (kprobe_opcode_t *)sim_target,
	      "register_kprobe(sim_target) = %d", err);
	err = register_kprobe(&step_kp);
	check("kprobe_by_address", !err, "register_kprobe(%p) = %d",
	      (void *)sim_target_step, err);
	err = register_kprobe(&store_kp);
	check("kprobe_boosted", !err, "register_kprobe(%p) = %d",
	      (void *)sim_target_store, err);
	err = register_kprobe(&load_fault_kp);
	check("faulting_trap_register", !err, "register_kprobe(%p) = %d",
	      (void *)sim_target_load, err);
	err = register_kretprobe(&ret_rp);
	check("kretprobe_register",
	      !err && (ret_rp.kp.flags & KPROBE_FLAG_FTRACE),
	      "register_kretprobe(ret_target) = %d, at a patchable entry: %d",
	      err, !!(ret_rp.kp.flags & KPROBE_FLAG_FTRACE));
	err = register_kprobe(&fault_kp);
	check("faulting_register",
	      !err && (fault_kp.flags & KPROBE_FLAG_FTRACE),
	      "register_kprobe(fault_target) = %d, at a patchable entry: %d",
	      err, !!(fault_kp.flags & KPROBE_FLAG_FTRACE));
}

struct listed {
	unsigned simulated, boosted, stepped, ftrace, ret;
};

static void
list_line(const char *line, void *arg)
{
	struct listed *l = arg;

	printf("mini: probe %s\n", line);
	l->simulated += find(line, "[SIMULATED]") != NULL;
	l->boosted += find(line, "[BOOSTED]") != NULL;
	l->stepped += find(line, "[STEPPED]") != NULL;
	l->ftrace += find(line, "[FTRACE]") != NULL;
	l->ret += find(line, "  r  ") != NULL;
}

/* The listing says how each hit runs its instruction. */
static void
check_list(void)
{
	struct listed l = { 0 };

	eb_kprobes_list(list_line, &l);
	check("kprobes_list", l.simulated == 1 && l.boosted == 2 &&
	      l.stepped == 1 && l.ftrace == 2 && l.ret == 1,
	      "simulated %u, boosted %u, stepped %u, at patchable entries %u, "
	      "return %u", l.simulated, l.boosted, l.stepped, l.ftrace, l.ret);
}

static unsigned long wrong_results;

/* Each probed function CALLS times, its results checked. */
static void
call_targets(void)
{
	for (long i = 0; i < CALLS; i++) {
		sim_target();
		wrong_results += ret_target(i) != 2 * i + 1;
		wrong_results += fault_target(i) != i + 1;
	}
}

/* Every hit against the probed functions' own counts. */
static void
check_hits(void)
{
	check("simulated_hits", sim_hits == CALLS && sim_calls == CALLS,
	      "hits %lu, calls %u", sim_hits, sim_calls);
	check("boosted_hits", store_hits == CALLS && sim_calls == CALLS,
	      "hits %lu, calls %u", store_hits, sim_calls);
	check("faulting_trap_missed", load_fault_runs == CALLS &&
	      load_fault_kp.nmissed == CALLS && sim_calls == CALLS,
	      "handler runs %lu, missed %lu, calls %u (the load ran)",
	      load_fault_runs, load_fault_kp.nmissed, sim_calls);
	check("stepped_hits", step_hits == CALLS && step_posts == CALLS &&
	      sim_calls == CALLS, "pre %lu, post %lu, calls %u", step_hits,
	      step_posts, sim_calls);
	check("kretprobe_hits", ret_entries == CALLS && ret_returns == CALLS &&
	      ret_calls == CALLS && !ret_wrong && !ret_rp.nmissed,
	      "entries %lu, returns %lu (%lu wrong), calls %lu, missed %lu",
	      ret_entries, ret_returns, ret_wrong, ret_calls, ret_rp.nmissed);
	check("faulting_handler_missed", fault_runs == CALLS &&
	      fault_kp.nmissed == CALLS && fault_calls == CALLS &&
	      !wrong_results,
	      "handler runs %lu, missed %lu, calls %lu, wrong results %lu",
	      fault_runs, fault_kp.nmissed, fault_calls, wrong_results);
}

struct traced {
	unsigned long lines, sum;
};

/* A record of the event: its x summed. */
static void
trace_line(const char *line, void *arg)
{
	struct traced *t = arg;
	const char *x = find(line, "ev: (event_target+0x0/");

	if (!x || !(x = find(x, " x=")))
		return;
	unsigned long v = 0;

	for (x += 3; *x >= '0' && *x <= '9'; x++)
		v = v * 10 + (unsigned long)(*x - '0');
	t->lines++;
	t->sum += v;
}

/* A kprobe event (Linux's syntax) recording an argument in the trace
 * ring: one record per call, with the value the call got. */
static void
test_event(void)
{
	struct traced t = { 0 };
	char msg[128] = "";
	int err = eb_kprobe_events_write("p:mini/ev event_target x=%a0:s64",
					 msg, sizeof msg);

	for (long i = 0; i < CALLS; i++)
		event_target(i);
	eb_trace_read(trace_line, &t);
	long hits = eb_kprobe_events_hits("mini/ev");
	check("kprobe_event", !err && hits == CALLS && event_calls == CALLS &&
	      t.lines == CALLS && t.sum == CALLS * (CALLS - 1) / 2,
	      "write %d %s, hits %ld, calls %lu, records %lu, sum of x %lu",
	      err, msg, hits, event_calls, t.lines, t.sum);
	err = eb_kprobe_events_write("-:mini/ev", msg, sizeof msg);
	check("kprobe_event_removed", !err && eb_kprobe_events_hits("ev") < 0,
	      "write %d %s", err, msg);
}

/* Every handler's runs. */
static unsigned long
all_hits(void)
{
	return sim_hits + step_hits + store_hits + load_fault_runs +
	       ret_entries + fault_runs;
}

/* Unregistered, the probes leave the text as it was, give their slots
 * back and see no more calls. */
static void
test_unregister(const void *const at[PROBES], const uint32_t text[PROBES],
		size_t slots)
{
	unregister_kprobe(&sim_kp);
	unregister_kprobe(&step_kp);
	unregister_kprobe(&store_kp);
	unregister_kprobe(&load_fault_kp);
	unregister_kretprobe(&ret_rp);
	unregister_kprobe(&fault_kp);
	unsigned long before = all_hits();
	unsigned changed = 0;

	call_targets();
	unsigned long after = all_hits();
	for (int i = 0; i < PROBES; i++)
		changed += text_at(at[i]) != text[i];
	check("unregister", !changed && eb_kprobe_slots_free() == slots &&
	      after == before && sim_calls == 2 * CALLS &&
	      ret_calls == 2 * CALLS && fault_calls == 2 * CALLS,
	      "text changed at %u of 6 probes, slots free %zu of %zu, "
	      "hits %lu (%lu before), calls %u %lu %lu", changed,
	      eb_kprobe_slots_free(), slots, after, before, sim_calls,
	      ret_calls, fault_calls);
}

/* mini.h's contract. Patchable entries are made live first
 * (eb_ftrace_init), the text as it then is kept to compare with after
 * unregistration. */
unsigned
selftest(void)
{
	size_t sites = eb_ftrace_init();
	long v = 0;
	int bad = eb_port_read_nofault(&v, (void *)BAD_ADDR, sizeof v);
	int good = eb_port_read_nofault(&v, &sites, sizeof v);

	check("ftrace_init", sites > 0, "%zu patchable entries", sites);
	check("read_nofault", bad == -EFAULT && !good && v == (long)sites,
	      "unmapped %d, mapped %d", bad, good);
	const void *const at[PROBES] = {
		(void *)sim_target, sim_target_load, sim_target_step,
		sim_target_store, (void *)ret_target, (void *)fault_target,
	};
	uint32_t before[PROBES];
	for (int i = 0; i < PROBES; i++)
		before[i] = text_at(at[i]);
	size_t slots = eb_kprobe_slots_free();

	register_all();
	check_list();
	call_targets();
	check_hits();
	test_event();
	selftest_bpf();
	test_unregister(at, before, slots);
	return failed;
}
