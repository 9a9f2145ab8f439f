/*
 * A map of maps whose inner maps' definition is itself a map of maps
 * (two levels, which Linux refuses): the load is refused naming the map
 * and that its inner maps' definition is what is wrong.
 */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 2);
	__type(key, __u32);
	__array(values, struct {
		__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
		__uint(max_entries, 2);
		__type(key, __u32);
		__type(value, __u32);
	});
} outer SEC(".maps");
