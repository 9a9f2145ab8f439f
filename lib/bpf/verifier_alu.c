/*
 * ALU instructions. Scalars go to verifier_scalar.c; here are the rules
 * for pointers: only 64-bit add/sub of a bounded scalar (the result
 * stays the same kind of pointer, its offset tracked), and sub of two
 * pointers into the same stack frame or context. Everything else on a
 * pointer would either turn an address into a number the program could
 * leak or forge a pointer, and is refused.
 */
#include <ebreak/errno.h>
#include "bpf/disasm.h"
#include "bpf/verifier_impl.h"

/* Pointer offsets stay within this, far from 64-bit overflow in any
 * access computation (Linux's BPF_MAX_VAR_OFF). */
#define MAX_PTR_OFF (1LL << 29)

/* Returns 0, or refuses a read of a register never written. */
int
eb_verifier_check_reg_read(struct verifier *v, int regno)
{
	if (eb_verifier_cur_regs(v)[regno].type == NOT_INIT)
		return eb_verifier_verbose(v, "r%d is read before it is written", regno);
	return 0;
}

/* The source operand of an ALU or jump instruction: src_reg (which must
 * have been written) or the immediate as a known scalar. 0 or refuses. */
int
eb_verifier_read_source(struct verifier *v, const struct bpf_insn *insn,
			struct bpf_reg_state *src)
{
	int err;

	if (BPF_SRC(insn->code) != BPF_X) {
		eb_verifier_mark_reg_known(src, (uint64_t)(int64_t)insn->imm);
		return 0;
	}
	if ((err = eb_verifier_check_reg_read(v, insn->src_reg)))
		return err;
	*src = eb_verifier_cur_regs(v)[insn->src_reg];
	return 0;
}

/* Returns 0, or refuses a write to r10. */
int
eb_verifier_check_reg_write(struct verifier *v, int regno)
{
	if (regno == BPF_REG_10)
		return eb_verifier_verbose(v, "r10 (the frame pointer) is read-only");
	return 0;
}

/* Whether reg holds a pointer of any kind. */
bool
eb_verifier_reg_is_pointer(const struct bpf_reg_state *reg)
{
	return reg->type != SCALAR_VALUE && reg->type != NOT_INIT;
}

/* Whether reg, a kernel struct's address (PTR_TO_BTF_ID), may become a
 * number in a copy of part of it: in a privileged (allow_ptr_leaks)
 * program, which read it as a number before it was typed, as Linux's
 * allow_ptr_leaks lets a 32-bit copy of it. */
static bool
as_number(const struct verifier *v, const struct bpf_reg_state *reg)
{
	return reg->type == PTR_TO_BTF_ID && v->env->allow_ptr_leaks;
}

/* Whether insn, a subtraction, gives a privileged program a number of a
 * kernel struct's address: 32 bits of it, or its distance to another
 * pointer, as Linux's allow_ptr_leaks lets them (adjust_reg_min_max_vals,
 * adjust_ptr_min_max_vals); its bitwise and other 32-bit operations stay
 * refused, as Linux's whatever the privilege. */
static bool
sub_as_number(const struct verifier *v, const struct bpf_insn *insn,
	      const struct bpf_reg_state *dst, const struct bpf_reg_state *src)
{
	if (BPF_OP(insn->code) != BPF_SUB ||
	    (!as_number(v, dst) && !as_number(v, src)))
		return false;
	return BPF_CLASS(insn->code) == BPF_ALU ||
	       (eb_verifier_reg_is_pointer(dst) && eb_verifier_reg_is_pointer(src));
}

