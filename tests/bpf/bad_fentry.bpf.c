/* Refused: a fentry program loading through a pointer argument, which
 * is a number here (read it with BPF_CORE_READ). */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "fentry_results.h"

char LICENSE[] SEC("license") = "GPL";

long seen;

SEC("fentry/fentry_target")
int BPF_PROG(deref, long a, int b, unsigned long c, struct fentry_pair *p)
{
	seen = p->a;
	return 0;
}
