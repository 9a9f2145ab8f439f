/*
 * Fault recovery by unwinding (lib/core/cfi.h): the kernel's .eh_frame
 * read whole; an unwind from a trap at a known depth back to a known
 * caller, with the callee-saved registers that caller set; and handlers
 * that fault several C frames down (each holding values of its own in
 * s1-s11; the last one loads from, or calls, a bad pointer; or 200
 * down a recursion), under a kprobe at a patchable entry, a
 * kretprobe's entry and return, and a JIT-compiled eBPF program (two of
 * its frames: a bpf-to-bpf call; or down a program its subprogram
 * tail-called, through the caller's run frame): the
 * probed function's caller finds s1-s11 as it left them
 * (cu_call_checked), the function ran, and each fault counts one miss.
 */
#include "ktest.h"
#include "cfi_unwind.h"
#include "bpf/asm.h"
#include "bpf/prog.h"
#include "core/cfi.h"
#include "core/ftrace_internal.h"
#include <ebreak/bpf.h>
#include <ebreak/errno.h>
#include <ebreak/ftrace.h>
#include <ebreak/kprobes.h>
#include <ebreak/port.h>

extern char ftrace_graph_trampoline[];

static volatile long *volatile cu_bad = (volatile long *)0x10;
static long (*volatile cu_bad_fn)(unsigned long) =
	(long (*)(unsigned long))0x10;
static unsigned cu_levels, cu_body_runs;
static bool cu_leaf_traps;	/* level 0 takes a breakpoint, not a fault */
static bool cu_leaf_calls;	/* level 0 calls where no code is */
static unsigned cu_hooked;	/* levels returning to function_graph */

#define CU_DEEP		200	/* levels of cu_deep above the fault */

/* Level d of a handler's frames: puts values of its own in s1-s11 (the
 * clobbers make it save its caller's first), keeps one across the call
 * of level d - 1; level 0 faults (or traps): a load, or a fetch. */
static noinline long
cu_chain(unsigned long d)
{
	unsigned long mine = d * 0x1111;

	cu_levels++;
	cu_hooked += __builtin_return_address(0) ==
		     (void *)ftrace_graph_trampoline;
	if (!d && cu_leaf_traps) {
		asm volatile(".4byte 0x00100073");	/* ebreak, not c.ebreak */
		return 0;
	}
	if (!d)
		return cu_leaf_calls ? cu_bad_fn(d) : *cu_bad;
	asm volatile("mv s1, %0\n\tmv s2, %0\n\tmv s3, %0\n\tmv s4, %0\n\t"
		     "mv s5, %0\n\tmv s6, %0\n\tmv s7, %0\n\tmv s8, %0\n\t"
		     "mv s9, %0\n\tmv s10, %0\n\tmv s11, %0" : : "r"(mine) :
		     "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9",
		     "s10", "s11");
	return cu_chain(d - 1) + mine;
}

/* --- the kernel's tables ------------------------------------------------ */

/* Every FDE of the kernel's .eh_frame reads, starts a function as
 * kallsyms has it (or after its patchable entry's 4 c.nops, which GCC
 * puts before the function's unwind rules begin) and ends inside it,
 * and its program runs to every instruction boundary in it (every 2
 * bytes). */
KTEST(cfi_unwind, every_kernel_fde_reads_and_runs)
{
	size_t len;
	const void *table = eb_port_eh_frame(&len);
	struct cfi_cursor c;
	struct cfi_fde f;
	struct cfi_row row;
	const char *why = "";
	unsigned fdes = 0, named = 0, bad = 0;
	int r;

	if (!KEXPECT(table))
		return;
	eb_cfi_cursor_init(&c, table, len);
	while ((r = eb_cfi_next_fde(&c, &f, &why)) > 0) {
		uintptr_t start;
		size_t size;

		fdes++;
		named += eb_port_symbol_name(f.pc_begin, &start, &size) &&
			 (start == f.pc_begin || start + 8 == f.pc_begin) &&
			 f.pc_end <= start + size;
		for (uintptr_t pc = f.pc_begin; pc < f.pc_end; pc += 2)
			if (eb_cfa_run(&f, pc, &row, &why) && bad++ < 3)
				printf("    at %lx: %s\n", pc, why);
	}
	if (!KEXPECT_EQ(r, 0))
		printf("    %s\n", why);
	KEXPECT(fdes > 1000);
	KEXPECT_EQ(named, fdes);
	KEXPECT_EQ(bad, 0);
}

static struct eb_unwind_regs cu_u;
static int cu_unwound, cu_below, cu_past;

/* From the breakpoint at level 0: up to cu_call_checked's frame, then
 * to a frame no step lands on, then past one with no unwind rules. */
