/*
 * The object loader's second test program: .text functions calling
 * each other (a static one twice, and a global one), two programs in one
 * section, a per-cpu array map, a hash map of struct keys and array
 * values, and a tracepoint program that reads its event record.
 * tests/host/bpf_object_test.c checks what it does.
 */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* [0] calls of on_call, [1] of on_call_too, on this hart */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} calls SEC(".maps");

/* A map with a struct key and an array value, whose sizes come from BTF. */
struct pair_key {
	__u32 a;
	__u16 b;	/* padded to 8 bytes */
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, struct pair_key);
	__type(value, __u64[3]);
} pairs SEC(".maps");

/* The record of raw_syscalls/sys_enter's first fields. */
struct sys_enter_args {
	__u64 common;
	long id;
};

static __noinline __u64
inner(__u64 x)
{
	return x * 3 + 1;
}

static __noinline __u64
outer(__u64 x)
{
	return inner(x) + inner(x + 1);	/* 6x + 5 */
}

/* Global: called through a relocation against its own symbol. */
__noinline __u64
count_call(__u32 idx)
{
	__u64 *v = bpf_map_lookup_elem(&calls, &idx);

	if (!v)
		return 0;
	return ++*v;
}

SEC("kprobe/do_work")
int on_call(struct pt_regs *ctx)
{
	count_call(0);
	return outer(PT_REGS_PARM1(ctx));
}

SEC("kprobe/do_work")
int on_call_too(struct pt_regs *ctx)
{
	return count_call(1);
}

SEC("tracepoint/raw_syscalls/sys_enter")
int on_enter(struct sys_enter_args *ctx)
{
	return ctx->id;
}
