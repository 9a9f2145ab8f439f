/*
 * The interpreter's form of a program, shared by the pre-decoder
 * (predecode.c), which builds it once, and the interpreter (interp.c),
 * which runs it: an array of struct bpf_interp_insn, one per instruction
 * slot, each holding the address of its handler inside the interpreter
 * (GNU C labels as values) and its operands ready to use (imm
 * sign-extended, shift counts masked, lddw folded into one 64-bit
 * constant with maps relocated, helpers bound to function pointers, jump
 * targets as pointers; map_lookup_elem has a handler of its own, which
 * inlines an array's lookup; the four slots clang emits for a lookup
 * with its key on the stack run as one, and so do `mov r0, IMM; exit`;
 * helpers calling a callback, bpf_loop's kind, have a handler of their
 * own too, and lddw of a callback's address gives its first pre-decoded
 * insn). Private to lib/bpf.
 */
#ifndef EBREAK_BPF_INTERP_H
#define EBREAK_BPF_INTERP_H
#include "bpf/prog.h"

/*
 * Every handler, by name: <op><width>_<source> for ALU and jumps. One
 * list drives the handler enum, the label table and the decoder tables.
 */
#define ALU_OPS(X, w)							\
	X(add##w##_imm) X(add##w##_reg) X(sub##w##_imm) X(sub##w##_reg)	\
	X(mul##w##_imm) X(mul##w##_reg) X(div##w##_imm) X(div##w##_reg)	\
	X(sdiv##w##_imm) X(sdiv##w##_reg) X(mod##w##_imm) X(mod##w##_reg) \
	X(smod##w##_imm) X(smod##w##_reg) X(or##w##_imm) X(or##w##_reg)	\
	X(and##w##_imm) X(and##w##_reg) X(lsh##w##_imm) X(lsh##w##_reg)	\
	X(rsh##w##_imm) X(rsh##w##_reg) X(arsh##w##_imm) X(arsh##w##_reg) \
	X(xor##w##_imm) X(xor##w##_reg) X(mov##w##_imm) X(mov##w##_reg)	\
	X(neg##w)
#define JMP_OPS(X, w)							\
	X(jeq##w##_imm) X(jeq##w##_reg) X(jgt##w##_imm) X(jgt##w##_reg)	\
	X(jge##w##_imm) X(jge##w##_reg) X(jset##w##_imm) X(jset##w##_reg) \
	X(jne##w##_imm) X(jne##w##_reg) X(jsgt##w##_imm) X(jsgt##w##_reg) \
	X(jsge##w##_imm) X(jsge##w##_reg) X(jlt##w##_imm) X(jlt##w##_reg) \
	X(jle##w##_imm) X(jle##w##_reg) X(jslt##w##_imm) X(jslt##w##_reg) \
	X(jsle##w##_imm) X(jsle##w##_reg)
#define ATOMIC_OPS(X, w)						\
	X(atomic_add##w) X(atomic_or##w) X(atomic_and##w) X(atomic_xor##w) \
	X(fetch_add##w) X(fetch_or##w) X(fetch_and##w) X(fetch_xor##w)	\
	X(xchg##w) X(cmpxchg##w)
#define INTERP_OPS(X)							\
	ALU_OPS(X, 64) ALU_OPS(X, 32) JMP_OPS(X, 64) JMP_OPS(X, 32)	\
	ATOMIC_OPS(X, 64) ATOMIC_OPS(X, 32)				\
	X(movsx8_64) X(movsx16_64) X(movsx32_64) X(movsx8_32) X(movsx16_32) \
	X(zext16) X(zext32) X(nop) X(bswap16) X(bswap32) X(bswap64)	\
	X(lddw) X(ldxb) X(ldxh) X(ldxw) X(ldxdw) X(ldxsb) X(ldxsh) X(ldxsw) \
	X(ldx_probe) X(ldxs_probe)					\
	X(stb) X(sth) X(stw) X(stdw) X(stxb) X(stxh) X(stxw) X(stxdw)	\
	X(ja) X(call) X(map_lookup) X(map_lookup_fp) X(call_unwind) X(callx) X(tail_call) X(call_local) X(callback) X(exit) X(exit_imm)	\
	X(fell_off)

#define OP_ENUM(name) OP_##name,
enum interp_op { INTERP_OPS(OP_ENUM) NR_OPS };
_Static_assert(OP_sdiv64_imm - OP_div64_imm == OP_smod32_reg - OP_mod32_reg,
	       "sdiv and smod must follow div and mod at the same distance");

struct bpf_interp_insn {
	const void *op;		/* handler address in interp() */
	uint8_t dst, src;	/* byte offsets of the registers */
	int16_t off;
	union {
		int64_t imm;		/* sign-extended; lddw: the constant;
					 * ldx(s)_probe: the size in bytes */
		bpf_helper_fn fn;	/* call */
		const struct bpf_func_proto *proto;	/* call_unwind, callback */
		bpf_get_func_proto_t get_proto;		/* callx */
	};
	const struct bpf_interp_insn *target;	/* jumps, local calls */
};

/* The handler addresses, indexed by enum interp_op. Any context. */
const void *const *bpf_interp_handlers(void);

/*
 * Builds prog's interpreter image: *imagep (eb_port_alloc'd, one slot
 * more than prog->len, which stops a run that falls off the end).
 * Returns 0, or -EINVAL for an instruction it cannot run, or -ENOMEM,
 * with a message in err: `insn IDX (DISASSEMBLY): REASON`. Not in trap
 * context.
 */
int bpf_predecode(const struct bpf_prog *prog, struct bpf_interp_insn **imagep,
		  char *err, size_t errsize);

/* The interpreter's run function (bpf_func_t) for prog, whose image is
 * bpf_predecode's: it runs prog->image on ctx, each frame's stack as deep
 * as the verifier found it, on an area of the kernel stack that holds
 * the program's deepest chain of frames (BPF_STACK_SIZE bytes each for a
 * program not verified, which the library's tests run). Any context,
 * any number of harts. */
bpf_func_t bpf_interp_func(const struct bpf_prog *prog);

#endif
