/*
 * kprobe.multi and kretprobe.multi links (<ebreak/bpf.h>'s
 * eb_bpf_kprobe_multi_point) running tests/bpf/multi.bpf.c's programs,
 * JIT-compiled and interpreted: the calls counted per bpf_get_func_ip
 * equal the test's own loops, keyed by the symbol table's addresses of
 * exactly the matching functions; the return values summed equal what C
 * got; refusals say why and leave nothing; a pool exhausted in the
 * middle leaves nothing attached; a function tracer's filter and a C
 * kprobe share the functions; a hit nested in another probe's handler
 * is the link's missed.
 */
#include "ktest.h"
#include "bpf_embedded.h"
#include <ebreak/bpf.h>
#include <ebreak/bpf_object.h>
#include <ebreak/errno.h>
#include <ebreak/ftrace.h>
#include <ebreak/kprobes.h>
#include <ebreak/trace_ring.h>
#include "trace_collect.h"

/* The functions the pattern kmt_fn_* matches, and one it does not. */
__attribute__((noipa)) long kmt_fn_alpha(long a);
__attribute__((noipa)) long kmt_fn_beta(long a);
__attribute__((noipa)) long kmt_fn_gamma(long a);
__attribute__((noipa)) long kmt_other(long a);
long kmt_fn_alpha(long a) { return a * 3; }
long kmt_fn_beta(long a) { return a + 100; }
long kmt_fn_gamma(long a) { return -a; }
long kmt_other(long a) { return a ^ 1; }

static const char *const names[] = { "kmt_fn_alpha", "kmt_fn_beta",
				     "kmt_fn_gamma" };
static long (*const fns[])(long) = { kmt_fn_alpha, kmt_fn_beta,
				     kmt_fn_gamma };
#define NFNS 3

/* Calls function i (i + 1) * 4 times and kmt_other 5 times: the sum of
 * what each matching one returned into sums[i]. */
static void
call_all(long sums[NFNS])
{
	for (int i = 0; i < NFNS; i++) {
		sums[i] = 0;
		for (long k = 0; k < (i + 1) * 4; k++)
			sums[i] += fns[i](k + 7);
	}
	for (long k = 0; k < 5; k++)
		kmt_other(k);
}

/* Program name of obj attached on pattern (NULL: its section's) with
 * cookie: the link, or NULL (the check failed). */
static struct bpf_link *
attach(struct eb_bpf_object *obj, const char *name, const char *pattern,
       bool ret, uint64_t cookie, struct eb_bpf_kprobe_multi *m)
{
	const struct eb_bpf_program *p = eb_bpf_object_find_program(obj, name);
	struct eb_bpf_attach_point point;
	struct bpf_link *link = 0;
	char err[160] = "";

	if (!KEXPECT(p))
		return 0;
	*m = (struct eb_bpf_kprobe_multi){ .pattern = pattern ? pattern : p->target,
					   .retprobe = ret };
	if (!KEXPECT_EQ(eb_bpf_kprobe_multi_point(m, &point, err, sizeof err), 0))
		printf("  %s\n", err);
	point.cookie = cookie;
	if (!KEXPECT_EQ(eb_bpf_attach(p->prog, &point, &link, err, sizeof err), 0))
		printf("  %s\n", err);
	return link;
}

/* map's keys are exactly the matching functions' addresses (the symbol
 * table's), each with want[i]. */
static void
expect_per_function(struct eb_bpf_object *obj, const char *map,
		    const long want[NFNS])
{
	struct bpf_map *m = eb_bpf_object_find_map(obj, map)->map;
	uint64_t key, next, n = 0;
	bool first = true;

	for (int i = 0; i < NFNS; i++) {
		uintptr_t addr;
		size_t size;
		KEXPECT(kallsyms_lookup_name(names[i], &addr, &size));
		uint64_t k = addr, *v = bpf_map_lookup_elem(m, &k);
		KEXPECT(v && *v == (uint64_t)want[i]);
	}
	while (!bpf_map_get_next_key(m, first ? NULL : &key, &next)) {
		key = next;
		first = false;
		n++;
	}
	KEXPECT_EQ(n, NFNS);	/* and no other function */
}

/* count_entries and sum_returns on kmt_fn_*: calls and return values
 * per function, then nothing after the detach. */
static void
counts_and_returns(bool jit)
{
	struct eb_bpf_object *obj = bpf_embedded_load("multi", jit);
	struct eb_bpf_kprobe_multi me, mr;
	long sums[NFNS], calls[NFNS];

	if (!obj)
		return;
	struct bpf_link *le = attach(obj, "count_entries", 0, false, 0, &me);
	struct bpf_link *lr = attach(obj, "sum_returns", 0, true, 0, &mr);
	if (le && lr) {
		KEXPECT_EQ(eb_bpf_kprobe_multi_funcs(le), NFNS);
		KEXPECT_EQ(eb_bpf_kprobe_multi_funcs(lr), NFNS);
		call_all(sums);
		KEXPECT_EQ(eb_bpf_link_missed(le), 0);
		KEXPECT_EQ(eb_bpf_link_missed(lr), 0);
	}
	if (le)
		eb_bpf_detach(le);
	if (lr)
		eb_bpf_detach(lr);
	for (int i = 0; i < NFNS; i++)
		calls[i] = (i + 1) * 4;
	call_all(sums);		/* counts nowhere now */
	call_all(sums);
	expect_per_function(obj, "calls", calls);
	expect_per_function(obj, "returns", sums);
	eb_bpf_object_close(obj);
	eb_kretprobe_disowned();	/* the pools, all returned, freed */
}

