/* Refused: a map whose key type and key_size disagree. */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8);
	__type(key, __u32);
	__uint(key_size, 8);
	__type(value, __u64);
} sizes SEC(".maps");

SEC("kprobe/do_work")
int use_sizes(void *ctx)
{
	__u32 k = 0;

	return bpf_map_lookup_elem(&sizes, &k) != 0;
}
