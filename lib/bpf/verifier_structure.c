/*
 * Static checks before any path is walked, and facts the walk uses.
 *
 * Every instruction must be a valid encoding: the disassembler is the one
 * decoder of encodings (known opcode, unused fields zero, registers that
 * exist, lddw whole). Every jump and local call must land on an
 * instruction inside the program, not on the second half of an lddw.
 * Control flow, as Linux's check_subprogs and check_cfg see it: the
 * program splits into subprograms at 0 and at every local call's target;
 * a jump stays inside its subprogram; a subprogram ends in exit or an
 * unconditional jump, so none falls into the next; every instruction is
 * reachable from the entry (a JIT relies on all three). Paths that never
 * reach exit are found by the walk itself.
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
#include <ebreak/libc.h>
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

/* Whether insn at idx names a subprogram: a local call, or lddw of a
 * function's address (BPF_PSEUDO_FUNC, a callback's); if so *t is its
 * first insn. */
static bool
subprog_target(const struct bpf_insn *insn, uint32_t idx, int64_t *t)
{
	if (insn->code == (BPF_LD | BPF_IMM | BPF_DW) &&
	    insn->src_reg == BPF_PSEUDO_FUNC) {
		*t = (int64_t)idx + insn->imm + 1;
		return true;
	}
	return insn->code == (BPF_JMP | BPF_CALL) && jump_target(insn, idx, t);
}

/* Checks encodings and jump targets; marks lddw halves and prune points.
 * Returns 0 or -EINVAL (logged). */
