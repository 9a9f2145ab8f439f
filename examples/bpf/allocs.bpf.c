/*
 * Big allocations to the shell through a ring buffer, written in place:
 * each kmalloc call reserves a record (bpf_ringbuf_reserve), fills it
 * with the size, the caller's pid and name, and submits it
 * (bpf_ringbuf_submit) if the size is 128 bytes or more; a smaller one is
 * discarded (bpf_ringbuf_discard) and only counted. `bpf ringbuf big`
 * prints the records, `bpf dump small` the count.
 *
 *	ebreak> bpf load allocs
 *	ebreak> bpf attach ID
 *	ebreak> run forkwait 20
 *	ebreak> bpf ringbuf big
 */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

#define BIG 128

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} big SEC(".maps");

/* allocations under BIG bytes, discarded */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} small SEC(".maps");

struct alloc {
	__u64 size;
	__u32 pid;
	__u32 cpu;
	char comm[16];
};

SEC("kprobe/kmalloc")
int BPF_KPROBE(alloc_size, __u64 size)
{
	struct alloc *a = bpf_ringbuf_reserve(&big, sizeof(*a), 0);
	__u32 zero = 0;
	__u64 *n;

	if (!a)
		return 0;	/* the ring is full: counted as lost */
	a->size = size;
	a->pid = bpf_get_current_pid_tgid() >> 32;
	a->cpu = bpf_get_smp_processor_id();
	bpf_get_current_comm(a->comm, sizeof(a->comm));
	if (size >= BIG) {
		bpf_ringbuf_submit(a, 0);
		return 0;
	}
	bpf_ringbuf_discard(a, 0);
	n = bpf_map_lookup_elem(&small, &zero);
	if (n)
		__sync_fetch_and_add(n, 1);
	return 0;
}
