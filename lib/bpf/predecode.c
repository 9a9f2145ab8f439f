/*
 * The pre-decoder: turns a program's instructions into the interpreter's
 * form (interp.h), once, when the program is prepared; the interpreter
 * then decodes nothing while it runs.
 */
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/port.h>
#include <ebreak/libc.h>
#include "bpf/disasm.h"
#include "bpf/interp.h"

/* Refuses insn i of prog: `insn IDX (DISASSEMBLY): WHY` in err,
 * -EINVAL (prog.h). Not in trap context. */
int
bpf_prog_refuse(const struct bpf_prog *prog, size_t i, char *err,
		size_t errsize, const char *why)
{
	char text[64];

	if (bpf_disasm_insn(prog->insns, i, prog->len, text, sizeof(text)) < 0)
		eb_snprintf(text, sizeof(text), "invalid");
	eb_snprintf(err, errsize, "insn %zu (%s): %s", i, text, why);
	return -EINVAL;
}

/* Handlers by BPF_OP() >> 4 and [ALU64 imm, reg, ALU imm, reg]. */
#define ROW(op, name)	[op >> 4] = { OP_##name##64_imm, OP_##name##64_reg, \
				      OP_##name##32_imm, OP_##name##32_reg }
static const uint8_t alu_ops[16][4] = {
	ROW(BPF_ADD, add), ROW(BPF_SUB, sub), ROW(BPF_MUL, mul),
	ROW(BPF_DIV, div), ROW(BPF_OR, or), ROW(BPF_AND, and),
	ROW(BPF_LSH, lsh), ROW(BPF_RSH, rsh), ROW(BPF_MOD, mod),
	ROW(BPF_XOR, xor), ROW(BPF_MOV, mov), ROW(BPF_ARSH, arsh),
};
static const uint8_t jmp_ops[16][4] = {
	ROW(BPF_JEQ, jeq), ROW(BPF_JGT, jgt), ROW(BPF_JGE, jge),
	ROW(BPF_JSET, jset), ROW(BPF_JNE, jne), ROW(BPF_JSGT, jsgt),
	ROW(BPF_JSGE, jsge), ROW(BPF_JLT, jlt), ROW(BPF_JLE, jle),
	ROW(BPF_JSLT, jslt), ROW(BPF_JSLE, jsle),
};
/* Memory handlers by BPF_SIZE() >> 3: W, H, B, DW. */
static const uint8_t ldx_ops[4] = { OP_ldxw, OP_ldxh, OP_ldxb, OP_ldxdw };
static const uint8_t ldxs_ops[4] = { OP_ldxsw, OP_ldxsh, OP_ldxsb, 0 };
static const uint8_t st_ops[4] = { OP_stw, OP_sth, OP_stb, OP_stdw };
static const uint8_t stx_ops[4] = { OP_stxw, OP_stxh, OP_stxb, OP_stxdw };

static int
atomic_op(const struct bpf_insn *in)
{
	int w = BPF_SIZE(in->code) == BPF_W;

	switch (in->imm) {
	case BPF_ADD: return w ? OP_atomic_add32 : OP_atomic_add64;
	case BPF_OR: return w ? OP_atomic_or32 : OP_atomic_or64;
	case BPF_AND: return w ? OP_atomic_and32 : OP_atomic_and64;
	case BPF_XOR: return w ? OP_atomic_xor32 : OP_atomic_xor64;
	case BPF_ADD | BPF_FETCH: return w ? OP_fetch_add32 : OP_fetch_add64;
	case BPF_OR | BPF_FETCH: return w ? OP_fetch_or32 : OP_fetch_or64;
	case BPF_AND | BPF_FETCH: return w ? OP_fetch_and32 : OP_fetch_and64;
	case BPF_XOR | BPF_FETCH: return w ? OP_fetch_xor32 : OP_fetch_xor64;
	case BPF_XCHG: return w ? OP_xchg32 : OP_xchg64;
	default: return w ? OP_cmpxchg32 : OP_cmpxchg64;
	}
}

/* END: to little endian is a truncation on a little-endian host, to big
 * endian a swap; ALU64 (bswap) always swaps. */
static int
endian_op(const struct bpf_insn *in)
{
	bool swap = BPF_CLASS(in->code) == BPF_ALU64 ||
		    (BPF_SRC(in->code) == BPF_TO_BE) ==
			    (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__);

	if (in->imm == 16)
		return swap ? OP_bswap16 : OP_zext16;
	if (in->imm == 32)
		return swap ? OP_bswap32 : OP_zext32;
	return swap ? OP_bswap64 : OP_nop;
}

