/*
 * The helpers of TRACING (fentry, fexit) programs, as Linux's
 * (kernel/trace/bpf_trace.c): the traced function's address, its
 * arguments by index, their number and fexit's return value, read
 * behind and in the context (helpers.h's struct bpf_tracing_run); the
 * stack helpers are lib/core/bpf_stack.c's.
 */
/* Each helper takes all five registers, the signature the interpreter
 * calls; most read fewer. */
#pragma GCC diagnostic ignored "-Wunused-parameter"

#include <ebreak/errno.h>
#include "bpf/helpers.h"

/* get_func_ip(ctx): the traced function's address. */
static uint64_t
get_func_ip(uint64_t ctx, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5)
{
	return bpf_tracing_run_of(ctx)->func_ip;
}

static const struct bpf_func_proto get_func_ip_proto = {
	.func = get_func_ip,
	.gpl_only = true,
	.ret_type = RET_INTEGER,
	.arg_type = { ARG_PTR_TO_CTX },
};

/* get_func_arg(ctx, n, value): argument n in *value, 0; -EINVAL past
 * the last (Linux leaves *value as it was; here it is zeroed, so that no
 * stale stack goes into a map). */
static uint64_t
get_func_arg(uint64_t ctx, uint64_t n, uint64_t value, uint64_t r4,
	     uint64_t r5)
{
	const struct bpf_tracing_run *run = bpf_tracing_run_of(ctx);
	uint64_t *v = (uint64_t *)(uintptr_t)value;

	if (n >= run->nr_args) {
		*v = 0;
		return (uint64_t)-EINVAL;
	}
	*v = run->args[n];
	return 0;
}

static const struct bpf_func_proto get_func_arg_proto = {
	.func = get_func_arg,
	.ret_type = RET_INTEGER,
	.arg_type = { ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_PTR_TO_LONG },
};

/* get_func_ret(ctx, value): fexit's return value in *value, 0. */
static uint64_t
get_func_ret(uint64_t ctx, uint64_t value, uint64_t r3, uint64_t r4,
	     uint64_t r5)
{
	const struct bpf_tracing_run *run = bpf_tracing_run_of(ctx);

	*(uint64_t *)(uintptr_t)value = run->args[run->nr_args];
	return 0;
}

static const struct bpf_func_proto get_func_ret_proto = {
	.func = get_func_ret,
	.ret_type = RET_INTEGER,
	.arg_type = { ARG_PTR_TO_CTX, ARG_PTR_TO_LONG },
};

/* get_func_arg_cnt(ctx): the function's number of arguments. */
static uint64_t
get_func_arg_cnt(uint64_t ctx, uint64_t r2, uint64_t r3, uint64_t r4,
		 uint64_t r5)
{
	return bpf_tracing_run_of(ctx)->nr_args;
}

static const struct bpf_func_proto get_func_arg_cnt_proto = {
	.func = get_func_arg_cnt,
	.ret_type = RET_INTEGER,
	.arg_type = { ARG_PTR_TO_CTX },
};

/* fentry programs' helpers (helpers.h). Any context. */
const struct bpf_func_proto *
bpf_fentry_helper_proto(uint32_t id)
{
	switch (id) {
	case BPF_FUNC_get_func_ip:
		return &get_func_ip_proto;
	case BPF_FUNC_get_func_arg:
		return &get_func_arg_proto;
	case BPF_FUNC_get_func_arg_cnt:
		return &get_func_arg_cnt_proto;
	case BPF_FUNC_get_stackid:	/* NULL where not built */
		return &bpf_tracing_get_stackid_proto;
	case BPF_FUNC_get_stack:
		return &bpf_tracing_get_stack_proto;
	}
	return bpf_helper_proto(id);
}

/* fexit programs': fentry's and get_func_ret (helpers.h). Any
 * context. */
const struct bpf_func_proto *
bpf_fexit_helper_proto(uint32_t id)
{
	return id == BPF_FUNC_get_func_ret ? &get_func_ret_proto :
	       bpf_fentry_helper_proto(id);
}
