/*
 * A stand-in kernel for the CO-RE host tests: its types are what pahole
 * encodes into the target BTF (lib/bpf/bpf.mk: build/bpf/core_target.btf)
 * that tests/bpf/core.bpf.o is resolved against, with offsets neither
 * the program's nor the reference kernel's, and the test links this
 * file to make the instance the program reads. Built again with
 * CORE_AMBIGUOUS, a second struct cpu flavor with pid elsewhere makes
 * every relocation of cpu's pid ambiguous.
 */
#include <ebreak/vmlinux.h>	/* struct user_regs_struct, as the kernel's */
#include "core_target.h"

/* struct cpu in yet another order, with a 5-bit mode after 3 bits. */
struct cpu {
	unsigned long long ticks;
	unsigned int flags : 3, mode : 5;
	char pad[20];
	const char *comm;
	int pid;
	unsigned int id;
};

enum bpf_prog_type {
	BPF_PROG_TYPE_KPROBE = 2,
	BPF_PROG_TYPE_TRACEPOINT = 7,
};

#ifdef CORE_AMBIGUOUS
struct cpu___other {
	int pid;
	unsigned int id;
};
#endif

static struct cpu cpu;

/* The cpu the test's program reads: its fields set, its address. */
void *
core_target_cpu(int pid, unsigned id, unsigned long long ticks,
		 const char *comm, unsigned mode)
{
	/* Linux's BTF_TYPE_EMIT: the casts put the types in the DWARF. */
	(void)(struct user_regs_struct *)0;
	(void)(enum bpf_prog_type *)0;
#ifdef CORE_AMBIGUOUS
	(void)(struct cpu___other *)0;
#endif
	cpu = (struct cpu){ .ticks = ticks, .flags = 7, .mode = mode,
			    .comm = comm, .pid = pid, .id = id };
	return &cpu;
}

/* The id of c: a function whose argument points at a struct, for the
 * tests of loads through a traced function's pointer argument. */
unsigned
core_target_id(const struct cpu *c)
{
	return c->id;
}

/* A struct pointing at a struct cpu, smaller than it: two struct types
 * the verifier's pruning must tell apart. */
struct cpu_ref {
	struct cpu *cpu;
	long tag;
};

/* The id of r's cpu: a function whose argument's member points at
 * another struct. */
unsigned
core_target_ref_id(const struct cpu_ref *r)
{
	return r->cpu->id;
}

/* The first of cs' ids: an argument pointing at a pointer, which a
 * program may not read as PTR_TO_BTF_ID (Linux's btf_ctx_access). */
unsigned
core_target_first_id(const struct cpu **cs)
{
	return cs[0]->id;
}
