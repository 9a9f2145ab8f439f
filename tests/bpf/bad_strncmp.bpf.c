/* Refused by the verifier: bpf_strncmp's constant string in .data,
 * which programs may write (Linux's "does not point to a readonly map"). */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

char name[8] = "worker";

SEC("kprobe/do_work")
int cmp_data(void *ctx)
{
	char comm[16];

	bpf_get_current_comm(comm, sizeof comm);
	return bpf_strncmp(comm, sizeof comm, name);
}
