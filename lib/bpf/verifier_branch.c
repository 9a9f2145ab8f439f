/*
 * Conditional jumps. When the operands' ranges decide the outcome only
 * that way is followed; otherwise both are, each with what the branch
 * proves applied to the registers (a loop counter tested against its
 * bound gets the bound). A comparison with 0 is the null check of a map
 * lookup's or a ring buffer reservation's result. Other comparisons of
 * pointers would let the program learn addresses, and are refused.
 *
 * JMP32 compares the low halves: decided on their ranges, and refines a
 * register only when its whole value is its low half (umax <= U32_MAX).
 */
#include "bpf/verifier_impl.h"

#define U32_MAXV 0xffffffffULL

/* The comparison that holds when op does not. */
static uint8_t
negate(uint8_t op)
{
	switch (op) {
	case BPF_JEQ: return BPF_JNE;
	case BPF_JNE: return BPF_JEQ;
	case BPF_JGT: return BPF_JLE;
	case BPF_JLE: return BPF_JGT;
	case BPF_JGE: return BPF_JLT;
	case BPF_JLT: return BPF_JGE;
	case BPF_JSGT: return BPF_JSLE;
	case BPF_JSLE: return BPF_JSGT;
	case BPF_JSGE: return BPF_JSLT;
	case BPF_JSLT: return BPF_JSGE;
	}
	return op;	/* JSET: handled by the caller */
}

/* a op b with the operands swapped: a < b is b > a. */
static uint8_t
swapped(uint8_t op)
{
	switch (op) {
	case BPF_JGT: return BPF_JLT;
	case BPF_JLT: return BPF_JGT;
	case BPF_JGE: return BPF_JLE;
	case BPF_JLE: return BPF_JGE;
	case BPF_JSGT: return BPF_JSLT;
	case BPF_JSLT: return BPF_JSGT;
	case BPF_JSGE: return BPF_JSLE;
	case BPF_JSLE: return BPF_JSGE;
	}
	return op;
}

/* 1 if a op b holds for all values, 0 if for none, -1 if it depends. */
static int
branch_taken(const struct bpf_reg_state *a, const struct bpf_reg_state *b,
	     uint8_t op)
{
	uint64_t known = ~(a->var_off.mask | b->var_off.mask);

	switch (op) {
	case BPF_JEQ:
	case BPF_JNE: {
		int eq = -1;

		if (eb_verifier_reg_is_const(a) && eb_verifier_reg_is_const(b))
			eq = a->var_off.value == b->var_off.value;
		else if (a->umin > b->umax || a->umax < b->umin ||
			 a->smin > b->smax || a->smax < b->smin ||
			 ((a->var_off.value ^ b->var_off.value) & known))
			eq = 0;
		if (eq < 0 || op == BPF_JEQ)
			return eq;
		return !eq;
	}
	case BPF_JSET:
		if (a->var_off.value & b->var_off.value)
			return 1;
		if (!((a->var_off.value | a->var_off.mask) &
		      (b->var_off.value | b->var_off.mask)))
			return 0;
		return -1;
	case BPF_JGT:
		return a->umin > b->umax ? 1 : a->umax <= b->umin ? 0 : -1;
	case BPF_JGE:
		return a->umin >= b->umax ? 1 : a->umax < b->umin ? 0 : -1;
	case BPF_JSGT:
		return a->smin > b->smax ? 1 : a->smax <= b->smin ? 0 : -1;
	case BPF_JSGE:
		return a->smin >= b->smax ? 1 : a->smax < b->smin ? 0 : -1;
	case BPF_JLT:
	case BPF_JLE:
	case BPF_JSLT:
	case BPF_JSLE:
		return branch_taken(b, a, swapped(op));
	}
	return -1;
}

static uint64_t umaxv(uint64_t a, uint64_t b) { return a > b ? a : b; }
static uint64_t uminv(uint64_t a, uint64_t b) { return a < b ? a : b; }
static int64_t smaxv(int64_t a, int64_t b) { return a > b ? a : b; }
static int64_t sminv(int64_t a, int64_t b) { return a < b ? a : b; }

/*
 * Narrows a and b to the values for which `a op b` holds. Returns false
 * if there are none.
 */
