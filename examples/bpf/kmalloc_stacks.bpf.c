/*
 * Who calls kmalloc: each call's kernel stack counted, as bpftrace's
 * @[kstack] = count() does (`bpf dump callers stacks stacks` prints each
 * stack with its count). A stack whose id another stack holds (the
 * id is a hash of the addresses: Linux's -EEXIST without
 * BPF_F_REUSE_STACKID) is counted in lost (`bpf dump .bss`).
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
	__uint(max_entries, 1024);
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

__u64 lost;	/* calls whose stack had no id */

SEC("kprobe/kmalloc")
int BPF_KPROBE(kmalloc_stack)
{
	long id = bpf_get_stackid(ctx, &stacks, 0);
	__u64 zero = 0, *v;
	__u32 key;

	if (id < 0) {
		__sync_fetch_and_add(&lost, 1);
		return 0;
	}
	key = id;
	v = bpf_map_lookup_elem(&callers, &key);
	if (!v) {
		/* A first call from this stack, maybe on two harts at once:
		 * one inserts, both then count. */
		bpf_map_update_elem(&callers, &key, &zero, BPF_NOEXIST);
		v = bpf_map_lookup_elem(&callers, &key);
		if (!v)
			return 0;
	}
	__sync_fetch_and_add(v, 1);
	return 0;
}
