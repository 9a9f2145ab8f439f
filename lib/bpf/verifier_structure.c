/*
 * Static checks before any path is walked, and facts the walk uses.
 *
 * Every instruction must be a valid encoding: the disassembler is the one
 * decoder of encodings (known opcode, unused fields zero, registers that
 * exist, lddw whole). Every jump and local call must land on an
 * instruction inside the program, not on the second half of an lddw.
 * Falling off the end and paths that never reach exit are found by the
 * walk itself.
 *
 * Prune points are where paths meet: jump targets and the instruction
 * after a conditional jump. Liveness: for each instruction, the registers
 * some path from it reads before writing (a backward data flow to a fixed
 * point); state comparisons ignore the others. Precision: the registers
 * whose value, not only type, matters ahead (precise_transfer); state
 * comparisons only check the type of other scalars.
 */
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/port.h>
#include "bpf/disasm.h"
#include "bpf/verifier_impl.h"

static bool
is_cond_jmp(const struct bpf_insn *insn)
{
	uint8_t cls = BPF_CLASS(insn->code), op = BPF_OP(insn->code);

	return (cls == BPF_JMP || cls == BPF_JMP32) && op != BPF_JA &&
	       op != BPF_CALL && op != BPF_EXIT;
}

/* Whether insn at idx may jump or call somewhere besides the next
 * instruction; if so *t is where. */
static bool
jump_target(const struct bpf_insn *insn, uint32_t idx, int64_t *t)
{
	uint8_t cls = BPF_CLASS(insn->code), op = BPF_OP(insn->code);

	if ((cls != BPF_JMP && cls != BPF_JMP32) || op == BPF_EXIT)
		return false;
	if (op == BPF_CALL) {
		*t = (int64_t)idx + insn->imm + 1;
		return insn->src_reg == BPF_PSEUDO_CALL;
	}
	if (op == BPF_JA && cls == BPF_JMP32)
		*t = (int64_t)idx + insn->imm + 1;	/* gotol */
	else
		*t = (int64_t)idx + insn->off + 1;
	return true;
}

/* Checks encodings and jump targets; marks lddw halves and prune points.
 * Returns 0 or -EINVAL (logged). */
int
check_structure(struct verifier *v)
{
	char why[96];
	uint32_t i;
	int64_t t;
	int n;

	for (i = 0; i < v->len; i += n) {
		n = bpf_disasm_insn(v->insns, i, v->len, why, sizeof(why));
		if (n < 0) {
			v->idx = i;
			return verbose(v, "%s", why);
		}
		if (n == 2)
			v->insn_flags[i + 1] |= INSN_LDDW_HI;
	}
	for (i = 0; i < v->len; i++) {
		const struct bpf_insn *insn = &v->insns[i];

		if ((v->insn_flags[i] & INSN_LDDW_HI) ||
		    !jump_target(insn, i, &t))
			continue;
		v->idx = i;
		if (t < 0 || t >= v->len)
			return verbose(v, "jump to %lld is outside the program (%u instructions)",
				       (long long)t, v->len);
		if (v->insn_flags[t] & INSN_LDDW_HI)
			return verbose(v, "jump to %lld lands in the middle of an lddw",
				       (long long)t);
		v->insn_flags[t] |= INSN_PRUNE_POINT;
		if (is_cond_jmp(insn) && i + 1 < v->len)
			v->insn_flags[i + 1] |= INSN_PRUNE_POINT;
	}
	return 0;
}

/* Registers insn reads (*use) and writes (*def). */
static void
insn_regs(struct verifier *v, const struct bpf_insn *insn, uint16_t *use,
	  uint16_t *def)
{
	uint8_t cls = BPF_CLASS(insn->code), op = BPF_OP(insn->code);
	uint16_t d = 1u << insn->dst_reg, s = 1u << insn->src_reg;
	bool x = BPF_SRC(insn->code) == BPF_X;
	const struct bpf_func_proto *fn;
	int i;

	*use = *def = 0;
	switch (cls) {
	case BPF_ALU:
	case BPF_ALU64:
		*def = d;
		if (op != BPF_MOV)
			*use = d;
		if (x && op != BPF_END && op != BPF_NEG)
			*use |= s;
		return;
	case BPF_LD:
		*def = d;
		return;
	case BPF_LDX:
		*use = s;
		*def = d;
		return;
	case BPF_ST:
		*use = d;
		return;
	case BPF_STX:
		*use = d | s;
		if (BPF_MODE(insn->code) == BPF_ATOMIC) {
			if (insn->imm == BPF_CMPXCHG) {
				*use |= 1;
				*def = 1;
			} else if (insn->imm & BPF_FETCH) {
				*def = s;
			}
		}
		return;
	}
	/* JMP, JMP32 */
	switch (op) {
	case BPF_JA:
		return;
	case BPF_EXIT:
		*use = 1;
		return;
	case BPF_CALL:
		*def = 0x3f;	/* r0 set, r1-r5 clobbered */
		if (insn->src_reg == BPF_PSEUDO_CALL || x) {
			*use = 0x3e | (x ? d : 0);
			return;
		}
		fn = v->get_func_proto((uint32_t)insn->imm);
		for (i = 0; fn && i < 5 && fn->arg_type[i] != ARG_DONTCARE; i++)
			*use |= 1u << (BPF_REG_1 + i);
		return;
	}
	*use = d | (x ? s : 0);
}

