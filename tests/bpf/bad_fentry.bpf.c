/* Refused: a fentry program storing through a pointer argument (a
 * kernel struct, which Linux's programs only read). */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "fentry_results.h"

char LICENSE[] SEC("license") = "GPL";

SEC("fentry/fentry_target")
int BPF_PROG(deref, long a, int b, unsigned long c, struct fentry_pair *p)
{
	p->a = a;
	return 0;
}
