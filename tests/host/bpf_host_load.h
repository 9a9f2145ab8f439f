/* eBPF programs from assembler text for the host suites (bpf-vm). */
#ifndef TESTS_HOST_BPF_HOST_LOAD_H
#define TESTS_HOST_BPF_HOST_LOAD_H
#include <stdbool.h>
#include "bpf/prog.h"

/* Assembles text and loads it as a program of type for env (its context
 * and maps), JIT-compiled if jit and the host runs the JIT's code (its
 * image checked), else interpreted; NULL if refused, why in err (256
 * bytes). */
struct bpf_prog *host_bpf_load(const char *text,
			       const struct bpf_verifier_env *env,
			       enum bpf_prog_type type, bool jit, char *err);

#endif
