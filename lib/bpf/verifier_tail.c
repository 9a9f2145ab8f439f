/*
 * The stack below a tail call made in a subprogram. Such a call replaces
 * only the subprogram's frame: its callers' frames stay under the
 * program it enters, and that one may do the same, up to
 * MAX_TAIL_CALL_CNT times. As Linux's check_max_stack_depth, the callers'
 * stack on every chain of calls reaching a subprogram that tail-calls
 * must stay under 256 bytes, each frame counted as the most stack any
 * path of it used, rounded up to 16 bytes.
 *
 * The chains are followed a frame at a time, keeping per subprogram only
 * the most stack under it at that depth: BPF_VERIFIER_MAX_CALL_DEPTH
 * passes over the program, however many chains there are.
 */
#include <ebreak/errno.h>
#include <ebreak/libc.h>
#include <ebreak/port.h>
#include "bpf/verifier_impl.h"

#define TAIL_CALLER_STACK_MAX 256
#define UNREACHED 0xffff	/* no chain of this depth reaches it */

/* One depth: below[s], the most callers' stack under subprogram s as
 * frame `frames`, gives deeper[t] for the subprograms t it calls.
 * Returns 0 (*more: some t was reached) or refuses a tail call. */
static int
next_depth(struct verifier *v, const uint16_t *below, uint16_t *deeper,
	   unsigned frames, bool *more)
{
	uint32_t start = 0;

	memset(deeper, 0xff, v->len * sizeof(*deeper));
	*more = false;
	for (uint32_t i = 0; i < v->len; i++) {
		const struct bpf_insn *in = &v->insns[i];

		if (v->insn_flags[i] & INSN_SUB_START)
			start = i;
		if (below[start] == UNREACHED || (v->insn_flags[i] & INSN_LDDW_HI) ||
		    in->code != (BPF_JMP | BPF_CALL))
			continue;
		if (in->src_reg == BPF_PSEUDO_CALL) {
			uint32_t t = i + 1 + in->imm;
			uint16_t d = below[start] +
				     ((v->sub_stack[start] + 15u) & ~15u);

			if (frames < BPF_VERIFIER_MAX_CALL_DEPTH &&
			    (deeper[t] == UNREACHED || deeper[t] < d)) {
				deeper[t] = d;
				*more = true;
			}
		} else if (in->src_reg == 0 && in->imm == BPF_FUNC_tail_call &&
			   frames > 1 && below[start] >= TAIL_CALLER_STACK_MAX) {
			v->idx = i;
			return eb_verifier_verbose(v, "tail_calls are not allowed when call stack of previous frames is %u bytes. Too large",
						   below[start]);
		}
	}
	return 0;
}

/* Contract in verifier_impl.h. */
int
eb_verifier_check_tail_stack(struct verifier *v)
{
	uint16_t *a = eb_port_alloc(2 * v->len * sizeof(*a)), *b, *t;
	bool more = true;
	int err = 0;

	if (!a)
		return -ENOMEM;
	b = a + v->len;
	memset(a, 0xff, v->len * sizeof(*a));
	a[0] = 0;	/* main: frame 1, nothing under it */
	for (unsigned frames = 1; more && !err; frames++) {
		err = next_depth(v, a, b, frames, &more);
		t = a, a = b, b = t;
	}
	eb_port_free(a < b ? a : b);
	return err;
}
