/*
 * Who allocates how much: every kmalloc call counted per hart, and its
 * size in a log2 histogram (`bpf dump sizes hist` draws it as
 * bpftrace's hist() does).
 *
 *	ebreak> bpf load kmalloc
 *	ebreak> bpf attach ID		(kmalloc_size's, as bpf lists it)
 *	ebreak> run forkwait 20
 *	ebreak> bpf dump sizes hist
 */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

/* calls per hart */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} calls SEC(".maps");

/* log2 buckets of the size: [0] for 0, [1] for 1, [k] for 2^(k-1)..2^k-1 */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} sizes SEC(".maps");

static __always_inline __u32
log2_bucket(__u64 v)
{
	__u32 k = 0;

	while (v && k < 63) {
		v >>= 1;
		k++;
	}
	return k;
}

SEC("kprobe/kmalloc")
int BPF_KPROBE(kmalloc_size, __u64 size)
{
	__u32 cpu = bpf_get_smp_processor_id(), bucket = log2_bucket(size);
	__u64 one = 1, *v;

	v = bpf_map_lookup_elem(&calls, &cpu);
	if (v)
		__sync_fetch_and_add(v, 1);
	else
		bpf_map_update_elem(&calls, &cpu, &one, BPF_NOEXIST);
	v = bpf_map_lookup_elem(&sizes, &bucket);
	if (v)
		__sync_fetch_and_add(v, 1);
	return 0;
}
