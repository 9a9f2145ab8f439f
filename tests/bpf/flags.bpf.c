/*
 * Linux's flag and query names from <ebreak/vmlinux.h>, as docs/bpf.md
 * says a program passes them: the ring buffer's wakeup hints and query
 * ids, and bpf_get_stackid's flags. tests/host/bpf_object_test.c runs
 * it and checks the ring and what the queries and flags gave.
 */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} rb SEC(".maps");

__u64 avail_before, avail_after, ring_size;
__u64 stack_flags;		/* every stackid flag, as Linux numbers them */

SEC("kprobe/do_work")
int BPF_KPROBE(ring_flags, __u64 a)
{
	__u64 *r;

	avail_before = bpf_ringbuf_query(&rb, BPF_RB_AVAIL_DATA);
	bpf_ringbuf_output(&rb, &a, sizeof a, BPF_RB_NO_WAKEUP);
	r = bpf_ringbuf_reserve(&rb, sizeof *r, 0);
	if (r) {
		*r = a + 1;
		bpf_ringbuf_submit(r, BPF_RB_FORCE_WAKEUP);
	}
	r = bpf_ringbuf_reserve(&rb, sizeof *r, 0);
	if (r)
		bpf_ringbuf_discard(r, BPF_RB_NO_WAKEUP);
	avail_after = bpf_ringbuf_query(&rb, BPF_RB_AVAIL_DATA);
	ring_size = bpf_ringbuf_query(&rb, BPF_RB_RING_SIZE);
	stack_flags = BPF_F_SKIP_FIELD_MASK | BPF_F_USER_STACK |
		      BPF_F_FAST_STACK_CMP | BPF_F_REUSE_STACKID;
	return 0;
}