/* The handler for instruction i of prog, which bpf_disasm_insn found
 * valid. */
static int
op_of(const struct bpf_prog *prog, size_t i)
{
	const struct bpf_insn *in = &prog->insns[i];
	int cls = BPF_CLASS(in->code), op = BPF_OP(in->code);
	int col = (cls == BPF_ALU || cls == BPF_JMP32) * 2 +
		  (BPF_SRC(in->code) == BPF_X);
	int size = BPF_SIZE(in->code) >> 3;

	switch (cls) {
	case BPF_ALU:
	case BPF_ALU64:
		if (op == BPF_END)
			return endian_op(in);
		if (op == BPF_NEG)
			return cls == BPF_ALU ? OP_neg32 : OP_neg64;
		if (op == BPF_MOV && in->off)	/* movsx */
			return in->off == 8 ? (cls == BPF_ALU ? OP_movsx8_32 : OP_movsx8_64)
			     : in->off == 16 ? (cls == BPF_ALU ? OP_movsx16_32 : OP_movsx16_64)
			     : OP_movsx32_64;
		if (in->off)		/* sdiv, smod: see ALU_OPS's order */
			return alu_ops[op >> 4][col] + (OP_sdiv64_imm - OP_div64_imm);
		return alu_ops[op >> 4][col];
	case BPF_JMP:
	case BPF_JMP32:
		if (op == BPF_JA)
			return OP_ja;
		if (op == BPF_EXIT)
			return OP_exit;
		if (op == BPF_CALL)
			return BPF_SRC(in->code) == BPF_X ? OP_callx
			     : in->src_reg == BPF_PSEUDO_CALL ? OP_call_local
			     : OP_call;
		return jmp_ops[op >> 4][col];
	case BPF_LD:
		return OP_lddw;
	case BPF_LDX:
		if (prog->probe_mem && prog->probe_mem[i])
			return BPF_MODE(in->code) == BPF_MEMSX ? OP_ldxs_probe
							       : OP_ldx_probe;
		return BPF_MODE(in->code) == BPF_MEMSX ? ldxs_ops[size]
						       : ldx_ops[size];
	case BPF_ST:
		return st_ops[size];
	default:
		return BPF_MODE(in->code) == BPF_ATOMIC ? atomic_op(in)
							: stx_ops[size];
	}
}

/* The 64-bit constant of lddw at i, with pseudo forms relocated
 * (prog.h). */
int
bpf_prog_lddw_value(const struct bpf_prog *prog, size_t i, uint64_t *v, char *err,
	   size_t errsize)
{
	const struct bpf_insn *in = &prog->insns[i];
	uint32_t idx = in->imm, off = prog->insns[i + 1].imm;

	if (!in->src_reg) {
		*v = (uint32_t)in->imm | (uint64_t)(uint32_t)off << 32;
		return 0;
	}
	if (idx >= prog->env.nr_maps)
		return bpf_prog_refuse(prog, i, err, errsize, "no such map");
	if (in->src_reg == BPF_PSEUDO_MAP_FD || in->src_reg == BPF_PSEUDO_MAP_IDX) {
		*v = (uintptr_t)prog->env.maps[idx];
		return 0;
	}
	if (bpf_map_direct_value_addr(prog->env.maps[idx], off, v))
		return bpf_prog_refuse(prog, i, err, errsize,
			      "map value needs a one-entry array map and an offset inside the value");
	return 0;
}

/* The stack bytes of the frame of the function holding insn i: the
 * verifier's depth, or BPF_STACK_SIZE in a program not verified. */
static unsigned
frame_bytes(const struct bpf_prog *prog, size_t i)
{
	return prog->stack_depth ? prog->stack_depth[i] : BPF_STACK_SIZE;
}

/* Fills image[i] for the valid instruction at i, of n slots; pass 1 set
 * every image[].op, the second slots of lddw to fell_off. */