static bool
refine(struct bpf_reg_state *a, struct bpf_reg_state *b, uint8_t op)
{
	switch (op) {
	case BPF_JEQ:
		a->umin = b->umin = umaxv(a->umin, b->umin);
		a->umax = b->umax = uminv(a->umax, b->umax);
		a->smin = b->smin = smaxv(a->smin, b->smin);
		a->smax = b->smax = sminv(a->smax, b->smax);
		if ((a->var_off.value ^ b->var_off.value) &
		    ~(a->var_off.mask | b->var_off.mask))
			return false;
		a->var_off = b->var_off = eb_tnum_intersect(a->var_off, b->var_off);
		break;
	case BPF_JNE:
		/* only a constant at the edge of the other's range helps */
		if (eb_verifier_reg_is_const(a)) {
			struct bpf_reg_state *t = a;

			a = b;
			b = t;
		}
		if (eb_verifier_reg_is_const(b)) {
			uint64_t c = b->var_off.value;

			if (a->umin == c && c != UINT64_MAX)
				a->umin++;
			else if (a->umax == c && c != 0)
				a->umax--;
			if (a->smin == (int64_t)c && (int64_t)c != INT64_MAX)
				a->smin++;
			else if (a->smax == (int64_t)c && (int64_t)c != INT64_MIN)
				a->smax--;
		}
		break;
	case BPF_JGT:
		if (b->umin == UINT64_MAX || a->umax == 0)
			return false;
		a->umin = umaxv(a->umin, b->umin + 1);
		b->umax = uminv(b->umax, a->umax - 1);
		break;
	case BPF_JGE:
		a->umin = umaxv(a->umin, b->umin);
		b->umax = uminv(b->umax, a->umax);
		break;
	case BPF_JSGT:
		if (b->smin == INT64_MAX || a->smax == INT64_MIN)
			return false;
		a->smin = smaxv(a->smin, b->smin + 1);
		b->smax = sminv(b->smax, a->smax - 1);
		break;
	case BPF_JSGE:
		a->smin = smaxv(a->smin, b->smin);
		b->smax = sminv(b->smax, a->smax);
		break;
	case BPF_JLT:
	case BPF_JLE:
	case BPF_JSLT:
	case BPF_JSLE:
		return refine(b, a, swapped(op));
	}
	return eb_verifier_reg_bounds_sync(a) && eb_verifier_reg_bounds_sync(b);
}

/* a & b == 0 (JSET not taken): b's known one bits are zero in a. */
static bool
refine_jset_false(struct bpf_reg_state *a, const struct bpf_reg_state *b)
{
	uint64_t ones = b->var_off.value;

	a->var_off.value &= ~ones;
	a->var_off.mask &= ~ones;
	return eb_verifier_reg_bounds_sync(a);
}

static void
copy_bounds(struct bpf_reg_state *r,
	    struct bpf_stack_slot *slot __attribute__((unused)), void *arg)
{
	const struct bpf_reg_state *reg = arg;

	if (r->type == SCALAR_VALUE && r->id == reg->id)
		*r = *reg;
}

/* Gives every copy of scalar `id` (registers and spills, all frames) the
 * refined bounds of `reg`. */
static void
propagate_scalar(struct bpf_verifier_state *st, const struct bpf_reg_state *reg)
{
	eb_verifier_for_each_reg(st, copy_bounds, (void *)reg);
}

/* The view of a register a JMP32 compares: its low half; `exact` says
 * whether that is the whole register (so refining the view refines it). */
static void
jmp32_view(const struct bpf_reg_state *reg, struct bpf_reg_state *view,
	   bool *exact)
{
	*view = *reg;
	*exact = reg->umax <= U32_MAXV;
	if (!*exact)
		eb_verifier_scalar_zext32(view);
}

/* Whether the JMP32 comparison dst op src is decided by the low halves. */
static int
branch_taken32(const struct bpf_reg_state *dst, const struct bpf_reg_state *src,
	       uint8_t op)
{
	struct bpf_reg_state a, b;
	bool e;

	jmp32_view(dst, &a, &e);
	jmp32_view(src, &b, &e);
	if (op == BPF_JSGT || op == BPF_JSGE || op == BPF_JSLT ||
	    op == BPF_JSLE) {
		if (eb_verifier_reg_is_const(&a) && eb_verifier_reg_is_const(&b)) {
			/* compare the halves sign-extended */
			eb_verifier_mark_reg_known(&a, (uint64_t)(int64_t)(int32_t)a.var_off.value);
			eb_verifier_mark_reg_known(&b, (uint64_t)(int64_t)(int32_t)b.var_off.value);
		} else if (a.umax > INT32_MAX || b.umax > INT32_MAX) {
			return -1;
		}
	}
	return branch_taken(&a, &b, op);
}

