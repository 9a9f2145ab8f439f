/* Refused: a map attribute the loader does not know (pinning). */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, 1);
} pinned SEC(".maps");

SEC("kprobe/do_work")
int use_pinned(void *ctx)
{
	__u32 k = 0;

	return bpf_map_lookup_elem(&pinned, &k) != 0;
}
