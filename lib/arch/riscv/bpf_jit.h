/*
 * The RV64 eBPF JIT's shared state (docs/bpf-jit.md has the register
 * mapping and the frame): the compile context, the emitters that pick a
 * compressed form when the operands fit (bpf_jit_emit.c), the
 * translation of one instruction (bpf_jit_insn.c), and the pass driver
 * with prologue, epilogue and calls (bpf_jit.c). Private to the arch.
 */
#ifndef EBREAK_RISCV_BPF_JIT_H
#define EBREAK_RISCV_BPF_JIT_H
#include "bpf/prog.h"
#include "bpf_jit_insn.h"
#include "core/cfi.h"

/* Scratch registers; never an eBPF register. */
#define TMP0	RV_T0
#define TMP1	RV_T1
#define TMP2	RV_T2
#define TMP3	RV_T3

/* The eBPF registers R0..R10, as RISC-V registers. */
extern const uint8_t bpf_jit_regmap[MAX_BPF_REG];

#define JIT_FUNC_START	1	/* a function's first instruction */
#define JIT_TARGET	2	/* a jump's target */

struct rv_jit {
	const struct bpf_prog *prog;
	uint16_t *buf;		/* where the code goes; NULL while sizing */
	uint32_t cap;		/* buf's bytes: the sizing pass's total */
	uint32_t pos;		/* bytes emitted in this pass */
	uintptr_t base;		/* the image's address, 0 while sizing */
	bool sizing;		/* the first pass: every form its longest */
	bool changed;		/* an offset moved in this pass */
	/* Byte offsets in the image, per eBPF instruction (index len: the
	 * end): off, its code; entry, the prologue before it (a function's
	 * first instruction); epi, the epilogue of the function that ends
	 * before it. From the previous pass until this one reaches them. */
	uint32_t *off, *entry, *epi;
	uint8_t *flags;		/* per instruction: JIT_FUNC_START, JIT_TARGET */
	uint32_t unwind;	/* the stub that ends the run with r0 = 0 */
	uint32_t run_call;	/* the run frame's call of main, if it has one */
	uint32_t run_ret;	/* and where that call returns */
	uint32_t tail_entry;	/* where a tail call into the image enters */
	uint32_t next_func;	/* where the function being emitted ends */
	size_t func;		/* the first insn of the function being
				 * emitted (0: main) */
	/* What the program uses, for the prologue: eBPF registers
	 * (bit per register), any call, a stop that unwinds every frame,
	 * a tail call (its state in s6; the image then has a run frame). */
	uint16_t regs_used;
	bool calls, unwinds, tail_calls;
	/* Loads through kernel struct pointers (prog->probe_mem): where
	 * this pass put them, in order (nextable of them; room for every
	 * one scan counted). */
	struct eb_extable_entry *extable;
	uint32_t nextable;
};

/* The callee-saved registers the function starting at insn start saves
 * (its frame's bottom: n of them into saved, in slot order), its eBPF
 * stack above them (the verifier's depth of it); returns the frame's
 * size. Main is the function at insn 0. */
unsigned bpf_jit_frame(const struct rv_jit *j, size_t start, uint8_t saved[8],
		       unsigned *n);

/* The run frame of an image that tail-calls (bpf_jit.c): its size, and
 * the registers it saves, in slot order. */
#define RUN_FRAME_SIZE 16
#define RUN_FRAME_NSAVED 2
extern const uint8_t bpf_jit_run_saved[RUN_FRAME_NSAVED];

/* bpf_jit_unwind.c: the unwind table of j's image, once its offsets are
 * final (eb_port_alloc'd: the struct, its extable entries, then its
 * .eh_frame bytes), or NULL out of memory. */
struct eb_unwind_table *bpf_jit_unwind_table(const struct rv_jit *j);

/* --- emitters (bpf_jit_emit.c) ---------------------------------------- */

void riscv_emit32(struct rv_jit *j, uint32_t insn);
void riscv_emit16(struct rv_jit *j, uint32_t insn);
/* rd = rs + imm (12-bit imm; c.addi/c.mv/c.li where they fit). */
void riscv_emit_addi(struct rv_jit *j, unsigned rd, unsigned rs, int32_t imm);
void riscv_emit_mv(struct rv_jit *j, unsigned rd, unsigned rs);
/* rd = v, any 64-bit value, in as few instructions as the value needs. */
void riscv_emit_li(struct rv_jit *j, unsigned rd, int64_t v);
/* R-type rd = rs1 OP rs2 (f7 0 or RV_F7_SUB/RV_F7_MULDIV; word for the
 * *w forms), compressed where it fits. */
void riscv_emit_alu(struct rv_jit *j, unsigned f3, unsigned f7, bool word,
	    unsigned rd, unsigned rs1, unsigned rs2);
/* I-type rd = rs1 OP imm (12 bits; shifts: shamt). */
void riscv_emit_alui(struct rv_jit *j, unsigned f3, bool word, unsigned rd,
	     unsigned rs1, int32_t imm);
void riscv_emit_slli(struct rv_jit *j, unsigned rd, unsigned rs, unsigned sh);
/* rd = rs >> sh: arithmetic (srai) or logical (srli). */
void riscv_emit_srl(struct rv_jit *j, unsigned rd, unsigned rs, unsigned sh,
		    bool arith);
/* rd = the low 32 bits of rs, zero-extended. */
void riscv_emit_zext32(struct rv_jit *j, unsigned rd, unsigned rs);
/* Load (f3: RISC-V's width and signedness) and store of r at
 * off(base), any 32-bit off (through TMP3 when beyond 12 bits). The load
 * returns where its load instruction (the last it emits) begins. */
uint32_t riscv_emit_load(struct rv_jit *j, unsigned f3, unsigned rd,
			 unsigned base, int32_t off);
void riscv_emit_store(struct rv_jit *j, unsigned f3, unsigned rs, unsigned base,
	      int32_t off);
/* Branch f3 (rs1, rs2) to image offset target; jump there. -ERANGE
 * beyond jal's reach. */
int riscv_emit_branch(struct rv_jit *j, unsigned f3, unsigned rs1, unsigned rs2,
	      uint32_t target);
int riscv_emit_jump(struct rv_jit *j, uint32_t target);
/* Call the function at addr (outside the image), ra linked. */
void riscv_emit_call_abs(struct rv_jit *j, uintptr_t addr);

/* --- translation ------------------------------------------------------ */

/* Emits eBPF instruction i; returns 0 or -errno (an instruction the JIT
 * has no translation for, a jump out of reach). bpf_jit_insn.c. */
int bpf_jit_emit_insn(struct rv_jit *j, size_t i);
/* Emits the call at i (helper, bpf-to-bpf, callx). bpf_jit.c. */
int bpf_jit_emit_call(struct rv_jit *j, size_t i);
/* Emits exit at i: to its function's epilogue. bpf_jit.c. */
int bpf_jit_emit_exit(struct rv_jit *j, size_t i);

#endif
