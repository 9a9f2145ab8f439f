/*
 * Direct loads through a fentry and a fexit program's pointer arguments
 * (PTR_TO_BTF_ID, as libbpf-tools' programs dereference them), on
 * tests/kernel/bpf_fentry_test.c's fentry_deref: two levels deep, into
 * an array member, through fexit's pointer return value, and through a
 * struct this program declares with preserve_access_index in another
 * layout (a CO-RE field relocation patching the load's offset), each
 * value recorded in `deref`, which the test compares with the C
 * values; a NULL argument or member reads 0.
 */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "fentry_results.h"

char LICENSE[] SEC("license") = "GPL";

struct fentry_deref_results deref;

/* The kernel's structs as this program declares them: members in
 * another order and some left out, relocated. */
struct fentry_inner___local {
	int y;
} __attribute__((preserve_access_index));

struct fentry_node___local {
	char name[8];
	struct fentry_inner___local *inner;
} __attribute__((preserve_access_index));

SEC("fentry/fentry_deref")
int BPF_PROG(deref_entry, struct fentry_node *n)
{
	struct fentry_node___local *l = (void *)n;

	deref.tag = n->tag;
	deref.inner_x = n->inner->x;
	deref.next_tag = n->next->tag;
	deref.name1 = n->name[1];
	deref.core_y = l->inner->y;
	__sync_fetch_and_add(&deref.entry_runs, 1);
	return 0;
}

SEC("fexit/fentry_deref")
int BPF_PROG(deref_exit, struct fentry_node *n, struct fentry_inner *ret)
{
	deref.ret_x = ret->x;
	deref.next_inner_y = n->next->inner->y;
	__sync_fetch_and_add(&deref.exit_runs, 1);
	return 0;
}
