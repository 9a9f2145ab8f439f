/*
 * The RV64GC decoder for probing: two tables of mask/match pairs, one for
 * 16-bit and one for 32-bit encodings, that give each instruction its
 * class (refuse, simulate, step), its name, its refusal reason and its
 * simulator. The same entry drives both, so a simulated class cannot lack
 * a simulator: SIM() pastes riscv_simulate_<name> into the entry.
 *
 * The first matching entry wins. Each table lists, in this order:
 *   refused and reserved encodings that a later, wider entry would match;
 *   the simulated instructions;
 *   the stepped instructions;
 *   whole opcodes of other extensions.
 * Anything no entry matches is not RV64GC. docs/riscv-decoder.md explains
 * the choices (fence, LR/SC, hints, the C-extension corner cases).
 */
#include "decode.h"
#include "insn.h"
#include "simulate.h"
#include <stddef.h>

struct decode_entry {
	uint32_t mask;
	uint32_t match;
	const char *name;	/* NULL: not an RV64GC instruction */
	const char *reason;
	riscv_simulate_fn *simulate;
	uint8_t cls;
};

/*
 * Every entry's mask goes through CHECKED(): a build error if match has a
 * bit outside mask (the entry could never match), if the entry does not fix
 * the bits that give the length, or if those bits disagree with the table
 * (IS_RVC is defined before each table).
 */
#define CHECKED(mask, match)						\
	((mask) + 0 * sizeof(struct {					\
		_Static_assert(((match) & ~(uint32_t)(mask)) == 0,	\
			       "match has bits outside mask");		\
		_Static_assert(((mask) & 3) == 3,			\
			       "entry must fix the length bits");	\
		_Static_assert((((match) & 3) != 3) == IS_RVC,		\
			       "entry is in the wrong table");		\
		_Static_assert(IS_RVC ? (mask) <= 0xffff :		\
			       ((mask) & 0x7f) == 0x7f,			\
			       "entry must fix the (major) opcode");	\
		int ok; }))

#define SIM(fn, nm, mask, match) \
	{ CHECKED(mask, match), match, nm, NULL, riscv_simulate_##fn, \
	  INSN_GOOD_NO_SLOT }
#define STEP(nm, mask, match) \
	{ CHECKED(mask, match), match, nm, NULL, NULL, INSN_GOOD }
/* A legal RV64GC instruction that must not be probed. */
#define REFUSE(nm, mask, match, why) \
	{ CHECKED(mask, match), match, nm, why, NULL, INSN_REJECTED }
/* Not an RV64GC instruction: reserved, or another extension's. */
#define ILLEGAL(mask, match, why) \
	{ CHECKED(mask, match), match, NULL, why, NULL, INSN_REJECTED }

/* Why, for the refused legal instructions. */
#define R_SYSTEM "SYSTEM opcode (ecall, CSR access, xRET, wfi, sfence.vma): " \
	"traps or changes privileged state that the breakpoint trap uses"
#define R_EBREAK "ebreak: another breakpoint (debugger, BUG/WARN) that must " \
	"trap where it is"
#define R_FENCEI "fence.i: found in code that modifies code; probing it " \
	"would interleave the probe's text patching with that code's"
#define R_LRSC "LR/SC: a breakpoint trap between LR and SC loses the " \
	"reservation, so the SC always fails and its retry loop never ends"

/* Why, for the rest. */
#define R_RESERVED "not RV64GC: reserved encoding, or another extension's " \
	"(e.g. B, Zicond, Zfa)"
#define R_ZCB "not RV64GC: reserved in RV64C (Zcb uses it)"
#define R_RM "not RV64GC: reserved rounding mode (rm=5 or 6)"
#define R_FPFMT "not RV64GC: half or quad precision (Zfh, Q)"
#define R_FPMEM "not RV64GC: load/store width of V, Zfh or Q"

/* 32-bit fields, as masks. */
#define M_OPC	RV_OPC(0x7f)
#define M_F3	RV_F3(7)
#define M_F5	RV_F5(0x1f)
#define M_F6	RV_F6(0x3f)
#define M_F7	RV_F7(0x7f)
#define M_RS2	RV_RS2(0x1f)
#define M_FMT	RV_FMT(3)

