/*
 * Error injection (<ebreak/error_injection.h>): a kprobe program's
 * bpf_override_return at the entry of a marked function, at a
 * patchable entry (no trap) and at a trap, JIT-compiled and
 * interpreted: the caller gets the value injected and the function's
 * count of its own calls says it did not run; detached, it runs again.
 * Refused, each saying why: the helper at an offset, in a return probe,
 * on an unmarked function, in a non-GPL program (at load); fmod_ret on
 * an unmarked function ("is not modifiable", Linux's words). A fmod_ret program returning non-zero
 * skips the call and gives its value, 0 lets the function run; a fexit
 * on the same function sees the return value either way, whichever
 * was attached first (Linux's trampoline order); so do
 * tests/bpf/fmod_ret.bpf.c's SEC("fmod_ret/...") and SEC("fexit/...")
 * programs, built by clang, their globals counting the runs. A
 * kretprobe registered before an override sees the call return the
 * value injected (its instance not lost), one registered after misses
 * the call; an override reached by a tail call runs under a link at a
 * marked entry and is refused (attach, slot update) under one elsewhere.
 */
#include "ktest.h"
#include "bpf_embedded.h"
#include "bpf_text.h"
#include "bpf/jit.h"
#include "bpf/map.h"
#include "bpf/prog.h"
#include <ebreak/bpf.h>
#include <ebreak/bpf_object.h>
#include <ebreak/error_injection.h>
#include <ebreak/errno.h>
#include <ebreak/ftrace.h>
#include <ebreak/kprobes.h>
#include <ebreak/libc.h>

static unsigned long target_calls, trap_calls;

__attribute__((noipa)) long inject_target(long a);
long
inject_target(long a)
{
	target_calls++;
	return a + 1;
}
EB_ALLOW_ERROR_INJECTION(inject_target, ERRNO);

/* Without a patchable entry: its kprobe traps. */
EB_NOTRACE __attribute__((noipa)) long inject_trap_target(long a);
long
inject_trap_target(long a)
{
	trap_calls++;
	return a + 2;
}
EB_ALLOW_ERROR_INJECTION(inject_trap_target, ERRNO);

__attribute__((noipa)) long inject_unmarked(long a);
long
inject_unmarked(long a)
{
	return a + 3;
}

/* bpf_override_return(ctx, -12) */
static const char override_text[] =
	"mov %r2, -12\n call 58\n mov %r0, 0\n exit";

/* fmod_ret on f(long a): -12 when a == 7, else 0 (the function runs) */
static const char fmod_text[] =
	"ldxdw %r2, [%r1+0]\n mov %r0, 0\n jne %r2, 7, out\n"
	"mov %r0, -12\n out: exit";

/* fexit on f(long a): its return value into array map 0's element 0 */
static const char fexit_text[] =
	"ldxdw %r6, [%r1+8]\n stw [%r10-4], 0\n lddw %r1, map_fd(0)\n"
	"mov %r2, %r10\n add %r2, -4\n call 1\n jeq %r0, 0, out\n"
	"stxdw [%r0+0], %r6\n out: mov %r0, 0\n exit";

static struct bpf_prog *
load_kprobe(const char *text, bool jit)
{
	struct bpf_prog_opts opts = { .type = BPF_PROG_TYPE_KPROBE,
				      .license = "GPL" };

	bpf_jit_enable = jit;
	struct bpf_prog *prog = bpf_text_load(text, &opts);
	bpf_jit_enable = true;
	return prog;
}

/* Attaches override_text at fn's entry (symbol), checks a call gets
 * -12 without running fn (its *calls), then detached that fn runs. */
