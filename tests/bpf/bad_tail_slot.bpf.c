/* Refused: a prog array whose initializer puts a tracepoint program in
 * a slot beside a kprobe program (Linux: one type per array). */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>

int on_entry(void *ctx);
int on_event(void *ctx);

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__array(values, int (void *));
} jmp SEC(".maps") = {
	.values = { (void *)&on_entry, (void *)&on_event },
};

SEC("kprobe/do_work")
int on_entry(void *ctx)
{
	bpf_tail_call(ctx, &jmp, 1);
	return 0;
}

SEC("tracepoint/raw_syscalls/sys_enter")
int on_event(void *ctx)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