int
eb_verifier_check_structure(struct verifier *v)
{
	char why[96];
	uint32_t i;
	int64_t t;
	int n;

	for (i = 0; i < v->len; i += n) {
		n = bpf_disasm_insn(v->insns, i, v->len, why, sizeof(why));
		if (n < 0) {
			v->idx = i;
			return eb_verifier_verbose(v, "%s", why);
		}
		if (n == 2)
			v->insn_flags[i + 1] |= INSN_LDDW_HI;
	}
	for (i = 0; i < v->len; i++) {
		const struct bpf_insn *insn = &v->insns[i];

		if ((v->insn_flags[i] & INSN_LDDW_HI) ||
		    !(jump_target(insn, i, &t) || subprog_target(insn, i, &t)))
			continue;
		v->idx = i;
		if (t < 0 || t >= v->len)
			return eb_verifier_verbose(v, "jump to %lld is outside the program (%u instructions)",
						   (long long)t, v->len);
		if (v->insn_flags[t] & INSN_LDDW_HI)
			return eb_verifier_verbose(v, "jump to %lld lands in the middle of an lddw",
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
 * those that matter after it (out): values that address memory, go to a
 * helper, decide a jump that some path could take only one way or are
 * added to a pointer (INSN_DECIDED, found by the walk), or flow into
 * such a value; values
 * stored to memory only if some value loaded from memory matters
 * (mem_precise), and r0 at exit where the return is checked (a
 * subprogram's, env->ret_zero's). The others (an accumulator only
 * returned, a compare
 * whose both ways are walked) are compared by type alone, so that paths
 * differing only in them prune each other. A stored state is used for
 * pruning only once every path from it is walked, and by then every jump
 * decided on those paths is marked: the comparison is as strict as the
 * walk from the stored state needed.
 */
static uint16_t
precise_transfer(struct verifier *v, uint32_t i, uint16_t out)
{
	const struct bpf_insn *insn = &v->insns[i];
	uint16_t d = 1u << insn->dst_reg, s = 1u << insn->src_reg, use, def;
	uint16_t stored = v->mem_precise ? s : 0;
	bool x = BPF_SRC(insn->code) == BPF_X;
	uint8_t op = BPF_OP(insn->code);

	switch (BPF_CLASS(insn->code)) {
	case BPF_ALU:
	case BPF_ALU64:
		if (v->insn_flags[i] & INSN_DECIDED)	/* pointer arithmetic */
			return out | d | (x ? s : 0);
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
		if (BPF_MODE(insn->code) == BPF_ATOMIC &&
		    insn->imm == BPF_CMPXCHG && v->mem_precise)
			stored |= 1;
		return out | d | stored;
	}
	switch (op) {
	case BPF_EXIT:	/* r0 to a caller, or checked as the program's */
		return v->insn_flags[i] & INSN_IN_SUBPROG ||
		       v->env->ret_zero ? 1 : 0;
	case BPF_JA:
		return out;
	case BPF_CALL:
		insn_regs(v, insn, &use, &def);
		return use | (out & ~def);
	}
	if (!(v->insn_flags[i] & INSN_DECIDED))
		return out;
	return out | d | (x ? s : 0);
}

static uint16_t
live_transfer(struct verifier *v, uint32_t i, uint16_t out)
{
	uint16_t use, def;

	insn_regs(v, &v->insns[i], &use, &def);
	return use | (out & ~def);
}

/* The instructions that may run after insn i (at most two): local calls
 * continue at the next instruction (the callee runs in its own frame). */
static uint32_t
successors(struct verifier *v, uint32_t i, uint32_t succ[2])
{
	const struct bpf_insn *insn = &v->insns[i];
	uint8_t cls = BPF_CLASS(insn->code), op = BPF_OP(insn->code);
	bool jmp = cls == BPF_JMP || cls == BPF_JMP32;
	uint32_t n = 0, next = cls == BPF_LD ? i + 2 : i + 1;
	int64_t t;

	if (!(jmp && (op == BPF_EXIT || op == BPF_JA)) && next < v->len)
		succ[n++] = next;
	if (jmp && op != BPF_CALL && jump_target(insn, i, &t))
		succ[n++] = (uint32_t)t;
	return n;
}

/* The union of in[] over the successors of insn i. */
static uint16_t
flow_out(struct verifier *v, const uint16_t *in, uint32_t i)
{
	uint32_t succ[2], n = successors(v, i, succ);
	uint16_t out = 0;

	while (n--)
		out |= in[succ[n]];
	return out;
}

/* Solves in[i] = transfer(i, flow_out(i)) backwards to a fixed point,
 * starting from in[] as it is (values only grow). */
static void
backward_flow(struct verifier *v, uint16_t *in,
	      uint16_t (*transfer)(struct verifier *, uint32_t, uint16_t))
{
	bool changed = true;
	uint16_t r;
	uint32_t i;

	while (changed) {
		changed = false;
		for (i = v->len; i-- > 0;) {
			if (v->insn_flags[i] & INSN_LDDW_HI)
				continue;
			r = transfer(v, i, flow_out(v, in, i));
			if (r != in[i]) {
				in[i] = r;
				changed = true;
			}
		}
	}
}

/* The register insn i loads from memory, as a mask (0 if none). */
static uint16_t
loads(struct verifier *v, uint32_t i)
{
	const struct bpf_insn *insn = &v->insns[i];

	if (BPF_CLASS(insn->code) == BPF_LDX)
		return 1u << insn->dst_reg;
	if (BPF_CLASS(insn->code) != BPF_STX ||
	    BPF_MODE(insn->code) != BPF_ATOMIC)
		return 0;
	if (insn->imm == BPF_CMPXCHG)
		return 1;
	return insn->imm & BPF_FETCH ? 1u << insn->src_reg : 0;
}

/* Once some loaded value matters, stored values do too, everywhere. */
static void
set_mem_precise(struct verifier *v)
{
	v->mem_precise = true;
	backward_flow(v, v->precise_in, precise_transfer);
}

/* Queues insn i to have its precise_in recomputed. */
void
eb_verifier_precision_changed(struct verifier *v, uint32_t i)
{
	if (!(v->insn_flags[i] & INSN_ON_LIST)) {
		v->insn_flags[i] |= INSN_ON_LIST;
		v->work[v->nwork++] = i;
	}
}

/* Brings precise_in (and mem_precise) up to date with the jumps marked
 * INSN_DECIDED so far: recomputes the queued instructions and, as they
 * change, their predecessors. */
void
eb_verifier_update_precision(struct verifier *v)
{
	bool loaded = false;
	uint32_t j, k;
	uint16_t r;

	while (v->nwork) {
		j = v->work[--v->nwork];
		v->insn_flags[j] &= ~INSN_ON_LIST;
		r = precise_transfer(v, j, flow_out(v, v->precise_in, j));
		if (r == v->precise_in[j])
			continue;
		v->precise_in[j] = r;
		for (k = v->pred_start[j]; k < v->pred_start[j + 1]; k++) {
			loaded |= (loads(v, v->preds[k]) & r) != 0;
			eb_verifier_precision_changed(v, v->preds[k]);
		}
	}
	if (loaded && !v->mem_precise)
		set_mem_precise(v);
}

/* Fills v->pred_start/preds: the predecessors of insn i are
 * preds[pred_start[i] .. pred_start[i + 1]). Returns 0 or -ENOMEM. */
static int
build_preds(struct verifier *v)
{
	uint32_t i, n, succ[2], *fill;

	v->pred_start = eb_port_alloc((v->len + 1) * sizeof(*v->pred_start));
	v->preds = eb_port_alloc(2 * v->len * sizeof(*v->preds));
	v->work = eb_port_alloc(v->len * sizeof(*v->work));
	if (!v->pred_start || !v->preds || !v->work)
		return -ENOMEM;
	memset(v->pred_start, 0, (v->len + 1) * sizeof(*v->pred_start));
	for (i = 0; i < v->len; i++)
		for (n = (v->insn_flags[i] & INSN_LDDW_HI) ? 0 :
			 successors(v, i, succ); n--;)
			v->pred_start[succ[n] + 1]++;
	for (i = 0; i < v->len; i++)
		v->pred_start[i + 1] += v->pred_start[i];
	fill = v->work;		/* free until the walk: the fill cursors */
	memcpy(fill, v->pred_start, v->len * sizeof(*fill));
	for (i = 0; i < v->len; i++)
		for (n = (v->insn_flags[i] & INSN_LDDW_HI) ? 0 :
			 successors(v, i, succ); n--;)
			v->preds[fill[succ[n]]++] = i;
	return 0;
}

/* Marks INSN_IN_SUBPROG on what local calls and callbacks reach (up to
 * exit). */
static int
mark_subprogs(struct verifier *v)
{
	uint32_t *stack = v->work, n = 0, i, j, k, succ[2];
	int64_t t;

	for (i = 0; i < v->len; i++) {
		const struct bpf_insn *insn = &v->insns[i];

		if ((v->insn_flags[i] & INSN_LDDW_HI) ||
		    !subprog_target(insn, i, &t) ||
		    (v->insn_flags[t] & INSN_IN_SUBPROG))
			continue;
		v->insn_flags[t] |= INSN_IN_SUBPROG;
		stack[n++] = (uint32_t)t;
		while (n) {
			j = stack[--n];
			for (k = successors(v, j, succ); k--;)
				if (!(v->insn_flags[succ[k]] & INSN_IN_SUBPROG)) {
					v->insn_flags[succ[k]] |= INSN_IN_SUBPROG;
					stack[n++] = succ[k];
				}
		}
	}
	return 0;
}

/* Computes v->live_in and a first v->precise_in (needs eb_verifier_check_structure
 * first). Returns 0 or -ENOMEM. */
int
eb_verifier_compute_liveness(struct verifier *v)
{
	uint32_t i;
	int err;

	if ((err = build_preds(v)) || (err = mark_subprogs(v)))
		return err;
	backward_flow(v, v->live_in, live_transfer);
	backward_flow(v, v->precise_in, precise_transfer);
	for (i = 0; i < v->len; i++)
		if (!(v->insn_flags[i] & INSN_LDDW_HI) &&
		    (loads(v, i) & flow_out(v, v->precise_in, i))) {
			set_mem_precise(v);
			break;
		}
	return 0;
}

/* The last instruction at or before i that is not an lddw's second half. */
static uint32_t
insn_start(struct verifier *v, uint32_t i)
{
	return (v->insn_flags[i] & INSN_LDDW_HI) ? i - 1 : i;
}

/* Subprograms: marks their starts and checks that each ends in exit or
 * ja and that no jump leaves one; none starts at insn 0, main's (Linux:
 * main is global, no callback, and a call to it recurses; the JIT
 * enters main through the run's frame). Returns 0 or -EINVAL (logged). */
static int
check_subprogs(struct verifier *v)
{
	uint32_t i, start = 0;
	int64_t t;

	v->insn_flags[0] |= INSN_SUB_START;
	for (i = 0; i < v->len; i++) {
		if ((v->insn_flags[i] & INSN_LDDW_HI) ||
		    !subprog_target(&v->insns[i], i, &t))
			continue;
		if (t == 0) {
			v->idx = i;
			return eb_verifier_verbose(v, "insn 0 (the main program) is no subprogram: no call or callback may start there");
		}
		v->insn_flags[t] |= INSN_SUB_START;
	}
	for (i = 0; i <= v->len; i++) {
		if (i < v->len && !(v->insn_flags[i] & INSN_SUB_START))
			continue;
		if (i > 0) {
			const struct bpf_insn *last = &v->insns[insn_start(v, i - 1)];
			uint8_t op = BPF_OP(last->code), cls = BPF_CLASS(last->code);
			v->idx = insn_start(v, i - 1);
			if ((cls != BPF_JMP && cls != BPF_JMP32) ||
			    (op != BPF_EXIT && op != BPF_JA))
				return i < v->len ?
				       eb_verifier_verbose(v, "the last instruction of the subprogram at %u is not exit or ja: it falls into the next subprogram at %u",
							   start, i) :
				       eb_verifier_verbose(v, "the last instruction is not exit or ja: it falls through past the end");
		}
		start = i;
	}
	for (i = 0, start = 0; i < v->len; i++) {
		if (v->insn_flags[i] & INSN_SUB_START)
			start = i;
		if ((v->insn_flags[i] & INSN_LDDW_HI) ||
		    BPF_OP(v->insns[i].code) == BPF_CALL ||
		    !jump_target(&v->insns[i], i, &t))
			continue;
		uint32_t lo = (uint32_t)(t < i ? t : i), hi = (uint32_t)(t < i ? i : t);
		for (uint32_t j = lo + 1; j <= hi; j++)
			if (v->insn_flags[j] & INSN_SUB_START) {
				v->idx = i;
				return eb_verifier_verbose(v, "jump to %lld leaves the subprogram at %u",
							   (long long)t, start);
			}
	}
	return 0;
}

/* The successors of i for reachability: those of the walk, and a
 * subprogram it calls or takes the address of too. */
static uint32_t
cfg_successors(struct verifier *v, uint32_t i, uint32_t succ[3])
{
	uint32_t n = successors(v, i, succ);
	int64_t t;

	if (subprog_target(&v->insns[i], i, &t))
		succ[n++] = (uint32_t)t;
	return n;
}

/*
 * Checks subprograms and that every instruction is reachable; marks the
 * back edges (jumps to an instruction on their own depth-first path) for
 * eb_verifier_name_loop. After eb_verifier_check_structure. Returns 0,
 * -EINVAL (logged) or -ENOMEM.
 */
int
eb_verifier_check_cfg(struct verifier *v)
{
	uint32_t *stack = eb_port_alloc(v->len * sizeof(*stack)), n = 0, i;
	uint8_t *next = eb_port_alloc(v->len);	/* successors done, per insn */
	int err = check_subprogs(v);

	if (!err && (!stack || !next))
		err = -ENOMEM;
	if (!err) {
		memset(next, 0, v->len);
		v->insn_flags[0] |= INSN_SEEN;
		stack[n++] = 0;
	}
	while (!err && n) {
		uint32_t succ[3], i = stack[n - 1];
		uint32_t k = cfg_successors(v, i, succ);
		if (next[i] == k) {
			n--;		/* done: off the path */
			next[i] = 0xff;
			continue;
		}
		uint32_t s = succ[next[i]++];
		if (!(v->insn_flags[s] & INSN_SEEN)) {
			v->insn_flags[s] |= INSN_SEEN;
			stack[n++] = s;
		} else if (next[s] != 0xff) {
			v->insn_flags[i] |= INSN_BACK_EDGE;	/* s is on the path */
		}
	}
	for (i = 0; !err && i < v->len; i++)
		if (!(v->insn_flags[i] & (INSN_SEEN | INSN_LDDW_HI))) {
			v->idx = i;
			err = eb_verifier_verbose(v, "unreachable instruction");
		}
	eb_port_free(stack);
	eb_port_free(next);
	return err;
}

/* Describes the loop the walk is in at v->idx, for the message when the
 * budget runs out: the innermost back edge around it, or any. */
void
eb_verifier_name_loop(struct verifier *v, char *buf, size_t size)
{
	uint32_t best = v->len, span = ~0u;
	int64_t t, to = 0;

	for (uint32_t i = 0; i < v->len; i++) {
		if (!(v->insn_flags[i] & INSN_BACK_EDGE) ||
		    !jump_target(&v->insns[i], i, &t))
			continue;
		bool around = t <= v->idx && v->idx <= i;
		if (best == v->len || (around && i - t < span)) {
			best = i;
			to = t;
			span = around ? (uint32_t)(i - t) : ~0u;
		}
	}
	if (best == v->len)
		eb_snprintf(buf, size, "too complex");
	else
		eb_snprintf(buf, size, "the loop back from insn %u to %lld has no proven bound",
			    best, (long long)to);
}
