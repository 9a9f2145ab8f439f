/*
 * Decoder and simulator unit tests: the corner cases that crashed other
 * kernels' kprobes, each pinned with its class and name or reason.
 * (Breadth comes from host-riscv-objdump and riscv-diff.)
 */
#include "test.h"
#include "arch/riscv/decode.h"
#include <stdbool.h>
#include <string.h>

static struct riscv_insn
dec(uint32_t bits)
{
	struct riscv_insn insn;

	riscv_probe_decode_insn(bits, &insn);
	return insn;
}

/* bits decode to class cls named name (NULL: not RV64GC). */
static void
expect(uint32_t bits, enum probe_insn cls, const char *name, unsigned len)
{
	struct riscv_insn insn = dec(bits);
	int ok = insn.cls == cls && insn.len == len &&
		 (name ? insn.name && strcmp(insn.name, name) == 0 : !insn.name) &&
		 (cls == INSN_REJECTED) == (insn.reason != NULL) &&
		 (cls == INSN_GOOD_NO_SLOT) == (insn.simulate != NULL);

	if (!CHECK(ok))
		fprintf(stderr, "  %08x: got class %d '%s' len %u (%s), want "
			"class %d '%s' len %u\n", bits, insn.cls,
			insn.name ? insn.name : "(illegal)", insn.len,
			insn.reason ? insn.reason : "", cls,
			name ? name : "(illegal)", len);
}

TEST(compressed_cr_corner_cases)
{
	expect(0x8082, INSN_GOOD_NO_SLOT, "c.jr", 2);	/* c.jr ra */
	expect(0x808a, INSN_GOOD, "c.mv", 2);		/* c.mv ra, sp */
	expect(0x8002, INSN_REJECTED, NULL, 2);		/* c.jr x0: reserved */
	expect(0x800a, INSN_GOOD, "c.mv", 2);		/* c.mv x0, sp: hint */
	expect(0x9082, INSN_GOOD_NO_SLOT, "c.jalr", 2);	/* c.jalr ra */
	expect(0x908a, INSN_GOOD, "c.add", 2);		/* c.add ra, sp */
	expect(0x9002, INSN_REJECTED, "c.ebreak", 2);
	expect(0x900a, INSN_GOOD, "c.add", 2);		/* c.add x0, sp: hint */
	/* The high half is not part of a 16-bit instruction. */
	expect(0xdead8082, INSN_GOOD_NO_SLOT, "c.jr", 2);
	CHECK_EQ(dec(0xdead8082).bits, 0x8082);
}

TEST(compressed_reserved_and_hints)
{
	expect(0x0000, INSN_REJECTED, NULL, 2);		/* defined illegal */
	expect(0x0004, INSN_REJECTED, NULL, 2);		/* c.addi4spn nzuimm=0 */
	expect(0x0040, INSN_GOOD, "c.addi4spn", 2);
	expect(0x6101, INSN_REJECTED, NULL, 2);		/* c.addi16sp 0 */
	expect(0x6141, INSN_GOOD, "c.addi16sp", 2);	/* c.addi16sp 16 */
	expect(0x6001, INSN_REJECTED, NULL, 2);		/* c.lui x0, 0 */
	expect(0x6081, INSN_REJECTED, NULL, 2);		/* c.lui ra, 0 */
	expect(0x6005, INSN_GOOD, "c.lui", 2);		/* c.lui x0: hint */
	expect(0x2001, INSN_REJECTED, NULL, 2);		/* c.addiw x0 */
	expect(0x2081, INSN_GOOD, "c.addiw", 2);	/* sext.w ra */
	expect(0x4002, INSN_REJECTED, NULL, 2);		/* c.lwsp x0 */
	expect(0x6002, INSN_REJECTED, NULL, 2);		/* c.ldsp x0 */
	expect(0x0001, INSN_GOOD, "c.nop", 2);
	expect(0x0005, INSN_GOOD, "c.nop", 2);		/* imm != 0: hint */
	expect(0x4001, INSN_GOOD, "c.li", 2);		/* c.li x0: hint */
	expect(0x9001, INSN_GOOD, "c.srli", 2);		/* shamt[5] = 1 */
	expect(0x8001, INSN_GOOD, "c.srli", 2);		/* shamt 0: hint */
	expect(0x0002, INSN_GOOD, "c.slli", 2);
	expect(0x8000, INSN_REJECTED, NULL, 2);		/* Zcb c.lbu */
	expect(0x9c41, INSN_REJECTED, NULL, 2);		/* Zcb c.mul */
	expect(0x9c21, INSN_GOOD, "c.addw", 2);
	expect(0xa001, INSN_GOOD_NO_SLOT, "c.j", 2);
	expect(0xc001, INSN_GOOD_NO_SLOT, "c.beqz", 2);
	expect(0xe001, INSN_GOOD_NO_SLOT, "c.bnez", 2);
}

