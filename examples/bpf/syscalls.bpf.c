/*
 * Syscalls per process: raw_syscalls/sys_enter counted in a hash map by
 * pid, for one syscall number (a .rodata knob, getpid's by default).
 *
 *	ebreak> bpf load syscalls
 *	ebreak> bpf attach ID
 *	ebreak> run syscount 5
 *	ebreak> bpf dump by_pid
 */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, __u64);
} by_pid SEC(".maps");

const volatile __u64 nr_wanted = 172;	/* getpid */

/* Linux's trace_event_raw_sys_enter: the common header, then the id */
struct sys_enter {
	__u64 header;
	__u64 id;
	__u64 args[6];
};

SEC("tracepoint/raw_syscalls/sys_enter")
int count_syscall(struct sys_enter *ctx)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	__u64 one = 1, *v;

	if (ctx->id != nr_wanted)
		return 0;
	v = bpf_map_lookup_elem(&by_pid, &pid);
	if (v)
		__sync_fetch_and_add(v, 1);
	else
		bpf_map_update_elem(&by_pid, &pid, &one, BPF_NOEXIST);
	return 0;
}
