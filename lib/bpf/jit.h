/*
 * The arch's eBPF JIT, the backend bpf_prog_prepare tries before the
 * interpreter (lib/arch/riscv/bpf_jit.c; docs/bpf-jit.md). Private to
 * the library.
 */
#ifndef EBREAK_BPF_JIT_H
#define EBREAK_BPF_JIT_H
#include "bpf/prog.h"

/* Whether the code the JIT makes runs here: an RV64 host. Elsewhere it
 * still compiles (for the image checker's tests), never runs. */
#if defined(__riscv) && __riscv_xlen == 64
#define BPF_JIT_RUNS 1
#else
#define BPF_JIT_RUNS 0
#endif

/* Linux's net.core.bpf_jit_enable: when false, bpf_prog_prepare
 * chooses the interpreter (tests compare the two). Default true. */
extern bool bpf_jit_enable;

/*
 * Compiles verified prog into executable memory (eb_port_exec_alloc,
 * written through eb_port_text_patch, every hart's fetch then current)
 * and makes it prog's backend: prog->bpf_func is the image's entry,
 * prog->jited set. Returns 0, or -EINVAL for an instruction it has no
 * translation for, -ERANGE for a jump beyond reach, -ENOMEM, with a
 * message in err; prog is then unchanged. Not in trap context.
 */
int bpf_jit_compile(struct bpf_prog *prog, char *err, size_t errsize);

/* Gives back what bpf_jit_compile made for prog: its image and the
 * image's unwind table, which the library's unwinder stops using first
 * (core/cfi.h). Not in trap context; a grace period after the image
 * could last start. */
void bpf_jit_free(struct bpf_prog *prog);

/*
 * Checks a compiled image of size bytes at image: every instruction
 * decodes as RV64GC, every direct jump and branch lands on an
 * instruction inside it, and every indirect jump is a call (which links
 * ra), the return, or a tail call's jump through t3. 0, or -EINVAL with the offending offset in err.
 * Any context.
 */
int bpf_jit_check_image(const void *image, size_t size, char *err,
			size_t errsize);

#endif
