/*
 * libbpf-tools' idioms as their sources write them (runqlat, syscount):
 * Linux's u32, u64 and pid_t and struct trace_event_raw_sys_enter from
 * <ebreak/vmlinux.h>, hashes declared BPF_F_NO_PREALLOC, values made by
 * bpf_map_lookup_or_try_init from a static zero, and a log2 histogram in
 * a struct's array bumped with __sync_fetch_and_add(&h->slots[slot], 1),
 * an atomic at a variable offset into a map value, and the cgroup
 * filter execsnoop and runqlat have (a cgroup array, a .rodata knob;
 * no cgroups here: bpf_current_task_under_cgroup says -EAGAIN, an empty
 * slot, which the filter lets by). The bpf-shell suite checks kmalloc's
 * sizes against a kprobe event's records, and getpid calls by pid
 * against syscount's, with the filter on.
 */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <asm-generic/errno.h>

char LICENSE[] SEC("license") = "GPL";

#define MAX_SLOTS 26	/* as libbpf-tools' histograms */
#define NR_getpid 172

struct hist {
	u32 slots[MAX_SLOTS];
	u64 total;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, pid_t);
	__type(value, struct hist);
	__uint(map_flags, BPF_F_NO_PREALLOC);
} hists SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, u32);
	__type(value, u64);
	__uint(map_flags, BPF_F_NO_PREALLOC);
} getpids SEC(".maps");

const volatile bool filter_cg = false;

struct {
	__uint(type, BPF_MAP_TYPE_CGROUP_ARRAY);
	__type(key, u32);
	__type(value, u32);
	__uint(max_entries, 1);
} cgroup_map SEC(".maps");

/* libbpf-tools' maps.bpf.h */
static __always_inline void *
bpf_map_lookup_or_try_init(void *map, const void *key, const void *init)
{
	void *val;
	long err;

	val = bpf_map_lookup_elem(map, key);
	if (val)
		return val;
	err = bpf_map_update_elem(map, key, init, BPF_NOEXIST);
	if (err && err != -EEXIST)
		return 0;
	return bpf_map_lookup_elem(map, key);
}

/* libbpf-tools' bits.bpf.h */
static __always_inline u64 log2(u32 v)
{
	u32 shift, r;

	r = (v > 0xFFFF) << 4; v >>= r;
	shift = (v > 0xFF) << 3; v >>= shift; r |= shift;
	shift = (v > 0xF) << 2; v >>= shift; r |= shift;
	shift = (v > 0x3) << 1; v >>= shift; r |= shift;
	r |= (v >> 1);
	return r;
}

static __always_inline u64 log2l(u64 v)
{
	u32 hi = v >> 32;

	return hi ? log2(hi) + 32 : log2(v);
}

SEC("kprobe/kmalloc")
int BPF_KPROBE(kmalloc_slots, size_t size)
{
	static const struct hist zero;
	pid_t pid = bpf_get_current_pid_tgid() >> 32;
	struct hist *h = bpf_map_lookup_or_try_init(&hists, &pid, &zero);
	u32 slot;

	if (!h)
		return 0;
	slot = log2l(size);
	if (slot >= MAX_SLOTS)
		slot = MAX_SLOTS - 1;
	__sync_fetch_and_add(&h->slots[slot], 1);
	__sync_fetch_and_add(&h->total, size);
	return 0;
}

SEC("tracepoint/raw_syscalls/sys_enter")
int count_getpid(struct trace_event_raw_sys_enter *ctx)
{
	u32 pid = bpf_get_current_pid_tgid() >> 32;
	u64 zero = 0, *v;

	if (ctx->id != NR_getpid)
		return 0;
	if (filter_cg && !bpf_current_task_under_cgroup(&cgroup_map, 0))
		return 0;
	v = bpf_map_lookup_or_try_init(&getpids, &pid, &zero);
	if (v)
		__sync_fetch_and_add(v, 1);
	return 0;
}