static int
decode(const struct bpf_prog *prog, struct bpf_interp_insn *image,
       const void *const *ops, size_t i, char *err, size_t errsize)
{
	const struct bpf_insn *in = &prog->insns[i];
	struct bpf_interp_insn *d = &image[i];
	const struct bpf_func_proto *p;
	int op = op_of(prog, i), cls = BPF_CLASS(in->code);
	bool jumps = false;
	int64_t t = 0;
	uint64_t v;

	d->dst = in->dst_reg * sizeof(uint64_t);
	d->src = in->src_reg * sizeof(uint64_t);
	d->off = in->off;
	d->imm = in->imm;
	switch (op) {
	case OP_ldx_probe: case OP_ldxs_probe:
		d->imm = bpf_size_bytes(in->code);
		break;
	case OP_lsh64_imm: case OP_rsh64_imm: case OP_arsh64_imm:
		d->imm &= 63;
		break;
	case OP_lsh32_imm: case OP_rsh32_imm: case OP_arsh32_imm:
		d->imm &= 31;
		break;
	case OP_lddw:
		if (in->src_reg == BPF_PSEUDO_FUNC) {
			/* a callback: its first pre-decoded insn, which
			 * the callback handler runs (interp.c) */
			t = (int64_t)i + 1 + in->imm;
			if (t < 0 || t >= prog->len || image[t].op == ops[OP_fell_off])
				return bpf_prog_refuse(prog, i, err, errsize,
						       "function address out of the program or into lddw");
			d->imm = (intptr_t)&image[t];
			break;
		}
		if (bpf_prog_lddw_value(prog, i, &v, err, errsize))
			return -EINVAL;
		d->imm = v;
		break;
	case OP_call:
		p = prog->env.get_func_proto(in->imm);
		if (p && p == bpf_helper_proto(BPF_FUNC_tail_call)) {
			d->op = ops[OP_tail_call];
			break;
		}
		if ((uint32_t)in->imm == BPF_CORE_POISON_ID ||
		    (prog->verified && (!p || !p->func))) {
			/* A call the verifier proved never runs (a CO-RE
			 * relocation left unresolved, a helper the program
			 * may not call in a branch a .rodata knob turns
			 * off): run unverified, it stops the program as
			 * running past the end does. */
			d->op = ops[OP_ja];
			d->target = &image[prog->len];
			break;
		}
		if (!p || !p->func)
			return bpf_prog_refuse(prog, i, err, errsize, "unknown helper");
		if (p == bpf_helper_proto(BPF_FUNC_map_lookup_elem)) {
			d->op = ops[OP_map_lookup];
		} else if (p->unwind_on_zero || p->calls_back) {
			d->op = ops[p->calls_back ? OP_callback : OP_call_unwind];
			d->proto = p;
			d->off = (int16_t)frame_bytes(prog, i);
		} else {
			d->fn = p->func;
		}
		break;
	case OP_callx:
		d->get_proto = prog->env.get_func_proto;
		break;
	case OP_exit:
		break;
	case OP_call_local:
		jumps = true;
		t = (int64_t)i + 1 + in->imm;
		d->off = (int16_t)frame_bytes(prog, i);
		break;
	case OP_ja:
		jumps = true;
		t = (int64_t)i + 1 + (cls == BPF_JMP32 ? in->imm : in->off);
		break;
	default:
		jumps = cls == BPF_JMP || cls == BPF_JMP32;
		t = (int64_t)i + 1 + in->off;
	}
	if (!jumps)
		return 0;
	if (t < 0 || t >= prog->len || image[t].op == ops[OP_fell_off])
		return bpf_prog_refuse(prog, i, err, errsize,
			      "jump out of the program or into lddw");
	d->target = &image[t];
	return 0;
}

/* Is in `mov r2, r10`? */
static bool
is_mov_r2_fp(const struct bpf_insn *in)
{
	return in->code == (BPF_ALU64 | BPF_MOV | BPF_X) &&
	       in->dst_reg == BPF_REG_2 && in->src_reg == BPF_REG_10 &&
	       !in->off;
}

/* Is in `add r2, IMM`, IMM an offset a slot can hold? */
static bool
is_add_r2(const struct bpf_insn *in)
{
	return in->code == (BPF_ALU64 | BPF_ADD | BPF_K) &&
	       in->dst_reg == BPF_REG_2 && in->imm >= INT16_MIN &&
	       in->imm <= INT16_MAX;
}

/* Is in `lddw r1, MAP`? */
static bool
is_lddw_r1_map(const struct bpf_insn *in)
{
	return in->code == (BPF_LD | BPF_IMM | BPF_DW) &&
	       in->dst_reg == BPF_REG_1 &&
	       (in->src_reg == BPF_PSEUDO_MAP_FD ||
		in->src_reg == BPF_PSEUDO_MAP_IDX);
}

