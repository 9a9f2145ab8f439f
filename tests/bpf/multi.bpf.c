/*
 * kprobe.multi and kretprobe.multi programs (libbpf's SEC names) as
 * funccount-like tools write them: calls counted per bpf_get_func_ip,
 * return values summed per function, and a program whose section names
 * no pattern (the caller gives it at attach) keeping its attach cookie.
 * tests/kernel/bpf_kprobe_multi_test.c checks what they count.
 */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

/* calls per function address */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u64);
	__type(value, __u64);
} calls SEC(".maps");

/* sum of return values per function address */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u64);
	__type(value, __u64);
} returns SEC(".maps");

__u64 cookie;		/* the last run's attach cookie */
__u64 any_runs;		/* count_any's runs */

/* Adds by to key's value in map (a new key starts at by). */
static __always_inline void
add(void *map, __u64 key, __u64 by)
{
	__u64 *v = bpf_map_lookup_elem(map, &key);

	if (v)
		__sync_fetch_and_add(v, by);
	else
		bpf_map_update_elem(map, &key, &by, BPF_NOEXIST);
}

SEC("kprobe.multi/kmt_fn_*")
int count_entries(struct pt_regs *ctx)
{
	add(&calls, bpf_get_func_ip(ctx), 1);
	return 0;
}

SEC("kretprobe.multi/kmt_fn_*")
int sum_returns(struct pt_regs *ctx)
{
	add(&returns, bpf_get_func_ip(ctx), PT_REGS_RC(ctx));
	return 0;
}

SEC("kprobe.multi")
int count_any(struct pt_regs *ctx)
{
	cookie = bpf_get_attach_cookie(ctx);
	__sync_fetch_and_add(&any_runs, 1);
	return 0;
}
