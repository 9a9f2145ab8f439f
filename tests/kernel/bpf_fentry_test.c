/*
 * fentry and fexit programs (<ebreak/bpf.h>'s eb_bpf_fentry_point):
 * tests/bpf/fentry.bpf.c, embedded in the image, loaded JIT-compiled and
 * interpreted, on fentry_target and fentry_void (and
 * fentry_deref.bpf.c's direct loads through pointer arguments on
 * fentry_deref): each argument, the
 * return value and the tracing helpers' answers equal what the test
 * passed and got, the runs the functions' own call counts, each link's
 * attach cookie; a recursive
 * function's fexit runs with each nested call's own argument and return
 * value, as many as its instances (the rest missed: its link's missed
 * count, the calls made less its runs). Refused, each
 * saying why: a function the kernel's BTF does not have, one with nine
 * arguments, one ebreak never probes, one without a patchable entry, a
 * program loaded for another function, a read past the arguments, a
 * write to them, a store through a pointer argument (bad_fentry.bpf.c),
 * a load past its struct's end, at a variable or negative offset, or
 * through an argument that is a number,
 * get_func_ret at a fentry, a return other than 0 (Linux's
 * check_return_code), a prog array's program for another hook. Loads
 * through a pointer that fault in a kprobe handler's run read 0, several
 * in one run; an ordinary load that faults there is the handler's fault
 * (the hit missed). The stack helpers (fentry_stack.bpf.c) give the chain of calls that led to
 * the function, at its entry and at its return.
 */
#include "ktest.h"
#include "bpf_embedded.h"
#include "trace/bpf_cmd.h"
#include "../bpf/fentry_results.h"
#include "bpf/asm.h"
#include "bpf/prog.h"
#include <ebreak/bpf.h>
#include <ebreak/bpf_insn.h>
#include <ebreak/bpf_object.h>
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/ftrace.h>
#include <ebreak/port.h>

static unsigned long target_calls, void_calls;

__attribute__((noipa)) long fentry_target(long a, int b, unsigned long c,
					  struct fentry_pair *p, signed char d,
					  short e, unsigned int f, long g);
long
fentry_target(long a, int b, unsigned long c, struct fentry_pair *p,
	      signed char d, short e, unsigned int f, long g)
{
	target_calls++;
	return (long)((unsigned long)a + (unsigned long)b + c +
		      (unsigned long)p->a + (unsigned long)d +
		      (unsigned long)e + f + (unsigned long)g);
}

__attribute__((noipa)) void fentry_void(long a);
void
fentry_void(long a)
{
	void_calls += a != 0;
}

/* n nested calls under this one: 3n + 1. */
__attribute__((noipa)) long fentry_recurse(long n);
long
fentry_recurse(long n)
{
	return n ? fentry_recurse(n - 1) + 3 : 1;
}

/* n->inner; NULL for n NULL (fentry_deref.bpf.c reads through both). */
__attribute__((noipa)) struct fentry_inner *fentry_deref(struct fentry_node *n);
struct fentry_inner *
fentry_deref(struct fentry_node *n)
{
	return n ? n->inner : 0;
}

/* Nine arguments: one more than riscv's a0-a7. */
__attribute__((noipa)) long fentry_nine(long a1, long a2, long a3, long a4,
					long a5, long a6, long a7, long a8,
					long a9);
long
fentry_nine(long a1, long a2, long a3, long a4, long a5, long a6, long a7,
	    long a8, long a9)
{
	return a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9;
}

/* In the BTF, without a patchable entry. */
EB_NOTRACE __attribute__((noipa)) long fentry_notrace(long a);
long
fentry_notrace(long a)
{
	return a + 1;
}

#define NPROGS 5	/* fentry.bpf.c's */
#define MAXACTIVE 4	/* each fexit's calls in flight */
#define COOKIE 0xc00c1e00ull	/* program i's link's: COOKIE + i */

/* Attaches obj's first nprogs programs where their sections say (f:
 * their points). */
static void
attach_all(struct eb_bpf_object *obj, struct eb_bpf_fentry *f,
	   struct bpf_link **links, size_t nprogs)
{
	const struct eb_bpf_program *p;
	struct eb_bpf_attach_point point;
	char err[160];

	for (size_t i = 0; i < nprogs && (p = eb_bpf_object_program(obj, i)); i++) {
		f[i] = (struct eb_bpf_fentry){ .symbol = p->target,
			.fexit = p->kind == EB_BPF_ATTACH_FEXIT,
			.maxactive = MAXACTIVE };
		int r = eb_bpf_fentry_point(&f[i], &point, err, sizeof err);

		point.cookie = COOKIE + i;
		if (!KEXPECT_EQ(r, 0) ||
		    !KEXPECT_EQ(eb_bpf_attach(p->prog, &point, &links[i], err,
					      sizeof err), 0))
			printf("  %s: %s\n", p->name, err);
	}
}

