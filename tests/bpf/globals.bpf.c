/*
 * A libbpf-tools tool's configuration and state in globals: const
 * volatile knobs set before load (`bpf load globals min_size=64
 * verbose=1`, a skeleton's rodata), counts in .bss, the last call in
 * .data, read through CO-RE from the kernel's struct task, a
 * bpf_printk line per call when verbose, and a branch a knob left off
 * turns into dead code (fentry's helper, which a kprobe program may not
 * call: the verifier reads the frozen knob as a constant, as Linux's,
 * and the JIT compiles the call as one that never runs). The bpf-shell suite checks
 * them against a kprobe event's records of kmalloc. A signed knob
 * (size_bias, set negative) shifts the sizes min_size sees, and a char
 * array one (targ_comm, libbpf-tools' comm filter) picks the calls
 * comm_calls counts.
 */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "GPL";

/* the kernel's task, as much of it as is read */
struct task {
	unsigned id;
	char comm[16];
} __attribute__((preserve_access_index));

const volatile u64 min_size = 0;
const volatile bool verbose = false;
const volatile bool fentry_args = false;
const volatile s32 size_bias = 0;
const volatile char targ_comm[16] = "";

u64 calls, big, comm_calls;
u64 last_size = ~0ULL;
char last_comm[16] = "none";

/* Is the current task's comm targ_comm (any, if it is empty)? */
static bool
comm_allowed(void)
{
	char comm[16];

	bpf_get_current_comm(comm, sizeof(comm));
	for (int i = 0; i < sizeof(comm) && targ_comm[i]; i++)
		if (comm[i] != targ_comm[i])
			return false;
	return true;
}

SEC("kprobe/kmalloc")
int BPF_KPROBE(kmalloc_knobs, size_t size)
{
	struct task *t = (struct task *)bpf_get_current_task();

	__sync_fetch_and_add(&calls, 1);
	if (targ_comm[0] && comm_allowed())
		__sync_fetch_and_add(&comm_calls, 1);
	if ((s64)size + size_bias < (s64)min_size)
		return 0;
	__sync_fetch_and_add(&big, 1);
	last_size = size;
	if (t)
		bpf_core_read_str(last_comm, sizeof(last_comm), &t->comm);
	if (verbose)
		bpf_printk("kmalloc %lu", size);
	if (fentry_args)
		bpf_get_func_arg(ctx, 0, &last_size);
	return 0;
}
