/* Refused: bpf_perf_event_output into a ring buffer (only a perf event
 * array takes its records, as Linux checks). */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

SEC("kprobe/do_work")
int BPF_KPROBE(send, long n)
{
	bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, &n, sizeof n);
	return 0;
}
