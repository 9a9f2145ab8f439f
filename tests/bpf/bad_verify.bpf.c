/* Refused by the verifier: a read past the end of struct pt_regs. */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>

SEC("kprobe/do_work")
int read_past_regs(struct pt_regs *ctx)
{
	return ((volatile __u64 *)ctx)[100];
}
