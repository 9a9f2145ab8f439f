/* Refused: an array map passed to bpf_tail_call as its prog array. */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} notjmp SEC(".maps");

SEC("kprobe/do_work")
int jump(void *ctx)
{
	bpf_tail_call(ctx, &notjmp, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
