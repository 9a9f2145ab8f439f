/*
 * A dispatcher: raw_syscalls/sys_enter tail-calls the handler in the
 * slot of the syscall's number, as libbpf tools dispatch by an id from
 * the context; a number with no handler falls through and is counted.
 * stats: 0 getpids, 1 writes, 2 bytes they write, 3 the others.
 * tests/kernel/bpf_shell-check.sh checks it against the tracepoint's
 * own records.
 */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct sys_enter {
	__u64 header;
	__u64 id;
	__u64 args[6];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} stats SEC(".maps");

static __always_inline void
add(__u32 key, __u64 n)
{
	__u64 *v = bpf_map_lookup_elem(&stats, &key);

	if (v)
		__sync_fetch_and_add(v, n);
}

int on_getpid(struct sys_enter *ctx);
int on_write(struct sys_enter *ctx);

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 512);
	__type(key, __u32);
	__array(values, int (void *));
} handlers SEC(".maps") = {
	.values = {
		[64] = (void *)&on_write,
		[172] = (void *)&on_getpid,
	},
};

SEC("tracepoint/raw_syscalls/sys_enter")
int dispatch(struct sys_enter *ctx)
{
	bpf_tail_call(ctx, &handlers, ctx->id);
	add(3, 1);
	return 0;
}

SEC("tracepoint/raw_syscalls/sys_enter")
int on_getpid(struct sys_enter *ctx)
{
	add(0, 1);
	return 0;
}

SEC("tracepoint/raw_syscalls/sys_enter")
int on_write(struct sys_enter *ctx)
{
	add(1, 1);
	add(2, ctx->args[2]);
	return 0;
}
