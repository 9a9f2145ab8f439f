/*
 * The helpers libbpf-built tracing programs call beyond the basic ones,
 * each as its C macro or wrapper calls it: bpf_printk with more than 3
 * arguments (libbpf then calls bpf_trace_vprintk).
 * tests/kernel/bpf_helpers_test.c attaches them to helpers_target's
 * kprobe and checks what they give against the values it passed and
 * counted itself.
 */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

/* Six arguments: bpf_trace_vprintk with them in an array. */
SEC("kprobe/helpers_target")
int BPF_KPROBE(vprintk, long a, long b, unsigned long c, unsigned long d,
	       int e)
{
	bpf_printk("vprintk %ld %ld %lx %lu %d hart=%u", a, b, c, d, e,
		   bpf_get_smp_processor_id());
	return 0;
}
