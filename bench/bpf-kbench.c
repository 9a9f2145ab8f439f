/*
 * The eBPF benchmark programs (bpf_progs.h) on the target: run in the
 * reference kernel by the JIT and by the interpreter, counted with
 * rdinstret (exact under -icount shift=0). Per eBPF instruction executed
 * (the program's ops), the run's entry and exit included: the JIT's per
 * 100 eBPF instructions, the interpreter's per one. And the JIT's
 * compile time per program: bpf_prog_prepare's instructions.
 */
#include <ebreak/bpf.h>
#include <ebreak/port.h>
#include "bpf/asm.h"
#include "bpf/jit.h"
#include "bpf/prog.h"
#include "ktest.h"
#include "param.h"
#include "riscv.h"
#include "bpf_progs.h"

static uint8_t buf[BPF_BENCH_BUF_SIZE];

/* Program p loaded (verified, prepared by the JIT if jit) with map, or
 * NULL having marked the benchmark failed; *prepare_insns: what
 * preparing took. */
static struct bpf_prog *
load(const struct bpf_bench_prog *p, struct bpf_map *map, bool jit,
     uint64_t *prepare_insns)
{
	struct bpf_verifier_env env = { .ctx_size = BPF_BENCH_BUF_SIZE,
					.ctx_size_in_r2 = true,
					.maps = &map, .nr_maps = 1 };
	struct bpf_insn *insns;
	struct bpf_prog *prog = NULL;
	char err[128];
	size_t len;
	uint64_t n;

	if (bpf_asm(p->text, &insns, &len, err, sizeof(err)) ||
	    bpf_prog_create_env(insns, len, &env, &prog, err, sizeof(err)) ||
	    bpf_prog_verify(prog, err, sizeof(err))) {
		eb_port_free(insns);
		bpf_prog_free(prog);
		kbench_fail(err);
		return NULL;
	}
	eb_port_free(insns);
	bpf_jit_enable = jit;
	n = rdinstret();
	int r = bpf_prog_prepare(prog, err, sizeof(err));
	*prepare_insns = rdinstret() - n;
	bpf_jit_enable = true;
	if (r || prog->jited != jit) {
		kbench_fail(r ? err : "the JIT did not compile it");
		bpf_prog_free(prog);
		return NULL;
	}
	return prog;
}

/* Instructions of one run of prog on buf, interrupts off; prog then
 * freed. */
static uint64_t
run_freed(struct bpf_prog *prog)
{
	unsigned long flags = eb_port_irq_save();
	uint64_t n = rdinstret();

	bpf_prog_run(prog, buf);
	n = rdinstret() - n;
	eb_port_irq_restore(flags);
	bpf_prog_free(prog);
	return n;
}

/* Instructions per `per` eBPF instructions of program name's run (jit:
 * JIT-compiled), or with compile, the JIT's compile time. */
static uint64_t
measure(const char *name, bool jit, unsigned per, bool compile)
{
	const struct bpf_bench_prog *p = bpf_bench_progs;
	struct bpf_map_def def = BPF_BENCH_MAP_DEF;
	struct bpf_map *map;
	struct bpf_prog *prog;
	uint64_t n = 0, prepare;
	char err[128];

	while (strcmp(p->name, name))	/* one of them: see PROG_BENCHES */
		p++;
	if (bpf_map_create(&def, "bench", &map, err, sizeof(err)))
		return kbench_fail(err);
	bpf_bench_fill(buf);
	prog = load(p, map, jit, &prepare);
	if (prog)
		n = run_freed(prog);
	bpf_map_free(map);
	if (!prog)
		return 0;
	return compile ? prepare : (n * per + p->ops / 2) / p->ops;
}

/* JIT and interpreter figures, and the compile time, of the program
 * called name in bpf_bench_progs. */
