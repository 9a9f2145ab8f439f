/*
 * A program too big for one, split in three by tail calls, passing its
 * state on in per-hart scratch (a one-slot percpu array), as libbpf
 * tools do; it reads what copy_from_user copies from the process's
 * memory with bpf_probe_read_user and bpf_probe_read_user_str:
 *   part1 saves the length, the source and its first 64 bytes,
 *   part2 sums the bytes it copies, part3 buckets the length (log2)
 *   and measures the text there as a string.
 * totals: 0 calls, 1 bytes copied, 2 their sum, 3 the strings' lengths
 * with their NULs, 4 part3's runs. tests/kernel/bpf_shell-check.sh
 * attaches part1 and runs `echo hello` beside a kprobe event.
 */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

#define DATA 64

struct scratch {
	__u64 len;
	__u64 src;
	__u8 data[DATA];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct scratch);
} heap SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 5);
	__type(key, __u32);
	__type(value, __u64);
} totals SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} lens SEC(".maps");

static __always_inline void
add(void *map, __u32 key, __u64 n)
{
	__u64 *v = bpf_map_lookup_elem(map, &key);

	if (v)
		__sync_fetch_and_add(v, n);
}

static __always_inline struct scratch *
scratch(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&heap, &zero);
}

int part2(struct pt_regs *ctx);
int part3(struct pt_regs *ctx);

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 3);
	__type(key, __u32);
	__array(values, int (void *));
} parts SEC(".maps") = {
	.values = { [1] = (void *)&part2, [2] = (void *)&part3 },
};

SEC("kprobe/copy_from_user")
int part1(struct pt_regs *ctx)
{
	struct scratch *s = scratch();

	if (!s)
		return 0;
	s->len = PT_REGS_PARM3(ctx);
	s->src = PT_REGS_PARM2(ctx);
	bpf_probe_read_user(s->data, s->len < DATA ? s->len : DATA,
			    (void *)s->src);
	bpf_tail_call(ctx, &parts, 1);
	return 0;
}

SEC("kprobe/copy_from_user")
int part2(struct pt_regs *ctx)
{
	struct scratch *s = scratch();
	__u64 sum = 0;

	if (!s)
		return 0;
	for (int i = 0; i < DATA; i++)
		if (i < s->len)
			sum += s->data[i];
	add(&totals, 0, 1);
	add(&totals, 1, s->len);
	add(&totals, 2, sum);
	bpf_tail_call(ctx, &parts, 2);
	return 0;
}

SEC("kprobe/copy_from_user")
int part3(struct pt_regs *ctx)
{
	struct scratch *s = scratch();
	__u64 v;
	__u32 k = 0;
	long n;

	if (!s)
		return 0;
	for (v = s->len; v && k < 63; v >>= 1)
		k++;
	add(&lens, k, 1);
	n = bpf_probe_read_user_str(s->data, DATA, (void *)s->src);
	if (n > 0)
		add(&totals, 3, n);
	add(&totals, 4, 1);
	return 0;
}
