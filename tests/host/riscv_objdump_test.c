/*
 * The decoder agrees with an independent one: GNU objdump's RV64GC
 * disassembler (riscv64-unknown-elf-objdump -M no-aliases; for a raw
 * binary it decodes rv64gc, with no other extension: checked below).
 *
 * Every 16-bit encoding, and 500,000 random 32-bit ones (fixed seed), are
 * disassembled; for each, length, legality, mnemonic and class must agree.
 * The class of a legal instruction comes from objdump's mnemonic through
 * the tables here, not from the decoder's. Where objdump is wrong by the
 * ISA manual, the case is in `exceptions` with the reason, and counted.
 */
#include "test.h"
#include "arch/riscv/decode.h"
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define OBJDUMP "riscv64-unknown-elf-objdump"
#define N32 500000

/* Mnemonics (no-aliases) that must be simulated, and refused. */
static const char *const simulated[] = {
	"auipc", "jal", "jalr", "beq", "bne", "blt", "bge", "bltu", "bgeu",
	"c.j", "c.jr", "c.jalr", "c.beqz", "c.bnez",
};
static const char *const refused[] = {
	"ecall", "ebreak", "sret", "mret", "wfi", "sfence.vma", "csrrw",
	"csrrs", "csrrc", "csrrwi", "csrrsi", "csrrci", "fence.i", "c.ebreak",
	"lr.w", "lr.d", "sc.w", "sc.d",
};

static bool
in(const char *s, const char *const *set, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, set[i]) == 0)
			return true;
	return false;
}
#define IN(s, set) in(s, set, sizeof set / sizeof set[0])

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

/* objdump's view of one instruction. */
struct dis {
	unsigned len;		/* bytes objdump consumed */
	char mnem[32];		/* after normalize(): "" if illegal */
	char ops[96];
};

/*
 * Brings objdump's spelling to the decoder's: drops the .aq/.rl ordering
 * suffixes of AMOs; names unimp csrrw (it is csrrw zero,cycle,zero, which
 * objdump prints as unimp even with no-aliases); names c.addi zero,N
 * "c.nop" (the manual's name; N != 0 is a hint); and names c.slli64,
 * c.srli64, c.srai64 (objdump's names for shamt=0, which in RV64C are
 * hints of c.slli, c.srli, c.srai) without the 64.
 * Marks illegal what objdump prints as data, c.unimp (0x0000), and an FP
 * instruction with a reserved rounding mode (objdump prints "unknown").
 */
static void
normalize(struct dis *d)
{
	char *dot;

	if (d->mnem[0] == '.' || strcmp(d->mnem, "c.unimp") == 0 ||
	    (d->mnem[0] == 'f' && strncmp(d->mnem, "fence", 5) != 0 &&
	     strstr(d->ops, "unknown"))) {
		d->mnem[0] = 0;
		return;
	}
	if ((strncmp(d->mnem, "amo", 3) == 0 || strncmp(d->mnem, "lr.", 3) == 0 ||
	     strncmp(d->mnem, "sc.", 3) == 0) &&
	    (dot = strchr(strchr(d->mnem, '.') + 1, '.')))
		*dot = 0;
	if (strcmp(d->mnem, "unimp") == 0)	/* csrrw zero,cycle,zero */
		strcpy(d->mnem, "csrrw");
	if (strcmp(d->mnem, "c.addi") == 0 && strncmp(d->ops, "zero,", 5) == 0)
		strcpy(d->mnem, "c.nop");
	if ((dot = strstr(d->mnem, "64")) && strncmp(d->mnem, "c.s", 3) == 0)
		*dot = 0;
}

/*
 * Disassembles the n bytes at buf and fills out[addr / stride] for each
 * instruction objdump starts at a multiple of stride. Returns the number
 * of entries filled, or -1 if objdump could not run.
 */
static long
disassemble(const void *buf, size_t n, unsigned stride, struct dis *out)
{
	char path[] = "/tmp/ebreak-objdump-XXXXXX", cmd[256], line[512];
	int fd = mkstemp(path);
	long filled = 0;
	FILE *p;

	if (fd < 0 || write(fd, buf, n) != (ssize_t)n)
		return -1;
	close(fd);
	snprintf(cmd, sizeof cmd, OBJDUMP " -D -b binary -m riscv:rv64 "
		 "-M no-aliases %s", path);
	p = popen(cmd, "r");
	if (!p)
		return -1;
	while (fgets(line, sizeof line, p)) {
		unsigned long addr;
		char hex[64], mnem[64] = "", ops[128] = "";
		struct dis *d;

		line[strcspn(line, "\n")] = 0;
		if (sscanf(line, " %lx:\t%63[0-9a-f ]\t%63[^\t]\t%127[^\n]",
			   &addr, hex, mnem, ops) < 3 || addr % stride)
			continue;
		d = &out[addr / stride];
		d->len = 0;
		for (char *h = hex; *h; h++)
			d->len += *h != ' ';
		d->len /= 2;
		snprintf(d->mnem, sizeof d->mnem, "%s", mnem);
		snprintf(d->ops, sizeof d->ops, "%s", ops);
		filled++;
	}
	pclose(p);
	unlink(path);
	return filled;
}

