/* A bpf_loop callback writing past its context, up out of the caller's
 * stack frame: refused at load. */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

static long
past(__u32 index, void *data)
{
	((__u64 *)data)[70] = index;	/* 560 bytes on: above the frame */
	return 0;
}

SEC("kprobe/loop_target")
int bad_ctx(struct pt_regs *ctx)
{
	__u64 word = 0;

	bpf_loop(4, past, &word, 0);
	return word;
}