#define PROG_BENCHES(name)						\
	KBENCH(bpf_jit_##name##_rv64, "insns/100 ops")			\
	{ return measure(#name, true, 100, false); }			\
	KBENCH(bpf_interp_##name##_rv64, "insns/op")			\
	{ return measure(#name, false, 1, false); }			\
	KBENCH(bpf_jit_compile_##name, "insns")				\
	{ return measure(#name, true, 1, true); }

PROG_BENCHES(alu_loop)
PROG_BENCHES(buf_loop)
PROG_BENCHES(fnv_hash)
PROG_BENCHES(branchy)
PROG_BENCHES(local_calls)
PROG_BENCHES(map_helper)

/* bpf_loop(NR, cb, NULL, 0) with an empty callback (r0 = 0). */
#define LOOP_PROG(nr) "mov %r1, " nr "\n lddw %r2, func(cb)\n mov %r3, 0\n" \
	"mov %r4, 0\n call 181\n exit\n cb:\n mov %r0, 0\n exit"
#define LOOP_ITERS 1000	/* as LOOP_PROG("1000") says */

/* Instructions of one run of text, JIT-compiled. */
static uint64_t
run_insns(const char *text)
{
	const struct bpf_bench_prog p = { "loop", 1, text };
	struct bpf_prog *prog;
	uint64_t prepare;

	return (prog = load(&p, NULL, true, &prepare)) ? run_freed(prog) : 0;
}

/* What one more iteration of bpf_loop costs, JIT-compiled: the helper's
 * loop, its call of the callback and the callback's prologue and
 * epilogue. */
KBENCH(bpf_loop_iter, "insns/iter")
{
	uint64_t many = run_insns(LOOP_PROG("1000")), none = run_insns(LOOP_PROG("0"));

	if (!many || !none)
		return 0;
	return (many - none + LOOP_ITERS / 2) / LOOP_ITERS;
}

/* The kernel stack a run takes: bytes below the caller's sp that the run
 * wrote (bpf_prog_run, the backend, every frame of the program), found
 * by painting the stack's free part first. Interrupts off, so only the
 * run writes there. */
extern char kstacks[EB_MAX_CPUS][KSTACK_SIZE];	/* kernel/cpu.c */
#define PAINT 0x5ca1ab1e5ca1ab1eull

static __attribute__((__noinline__)) uint64_t
stack_of_run(struct bpf_prog *prog)
{
	unsigned long flags = eb_port_irq_save();
	uint64_t *sp, *lo, *p;

	__asm__ volatile("mv %0, sp" : "=r"(sp));
	lo = (uint64_t *)kstacks[eb_port_cpu_id()];
	if (sp <= lo || sp > lo + KSTACK_SIZE / 8) {
		eb_port_irq_restore(flags);
		return kbench_fail("not on the hart's kernel stack");
	}
	/* from the stack's bottom to this frame's */
	for (p = lo + 8; p < sp; p++)
		*p = PAINT;
	bpf_prog_run(prog, buf);
	for (p = lo + 8; p < sp && *p == PAINT; p++)
		;
	eb_port_irq_restore(flags);
	return (uint64_t)((char *)sp - (char *)p);
}

/* main and 7 subprograms nested (the most frames), each writing 8 bytes
 * of its stack; and main alone. */
#define NESTED_FRAME(f, g) f ":\n stdw [%r10-8], 1\n call local " g "\n exit\n"
#define NESTED_PROG "stdw [%r10-8], 1\n call local f1\n exit\n"		\
	NESTED_FRAME("f1", "f2") NESTED_FRAME("f2", "f3")		\
	NESTED_FRAME("f3", "f4") NESTED_FRAME("f4", "f5")		\
	NESTED_FRAME("f5", "f6") NESTED_FRAME("f6", "f7")		\
	"f7:\n stdw [%r10-8], 1\n mov %r0, 0\n exit\n"
#define FLAT_PROG "stdw [%r10-8], 1\n mov %r0, 0\n exit\n"

/* The kernel stack one run of text takes, in bytes (jit: compiled). */
static uint64_t
run_stack(const char *text, bool jit)
{
	const struct bpf_bench_prog p = { "stack", 1, text };
	struct bpf_prog *prog;
	uint64_t prepare, n;

	if (!(prog = load(&p, NULL, jit, &prepare)))
		return 0;
	n = stack_of_run(prog);
	bpf_prog_free(prog);
	return n;
}

KBENCH(bpf_run_stack_1, "bytes")
{ return run_stack(FLAT_PROG, true); }
KBENCH(bpf_run_stack_8, "bytes")
{ return run_stack(NESTED_PROG, true); }
KBENCH(bpf_run_stack_1_interp, "bytes")
{ return run_stack(FLAT_PROG, false); }
KBENCH(bpf_run_stack_8_interp, "bytes")
{ return run_stack(NESTED_PROG, false); }
