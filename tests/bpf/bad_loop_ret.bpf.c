/* A bpf_loop callback returning 2: refused at load ("At callback
 * return the register R0 has ... should have been in [0, 1]"). */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

static long
two(__u32 index, void *data)
{
	return 2;
}

SEC("kprobe/loop_target")
int bad_ret(struct pt_regs *ctx)
{
	return bpf_loop(4, two, 0, 0) > 0;
}
