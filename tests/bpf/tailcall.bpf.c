/*
 * Tail calls as libbpf programs make them: a prog array whose slots the
 * loader fills from the map's initializer, programs that tail-call each
 * other, and one that tail-calls itself until the count is spent. Each
 * counts its runs in `runs` by key:
 *   0 entry, 1 second, 2 third (each once a call: a chain), 4 third after
 *   its tail call to empty slot 3 fell through, 3 spin (entered with 4
 *   tail calls spent: 33 - 3 = 30 runs a call), 5 self (1 + 33 = 34 runs
 *   a call), 6 entry after its tail call (never: the call went).
 * tests/kernel/bpf_tail_call_test.c attaches entry and self to a kprobe
 * and checks the counts against the probed function's own count, and
 * that third and self see their links' attach cookies.
 */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} runs SEC(".maps");

static __always_inline void
count(__u32 key)
{
	__u64 *v = bpf_map_lookup_elem(&runs, &key);

	if (v)
		__sync_fetch_and_add(v, 1);
}

int second(struct pt_regs *ctx);
int third(struct pt_regs *ctx);
int spin(struct pt_regs *ctx);
int self(struct pt_regs *ctx);

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__array(values, int (struct pt_regs *));
} jmp SEC(".maps") = {
	.values = {
		[1] = (void *)&second,
		[2] = (void *)&third,
		[4] = (void *)&spin,
		[5] = (void *)&self,
	},
};

/* bpf_get_attach_cookie in programs run by tail calls: the cookie of
 * the link whose program made them. */
__u64 third_cookie, self_cookie;

SEC("kprobe")
int entry(struct pt_regs *ctx)
{
	count(0);
	bpf_tail_call(ctx, &jmp, 1);
	count(6);
	return 0;
}

SEC("kprobe")
int second(struct pt_regs *ctx)
{
	count(1);
	bpf_tail_call(ctx, &jmp, 2);
	return 0;
}

SEC("kprobe")
int third(struct pt_regs *ctx)
{
	count(2);
	third_cookie = bpf_get_attach_cookie(ctx);
	bpf_tail_call(ctx, &jmp, 3);	/* empty: counted, falls through */
	count(4);
	bpf_tail_call(ctx, &jmp, 4);
	return 0;
}

SEC("kprobe")
int spin(struct pt_regs *ctx)
{
	count(3);
	bpf_tail_call(ctx, &jmp, 4);
	return 0;
}

SEC("kprobe")
int self(struct pt_regs *ctx)
{
	count(5);
	self_cookie = bpf_get_attach_cookie(ctx);
	bpf_tail_call(ctx, &jmp, 5);
	return 0;
}