static void
check_override(const char *symbol, long (*fn)(long), unsigned long *calls,
	       long unprobed, bool jit)
{
	struct eb_bpf_kprobe probe = { .symbol = symbol };
	struct eb_bpf_attach_point point;
	struct bpf_link *link;
	char err[160];
	struct bpf_prog *prog = load_kprobe(override_text, jit);

	eb_bpf_kprobe_point(&probe, &point);
	if (!KEXPECT(prog) ||
	    !KEXPECT_EQ(eb_bpf_attach(prog, &point, &link, err, sizeof err), 0)) {
		printf("    %s: %s\n", symbol, err);
		bpf_prog_free(prog);
		return;
	}
	unsigned long before = *calls;
	KEXPECT_EQ(fn(5), -12);
	KEXPECT_EQ(fn(6), -12);
	KEXPECT_EQ(*calls, before);
	eb_bpf_detach(link);
	KEXPECT_EQ(fn(5), unprobed);
	KEXPECT_EQ(*calls, before + 1);
	bpf_prog_free(prog);
}

KTEST(bpf_inject, override_return_at_patchable_and_trap_entries)
{
	KEXPECT_EQ(ftrace_location((uintptr_t)inject_target),
		   (uintptr_t)inject_target);
	KEXPECT(ftrace_location((uintptr_t)inject_trap_target) !=
		(uintptr_t)inject_trap_target);
	for (int jit = 1; jit >= 0; jit--) {
		check_override("inject_target", inject_target, &target_calls,
			       6, jit);
		check_override("inject_trap_target", inject_trap_target,
			       &trap_calls, 7, jit);
	}
}

/* override_text attached to probe is refused with want in the message. */
static void
check_refused(struct eb_bpf_kprobe probe, const char *want)
{
	struct eb_bpf_attach_point point;
	struct bpf_link *link;
	char err[200] = "";
	struct bpf_prog *prog = load_kprobe(override_text, true);

	eb_bpf_kprobe_point(&probe, &point);
	KEXPECT(prog);
	if (!KEXPECT_EQ(eb_bpf_attach(prog, &point, &link, err, sizeof err),
			-EINVAL) || !KEXPECT(bpf_log_contains(err, want)))
		printf("    got: %s\n", err);
	bpf_prog_free(prog);
}

KTEST(bpf_inject, override_return_refused_off_a_marked_entry)
{
	unsigned long before = target_calls;

	check_refused((struct eb_bpf_kprobe){ .symbol = "inject_target",
					      .offset = 8 },
		      "inject_target (at an offset): bpf_override_return runs only at a function's entry (+0)");
	check_refused((struct eb_bpf_kprobe){ .symbol = "inject_target",
					      .retprobe = true },
		      "(a return probe): bpf_override_return runs only at a function's entry");
	check_refused((struct eb_bpf_kprobe){ .symbol = "inject_unmarked" },
		      "inject_unmarked: bpf_override_return on a function not marked for error injection");
	KEXPECT_EQ(inject_target(1), 2);
	KEXPECT_EQ(target_calls, before + 1);
	KEXPECT_EQ(get_injectable_error_type((uintptr_t)inject_target),
		   EI_ETYPE_ERRNO);
	KEXPECT_EQ(get_injectable_error_type((uintptr_t)inject_unmarked), -1);
	/* GPL-only, as Linux's: a program of another license does not load */
	struct bpf_prog_opts opts = { .type = BPF_PROG_TYPE_KPROBE,
				      .license = "Proprietary" };
	struct bpf_prog *prop = bpf_text_load(override_text, &opts);
	KEXPECT(!prop);
	bpf_prog_free(prop);
}

/* A TRACING program text (fexit or fmod_ret) on symbol, attached
 * (*link), with map; NULL having printed why. */
static struct bpf_prog *
tracing(const char *symbol, const char *text, bool fmod_ret,
	struct bpf_map **map, struct eb_bpf_fentry *f, struct bpf_link **link,
	bool jit)
{
	struct eb_bpf_attach_point point;
	char err[160];

	*f = (struct eb_bpf_fentry){ .symbol = symbol, .fexit = !fmod_ret,
				     .modify_return = fmod_ret };
	if (eb_bpf_fentry_point(f, &point, err, sizeof err)) {
		printf("    %s: %s\n", symbol, err);
		return 0;
	}
	struct bpf_prog_opts opts = { .type = BPF_PROG_TYPE_TRACING,
		.ctx_size = point.ctx_size, .maps = map, .nr_maps = map ? 1 : 0,
		.expected_attach_type = point.expected_attach_type,
		.attach_btf_id = point.attach_btf_id };
	bpf_jit_enable = jit;
	struct bpf_prog *prog = bpf_text_load(text, &opts);
	bpf_jit_enable = true;
	if (prog && eb_bpf_attach(prog, &point, link, err, sizeof err)) {
		printf("    attach: %s\n", err);
		bpf_prog_free(prog);
		prog = 0;
	}
	return prog;
}