/*
 * Whether `a op b` (JMP32: of the low halves) holds for all values of the
 * scalars a and b (1), for none (0), or depends (-1).
 */
int
eb_verifier_scalar_branch_taken(const struct bpf_reg_state *a,
				const struct bpf_reg_state *b, uint8_t op, bool is32)
{
	return is32 ? branch_taken32(a, b, op) : branch_taken(a, b, op);
}

/*
 * Narrows scalars a and b to the values for which `a op b` (JMP32: of
 * the low halves) is `taken`. Returns false if no values are left.
 * JMP32 narrows a register only where its low half is all of it.
 */
bool
eb_verifier_scalar_branch(struct bpf_reg_state *a, struct bpf_reg_state *b, uint8_t op,
			  bool is32, bool taken)
{
	struct bpf_reg_state va = *a, vb = *b;
	bool ea = true, eb = true, ok;

	if (is32) {
		jmp32_view(a, &va, &ea);
		jmp32_view(b, &vb, &eb);
		/* signed compares of two values below 2^31 are unsigned ones */
		if (op >= BPF_JSGT && op != BPF_JLT && op != BPF_JLE) {
			if (va.umax > INT32_MAX || vb.umax > INT32_MAX)
				return true;	/* no refinement */
			op = op == BPF_JSGT ? BPF_JGT : op == BPF_JSGE ? BPF_JGE :
			     op == BPF_JSLT ? BPF_JLT : BPF_JLE;
		}
	}
	if (op == BPF_JSET) {
		if (taken || !eb_verifier_reg_is_const(&vb))
			return true;
		ok = refine_jset_false(&va, &vb);
	} else {
		ok = refine(&va, &vb, taken ? op : negate(op));
	}
	if (!ok)
		return false;
	if (ea)
		*a = va;
	if (eb)
		*b = vb;
	return true;
}

/* Applies `taken` (whether the jump is taken) to the scalars of state st;
 * returns false if that way is impossible. */
static bool
apply_branch(struct bpf_verifier_state *st, const struct bpf_insn *insn,
	     uint8_t op, bool taken)
{
	struct bpf_reg_state *regs = st->frame[st->curframe]->regs;
	struct bpf_reg_state a = regs[insn->dst_reg], b;
	bool x = BPF_SRC(insn->code) == BPF_X;

	if (x)
		b = regs[insn->src_reg];
	else
		eb_verifier_mark_reg_known(&b, (uint64_t)(int64_t)insn->imm);
	if (!eb_verifier_scalar_branch(&a, &b, op, BPF_CLASS(insn->code) == BPF_JMP32,
				       taken))
		return false;
	if (x) {
		regs[insn->src_reg] = b;
		if (b.id)
			propagate_scalar(st, &b);
	}
	regs[insn->dst_reg] = a;
	if (a.id)
		propagate_scalar(st, &a);
	return true;
}

struct null_check {
	uint32_t id;
	bool is_null;
};

static void
mark_ptr_or_null_reg(struct bpf_reg_state *r,
		     struct bpf_stack_slot *slot __attribute__((unused)), void *arg)
{
	const struct null_check *nc = arg;

	if (!eb_verifier_type_may_be_null(r->type) || r->id != nc->id)
		return;
	if (nc->is_null) {
		eb_verifier_mark_reg_known(r, 0);
	} else {
		r->type = eb_verifier_type_not_null(r->type);
		r->id = 0;	/* ref_obj_id stays: still to release */
	}
}

/* Marks every copy of the maybe-NULL pointer p NULL (a scalar 0) or
 * not; NULL acquired nothing, so holds no reference. */
static void
mark_ptr_or_null(struct bpf_verifier_state *st, const struct bpf_reg_state *p,
		 bool is_null)
{
	struct null_check nc = { p->id, is_null };

	if (is_null && p->ref_obj_id)
		eb_verifier_drop_ref(st, p->ref_obj_id);
	eb_verifier_for_each_reg(st, mark_ptr_or_null_reg, &nc);
}

/* The jump at the current insn went only one way on some path, or the
 * pointer arithmetic there was checked against its scalar's bounds: the
 * values it computes with matter for pruning from now on. */