/* The values fentry_target is called with; a is the call's own. */
static struct fentry_pair pair = { .a = 0x5a5a, .b = 3 };
static const int b = -5;
static const unsigned long c = 0xfedcba9876543210ul;
static const signed char d = -7;
static const short e = -300;
static const unsigned int f = 0xfffffff0u;
static const long g = 0x7777;

/* Checks what the programs recorded of the last call, fentry_target(a,
 * ...) returning ret, and fentry_void(va). */
static void
check_results(const struct fentry_results *r, long a, long ret, long va)
{
	const unsigned long long args[8] = { (unsigned long long)a,
		(unsigned long long)(long)b, c, (uintptr_t)&pair,
		(unsigned long long)(long)d, (unsigned long long)(long)e, f,
		(unsigned long long)g };
	uintptr_t ip;
	size_t size;

	for (int i = 0; i < 8; i++) {
		KEXPECT_EQ(r->entry_args[i], args[i]);
		KEXPECT_EQ(r->exit_args[i], args[i]);
	}
	KEXPECT_EQ(r->entry_p_a, pair.a);
	KEXPECT_EQ(r->entry_cnt, 8);
	KEXPECT(eb_port_symbol_lookup("fentry_target", &ip, &size));
	KEXPECT_EQ(r->entry_ip, ip);
	KEXPECT_EQ(r->entry_arg2, c);
	KEXPECT_EQ(r->entry_arg2_rc, 0);
	KEXPECT_EQ(r->entry_past_rc, (unsigned long long)-EINVAL);
	KEXPECT_EQ(r->exit_ret, (unsigned long long)ret);
	KEXPECT_EQ(r->exit_func_ret, (unsigned long long)ret);
	KEXPECT_EQ(r->exit_func_ret_rc, 0);
	KEXPECT_EQ(r->exit_cnt, 8);
	KEXPECT_EQ(r->void_arg, (unsigned long long)va);
	KEXPECT_EQ(r->void_cnt, 1);
	KEXPECT_EQ(r->void_ret, r->void_func_ret);	/* read, as in Linux */
	KEXPECT_EQ(r->entry_cookie, COOKIE + 0);	/* on_entry's link */
	KEXPECT_EQ(r->exit_cookie, COOKIE + 1);		/* on_exit's */
}

/* fentry.bpf.c loaded JIT-compiled (jit) or interpreted, attached,
 * fentry_target called 3 times and fentry_void twice, then detached. */
static void
run_backend(bool jit)
{
	struct eb_bpf_fentry points[NPROGS];
	struct bpf_link *links[NPROGS] = { 0 };
	const struct eb_bpf_program *p;
	struct eb_bpf_prog_info info;
	char log[256];
	size_t size = 0;
	long ret = 0, a = 0;

	struct eb_bpf_object *obj = bpf_embedded_try("fentry", jit, log,
						     sizeof log);
	if (!KEXPECT(obj)) {
		printf("  fentry: %s\n", log);
		return;
	}
	for (size_t i = 0; (p = eb_bpf_object_program(obj, i)); i++)
		KEXPECT_EQ((eb_bpf_prog_info(p->prog, &info), info.jited), jit);
	attach_all(obj, points, links, NPROGS);
	unsigned long calls = target_calls, vcalls = void_calls;
	for (int i = 0; i < 3; i++) {
		a = -0x123456789l - i;
		ret = fentry_target(a, b, c, &pair, d, e, f, g);
	}
	fentry_void(0x4242);
	fentry_void(-0x4243);
	/* 10 nested calls twice: fexit's pool holds the outer 4 (n 9..6),
	 * each with its own arguments; the inner 6 are missed */
	KEXPECT_EQ(fentry_recurse(9), 28);
	KEXPECT_EQ(fentry_recurse(9), 28);
	unsigned long missed[NPROGS] = { 0 };
	for (size_t i = 0; i < NPROGS; i++)
		if (links[i]) {
			missed[i] = eb_bpf_link_missed(links[i]);
			eb_bpf_detach(links[i]);
		}
	fentry_target(1, b, c, &pair, d, e, f, g);	/* detached: not seen */
	const struct fentry_results *r = eb_bpf_object_find_global(obj, "results", &size);
	if (KEXPECT(r && size == sizeof(*r))) {
		check_results(r, a, ret, -0x4243);
		KEXPECT_EQ(r->entry_runs, target_calls - calls - 1);
		KEXPECT_EQ(r->exit_runs, 3);
		KEXPECT_EQ(r->void_runs, void_calls - vcalls);
		KEXPECT_EQ(r->void_runs, 2);
		KEXPECT_EQ(r->recurse_entry_runs, 20);
		KEXPECT_EQ(r->recurse_exit_runs, 2 * MAXACTIVE);
		KEXPECT_EQ(r->recurse_exit_n_sum, 2 * (9 + 8 + 7 + 6));
		KEXPECT_EQ(r->recurse_exit_bad, 0);
		/* a link's missed calls: the recursive fexit's are the 20
		 * calls made less its runs; every other link ran on each */
		for (size_t i = 0; (p = eb_bpf_object_program(obj, i)); i++)
			KEXPECT_EQ(missed[i], p->kind == EB_BPF_ATTACH_FEXIT &&
				   !strcmp(p->target, "fentry_recurse") ?
				   20 - r->recurse_exit_runs : 0);
	}
	eb_bpf_object_close(obj);
}

