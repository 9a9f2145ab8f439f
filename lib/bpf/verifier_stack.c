/*
 * The stack of each call chain, after the walk, as Linux's
 * check_max_stack_depth: each function's frame is the most stack any
 * path of it touched (its deepest byte below r10, written through r10 or
 * a pointer derived from it, by the program or a helper), rounded up to
 * 16 bytes (Linux's round_up_stack_depth with a JIT); the frames of one
 * chain of calls, main's included, must fit in BPF_STACK_SIZE together.
 * A callback counts as a frame above the function that names it (its
 * BPF_PSEUDO_FUNC lddw), as Linux counts it.
 *
 * A tail call made in a subprogram replaces only the subprogram's frame:
 * its callers' frames stay under the program it enters, and that one may
 * do the same, up to MAX_TAIL_CALL_CNT times. As Linux, the callers'
 * stack on every chain of calls reaching a subprogram that tail-calls
 * must stay under 256 bytes.
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
#define NO_CALL UINT32_MAX

/* The frame of the subprogram starting at start, in bytes. */
static unsigned
frame_bytes(const struct verifier *v, uint32_t start)
{
	return (v->sub_stack[start] + 15u) & ~15u;
}

/* The subprogram insn i enters a frame for: a local call's, or a
 * callback's whose address it loads; NO_CALL for any other insn. */
static uint32_t
callee(const struct verifier *v, uint32_t i)
{
	const struct bpf_insn *in = &v->insns[i];

	if ((in->code == (BPF_JMP | BPF_CALL) && in->src_reg == BPF_PSEUDO_CALL) ||
	    (in->code == (BPF_LD | BPF_IMM | BPF_DW) && in->src_reg == BPF_PSEUDO_FUNC))
		return i + 1 + (uint32_t)in->imm;
	return NO_CALL;
}

/* Contract in verifier_impl.h. */
bool
eb_verifier_names_callback(const struct verifier *v, uint32_t start,
			   uint32_t cb)
{
	for (uint32_t i = start; i < v->len; i++) {
		if (i > start && (v->insn_flags[i] & INSN_SUB_START))
			break;
		if (v->insns[i].code == (BPF_LD | BPF_IMM | BPF_DW) &&
		    !(v->insn_flags[i] & INSN_LDDW_HI) && callee(v, i) == cb)
			return true;
	}
	return false;
}

/* Whether in is a call of bpf_tail_call. */
static bool
is_tail_call(const struct bpf_insn *in)
{
	return in->code == (BPF_JMP | BPF_CALL) && in->src_reg == 0 &&
	       in->imm == BPF_FUNC_tail_call;
}

/* Subprogram start as frame `frames` with `below` bytes of callers'
 * stack under it: refused past BPF_STACK_SIZE in all (Linux's text),
 * else counted in stats.stack_depth. */
static int
check_chain(struct verifier *v, uint32_t start, unsigned below,
	    unsigned frames)
{
	unsigned total = below + frame_bytes(v, start);

	if (total > BPF_STACK_SIZE) {
		v->idx = UINT32_MAX;	/* a chain's fault, no one insn's */
		return eb_verifier_verbose(v, "combined stack size of %u calls is %u. Too large",
					   frames, total);
	}
	if (v->stats.stack_depth < total)
		v->stats.stack_depth = total;
	return 0;
}

/* One depth: below[s], the most callers' stack under subprogram s as
 * frame `frames`, gives deeper[t] for the subprograms t it calls.
 * Returns 0 (*more: some t was reached) or refuses. */
static int
next_depth(struct verifier *v, const uint16_t *below, uint16_t *deeper,
	   unsigned frames, bool *more)
{
	uint32_t start = 0, t;
	int err;

	memset(deeper, 0xff, v->len * sizeof(*deeper));
	*more = false;
	for (uint32_t i = 0; i < v->len; i++) {
		if (v->insn_flags[i] & INSN_SUB_START) {
			start = i;
			if (below[i] != UNREACHED &&
			    (err = check_chain(v, i, below[i], frames)))
				return err;
		}
		if (below[start] == UNREACHED || (v->insn_flags[i] & INSN_LDDW_HI))
			continue;
		if ((t = callee(v, i)) != NO_CALL) {
			uint16_t d = (uint16_t)(below[start] + frame_bytes(v, start));

			if (frames < BPF_VERIFIER_MAX_CALL_DEPTH &&
			    (deeper[t] == UNREACHED || deeper[t] < d)) {
				deeper[t] = d;
				*more = true;
			}
		} else if (is_tail_call(&v->insns[i]) && frames > 1 &&
			   below[start] >= TAIL_CALLER_STACK_MAX) {
			v->idx = i;
			return eb_verifier_verbose(v, "tail_calls are not allowed when call stack of previous frames is %u bytes. Too large",
						   below[start]);
		}
	}
	return 0;
}

/* Gives env->stack_depth (if asked) each insn's function's frame. */
static void
report_frames(struct verifier *v)
{
	uint32_t start = 0;

	if (!v->env->stack_depth)
		return;
	for (uint32_t i = 0; i < v->len; i++) {
		if (v->insn_flags[i] & INSN_SUB_START)
			start = i;
		v->env->stack_depth[i] = (uint16_t)frame_bytes(v, start);
	}
}

/* Contract in verifier_impl.h. */
int
eb_verifier_check_stack_depth(struct verifier *v)
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
	if (!err)
		report_frames(v);
	return err;
}