/* ptr (a pointer state, updated in place) +/- s (a scalar). */
static int
ptr_add_scalar(struct verifier *v, struct bpf_reg_state *ptr, int pregno,
	       const struct bpf_reg_state *s, bool sub)
{
	struct bpf_reg_state var;
	int64_t c;

	/* The scalar's bounds decide acceptance here (a state whose
	 * scalar differs must not be pruned against this one's). */
	eb_verifier_mark_decided(v);
	if (eb_verifier_type_may_be_null(ptr->type))
		return eb_verifier_verbose(v, "arithmetic on r%d, a %s: null check it first",
					   pregno, eb_verifier_reg_type_str(ptr->type));
	if (ptr->type == CONST_PTR_TO_MAP || ptr->type == PTR_TO_FUNC)
		return eb_verifier_verbose(v, "arithmetic on r%d, a %s, is not allowed",
					   pregno, eb_verifier_reg_type_str(ptr->type));
	if (eb_verifier_reg_is_const(s)) {
		c = (int64_t)s->var_off.value;
		if (c < -MAX_PTR_OFF || c > MAX_PTR_OFF ||
		    ptr->off + (sub ? -c : c) < -MAX_PTR_OFF ||
		    ptr->off + (sub ? -c : c) > MAX_PTR_OFF)
			return eb_verifier_verbose(v, "offset %lld of pointer r%d is out of range",
						   (long long)(ptr->off + (sub ? -c : c)),
						   pregno);
		ptr->off += (int32_t)(sub ? -c : c);
		return 0;
	}
	if (s->smin < -MAX_PTR_OFF || s->smax > MAX_PTR_OFF)
		return eb_verifier_verbose(v, "pointer arithmetic on r%d with an unbounded scalar (bound it first)",
					   pregno);
	var = *ptr;
	var.type = SCALAR_VALUE;
	var.id = 0;
	eb_verifier_scalar_alu(&var, s, sub ? BPF_SUB : BPF_ADD, 0, true);
	ptr->var_off = var.var_off;
	ptr->smin = var.smin;
	ptr->smax = var.smax;
	ptr->umin = var.umin;
	ptr->umax = var.umax;
	return 0;
}

/* Two pointers whose difference is not an address: into one stack
 * frame, or both into the context. */
static bool
same_region(const struct bpf_reg_state *a, const struct bpf_reg_state *b)
{
	if (a->type != b->type)
		return false;
	return a->type == PTR_TO_CTX ||
	       (a->type == PTR_TO_STACK && a->frameno == b->frameno);
}

static int
check_ptr_alu(struct verifier *v, const struct bpf_insn *insn,
	      struct bpf_reg_state *dst, const struct bpf_reg_state *src)
{
	uint8_t op = BPF_OP(insn->code);
	const char *name = bpf_alu_names[op >> 4];
	int pregno = eb_verifier_reg_is_pointer(dst) ? insn->dst_reg : insn->src_reg;
	const struct bpf_reg_state *p = eb_verifier_reg_is_pointer(dst) ? dst : src;
	struct bpf_reg_state tmp;

	if (BPF_CLASS(insn->code) == BPF_ALU)
		return eb_verifier_verbose(v, "32-bit %s on r%d, a %s, is not allowed",
					   name, pregno, eb_verifier_reg_type_str(p->type));
	if (op != BPF_ADD && op != BPF_SUB)
		return eb_verifier_verbose(v, "%s on r%d, a %s, is not allowed", name,
					   pregno, eb_verifier_reg_type_str(p->type));
	if (eb_verifier_reg_is_pointer(dst) && eb_verifier_reg_is_pointer(src)) {
		if (op != BPF_SUB || !same_region(dst, src))
			return eb_verifier_verbose(v, "%s of r%d (%s) and r%d (%s) is not allowed",
						   name, insn->dst_reg,
						   eb_verifier_reg_type_str(dst->type), insn->src_reg,
						   eb_verifier_reg_type_str(src->type));
		if (eb_tnum_is_const(dst->var_off) && eb_tnum_is_const(src->var_off))
			eb_verifier_mark_reg_known(dst, (uint64_t)(
				(int64_t)(dst->off + dst->var_off.value) -
				(int64_t)(src->off + src->var_off.value)));
		else
			eb_verifier_mark_reg_unknown(dst);
		return 0;
	}
	if (eb_verifier_reg_is_pointer(dst))
		return ptr_add_scalar(v, dst, insn->dst_reg, src, op == BPF_SUB);
	if (op == BPF_SUB)
		return eb_verifier_verbose(v, "subtracting r%d, a %s, from a scalar is not allowed",
					   pregno, eb_verifier_reg_type_str(p->type));
	tmp = *src;
	if (ptr_add_scalar(v, &tmp, pregno, dst, false))
		return -EINVAL;
	*dst = tmp;
	return 0;
}

