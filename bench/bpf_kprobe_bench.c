/*
 * eBPF programs on a kprobe (issues 16 and 19): instructions per call of
 * a probed function above the same call unprobed, with a program that
 * counts in an array map, and one that counts per first argument in a
 * hash map; JIT-compiled on a stepped instruction (the first of the
 * empty function built without a patchable entry, as kprobe_hit_step)
 * and at a patchable entry (as kprobe_hit_ftrace, where Linux's figures
 * were taken), and interpreted on the stepped instruction (_interp);
 * the array counter as a fentry and a fexit program there
 * (bpf_fentry_hit, bpf_fexit_hit), and a fentry program's direct load
 * through its pointer argument (bpf_fentry_deref); the array counter
 * through a kprobe.multi link (bpf_kprobe_multi_hit). And what a bpf_perf_event_output
 * record costs a program. Error injection: a call of a marked function
 * that a kprobe program's bpf_override_return (bpf_override_return_hit)
 * or a fmod_ret program (bpf_fmod_ret_hit) makes return at once.
 */
#include "bench.h"
#include "ktest.h"
#include "bpf_text.h"
#include "bpf/jit.h"
#include <ebreak/bpf.h>
#include <ebreak/error_injection.h>

/* Instructions per call of fn with text (loaded for opts, with a map of
 * type and key_size; JIT-compiled if jit) attached to point. */
static uint64_t
point_hit_cost(const char *text, struct bpf_prog_opts opts, unsigned type,
	       unsigned key_size, const struct eb_bpf_attach_point *point,
	       void (*fn)(void), bool jit)
{
	struct bpf_map_def def = { type, key_size, 8, 16, 0 };
	struct bpf_link *link;
	struct bpf_map *map;
	struct eb_bpf_prog_info info;
	char err[120];
	uint64_t cost, unprobed = bench_per_call(fn);

	if (bpf_map_create(&def, "bench", &map, err, sizeof err))
		return kbench_fail("bpf_map_create failed");
	opts.maps = &map;
	opts.nr_maps = 1;
	bpf_jit_enable = jit;
	struct bpf_prog *prog = bpf_text_load(text, &opts);
	bpf_jit_enable = true;
	if (!prog || eb_bpf_attach(prog, point, &link, err, sizeof err)) {
		cost = kbench_fail("the program did not load or attach");
	} else if (eb_bpf_prog_info(prog, &info), info.jited != jit) {
		cost = kbench_fail(jit ? "not JIT-compiled" : "not interpreted");
		eb_bpf_detach(link);
	} else {
		cost = bench_per_call(fn) - unprobed;
		eb_bpf_detach(link);
	}
	bpf_prog_free(prog);
	bpf_map_free(map);
	return cost;
}

/* Instructions per hit of text at fn's entry, a kprobe program loaded
 * (JIT-compiled if jit) with a map of type, key_size. */
static uint64_t
prog_hit_cost(const char *text, unsigned type, unsigned key_size,
	      void (*fn)(void), bool jit)
{
	struct eb_bpf_kprobe probe = { .addr = (uintptr_t)fn };
	struct eb_bpf_attach_point point;
	struct bpf_prog_opts opts = { .type = BPF_PROG_TYPE_KPROBE };

	eb_bpf_kprobe_point(&probe, &point);
	return point_hit_cost(text, opts, type, key_size, &point, fn, jit);
}

/* The program (text, with a map of type and key_size) JIT-compiled on
 * a stepped instruction, at a patchable entry, and interpreted. */