/* Major opcodes (inst[6:0]). */
enum {
	OPC_LOAD = 0x03, OPC_LOAD_FP = 0x07, OPC_CUSTOM0 = 0x0b,
	OPC_MISC_MEM = 0x0f, OPC_OP_IMM = 0x13, OPC_AUIPC = 0x17,
	OPC_OP_IMM_32 = 0x1b, OPC_STORE = 0x23, OPC_STORE_FP = 0x27,
	OPC_CUSTOM1 = 0x2b, OPC_AMO = 0x2f, OPC_OP = 0x33, OPC_LUI = 0x37,
	OPC_OP_32 = 0x3b, OPC_MADD = 0x43, OPC_MSUB = 0x47, OPC_NMSUB = 0x4b,
	OPC_NMADD = 0x4f, OPC_OP_FP = 0x53, OPC_OP_V = 0x57,
	OPC_CUSTOM2 = 0x5b, OPC_BRANCH = 0x63, OPC_JALR = 0x67,
	OPC_JAL = 0x6f, OPC_SYSTEM = 0x73, OPC_CUSTOM3 = 0x7b,
};

/* opcode + funct3: loads, stores, I-type ALU. */
#define I3(nm, opc, f3)	STEP(nm, M_F3 | M_OPC, RV_F3(f3) | (opc))
/* opcode + funct3 + funct7: R-type ALU. */
#define R7(nm, opc, f3, f7) \
	STEP(nm, M_F7 | M_F3 | M_OPC, RV_F7(f7) | RV_F3(f3) | (opc))
/* AMO<op>.w and .d (funct3 010, 011); aq/rl in inst[26:25] are free. */
#define AMO(op, f5) \
	STEP("amo" op ".w", M_F5 | M_F3 | M_OPC, RV_F5(f5) | RV_F3(2) | OPC_AMO), \
	STEP("amo" op ".d", M_F5 | M_F3 | M_OPC, RV_F5(f5) | RV_F3(3) | OPC_AMO)
/* R4-type fused multiply-add, single and double: rm free, fmt fixed. */
#define FMA(op, opc) \
	STEP(op ".s", M_FMT | M_OPC, RV_FMT(0) | (opc)), \
	STEP(op ".d", M_FMT | M_OPC, RV_FMT(1) | (opc))
/* OP-FP with funct7 (fmt included), rm free. */
#define FP_RM(nm, f7)	STEP(nm, M_F7 | M_OPC, RV_F7(f7) | OPC_OP_FP)
/* OP-FP with funct7 and a fixed rs2 (conversions, sqrt), rm free. */
#define FP_RS2(nm, f7, rs2) \
	STEP(nm, M_F7 | M_RS2 | M_OPC, RV_F7(f7) | RV_RS2(rs2) | OPC_OP_FP)
/* OP-FP with funct7 and funct3 fixed (sign injection, min/max, compare). */
#define FP_F3(nm, f7, f3) \
	STEP(nm, M_F7 | M_F3 | M_OPC, RV_F7(f7) | RV_F3(f3) | OPC_OP_FP)
/* OP-FP with funct7, funct3 and rs2 fixed (moves, classify, exact
 * conversions). */
#define FP_F3_RS2(nm, f7, f3, rs2) STEP(nm, M_F7 | M_RS2 | M_F3 | M_OPC, \
	RV_F7(f7) | RV_RS2(rs2) | RV_F3(f3) | OPC_OP_FP)
/* Rounding modes 101 and 110 are reserved wherever rm is a field. */
#define BAD_RM(opc) \
	ILLEGAL(M_F3 | M_OPC, RV_F3(5) | (opc), R_RM), \
	ILLEGAL(M_F3 | M_OPC, RV_F3(6) | (opc), R_RM)

