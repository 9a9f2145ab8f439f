/*
 * fentry and fexit programs (<ebreak/bpf.h>'s eb_bpf_fentry_point):
 * tests/bpf/fentry.bpf.c, embedded in the image, loaded JIT-compiled and
 * interpreted, on fentry_target and fentry_void: each argument, the
 * return value and the tracing helpers' answers equal what the test
 * passed and got, the runs the functions' own call counts, each link's
 * attach cookie; a recursive
 * function's fexit runs with each nested call's own argument and return
 * value, as many as its instances (the rest missed). Refused, each
 * saying why: a function the kernel's BTF does not have, one with nine
 * arguments, one ebreak never probes, one without a patchable entry, a
 * program loaded for another function, a read past the arguments, a
 * write to them, a load through a pointer argument (bad_fentry.bpf.c),
 * get_func_ret at a fentry, a return other than 0 (Linux's
 * check_return_code), a prog array's program for another hook.
 */
#include "ktest.h"
#include "bpf_embedded.h"
#include "trace/bpf_cmd.h"
#include "../bpf/fentry_results.h"
#include "bpf/asm.h"
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

/* Attaches obj's programs where their sections say (f: their points). */
static void
attach_all(struct eb_bpf_object *obj, struct eb_bpf_fentry *f,
	   struct bpf_link **links)
{
	const struct eb_bpf_program *p;
	struct eb_bpf_attach_point point;
	char err[160];

	for (size_t i = 0; i < NPROGS && (p = eb_bpf_object_program(obj, i)); i++) {
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
	attach_all(obj, points, links);
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
	for (size_t i = 0; i < NPROGS; i++)
		if (links[i])
			eb_bpf_detach(links[i]);
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
			   "the traced function's arguments, a u64 each, then "
			   "fexit's return value: the function has fewer");
	check_refused_text("stdw [%r1+0], 1\nmov %r0, 0\nexit\n",
			   "fentry_void", "write into the read-only context");
	check_refused_text("ldxw %r0, [%r1+4]\nexit\n", "fentry_void",
			   "a multiple of 8");
	check_refused_text("ldxdw %r2, [%r1+24]\nldxdw %r0, [%r2+0]\nexit\n",
			   "fentry_target", "read through it with BPF_CORE_READ");
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
		     bpf_log_contains(log, "read through it with BPF_CORE_READ")))
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
	check_refused_attach("fentry_target", true,
			     "fentry_target: the program was loaded for fentry "
			     "of BTF function ");
	KEXPECT_EQ(kmalloc_live_bytes(), heap);
}