static bool
cu_trap_hook(struct pt_regs *regs)
{
	struct eb_unwind_regs other;
	const char *why;

	cu_unwound = eb_unwind_to_frame(regs, cu_call_sp, &cu_u, &why);
	cu_below = eb_unwind_to_frame(regs, cu_call_sp - 8, &other, &why);
	cu_past = eb_unwind_to_frame(regs, cu_call_sp + 112, &other, &why);
	regs->epc += 4;
	return true;
}

static unsigned long
cu_trap_target(unsigned long x)
{
	return (unsigned long)cu_chain(3) + x;
}

KTEST(cfi_unwind, trap_unwinds_to_its_caller)
{
	unsigned long ret = 0;

	cu_leaf_traps = true;
	trap_break_hook = cu_trap_hook;
	KEXPECT_EQ(cu_call_checked(cu_trap_target, 5, &ret), 0);
	trap_break_hook = 0;
	cu_leaf_traps = false;
	KEXPECT_EQ(ret, 5 + 3 * 0x1111 + 2 * 0x1111 + 0x1111);
	KEXPECT_EQ(cu_unwound, 0);
	KEXPECT_EQ(cu_u.pc, (unsigned long)cu_call_checked_ret);
	KEXPECT_EQ(cu_u.reg[CFI_SP], cu_call_sp);
	KEXPECT_EQ(cu_u.reg[9], CU_PAT(9));
	for (unsigned n = 18; n <= 27; n++)
		if (!KEXPECT_EQ(cu_u.reg[n], CU_PAT(n)))
			printf("    register x%u\n", n);
	KEXPECT_EQ(cu_below, -EINVAL);	/* a CFA passes it */
	KEXPECT_EQ(cu_past, -ENOENT);	/* cu_call_checked has no FDE */
}

/* --- handlers that fault ------------------------------------------------ */

/* The probed function: a patchable entry (the kernel's own code). */
static noinline unsigned long
cu_target(unsigned long x)
{
	cu_body_runs++;
	return x + 1;
}

static int
cu_pre(struct kprobe *p, struct pt_regs *regs)
{
	return (int)cu_chain(4);
}

static int
cu_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return (int)cu_chain(4);
}

static int
cu_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return (int)cu_chain(4);
}

/* n calls of cu_target through cu_call_checked, each expected to fault
 * in a handler levels deep: the caller's registers intact, the body
 * run, the value returned. */
static void
calls_survive(unsigned n, unsigned levels)
{
	cu_levels = cu_body_runs = 0;
	for (unsigned long i = 0; i < n; i++) {
		unsigned long ret = 0;
		KEXPECT_EQ(cu_call_checked(cu_target, 40 + i, &ret), 0);
		KEXPECT_EQ(ret, 41 + i);
	}
	KEXPECT_EQ(cu_body_runs, n);
	KEXPECT_EQ(cu_levels, n * levels);
}

KTEST(cfi_unwind, kprobe_at_entry_handler_fault)
{
	struct kprobe kp = { .addr = (kprobe_opcode_t *)cu_target,
			     .pre_handler = cu_pre };

	KEXPECT_EQ(register_kprobe(&kp), 0);
	KEXPECT(kp.flags & KPROBE_FLAG_FTRACE);	/* ftrace_caller's */
	calls_survive(3, 5);
	KEXPECT_EQ(kp.nmissed, 3);
	unregister_kprobe(&kp);
}

KTEST(cfi_unwind, kretprobe_handler_faults)
{
	struct kretprobe at_return = { .kp.addr = (kprobe_opcode_t *)cu_target,
				       .handler = cu_ret, .maxactive = 2 };
	struct kretprobe at_entry = { .kp.addr = (kprobe_opcode_t *)cu_target,
				      .entry_handler = cu_entry,
				      .handler = cu_ret, .maxactive = 2 };

	KEXPECT_EQ(register_kretprobe(&at_return), 0);
	KEXPECT(at_return.kp.flags & KPROBE_FLAG_FTRACE);
	calls_survive(3, 5);
	KEXPECT_EQ(at_return.kp.nmissed, 3);
	KEXPECT_EQ(at_return.nmissed, 0);	/* every instance came back */
	unregister_kretprobe(&at_return);

	KEXPECT_EQ(register_kretprobe(&at_entry), 0);
	calls_survive(3, 5);	/* the entry faults: no return handler */
	KEXPECT_EQ(at_entry.kp.nmissed, 3);
	KEXPECT_EQ(at_entry.nmissed, 0);
	unregister_kretprobe(&at_entry);
}