KTEST(bpf_fentry, arguments_and_return_values_jit_and_interpreter)
{
	struct kprobe warm = { .symbol_name = "fentry_target" };

	/* Warm-up: the probe core's lazily made pools are not leaks. */
	KEXPECT_EQ(register_kprobe(&warm), 0);
	unregister_kprobe(&warm);
	size_t heap = kmalloc_live_bytes();
	run_backend(true);
	run_backend(false);
	KEXPECT_EQ(kmalloc_live_bytes(), heap);
}

/* fentry_deref.bpf.c loaded JIT-compiled (jit) or interpreted,
 * attached to fentry_deref, which is called on a node, then on one
 * whose next is NULL, then on NULL: each value the programs read
 * through the pointers is the C value, a NULL pointer's 0. */
static void
run_deref(bool jit)
{
	static struct fentry_inner in1 = { .x = 0x1234567890l, .y = -77 };
	static struct fentry_inner in2 = { .x = -5, .y = 4242 };
	static struct fentry_node tail = { .tag = 99, .inner = &in2,
		.name = "tail" };
	static struct fentry_node head = { .tag = -31, .inner = &in1,
		.next = &tail, .name = "head" };
	struct eb_bpf_fentry points[2];
	struct bpf_link *links[2] = { 0 };
	const struct fentry_deref_results *r;
	char log[256];
	size_t size = 0;

	struct eb_bpf_object *obj = bpf_embedded_try("fentry_deref", jit, log,
						     sizeof log);
	if (!KEXPECT(obj)) {
		printf("  fentry_deref: %s\n", log);
		return;
	}
	attach_all(obj, points, links, 2);
	r = eb_bpf_object_find_global(obj, "deref", &size);
	if (!KEXPECT(r && size == sizeof(*r)))
		goto out;
	KEXPECT_EQ(fentry_deref(&head), &in1);
	KEXPECT_EQ(r->tag, head.tag);
	KEXPECT_EQ(r->inner_x, in1.x);
	KEXPECT_EQ(r->next_tag, tail.tag);
	KEXPECT_EQ(r->name1, 'e');
	KEXPECT_EQ(r->core_y, in1.y);
	KEXPECT_EQ(r->ret_x, in1.x);
	KEXPECT_EQ(r->next_inner_y, in2.y);
	KEXPECT_EQ(fentry_deref(&tail), &in2);	/* tail.next is NULL */
	KEXPECT_EQ(r->tag, tail.tag);
	KEXPECT_EQ(r->inner_x, in2.x);
	KEXPECT_EQ(r->next_tag, 0);
	KEXPECT_EQ(r->name1, 'a');
	KEXPECT_EQ(r->core_y, in2.y);
	KEXPECT_EQ(r->ret_x, in2.x);
	KEXPECT_EQ(r->next_inner_y, 0);
	KEXPECT_EQ(fentry_deref(0), 0);		/* every load faults */
	KEXPECT_EQ(r->tag, 0);
	KEXPECT_EQ(r->inner_x, 0);
	KEXPECT_EQ(r->name1, 0);
	KEXPECT_EQ(r->core_y, 0);
	KEXPECT_EQ(r->ret_x, 0);
	KEXPECT_EQ(r->entry_runs, 3);
	KEXPECT_EQ(r->exit_runs, 3);
out:
	for (size_t i = 0; i < 2; i++)
		if (links[i])
			eb_bpf_detach(links[i]);
	eb_bpf_object_close(obj);
}