TEST(wide_refused)
{
	expect(0x00000073, INSN_REJECTED, "ecall", 4);
	expect(0x00100073, INSN_REJECTED, "ebreak", 4);
	expect(0x10500073, INSN_REJECTED, "wfi", 4);
	expect(0x12000073, INSN_REJECTED, "sfence.vma", 4);
	expect(0x10002573, INSN_REJECTED, "csrrs", 4);	/* csrr a0, sstatus */
	expect(0x00200073, INSN_REJECTED, NULL, 4);	/* uret: not RV64GC */
	expect(0x0000100f, INSN_REJECTED, "fence.i", 4);
	expect(0x1005a52f, INSN_REJECTED, "lr.w", 4);
	expect(0x1405b52f, INSN_REJECTED, "lr.d", 4);	/* lr.d.aq */
	expect(0x1015a52f, INSN_REJECTED, NULL, 4);	/* lr.w, rs2 != 0 */
	expect(0x18c5a52f, INSN_REJECTED, "sc.w", 4);
	expect(0x00c5a52f, INSN_GOOD, "amoadd.w", 4);
	expect(0x28c5a52f, INSN_REJECTED, NULL, 4);	/* amocas.w (Zacas) */
	expect(0x00001067, INSN_REJECTED, NULL, 4);	/* jalr funct3=1 */
	expect(0x00c5d553, INSN_REJECTED, NULL, 4);	/* fadd.s rm=5 */
	expect(0x00c5f553, INSN_GOOD, "fadd.s", 4);	/* rm=dyn */
	expect(0x02000057, INSN_REJECTED, NULL, 4);	/* V */
	expect(0x0000000b, INSN_REJECTED, NULL, 4);	/* custom-0 */
	expect(0x40001013, INSN_REJECTED, NULL, 4);	/* slli with funct6 */
	expect(0x02001013, INSN_GOOD, "slli", 4);	/* shamt 32 */
	expect(0x02001033, INSN_GOOD, "mulh", 4);
	expect(0x0000c0ef, INSN_GOOD_NO_SLOT, "jal", 4);
	expect(0x00000017, INSN_GOOD_NO_SLOT, "auipc", 4);	/* rd=x0: hint */
}

TEST(fence_and_hints_step)
{
	expect(0x0ff0000f, INSN_GOOD, "fence", 4);	/* fence iorw,iorw */
	expect(0x8330000f, INSN_GOOD, "fence.tso", 4);
	expect(0x0100000f, INSN_GOOD, "fence", 4);	/* pause */
	expect(0x1330000f, INSN_REJECTED, NULL, 4);	/* fm=0001: reserved */
	expect(0x0ff5000f, INSN_REJECTED, NULL, 4);	/* rs1 != 0 */
	expect(0x00000013, INSN_GOOD, "addi", 4);	/* nop */
	expect(0x00100013, INSN_GOOD, "addi", 4);	/* addi x0: hint */
	expect(0x00006013, INSN_GOOD, "ori", 4);	/* ori x0: prefetch */
}

TEST(lengths)
{
	CHECK_EQ(riscv_insn_length(0x0001), 2);
	CHECK_EQ(riscv_insn_length(0x0003), 4);
	CHECK_EQ(riscv_insn_length(0x001f), 6);
	CHECK_EQ(riscv_insn_length(0x003f), 8);
	CHECK_EQ(riscv_insn_length(0x007f), 10);
	CHECK_EQ(riscv_insn_length(0x607f), 22);
	CHECK_EQ(riscv_insn_length(0x707f), 0);
	expect(0x0000001f, INSN_REJECTED, NULL, 6);
	expect(0x0000707f, INSN_REJECTED, NULL, 0);
}

/* --- simulator ------------------------------------------------------ */

