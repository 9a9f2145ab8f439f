/* Refused: a relocation against a symbol the object does not define. */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>

extern __u64 missing_counter;

SEC("kprobe/do_work")
int use_missing(void *ctx)
{
	return missing_counter;
}