/* r3-r5 and r1 kept across fault-safe loads (the JIT's plain loads, the
 * interpreter's calls), a
 * sign-extending one (n->tag), two levels (n->inner->x): r0 = tag + x +
 * 0x66, + 0x1000 if r1 still points at n. */
static const char regs_kept_text[] =
	"mov %r3, 0x11\nmov %r4, 0x22\nmov %r5, 0x33\n"
	"ldxdw %r2, [%r1+0]\nldxsw %r0, [%r2+0]\n"
	"ldxdw %r6, [%r2+8]\nldxdw %r7, [%r6+0]\nadd %r0, %r7\n"
	"add %r0, %r3\nadd %r0, %r4\nadd %r0, %r5\n"
	"ldxdw %r8, [%r1+0]\njne %r8, %r2, +1\nadd %r0, 0x1000\nexit\n";

/* text assembled and loaded as a program on fentry_deref's argument,
 * JIT-compiled (jit) or interpreted; NULL (the test failed) if not. */
static struct bpf_prog *
load_on_deref(const char *text, bool jit)
{
	struct eb_bpf_func_model m;
	struct eb_bpf_prog_info info;
	struct bpf_insn *insns;
	struct bpf_prog *prog = 0;
	char err[160] = "";
	size_t len;

	if (!KEXPECT_EQ(eb_bpf_func_model("fentry_deref", &m, err, sizeof err), 0) ||
	    !KEXPECT_EQ(bpf_asm(text, &insns, &len, err, sizeof err), 0))
		return 0;
	struct bpf_verifier_env env = { .ctx_size = 8, .ctx_args = true,
		.attach_btf_id = m.btf_id, .allow_ptr_leaks = true };
	eb_bpf_jit_enable(jit);
	int r = bpf_prog_load_env(insns, len, &env, &prog, err, sizeof err);
	eb_bpf_jit_enable(true);
	eb_port_free(insns);
	if (!KEXPECT_EQ(r, 0)) {
		printf("  %s\n", err);
		return 0;
	}
	KEXPECT_EQ((eb_bpf_prog_info(prog, &info), info.jited), jit);
	return prog;
}

/* regs_kept_text on fentry_deref's argument, JIT-compiled (jit) or
 * interpreted, run on node, on NULL and on an unmapped address. */
static void
run_regs_kept(bool jit)
{
	static struct fentry_inner in = { .x = 0x1234567890l };
	static struct fentry_node node = { .tag = -31, .inner = &in };
	uint64_t ctx[1] = { (uintptr_t)&node };
	struct bpf_prog *prog = load_on_deref(regs_kept_text, jit);

	if (!prog)
		return;
	KEXPECT_EQ(bpf_prog_run(prog, ctx), (uint64_t)(-31 + in.x + 0x1066));
	ctx[0] = 0;
	KEXPECT_EQ(bpf_prog_run(prog, ctx), 0x1066);
	ctx[0] = 0x10;	/* below RAM, unmapped: the loads fault */
	KEXPECT_EQ(bpf_prog_run(prog, ctx), 0x1066);
	bpf_prog_free(prog);
}

KTEST(bpf_fentry, loads_through_pointer_arguments_jit_and_interpreter)
{
	size_t heap = kmalloc_live_bytes();

	run_deref(true);
	run_deref(false);
	run_regs_kept(true);
	run_regs_kept(false);
	KEXPECT_EQ(kmalloc_live_bytes(), heap);
}

/* The context load (an ordinary one) of n, then three loads through it
 * (n->tag, n->inner, n->inner->x) into registers that held something
 * else: r0 = tag + x + 0x77. */
static const char faults_text[] =
	"ldxdw %r2, [%r1+0]\nmov %r0, 0x5555\nmov %r5, 0x3333\n"
	"ldxsw %r0, [%r2+0]\nldxdw %r4, [%r2+8]\nldxdw %r5, [%r4+0]\n"
	"add %r0, %r5\nadd %r0, 0x77\nexit\n";

/* What the kprobe on fault_target runs: fault_prog on fault_ctx, its
 * r0 into fault_r0 if the run came back. */
static struct bpf_prog *fault_prog;
static void *fault_ctx;
static uint64_t fault_r0;

__attribute__((noipa)) long fault_target(long n);
long
fault_target(long n)
{
	return n + 1;
}

static int
run_fault_prog(struct kprobe *p, struct pt_regs *regs)
{
	(void)p, (void)regs;
	fault_r0 = bpf_prog_run(fault_prog, fault_ctx);
	return 0;
}

/* faults_text, JIT-compiled (jit) or interpreted, run by a kprobe
 * handler: on an unmapped node its three loads through the node fault
 * in one run and read 0 (r0 = 0x77), the hit is whole; on an unmapped
 * context, the context load (no fault-safe one) faults: the handler is
 * abandoned and the hit counted missed, as for any handler's fault. */