/*
 * Registers whose value (not only type) may matter at insn i, given
 * those that matter after it (out): values that decide a branch, address
 * memory, go to a helper or into memory, or flow into such a value. An
 * accumulator only returned from main (r0 at its exit) does not, so
 * paths differing only in it prune each other.
 */
static uint16_t
precise_transfer(struct verifier *v, uint32_t i, uint16_t out)
{
	const struct bpf_insn *insn = &v->insns[i];
	uint16_t d = 1u << insn->dst_reg, s = 1u << insn->src_reg, use, def;
	bool x = BPF_SRC(insn->code) == BPF_X;
	uint8_t op = BPF_OP(insn->code);

	switch (BPF_CLASS(insn->code)) {
	case BPF_ALU:
	case BPF_ALU64:
		if (op == BPF_MOV)
			return (out & ~d) | (x && (out & d) ? s : 0);
		if (op == BPF_NEG || op == BPF_END)
			return out;
		return out | (x && (out & d) ? s : 0);
	case BPF_LD:
		return out & ~d;
	case BPF_LDX:
		return (out & ~d) | s;
	case BPF_ST:
		return out | d;
	case BPF_STX:
		return out | d | s |
		       (BPF_MODE(insn->code) == BPF_ATOMIC &&
			insn->imm == BPF_CMPXCHG ? 1 : 0);
	}
	if (op == BPF_EXIT)
		return v->insn_flags[i] & INSN_IN_SUBPROG ? 1 : 0;
	if (op == BPF_JA)
		return out;
	insn_regs(v, insn, &use, &def);
	return use | (out & ~def);
}

static uint16_t
live_transfer(struct verifier *v, uint32_t i, uint16_t out)
{
	uint16_t use, def;

	insn_regs(v, &v->insns[i], &use, &def);
	return use | (out & ~def);
}

/* Solves in[i] = transfer(i, union of in[] of i's successors) backwards
 * to a fixed point. Local calls flow to the next instruction (the
 * callee's frame is compared on its own). */
static void
backward_flow(struct verifier *v, uint16_t *in,
	      uint16_t (*transfer)(struct verifier *, uint32_t, uint16_t))
{
	bool changed = true;
	uint16_t out, r;
	int64_t t;
	uint32_t i;

	while (changed) {
		changed = false;
		for (i = v->len; i-- > 0;) {
			const struct bpf_insn *insn = &v->insns[i];
			uint8_t cls = BPF_CLASS(insn->code), op = BPF_OP(insn->code);
			uint32_t next = cls == BPF_LD ? i + 2 : i + 1;

			if (v->insn_flags[i] & INSN_LDDW_HI)
				continue;
			out = 0;
			if (cls == BPF_JMP || cls == BPF_JMP32) {
				if (op == BPF_EXIT || op == BPF_JA)
					next = v->len;	/* no fall-through */
				if (op != BPF_CALL && jump_target(insn, i, &t))
					out |= in[t];
			}
			if (next < v->len)
				out |= in[next];
			r = transfer(v, i, out);
			if (r != in[i]) {
				in[i] = r;
				changed = true;
			}
		}
	}
}

/* Marks INSN_IN_SUBPROG on what local calls reach (up to exit). */
static int
mark_subprogs(struct verifier *v)
{
	uint32_t *stack = eb_port_alloc(v->len * sizeof(*stack)), n = 0, i, j;
	int64_t t;

	if (!stack)
		return -ENOMEM;
	for (i = 0; i < v->len; i++) {
		const struct bpf_insn *insn = &v->insns[i];

		if ((v->insn_flags[i] & INSN_LDDW_HI) ||
		    BPF_OP(insn->code) != BPF_CALL ||
		    BPF_CLASS(insn->code) != BPF_JMP ||
		    !jump_target(insn, i, &t) ||
		    (v->insn_flags[t] & INSN_IN_SUBPROG))
			continue;
		v->insn_flags[t] |= INSN_IN_SUBPROG;
		stack[n++] = (uint32_t)t;
		while (n) {
			uint32_t succ[2], k = 0;
			uint8_t cls, op;

			j = stack[--n];
			insn = &v->insns[j];
			cls = BPF_CLASS(insn->code);
			op = BPF_OP(insn->code);
			if (cls == BPF_LD)
				succ[k++] = j + 2;
			else if ((cls != BPF_JMP && cls != BPF_JMP32) ||
				 (op != BPF_EXIT && op != BPF_JA))
				succ[k++] = j + 1;
			if ((cls == BPF_JMP || cls == BPF_JMP32) &&
			    op != BPF_CALL && jump_target(insn, j, &t))
				succ[k++] = (uint32_t)t;
			while (k--)
				if (succ[k] < v->len &&
				    !(v->insn_flags[succ[k]] & INSN_IN_SUBPROG)) {
					v->insn_flags[succ[k]] |= INSN_IN_SUBPROG;
					stack[n++] = succ[k];
				}
		}
	}
	eb_port_free(stack);
	return 0;
}

/* Computes v->live_in and v->precise_in (needs check_structure first).
 * Returns 0 or -ENOMEM. */
int
compute_liveness(struct verifier *v)
{
	int err;

	if ((err = mark_subprogs(v)))
		return err;
	backward_flow(v, v->live_in, live_transfer);
	backward_flow(v, v->precise_in, precise_transfer);
	return 0;
}
