/*
 * Who calls kmalloc: each call's kernel stack counted, as bpftrace's
 * @[kstack] = count() does (`bpf dump callers stacks stacks` prints each
 * stack with its count).
 *
 *	ebreak> bpf load kmalloc_stacks
 *	ebreak> bpf attach ID
 *	ebreak> run forkwait 5
 *	ebreak> bpf dump callers stacks stacks
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

/* calls per stack id */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, __u64);
} callers SEC(".maps");

SEC("kprobe/kmalloc")
int BPF_KPROBE(kmalloc_stack)
{
	long id = bpf_get_stackid(ctx, &stacks, 0);
	__u64 one = 1, *v;
	__u32 key;

	if (id < 0)
		return 0;
	key = id;
	v = bpf_map_lookup_elem(&callers, &key);
	if (v)
		__sync_fetch_and_add(v, 1);
	else
		bpf_map_update_elem(&callers, &key, &one, BPF_NOEXIST);
	return 0;
}