/* A handler calling through a bad pointer faults fetching from where no
 * code is, so no table describes its pc: the frame is the caller's at
 * the call (level 0's, or its caller's if a tail call), unwound from. */
KTEST(cfi_unwind, handler_calling_a_bad_pointer)
{
	struct kprobe kp = { .addr = (kprobe_opcode_t *)cu_target,
			     .pre_handler = cu_pre };
	struct kretprobe rp = { .kp.addr = (kprobe_opcode_t *)cu_target,
				.handler = cu_ret, .maxactive = 2 };

	cu_leaf_calls = true;
	KEXPECT_EQ(register_kprobe(&kp), 0);
	calls_survive(3, 5);
	KEXPECT_EQ(kp.nmissed, 3);
	unregister_kprobe(&kp);
	KEXPECT_EQ(register_kretprobe(&rp), 0);
	calls_survive(3, 5);
	KEXPECT_EQ(rp.kp.nmissed, 3);
	unregister_kretprobe(&rp);
	cu_leaf_calls = false;
}

/* The breakpoint of level 0: stepped over. */
static bool
cu_skip_break(struct pt_regs *regs)
{
	regs->epc += 4;
	return true;
}

/* function_graph follows the handler's levels: each returns into its
 * trampoline, whose return addresses the unwinding looks up; the
 * abandoning drops their frames from the hart's return stack (they
 * stayed, deepening every later call's, until the stack was full), and
 * a call followed later returns. */
KTEST(cfi_unwind, handler_fault_below_graph_hooked_returns)
{
	struct kprobe kp = { .addr = (kprobe_opcode_t *)cu_target,
			     .pre_handler = cu_pre };
	char why[128];

	KEXPECT_EQ(eb_ftrace_tracer_start(EB_FTRACE_GRAPH, "cu_chain", why,
					  sizeof why), 1);
	cu_hooked = 0;
	KEXPECT_EQ(register_kprobe(&kp), 0);
	calls_survive(3, 5);
	KEXPECT_EQ(kp.nmissed, 3);
	KEXPECT_EQ(cu_hooked, 3 * 5);
	KEXPECT_EQ(ftrace_cpus[cpuid()].depth, 0);
	unregister_kprobe(&kp);
	cu_leaf_traps = true;	/* level 0 a breakpoint: no fault */
	trap_break_hook = cu_skip_break;
	KEXPECT_EQ(cu_chain(2), 2 * 0x1111 + 0x1111);
	trap_break_hook = 0;
	cu_leaf_traps = false;
	KEXPECT_EQ(cu_hooked, 3 * 5 + 3);
	KEXPECT_EQ(ftrace_cpus[cpuid()].depth, 0);
	eb_ftrace_tracer_stop(EB_FTRACE_GRAPH);
}

/* Level d of a deep recursion, in a small frame; level 0 faults. */
static noinline long
cu_deep(unsigned long d)
{
	long r;

	cu_levels++;
	if (!d)
		return *cu_bad;
	r = cu_deep(d - 1);
	asm volatile("" : "+r"(r));	/* not a loop, each level a call */
	return r + (long)d;
}

static int
cu_pre_deep(struct kprobe *p, struct pt_regs *regs)
{
	return (int)cu_deep(CU_DEEP);
}

/* A handler faulting 200 frames down is abandoned as one 5 down is (it
 * stopped the kernel past 64 frames). */
KTEST(cfi_unwind, handler_fault_deep_in_recursion)
{
	struct kprobe kp = { .addr = (kprobe_opcode_t *)cu_target,
			     .pre_handler = cu_pre_deep };

	KEXPECT_EQ(register_kprobe(&kp), 0);
	calls_survive(2, CU_DEEP + 1);
	KEXPECT_EQ(kp.nmissed, 2);
	unregister_kprobe(&kp);
}

/* --- a JIT-compiled program's helper faults ---------------------------- */

static bool cu_helper_faults;

/* Helper 1 of the suite's programs: 100, or a fault 3 levels down. */
static uint64_t
cu_helper(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5)
{
	return cu_helper_faults ? (uint64_t)cu_chain(3) : 100;
}

static const struct bpf_func_proto cu_helper_proto = {
	.func = cu_helper, .ret_type = RET_INTEGER,
};

static const struct bpf_func_proto *
cu_proto(uint32_t id)
{
	return id == 1 ? &cu_helper_proto :
	       id == BPF_FUNC_tail_call ? bpf_helper_proto(id) : NULL;
}

/* r6-r9 and r10 (s1-s5, saved in the program's frame) live across the
 * call of f, which calls the helper with r6 and r7 of its own (saved in
 * its frame): 100 + 60 + 70, + 6 + 7 + 8 + 9 + 10. */
