/*
 * How long copy_from_user takes: its entry time kept per task (by
 * pid_tgid) by a kprobe, the time to its return drawn in a log2
 * histogram of nanoseconds by a kretprobe; bpf_trace_printk says each
 * call's length.
 *
 *	ebreak> bpf load latency
 *	ebreak> bpf attach ID		(each of the two programs)
 *	ebreak> run echo hello
 *	ebreak> bpf dump ns hist
 *	ebreak> trace show
 */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u64);
	__type(value, __u64);
} start SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} ns SEC(".maps");

SEC("kprobe/copy_from_user")
int BPF_KPROBE(cfu_entry, void *dst, const void *src, __u64 len)
{
	__u64 id = bpf_get_current_pid_tgid(), now = bpf_ktime_get_ns();

	bpf_map_update_elem(&start, &id, &now, BPF_ANY);
	bpf_printk("copy_from_user len=%lu", len);
	return 0;
}

SEC("kretprobe/copy_from_user")
int BPF_KRETPROBE(cfu_return, long ret)
{
	__u64 id = bpf_get_current_pid_tgid(), *t0, delta, *v;
	__u32 k = 0;

	t0 = bpf_map_lookup_elem(&start, &id);
	if (!t0)
		return 0;
	delta = bpf_ktime_get_ns() - *t0;
	bpf_map_delete_elem(&start, &id);
	while (delta && k < 63) {
		delta >>= 1;
		k++;
	}
	v = bpf_map_lookup_elem(&ns, &k);
	if (v)
		__sync_fetch_and_add(v, 1);
	return 0;
}
