/*
 * Events to the shell through a perf event array, as BCC's perf_submit
 * and libbpf-tools without a ring buffer send them: each getpid syscall
 * as a record of the caller's pid and name, in the buffer of the hart
 * it ran on (`bpf perf pb` prints them with their harts as they come,
 * and the records lost to a full buffer, until ^C).
 *
 *	ebreak> bpf load perfbuf
 *	ebreak> bpf attach ID
 *	ebreak> run syscount 3
 *	ebreak> bpf perf pb
 */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>
#include "getpid_event.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} pb SEC(".maps");

SEC("tracepoint/raw_syscalls/sys_enter")
int on_getpid(struct sys_enter *ctx)
{
	struct event e;

	if (getpid_event(ctx, &e))
		bpf_perf_event_output(ctx, &pb, BPF_F_CURRENT_CPU, &e, sizeof e);
	return 0;
}
