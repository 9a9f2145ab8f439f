/*
 * kprobe hit costs: instructions per call of a probed function above the
 * same call unprobed, with an empty handler; and the cost of registering
 * and unregistering probes in batches.
 */
#include "bench.h"
#include "ktest.h"
#include "riscv.h"
#include <ebreak/kprobe_events.h>
#include <ebreak/kprobes.h>
#include <ebreak/trace_ring.h>

void bench_sim_target(void);		/* bench_asm.S: starts with a jal */
extern char kp_nops_site[];		/* tests/kernel/kprobe_asm.S */

static int
empty_pre(struct kprobe *p, struct pt_regs *regs)
{
	return 0;
}

static void
empty_post(struct kprobe *p, struct pt_regs *regs, unsigned long flags)
{
}

/* Instructions per hit of a probe with these handlers at fn's entry. */
static uint64_t
hit_cost(void (*fn)(void), kprobe_pre_handler_t pre, kprobe_post_handler_t post)
{
	struct kprobe kp = { .addr = (kprobe_opcode_t *)fn,
			     .pre_handler = pre, .post_handler = post };
	uint64_t unprobed = bench_per_call(fn);

	if (register_kprobe(&kp))
		return kbench_fail("register_kprobe failed");
	uint64_t probed = bench_per_call(fn);
	unregister_kprobe(&kp);
	return probed - unprobed;
}

KBENCH(kprobe_hit_simulate, "insns")
{
	return hit_cost(bench_sim_target, empty_pre, 0);
}

KBENCH(kprobe_hit_step, "insns")
{
	return hit_cost(bench_empty_notrace, empty_pre, 0);
}

KBENCH(kprobe_hit_step_post, "insns")
{
	return hit_cost(bench_empty_notrace, empty_pre, empty_post);
}

/* At a patchable entry: a call of ftrace_caller, no trap. */
KBENCH(kprobe_hit_ftrace, "insns")
{
	return hit_cost(bench_empty_function, empty_pre, 0);
}

/* n probes on the nop block of the kprobes suite. */
static struct kprobe **
many_probes(size_t n)
{
	struct kprobe *kps = kzalloc(n * sizeof *kps);
	struct kprobe **list = kmalloc(n * sizeof *list);

	for (size_t i = 0; kps && list && i < n; i++) {
		kps[i].addr = (kprobe_opcode_t *)(kp_nops_site + 4 * i);
		kps[i].pre_handler = empty_pre;
		list[i] = &kps[i];
	}
	return list;
}

static void
free_probes(struct kprobe **list)
{
	kfree(list[0]);
	kfree(list);
}

/* The probe measured is on the last nop of the block (17,000: the
 * 10,000 others take the first ones), called as a function (the nop, then
 * ret), and registered first: it sits at the end of its table chain,
 * behind the others that share the chain. */
KBENCH(kprobe_hit_step_10000, "insns")
{
	void (*last_nop)(void) = (void (*)(void))(kp_nops_site + 4 * 16999);
	struct kprobe kp = { .addr = (kprobe_opcode_t *)last_nop,
			     .pre_handler = empty_pre };
	struct kprobe **others = many_probes(10000);
	uint64_t unprobed = bench_per_call(last_nop), cost = 0;

	if (register_kprobe(&kp) == 0) {
		if (register_kprobes(others, 10000) == 0) {
			cost = bench_per_call(last_nop) - unprobed;
			unregister_kprobes(others, 10000);
		} else {
			kbench_fail("register_kprobes of the 10,000 failed");
		}
		unregister_kprobe(&kp);
	} else {
		kbench_fail("register_kprobe failed");
	}
	free_probes(others);
	return cost;
}

KBENCH(kprobe_register_unregister, "insns/probe")
{
	struct kprobe **list = many_probes(1000);
	uint64_t t0 = rdinstret();
	int err = register_kprobes(list, 1000);

	if (err == 0)
		unregister_kprobes(list, 1000);
	uint64_t t1 = rdinstret();
	free_probes(list);
	if (err)
		return kbench_fail("register_kprobes failed");
	return (t1 - t0) / 1000;
}

/* A kprobe event with two register args (x64): the hit, both fetches,
 * the record formatted with its head and written to the trace ring. */
KBENCH(kprobe_event_hit_2args, "insns")
{
	static const char define[] =
		"p:bench_2args bench_empty_notrace a=%a0 b=%a1";
	uint64_t unprobed = bench_per_call(bench_empty_notrace), cost = 0;
	char msg[120];

	if (eb_kprobe_events_write(define, msg, sizeof msg) == 0) {
		cost = bench_per_call(bench_empty_notrace) - unprobed;
		eb_kprobe_events_write("-:bench_2args", msg, sizeof msg);
	} else {
		kbench_fail(msg);
	}
	eb_trace_clear();
	return cost;
}

/* The same event with a one-key hitcount hist trigger (Linux's
 * `hist:keys=a`): per hit, above the event's own cost, the arg fetched
 * again for the key, the key hashed, its entry found in the table and
 * its hitcount added to. */
KBENCH(hist_trigger_hit, "insns")
{
	static const char define[] =
		"p:bench_2args bench_empty_notrace a=%a0 b=%a1";
	uint64_t plain = 0, cost = 0;
	char msg[512];

	if (eb_kprobe_events_write(define, msg, sizeof msg) != 0)
		return kbench_fail(msg);
	plain = bench_per_call(bench_empty_notrace);
	if (eb_trace_event_set_trigger(eb_kprobe_events_control("bench_2args"),
				       "hist:keys=a", msg, sizeof msg) == 0)
		cost = bench_per_call(bench_empty_notrace) - plain;
	else
		kbench_fail(msg);
	eb_kprobe_events_write("-:bench_2args", msg, sizeof msg);
	eb_trace_clear();
	return cost;
}

/* What kprobe_event_define_btf8's function takes: a struct a kernel
 * developer's might be, fields through a pointer, a bitfield, a nested
 * struct. */
struct bench_btf_obj {
	long a;
	struct {
		int x;
	} in;
	unsigned flag : 1, count : 12;
	struct bench_btf_obj *next;
};

__attribute__((noipa)) long
bench_btf_args(struct bench_btf_obj *o, long n)
{
	return o->a + n;
}

/* Defining a kprobe event whose 8 args are BTF names (Linux's
 * CONFIG_PROBE_EVENTS_BTF_ARGS): the line parsed, the kernel's BTF
 * searched for the function's parameters and their fields, the probe
 * registered; its removal not counted. */
KBENCH(kprobe_event_define_btf8, "insns")
{
	static const char define[] = "p:bench_btf bench_btf_args o n o->a "
				     "o->in.x o->flag o->count o->next "
				     "o->next->a";
	char msg[120];
	uint64_t t0 = rdinstret();
	int err = eb_kprobe_events_write(define, msg, sizeof msg);
	uint64_t t1 = rdinstret();

	if (err)
		return kbench_fail(msg);
	eb_kprobe_events_write("-:bench_btf", msg, sizeof msg);
	return t1 - t0;
}
