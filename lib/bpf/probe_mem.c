/*
 * Loads through a kernel struct pointer (the verifier's PTR_TO_BTF_ID):
 * the pointer may be NULL or stale, so the load must survive a fault,
 * which reads 0 (Linux's BPF_PROBE_MEM, done there by an exception
 * table entry per JIT'd load). Both backends call this one routine: the
 * interpreter directly, the JIT through a stub that keeps the eBPF
 * registers (bpf_jit_probe.S).
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
