/*
 * bpf_loop on a kprobe (tests/kernel/bpf_loop_test.c): loop_target(n,
 * stop) runs n iterations of a callback that adds its index to a sum on
 * the stack and stops at index stop; the program keeps the sum, the
 * iterations and bpf_loop's return. A nested bpf_loop counts inner
 * iterations in a map value; flags other than 0 give -EINVAL. Each run
 * counts n & 3 in a hash map, then bpf_for_each_map_elem sums its
 * values: the runs so far, over as many keys as n & 3 took; and in a
 * per-hart array and hash, summed the same way (this hart's values).
 */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

struct loop_ctx {
	__u64 sum;
	__u32 stop;
	__u32 iters;
};

__u64 hits;		/* program runs */
__u64 last_sum;		/* the last run's sum of indexes */
__u64 last_iters;	/* the iterations the callback counted */
long last_ret;		/* and bpf_loop's return */
long flags_ret;		/* bpf_loop's with flags 1 */

/* [0]: the nested loops' inner iterations */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} inner SEC(".maps");

/* runs per n & 3 */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} seen SEC(".maps");

__u64 seen_total;	/* the sum of seen's values, by for_each_map_elem */
long seen_calls;	/* and its return: the keys it called back for */

/* runs per n & 3 on this hart: every index, and only the keys seen */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} hart_seen SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} hart_keys SEC(".maps");

__u64 hart_total, hart_keys_total;	/* their sums, as seen_total */
long hart_calls, hart_keys_calls;	/* and the calls, as seen_calls */

static long
add_value(void *map, __u32 *key, __u64 *value, __u64 *sum)
{
	*sum += *value;
	return 0;
}

static long
add_index(__u32 index, void *data)
{
	struct loop_ctx *c = data;

	if (index == c->stop)
		return 1;
	c->sum += index;
	c->iters++;
	return 0;
}

static long
count_inner(__u32 index, void *data)
{
	__sync_fetch_and_add((__u64 *)data, 1);
	return 0;
}

static long
outer(__u32 index, void *data)
{
	bpf_loop(index, count_inner, data, 0);
	return 0;
}

SEC("kprobe/loop_target")
int BPF_KPROBE(loop_sum, long n, long stop)
{
	struct loop_ctx c = { .stop = stop };
	__u32 key = 0;
	__u64 *v;

	hits++;
	last_ret = bpf_loop(n, add_index, &c, 0);
	last_sum = c.sum;
	last_iters = c.iters;
	flags_ret = bpf_loop(1, add_index, &c, 1);
	v = bpf_map_lookup_elem(&inner, &key);
	if (v && n <= 8)
		bpf_loop(n, outer, v, 0);
	__u32 bucket = n & 3;
	__u64 one = 1, sum = 0;

	v = bpf_map_lookup_elem(&seen, &bucket);
	if (v)
		__sync_fetch_and_add(v, 1);
	else
		bpf_map_update_elem(&seen, &bucket, &one, BPF_ANY);
	seen_calls = bpf_for_each_map_elem(&seen, add_value, &sum, 0);
	seen_total = sum;
	v = bpf_map_lookup_elem(&hart_seen, &bucket);
	if (v)
		*v += 1;
	sum = 0;
	hart_calls = bpf_for_each_map_elem(&hart_seen, add_value, &sum, 0);
	hart_total = sum;
	v = bpf_map_lookup_elem(&hart_keys, &bucket);
	if (v)
		*v += 1;
	else
		bpf_map_update_elem(&hart_keys, &bucket, &one, BPF_ANY);
	sum = 0;
	hart_keys_calls = bpf_for_each_map_elem(&hart_keys, add_value, &sum, 0);
	hart_keys_total = sum;
	return 0;
}
