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
#include "getpid_event.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

SEC("tracepoint/raw_syscalls/sys_enter")
int on_getpid(struct sys_enter *ctx)
{
	struct event e;

	if (getpid_event(ctx, &e))
		bpf_ringbuf_output(&events, &e, sizeof e, 0);
	return 0;
}
