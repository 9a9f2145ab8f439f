/*
 * Differential test of the decoder and simulator against real execution,
 * run as a riscv64 Linux process under qemu-riscv64.
 *
 * SIMULATE: each instruction runs for real in the middle of a region of
 * c.ebreak landing pads, and the simulator runs on the same registers; the
 * pad it lands on must be the pc the simulator returns, and every register
 * must match.
 * STEP: each instruction runs at its place and as a copy in an out-of-line
 * slot (what kprobes does), both followed by pads; registers, FP state,
 * the data buffer and any fault must match, and neither may branch.
 *
 * Encodings are drawn for every entry of the decoder's tables (fixed seed)
 * with random register values. A run starts with an ebreak whose SIGTRAP
 * handler swaps in the test registers, and ends at the next trap, whose
 * handler saves them and swaps the harness back. The handler runs with gp
 * and tp random, so this file is linked with --no-relax (no gp-relative
 * addressing) and the handler uses no thread-local state.
 */
#define _GNU_SOURCE
#include "arch/riscv/decode.h"
#include "arch/riscv/insn.h"
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#define PAD_SIZE	(4u << 20)	/* jal reaches +-1 MiB */
#define SLOT_SIZE	(64u << 10)
#define BUF_SIZE	(16u << 10)
#define N_SIMULATE	5000		/* encodings per simulated entry */
#define N_STEP		300		/* encodings per stepped entry */

struct cpu {
	unsigned long x[32];		/* x[0] is the pc */
	unsigned long long f[32];
	unsigned fcsr;
};

struct outcome {
	struct cpu cpu;
	int sig;
	unsigned long addr;		/* si_addr of SIGSEGV and SIGBUS */
};

enum { IDLE, LAUNCH, RUNNING };
static volatile int phase;
static struct cpu run_in;
static struct outcome run_out;
static mcontext_t harness;

static uint16_t *pads, *slots;
static unsigned char *buf, *buf_init, *buf_after;
static unsigned long home;		/* where instructions run "in place" */
static unsigned long slot;		/* the out-of-line slot */

static void
handler(int sig, siginfo_t *si, void *ucv)
{
	mcontext_t *mc = &((ucontext_t *)ucv)->uc_mcontext;

	if (phase == LAUNCH && sig == SIGTRAP) {
		harness = *mc;
		memcpy(mc->__gregs, run_in.x, sizeof run_in.x);
		memcpy(mc->__fpregs.__d.__f, run_in.f, sizeof run_in.f);
		mc->__fpregs.__d.__fcsr = run_in.fcsr;
		phase = RUNNING;
		return;
	}
	if (phase != RUNNING) {
		static const char msg[] = "riscv-diff: signal outside a run\n";
		write(2, msg, sizeof msg - 1);
		_exit(2);
	}
	memcpy(run_out.cpu.x, mc->__gregs, sizeof run_out.cpu.x);
	memcpy(run_out.cpu.f, mc->__fpregs.__d.__f, sizeof run_out.cpu.f);
	run_out.cpu.fcsr = mc->__fpregs.__d.__fcsr;
	run_out.sig = sig;
	run_out.addr = sig == SIGSEGV || sig == SIGBUS ?
		       (unsigned long)si->si_addr : 0;
	*mc = harness;
	mc->__gregs[0] += 4;		/* past the launching ebreak */
	phase = IDLE;
}

/* Runs in as the whole register file (in->x[0] is where to start) until
 * the next trap or fault; its state then is *out. */
static void
run(const struct cpu *in, struct outcome *out)
{
	run_in = *in;
	phase = LAUNCH;
	alarm(2);		/* an instruction that loops is a failure */
	__asm__ volatile(".4byte 0x00100073" ::: "memory");	/* ebreak */
	alarm(0);
	*out = run_out;
}

/* Puts the instruction at addr (2-byte parcels: text is 2-aligned). */
static void
place(unsigned long addr, uint32_t bits, unsigned len)
{
	uint16_t *p = (uint16_t *)addr;

	p[0] = bits;
	if (len == 4)
		p[1] = bits >> 16;
	__builtin___clear_cache((char *)p, (char *)p + len);
}

static void
unplace(unsigned long addr)
{
	place(addr, C_EBREAK | C_EBREAK << 16, 4);
}

/* --- random state ---------------------------------------------------- */

static uint64_t rng = 0x2545f4914f6cdd1dull;