#define IS_RVC 0
static const struct decode_entry rv32_table[] = {
	/* The whole SYSTEM opcode is refused; the legal ones are named. */
	REFUSE("ecall",	0xffffffff, 0x00000073, R_SYSTEM),
	REFUSE("ebreak", 0xffffffff, 0x00100073, R_EBREAK),
	REFUSE("sret",	0xffffffff, 0x10200073, R_SYSTEM),
	REFUSE("mret",	0xffffffff, 0x30200073, R_SYSTEM),
	REFUSE("wfi",	0xffffffff, 0x10500073, R_SYSTEM),
	REFUSE("sfence.vma", M_F7 | RV_RD(0x1f) | M_F3 | M_OPC,
	       RV_F7(0x09) | OPC_SYSTEM, R_SYSTEM),
	REFUSE("csrrw",	 M_F3 | M_OPC, RV_F3(1) | OPC_SYSTEM, R_SYSTEM),
	REFUSE("csrrs",	 M_F3 | M_OPC, RV_F3(2) | OPC_SYSTEM, R_SYSTEM),
	REFUSE("csrrc",	 M_F3 | M_OPC, RV_F3(3) | OPC_SYSTEM, R_SYSTEM),
	REFUSE("csrrwi", M_F3 | M_OPC, RV_F3(5) | OPC_SYSTEM, R_SYSTEM),
	REFUSE("csrrsi", M_F3 | M_OPC, RV_F3(6) | OPC_SYSTEM, R_SYSTEM),
	REFUSE("csrrci", M_F3 | M_OPC, RV_F3(7) | OPC_SYSTEM, R_SYSTEM),
	ILLEGAL(M_OPC, OPC_SYSTEM, "not RV64GC: reserved SYSTEM encoding, "
		"or another extension's (H, Svinval, N, Sdext)"),
	REFUSE("fence.i", 0xffffffff, RV_F3(1) | OPC_MISC_MEM, R_FENCEI),
	/* LR has rs2 = 0; aq/rl are free. */
	REFUSE("lr.w", M_F5 | M_RS2 | M_F3 | M_OPC,
	       RV_F5(0x02) | RV_F3(2) | OPC_AMO, R_LRSC),
	REFUSE("lr.d", M_F5 | M_RS2 | M_F3 | M_OPC,
	       RV_F5(0x02) | RV_F3(3) | OPC_AMO, R_LRSC),
	REFUSE("sc.w", M_F5 | M_F3 | M_OPC, RV_F5(0x03) | RV_F3(2) | OPC_AMO,
	       R_LRSC),
	REFUSE("sc.d", M_F5 | M_F3 | M_OPC, RV_F5(0x03) | RV_F3(3) | OPC_AMO,
	       R_LRSC),
	BAD_RM(OPC_OP_FP), BAD_RM(OPC_MADD), BAD_RM(OPC_MSUB),
	BAD_RM(OPC_NMSUB), BAD_RM(OPC_NMADD),

	/* Simulated: their results depend on where they are. */
	SIM(auipc, "auipc", M_OPC, OPC_AUIPC),
	SIM(jal, "jal",	M_OPC, OPC_JAL),
	SIM(jalr, "jalr", M_F3 | M_OPC, RV_F3(0) | OPC_JALR),
	SIM(beq, "beq",	M_F3 | M_OPC, RV_F3(0) | OPC_BRANCH),
	SIM(bne, "bne",	M_F3 | M_OPC, RV_F3(1) | OPC_BRANCH),
	SIM(blt, "blt",	M_F3 | M_OPC, RV_F3(4) | OPC_BRANCH),
	SIM(bge, "bge",	M_F3 | M_OPC, RV_F3(5) | OPC_BRANCH),
	SIM(bltu, "bltu", M_F3 | M_OPC, RV_F3(6) | OPC_BRANCH),
	SIM(bgeu, "bgeu", M_F3 | M_OPC, RV_F3(7) | OPC_BRANCH),

	/* RV64I: stepped. Hints (rd = x0 forms) are legal and step too. */
	STEP("lui", M_OPC, OPC_LUI),
	I3("lb", OPC_LOAD, 0), I3("lh", OPC_LOAD, 1), I3("lw", OPC_LOAD, 2),
	I3("ld", OPC_LOAD, 3), I3("lbu", OPC_LOAD, 4), I3("lhu", OPC_LOAD, 5),
	I3("lwu", OPC_LOAD, 6),
	I3("sb", OPC_STORE, 0), I3("sh", OPC_STORE, 1),
	I3("sw", OPC_STORE, 2), I3("sd", OPC_STORE, 3),
	I3("addi", OPC_OP_IMM, 0), I3("slti", OPC_OP_IMM, 2),
	I3("sltiu", OPC_OP_IMM, 3), I3("xori", OPC_OP_IMM, 4),
	I3("ori", OPC_OP_IMM, 6), I3("andi", OPC_OP_IMM, 7),
	/* RV64 shifts: shamt is 6 bits, so funct6 and not funct7. */
	STEP("slli", M_F6 | M_F3 | M_OPC, RV_F6(0x00) | RV_F3(1) | OPC_OP_IMM),
	STEP("srli", M_F6 | M_F3 | M_OPC, RV_F6(0x00) | RV_F3(5) | OPC_OP_IMM),
	STEP("srai", M_F6 | M_F3 | M_OPC, RV_F6(0x10) | RV_F3(5) | OPC_OP_IMM),
	I3("addiw", OPC_OP_IMM_32, 0),
	R7("slliw", OPC_OP_IMM_32, 1, 0x00),
	R7("srliw", OPC_OP_IMM_32, 5, 0x00),
	R7("sraiw", OPC_OP_IMM_32, 5, 0x20),
	R7("add", OPC_OP, 0, 0x00), R7("sub", OPC_OP, 0, 0x20),
	R7("sll", OPC_OP, 1, 0x00), R7("slt", OPC_OP, 2, 0x00),
	R7("sltu", OPC_OP, 3, 0x00), R7("xor", OPC_OP, 4, 0x00),
	R7("srl", OPC_OP, 5, 0x00), R7("sra", OPC_OP, 5, 0x20),
	R7("or", OPC_OP, 6, 0x00), R7("and", OPC_OP, 7, 0x00),
	R7("addw", OPC_OP_32, 0, 0x00), R7("subw", OPC_OP_32, 0, 0x20),
	R7("sllw", OPC_OP_32, 1, 0x00), R7("srlw", OPC_OP_32, 5, 0x00),
	R7("sraw", OPC_OP_32, 5, 0x20),
	/* fence orders this hart's memory accesses; the slot runs on the
	 * same hart between the same accesses, so stepping keeps the order.
	 * fm is 0000, or 1000 in fence.tso; rs1 and rd are zero. pause
	 * (Zihintpause) is the hint "fence w,0" and steps as one. */
	STEP("fence.tso", 0xffffffff, 0x8330000f),
	STEP("fence", RV_F5(0x1e) | RV_RS1(0x1f) | M_F3 | RV_RD(0x1f) | M_OPC,
	     RV_F3(0) | OPC_MISC_MEM),

	/* M */
	R7("mul", OPC_OP, 0, 0x01), R7("mulh", OPC_OP, 1, 0x01),
	R7("mulhsu", OPC_OP, 2, 0x01), R7("mulhu", OPC_OP, 3, 0x01),
	R7("div", OPC_OP, 4, 0x01), R7("divu", OPC_OP, 5, 0x01),
	R7("rem", OPC_OP, 6, 0x01), R7("remu", OPC_OP, 7, 0x01),
	R7("mulw", OPC_OP_32, 0, 0x01), R7("divw", OPC_OP_32, 4, 0x01),
	R7("divuw", OPC_OP_32, 5, 0x01), R7("remw", OPC_OP_32, 6, 0x01),
	R7("remuw", OPC_OP_32, 7, 0x01),

	/* A, but LR/SC (refused above) */
	AMO("swap", 0x01), AMO("add", 0x00), AMO("xor", 0x04),
	AMO("and", 0x0c), AMO("or", 0x08), AMO("min", 0x10),
	AMO("max", 0x14), AMO("minu", 0x18), AMO("maxu", 0x1c),

	/* F and D; rm 5 and 6 are refused above. */
	I3("flw", OPC_LOAD_FP, 2), I3("fld", OPC_LOAD_FP, 3),
	I3("fsw", OPC_STORE_FP, 2), I3("fsd", OPC_STORE_FP, 3),
	FMA("fmadd", OPC_MADD), FMA("fmsub", OPC_MSUB),
	FMA("fnmsub", OPC_NMSUB), FMA("fnmadd", OPC_NMADD),
	FP_RM("fadd.s", 0x00), FP_RM("fadd.d", 0x01),
	FP_RM("fsub.s", 0x04), FP_RM("fsub.d", 0x05),
	FP_RM("fmul.s", 0x08), FP_RM("fmul.d", 0x09),
	FP_RM("fdiv.s", 0x0c), FP_RM("fdiv.d", 0x0d),
	FP_RS2("fsqrt.s", 0x2c, 0), FP_RS2("fsqrt.d", 0x2d, 0),
	FP_F3("fsgnj.s", 0x10, 0), FP_F3("fsgnjn.s", 0x10, 1),
	FP_F3("fsgnjx.s", 0x10, 2),
	FP_F3("fsgnj.d", 0x11, 0), FP_F3("fsgnjn.d", 0x11, 1),
	FP_F3("fsgnjx.d", 0x11, 2),
	FP_F3("fmin.s", 0x14, 0), FP_F3("fmax.s", 0x14, 1),
	FP_F3("fmin.d", 0x15, 0), FP_F3("fmax.d", 0x15, 1),
	/* fcvt.d.s, fcvt.d.w and fcvt.d.wu are exact: their rm field must
	 * be 000 (the ISA's authors; assemblers accept nothing else). */
	FP_RS2("fcvt.s.d", 0x20, 1), FP_F3_RS2("fcvt.d.s", 0x21, 0, 0),
	FP_F3("fle.s", 0x50, 0), FP_F3("flt.s", 0x50, 1),
	FP_F3("feq.s", 0x50, 2),
	FP_F3("fle.d", 0x51, 0), FP_F3("flt.d", 0x51, 1),
	FP_F3("feq.d", 0x51, 2),
	FP_RS2("fcvt.w.s", 0x60, 0), FP_RS2("fcvt.wu.s", 0x60, 1),
	FP_RS2("fcvt.l.s", 0x60, 2), FP_RS2("fcvt.lu.s", 0x60, 3),
	FP_RS2("fcvt.w.d", 0x61, 0), FP_RS2("fcvt.wu.d", 0x61, 1),
	FP_RS2("fcvt.l.d", 0x61, 2), FP_RS2("fcvt.lu.d", 0x61, 3),
	FP_RS2("fcvt.s.w", 0x68, 0), FP_RS2("fcvt.s.wu", 0x68, 1),
	FP_RS2("fcvt.s.l", 0x68, 2), FP_RS2("fcvt.s.lu", 0x68, 3),
	FP_F3_RS2("fcvt.d.w", 0x69, 0, 0), FP_F3_RS2("fcvt.d.wu", 0x69, 0, 1),
	FP_RS2("fcvt.d.l", 0x69, 2), FP_RS2("fcvt.d.lu", 0x69, 3),
	FP_F3_RS2("fmv.x.w", 0x70, 0, 0), FP_F3_RS2("fclass.s", 0x70, 1, 0),
	FP_F3_RS2("fmv.x.d", 0x71, 0, 0), FP_F3_RS2("fclass.d", 0x71, 1, 0),
	FP_F3_RS2("fmv.w.x", 0x78, 0, 0), FP_F3_RS2("fmv.d.x", 0x79, 0, 0),

	/* Other extensions, named where a whole field value is theirs. */
	ILLEGAL(M_OPC, OPC_OP_V, "not RV64GC: vector (V)"),
	ILLEGAL(M_OPC, OPC_CUSTOM0, "not RV64GC: custom-0 opcode"),
	ILLEGAL(M_OPC, OPC_CUSTOM1, "not RV64GC: custom-1 opcode"),
	ILLEGAL(M_OPC, OPC_CUSTOM2, "not RV64GC: custom-2 opcode"),
	ILLEGAL(M_OPC, OPC_CUSTOM3, "not RV64GC: custom-3 opcode"),
	ILLEGAL(M_OPC, OPC_LOAD_FP, R_FPMEM),
	ILLEGAL(M_OPC, OPC_STORE_FP, R_FPMEM),
	ILLEGAL(M_F3 | M_OPC, RV_F3(0) | OPC_MISC_MEM, "not RV64GC: reserved "
		"fence configuration (fm, rs1 or rd), for future fences"),
	ILLEGAL(M_F3 | M_OPC, RV_F3(1) | OPC_MISC_MEM, "not RV64GC: fence.i "
		"with imm, rs1 or rd nonzero, reserved for future fences"),
	ILLEGAL(M_F3 | M_OPC, RV_F3(2) | OPC_MISC_MEM,
		"not RV64GC: cache-block operation (Zicbom, Zicboz)"),
	ILLEGAL(RV_FMT(2) | M_OPC, RV_FMT(2) | OPC_OP_FP, R_FPFMT),
	ILLEGAL(RV_FMT(2) | M_OPC, RV_FMT(2) | OPC_MADD, R_FPFMT),
	ILLEGAL(RV_FMT(2) | M_OPC, RV_FMT(2) | OPC_MSUB, R_FPFMT),
	ILLEGAL(RV_FMT(2) | M_OPC, RV_FMT(2) | OPC_NMSUB, R_FPFMT),
	ILLEGAL(RV_FMT(2) | M_OPC, RV_FMT(2) | OPC_NMADD, R_FPFMT),
	ILLEGAL(M_OPC, OPC_AMO, "not RV64GC: reserved AMO, or another "
		"extension's (Zabha, Zacas)"),
};
#undef IS_RVC

