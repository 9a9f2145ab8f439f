/*
 * CO-RE against the reference kernel's own BTF (kernel/btf.c):
 * tests/bpf/core.bpf.c, embedded in the image, reads this hart's struct
 * cpu through a declaration whose fields are in another order; attached
 * to core_target's kprobe, what it reads equals what the kernel knows:
 * the pid bpf_get_current_pid_tgid reports, the hart's id, the
 * registers, struct cpu's size and offsets, enum bpf_prog_type's value.
 * bad_core.bpf.c's read of a missing field is refused, naming it.
 */
#include "ktest.h"
#include "bpf_embedded.h"
#include "trace/bpf_cmd.h"
#include "../bpf/core_results.h"
#include <ebreak/bpf.h>
#include <ebreak/bpf_object.h>
#include <ebreak/errno.h>
#include <ebreak/kprobes.h>
#include <ebreak/fmt.h>

__attribute__((noipa)) long core_target(struct cpu *c, long a1, unsigned long a2);
long
core_target(struct cpu *c, long a1, unsigned long a2)
{
	return c->pid + a1 + a2;
}

/* The name the test's "process" runs under. */
static const char core_comm[16] __attribute__((aligned(8))) = "coretest";

/* Attaches obj's programs to core_target's entry, calls it as process
 * 4242 would, and detaches. */
static void
run_attached(struct eb_bpf_object *obj)
{
	static const struct eb_bpf_kprobe entry = { .symbol = "core_target" };
	struct eb_bpf_attach_point point;
	const struct eb_bpf_program *p;
	struct bpf_link *links[2] = { 0 };
	char err[120];

	eb_bpf_kprobe_point(&entry, &point);
	for (size_t i = 0; i < 2 && (p = eb_bpf_object_program(obj, i)); i++)
		KEXPECT_EQ(eb_bpf_attach(p->prog, &point, &links[i], err, sizeof err), 0);
	/* what the executor sets while a process runs (eb_port_current) */
	push_off();
	struct cpu *c = mycpu();
	const char *comm = c->comm;
	int pid = c->pid;
	c->comm = core_comm;
	c->pid = 4242;
	core_target(c, 0x1111, 0x1122334455667788ul);
	c->comm = comm;
	c->pid = pid;
	pop_off();
	for (size_t i = 0; i < 2; i++)
		if (links[i])
			eb_bpf_detach(links[i]);
}

KTEST(bpf_core, reads_the_kernels_struct_cpu)
{
	struct kprobe warm = { .symbol_name = "core_target" };
	char log[256];
	size_t size = 0;

	/* Warm-up: the probe core's lazily made pools are not leaks. */
	KEXPECT_EQ(register_kprobe(&warm), 0);
	unregister_kprobe(&warm);
	size_t heap = kmalloc_live_bytes();
	struct eb_bpf_object *obj = bpf_embedded_try("core", true, log, sizeof log);
	if (!KEXPECT(obj)) {
		printf("  core: %s\n", log);
		return;
	}
	run_attached(obj);
	const struct core_results *r = eb_bpf_object_find_global(obj, "results", &size);
	struct cpu *c = mycpu();
	if (KEXPECT(r && size == sizeof(*r))) {
		KEXPECT_EQ(r->arg0, (uintptr_t)c);
		KEXPECT_EQ(r->pid, 4242);
		KEXPECT_EQ(r->pid_tgid, 4242ul << 32 | 4242);
		KEXPECT_EQ(r->id, c->id);
		KEXPECT_EQ(r->cpu, c->id);
		KEXPECT_EQ(r->comm, (uintptr_t)core_comm);
		KEXPECT(r->ticks <= c->ticks);
		KEXPECT_EQ(r->a1, 0x1111);
		KEXPECT_EQ(r->ctx_a1, 0x1111);
		KEXPECT_EQ(r->ctx_epc, (uintptr_t)core_target);
		KEXPECT_EQ(r->a2, 0x1122334455667788ul);
		KEXPECT_EQ(r->id_sub, c->id);
		KEXPECT_EQ(r->id_sub2, c->id);
		KEXPECT_EQ(r->has_pid, 1);
		KEXPECT_EQ(r->has_missing, 0);
		KEXPECT_EQ(r->has_mode, 0);	/* only the host test's kernel has it */
		KEXPECT_EQ(r->mode + r->missing, 0);
		KEXPECT_EQ(r->pid_signed, 1);
		KEXPECT_EQ(r->comm_size, sizeof(c->comm));
		KEXPECT_EQ(r->ticks_offset, offsetof(struct cpu, ticks));
		KEXPECT_EQ(r->type_exists, 1);
		KEXPECT_EQ(r->no_type_exists, 0);
		KEXPECT_EQ(r->cpu_size, sizeof(struct cpu));
		KEXPECT_EQ(r->enum_value, BPF_PROG_TYPE_TRACEPOINT);
		KEXPECT_EQ(r->enum_exists, 1);
		KEXPECT_EQ(r->enum_missing_exists, 0);
		KEXPECT(r->type_id_local && r->type_id_kernel);
	}
	eb_bpf_object_close(obj);
	KEXPECT_EQ(kmalloc_live_bytes(), heap);
}

KTEST(bpf_core, refuses_a_missing_field_read_naming_it)
{
	static const char want[] = "'struct cpu___local.no_such_field' could not "
				   "be resolved (field missing in the kernel)";
	char log[256] = "";
	size_t heap = kmalloc_live_bytes(), n, w = strlen(want);

	KEXPECT(!bpf_embedded_try("bad_core", true, log, sizeof log));
	n = strlen(log);
	if (!KEXPECT(n >= w && !strcmp(log + n - w, want)))
		printf("  bad_core: %s\n", log);
	KEXPECT_EQ(kmalloc_live_bytes(), heap);
}
