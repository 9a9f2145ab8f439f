/*
 * The mini kernel's port (<ebreak/port.h>): one hart, bare physical
 * memory (the text is writable as it is), no tasks, no user memory, no
 * run-time code memory, no BTF. The six hot functions are in
 * port_inline.h, the symbol table's two in symbols.c. Each follows its
 * contract in port.h.
 */
#include "mini.h"
#include <ebreak/errno.h>
#include <ebreak/kprobes.h>
#include <ebreak/libc.h>
#include <ebreak/port.h>

/* A line on the console (which takes no lock). */
void
eb_port_log(const char *msg)
{
	printf("%s\n", msg);
}

/* The bump allocator. */
void *
eb_port_alloc(size_t size)
{
	return alloc(size);
}

/* Nothing: the bump allocator never reuses a block. */
void
eb_port_free(void *p)
{
}

/* copy_nofault: trap.c turns its load's fault into -EFAULT. */
EB_NOPROBE int
eb_port_read_nofault(void *dst, const void *src, size_t len)
{
	return copy_nofault(dst, src, len);
}

/* No user processes. */
EB_NOPROBE int
eb_port_read_user_nofault(void *dst, const void *src, size_t len)
{
	return -EFAULT;
}

/* No processes: all is the boot hart's own work, Linux's swapper/0. */
EB_NOPROBE int
eb_port_current(char *comm, size_t size)
{
	static const char name[] = "swapper/0";
	size_t n = size < sizeof name ? size : sizeof name;

	if (n) {
		memcpy(comm, name, n - 1);
		comm[n - 1] = 0;
	}
	return 0;
}

/* No tasks. */
EB_NOPROBE void *
eb_port_current_task(void)
{
	return NULL;
}

/* No tasks. */
EB_NOPROBE unsigned long
eb_port_current_task_id(void)
{
	return 0;
}

/* One hart. */
EB_NOPROBE unsigned
eb_port_cpu_count(void)
{
	return 1;
}

/* A single store for an aligned 2 or 4 bytes (an instruction another
 * path may be fetching), then fence.i: this hart fetches the new bytes,
 * and there is no other. */
EB_NOPROBE int
eb_port_text_patch(void *addr, const void *insn, size_t len)
{
	uint32_t v = 0;

	if ((len == 2 || len == 4) && (uintptr_t)addr % len == 0) {
		memcpy(&v, insn, len);
		if (len == 2)
			*(volatile uint16_t *)addr = (uint16_t)v;
		else
			*(volatile uint32_t *)addr = v;
	} else {
		memcpy(addr, insn, len);
	}
	asm volatile("fence.i" ::: "memory");
	return 0;
}

/* One hart: no other to park; fn runs with interrupts off, as on a
 * stopped machine (docs/PORTING.md step 8). */
EB_NOPROBE void
eb_port_stop_machine(void (*fn)(void *arg), void *arg)
{
	unsigned long flags = eb_port_irq_save();

	fn(arg);
	eb_port_irq_restore(flags);
}

/* The slots mini.ld reserves inside the never-probed section. */
void *
eb_port_slot_area(size_t *size)
{
	extern char __slots_start[], __slots_end[];

	*size = __slots_end - __slots_start;
	return __slots_start;
}

/* None: eBPF programs run interpreted, kprobes at function entries go
 * through ftrace_caller. */
void *
eb_port_exec_alloc(size_t size)
{
	return NULL;
}

/* Never called: eb_port_exec_alloc gives nothing. */
void
eb_port_exec_free(void *p, size_t size)
{
}

/* The kernel rewrites no code of its own. */
bool
eb_port_text_reserved(uintptr_t addr, size_t len)
{
	return false;
}

/* The section mini.ld keeps between these bounds. */
EB_NOPROBE const void *
eb_port_eh_frame(size_t *len)
{
	extern const char __eh_frame_start[], __eh_frame_end[];

	*len = __eh_frame_end - __eh_frame_start;
	return __eh_frame_start;
}

/* No BTF: eBPF objects with CO-RE relocations are refused. */
const void *
eb_port_kernel_btf(size_t *len)
{
	return NULL;
}