/* 16-bit fields, as masks. */
#define C_F3	RVC_F3(7)
#define C_OP	RVC_OP(3)
#define C_B12	RVC_B12(1)
#define C_RD	RVC_RD(0x1f)
#define C_RS2	RVC_RS2(0x1f)
/* The CI immediate: inst[12] and inst[6:2]. */
#define C_IMM6	(C_B12 | C_RS2)
#define C_FUNCT(f3, op)	(RVC_F3(f3) | RVC_OP(op))

#define IS_RVC 1
static const struct decode_entry rvc_table[] = {
	/* Reserved forms of instructions matched by a later entry. */
	ILLEGAL(0xffff, 0x0000, "not RV64GC: the all-zero parcel is "
		"defined illegal"),
	ILLEGAL(C_F3 | RVC_F2LO(0xff) | C_OP, C_FUNCT(0, 0),
		"not RV64GC: c.addi4spn with nzuimm=0 is reserved"),
	ILLEGAL(C_F3 | C_RD | C_OP, C_FUNCT(1, 1),
		"not RV64GC: c.addiw with rd=x0 is reserved"),
	ILLEGAL(C_F3 | C_IMM6 | C_OP, C_FUNCT(3, 1),
		"not RV64GC: c.lui or c.addi16sp with imm=0 is reserved"),
	ILLEGAL(C_F3 | C_RD | C_OP, C_FUNCT(2, 2),
		"not RV64GC: c.lwsp with rd=x0 is reserved"),
	ILLEGAL(C_F3 | C_RD | C_OP, C_FUNCT(3, 2),
		"not RV64GC: c.ldsp with rd=x0 is reserved"),
	ILLEGAL(0xffff, C_FUNCT(4, 2),
		"not RV64GC: c.jr with rs1=x0 is reserved"),
	REFUSE("c.ebreak", 0xffff, C_FUNCT(4, 2) | C_B12, R_EBREAK),
	ILLEGAL(C_F3 | C_OP, C_FUNCT(4, 0), R_ZCB),
	ILLEGAL(C_F3 | C_B12 | RVC_F2HI(3) | RVC_F2LO(2) | C_OP,
		C_FUNCT(4, 1) | C_B12 | RVC_F2HI(3) | RVC_F2LO(2), R_ZCB),

	/* Simulated. c.jr and c.jalr are the rs2=0 forms of c.mv and
	 * c.add (Linux once decoded c.mv as c.jr). */
	SIM(c_j, "c.j", C_F3 | C_OP, C_FUNCT(5, 1)),
	SIM(c_beqz, "c.beqz", C_F3 | C_OP, C_FUNCT(6, 1)),
	SIM(c_bnez, "c.bnez", C_F3 | C_OP, C_FUNCT(7, 1)),
	SIM(c_jr, "c.jr", C_F3 | C_B12 | C_RS2 | C_OP, C_FUNCT(4, 2)),
	SIM(c_jalr, "c.jalr", C_F3 | C_B12 | C_RS2 | C_OP,
	    C_FUNCT(4, 2) | C_B12),

	/* Stepped. Quadrant 0: loads, stores, sp-relative address. */
	STEP("c.addi4spn", C_F3 | C_OP, C_FUNCT(0, 0)),
	STEP("c.fld",	C_F3 | C_OP, C_FUNCT(1, 0)),
	STEP("c.lw",	C_F3 | C_OP, C_FUNCT(2, 0)),
	STEP("c.ld",	C_F3 | C_OP, C_FUNCT(3, 0)),
	STEP("c.fsd",	C_F3 | C_OP, C_FUNCT(5, 0)),
	STEP("c.sw",	C_F3 | C_OP, C_FUNCT(6, 0)),
	STEP("c.sd",	C_F3 | C_OP, C_FUNCT(7, 0)),
	/* Quadrant 1. Hints step: c.nop with imm != 0, c.addi with imm=0,
	 * c.li and c.lui with rd=x0, shifts with shamt=0. */
	STEP("c.nop",	C_F3 | C_RD | C_OP, C_FUNCT(0, 1)),
	STEP("c.addi",	C_F3 | C_OP, C_FUNCT(0, 1)),
	STEP("c.addiw",	C_F3 | C_OP, C_FUNCT(1, 1)),
	STEP("c.li",	C_F3 | C_OP, C_FUNCT(2, 1)),
	STEP("c.addi16sp", C_F3 | C_RD | C_OP, C_FUNCT(3, 1) | RVC_RD(2)),
	STEP("c.lui",	C_F3 | C_OP, C_FUNCT(3, 1)),
	/* In RV64C inst[12] is shamt[5], so every shamt is legal. */
	STEP("c.srli",	C_F3 | RVC_F2HI(3) | C_OP, C_FUNCT(4, 1) | RVC_F2HI(0)),
	STEP("c.srai",	C_F3 | RVC_F2HI(3) | C_OP, C_FUNCT(4, 1) | RVC_F2HI(1)),
	STEP("c.andi",	C_F3 | RVC_F2HI(3) | C_OP, C_FUNCT(4, 1) | RVC_F2HI(2)),
#define CA(nm, b12, f2) STEP(nm, C_F3 | C_B12 | RVC_F2HI(3) | RVC_F2LO(3) | \
	C_OP, C_FUNCT(4, 1) | RVC_B12(b12) | RVC_F2HI(3) | RVC_F2LO(f2))
	CA("c.sub", 0, 0), CA("c.xor", 0, 1), CA("c.or", 0, 2),
	CA("c.and", 0, 3), CA("c.subw", 1, 0), CA("c.addw", 1, 1),