/* Which slots before the call at c set its arguments as clang does for
 * a key on the stack (prog.h). */
bool
bpf_prog_lookup_args(const struct bpf_prog *prog, size_t c, size_t *lddw,
		     int16_t *key_off)
{
	const struct bpf_insn *in = prog->insns;
	size_t add;

	if (c < 4)
		return false;
	if (is_lddw_r1_map(&in[c - 4]) && is_mov_r2_fp(&in[c - 2]) &&
	    is_add_r2(&in[c - 1]))
		add = c - 1;
	else if (is_mov_r2_fp(&in[c - 4]) && is_add_r2(&in[c - 3]) &&
		 is_lddw_r1_map(&in[c - 2]))
		add = c - 3;
	else
		return false;
	*lddw = add == c - 1 ? c - 4 : c - 2;
	*key_off = (int16_t)in[add].imm;
	return true;
}

/*
 * The map_lookup_elem call at c, decoded: if the four slots before it set
 * its arguments as clang does for a key on the stack, the first of them
 * becomes one map_lookup_fp that does all five and goes on after the
 * call. The others stay as they are, for a jump into the middle.
 */
static void
fuse_lookup(const struct bpf_prog *prog, struct bpf_interp_insn *image,
	    const void *const *ops, size_t c)
{
	struct bpf_interp_insn *d = &image[c - 4];
	size_t lddw;
	int16_t key_off;

	if (!bpf_prog_lookup_args(prog, c, &lddw, &key_off))
		return;
	d->imm = image[lddw].imm;	/* the map, relocated */
	d->off = key_off;
	d->target = &image[c + 1];
	d->op = ops[OP_map_lookup_fp];
}

/* The instruction at i, decoded: `mov r0, IMM` followed by exit runs as
 * one exit_imm; the exit stays, for a jump to it. */
static void
fuse_exit(const struct bpf_prog *prog, struct bpf_interp_insn *image,
	  const void *const *ops, size_t i)
{
	const struct bpf_insn *in = &prog->insns[i];

	if (i + 1 >= prog->len || image[i + 1].op != ops[OP_exit] ||
	    in->dst_reg != BPF_REG_0 || in->off)
		return;
	if (in->code == (BPF_ALU | BPF_MOV | BPF_K))
		image[i].imm = (uint32_t)in->imm;	/* zero-extended */
	else if (in->code != (BPF_ALU64 | BPF_MOV | BPF_K))
		return;
	image[i].op = ops[OP_exit_imm];
}

/* Builds prog's image for the interpreter (interp.h). Allocates; not in
 * trap context. */
int
bpf_predecode(const struct bpf_prog *prog, struct bpf_interp_insn **imagep,
	      char *err, size_t errsize)
{
	const void *const *ops = bpf_interp_handlers();
	struct bpf_interp_insn *image;
	char why[64];
	int n;

	/* One more slot: running past the end stops instead of crashing. */
	image = eb_port_alloc((prog->len + 1) * sizeof(*image));
	if (!image) {
		eb_snprintf(err, errsize, "out of memory for %u instructions",
			    prog->len);
		return -ENOMEM;
	}
	memset(image, 0, (prog->len + 1) * sizeof(*image));
	image[prog->len].op = ops[OP_fell_off];
	/* Decode everything first so lddw second slots are known when jump
	 * targets are checked. */
	for (size_t i = 0; i < prog->len; i += n) {
		n = bpf_disasm_insn(prog->insns, i, prog->len, why, sizeof(why));
		if (n < 0) {
			eb_snprintf(err, errsize, "insn %zu: %s", i, why);
			goto fail;
		}
		image[i].op = ops[op_of(prog, i)];
		if (n == 2)
			image[i + 1].op = ops[OP_fell_off];
	}
	for (size_t i = 0; i < prog->len; i += n) {
		n = bpf_disasm_insn(prog->insns, i, prog->len, why, sizeof(why));
		if (decode(prog, image, ops, i, err, errsize))
			goto fail;
	}
	/* After decoding: fusing reads the lddw's relocated map. */
	for (size_t i = 0; i < prog->len; i++) {
		if (image[i].op == ops[OP_map_lookup])
			fuse_lookup(prog, image, ops, i);
		fuse_exit(prog, image, ops, i);
	}
	*imagep = image;
	return 0;
fail:
	eb_port_free(image);
	return -EINVAL;
}