static bool
ex_uret(uint32_t bits, const struct dis *raw, const struct riscv_insn *insn)
{
	return strcmp(raw->mnem, "uret") == 0 && !insn->name;
}

static bool
ex_dret(uint32_t bits, const struct dis *raw, const struct riscv_insn *insn)
{
	return strcmp(raw->mnem, "dret") == 0 && !insn->name;
}

static bool
ex_addi16sp(uint32_t bits, const struct dis *raw,
	    const struct riscv_insn *insn)
{
	return bits == 0x6101 && strcmp(raw->mnem, "c.addi16sp") == 0 &&
	       !insn->name;
}

/*
 * Where objdump and the ISA manual disagree on legality; the decoder
 * follows the manual. Each case is counted and printed.
 */
static struct exception {
	const char *what;
	bool (*match)(uint32_t bits, const struct dis *raw,
		      const struct riscv_insn *insn);
	const char *why;
	unsigned seen;
} exceptions[] = {
	{ "uret", ex_uret, "objdump decodes it; the N extension (user "
	  "traps) left the privileged spec: not RV64GC, refused", 0 },
	{ "dret", ex_dret, "objdump decodes it; debug-mode only (Sdext): "
	  "not RV64GC, refused", 0 },
	{ "c.addi16sp sp,0", ex_addi16sp, "objdump decodes it; nzimm=0 is "
	  "reserved by the C spec: refused", 0 },
};

static struct exception *
exception_for(uint32_t bits, const struct dis *raw,
	      const struct riscv_insn *insn)
{
	for (size_t i = 0; i < sizeof exceptions / sizeof exceptions[0]; i++)
		if (exceptions[i].match(bits, raw, insn))
			return &exceptions[i];
	return NULL;
}

struct tally {
	unsigned long legal, illegal, cls[3], excepted, bad;
};

/* Compares the decoder with objdump's line raw on one encoding. */
static void
compare(uint32_t bits, const struct dis *raw, struct tally *t)
{
	struct dis norm = *raw, *d = &norm;
	struct riscv_insn insn;
	enum probe_insn want;
	const char *problem = NULL;
	struct exception *ex;

	normalize(d);
	riscv_probe_decode_insn(bits, &insn);
	if (insn.len != d->len) {
		problem = "length";
	} else if (!d->mnem[0] || !insn.name) {
		if ((ex = exception_for(bits, raw, &insn))) {
			ex->seen++;
			t->excepted++;
			return;
		}
		if (d->mnem[0] || insn.name)
			problem = "legality";
		else if (insn.cls != INSN_REJECTED || !insn.reason)
			problem = "illegal but not refused with a reason";
	} else {
		want = IN(d->mnem, simulated) ? INSN_GOOD_NO_SLOT :
		       IN(d->mnem, refused) ? INSN_REJECTED : INSN_GOOD;
		if (strcmp(insn.name, d->mnem) != 0)
			problem = "mnemonic";
		else if (insn.cls != want)
			problem = "class";
		else if ((insn.cls == INSN_GOOD_NO_SLOT) != (insn.simulate != NULL) ||
			 (insn.cls == INSN_REJECTED) != (insn.reason != NULL))
			problem = "simulator/reason";
	}
	if (problem) {
		if (t->bad++ < 20)
			fprintf(stderr, "  %08x: %s differs: objdump '%s %s' (%u "
				"bytes), decoder '%s' class %d len %u (%s)\n",
				bits, problem, raw->mnem, raw->ops, d->len,
				insn.name ? insn.name : "(illegal)", insn.cls,
				insn.len, insn.reason ? insn.reason : "");
		return;
	}
	if (insn.name) {
		t->legal++;
		t->cls[insn.cls]++;
	} else {
		t->illegal++;
	}
}

static void
report(const char *what, unsigned long n, const struct tally *t)
{
	printf("riscv-objdump: %s: %lu encodings compared with objdump: "
	       "%lu legal (%lu simulate, %lu step, %lu refuse), %lu illegal, "
	       "%lu documented objdump exceptions, %lu disagreements\n", what,
	       n, t->legal, t->cls[INSN_GOOD_NO_SLOT], t->cls[INSN_GOOD],
	       t->cls[INSN_REJECTED], t->illegal, t->excepted, t->bad);
}

static void
report_exceptions(void)
{
	for (size_t i = 0; i < sizeof exceptions / sizeof exceptions[0]; i++)
		printf("riscv-objdump:   exception '%s' seen %u times: %s\n",
		       exceptions[i].what, exceptions[i].seen,
		       exceptions[i].why);
}

/* The all-bits sweep of 16-bit parcels. A compressed one is followed by
 * c.nop so that each starts at a multiple of 4 whatever objdump makes of
 * it; a parcel with low bits 11 starts a 32-bit instruction. */
