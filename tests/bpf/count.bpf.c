/*
 * The object loader's main test program: two programs of a kprobe and
 * its return (a third at an offset into the function), a tracepoint
 * program, BTF-defined hash and array maps, a .text subprogram called
 * from two places, globals in .data and .bss, and a const volatile knob
 * in .rodata. tests/host/bpf_object_test.c checks what it does.
 */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

/* calls per first argument */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

/* [0] sum of first arguments times scale, [1] sum of return values */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u64));
} totals SEC(".maps");

const volatile __u64 scale = 1;	/* set by the loader's caller */
__u64 hits;			/* .bss: kprobe hits */
__u64 last_arg = 7;		/* .data: the last first argument */
__u64 switches;			/* .bss: tracepoint events */

/* Adds by to the counter of key in counts; returns the new count. */
static __noinline __u64
bump(__u32 key, __u64 by)
{
	__u64 *v = bpf_map_lookup_elem(&counts, &key);

	if (v) {
		*v += by;
		return *v;
	}
	bpf_map_update_elem(&counts, &key, &by, BPF_NOEXIST);
	return by;
}

/* Adds by to totals[idx]. */
static __noinline void
add_total(__u32 idx, __u64 by)
{
	__u64 *v = bpf_map_lookup_elem(&totals, &idx);

	if (v)
		*v += by;
}

SEC("kprobe/do_work")
int BPF_KPROBE(count_entry, __u64 a, __u64 b)
{
	hits++;
	last_arg = a;
	bump(a, 1);
	bump(b + 100, 1);
	add_total(0, a * scale);
	return 0;
}

SEC("kretprobe/do_work")
int BPF_KRETPROBE(count_return, long ret)
{
	add_total(1, ret);
	bump(1000, 1);
	return 0;
}

SEC("kprobe/do_work+4")
int count_offset(struct pt_regs *ctx)
{
	return PT_REGS_IP(ctx) & 0xff;
}

SEC("tracepoint/sched/sched_switch")
int count_switch(void *ctx)
{
	switches++;
	return 0;
}