/* fmod_ret and fexit on inject_target, attached in the order given. */
static void
check_fmod_ret(bool fexit_first, bool jit)
{
	struct bpf_map_def def = { BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0 };
	struct eb_bpf_fentry ff, fx;
	struct bpf_link *lf, *lx;
	struct bpf_prog *pf = 0, *px = 0;
	struct bpf_map *map;
	char err[120];
	uint32_t key = 0;

	if (!KEXPECT_EQ(bpf_map_create(&def, "ret", &map, err, sizeof err), 0))
		return;
	if (fexit_first)
		px = tracing("inject_target", fexit_text, false, &map, &fx, &lx, jit);
	pf = tracing("inject_target", fmod_text, true, 0, &ff, &lf, jit);
	if (!fexit_first)
		px = tracing("inject_target", fexit_text, false, &map, &fx, &lx, jit);
	if (KEXPECT(pf) && KEXPECT(px)) {
		unsigned long before = target_calls;
		const int64_t *seen = bpf_map_lookup_elem(map, &key);

		KEXPECT_EQ(inject_target(7), -12);	/* skipped */
		KEXPECT_EQ(target_calls, before);
		KEXPECT_EQ(*seen, -12);
		KEXPECT_EQ(inject_target(3), 4);	/* runs */
		KEXPECT_EQ(target_calls, before + 1);
		KEXPECT_EQ(*seen, 4);
	}
	if (pf) {
		eb_bpf_detach(lf);
		bpf_prog_free(pf);
	}
	if (px) {
		eb_bpf_detach(lx);
		bpf_prog_free(px);
	}
	bpf_map_free(map);
}

KTEST(bpf_inject, fmod_ret_replaces_the_call_and_fexit_sees_it)
{
	for (int jit = 1; jit >= 0; jit--) {
		check_fmod_ret(false, jit);
		check_fmod_ret(true, jit);
	}
	KEXPECT_EQ(inject_target(7), 8);	/* all detached */
}

/* Also refused: a point both fmod_ret and fexit (attach and detach
 * would disagree on its probe's kind). */
KTEST(bpf_inject, fmod_ret_refused_on_an_unmarked_function)
{
	struct eb_bpf_fentry f = { .symbol = "inject_unmarked",
				   .modify_return = true };
	struct eb_bpf_attach_point point;
	struct bpf_link *link;
	char err[160] = "";

	f.fexit = true;		/* both: refused, point untouched */
	point.name = "untouched";
	KEXPECT_EQ(eb_bpf_fentry_point(&f, &point, err, sizeof err), -EINVAL);
	KEXPECT(bpf_log_contains(err, "inject_unmarked: fexit and modify_return both set"));
	KEXPECT(!strcmp(point.name, "untouched"));
	f.fexit = false;
	KEXPECT_EQ(eb_bpf_fentry_point(&f, &point, err, sizeof err), 0);
	struct bpf_prog_opts opts = { .type = BPF_PROG_TYPE_TRACING,
		.ctx_size = point.ctx_size,
		.expected_attach_type = BPF_MODIFY_RETURN,
		.attach_btf_id = point.attach_btf_id };
	struct bpf_prog *prog = bpf_text_load(fmod_text, &opts);
	if (KEXPECT(prog) &&
	    (!KEXPECT_EQ(eb_bpf_attach(prog, &point, &link, err, sizeof err),
			 -EINVAL) ||
	     !KEXPECT(bpf_log_contains(err, "inject_unmarked() is not modifiable"))))
		printf("    got: %s\n", err);
	bpf_prog_free(prog);
	KEXPECT_EQ(inject_unmarked(1), 4);
}