static uint64_t
rnd64(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static uint32_t
rnd(void)
{
	return rnd64() >> 32;
}

/* A register value likely to make comparisons interesting: random, small,
 * extreme, zero, or equal or next to another register's. */
static unsigned long
rnd_value(const unsigned long *x, unsigned n)
{
	static const unsigned long special[] = {
		0x8000000000000000ul, 0x7ffffffffffffffful, ~0ul, 1,
		0x80000000ul, 0xfffffffful, 0xffffffff80000000ul, 0x7ffffffful,
	};
	unsigned long other = n > 1 ? x[1 + rnd() % (n - 1)] : 0;

	switch (rnd() % 8) {
	case 0: return (long)(rnd() % 17) - 8;
	case 1: return special[rnd() % 8];
	case 2: return 0;
	case 3: return other;
	case 4: return other + (rnd() % 3) - 1;
	default: return rnd64();
	}
}

static void
rnd_cpu(struct cpu *c)
{
	for (unsigned i = 1; i < 32; i++)
		c->x[i] = rnd_value(c->x, i);
	for (unsigned i = 0; i < 32; i++)
		c->f[i] = rnd() % 2 ? rnd64() : 0xffffffff00000000ull | rnd();
	/* frm 5..7 is invalid: a dynamic-rm instruction then traps. */
	c->fcsr = (rnd() % 8 ? rnd() % 5 : 5 + rnd() % 3) << 5 | rnd() % 32;
}

/* --- simulate -------------------------------------------------------- */

static void
to_ptregs(const struct cpu *c, struct pt_regs *r)
{
	memset(r, 0, sizeof *r);
	for (unsigned i = 1; i < 32; i++)
		*pt_regs_gpr(r, i) = c->x[i];
}

/* A branch or jump whose target is the instruction itself would loop. */
static bool
lands_on_itself(const struct riscv_insn *insn)
{
	uint32_t b = insn->bits;
	long off;

	if (insn->len == 2 && (b & 0xe003) == 0xa001)
		off = rvc_imm_j(b);
	else if (insn->len == 2 && (b & 0xc003) == 0xc001)
		off = rvc_imm_b(b);
	else if (insn->len == 4 && (b & 0x7f) == 0x6f)
		off = rv_imm_j(b);
	else if (insn->len == 4 && (b & 0x7f) == 0x63)
		off = rv_imm_b(b);
	else
		return false;
	return off >= 0 && off < insn->len;
}

/*
 * Aims the register a register jump reads (jalr, c.jr, c.jalr) at a pad
 * within 1 MiB of home, odd half the time (bit 0 is cleared), and never at
 * the instruction itself; one draw in eight leaves it random.
 */
static void
aim(const struct riscv_insn *insn, struct cpu *c)
{
	uint32_t b = insn->bits;
	bool rvc = insn->len == 2;
	unsigned rs1 = rvc ? rvc_rs1(b) : rv_rs1(b);
	long imm = rvc ? 0 : rv_imm_i(b), delta;

	if (rvc ? (b & 0xe07f) != 0x8002 : (b & 0x7f) != 0x67)
		return;		/* not c.jr, c.jalr or jalr */
	if (!rs1 || rnd() % 8 == 0)
		return;
	do
		delta = (long)(rnd() % (2u << 20)) - (1 << 20);
	while ((delta & ~1L) >= 0 && (delta & ~1L) < insn->len);
	c->x[rs1] = home + delta - imm;
}

/* Branches are taken about half the time only if their operands are
 * often equal, or zero for c.beqz/c.bnez. */
static void
relate(const struct riscv_insn *insn, struct cpu *c)
{
	uint32_t b = insn->bits;

	if (insn->len == 2 && (b & 0xc003) == 0xc001 && rnd() % 2)
		c->x[rvc_rs1p(b)] = 0;
	if (insn->len == 4 && (b & 0x7f) == 0x63 && rnd() % 2)
		c->x[rv_rs2(b)] = c->x[rv_rs1(b)] + (rnd() % 2 ? 0 : 1);
}

/* Same registers, FP registers and fcsr. */
static bool
same_cpu(const struct cpu *a, const struct cpu *b)
{
	return memcmp(a->x, b->x, sizeof a->x) == 0 &&
	       memcmp(a->f, b->f, sizeof a->f) == 0 && a->fcsr == b->fcsr;
}

struct tally {
	unsigned long runs, fails, taken, faults;
};

static void
show_diff(const char *what, uint32_t bits, const struct cpu *a,
	  const struct cpu *b, int siga, int sigb)
{
	fprintf(stderr, "  %08x: %s: signal %d vs %d\n", bits, what, siga, sigb);
	for (unsigned i = 0; i < 32; i++)
		if (a->x[i] != b->x[i])
			fprintf(stderr, "    x%u: %#lx vs %#lx\n", i, a->x[i],
				b->x[i]);
	for (unsigned i = 0; i < 32; i++)
		if (a->f[i] != b->f[i])
			fprintf(stderr, "    f%u: %#llx vs %#llx\n", i, a->f[i],
				b->f[i]);
	if (a->fcsr != b->fcsr)
		fprintf(stderr, "    fcsr: %#x vs %#x\n", a->fcsr, b->fcsr);
}

/* Runs one simulated instruction for real and simulated; true if equal. */
static bool
check_simulate(const struct riscv_insn *insn, struct tally *t)
{
	struct cpu in, want;
	struct outcome out;
	struct pt_regs regs;
	bool ok;

	rnd_cpu(&in);
	aim(insn, &in);
	relate(insn, &in);
	in.x[0] = home;
	to_ptregs(&in, &regs);
	want = in;
	want.x[0] = riscv_insn_simulate(insn, home, &regs);
	for (unsigned i = 1; i < 32; i++)
		want.x[i] = *pt_regs_gpr(&regs, i);

	place(home, insn->bits, insn->len);
	run(&in, &out);
	unplace(home);

	t->taken += want.x[0] != home + insn->len;
	/* A jump out of the pads faults on fetch, at the target. */
	t->faults += out.sig == SIGSEGV;
	ok = (out.sig == SIGTRAP ||
	      (out.sig == SIGSEGV && out.addr == out.cpu.x[0])) &&
	     same_cpu(&out.cpu, &want);
	if (!ok && t->fails < 3)
		show_diff("real vs simulated", insn->bits, &out.cpu, &want,
			  out.sig, SIGTRAP);
	return ok;
}

/* --- step ------------------------------------------------------------ */

/* The register a load, store or AMO takes its address from, or 0. */
static unsigned
base_reg(uint32_t b, unsigned len)
{
	unsigned opc = b & 0x7f, f3 = RV_X(b, 13, 3);

	if (len == 4)
		return opc == 0x03 || opc == 0x07 || opc == 0x23 ||
		       opc == 0x27 || opc == 0x2f ? rv_rs1(b) : 0;
	if ((b & 3) == 0 && f3 != 0)
		return rvc_rs1p(b);
	if ((b & 3) == 2 && f3 != 0 && f3 != 4)
		return 2;
	return 0;
}

/* Runs insn at pc from in, with the data buffer reset; returns the state
 * with the pc made relative to the instruction. */
static void
step_at(const struct riscv_insn *insn, unsigned long pc,
	const struct cpu *in, struct outcome *out)
{
	struct cpu c = *in;

	c.x[0] = pc;
	memcpy(buf, buf_init, BUF_SIZE);
	place(pc, insn->bits, insn->len);
	run(&c, out);
	unplace(pc);
	out->cpu.x[0] -= pc;
}

/* Runs one stepped instruction in place and out of line; true if equal. */
static bool
check_step(const struct riscv_insn *insn, struct tally *t)
{
	struct cpu in;
	struct outcome a, b;
	unsigned base = base_reg(insn->bits, insn->len);
	bool ok;

	rnd_cpu(&in);
	/* Address the buffer (8-aligned for AMOs), but not always. */
	if (base && rnd() % 8)
		in.x[base] = (unsigned long)buf + BUF_SIZE / 2;
	for (unsigned i = 0; i < BUF_SIZE; i++)
		buf_init[i] = rnd();

	step_at(insn, home, &in, &a);
	memcpy(buf_after, buf, BUF_SIZE);
	step_at(insn, slot, &in, &b);

	t->faults += a.sig != SIGTRAP;
	ok = a.sig == b.sig && a.addr == b.addr &&
	     same_cpu(&a.cpu, &b.cpu) &&
	     memcmp(buf, buf_after, BUF_SIZE) == 0 &&
	     /* A stepped instruction falls through, or faults in place. */
	     a.cpu.x[0] == (a.sig == SIGTRAP ? insn->len : 0);
	if (!ok && t->fails < 3)
		show_diff("in place vs out of line", insn->bits, &a.cpu,
			  &b.cpu, a.sig, b.sig);
	return ok;
}

/* --- driver ---------------------------------------------------------- */

/* A random encoding of table entry (mask, match) that decodes to name:
 * earlier entries may claim some (c.addi with rd=x0 is c.nop). Aimed
 * instructions must not land on themselves (they would loop). */
static bool
draw(bool rvc, uint32_t mask, uint32_t match, const char *name,
     struct riscv_insn *insn)
{
	for (int tries = 0; tries < 1000; tries++) {
		uint32_t bits = match | (rnd() & ~mask & (rvc ? 0xffff : ~0u));

		riscv_probe_decode_insn(bits, insn);
		if (insn->name && strcmp(insn->name, name) == 0 &&
		    !lands_on_itself(insn))
			return true;
	}
	return false;
}

static int passed, failed;
static unsigned long total_runs;

static void
test_entry(bool rvc, uint32_t mask, uint32_t match, const char *name)
{
	struct riscv_insn insn;
	struct tally t = { 0 };
	unsigned n;

	if (!draw(rvc, mask, match, name, &insn))
		return;		/* wholly shadowed: host-riscv-decode's job */
	n = insn.cls == INSN_GOOD_NO_SLOT ? N_SIMULATE : N_STEP;
	if (insn.cls == INSN_REJECTED)
		return;
	for (unsigned i = 0; i < n; i++) {
		if (i && !draw(rvc, mask, match, name, &insn))
			break;
		t.runs++;
		if (!(insn.cls == INSN_GOOD_NO_SLOT ? check_simulate(&insn, &t)
						: check_step(&insn, &t)))
			t.fails++;
	}
	total_runs += t.runs;
	if (insn.cls == INSN_GOOD_NO_SLOT)
		printf("riscv-diff: simulate %-10s %5lu encodings: %lu jumped, "
		       "%lu fell through, %lu left the pads; %lu mismatches\n",
		       name, t.runs, t.taken, t.runs - t.taken, t.faults,
		       t.fails);
	else
		printf("riscv-diff: step %-12s %4lu encodings, %lu faulted or "
		       "trapped alike; %lu mismatches\n", name, t.runs,
		       t.faults, t.fails);
	if (t.fails)
		failed++;
	else
		passed++;
}

static void *
map(size_t size, int prot)
{
	void *p = mmap(NULL, size, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		perror("riscv-diff: mmap");
		exit(2);
	}
	return p;
}

static void
setup(void)
{
	static char altstack[64 << 10];
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof altstack };
	struct sigaction sa = { .sa_sigaction = handler,
				.sa_flags = SA_SIGINFO | SA_ONSTACK };
	int rwx = PROT_READ | PROT_WRITE | PROT_EXEC;

	pads = map(PAD_SIZE, rwx);
	slots = map(SLOT_SIZE, rwx);
	for (unsigned i = 0; i < PAD_SIZE / 2; i++)
		pads[i] = C_EBREAK;
	for (unsigned i = 0; i < SLOT_SIZE / 2; i++)
		slots[i] = C_EBREAK;
	home = (unsigned long)pads + PAD_SIZE / 2;
	slot = (unsigned long)slots + SLOT_SIZE / 2;
	buf = map(BUF_SIZE, PROT_READ | PROT_WRITE);
	buf_init = map(BUF_SIZE, PROT_READ | PROT_WRITE);
	buf_after = map(BUF_SIZE, PROT_READ | PROT_WRITE);

	sigaltstack(&ss, NULL);
	sigfillset(&sa.sa_mask);
	sigaction(SIGTRAP, &sa, NULL);
	sigaction(SIGILL, &sa, NULL);
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGALRM, &sa, NULL);
}

int
main(void)
{
	uint32_t mask, match;
	const char *name;

	setvbuf(stdout, NULL, _IOLBF, 0);
	setup();
	for (int rvc = 1; rvc >= 0; rvc--)
		for (unsigned i = 0; riscv_decode_entry(rvc, i, &mask, &match,
							&name); i++)
			if (name)
				test_entry(rvc, mask, match, name);
	printf("riscv-diff: %d passed, %d failed (instructions; %lu random "
	       "encodings run)\n", passed, failed, total_runs);
	return failed != 0;
}
