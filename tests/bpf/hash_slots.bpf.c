/*
 * A hash of maps' initializer names its keys as slot indexes, which for
 * a hash, as libbpf reads it, may lie past max_entries (they are keys,
 * not places): by_key holds a under key 7 and b under key 100 in room
 * for 2 (tests/host/bpf_object_test.c).
 */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct inner {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} a SEC(".maps"), b SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH_OF_MAPS);
	__uint(max_entries, 2);
	__type(key, __u32);
	__array(values, struct inner);
} by_key SEC(".maps") = {
	.values = { [7] = &a, [100] = &b },
};

SEC("kprobe/do_work")
int probe(void *ctx)
{
	__u32 k = 7;

	return bpf_map_lookup_elem(&by_key, &k) != 0;
}
