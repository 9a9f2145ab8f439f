/*
 * A program under a license that is not GPL-compatible sending a perf
 * event array record (Linux's GPL-only bpf_perf_event_output): refused
 * at load, as Linux refuses it. tests/host/bpf_object_test.c checks the
 * message.
 */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "Proprietary";

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} events SEC(".maps");

SEC("kprobe/do_work")
int BPF_KPROBE(send, long n)
{
	bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, &n, sizeof n);
	return 0;
}
