/*
 * An array of maps' initializer naming slot 3 of its 2: the load is
 * refused naming the relocation, the slot and the map's size (libbpf's
 * load fails its update with -E2BIG).
 */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct inner {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} inner SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 2);
	__type(key, __u32);
	__array(values, struct inner);
} outer SEC(".maps") = {
	.values = { [3] = &inner },
};

SEC("kprobe/do_work")
int probe(void *ctx)
{
	__u32 k = 0;

	return bpf_map_lookup_elem(&outer, &k) != 0;
}
