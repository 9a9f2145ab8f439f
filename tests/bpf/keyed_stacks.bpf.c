/*
 * Stacks kept in a struct key, as libbpf-tools' offcputime and profile
 * keep them: kmalloc's callers counted by pid and kernel stack id (the
 * user stack id is -EFAULT: ebreak walks no user stacks).
 * `bpf dump by_task stacks stacks` shows each pid with its stack; the
 * two maps never written have keys it refuses: two stack ids and no
 * kern* one, and none (tests/kernel/bpf_shell-check.sh).
 */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_STACK_TRACE);
	__uint(max_entries, 256);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, 16 * sizeof(__u64));
} stacks SEC(".maps");

struct key_t {
	__u32 pid;
	__s64 kern_stack_id;
	__s64 user_stack_id;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 256);
	__type(key, struct key_t);
	__type(value, __u64);
} by_task SEC(".maps");

struct two_ids {
	__u32 a_stackid;
	__u32 b_stack_id;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, struct two_ids);
	__type(value, __u64);
} two SEC(".maps");

struct no_id {
	__u32 pid;
	__u32 cpu;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, struct no_id);
	__type(value, __u64);
} none SEC(".maps");

SEC("kprobe/kmalloc")
int BPF_KPROBE(count_stack)
{
	struct key_t key = {};
	__u64 one = 1, *v;

	key.pid = bpf_get_current_pid_tgid() >> 32;
	key.kern_stack_id = bpf_get_stackid(ctx, &stacks, 0);
	key.user_stack_id = -14;	/* -EFAULT, as offcputime's without one */
	if (key.kern_stack_id < 0)
		return 0;
	v = bpf_map_lookup_elem(&by_task, &key);
	if (v)
		__sync_fetch_and_add(v, 1);
	else
		bpf_map_update_elem(&by_task, &key, &one, BPF_NOEXIST);
	return 0;
}