static int
check_mov(struct verifier *v, const struct bpf_insn *insn)
{
	struct bpf_reg_state *regs = eb_verifier_cur_regs(v);
	struct bpf_reg_state *dst = &regs[insn->dst_reg];
	struct bpf_reg_state *src = &regs[insn->src_reg];
	bool alu64 = BPF_CLASS(insn->code) == BPF_ALU64;
	int err;

	if (BPF_SRC(insn->code) == BPF_X &&
	    (err = eb_verifier_check_reg_read(v, insn->src_reg)))
		return err;
	if ((err = eb_verifier_check_reg_write(v, insn->dst_reg)))
		return err;
	if (BPF_SRC(insn->code) == BPF_K) {
		eb_verifier_mark_reg_known(dst, alu64 ? (uint64_t)(int64_t)insn->imm
					  : (uint32_t)insn->imm);
		return 0;
	}
	if (eb_verifier_reg_is_pointer(src) && (insn->off || !alu64) &&
	    !as_number(v, src))
		return eb_verifier_verbose(v, "%s of r%d, a %s, would leak its address",
					   insn->off ? "movsx" : "32-bit mov",
					   insn->src_reg, eb_verifier_reg_type_str(src->type));
	/* Copies of a scalar share an id, so that a branch on one bounds
	 * them all (the compiler often tests a copy). */
	if (src->type == SCALAR_VALUE && !src->id && !eb_verifier_reg_is_const(src) &&
	    alu64 && !insn->off)
		src->id = ++v->next_id;
	*dst = *src;
	if ((insn->off || !alu64) && as_number(v, src))
		eb_verifier_mark_reg_unknown(dst);	/* part of an address */
	if (insn->off)
		eb_verifier_scalar_movsx(dst, insn->off, alu64);
	else if (!alu64)
		eb_verifier_scalar_zext32(dst);
	return 0;
}

/* Checks an ALU or ALU64 instruction and applies it to the state.
 * Returns 0 or -EINVAL (logged). */
int
eb_verifier_check_alu(struct verifier *v, const struct bpf_insn *insn)
{
	struct bpf_reg_state *regs = eb_verifier_cur_regs(v);
	struct bpf_reg_state *dst = &regs[insn->dst_reg], srcv, zero;
	uint8_t op = BPF_OP(insn->code);
	bool alu64 = BPF_CLASS(insn->code) == BPF_ALU64;
	int err;

	if (op == BPF_MOV)
		return check_mov(v, insn);
	if ((err = eb_verifier_check_reg_read(v, insn->dst_reg)) ||
	    (err = eb_verifier_check_reg_write(v, insn->dst_reg)))
		return err;
	if (op == BPF_NEG || op == BPF_END) {
		if (dst->type != SCALAR_VALUE)
			return eb_verifier_verbose(v, "%s of r%d, a %s, is not allowed",
						   op == BPF_NEG ? "neg" : "byte swap",
						   insn->dst_reg, eb_verifier_reg_type_str(dst->type));
		if (op == BPF_END) {
			eb_verifier_scalar_end(dst, alu64, BPF_SRC(insn->code) == BPF_TO_BE,
					       insn->imm);
			return 0;
		}
		eb_verifier_mark_reg_known(&zero, 0);
		eb_verifier_scalar_alu(&zero, dst, BPF_SUB, 0, alu64);
		*dst = zero;
		return 0;
	}
	if ((err = eb_verifier_read_source(v, insn, &srcv)))
		return err;
	if (sub_as_number(v, insn, dst, &srcv)) {
		eb_verifier_mark_reg_subreg_unknown(dst, alu64 ? 8 : 4);
		return 0;
	}
	if (dst->type == SCALAR_VALUE && srcv.type == SCALAR_VALUE) {
		eb_verifier_scalar_alu(dst, &srcv, op, insn->off, alu64);
		return 0;
	}
	return check_ptr_alu(v, insn, dst, &srcv);
}
