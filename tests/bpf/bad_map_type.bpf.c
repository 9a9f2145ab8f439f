/* Refused: a map of a type the library does not have (an LPM trie). */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, 4096);
} events SEC(".maps");

SEC("kprobe/do_work")
int ring(void *ctx)
{
	return bpf_ringbuf_output(&events, &ctx, sizeof(ctx), 0);
}

char LICENSE[] SEC("license") = "GPL";
