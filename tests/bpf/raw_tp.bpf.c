/*
 * Raw tracepoint programs, as libbpf-tools write them (runqlat's
 * tp_btf/sched_wakeup with raw_tp/ as its fallback), on the executor's
 * sched:task_spawn (struct task *task, unsigned id): raw_tp/ gets the
 * arguments as u64s and reads through the pointer with
 * bpf_probe_read_kernel, tp_btf/ gets them typed by the kernel's BTF and
 * loads through the pointer directly (PTR_TO_BTF_ID). Each records what
 * it saw and counts its runs; tests/kernel/bpf_raw_tp_test.c compares
 * them with the task it spawned and the tracepoint's own hit count.
 */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "GPL";

/* The kernel's struct task (kernel/async/async.h), as much as is read:
 * CO-RE relocates the offsets. */
struct task {
	unsigned id;
	__u64 polls;
} __attribute__((preserve_access_index));

/* What each program saw of the last spawn, and its runs. */
struct spawn_seen {
	__u64 runs;
	__u64 task;	/* the pointer argument */
	__u64 id;	/* the id argument */
	__u64 task_id;	/* task->id read through the pointer */
	__u64 polls;	/* task->polls */
};

struct spawn_seen raw_seen, btf_seen;

SEC("raw_tp/task_spawn")
int BPF_PROG(raw_spawn, struct task *task, unsigned id)
{
	raw_seen.task = (__u64)task;
	raw_seen.id = id;
	raw_seen.task_id = BPF_CORE_READ(task, id);
	raw_seen.polls = BPF_CORE_READ(task, polls);
	__sync_fetch_and_add(&raw_seen.runs, 1);
	return 0;
}

SEC("tp_btf/task_spawn")
int BPF_PROG(btf_spawn, struct task *task, unsigned id)
{
	btf_seen.task = (__u64)task;
	btf_seen.id = id;
	btf_seen.task_id = task->id;
	btf_seen.polls = task->polls;
	__sync_fetch_and_add(&btf_seen.runs, 1);
	return 1;	/* ignored, as Linux's */
}
