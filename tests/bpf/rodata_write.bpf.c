/* Refused by the verifier: a program writing a .rodata variable. */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>

const volatile __u64 limit = 10;

SEC("kprobe/do_work")
int write_limit(void *ctx)
{
	*(volatile __u64 *)&limit = 11;
	return 0;
}
