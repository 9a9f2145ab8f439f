/*
 * A map of maps with no inner maps' definition (no __array(values,
 * struct {...})), so no template its maps must match: the load is
 * refused naming the map and what it lacks.
 */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_HASH_OF_MAPS);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u32);
} outer SEC(".maps");
