/*
 * Tail calls mixed with bpf-to-bpf calls, as clang builds a dispatcher
 * with static __noinline functions: a tail call in a subprogram
 * replaces only the subprogram's frame, and the program it enters
 * returns to the subprogram's caller (Linux >= 5.10, RV64 since 6.7).
 * `out` by key:
 *   0 entry's runs; 1 the sum of what dispatch returned (leaf's 42 a
 *   run); 2 leaf's runs, counted in its own subprogram; 3 the sum of
 *   what dispatch returned past the empty slot 3 (77 a run: it fell
 *   through); 4 tick's runs and 5 the sum of what hop returned, over
 *   40 calls a run of many, whose tail calls share the run's 33 (33
 *   each a run: the 7 after fall through, returning 0).
 * tests/kernel/bpf_tail_call_test.c attaches entry and many to a kprobe
 * and checks these against the probed function's own count.
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
} out SEC(".maps");

static __always_inline void
add(__u32 key, __u64 n)
{
	__u64 *v = bpf_map_lookup_elem(&out, &key);

	if (v)
		__sync_fetch_and_add(v, n);
}

int leaf(struct pt_regs *ctx);
int tick(struct pt_regs *ctx);

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__array(values, int (struct pt_regs *));
} jmp SEC(".maps") = {
	.values = {
		[1] = (void *)&leaf,
		[4] = (void *)&tick,
	},
};

/* n, as clang cannot see it (out[7] is there): C has no way to say
 * that a tail call's program returns for the function, so a constant
 * after one would be folded into the callers. */
static __always_inline int
opaque(int n)
{
	__u32 key = 7;

	return bpf_map_lookup_elem(&out, &key) ? n : -1;
}

/* Tail-calls slot; returns what the program there returned, or 77 when
 * the slot is empty. */
static __noinline int
dispatch(struct pt_regs *ctx, __u32 slot)
{
	bpf_tail_call(ctx, &jmp, slot);
	return opaque(77);
}

SEC("kprobe")
int entry(struct pt_regs *ctx)
{
	add(0, 1);
	add(1, dispatch(ctx, 1));
	add(3, dispatch(ctx, 3));
	return 0;
}

/* A subprogram of a tail-called program: counts leaf's runs. */
static __noinline int
leaf_count(struct pt_regs *ctx)
{
	add(2, 1);
	return PT_REGS_PARM1(ctx) >= 0 ? 40 : 41;
}

SEC("kprobe")
int leaf(struct pt_regs *ctx)
{
	return leaf_count(ctx) + 2;
}

static __noinline int
hop(struct pt_regs *ctx)
{
	bpf_tail_call(ctx, &jmp, 4);
	return opaque(0);
}

SEC("kprobe")
int many(struct pt_regs *ctx)
{
	__u64 sum = 0;

	for (int i = 0; i < 40; i++)
		sum += hop(ctx);
	add(5, sum);
	return 0;
}

SEC("kprobe")
int tick(struct pt_regs *ctx)
{
	add(4, 1);
	return 1;
}