#undef CA
	/* Quadrant 2. */
	STEP("c.slli",	C_F3 | C_OP, C_FUNCT(0, 2)),
	STEP("c.fldsp",	C_F3 | C_OP, C_FUNCT(1, 2)),
	STEP("c.lwsp",	C_F3 | C_OP, C_FUNCT(2, 2)),
	STEP("c.ldsp",	C_F3 | C_OP, C_FUNCT(3, 2)),
	STEP("c.mv",	C_F3 | C_B12 | C_OP, C_FUNCT(4, 2)),
	STEP("c.add",	C_F3 | C_B12 | C_OP, C_FUNCT(4, 2) | C_B12),
	STEP("c.fsdsp",	C_F3 | C_OP, C_FUNCT(5, 2)),
	STEP("c.swsp",	C_F3 | C_OP, C_FUNCT(6, 2)),
	STEP("c.sdsp",	C_F3 | C_OP, C_FUNCT(7, 2)),
};
#undef IS_RVC

/* For tests: entry i of a table (decode.h). */
bool
riscv_decode_entry(bool rvc, unsigned i, uint32_t *mask, uint32_t *match,
		   const char **name)
{
	const struct decode_entry *table = rvc ? rvc_table : rv32_table;
	size_t n = rvc ? sizeof rvc_table / sizeof rvc_table[0]
		       : sizeof rv32_table / sizeof rv32_table[0];

	if (i >= n)
		return false;
	*mask = table[i].mask;
	*match = table[i].match;
	*name = table[i].name;
	return true;
}

