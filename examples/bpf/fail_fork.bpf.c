/*
 * Error injection (docs/bpf.md): fork fails for forkwait, as if memory
 * had run out. proc_fork, marked EB_ALLOW_ERROR_INJECTION(proc_fork,
 * NULL), returns NULL at once without running, and clone gives the
 * program -ENOMEM; every other program forks as before. `injected`
 * counts the forks failed.
 *
 *	ebreak> bpf load fail_fork
 *	ebreak> bpf attach ID		(fail_fork's, as bpf lists it)
 *	ebreak> run forkwait 3
 *	forkwait: fork 1 failed: error 12
 *	ebreak> bpf dump .bss
 */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";	/* bpf_override_return is GPL-only */

__u64 injected;

SEC("kprobe/proc_fork")
int BPF_KPROBE(fail_fork)
{
	static const char victim[] = "forkwait";
	char comm[16];

	bpf_get_current_comm(comm, sizeof comm);
	if (bpf_strncmp(comm, sizeof comm, victim))
		return 0;
	__sync_fetch_and_add(&injected, 1);
	bpf_override_return(ctx, 0);	/* proc_fork returns NULL */
	return 0;
}