static void
run_faults(bool jit)
{
	static struct kprobe kp = { .symbol_name = "fault_target",
				    .pre_handler = run_fault_prog };
	uint64_t ctx[1] = { 0x10 };	/* below RAM, unmapped */

	if (!(fault_prog = load_on_deref(faults_text, jit)))
		return;
	kp.addr = 0;
	kp.nmissed = 0;
	if (KEXPECT_EQ(register_kprobe(&kp), 0)) {
		fault_ctx = ctx;
		fault_r0 = 0;
		KEXPECT_EQ(fault_target(1), 2);
		KEXPECT_EQ(fault_r0, 0x77);
		KEXPECT_EQ(kp.nmissed, 0);
		fault_ctx = (void *)0x10;
		fault_r0 = 1;
		KEXPECT_EQ(fault_target(2), 3);
		KEXPECT_EQ(fault_r0, 1);	/* the run never came back */
		KEXPECT_EQ(kp.nmissed, 1);
		unregister_kprobe(&kp);
	}
	bpf_prog_free(fault_prog);
}

KTEST(bpf_fentry, faulting_loads_in_a_handler_jit_and_interpreter)
{
	size_t heap = kmalloc_live_bytes();

	run_faults(true);
	run_faults(false);
	KEXPECT_EQ(kmalloc_live_bytes(), heap);
}

/* A known chain of calls: fentry_chain_run -> _a -> _b -> _c (each adds
 * after the call, so none is a tail call that would leave no frame). */
__attribute__((noipa)) long fentry_chain_c(long n);
long
fentry_chain_c(long n)
{
	return n * 2;
}

__attribute__((noipa)) long fentry_chain_b(long n);
long
fentry_chain_b(long n)
{
	return fentry_chain_c(n) + 1;
}

__attribute__((noipa)) long fentry_chain_a(long n);
long
fentry_chain_a(long n)
{
	return fentry_chain_b(n) + 1;
}

__attribute__((noipa)) long fentry_chain_run(long n);
long
fentry_chain_run(long n)
{
	return fentry_chain_a(n) + 1;
}

/* Whether the len bytes of addresses at ips name the functions want (a
 * return address by the call before it: all but the first). */
static bool
stack_is(const uint64_t *ips, long len, const char *const *want, int n)
{
	uintptr_t start;
	size_t size;

	if (!KEXPECT(len >= 8 * n))
		return false;
	for (int i = 0; i < n; i++) {
		const char *name = eb_port_symbol_name(ips[i] - (i > 0), &start,
						       &size);
		if (!KEXPECT(name && !strcmp(name, want[i]))) {
			printf("  frame %d: %s, not %s\n", i, name ? name : "?",
			       want[i]);
			return false;
		}
	}
	return true;
}

/* fentry_stack.bpf.c's stacks past the common case: a buffer of two
 * frames holds entry's first two; 200 frames skipped is -EFAULT, the
 * buffer zeroed, and no stack id. */
static void
stack_limits_as_linux(struct eb_bpf_object *obj, const uint64_t *entry)
{
	size_t size = 0;
	const uint64_t *small = eb_bpf_object_find_global(obj, "small_stack", &size);
	const uint64_t *past = eb_bpf_object_find_global(obj, "past_stack", &size);
	const long *small_len = eb_bpf_object_find_global(obj, "small_len", &size);
	const long *past_len = eb_bpf_object_find_global(obj, "past_len", &size);
	const long *past_id = eb_bpf_object_find_global(obj, "past_id", &size);

	if (!KEXPECT(entry && small && past && small_len && past_len && past_id))
		return;
	KEXPECT_EQ(*small_len, 16);
	KEXPECT(!memcmp(small, entry, 16));
	KEXPECT_EQ(*past_len, -EFAULT);
	for (int i = 0; i < 6; i++)
		KEXPECT_EQ(past[i], 0);
	KEXPECT_EQ(*past_id, -EFAULT);
}

/* fentry_stack.bpf.c's stacks: at fentry_chain_c's entry and return,
 * the chain that called it, as Linux's trampoline frame gives it past
 * the program's own (the function, its caller's call site, ...); one
 * frame skipped; the stack trace map's stack of the id the entry got is
 * the entry's; a two-frame buffer holds the first two; skipping 200
 * frames, more than there are, gives Linux's -EFAULT and a zeroed
 * buffer (get_stack), -EFAULT (get_stackid). JIT-compiled and
 * interpreted. */
