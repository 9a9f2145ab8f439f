/*
 * fentry and fexit programs as libbpf's users write them (BPF_PROG), on
 * tests/kernel/bpf_fentry_test.c's fentry_target (eight arguments of
 * several widths and signs, one a pointer read with BPF_CORE_READ) and
 * fentry_void (no return value): each argument, the return value and
 * the tracing helpers' answers recorded in `results`, which the test
 * compares with what it passed and got; fentry_recurse (each nested
 * call's own argument and return value at its fexit).
 */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "fentry_results.h"

char LICENSE[] SEC("license") = "GPL";

struct fentry_results results;

/* The kernel's struct, as this program declares it: relocated. */
struct fentry_pair___local {
	long a;
} __attribute__((preserve_access_index));

/* The eight arguments into args, each widened as C widens it. */
static __always_inline void
keep(unsigned long long *args, long a, int b, unsigned long c,
     struct fentry_pair___local *p, signed char d, short e, unsigned int f,
     long g)
{
	args[0] = a;
	args[1] = b;
	args[2] = c;
	args[3] = (unsigned long)p;
	args[4] = d;
	args[5] = e;
	args[6] = f;
	args[7] = g;
}

SEC("fentry/fentry_target")
int BPF_PROG(on_entry, long a, int b, unsigned long c,
	     struct fentry_pair___local *p, signed char d, short e,
	     unsigned int f, long g)
{
	__u64 v = 0;

	keep(results.entry_args, a, b, c, p, d, e, f, g);
	results.entry_p_a = BPF_CORE_READ(p, a);
	results.entry_cnt = bpf_get_func_arg_cnt(ctx);
	results.entry_ip = bpf_get_func_ip(ctx);
	results.entry_arg2_rc = bpf_get_func_arg(ctx, 2, &v);
	results.entry_arg2 = v;
	results.entry_past_rc = bpf_get_func_arg(ctx, 8, &v);
	results.entry_cookie = bpf_get_attach_cookie(ctx);
	__sync_fetch_and_add(&results.entry_runs, 1);
	return 0;
}

SEC("fexit/fentry_target")
int BPF_PROG(on_exit, long a, int b, unsigned long c,
	     struct fentry_pair___local *p, signed char d, short e,
	     unsigned int f, long g, long ret)
{
	__u64 v = 0;

	keep(results.exit_args, a, b, c, p, d, e, f, g);
	results.exit_ret = ret;
	results.exit_func_ret_rc = bpf_get_func_ret(ctx, &v);
	results.exit_func_ret = v;
	results.exit_cnt = bpf_get_func_arg_cnt(ctx);
	results.exit_cookie = bpf_get_attach_cookie(ctx);
	__sync_fetch_and_add(&results.exit_runs, 1);
	return 0;
}

/* A void function's return slot is read as Linux lets it be: a number,
 * whatever a0 held; the same one get_func_ret gives. */
SEC("fexit/fentry_void")
int BPF_PROG(on_void_exit, long a, long ret)
{
	__u64 v = 0;

	bpf_get_func_ret(ctx, &v);
	results.void_ret = ret;
	results.void_func_ret = v;
	results.void_arg = a;
	results.void_cnt = bpf_get_func_arg_cnt(ctx);
	__sync_fetch_and_add(&results.void_runs, 1);
	return 0;
}

SEC("fentry/fentry_recurse")
int BPF_PROG(on_recurse_entry, long n)
{
	__sync_fetch_and_add(&results.recurse_entry_runs, 1);
	return 0;
}

SEC("fexit/fentry_recurse")
int BPF_PROG(on_recurse_exit, long n, long ret)
{
	if (ret != 3 * n + 1)
		__sync_fetch_and_add(&results.recurse_exit_bad, 1);
	__sync_fetch_and_add(&results.recurse_exit_n_sum, n);
	__sync_fetch_and_add(&results.recurse_exit_runs, 1);
	return 0;
}
