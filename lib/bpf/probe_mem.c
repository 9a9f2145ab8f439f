/*
 * Loads through a kernel struct pointer (the verifier's PTR_TO_BTF_ID):
 * the pointer may be NULL or stale, so the load must survive a fault,
 * which reads 0 (Linux's BPF_PROBE_MEM). The interpreter calls this
 * routine; the JIT emits the plain load with an exception table entry
 * instead, which the kernel's fault path fixes up (eb_extable_fixup,
 * core/cfi.h), as Linux's JITs do.
 */
#include <ebreak/port.h>
#include "bpf/prog.h"

/* The size (1, 2, 4 or 8) bytes at addr, zero-extended; 0 if reading
 * them faults (prog.h). Any context. */
uint64_t
bpf_probe_mem_load(uintptr_t addr, uint64_t size)
{
	uint64_t v = 0;	/* little-endian: the low bytes are the value */

	if (eb_port_read_nofault(&v, (const void *)addr, size))
		return 0;
	return v;
}