#define CU_MAIN \
	"mov %r6, 6\n" \
	"mov %r7, 7\n" \
	"mov %r8, 8\n" \
	"mov %r9, 9\n" \
	"stdw [%r10-8], 10\n" \
	"call local f\n" \
	"add %r0, %r6\n" \
	"add %r0, %r7\n" \
	"add %r0, %r8\n" \
	"add %r0, %r9\n" \
	"ldxdw %r1, [%r10-8]\n" \
	"add %r0, %r1\n" \
	"exit\n"
/* f's: the helper's result + 60 + 70 */
#define CU_HELPER_SUM \
	"mov %r6, 60\n" \
	"mov %r7, 70\n" \
	"call 1\n" \
	"add %r0, %r6\n" \
	"add %r0, %r7\n" \
	"exit\n"
static const char cu_prog_text[] = CU_MAIN "f:\n" CU_HELPER_SUM;

/* The same sum with f's helper call in the program f tail-calls
 * (cu_callee_text, in slot 0 of map 0): its frames, f's caller's and
 * the caller's run frame are the ones unwound. */
static const char cu_tail_text[] =
	CU_MAIN
	"f:\n"
	"mov %r6, 1\n"
	"lddw %r2, map_fd(0)\n"
	"mov %r3, 0\n"
	"call 12\n"
	"mov %r0, 0\n"
	"exit\n";
static const char cu_callee_text[] = CU_HELPER_SUM;

static struct bpf_prog *cu_prog;
static struct bpf_map *cu_jmp;	/* cu_tail_text's prog array */

static int
cu_pre_bpf(struct kprobe *p, struct pt_regs *regs)
{
	return (int)bpf_prog_run(cu_prog, regs);
}

static struct bpf_prog *
cu_jit(const char *text)
{
	struct bpf_verifier_env env = { .ctx_size = 8, .maps = &cu_jmp,
					.nr_maps = 1, .get_func_proto = cu_proto };
	struct bpf_insn *insns = 0;
	struct bpf_prog *prog = 0;
	char err[160] = "";
	size_t len;
	int r;

	if ((r = bpf_asm(text, &insns, &len, err, sizeof err)) ||
	    (r = bpf_prog_create_env(insns, len, &env, &prog, err, sizeof err)) ||
	    (r = bpf_prog_verify(prog, err, sizeof err)) ||
	    (r = bpf_prog_prepare(prog, err, sizeof err)))
		printf("    program: %s\n", err);
	eb_port_free(insns);
	return r ? (bpf_prog_free(prog), NULL) : prog;
}

/* cu_prog (JIT-compiled, its sum 270) on a kprobe at cu_target's
 * patchable entry, its helper faulting: each call survives, one miss. */
static void
cu_prog_faults_survive(void)
{
	struct kprobe kp = { .addr = (kprobe_opcode_t *)cu_target,
			     .pre_handler = cu_pre_bpf };
	unsigned long ctx = 0;

	KEXPECT(cu_prog->jited);
	cu_helper_faults = false;
	KEXPECT_EQ(bpf_prog_run(cu_prog, &ctx), 270);
	KEXPECT_EQ(register_kprobe(&kp), 0);
	KEXPECT(kp.flags & KPROBE_FLAG_FTRACE);
	cu_helper_faults = true;
	calls_survive(3, 4);
	KEXPECT_EQ(kp.nmissed, 3);
	unregister_kprobe(&kp);
	cu_helper_faults = false;
}

KTEST(cfi_unwind, jit_program_helper_fault)
{
	if (!KEXPECT(cu_prog = cu_jit(cu_prog_text)))
		return;
	cu_prog_faults_survive();
	bpf_prog_free(cu_prog);
}

KTEST(cfi_unwind, jit_tail_called_program_helper_fault)
{
	static const struct bpf_map_def def = { BPF_MAP_TYPE_PROG_ARRAY, 4, 4, 1, 0 };
	struct bpf_prog *callee;
	char err[160];

	if (!KEXPECT_EQ(bpf_map_create(&def, "cu_jmp", &cu_jmp, err, sizeof err), 0))
		return;
	cu_prog = cu_jit(cu_tail_text);
	callee = cu_jit(cu_callee_text);
	if (KEXPECT(cu_prog && callee && callee->jited) &&
	    KEXPECT_EQ(eb_bpf_prog_array_update(cu_jmp, 0, callee, err,
						sizeof err), 0))
		cu_prog_faults_survive();
	bpf_prog_free(cu_prog);
	bpf_prog_free(callee);
	bpf_map_free(cu_jmp);
	cu_jmp = NULL;
}
