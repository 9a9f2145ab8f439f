/*
 * bpf_loop as real programs use it (the patterns of Linux's selftests
 * progs/bpf_loop.c and of libbpf-tools, written for ebreak): a callback
 * chosen at run time, values the caller keeps on its stack across
 * bpf_loop (clang spills what it keeps), a context struct filled on the
 * caller's stack, and one holding a map value pointer the callback
 * adds through (which Linux keeps a pointer across the calls).
 * tests/host/bpf_object_test.c runs them.
 */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

int selector;		/* which callback pick runs */
__u64 picked;		/* what it wrote */

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} vals SEC(".maps");

static long set_f0(__u32 index, void *data) { picked = 0xf0; return 0; }
static long set_0f(__u32 index, void *data) { picked = 0x0f; return 0; }

/* a callback that is not a constant: one of two by a global */
SEC("kprobe/loop_target")
int pick(struct pt_regs *ctx)
{
	long (*cb)(__u32, void *) = selector == 0x0f ? set_0f : set_f0;

	picked = 0;
	bpf_loop(1, cb, NULL, 0);
	return 0;
}

static __u64
get(__u32 key)
{
	__u64 *v = bpf_map_lookup_elem(&vals, &key);

	return v ? *v : 0;
}

static void
put(__u32 key, __u64 val)
{
	bpf_map_update_elem(&vals, &key, &val, BPF_ANY);
}

static long empty(__u32 index, void *data) { return 0; }

/* values live across the loop: vals[k] += 1 for k in 1..6 */
SEC("kprobe/loop_target")
int keep(struct pt_regs *ctx)
{
	__u64 a = get(1), b = get(2), c = get(3), d = get(4), e = get(5),
	      f = get(6);

	bpf_loop(1, empty, NULL, 0);
	put(1, a + 1);
	put(2, b + 1);
	put(3, c + 1);
	put(4, d + 1);
	put(5, e + 1);
	put(6, f + 1);
	return 0;
}

struct fill_ctx {
	__u64 sum;
	__u32 n;
	__u32 odd;
};

static long
fill(__u32 index, void *data)
{
	struct fill_ctx *c = data;

	c->sum += (__u64)index * index;
	if (index & 1)
		c->odd++;
	return c->n > 100;
}

/* a context struct on the caller's stack; its fields after the loop
 * bound an index into a map value: vals[0] = sum of squares below n,
 * vals[7 + odd & 7] = n */
SEC("kprobe/loop_target")
int squares(struct pt_regs *ctx)
{
	struct fill_ctx c = { .n = PT_REGS_PARM1(ctx) };
	__u32 key = 0;
	__u64 *v = bpf_map_lookup_elem(&vals, &key);

	if (!v)
		return 0;
	bpf_loop(c.n, fill, &c, 0);
	*v = c.sum;
	key = 7 + (c.odd & 7);
	put(key, c.n);
	return 0;
}

struct add_ctx {
	__u64 *total;
	__u64 step;
};

static long
add_through(__u32 index, void *data)
{
	struct add_ctx *c = data;

	*c->total += c->step + index;
	return 0;
}

/* vals[15] += n * step + n * (n - 1) / 2, through the context's pointer;
 * the caller reads it back through the same pointer: vals[14] */
SEC("kprobe/loop_target")
int through(struct pt_regs *ctx)
{
	__u32 key = 15, n = PT_REGS_PARM1(ctx) & 63;
	struct add_ctx c = { .step = PT_REGS_PARM2(ctx) };

	c.total = bpf_map_lookup_elem(&vals, &key);
	if (!c.total)
		return 0;
	bpf_loop(n, add_through, &c, 0);
	put(14, *c.total);
	return 0;
}