KTEST(bpf_fentry, stack_helpers_give_the_chain_that_called_the_function)
{
	static const char *const chain[] = { "fentry_chain_c",
		"fentry_chain_b", "fentry_chain_a", "fentry_chain_run" };
	uint64_t *entry, *exit_, *skip1;
	size_t size = 0;

	for (int jit = 1; jit >= 0; jit--) {
		struct eb_bpf_object *obj = bpf_embedded_load("fentry_stack", jit);
		struct bpf_link *links[2] = { 0 };
		struct eb_bpf_fentry points[2];

		if (!obj)
			return;
		attach_all(obj, points, links, 2);
		KEXPECT_EQ(fentry_chain_run(20), 43);
		for (int i = 0; i < 2; i++)
			if (links[i])
				eb_bpf_detach(links[i]);
		entry = eb_bpf_object_find_global(obj, "entry_stack", &size);
		exit_ = eb_bpf_object_find_global(obj, "exit_stack", &size);
		skip1 = eb_bpf_object_find_global(obj, "skip1_stack", &size);
		long *entry_len = eb_bpf_object_find_global(obj, "entry_len", &size);
		long *exit_len = eb_bpf_object_find_global(obj, "exit_len", &size);
		long *skip1_len = eb_bpf_object_find_global(obj, "skip1_len", &size);
		long *id = eb_bpf_object_find_global(obj, "entry_id", &size);
		const struct eb_bpf_object_map *m =
			eb_bpf_object_find_map(obj, "stacks");
		if (KEXPECT(entry && exit_ && skip1 && entry_len && exit_len &&
			    skip1_len && id && m)) {
			stack_is(entry, *entry_len, chain, 4);
			stack_is(exit_, *exit_len, chain, 4);
			stack_is(skip1, *skip1_len, chain + 1, 3);
			uint32_t key = (uint32_t)*id;
			const uint64_t *ips = *id >= 0 ?
				bpf_map_lookup_elem(m->map, &key) : 0;
			if (KEXPECT(ips))
				KEXPECT(!memcmp(ips, entry, 4 * 8));
		}
		stack_limits_as_linux(obj, entry);
		eb_bpf_object_close(obj);
	}
}

/* With the function and function_graph tracers on the same functions:
 * the site's dispatcher runs the tracer, the fentry kprobes and the
 * graph's entry; the graph's return hook and fexit's kretprobe both
 * take the return. Every program's runs and values as without them. */
KTEST(bpf_fentry, beside_function_and_graph_tracers)
{
	char why[128] = "";
	unsigned long missed = eb_ftrace_missed();

	if (!KEXPECT(eb_ftrace_tracer_start(EB_FTRACE_FUNCTION, "fentry_*",
					    why, sizeof why) > 0) ||
	    !KEXPECT(eb_ftrace_tracer_start(EB_FTRACE_GRAPH, "fentry_*", why,
					    sizeof why) > 0))
		printf("  tracers: %s\n", why);
	run_backend(true);
	run_backend(false);
	eb_ftrace_tracer_stop(EB_FTRACE_GRAPH);
	eb_ftrace_tracer_stop(EB_FTRACE_FUNCTION);
	KEXPECT_EQ(eb_ftrace_missed(), missed);
}

/* Loads text as a TRACING program for attach type t on func (ctx_size
 * from its model): the program, or NULL with why in err. */
static struct bpf_prog *
load_text(const char *text, enum bpf_attach_type t, const char *func,
	  char *err, size_t size)
{
	struct eb_bpf_func_model m;
	struct bpf_insn *insns;
	struct bpf_prog *prog;
	size_t len;

	if (!KEXPECT_EQ(eb_bpf_func_model(func, &m, err, size), 0) ||
	    !KEXPECT_EQ(bpf_asm(text, &insns, &len, err, size), 0))
		return 0;
	struct bpf_prog_opts opts = { .type = BPF_PROG_TYPE_TRACING,
		.ctx_size = 8 * (m.nr_args + (t == BPF_TRACE_FEXIT && m.ret)),
		.expected_attach_type = t, .attach_btf_id = m.btf_id };
	int r = bpf_prog_load(insns, len, &opts, &prog, err, size);
	eb_port_free(insns);
	return r ? 0 : prog;
}

/* Instructions between a branch and its join, so that the verifier
 * keeps a state at the join (verifier_state.c's STORE_DISTANCE). */
#define MOV_R3_X9 "mov %r3, 0\nmov %r3, 0\nmov %r3, 0\nmov %r3, 0\n" \
	"mov %r3, 0\nmov %r3, 0\nmov %r3, 0\nmov %r3, 0\nmov %r3, 0\n"

