/*
 * Where the kernel spends its time, as libbpf-tools' profile samples it:
 * a perf_event program on a timer sample on every hart (Linux's
 * PERF_COUNT_SW_CPU_CLOCK at sample_freq), counting each sample by pid,
 * task name and kernel stack id (its stack in the stack trace map).
 * A sample of user mode has no kernel stack: its kern_stack_id is
 * -EFAULT (-14), as Linux's get_stackid gives it; user stacks are not
 * walked (user_stack_id -1: libbpf-tools' profile -K). Pid 0 is kernel
 * work outside any process (the idle loop too), left out unless
 * include_idle is set, as profile's -I.
 *
 *	ebreak> bpf load profile
 *	ebreak> bpf attach ID freq=99
 *	ebreak> run forkwait 20
 *	ebreak> bpf detach ID
 *	ebreak> bpf dump counts stacks stackmap
 */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#define TASK_COMM_LEN 16
#define MAX_ENTRIES 1024
#define PERF_MAX_STACK_DEPTH 16

char LICENSE[] SEC("license") = "GPL";

const volatile bool include_idle = false;
const volatile bool filter_by_pid = false;
const volatile pid_t targ_pid = -1;

/* libbpf-tools' profile.h */
struct key_t {
	__u32 pid;
	int user_stack_id;
	int kern_stack_id;
	char name[TASK_COMM_LEN];
};

struct {
	__uint(type, BPF_MAP_TYPE_STACK_TRACE);
	__uint(max_entries, MAX_ENTRIES);
	__type(key, __u32);
	__uint(value_size, PERF_MAX_STACK_DEPTH * sizeof(__u64));
} stackmap SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, struct key_t);
	__type(value, __u64);
	__uint(max_entries, MAX_ENTRIES);
} counts SEC(".maps");

SEC("perf_event")
int do_perf_event(struct bpf_perf_event_data *ctx)
{
	__u64 id = bpf_get_current_pid_tgid(), zero = 0, *valp;
	__u32 pid = id >> 32;
	__u32 tid = id;
	struct key_t key = {};

	if (!include_idle && tid == 0)
		return 0;
	if (filter_by_pid && pid != targ_pid)
		return 0;
	key.pid = pid;
	bpf_get_current_comm(&key.name, sizeof(key.name));
	key.kern_stack_id = bpf_get_stackid(&ctx->regs, &stackmap, 0);
	key.user_stack_id = -1;
	valp = bpf_map_lookup_elem(&counts, &key);
	if (!valp) {
		/* a first sample of this key, maybe on two harts at once:
		 * one inserts, both then count (maps.bpf.h's
		 * bpf_map_lookup_or_try_init) */
		bpf_map_update_elem(&counts, &key, &zero, BPF_NOEXIST);
		valp = bpf_map_lookup_elem(&counts, &key);
		if (!valp)
			return 0;
	}
	__sync_fetch_and_add(valp, 1);
	return 0;
}
