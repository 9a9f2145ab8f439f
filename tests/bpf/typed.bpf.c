/*
 * Keys and values of every shape a map dump formats by their BTF types
 * (eb_bpf_object_map_format): a struct key with a signed field and an
 * enum, a struct value with text, a bitfield, an array, a bool and a
 * pointer, and two globals in .data (clang gives both offset 0 in the
 * DATASEC: the loader places them); and a map whose types are an
 * anonymous struct and an array of arrays, for their names.
 * tests/host/bpf_object_test.c checks what they show as.
 */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

enum kind { KIND_READ = 1, KIND_WRITE = 2 };

struct typed_key {
	__u32 pid;
	__s16 delta;
	enum kind kind;
};

struct typed_value {
	char comm[8];
	__s64 sum;
	__u32 flags : 3, mode : 5;
	__u16 hist[3];
	_Bool seen;
	void *where;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, struct typed_key);
	__type(value, struct typed_value);
} typed SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, struct { __u32 id; });
	__type(value, const __u16[3][2]);
} shapes SEC(".maps");

int knob = -3;			/* .data */
int knob2 = 11;

SEC("kprobe/kmalloc")
int BPF_KPROBE(note)
{
	struct typed_key k = { .pid = 1, .kind = KIND_READ };
	struct typed_value v = { .sum = knob + knob2 };

	bpf_map_update_elem(&typed, &k, &v, BPF_ANY);
	return 0;
}