static unsigned long
sim(uint32_t bits, unsigned long pc, struct pt_regs *regs)
{
	struct riscv_insn insn;

	if (!CHECK(riscv_probe_decode_insn(bits, &insn) == INSN_GOOD_NO_SLOT))
		return 0;
	return riscv_insn_simulate(&insn, pc, regs);
}

TEST(simulate_links_and_targets)
{
	struct pt_regs r = { 0 };

	r.ra = 0x1001;
	/* jalr ra, 8(ra): target from the old ra, bit 0 cleared. */
	CHECK_EQ(sim(0x008080e7, 0x4000, &r), 0x1008);
	CHECK_EQ(r.ra, 0x4004);
	/* c.jalr ra: likewise, link is pc + 2. */
	r.ra = 0x2003;
	CHECK_EQ(sim(0x9082, 0x4000, &r), 0x2002);
	CHECK_EQ(r.ra, 0x4002);
	/* c.jr a0 */
	r.a0 = 0x7777;
	CHECK_EQ(sim(0x8502, 0x4000, &r), 0x7776);
	/* jal x0, -4: the link to x0 is dropped. */
	r.ra = 5;
	CHECK_EQ(sim(0xffdff06f, 0x4000, &r), 0x3ffc);
	CHECK_EQ(r.ra, 5);
	/* auipc a0, 0xfffff: pc - 4096. */
	CHECK_EQ(sim(0xfffff517, 0x4000, &r), 0x4004);
	CHECK_EQ(r.a0, 0x3000);
	/* c.j -2 */
	CHECK_EQ(sim(0xbffd, 0x4000, &r), 0x3ffe);
}

TEST(simulate_branches)
{
	struct pt_regs r = { 0 };

	r.a0 = -1UL;
	r.a1 = 1;
	/* blt a0, a1, 16: signed -1 < 1. bltu: unsigned, not taken. */
	CHECK_EQ(sim(0x00b54863, 0x4000, &r), 0x4010);
	CHECK_EQ(sim(0x00b56863, 0x4000, &r), 0x4004);
	/* bge a1, a0, -16 */
	CHECK_EQ(sim(0xfea5d8e3, 0x4000, &r), 0x3ff0);
	/* beq x0, x0, 8 */
	CHECK_EQ(sim(0x00000463, 0x4000, &r), 0x4008);
	/* c.beqz a0, 8 not taken; c.bnez a0, 8 taken. */
	CHECK_EQ(sim(0xc501, 0x4000, &r), 0x4002);
	CHECK_EQ(sim(0xe501, 0x4000, &r), 0x4008);
}

/* --- the table ------------------------------------------------------ */

static uint64_t rng = 0x853c49e6748fea9bull;

static uint32_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng >> 32;
}

/* An encoding of entry (mask, match) that decodes to name, if any. */
static bool
reach(uint32_t mask, uint32_t match, const char *name, struct riscv_insn *insn)
{
	for (int k = 0; k < 4096; k++) {
		riscv_probe_decode_insn(match | (rnd() & ~mask), insn);
		if (insn->name && strcmp(insn->name, name) == 0)
			return true;
	}
	return false;
}

/*
 * No entry is wholly shadowed by earlier ones (some encoding of every
 * named entry decodes to its name), and the simulated instructions are
 * exactly the PC-relative and control-flow ones of RV64GC.
 */
TEST(table_entries)
{
	static const char *const want =
		"auipc jal jalr beq bne blt bge bltu bgeu "
		"c.j c.beqz c.bnez c.jr c.jalr ";
	char simulated[256] = "";
	uint32_t mask, match;
	const char *name;
	unsigned entries = 0, named = 0;

	for (int rvc = 0; rvc < 2; rvc++)
		for (unsigned i = 0; riscv_decode_entry(rvc, i, &mask, &match,
							&name); i++) {
			struct riscv_insn insn;

			entries++;
			if (!name)
				continue;
			named++;
			if (!CHECK(reach(mask, match, name, &insn))) {
				fprintf(stderr, "  entry %s never decodes\n", name);
				continue;
			}
			if (insn.cls == INSN_GOOD_NO_SLOT) {
				strcat(simulated, name);
				strcat(simulated, " ");
			}
		}
	printf("riscv-decode: %u table entries, %u named instructions\n",
	       entries, named);
	if (!CHECK(strcmp(simulated, want) == 0))
		fprintf(stderr, "  simulated: %s\n", simulated);
}
