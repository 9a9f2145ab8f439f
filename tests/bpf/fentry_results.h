/* What tests/bpf/fentry.bpf.c records, in its global `results`, and the
 * struct its traced function takes: included by it and by
 * tests/kernel/bpf_fentry_test.c, so the layout is written once. */
#ifndef TESTS_BPF_FENTRY_RESULTS_H
#define TESTS_BPF_FENTRY_RESULTS_H

/* fentry_target's fourth argument points at one. */
struct fentry_pair {
	long a;
	int b;
};

/* fentry_deref's argument: loads two levels deep through it. */
struct fentry_inner {
	long x;
	int y;
};

struct fentry_node {
	int tag;
	struct fentry_inner *inner;
	struct fentry_node *next;
	char name[8];
};

/* What tests/bpf/fentry_deref.bpf.c records of fentry_deref(n), which
 * returns n->inner (NULL for n NULL), its global `deref`: direct loads
 * through the argument (n->tag, n->inner->x, n->next->tag, n->name[1],
 * n->inner->y by CO-RE) at the entry; through the return value
 * (ret->x) and n->next->inner->y at the exit; the runs. */
struct fentry_deref_results {
	long long tag, inner_x, next_tag, name1, core_y;
	long long ret_x, next_inner_y;
	unsigned long long entry_runs, exit_runs;
};

struct fentry_results {
	/* fentry_target's fentry: BPF_PROG's eight arguments, p->a read
	 * by BPF_CORE_READ, bpf_get_func_arg_cnt, bpf_get_func_ip,
	 * bpf_get_func_arg(ctx, 2) and its return, bpf_get_func_arg(ctx,
	 * 8)'s return (past the last), its runs, bpf_get_attach_cookie */
	unsigned long long entry_args[8], entry_p_a, entry_cnt, entry_ip;
	unsigned long long entry_arg2, entry_arg2_rc, entry_past_rc;
	unsigned long long entry_runs, entry_cookie;
	/* its fexit: the arguments, BPF_PROG's return value,
	 * bpf_get_func_ret's value and return, the count, its runs, the
	 * cookie */
	unsigned long long exit_args[8], exit_ret, exit_func_ret;
	unsigned long long exit_func_ret_rc, exit_cnt, exit_runs, exit_cookie;
	/* fentry_void's fexit: its argument, the count (no return value),
	 * its runs */
	unsigned long long void_arg, void_cnt, void_runs;
	/* its return slot as an argument and by get_func_ret: one number */
	unsigned long long void_ret, void_func_ret;
	/* fentry_recurse's fentry: its runs; its fexit: its runs, the sum
	 * of their arguments, the runs whose return value was not 3n + 1 */
	unsigned long long recurse_entry_runs, recurse_exit_runs;
	unsigned long long recurse_exit_n_sum, recurse_exit_bad;
};

#endif
