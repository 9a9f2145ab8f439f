/*
 * Where processes wait: an async probe on proc_poll, a user process's
 * thread (one async call per process), counting its suspends by await
 * point, the line of kernel/user/proc.c's EB_AWAIT it waits at (98: a
 * syscall, 87: its time slice ran out).
 *
 *	ebreak> bpf load asyncprobe
 *	ebreak> bpf attach ID
 *	ebreak> run pingpong 5
 *	ebreak> bpf dump suspends
 */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);	/* the await point's line */
	__type(value, __u64);	/* suspends there */
} suspends SEC(".maps");

SEC("asyncprobe/proc_poll")
int count_suspend(struct eb_async_event *ev)
{
	__u32 line = ev->line;
	__u64 zero = 0, *n;

	if (ev->kind != EB_ASYNC_SUSPEND)
		return 0;
	n = bpf_map_lookup_elem(&suspends, &line);
	if (!n) {
		/* another hart may insert it first: then add to its */
		bpf_map_update_elem(&suspends, &line, &zero, BPF_NOEXIST);
		n = bpf_map_lookup_elem(&suspends, &line);
		if (!n)
			return 0;
	}
	__sync_fetch_and_add(n, 1);
	return 0;
}
