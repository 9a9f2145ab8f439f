/* The reference kernel's implementation of ebreak's port (<ebreak/port.h>). */
#include "defs.h"
#include "riscv.h"
#include "async/async.h"
#include "trace/tracepoint.h"
#include "user/user.h"
#include <ebreak/errno.h>

/* port.h's contracts, the reference kernel's way. A line through printf,
 * which skips its lock on a hart that already holds it. */
void
eb_port_log(const char *msg)
{
	printf("%s\n", msg);
}

/* kmalloc: any size (blocks past a page take whole pages). */
void *
eb_port_alloc(size_t size)
{
	return kmalloc(size);
}

/* kfree. */
void
eb_port_free(void *p)
{
	kfree(p);
}

/* copy_nofault: an exception-table fixup turns a fault into -EFAULT. */
EB_NOPROBE int
eb_port_read_nofault(void *dst, const void *src, size_t len)
{
	return copy_nofault(dst, src, len);
}

/* A process's memory is mapped while its thread is polled (uvm_switch),
 * so a probe hit in a syscall reads the calling process's. */
EB_NOPROBE int
eb_port_read_user_nofault(void *dst, const void *src, size_t len)
{
	uintptr_t va = (uintptr_t)src;
	unsigned long sum = csr_read(sstatus) & SSTATUS_SUM;

	if (va < USER_BASE || va + len > USER_TOP || va + len < va)
		return -EFAULT;
	/* SUM lets S-mode read U pages for this copy; the interrupted
	 * code's SUM (a probe inside copy_from_user) is put back. */
	csr_set(sstatus, SSTATUS_SUM);
	int err = copy_nofault(dst, src, len);
	if (!sum)
		csr_clear(sstatus, SSTATUS_SUM);
	return err;
}

/* What the executor and the process's poll left in this hart's struct
 * cpu: the polled process's name and pid, a kernel task's name and 0,
 * else swapper/N and 0 (the hart's own loop, its shell, its idle). An
 * interrupt handler names the task it interrupted, as Linux does. Two
 * words copied: this runs on every event. */
EB_NOPROBE int
eb_port_current(char *comm, size_t size)
{
	struct cpu *c = mycpu();
	const char *name = c->comm;

	if (size >= 16 && (uintptr_t)comm % 8 == 0) {
		((uint64_t *)comm)[0] = ((const uint64_t *)name)[0];
		((uint64_t *)comm)[1] = ((const uint64_t *)name)[1];
		comm[15] = 0;
	} else if (size) {
		size_t n = 0;
		for (; name[n] && n + 1 < size; n++)
			comm[n] = name[n];
		comm[n] = 0;
	}
	return c->pid;
}

/* The async task this hart polls (struct task, kernel/async/async.h). */
EB_NOPROBE void *
eb_port_current_task(void)
{
	return current_task();
}

/* The executor's id of the task this hart polls (the executor clears
 * it around interrupt handlers: an interrupt is no task's). */
EB_NOPROBE unsigned long
eb_port_current_task_id(void)
{
	struct task *t = current_task();

	return t ? t->id : 0;
}

_Static_assert(offsetof(struct cpu, id) == PORT_CPU_ID_OFFSET,
	       "kernel/port_inline.h reads struct cpu.id");
_Static_assert(offsetof(struct cpu, noff) == PORT_CPU_NOFF_OFFSET,
	       "kernel/port_inline.h reads struct cpu.noff");
_Static_assert(offsetof(struct cpu, ebreak) == PORT_CPU_EBREAK_OFFSET,
	       "kernel/port_inline.h finds struct cpu.ebreak");

/* One more than the highest hart id started at boot. */
EB_NOPROBE unsigned
eb_port_cpu_count(void)
{
	return ncpu;
}

/* text_patch (patch.c): through the text's writable alias, then fence.i
 * on every hart. */
EB_NOPROBE int
eb_port_text_patch(void *addr, const void *insn, size_t len)
{
	return text_patch(addr, insn, len);
}

/* stop_machine (smp.c): the other harts parked by IPI. */
EB_NOPROBE void
eb_port_stop_machine(void (*fn)(void *arg), void *arg)
{
	stop_machine(fn, arg);
}

/* Tracepoint sites, which the kernel patches itself. */
bool
eb_port_text_reserved(uintptr_t addr, size_t len)
{
	return tracepoint_text_reserved(addr, len);
}

/* kallsyms by name (a linear search). */
int
eb_port_symbol_lookup(const char *name, uintptr_t *addr, size_t *size)
{
	return kallsyms_lookup_name(name, addr, size);
}

/* kallsyms by address (a binary search, trap-safe). */
EB_NOPROBE const char *
eb_port_symbol_name(uintptr_t addr, uintptr_t *start, size_t *size)
{
	return kallsyms_lookup(addr, start, size);
}

/* The section kernel.ld keeps between these bounds. */
EB_NOPROBE const void *
eb_port_eh_frame(size_t *len)
{
	extern const char __eh_frame_start[], __eh_frame_end[];

	*len = __eh_frame_end - __eh_frame_start;
	return *len ? __eh_frame_start : NULL;
}

/* From the pool kernel.ld reserves in never-probed text (execmem.c). */
void *
eb_port_exec_alloc(size_t size)
{
	return execmem_alloc(size);
}

/* Back to the pool at once: the library has waited a grace period. */
void
eb_port_exec_free(void *p, size_t size)
{
	execmem_free(p, size);
}

/* The slot area kernel.ld reserves inside the never-probed text. */
void *
eb_port_slot_area(size_t *size)
{
	extern char __eb_slots_start[], __eb_slots_end[];

	*size = __eb_slots_end - __eb_slots_start;
	return __eb_slots_start;
}
