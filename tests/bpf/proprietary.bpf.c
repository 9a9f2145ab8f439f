/*
 * A program under a license that is not GPL-compatible calling
 * bpf_printk (Linux's GPL-only trace_printk): refused at load, as Linux
 * refuses it. tests/host/bpf_object_test.c checks the message.
 */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "Proprietary";

SEC("kprobe/do_work")
int BPF_KPROBE(say, long n)
{
	bpf_printk("do_work %ld", n);
	return 0;
}