static void
fill(struct riscv_insn *insn, const struct decode_entry *e)
{
	insn->cls = e->cls;
	insn->name = e->name;
	insn->reason = e->reason;
	insn->simulate = e->simulate;
	if (e->simulate)
		riscv_simulate_operands(insn);
}

/* Classifies bits by the first matching entry of the table for its length.
 * Never fails; any context, though it is meant for registration time. */
enum probe_insn
riscv_probe_decode_insn(uint32_t bits, struct riscv_insn *insn)
{
	static const struct decode_entry too_long =
		{ 0, 0, NULL, "not RV64GC: longer than 32 bits", NULL,
		  INSN_REJECTED };
	static const struct decode_entry none =
		{ 0, 0, NULL, R_RESERVED, NULL, INSN_REJECTED };
	const struct decode_entry *table = rv32_table, *e;
	size_t n = sizeof rv32_table / sizeof rv32_table[0];

	insn->len = riscv_insn_length(bits);
	insn->bits = insn->len == 2 ? bits & 0xffff : bits;
	if (insn->len == 2) {
		table = rvc_table;
		n = sizeof rvc_table / sizeof rvc_table[0];
	} else if (insn->len != 4) {
		fill(insn, &too_long);
		return insn->cls;
	}
	fill(insn, &none);
	for (e = table; e < table + n; e++) {
		if ((insn->bits & e->mask) == e->match) {
			fill(insn, e);
			break;
		}
	}
	return insn->cls;
}