/* fmod_ret.bpf.c's global name, a long or u64. */
static long
global(struct eb_bpf_object *obj, const char *name)
{
	size_t size = 0;
	const long *v = eb_bpf_object_find_global(obj, name, &size);

	return KEXPECT(v && size == sizeof(long)) ? *v : -999;
}

/* fmod_ret.bpf.c loaded (jit) and its two programs attached where their
 * sections say: inject_target(7) fails with -12, not run, (3) runs;
 * the fexit saw each return value, the fmod_ret a 0 ret slot. */
static void
run_object(bool jit)
{
	struct eb_bpf_object *obj = bpf_embedded_load("fmod_ret", jit);
	const struct eb_bpf_program *p;
	struct eb_bpf_fentry f[2];
	struct bpf_link *links[2] = { 0 };
	struct eb_bpf_attach_point point;
	char err[160];

	if (!obj)
		return;
	for (size_t i = 0; i < 2 && (p = eb_bpf_object_program(obj, i)); i++) {
		f[i] = (struct eb_bpf_fentry){ .symbol = p->target,
			.fexit = p->kind == EB_BPF_ATTACH_FEXIT,
			.modify_return = p->kind == EB_BPF_ATTACH_FMOD_RET };
		if (!KEXPECT_EQ(eb_bpf_fentry_point(&f[i], &point, err, sizeof err), 0) ||
		    !KEXPECT_EQ(eb_bpf_attach(p->prog, &point, &links[i], err,
					      sizeof err), 0))
			printf("    %s: %s\n", p->name, err);
	}
	unsigned long before = target_calls;
	KEXPECT_EQ(inject_target(7), -12);
	KEXPECT_EQ(target_calls, before);
	KEXPECT_EQ(global(obj, "fexit_ret"), -12);
	KEXPECT_EQ(inject_target(3), 4);
	KEXPECT_EQ(target_calls, before + 1);
	KEXPECT_EQ(global(obj, "fexit_ret"), 4);
	KEXPECT_EQ(global(obj, "fmod_ret_seen"), 0);
	KEXPECT_EQ(global(obj, "fmod_runs"), 2);
	KEXPECT_EQ(global(obj, "fexit_runs"), 2);
	for (size_t i = 0; i < 2; i++)
		if (links[i])
			eb_bpf_detach(links[i]);
	eb_bpf_object_close(obj);
}

KTEST(bpf_inject, clang_built_fmod_ret_and_fexit_jit_and_interpreter)
{
	run_object(true);
	run_object(false);
	KEXPECT_EQ(inject_target(7), 8);	/* all detached */
}

static unsigned long kret_returns;
static long kret_value;

static int
note_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	(void)ri;
	kret_returns++;
	kret_value = (long)regs->a0;
	return 0;
}

/* A kretprobe on symbol registered before (after: later) an override
 * program's kprobe: before, its instance goes back through the return
 * the override makes (its handler sees -12, once a call); after, the
 * override ends the call before its entry (Linux's aggregated kprobes
 * stop there too), and detached, it sees the calls again. */
static void
check_kretprobe_with_override(const char *symbol, long (*fn)(long),
			      unsigned long *calls, bool later)
{
	struct kretprobe rp = { .kp.symbol_name = symbol,
				.handler = note_return };
	struct eb_bpf_kprobe probe = { .symbol = symbol };
	struct eb_bpf_attach_point point;
	struct bpf_link *link = 0;
	char err[160];
	struct bpf_prog *prog = load_kprobe(override_text, true);

	eb_bpf_kprobe_point(&probe, &point);
	if (!later && !KEXPECT_EQ(register_kretprobe(&rp), 0))
		goto out;
	if (!KEXPECT(prog) ||
	    !KEXPECT_EQ(eb_bpf_attach(prog, &point, &link, err, sizeof err), 0))
		goto out;
	if (later && !KEXPECT_EQ(register_kretprobe(&rp), 0))
		goto out;
	unsigned long before = *calls;
	kret_returns = 0;
	KEXPECT_EQ(fn(5), -12);
	KEXPECT_EQ(fn(6), -12);
	KEXPECT_EQ(*calls, before);
	KEXPECT_EQ(kret_returns, later ? 0ul : 2ul);
	KEXPECT_EQ(rp.nmissed, 0ul);
	if (!later)
		KEXPECT_EQ(kret_value, -12);
	eb_bpf_detach(link);
	link = 0;
	KEXPECT(fn(5) != -12);
	KEXPECT_EQ(kret_returns, later ? 1ul : 3ul);
	KEXPECT_EQ(kret_value, fn == inject_target ? 6 : 7);
out:
	if (link)
		eb_bpf_detach(link);
	unregister_kretprobe(&rp);
	bpf_prog_free(prog);
}

