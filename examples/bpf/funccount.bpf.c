/*
 * Calls per function over a glob, as libbpf-tools' funccount and
 * bpftrace's `kprobe:k?alloc { @[func] = count(); }`: one kprobe.multi
 * program on every matching function with a patchable entry, counting
 * in a hash keyed by bpf_get_func_ip (the function's address).
 * `bpf dump counts syms` names the functions.
 *
 *	ebreak> bpf load funccount
 *	ebreak> bpf attach ID		(its section's k?alloc)
 *	ebreak> run forkwait 5
 *	ebreak> bpf dump counts syms
 */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 256);
	__type(key, __u64);
	__type(value, __u64);
} counts SEC(".maps");

SEC("kprobe.multi/k?alloc")
int count_func(struct pt_regs *ctx)
{
	__u64 ip = bpf_get_func_ip(ctx), one = 1, *v;

	v = bpf_map_lookup_elem(&counts, &ip);
	if (v)
		__sync_fetch_and_add(v, 1);
	else if (bpf_map_update_elem(&counts, &ip, &one, BPF_NOEXIST))
		/* another hart made the key meanwhile */
		if ((v = bpf_map_lookup_elem(&counts, &ip)))
			__sync_fetch_and_add(v, 1);
	return 0;
}
