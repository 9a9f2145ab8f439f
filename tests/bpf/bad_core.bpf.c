/*
 * A CO-RE read of a field no kernel has, where it always runs: the
 * relocation is poisoned, the verifier refuses the program, and the
 * loader's message names the relocation and the field
 * (tests/host/bpf_core_test.c).
 */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "GPL";

struct cpu___local {
	int pid;
	int no_such_field;
} __attribute__((preserve_access_index));

__u64 value;

SEC("kprobe/core_target")
int read_missing(struct pt_regs *ctx)
{
	struct cpu___local *c = (void *)PT_REGS_PARM1_CORE(ctx);

	value = BPF_CORE_READ(c, no_such_field);
	return 0;
}