KTEST(bpf_inject, kretprobe_on_an_overridden_function)
{
	for (int later = 0; later <= 1; later++) {
		check_kretprobe_with_override("inject_target", inject_target,
					      &target_calls, later);
		check_kretprobe_with_override("inject_trap_target",
					      inject_trap_target, &trap_calls,
					      later);
	}
}

/* A program calling bpf_override_return reached by a tail call: under
 * a link on an unmarked function it is refused at attach and at the
 * slot's update; under one at a marked entry it runs, and the call
 * returns its value though the attached program does not call it. */
static const char tail_to_slot0[] =
	"lddw %r2, map_fd(0)\nmov %r3, 0\ncall 12\nmov %r0, 0\nexit\n";

KTEST(bpf_inject, override_return_through_a_tail_call)
{
	struct bpf_map_def def = { BPF_MAP_TYPE_PROG_ARRAY, 4, 4, 1, 0 };
	struct bpf_map *jmp = 0;
	struct bpf_prog_opts opts = { .type = BPF_PROG_TYPE_KPROBE,
				      .license = "GPL", .maps = &jmp,
				      .nr_maps = 1 };
	struct eb_bpf_kprobe unmarked = { .symbol = "inject_unmarked" },
			     marked = { .symbol = "inject_target" };
	struct eb_bpf_attach_point point;
	struct bpf_link *link = 0;
	struct bpf_prog *entry = 0, *over = 0;
	char err[200] = "";

	if (!KEXPECT_EQ(bpf_map_create(&def, "jmp", &jmp, err, sizeof err), 0))
		return;
	entry = bpf_text_load(tail_to_slot0, &opts);
	over = load_kprobe(override_text, true);
	if (!KEXPECT(entry && over))
		goto out;
	KEXPECT_EQ(eb_bpf_prog_array_update(jmp, 0, over, err, sizeof err), 0);
	eb_bpf_kprobe_point(&unmarked, &point);
	KEXPECT_EQ(eb_bpf_attach(entry, &point, &link, err, sizeof err), -EINVAL);
	if (!KEXPECT(bpf_log_contains(err, "inject_unmarked: bpf_override_return on a function not marked for error injection (EB_ALLOW_ERROR_INJECTION) (through a tail call)")))
		printf("    got: %s\n", err);
	KEXPECT_EQ(bpf_map_delete_elem(jmp, &(uint32_t){ 0 }), 0);
	link = 0;
	if (!KEXPECT_EQ(eb_bpf_attach(entry, &point, &link, err, sizeof err), 0))
		goto out;
	KEXPECT_EQ(eb_bpf_prog_array_update(jmp, 0, over, err, sizeof err), -EINVAL);
	KEXPECT_EQ(inject_unmarked(1), 4);
	eb_bpf_detach(link);
	link = 0;
	KEXPECT_EQ(eb_bpf_prog_array_update(jmp, 0, over, err, sizeof err), 0);
	eb_bpf_kprobe_point(&marked, &point);
	if (!KEXPECT_EQ(eb_bpf_attach(entry, &point, &link, err, sizeof err), 0))
		goto out;
	unsigned long before = target_calls;
	KEXPECT_EQ(inject_target(1), -12);
	KEXPECT_EQ(target_calls, before);
	eb_bpf_detach(link);
	link = 0;
	KEXPECT_EQ(inject_target(1), 2);
out:
	if (link)
		eb_bpf_detach(link);
	if (jmp)
		bpf_map_delete_elem(jmp, &(uint32_t){ 0 });
	bpf_prog_free(entry);
	bpf_prog_free(over);
	bpf_map_free(jmp);
}