KTEST(bpf_kprobe_multi, counts_and_returns_per_function)
{
	bpf_heap_kept("kmt_other", counts_and_returns, true);
	bpf_heap_kept("kmt_other", counts_and_returns, false);
}

/* count_any, whose section names no pattern, on one given at attach,
 * with a cookie: every call of the three counted, the cookie read. */
static void
given_pattern_and_cookie(bool jit)
{
	struct eb_bpf_object *obj = bpf_embedded_load("multi", jit);
	struct eb_bpf_kprobe_multi m;
	long sums[NFNS];

	if (!obj)
		return;
	struct bpf_link *l = attach(obj, "count_any", "kmt_fn_?????", false,
				    0x1234, &m);	/* alpha, gamma */
	if (l) {
		KEXPECT_EQ(eb_bpf_kprobe_multi_funcs(l), 2);
		call_all(sums);
		eb_bpf_detach(l);
	}
	KEXPECT_EQ(*(uint64_t *)eb_bpf_object_find_global(obj, "any_runs", 0),
		   4 + 12);
	KEXPECT_EQ(*(uint64_t *)eb_bpf_object_find_global(obj, "cookie", 0),
		   0x1234);
	eb_bpf_object_close(obj);
}

KTEST(bpf_kprobe_multi, given_pattern_and_cookie)
{
	given_pattern_and_cookie(true);
	given_pattern_and_cookie(false);
}

/* pattern refused at the point with code, its message holding want. */
static void
expect_refused(const char *pattern, int code, const char *want)
{
	struct eb_bpf_kprobe_multi m = { .pattern = pattern };
	struct eb_bpf_attach_point point;
	char err[160] = "";

	KEXPECT_EQ(eb_bpf_kprobe_multi_point(&m, &point, err, sizeof err), code);
	if (!KEXPECT(bpf_log_contains(err, want)))
		printf("  %s: %s\n", pattern, err);
}

/* No match, a match of functions without a patchable entry only, a
 * pattern libbpf would not take, a plain kprobe program: refused,
 * nothing attached, nothing left. */
KTEST(bpf_kprobe_multi, refusals_leave_nothing)
{
	struct eb_bpf_object *obj = bpf_embedded_load("multi", true);
	struct eb_bpf_kprobe_multi m = { .pattern = "kmt_fn_*" };
	struct eb_bpf_attach_point point;
	struct bpf_link *link = 0;
	char err[160];
	long sums[NFNS];

	if (!obj)
		return;
	size_t heap = kmalloc_live_bytes();
	expect_refused("kmt_nothing_*", -ENOENT,
		       "'kmt_nothing_*' matches no function with a patchable entry");
	expect_refused("eb_bpf_attach", -ENOENT,
		       "eb_bpf_attach has no patchable entry");
	expect_refused("kmt_fn_[ab]*", -EINVAL, "is not a pattern");
	expect_refused("", -EINVAL, "is not a pattern");
	/* a kprobe program loaded for a kprobe, not a kprobe.multi link */
	struct eb_bpf_object *plain = bpf_embedded_load("count", true);
	const struct eb_bpf_program *p = plain ?
		eb_bpf_object_find_program(plain, "count_entry") : 0;
	KEXPECT_EQ(eb_bpf_kprobe_multi_point(&m, &point, err, sizeof err), 0);
	if (KEXPECT(p)) {
		KEXPECT_EQ(eb_bpf_attach(p->prog, &point, &link, err, sizeof err),
			   -EINVAL);
		KEXPECT(bpf_log_contains(err, "loaded for a kprobe or kretprobe"));
	}
	if (plain)
		eb_bpf_object_close(plain);
	KEXPECT(!link);
	KEXPECT_EQ(kmalloc_live_bytes(), heap);
	call_all(sums);
	uint64_t key;
	KEXPECT(bpf_map_get_next_key(eb_bpf_object_find_map(obj, "calls")->map,
				     NULL, &key));	/* empty */
	eb_bpf_object_close(obj);
}

static int
c_hits;

static int
c_handler(struct kprobe *p, struct pt_regs *regs)
{
	c_hits++;
	return 0;
}

/* kretprobe.multi when the trampolines run out after the first
 * function's instances: refused, and none of the three is probed. */
