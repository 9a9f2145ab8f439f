/* A program on a function ebreak never probes (the library's own: the
 * trace ring's writer): it loads, and attaching it is refused. */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

SEC("kprobe/eb_trace_write")
int on_trace_write(void *ctx)
{
	return 0;
}
