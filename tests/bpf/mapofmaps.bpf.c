/*
 * Maps of maps as libbpf programs make them: an array of two inner hash
 * maps (inner_a, inner_b) and a hash of maps holding inner_c under key
 * 3, filled by the loader from the maps' initializers. count, on a
 * kprobe, counts each call by pid into the inner map slot `which[0]` of
 * `outer` names, and into by_key[3]'s; which[1] counts a call that
 * found no inner map or no room. arrays holds two arrays of other sizes
 * (BPF_F_INNER_MAP). tests/kernel/bpf_map_in_map_test.c checks the
 * counts against the probed function's own, swapping the inner maps
 * under load; wrong_key's key (8 bytes) fits no slot: the shell's
 * update of `outer` with it is refused (tests/kernel/bpf_shell-check.sh).
 */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

struct inner_map {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} inner_a SEC(".maps"), inner_b SEC(".maps"), inner_c SEC(".maps"),
  spare SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u64);
	__type(value, __u64);
} wrong_key SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 2);
	__type(key, __u32);
	__array(values, struct inner_map);
} outer SEC(".maps") = {
	.values = { [0] = &inner_a, [1] = &inner_b },
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH_OF_MAPS);
	__uint(max_entries, 4);
	__type(key, __u32);
	__array(values, struct inner_map);
} by_key SEC(".maps") = {
	.values = { [3] = &inner_c },
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u32);
} which SEC(".maps");

/* Inner arrays of any size (BPF_F_INNER_MAP on the template), as
 * Linux's selftests declare them: only the loader reads these. */
struct small_array {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_INNER_MAP);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} small SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_INNER_MAP);
	__uint(max_entries, 5);
	__type(key, __u32);
	__type(value, __u32);
} large SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 3);
	__type(key, __u32);
	__array(values, struct small_array);
} arrays SEC(".maps") = {
	.values = { (void *)&small, 0, (void *)&large },
};	/* [0]: outer's slot count uses; [1]: lost */

/* Adds one to key's count in inner map m: 0, or 1 if it had no room. */
static __always_inline int
add(void *m, __u32 key)
{
	__u64 zero = 0, *v = bpf_map_lookup_elem(m, &key);

	if (!v) {	/* another hart may add it first: then NOEXIST fails */
		bpf_map_update_elem(m, &key, &zero, BPF_NOEXIST);
		v = bpf_map_lookup_elem(m, &key);
	}
	if (!v)
		return 1;
	__sync_fetch_and_add(v, 1);
	return 0;
}

SEC("kprobe")
int count(struct pt_regs *ctx)
{
	__u32 zero = 0, one = 1, three = 3, pid = bpf_get_current_pid_tgid();
	__u32 *slot = bpf_map_lookup_elem(&which, &zero);
	__u32 *lost = bpf_map_lookup_elem(&which, &one);
	void *m;
	int missed = 1;

	if (!slot || !lost)
		return 0;
	if ((m = bpf_map_lookup_elem(&outer, slot)))
		missed = add(m, pid);
	if ((m = bpf_map_lookup_elem(&by_key, &three)))
		missed += add(m, pid);
	else
		missed++;
	if (missed)
		__sync_fetch_and_add(lost, missed);
	return 0;
}
