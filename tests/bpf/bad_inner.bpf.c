/*
 * A map of maps whose initializer puts in a map unlike its inner maps'
 * definition (__u64 keys, not __u32) after one like it: the load is
 * refused naming the map, the slot and what differs, as Linux's update
 * refuses it, and the slot filled first lets its map go (the host test
 * counts the heap).
 */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8);
	__type(key, __u64);
	__type(value, __u64);
} wide SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} fits SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 2);
	__type(key, __u32);
	__array(values, struct {
		__uint(type, BPF_MAP_TYPE_HASH);
		__uint(max_entries, 8);
		__type(key, __u32);
		__type(value, __u64);
	});
} outer SEC(".maps") = {
	.values = { [0] = (void *)&fits, [1] = (void *)&wide },
};

SEC("kprobe/do_work")
int probe(void *ctx)
{
	__u32 k = 1;

	return bpf_map_lookup_elem(&outer, &k) != 0;
}
