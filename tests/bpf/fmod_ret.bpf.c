/*
 * A fmod_ret and a fexit program on inject_target
 * (tests/kernel/bpf_inject_test.c), as libbpf's selftests write them:
 * the call with a == 7 fails with -12 without running, any other runs;
 * the fexit records the return value the caller got, and the fmod_ret
 * the value it saw in its ret slot (0, no fmod_ret before it).
 */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

long fexit_ret;		/* the last call's return value, at its fexit */
long fmod_ret_seen = -1;	/* the ret slot at the last fmod_ret run */
__u64 fmod_runs, fexit_runs;

SEC("fmod_ret/inject_target")
int BPF_PROG(fail_seven, long a, int ret)
{
	fmod_runs++;
	fmod_ret_seen = ret;
	return a == 7 ? -12 : 0;
}

SEC("fexit/inject_target")
int BPF_PROG(after, long a, long ret)
{
	fexit_runs++;
	fexit_ret = ret;
	return 0;
}
