/*
 * The port implemented on a host process, so the portable library can be
 * unit-tested with the host's compiler. One "hart", no real patching
 * concurrency: text_patch is a memcpy into writable memory.
 */
#include <ebreak/port.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

void
eb_port_log(const char *msg)
{
	fprintf(stderr, "%s\n", msg);
}

/* Allocations not freed yet: a test that frees all it made checks this
 * is back where it was. */
long host_allocs_live;

void *
eb_port_alloc(size_t size)
{
	void *p = aligned_alloc(16, (size + 15) & ~(size_t)15);

	if (p)	/* threaded tests allocate too */
		__atomic_fetch_add(&host_allocs_live, 1, __ATOMIC_RELAXED);
	return p;
}

void
eb_port_free(void *p)
{
	if (p)
		__atomic_fetch_sub(&host_allocs_live, 1, __ATOMIC_RELAXED);
	free(p);
}

/* What a host test treats as mapped: everything but NULL, or only
 * [host_mapped_lo, host_mapped_hi) when it sets them (a fuzzer). */
const char *host_mapped_lo, *host_mapped_hi;

int
eb_port_read_nofault(void *dst, const void *src, size_t len)
{
	uintptr_t p = (uintptr_t)src, lo = (uintptr_t)host_mapped_lo,
		  hi = (uintptr_t)host_mapped_hi;

	if ((!p && len) || (hi && (p < lo || p > hi || len > hi - p)))
		return -EFAULT;
	memcpy(dst, src, len);
	return 0;
}

/* The host's "user memory" is the same as its kernel memory: a fuzzer
 * reaches the user read paths of fetch args too. */
int
eb_port_read_user_nofault(void *dst, const void *src, size_t len)
{
	return eb_port_read_nofault(dst, src, len);
}

/* The host test is one process: the test binary, pid 1 in its traces. */
int
eb_port_current(char *comm, size_t size)
{
	snprintf(comm, size, "host");
	return 1;
}

/* No tasks on the host. */
void *
eb_port_current_task(void)
{
	return NULL;
}

unsigned long
eb_port_current_task_id(void)
{
	return 0;
}

unsigned
eb_port_cpu_id(void)
{
	return 0;
}

unsigned
eb_port_cpu_count(void)
{
	return 1;
}

/* The one hart's bytes: each thread's own (threads run as hart 0 at
 * once, as if each were the hart). */
void *
eb_port_cpu_data(void)
{
	static _Thread_local _Alignas(16) unsigned char data[EB_CPU_DATA_SIZE];

	return data;
}

unsigned
eb_port_lock_depth(void)
{
	return 0;
}

unsigned long
eb_port_irq_save(void)
{
	return 0;
}

void
eb_port_irq_restore(unsigned long flags)
{
}

uint64_t
eb_port_time_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + ts.tv_nsec;
}

/* Code is written in place; the cache flush matters where instruction
 * fetch does not snoop stores (a riscv64 host). */
int
eb_port_text_patch(void *addr, const void *insn, size_t len)
{
	memcpy(addr, insn, len);
	__builtin___clear_cache((char *)addr, (char *)addr + len);
	return 0;
}

/* Pages of their own, readable, writable and executable: a test process
 * has no W^X to keep, and eb_port_text_patch writes them directly. */
void *
eb_port_exec_alloc(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE | PROT_EXEC,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

void
eb_port_exec_free(void *p, size_t size)
{
	munmap(p, size);
}

void
eb_port_stop_machine(void (*fn)(void *arg), void *arg)
{
	fn(arg);
}

bool
eb_port_text_reserved(uintptr_t addr, size_t len)
{
	return false;
}

int
eb_port_symbol_lookup(const char *name, uintptr_t *addr, size_t *size)
{
	return 0;
}

const char *
eb_port_symbol_name(uintptr_t addr, uintptr_t *start, size_t *size)
{
	return NULL;
}

/* No unwind tables: the host runs no probe handler. */
const void *
eb_port_eh_frame(size_t *len)
{
	*len = 0;
	return NULL;
}

/* The "kernel's" BTF: none, unless a test sets these to the target BTF
 * it resolves CO-RE relocations against. */
const void *host_kernel_btf;
size_t host_kernel_btf_len;

const void *
eb_port_kernel_btf(size_t *len)
{
	*len = host_kernel_btf_len;
	return host_kernel_btf;
}