TEST(objdump_all_16bit)
{
	uint16_t *buf = calloc(0x10000, 4);
	struct dis *dis = calloc(0x10000, sizeof *dis);
	struct tally t = { 0 };
	unsigned long n = 0, prefixes = 0;
	struct riscv_insn insn;

	if (!CHECK(buf && dis))
		return;
	for (uint32_t i = 0; i < 0x10000; i++) {
		buf[2 * n] = i;
		buf[2 * n + 1] = 0x0001;
		n += (i & 3) != 3;
	}
	CHECK_EQ(disassemble(buf, n * 4, 4, dis), n);
	for (uint32_t i = 0, k = 0; i < 0x10000; i++) {
		if ((i & 3) != 3) {
			compare(i, &dis[k++], &t);
			continue;
		}
		/* 4 bytes, or longer (then refused): bits [4:2] = 111. */
		riscv_probe_decode_insn(i, &insn);
		if (CHECK(insn.len == 4 ? (i & 0x1c) != 0x1c :
			  (i & 0x1c) == 0x1c && insn.cls == INSN_REJECTED))
			prefixes++;
	}
	report("16-bit", n, &t);
	printf("riscv-objdump: 16-bit: %lu parcels with low bits 11 give "
	       "length >= 4 (checked without objdump)\n", prefixes);
	CHECK_EQ(t.bad, 0);
	CHECK_EQ(n + prefixes, 0x10000);
	free(buf);
	free(dis);
}

/* funct7 values of RV64GC (OP, OP-32, OP-FP, shifts), to reach legal
 * encodings more often than uniform bits would. */
static const uint8_t funct7s[] = {
	0x00, 0x01, 0x20, 0x04, 0x05, 0x08, 0x09, 0x0c, 0x0d, 0x10, 0x11,
	0x14, 0x15, 0x21, 0x2c, 0x2d, 0x50, 0x51, 0x60, 0x61, 0x68, 0x69,
	0x70, 0x71, 0x78, 0x79,
};

/* Exact encodings a random draw would miss. */
static const uint32_t specials[] = {
	0x00000073, 0x00100073, 0x10200073, 0x30200073, 0x10500073,
	0x00200073, 0x7b200073, 0x12000073, 0x8330000f, 0x0100000f,
	0x0000000f, 0x0ff0000f, 0x0000100f, 0xc0001073, 0x00000013,
};

/* A random 32-bit-length encoding: uniform, or with a common funct7 and
 * sometimes a small rs2 (conversions, sqrt, moves fix rs2). */
static uint32_t
random32(void)
{
	uint32_t x;

	do {
		x = rnd() | 3;
		if (rnd() % 2)
			x = (x & 0x01ffffff) |
			    (uint32_t)funct7s[rnd() % sizeof funct7s] << 25;
		if (rnd() % 4 == 0)
			x = (x & ~0x01f00000u) | (rnd() % 4) << 20;
	} while ((x & 0x1c) == 0x1c);
	return x;
}

TEST(objdump_random_32bit)
{
	size_t ns = sizeof specials / sizeof specials[0];
	uint32_t *buf = malloc(N32 * 4);
	struct dis *dis = calloc(N32, sizeof *dis);
	struct tally t = { 0 };

	if (!CHECK(buf && dis))
		return;
	for (size_t i = 0; i < N32; i++)
		buf[i] = i < ns ? specials[i] : random32();
	CHECK_EQ(disassemble(buf, N32 * 4, 4, dis), N32);
	for (size_t i = 0; i < N32; i++)
		compare(buf[i], &dis[i], &t);
	report("32-bit", N32, &t);
	report_exceptions();
	CHECK_EQ(t.bad, 0);
	free(buf);
	free(dis);
}

/* objdump, given a raw binary, decodes RV64GC only: instructions of V,
 * B (Zba, Zbb, Zbs), Zfh, Zicbom, Zicond, Zfa, Zcb come out as data. */
TEST(objdump_is_rv64gc_only)
{
	static const uint32_t others[] = {
		0x02000057,	/* vadd.vv v0,v0,v0 (V) */
		0x20002033,	/* sh1add (Zba) */
		0x60001013,	/* clz (Zbb) */
		0x48001033,	/* bclr (Zbs) */
		0x00001007,	/* flh (Zfh) */
		0x0010200f,	/* cbo.clean (Zicbom) */
		0x0e005033,	/* czero.eqz (Zicond) */
		0xf0100053,	/* fli.s (Zfa) */
		0x80008000,	/* c.lbu, c.lbu (Zcb, two 16-bit parcels) */
	};
	size_t n = sizeof others / sizeof others[0];
	struct dis dis[sizeof others / sizeof others[0]] = { 0 };

	CHECK_EQ(disassemble(others, sizeof others, 4, dis), n);
	for (size_t i = 0; i < n; i++) {
		struct dis d = dis[i];
		struct riscv_insn insn;

		normalize(&d);
		if (!CHECK(d.mnem[0] == 0))
			fprintf(stderr, "  objdump decodes %08x as %s %s\n",
				others[i], dis[i].mnem, dis[i].ops);
		riscv_probe_decode_insn(others[i], &insn);
		CHECK(insn.cls == INSN_REJECTED && !insn.name);
	}
}