#define HIT_BENCHES(name, text, type, key_size)				\
	KBENCH(bpf_kprobe_##name##_hit, "insns")			\
	{ return prog_hit_cost(text, type, key_size,			\
			       bench_empty_notrace, true); }		\
	KBENCH(bpf_kprobe_##name##_hit_ftrace, "insns")			\
	{ return prog_hit_cost(text, type, key_size,			\
			       bench_empty_function, true); }		\
	KBENCH(bpf_kprobe_##name##_hit_interp, "insns")			\
	{ return prog_hit_cost(text, type, key_size,			\
			       bench_empty_notrace, false); }

HIT_BENCHES(array, bpf_text_count_calls, BPF_MAP_TYPE_ARRAY, 4)
HIT_BENCHES(hash, bpf_text_count_by_arg, BPF_MAP_TYPE_HASH, 8)

/* bpf_kprobe_array_hit_ftrace's program through a kprobe.multi link
 * whose pattern names bench_empty_function alone. */
KBENCH(bpf_kprobe_multi_hit, "insns")
{
	static const struct eb_bpf_kprobe_multi m = {
		.pattern = "bench_empty_function" };
	struct bpf_prog_opts opts = { .type = BPF_PROG_TYPE_KPROBE,
		.expected_attach_type = BPF_TRACE_KPROBE_MULTI };
	struct eb_bpf_attach_point point;
	char err[160];

	if (eb_bpf_kprobe_multi_point(&m, &point, err, sizeof err))
		return kbench_fail(err);
	return point_hit_cost(bpf_text_count_calls, opts, BPF_MAP_TYPE_ARRAY,
			      4, &point, bench_empty_function, true);
}

static int
perf_count(void *arg, unsigned cpu, const void *data, size_t len)
{
	return 0;
}

static void
perf_lost(void *arg, unsigned cpu, uint64_t n)
{
	*(uint64_t *)arg += n;
}

/* Stores the first argument on the stack and sets up
 * bpf_perf_event_output(ctx, map, BPF_F_CURRENT_CPU, fp-8, 8); PERF_CALL
 * makes the call. */
#define PERF_SETUP							\
	"ldxdw %r6, [%r1+80]\n stxdw [%r10-8], %r6\n"			\
	"lddw %r2, map_fd(0)\n lddw %r3, 0xffffffff\n"			\
	"mov %r4, %r10\n add %r4, -8\n mov %r5, 8\n"
#define PERF_CALL "call 25\n"

/* Instructions per hit of text, JIT-compiled, at bench_empty_function's
 * patchable entry with perf event array pa; its records read and
 * checked: one a call, none lost. */
static uint64_t
perf_hit_cost(const char *text, struct bpf_map *pa, long records)
{
	struct eb_bpf_kprobe probe = { .addr = (uintptr_t)bench_empty_function };
	struct bpf_prog_opts opts = { .type = BPF_PROG_TYPE_KPROBE,
				      .maps = &pa, .nr_maps = 1 };
	struct eb_bpf_attach_point point;
	struct bpf_link *link;
	char err[120];
	uint64_t cost, lost = 0, unprobed = bench_per_call(bench_empty_function);
	struct bpf_prog *prog = bpf_text_load(text, &opts);
	struct eb_bpf_perf_reader rd = { perf_count, perf_lost, &lost };

	eb_bpf_kprobe_point(&probe, &point);
	if (!prog || eb_bpf_attach(prog, &point, &link, err, sizeof err)) {
		cost = kbench_fail("the program did not load or attach");
	} else {
		cost = bench_per_call(bench_empty_function) - unprobed;
		eb_bpf_detach(link);
		if (eb_bpf_perf_event_consume(pa, &rd) != records || lost)
			cost = kbench_fail("records lost or missing");
	}
	bpf_prog_free(prog);
	return cost;
}

/* One record of 8 bytes to this hart's buffer: the call's instructions
 * (arguments set, helper, the record written), per record. */
KBENCH(bpf_perf_event_output, "insns")
{
	struct bpf_map_def def = { BPF_MAP_TYPE_PERF_EVENT_ARRAY, 4, 4,
				   EB_MAX_CPUS, 0 };
	struct bpf_map *pa;
	char err[120];

	if (bpf_map_create(&def, "perf", &pa, err, sizeof err))
		return kbench_fail("bpf_map_create failed");
	uint64_t with = perf_hit_cost(PERF_SETUP PERF_CALL "mov %r0, 0\n exit",
				      pa, BENCH_ITERATIONS);
	uint64_t without = perf_hit_cost(PERF_SETUP "mov %r0, 0\n exit", pa, 0);
	bpf_map_free(pa);
	return with - without;
}

/* Instructions per call of fn with text, JIT-compiled, as a fentry
 * (fexit, fmod_ret) program on symbol. */
static uint64_t
tracing_hit_cost(const char *symbol, const char *text, void (*fn)(void),
		 bool fexit, bool fmod_ret)
{
	struct eb_bpf_fentry f = { .symbol = symbol, .fexit = fexit,
				   .modify_return = fmod_ret };
	struct eb_bpf_attach_point point;
	char err[120];

	if (eb_bpf_fentry_point(&f, &point, err, sizeof err))
		return kbench_fail("no fentry point");
	struct bpf_prog_opts opts = { .type = BPF_PROG_TYPE_TRACING,
		.ctx_size = point.ctx_size,
		.expected_attach_type = point.expected_attach_type,
		.attach_btf_id = f.model.btf_id };
	return point_hit_cost(text, opts, BPF_MAP_TYPE_ARRAY, 4, &point, fn,
			      true);
}

/* bpf_kprobe_array_hit_ftrace's program as a fentry (fexit) program on
 * the same function, which has no arguments: what the TRACING context
 * adds or saves. */
KBENCH(bpf_fentry_hit, "insns")
{
	return tracing_hit_cost("bench_empty_function", bpf_text_count_calls,
				bench_empty_function, false, false);
}

KBENCH(bpf_fexit_hit, "insns")
{
	return tracing_hit_cost("bench_empty_function", bpf_text_count_calls,
				bench_empty_function, true, false);
}

/* bpf_fentry_deref's function: its argument points at a struct of the
 * kernel's BTF. */
struct bench_deref {
	long value;
};

__attribute__((noipa)) void bench_deref_function(struct bench_deref *d);
void
bench_deref_function(struct bench_deref *d)
{
	__asm__ volatile("" : : "r"(d));
}

static void
bench_deref_call(void)
{
	static struct bench_deref d = { 42 };

	bench_deref_function(&d);
}

/* A fentry program reading its argument's d->value directly (a load
 * through PTR_TO_BTF_ID, run fault-safe), as BPF_PROG(f, struct
 * bench_deref *d) { v = d->value; } compiles. */
KBENCH(bpf_fentry_deref, "insns")
{
	return tracing_hit_cost("bench_deref_function",
				"ldxdw %r2, [%r1+0]\n ldxdw %r3, [%r2+0]\n"
				"mov %r0, 0\n exit", bench_deref_call, false,
				false);
}

/* The error injection benchmarks' function, marked, and its call. */
__attribute__((noipa)) long bench_inject_function(long a);
long
bench_inject_function(long a)
{
	__asm__ volatile("" : : "r"(a));
	return a;
}
EB_ALLOW_ERROR_INJECTION(bench_inject_function, ERRNO);

static long inject_last;	/* the last call's return value */

static void
bench_inject_call(void)
{
	inject_last = bench_inject_function(1);
}

/* cost, if the last call measured (attached) returned -12: the figure
 * is of calls the program made return at once. */
static uint64_t
injected(uint64_t cost)
{
	return inject_last == -12 ? cost :
	       kbench_fail("the call was not made to return -12");
}

/* bpf_override_return(ctx, -12) in a kprobe program at the marked
 * function's patchable entry: the call returns -12 without running the
 * body, above the call unprobed. */
KBENCH(bpf_override_return_hit, "insns")
{
	struct eb_bpf_kprobe probe = { .symbol = "bench_inject_function" };
	struct eb_bpf_attach_point point;
	struct bpf_prog_opts opts = { .type = BPF_PROG_TYPE_KPROBE };

	eb_bpf_kprobe_point(&probe, &point);
	inject_last = 0;
	return injected(point_hit_cost("mov %r2, -12\n call 58\n mov %r0, 0\n exit",
				       opts, BPF_MAP_TYPE_ARRAY, 4, &point,
				       bench_inject_call, true));
}

/* A fmod_ret program returning -12 on the same function: the call
 * returns it without running the body. */
KBENCH(bpf_fmod_ret_hit, "insns")
{
	inject_last = 0;
	return injected(tracing_hit_cost("bench_inject_function",
					 "mov %r0, -12\n exit",
					 bench_inject_call, false, true));
}