/* Checks that text, loaded for a fentry of func, is refused saying
 * want. */
static void
check_refused_text(const char *text, const char *func, const char *want)
{
	char err[256] = "";
	struct bpf_prog *prog = load_text(text, BPF_TRACE_FENTRY, func, err,
					  sizeof err);

	if (!KEXPECT(!prog && bpf_log_contains(err, want)))
		printf("  %s: %s\n", text, err);
	bpf_prog_free(prog);
}

KTEST(bpf_fentry, refuses_bad_programs_saying_why)
{
	size_t heap = kmalloc_live_bytes();
	char log[256] = "";

	/* fentry_void has one argument: ctx[1] is past it */
	check_refused_text("ldxdw %r0, [%r1+8]\nexit\n", "fentry_void",
			   "the traced function's or tracepoint's arguments, a "
			   "u64 each, then fexit's return value: it has fewer");
	check_refused_text("stdw [%r1+0], 1\nmov %r0, 0\nexit\n",
			   "fentry_void", "write into the read-only context");
	check_refused_text("ldxw %r0, [%r1+4]\nexit\n", "fentry_void",
			   "a multiple of 8");
	/* fentry_target's argument 4 is a struct fentry_pair * (16
	 * bytes), its first a long */
	check_refused_text("ldxdw %r2, [%r1+24]\nldxdw %r0, [%r2+16]\nmov %r0, 0\nexit\n",
			   "fentry_target", "access beyond struct fentry_pair at off 16 size 8");
	check_refused_text("ldxdw %r2, [%r1+24]\nldxw %r0, [%r2+14]\nmov %r0, 0\nexit\n",
			   "fentry_target", "access beyond struct fentry_pair at off 14 size 4");
	check_refused_text("ldxdw %r2, [%r1+24]\nstdw [%r2+0], 1\nmov %r0, 0\nexit\n",
			   "fentry_target", "only read is supported");
	check_refused_text("ldxdw %r2, [%r1+24]\nldxdw %r3, [%r1+0]\nand %r3, 8\n"
			   "add %r2, %r3\nldxdw %r0, [%r2+0]\nmov %r0, 0\nexit\n",
			   "fentry_target", "invalid variable offset: off=0, var_off=(0x0; 0x8)");
	check_refused_text("ldxdw %r2, [%r1+0]\nldxdw %r0, [%r2+0]\nmov %r0, 0\nexit\n",
			   "fentry_target", "r2 is a scalar, not a pointer to memory (a traced "
			   "function's argument is a pointer only when its type is a pointer "
			   "to a struct or union");
	check_refused_text("ldxdw %r2, [%r1+24]\nadd %r2, -8\nldxdw %r0, [%r2+0]\nmov %r0, 0\nexit\n",
			   "fentry_target", "invalid negative access: off=-8");
	/* bpf_get_func_ret is fexit's */
	check_refused_text("mov %r2, %r10\nadd %r2, -8\ncall 184\nexit\n",
			   "fentry_target", "184");
	/* Linux's check_return_code: fentry and fexit return 0 */
	check_refused_text("mov %r0, 1\nexit\n", "fentry_void",
			   "a fentry or fexit program returns 0");
	check_refused_text("ldxdw %r0, [%r1+0]\nexit\n", "fentry_void",
			   "a fentry or fexit program returns 0");
	/* the path returning 1 is not pruned at the exit where the path
	 * returning 0 left its state (r0 compared by value there) */
	check_refused_text("ldxdw %r2, [%r1+0]\nmov %r0, 0\njgt %r2, 5, +11\n"
			   MOV_R3_X9 "mov %r3, 0\nja +10\nmov %r0, 1\n"
			   MOV_R3_X9 "exit\n", "fentry_void",
			   "a fentry or fexit program returns 0");
	KEXPECT(!bpf_embedded_try("bad_fentry", true, log, sizeof log));
	if (!KEXPECT(bpf_log_contains(log, "program 'deref' (section "
				      "'fentry/fentry_target')") &&
		     bpf_log_contains(log, "only read is supported")))
		printf("  bad_fentry: %s\n", log);
	KEXPECT_EQ(kmalloc_live_bytes(), heap);
}

/* Checks that a fentry of func (loaded for func, or for fentry_void if
 * other) is refused at attach saying want. */
