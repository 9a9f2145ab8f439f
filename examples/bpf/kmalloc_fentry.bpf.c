/*
 * kmalloc through fentry and fexit, as libbpf-tools trace: its calls and
 * the bytes asked for at entry (BPF_PROG's typed arguments, kmalloc's
 * own prototype's types), its returns
 * and the NULL ones at exit (the arguments again, then the return
 * value), in globals `bpf dump .bss` shows.
 *
 *	ebreak> bpf load kmalloc_fentry
 *	ebreak> bpf attach ID		(each program's, as bpf lists them)
 *	ebreak> run forkwait 3
 *	ebreak> bpf dump .bss
 */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

__u64 calls, bytes, returns, failed;

SEC("fentry/kmalloc")
int BPF_PROG(kmalloc_entry, size_t size)
{
	__sync_fetch_and_add(&calls, 1);
	__sync_fetch_and_add(&bytes, size);
	return 0;
}

SEC("fexit/kmalloc")
int BPF_PROG(kmalloc_exit, size_t size, void *ret)
{
	__sync_fetch_and_add(&returns, 1);
	if (!ret)
		__sync_fetch_and_add(&failed, 1);
	return 0;
}
