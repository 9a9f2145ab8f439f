/*
 * Calls per function and per hart: one program attached to as many
 * functions as wanted, counting in a per-hart hash keyed by the probed
 * function's address (PT_REGS_IP at the entry). `bpf dump calls syms`
 * names the functions and gives each hart's count.
 *
 *	ebreak> bpf load calls
 *	ebreak> bpf attach ID kfree
 *	ebreak> bpf attach ID		(its section's: kmalloc)
 *	ebreak> run forkwait 5
 *	ebreak> bpf dump calls syms
 */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 64);
	__type(key, __u64);
	__type(value, __u64);
} calls SEC(".maps");

SEC("kprobe/kmalloc")
int BPF_KPROBE(count_call)
{
	__u64 ip = PT_REGS_IP(ctx), one = 1, *v;

	v = bpf_map_lookup_elem(&calls, &ip);
	if (v)
		*v += 1;	/* this hart's own value: no other hart writes it */
	else	/* BPF_ANY: if another hart made the key meanwhile, this
		 * hart's value there is still 0, and becomes 1 */
		bpf_map_update_elem(&calls, &ip, &one, BPF_ANY);
	return 0;
}
