/* The eBPF objects embedded in the image, loaded for the in-kernel
 * suites. */
#ifndef TESTS_KERNEL_BPF_EMBEDDED_H
#define TESTS_KERNEL_BPF_EMBEDDED_H
#include <stdbool.h>
#include <stddef.h>

struct eb_bpf_object;

/* Embedded object name (examples/bpf/module.mk's table; a failed check
 * if it is not there) opened and loaded, its programs JIT-compiled if
 * jit, interpreted if not (the JIT switched on again after); NULL with
 * why in log (size bytes) if refused. */
struct eb_bpf_object *bpf_embedded_try(const char *name, bool jit, char *log,
				       size_t size);

/* Embedded object name (examples/bpf/module.mk's table) opened and
 * loaded, its programs JIT-compiled if jit, interpreted if not (the JIT
 * switched on again after); NULL, having failed a check and said why,
 * if it is missing or refused. */
struct eb_bpf_object *bpf_embedded_load(const char *name, bool jit);

/* Whether want is part of s (a refusal's log, say). */
bool bpf_log_contains(const char *s, const char *want);

/* fn(jit), failing a check if it leaves heap behind; first a kprobe on
 * symbol registered and unregistered, since the probe core makes its
 * pools lazily at the first (not leaks). */
void bpf_heap_kept(const char *symbol, void (*fn)(bool jit), bool jit);

#endif
