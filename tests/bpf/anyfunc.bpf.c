/*
 * libbpf's other section names: SEC("kprobe"), which names no function
 * (`bpf attach ID SYMBOL` gives one), and SEC("tp/...") for a
 * tracepoint. Each counts its runs in .bss; the bpf-shell suite
 * (tests/kernel/bpf_shell-check.sh) checks them against a kprobe
 * event's count and syscount's syscalls.
 */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

__u64 calls, syscalls;

SEC("kprobe")
int BPF_KPROBE(any_entry)
{
	__sync_fetch_and_add(&calls, 1);
	return 0;
}

SEC("tp/raw_syscalls/sys_enter")
int any_syscall(void *ctx)
{
	__sync_fetch_and_add(&syscalls, 1);
	return 0;
}
