/*
 * bpf_loop (helper 181), as Linux's kernel/bpf/bpf_iter.c: calls a
 * callback, a subprogram of the program whose address lddw of
 * BPF_PSEUDO_FUNC gives, with (index, ctx) nr_loops times or until it
 * returns 1. The verifier walks the callback as a frame above the caller
 * (verifier_call.c). The loop itself is here for both backends; how one
 * iteration runs is theirs: the interpreter runs the callback's
 * pre-decoded instructions in a new frame (interp.c), the JIT'd callback
 * is a function of the image, called as C calls it (bpf_jit.c).
 */
#include <ebreak/errno.h>
#include "bpf/helpers.h"

/* Contract in helpers.h. */
int64_t
eb_bpf_loop(uint64_t nr_loops, const void *fn, uint64_t ctx, uint64_t flags,
	    eb_bpf_callback_run_t call, void *run)
{
	uint32_t nr = (uint32_t)nr_loops, i;

	if (flags)
		return -EINVAL;
	if (nr > BPF_MAX_LOOPS)
		return -E2BIG;
	for (i = 0; i < nr; i++)
		if (call(fn, i, ctx, run))
			return i + 1;
	return nr;
}

/* One iteration of a JIT'd callback: its entry is a function of the
 * image taking r1 and r2 in a0 and a1, r0 back in a0. */
static uint64_t
call_native(const void *fn, uint64_t index, uint64_t ctx, void *run)
{
	(void)run;
	return ((uint64_t (*)(uint64_t, uint64_t))fn)(index, ctx);
}

static uint64_t
loop(uint64_t nr_loops, uint64_t fn, uint64_t ctx, uint64_t flags,
     uint64_t r5)
{
	(void)r5;
	return (uint64_t)eb_bpf_loop(nr_loops, (const void *)(uintptr_t)fn, ctx,
				     flags, call_native, NULL);
}

const struct bpf_func_proto bpf_loop_proto = {
	.name = "loop",
	.func = loop,
	.ret_type = RET_INTEGER,
	.arg_type = { ARG_ANYTHING, ARG_PTR_TO_FUNC, ARG_PTR_TO_STACK_OR_NULL,
		      ARG_ANYTHING },
};