static void
check_refused_attach(const char *func, bool other, const char *want)
{
	struct eb_bpf_fentry fe = { .symbol = func };
	struct eb_bpf_attach_point point;
	struct bpf_link *link;
	char err[256] = "";
	struct bpf_prog *prog = load_text("mov %r0, 0\nexit\n", BPF_TRACE_FENTRY,
					  other ? "fentry_void" : func, err,
					  sizeof err);

	if (KEXPECT(prog) &&
	    KEXPECT_EQ(eb_bpf_fentry_point(&fe, &point, err, sizeof err), 0) &&
	    !KEXPECT(eb_bpf_attach(prog, &point, &link, err, sizeof err) &&
		     bpf_log_contains(err, want)))
		printf("  %s: %s\n", func, err);
	bpf_prog_free(prog);
}

/* Checks that func's model is refused (r) saying want. */
static void
check_refused_model(const char *func, int r, const char *want)
{
	struct eb_bpf_func_model m;
	char err[256] = "";

	if (!KEXPECT_EQ(eb_bpf_func_model(func, &m, err, sizeof err), r) ||
	    !KEXPECT(bpf_log_contains(err, want)))
		printf("  %s: %s\n", func, err);
}

/* Puts a program loaded for t on func into slot i of map: 0, or the
 * refusal's -errno with why in err. */
static int
slot_program(struct bpf_map *map, uint32_t i, enum bpf_attach_type t,
	     const char *func, char *err, size_t size)
{
	struct bpf_prog *prog = load_text("mov %r0, 0\nexit\n", t, func, err,
					  size);
	int r = prog ? eb_bpf_prog_array_update(map, i, prog, err, size) :
		-EINVAL;

	bpf_prog_free(prog);	/* a slot holds its own reference */
	return r;
}

/* Linux's bpf_prog_map_compatible ("bpf: Prevent tail call between
 * progs attached to different hooks"): a prog array's TRACING programs
 * are all for one hook. Here one function and one attach type: a fexit
 * program tail-called from a fentry run would read a return value the
 * run does not have (bpf_get_func_ret). */
KTEST(bpf_fentry, prog_array_keeps_one_hook)
{
	struct bpf_map_def def = { .type = BPF_MAP_TYPE_PROG_ARRAY,
		.key_size = 4, .value_size = 4, .max_entries = 4 };
	size_t heap = kmalloc_live_bytes();
	struct bpf_map *map;
	char err[256] = "";

	if (!KEXPECT(!bpf_map_create(&def, "hooks", &map, err, sizeof err)))
		return;
	KEXPECT_EQ(slot_program(map, 0, BPF_TRACE_FENTRY, "fentry_target",
				err, sizeof err), 0);
	KEXPECT_EQ(slot_program(map, 1, BPF_TRACE_FENTRY, "fentry_target",
				err, sizeof err), 0);
	if (!KEXPECT(slot_program(map, 2, BPF_TRACE_FENTRY, "fentry_void", err,
				  sizeof err) == -EINVAL &&
		     bpf_log_contains(err, "prog array 'hooks': slot 2: its programs "
				      "are for fentry of BTF function ")))
		printf("  fentry_void: %s\n", err);
	if (!KEXPECT(slot_program(map, 2, BPF_TRACE_FEXIT, "fentry_target",
				  err, sizeof err) == -EINVAL &&
		     bpf_log_contains(err, "this one is for fexit of BTF function ")))
		printf("  fexit: %s\n", err);
	KEXPECT(!eb_bpf_prog_array_slot(map, 2));
	bpf_map_free(map);
	KEXPECT_EQ(kmalloc_live_bytes(), heap);
}

KTEST(bpf_fentry, refuses_functions_it_cannot_trace_saying_why)
{
	size_t heap = kmalloc_live_bytes();

	check_refused_model("no_such_function", -ENOENT,
			    "function 'no_such_function' is not in the kernel's BTF");
	/* kernel/user/uservec.S's, declared nowhere in C: no BTF */
	check_refused_model("user_run", -ENOENT,
			    "function 'user_run' is not in the kernel's BTF");
	check_refused_model("fentry_nine", -EINVAL,
			    "function 'fentry_nine' has 9 arguments: a traced "
			    "function has at most 8");
	check_refused_attach("bpf_map_lookup_elem", false,
			     "bpf_map_lookup_elem is never probed");
	check_refused_attach("fentry_notrace", false,
			     "fentry_notrace has no patchable entry");
	/* two static functions of one name (kprobe_events_test.c's and
	 * kprobe_errors_test.c's): which one's BTF was verified is unknown */
	check_refused_attach("kpe_twin", false, "kpe_twin: The symbol is not "
			     "unique (several functions have that name): "
			     "fentry and fexit need a unique one");
	check_refused_attach("fentry_target", true,
			     "fentry_target: the program was loaded for fentry "
			     "of BTF function ");
	KEXPECT_EQ(kmalloc_live_bytes(), heap);
}
