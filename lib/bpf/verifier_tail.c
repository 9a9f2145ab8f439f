/*
 * The stack below a tail call made in a subprogram. Such a call replaces
 * only the subprogram's frame: its callers' frames stay under the
 * program it enters, and that one may do the same, up to
 * MAX_TAIL_CALL_CNT times. As Linux's check_max_stack_depth, the callers'
 * stack on every chain of calls reaching a subprogram that tail-calls
 * must stay under 256 bytes, each frame counted as the most stack any
 * path of it used, rounded up to 16 bytes.
 */
#include "bpf/verifier_impl.h"

#define TAIL_CALLER_STACK_MAX 256

/* Walks the subprogram at start, entered with `below` bytes of callers'
 * stack under it as its frames-th frame, and the subprograms it calls.
 * Returns 0 or refuses. */
static int
walk_calls(struct verifier *v, uint32_t start, uint32_t below, unsigned frames)
{
	uint32_t own = (v->sub_stack[start] + 15u) & ~15u;
	int err;

	for (uint32_t i = start; i < v->len &&
	     (i == start || !(v->insn_flags[i] & INSN_SUB_START)); i++) {
		const struct bpf_insn *in = &v->insns[i];

		if ((v->insn_flags[i] & INSN_LDDW_HI) ||
		    in->code != (BPF_JMP | BPF_CALL))
			continue;
		if (in->src_reg == BPF_PSEUDO_CALL) {
			if (frames < BPF_VERIFIER_MAX_CALL_DEPTH &&
			    (err = walk_calls(v, i + 1 + in->imm, below + own,
					      frames + 1)))
				return err;
		} else if (in->src_reg == 0 && in->imm == BPF_FUNC_tail_call &&
			   frames > 1 && below >= TAIL_CALLER_STACK_MAX) {
			v->idx = i;
			return eb_verifier_verbose(v, "tail_calls are not allowed when call stack of previous frames is %u bytes. Too large",
						   below);
		}
	}
	return 0;
}

/* Contract in verifier_impl.h. */
int
eb_verifier_check_tail_stack(struct verifier *v)
{
	return walk_calls(v, 0, 0, 1);
}
