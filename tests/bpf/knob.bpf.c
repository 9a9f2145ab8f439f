/*
 * A branch a .rodata knob turns off, as libbpf-tools write their options
 * (`if (targ_...)`): .rodata is frozen once filled, so the verifier
 * reads the knob as the constant it is and does not walk the branch, as
 * Linux's does, here a helper a kprobe program may not call
 * (bpf_get_func_arg, fentry's). tests/host/bpf_object_test.c loads it
 * with the knob off (it runs), and on (refused at the call). A map
 * declared BPF_F_RDONLY_PROG is read-only to programs only: the host
 * sets it after load (Linux freezes none but .rodata), so its value is
 * what the program reads at run time.
 */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

const volatile bool use_args = false;
u64 runs, args, scale;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, u64);
	__uint(map_flags, BPF_F_RDONLY_PROG);
} config SEC(".maps");

SEC("kprobe/do_work")
int BPF_KPROBE(knob_off, long n)
{
	u64 v = 0, *c;
	u32 zero = 0;

	runs++;
	if ((c = bpf_map_lookup_elem(&config, &zero)))
		scale = *c;
	if (use_args) {
		bpf_get_func_arg(ctx, 0, &v);
		args += v;
	}
	return 0;
}
