/*
 * bpf_get_current_task_btf on a kprobe (tests/kernel/bpf_helpers_test.c,
 * on helpers_target): the running task's pointer, typed by the kernel's
 * BTF, loaded through directly (its id), beside bpf_get_current_task's
 * number. Kernel-only: the host tests' port names no task struct.
 */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

/* The kernel's struct task, as much as is read (CO-RE relocated). */
struct task {
	unsigned id;
} __attribute__((preserve_access_index));

__u64 btf_task, btf_task_id, raw_task, task_runs;

SEC("kprobe/helpers_target")
int BPF_KPROBE(current_task_btf)
{
	struct task *t = (void *)bpf_get_current_task_btf();

	btf_task = (__u64)t;
	btf_task_id = t->id;	/* NULL outside a task: reads 0 */
	raw_task = bpf_get_current_task();
	task_runs++;
	return 0;
}