KTEST(bpf_kprobe_multi, exhausted_pool_leaves_nothing_attached)
{
	struct eb_bpf_object *obj = bpf_embedded_load("multi", true);
	const struct eb_bpf_program *p = obj ?
		eb_bpf_object_find_program(obj, "sum_returns") : 0;
	struct eb_bpf_kprobe_multi m = { .pattern = "kmt_fn_*", .retprobe = true };
	struct eb_bpf_attach_point point;
	struct bpf_link *link = 0;
	char err[160];
	long sums[NFNS];

	if (!KEXPECT(p))
		return;
	size_t heap = kmalloc_live_bytes(), free0 = eb_kretprobe_trampolines_free();
	/* leave room for 1.5 functions' default instances */
	struct kretprobe hog = { .kp.symbol_name = "kmt_other",
				 .maxactive = (int)free0 - 15 };
	KEXPECT_EQ(register_kretprobe(&hog), 0);
	KEXPECT_EQ(eb_bpf_kprobe_multi_point(&m, &point, err, sizeof err), 0);
	KEXPECT_EQ(eb_bpf_attach(p->prog, &point, &link, err, sizeof err), -ENOMEM);
	KEXPECT(!link);
	unregister_kretprobe(&hog);
	KEXPECT_EQ(eb_kretprobe_disowned(), 0);
	KEXPECT_EQ(eb_kretprobe_trampolines_free(), free0);
	/* nothing on the three: a C kprobe each is their only probe */
	struct kprobe c = { .symbol_name = "kmt_fn_beta", .pre_handler = c_handler };
	c_hits = 0;
	KEXPECT_EQ(register_kprobe(&c), 0);
	call_all(sums);
	unregister_kprobe(&c);
	KEXPECT_EQ(c_hits, 8);
	uint64_t key;
	KEXPECT(bpf_map_get_next_key(eb_bpf_object_find_map(obj, "returns")->map,
				     NULL, &key));	/* empty */
	KEXPECT_EQ(kmalloc_live_bytes(), heap);
	eb_bpf_object_close(obj);
}

/* The function tracer filtering kmt_fn_alpha and a C kprobe on
 * kmt_fn_beta while count_entries is on all three: every user sees
 * every call. */
KTEST(bpf_kprobe_multi, shares_functions_with_tracer_and_kprobe)
{
	struct eb_bpf_object *obj = bpf_embedded_load("multi", true);
	struct eb_bpf_kprobe_multi me;
	struct kprobe c = { .symbol_name = "kmt_fn_beta", .pre_handler = c_handler };
	long sums[NFNS], calls[NFNS] = { 4, 8, 12 };
	char why[120];

	if (!obj)
		return;
	eb_trace_clear();
	KEXPECT_EQ(eb_ftrace_tracer_start(EB_FTRACE_FUNCTION, "kmt_fn_alpha",
					  why, sizeof why), 1);
	c_hits = 0;
	KEXPECT_EQ(register_kprobe(&c), 0);
	unsigned long missed0 = eb_ftrace_missed();
	struct bpf_link *l = attach(obj, "count_entries", 0, false, 0, &me);
	call_all(sums);
	unregister_kprobe(&c);
	if (l)
		eb_bpf_detach(l);
	eb_ftrace_tracer_stop(EB_FTRACE_FUNCTION);
	KEXPECT_EQ(c_hits, 8);
	KEXPECT_EQ(eb_ftrace_missed(), missed0);
	struct collected *t = trace_collect();
	unsigned traced = 0;
	for (unsigned i = 0; i < t->n; i++)
		traced += str_find(t->text[i], "kmt_fn_alpha <-") != 0;
	KEXPECT_EQ(traced, 4);
	eb_trace_clear();
	expect_per_function(obj, "calls", calls);
	eb_bpf_object_close(obj);
}

/* A C kprobe's handler that calls a function of the link's. */
static int
nesting_handler(struct kprobe *p, struct pt_regs *regs)
{
	kmt_fn_alpha(1);
	return 0;
}

/* A call of a linked function inside another probe's handler is not
 * run (no recursion): the link counts it missed (Linux's missed), once
 * per call, and the program never sees it. */
KTEST(bpf_kprobe_multi, nested_hits_counted_missed)
{
	struct eb_bpf_object *obj = bpf_embedded_load("multi", true);
	struct eb_bpf_kprobe_multi me;
	struct kprobe c = { .symbol_name = "kmt_other",
			    .pre_handler = nesting_handler };

	if (!obj)
		return;
	struct bpf_link *l = attach(obj, "count_entries", 0, false, 0, &me);
	KEXPECT_EQ(register_kprobe(&c), 0);
	for (long k = 0; k < 5; k++)
		kmt_other(k);
	unregister_kprobe(&c);
	if (l) {
		KEXPECT_EQ(eb_bpf_link_missed(l), 5);
		eb_bpf_detach(l);
	}
	uint64_t key;
	KEXPECT(bpf_map_get_next_key(eb_bpf_object_find_map(obj, "calls")->map,
				     NULL, &key));	/* empty */
	eb_bpf_object_close(obj);
}