void
eb_verifier_mark_decided(struct verifier *v)
{
	uint8_t *f = &v->insn_flags[v->cur->insn_idx];

	if (!(*f & INSN_DECIDED)) {
		*f |= INSN_DECIDED;
		eb_verifier_precision_changed(v, v->cur->insn_idx);
	}
}

/* A comparison with a pointer: the null check, or refused. */
static int
check_ptr_cmp(struct verifier *v, const struct bpf_insn *insn,
	      const struct bpf_reg_state *dst, const struct bpf_reg_state *src,
	      uint32_t *next)
{
	uint8_t op = BPF_OP(insn->code);
	const struct bpf_reg_state *p = eb_verifier_reg_is_pointer(dst) ? dst : src;
	const struct bpf_reg_state *o = p == dst ? src : dst;
	int pregno = p == dst ? insn->dst_reg : insn->src_reg;
	uint32_t target = v->cur->insn_idx + insn->off + 1;
	struct bpf_verifier_state *other;
	int err;

	if (p->type == PTR_TO_BTF_ID && v->env->allow_ptr_leaks) {
		/* a kernel struct's address, maybe NULL, compared as a
		 * privileged program may (Linux's allow_ptr_leaks); loads
		 * through it are safe either way: both ways go on, the
		 * registers as they were */
		if ((err = eb_verifier_push_branch(v, target, &other)))
			return err;
		*next = v->cur->insn_idx + 1;
		return 0;
	}
	if (o->type == SCALAR_VALUE)
		eb_verifier_mark_decided(v);	/* whether it is 0 decides acceptance */
	if (BPF_CLASS(insn->code) == BPF_JMP32)
		return eb_verifier_verbose(v, "32-bit comparison of r%d, a %s, is not allowed",
					   pregno, eb_verifier_reg_type_str(p->type));
	if ((op != BPF_JEQ && op != BPF_JNE) || !eb_verifier_reg_is_const(o) ||
	    o->var_off.value != 0)
		return eb_verifier_verbose(v, "comparison of r%d, a %s, would leak its address (only == 0 and != 0 are allowed)",
					   pregno, eb_verifier_reg_type_str(p->type));
	if (!eb_verifier_type_may_be_null(p->type)) {
		/* a valid pointer is never NULL */
		*next = op == BPF_JNE ? target : v->cur->insn_idx + 1;
		return 0;
	}
	if ((err = eb_verifier_push_branch(v, target, &other)))
		return err;
	mark_ptr_or_null(other, p, op == BPF_JEQ);
	mark_ptr_or_null(v->cur, p, op != BPF_JEQ);
	*next = v->cur->insn_idx + 1;
	return 0;
}

/*
 * Checks a conditional jump and sets *next to the instruction this path
 * continues with; a feasible other way is pushed as a pending branch.
 * Returns 0, 1 when neither way is possible (the path ends), or -errno
 * (logged).
 */
int
eb_verifier_check_cond_jmp(struct verifier *v, const struct bpf_insn *insn, uint32_t *next)
{
	struct bpf_reg_state *regs = eb_verifier_cur_regs(v), *dst, srcv;
	struct bpf_verifier_state *other;
	uint8_t op = BPF_OP(insn->code);
	uint32_t fall = v->cur->insn_idx + 1, target;
	int taken, err;

	target = fall + insn->off;
	if ((err = eb_verifier_check_reg_read(v, insn->dst_reg)))
		return err;
	dst = &regs[insn->dst_reg];
	if ((err = eb_verifier_read_source(v, insn, &srcv)))
		return err;
	if (eb_verifier_reg_is_pointer(dst) || eb_verifier_reg_is_pointer(&srcv))
		return check_ptr_cmp(v, insn, dst, &srcv, next);
	taken = eb_verifier_scalar_branch_taken(dst, &srcv, op,
						BPF_CLASS(insn->code) == BPF_JMP32);
	if (taken >= 0) {
		eb_verifier_mark_decided(v);
		*next = taken ? target : fall;
		return 0;
	}
	if ((err = eb_verifier_push_branch(v, target, &other)))
		return err;
	if (!apply_branch(other, insn, op, true)) {
		eb_verifier_drop_branch(v);
		eb_verifier_mark_decided(v);
	}
	if (!apply_branch(v->cur, insn, op, false)) {
		eb_verifier_mark_decided(v);
		return 1;	/* this way is impossible: the path ends */
	}
	*next = fall;
	return 0;
}
