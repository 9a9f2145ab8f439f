/*
 * The stack helpers in fentry and fexit programs (Linux allows them in
 * BPF_PROG_TYPE_TRACING), on tests/kernel/bpf_fentry_test.c's
 * fentry_chain_c, called from fentry_chain_b, called from
 * fentry_chain_a: each program keeps the stack bpf_get_stack gives and
 * the id bpf_get_stackid gives it, which the test symbolizes and
 * compares with the chain; with a buffer of two frames (the first two
 * kept), and more frames skipped than there are (-EFAULT, the buffer
 * zeroed, the id -EFAULT), as Linux's.
 */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

#define DEPTH 6

struct {
	__uint(type, BPF_MAP_TYPE_STACK_TRACE);
	__uint(max_entries, 16);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, DEPTH * sizeof(__u64));
} stacks SEC(".maps");

__u64 entry_stack[DEPTH], exit_stack[DEPTH], skip1_stack[DEPTH];
long entry_len, exit_len, skip1_len, entry_id = -1;
__u64 small_stack[2], past_stack[DEPTH] = { 1, 1, 1, 1, 1, 1 };
long small_len, past_len, past_id;

SEC("fentry/fentry_chain_c")
int BPF_PROG(chain_entry, long n)
{
	entry_len = bpf_get_stack(ctx, entry_stack, sizeof(entry_stack), 0);
	skip1_len = bpf_get_stack(ctx, skip1_stack, sizeof(skip1_stack), 1);
	entry_id = bpf_get_stackid(ctx, &stacks, 0);
	small_len = bpf_get_stack(ctx, small_stack, sizeof(small_stack), 0);
	past_len = bpf_get_stack(ctx, past_stack, sizeof(past_stack), 200);
	past_id = bpf_get_stackid(ctx, &stacks, 200);
	return 0;
}

SEC("fexit/fentry_chain_c")
int BPF_PROG(chain_exit, long n, long ret)
{
	exit_len = bpf_get_stack(ctx, exit_stack, sizeof(exit_stack), 0);
	return 0;
}
