/*
 * Events to the shell through a ring buffer: each getpid syscall as a
 * record of the caller's pid and name (`bpf ringbuf events` prints them
 * as they come, until ^C).
 *
 *	ebreak> bpf load events
 *	ebreak> bpf attach ID
 *	ebreak> run syscount 3
 *	ebreak> bpf ringbuf events
 */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

struct event {
	__u32 pid;
	__u32 nr;
	char comm[16];
};

struct sys_enter {
	__u64 header;
	__u64 id;
	__u64 args[6];
};

SEC("tracepoint/raw_syscalls/sys_enter")
int on_getpid(struct sys_enter *ctx)
{
	struct event e = { .pid = bpf_get_current_pid_tgid() >> 32,
			   .nr = ctx->id };

	if (ctx->id != 172)
		return 0;
	bpf_get_current_comm(e.comm, sizeof e.comm);
	bpf_ringbuf_output(&events, &e, sizeof e, 0);
	return 0;
}
