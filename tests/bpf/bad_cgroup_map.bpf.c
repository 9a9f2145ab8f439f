/* Refused: a cgroup array looked up as a plain map (only
 * bpf_current_task_under_cgroup takes one, as Linux checks). */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_CGROUP_ARRAY);
	__type(key, u32);
	__type(value, u32);
	__uint(max_entries, 1);
} cgroup_map SEC(".maps");

SEC("kprobe/do_work")
int BPF_KPROBE(peek, long n)
{
	u32 k = 0;

	return bpf_map_lookup_elem(&cgroup_map, &k) != 0;
}
