/*
 * The simulator in a real trap: each test function of riscv_sim_asm.S has its
 * simulated instruction replaced by an ebreak (through the port's text
 * patching, as a probe would), and the breakpoint hook executes the
 * original bits with riscv_insn_simulate on the trap frame. A wrong next
 * pc runs into unimp (a panic); a wrong register value fails a KEXPECT.
 */
#include "ktest.h"
#include "sim_forms.h"
#include "arch/riscv/decode.h"
#include <ebreak/ptregs.h>
#include <ebreak/riscv.h>

#define FORMS(X)							\
	X(auipc_pos, "auipc", SITE_PLUS, 0x12345000L)			\
	X(auipc_neg, "auipc", SITE_PLUS, -4096L)			\
	X(auipc_x0, "auipc", VALUE, 1)					\
	X(jal_link, "jal", SITE_PLUS, 4)				\
	X(jal_back, "jal", VALUE, 1)					\
	X(jalr_link, "jalr", SITE_PLUS, 4)				\
	X(jalr_rd_rs1, "jalr", SITE_PLUS, 4)				\
	X(beq_taken, "beq", VALUE, 1)	X(beq_not, "beq", VALUE, 1)	\
	X(bne_taken, "bne", VALUE, 1)	X(bne_not, "bne", VALUE, 1)	\
	X(blt_taken, "blt", VALUE, 1)	X(blt_not, "blt", VALUE, 1)	\
	X(bge_taken, "bge", VALUE, 1)	X(bge_not, "bge", VALUE, 1)	\
	X(bltu_taken, "bltu", VALUE, 1)	X(bltu_not, "bltu", VALUE, 1)	\
	X(bgeu_taken, "bgeu", VALUE, 1)	X(bgeu_not, "bgeu", VALUE, 1)	\
	X(c_j_fwd, "c.j", VALUE, 1)	X(c_j_back, "c.j", VALUE, 1)	\
	X(c_jr, "c.jr", VALUE, 1)					\
	X(c_jalr, "c.jalr", SITE_PLUS, 2)				\
	X(c_jalr_ra, "c.jalr", SITE_PLUS, 2)				\
	X(c_beqz_taken, "c.beqz", VALUE, 1)				\
	X(c_beqz_not, "c.beqz", VALUE, 1)				\
	X(c_bnez_taken, "c.bnez", VALUE, 1)				\
	X(c_bnez_not, "c.bnez", VALUE, 1)

#define DECLARE(f, insn, kind, v)					\
	unsigned long riscv_sim_##f(void);				\
	extern char riscv_sim_##f##_site[];
FORMS(DECLARE)

/* What the function returns: v, or its site's address + v. */
enum { VALUE, SITE_PLUS };

const struct sim_form sim_forms[] = {
#define ENTRY(f, insn, kind, v) \
	{ #f, insn, riscv_sim_##f, riscv_sim_##f##_site, kind, v },
	FORMS(ENTRY)
};
const unsigned sim_nforms = sizeof sim_forms / sizeof sim_forms[0];

unsigned long
sim_form_result(const struct sim_form *f)
{
	return f->kind == SITE_PLUS ? (unsigned long)f->site + f->v
				    : (unsigned long)f->v;
}

/* The probe being hit: set before the test function runs. */
static struct riscv_insn hit_insn;
static unsigned long hit_site;
static unsigned hits;

/* Trap context: simulate the original instruction if the ebreak is ours. */
static bool
sim_hook(struct pt_regs *regs)
{
	if (regs->epc != hit_site)
		return false;
	regs->epc = riscv_insn_simulate(&hit_insn, regs->epc, regs);
	hits++;
	return true;
}

/* Runs every form of the instruction insn under a probe. */
static void
run(const char *insn)
{
	static const uint32_t ebreak = EBREAK;
	static const uint16_t c_ebreak = C_EBREAK;

	for (size_t i = 0; i < sim_nforms; i++) {
		const struct sim_form *f = &sim_forms[i];
		uint16_t *p = (uint16_t *)f->site;
		uint32_t bits = p[0] | (uint32_t)p[1] << 16;
		unsigned long got, want;

		if (strcmp(f->insn, insn) != 0)
			continue;
		riscv_probe_decode_insn(bits, &hit_insn);
		if (!KEXPECT(hit_insn.cls == INSN_GOOD_NO_SLOT &&
			     strcmp(hit_insn.name, insn) == 0))
			continue;
		if (!KEXPECT_EQ(eb_port_text_patch(f->site, hit_insn.len == 2 ?
						   (const void *)&c_ebreak :
						   (const void *)&ebreak,
						   hit_insn.len), 0))
			continue;
		hit_site = (unsigned long)f->site;
		hits = 0;
		trap_break_hook = sim_hook;
		got = f->fn();
		trap_break_hook = 0;
		KEXPECT_EQ(eb_port_text_patch(f->site, &bits, hit_insn.len), 0);
		want = sim_form_result(f);
		if (!KEXPECT_EQ(hits, 1) | !KEXPECT_EQ(got, want))
			printf("    form %s\n", f->name);
	}
}

KTEST(riscv_sim, auipc) { run("auipc"); }
KTEST(riscv_sim, jal) { run("jal"); }
KTEST(riscv_sim, jalr) { run("jalr"); }
KTEST(riscv_sim, beq) { run("beq"); }
KTEST(riscv_sim, bne) { run("bne"); }
KTEST(riscv_sim, blt) { run("blt"); }
KTEST(riscv_sim, bge) { run("bge"); }
KTEST(riscv_sim, bltu) { run("bltu"); }
KTEST(riscv_sim, bgeu) { run("bgeu"); }
KTEST(riscv_sim, c_j) { run("c.j"); }
KTEST(riscv_sim, c_jr) { run("c.jr"); }
KTEST(riscv_sim, c_jalr) { run("c.jalr"); }
KTEST(riscv_sim, c_beqz) { run("c.beqz"); }
KTEST(riscv_sim, c_bnez) { run("c.bnez"); }
