/* Refused: raw tracepoints the kernel does not have. `bpf load` (its
 * bpf_cmd_check_targets) says so for either; the object loader alone
 * refuses tp_btf's, whose types the kernel's BTF lacks
 * (tests/kernel/bpf_raw_tp_test.c). */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

SEC("raw_tp/no_such_event")
int BPF_PROG(raw_nothing)
{
	return 0;
}

SEC("tp_btf/no_such_event")
int BPF_PROG(btf_nothing)
{
	return 0;
}
