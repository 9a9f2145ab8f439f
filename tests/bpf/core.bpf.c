/*
 * CO-RE: a kprobe program reading the kernel's struct cpu (kernel/
 * defs.h: the hart's running pid, which bpf_get_current_pid_tgid reports)
 * through a local declaration whose fields are in another order, so only
 * relocated offsets read the right ones; every relocation kind clang
 * emits (field offset, size, existence, signedness, bitfield shifts; type
 * ids, existence, size; enumerator existence and value), a load whose
 * offset and size change, and a .text function relocated in each
 * program's copy. tests/kernel/bpf_core_test.c runs it on the reference
 * kernel's BTF, tests/host/bpf_core_test.c on a host one with other
 * offsets.
 */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "core_results.h"

char LICENSE[] SEC("license") = "GPL";

/* struct cpu as this program knows it: the kernel's starts with id,
 * has pid after comm, and lacks no_such_field; mode is a bitfield only
 * the host's test kernel has. */
struct cpu___local {
	int pid;
	const char *comm;
	unsigned long long ticks;
	unsigned int id;
	int no_such_field;
	unsigned int mode : 5;
} __attribute__((preserve_access_index));

/* The context's registers, in another order; a2 read as 4 bytes where
 * the kernel's is 8 (an unsigned load may widen). */
struct user_regs_struct___local {
	unsigned int a2;
	unsigned long a1;
} __attribute__((preserve_access_index));

/* A type no kernel has. */
struct no_such_type___local {
	int x;
};

/* The kernel's enum bpf_prog_type (<ebreak/bpf.h>), values left to it. */
enum bpf_prog_type___local {
	BPF_PROG_TYPE_TRACEPOINT___local = 99,
	BPF_PROG_TYPE_NO_SUCH___local = 98,
};

struct core_results results;

/* cpu's id, read in .text: each program's copy is relocated. */
static __noinline __u64
read_id(struct cpu___local *c)
{
	return BPF_CORE_READ(c, id);
}

SEC("kprobe/core_target")
int read_cpu(struct pt_regs *ctx)
{
	struct cpu___local *c = (void *)PT_REGS_PARM1_CORE(ctx);
	struct user_regs_struct___local *regs = (void *)ctx;

	results.arg0 = (unsigned long)c;
	results.pid = BPF_CORE_READ(c, pid);
	results.id = BPF_CORE_READ(c, id);
	results.comm = (unsigned long)BPF_CORE_READ(c, comm);
	results.ticks = BPF_CORE_READ(c, ticks);
	results.pid_tgid = bpf_get_current_pid_tgid();
	results.cpu = bpf_get_smp_processor_id();
	results.a1 = regs->a1;
	results.a2 = regs->a2;
	results.id_sub = read_id(c);
	results.has_pid = bpf_core_field_exists(c->pid);
	results.has_missing = bpf_core_field_exists(c->no_such_field);
	results.has_mode = bpf_core_field_exists(c->mode);
	if (bpf_core_field_exists(c->no_such_field))	/* poisoned, never runs */
		results.missing = BPF_CORE_READ(c, no_such_field);
	if (bpf_core_field_exists(c->mode))
		results.mode = BPF_CORE_READ_BITFIELD_PROBED(c, mode);
	results.pid_signed = __builtin_preserve_field_info(c->pid, BPF_FIELD_SIGNED);
	results.comm_size = bpf_core_field_size(c->comm);
	results.ticks_offset = bpf_core_field_offset(c->ticks);
	results.type_exists = bpf_core_type_exists(struct cpu___local);
	results.no_type_exists = bpf_core_type_exists(struct no_such_type___local);
	results.cpu_size = bpf_core_type_size(struct cpu___local);
	results.enum_value = bpf_core_enum_value(enum bpf_prog_type___local,
						 BPF_PROG_TYPE_TRACEPOINT___local);
	results.enum_exists = bpf_core_enum_value_exists(enum bpf_prog_type___local,
							 BPF_PROG_TYPE_TRACEPOINT___local);
	results.enum_missing_exists = bpf_core_enum_value_exists(enum bpf_prog_type___local,
								 BPF_PROG_TYPE_NO_SUCH___local);
	results.type_id_local = bpf_core_type_id_local(struct cpu___local);
	results.type_id_kernel = bpf_core_type_id_kernel(struct cpu___local);
	return 0;
}

/* A second program calling read_id: its own copy, relocated too. */
SEC("kprobe/core_target")
int read_cpu_again(struct pt_regs *ctx)
{
	results.id_sub2 = read_id((void *)PT_REGS_PARM1_CORE(ctx));
	/* struct pt_regs's own fields, as Linux's riscv vmlinux.h has them */
	results.ctx_epc = ctx->epc;
	results.ctx_a1 = ctx->a1;
	return 0;
}
