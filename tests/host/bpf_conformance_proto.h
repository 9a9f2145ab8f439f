/* The bpf_conformance suite's helpers, for its host test
 * (bpf_conformance_test.c) and the in-kernel one (tests/kernel/
 * bpf_jit_test.c): helper 5, uBPF's "unwind". */
#ifndef TESTS_BPF_CONFORMANCE_PROTO_H
#define TESTS_BPF_CONFORMANCE_PROTO_H
#include "bpf/helpers.h"

/* Returns its argument; the program stops with r0 = 0 when that is 0. */
static uint64_t
conformance_unwind(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4,
		   uint64_t r5)
{
	return r1;
}

static const struct bpf_func_proto conformance_unwind_proto = {
	.func = conformance_unwind,
	.ret_type = RET_INTEGER,
	.arg_type = { ARG_ANYTHING },
	.unwind_on_zero = true,
};

static inline const struct bpf_func_proto *
conformance_proto(uint32_t id)
{
	return id == 5 ? &conformance_unwind_proto : NULL;
}

#endif
