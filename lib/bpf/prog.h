/*
 * An eBPF program object and its lifecycle:
 *
 *   bpf_prog_create   copy the instructions and the environment (context,
 *                     maps, helpers) they run in
 *   bpf_prog_verify   the verifier (verifier.h) proves the program safe
 *   bpf_prog_prepare  pre-decode for the interpreter: pseudo lddw relocated
 *                     to plain constants, helpers bound, jumps resolved
 *   bpf_prog_run      run it, as often as wanted, on any hart, concurrently
 *   bpf_prog_free
 *
 * bpf_prog_load does the first three. The interpreter trusts the
 * verifier: it checks no memory access, so only host tests of the
 * interpreter itself may prepare a program that was not verified.
 *
 * Entry state: r1 = the context (env.ctx_size bytes); r2 = env.ctx_size if
 * env.ctx_size_in_r2 (the conformance suite passes memory and its length
 * this way); r10 = the top of the frame's BPF_STACK_SIZE-byte stack.
 *
 * lddw pseudo forms (src_reg): BPF_PSEUDO_MAP_FD and BPF_PSEUDO_MAP_IDX
 * name env.maps[imm] (a map "fd" is its index here; the ELF loader fills
 * maps); BPF_PSEUDO_MAP_VALUE and BPF_PSEUDO_MAP_IDX_VALUE name the value
 * of one-entry array map maps[imm], plus the second slot's imm as offset.
 * prog->insns keeps them as loaded, for the verifier to read.
 *
 * bpf-to-bpf calls (call, src_reg BPF_PSEUDO_CALL, imm = target - pc - 1)
 * run in a new frame with its own stack; r6-r10 are restored on return.
 * At most MAX_CALL_FRAMES frames (main included), as in Linux.
 */
#ifndef EBREAK_BPF_PROG_H
#define EBREAK_BPF_PROG_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "bpf/helpers.h"
#include "bpf/insn.h"
#include "bpf/map.h"
#include "bpf/verifier.h"

#define MAX_CALL_FRAMES BPF_VERIFIER_MAX_CALL_DEPTH

struct bpf_interp_insn;

struct bpf_prog {
	struct bpf_insn *insns;		/* owned copy, as loaded */
	uint32_t len;			/* in 8-byte slots */
	/* Owned copy; env.maps is an owned array of borrowed maps (they
	 * must outlive the program); env.get_func_proto is never NULL. */
	struct bpf_verifier_env env;
	bool verified;			/* bpf_prog_verify succeeded */
	struct bpf_interp_insn *image;	/* set by bpf_prog_prepare */
};

/*
 * Creates a program from insns[0..len) for env (both copied). Returns 0
 * and *progp, or -EINVAL (no instructions) / -E2BIG (more than
 * BPF_VERIFIER_MAX_INSNS) / -ENOMEM, with a message in err. Not in trap
 * context.
 */
int bpf_prog_create(const struct bpf_insn *insns, size_t len,
		    const struct bpf_verifier_env *env,
		    struct bpf_prog **progp, char *err, size_t errsize);

/*
 * Runs the verifier on prog. Returns bpf_verify's result; log as there
 * (`insn IDX (DISASM): REASON`), stats may be NULL. Not in trap context.
 */
int bpf_prog_verify(struct bpf_prog *prog, char *log, size_t logsize,
		    struct bpf_verifier_stats *stats);

/*
 * Pre-decodes prog for the interpreter (once; again is a no-op). Returns
 * 0, or -EINVAL for an instruction it cannot run (invalid encoding, map
 * or helper that does not exist), or -ENOMEM, with a message in err:
 * `insn IDX (DISASM): REASON`. Not in trap context.
 */
int bpf_prog_prepare(struct bpf_prog *prog, char *err, size_t errsize);

/* create + verify + prepare; on failure nothing is left allocated. */
int bpf_prog_load(const struct bpf_insn *insns, size_t len,
		  const struct bpf_verifier_env *env, struct bpf_prog **progp,
		  char *log, size_t logsize);

/*
 * Runs a prepared program with r1 = ctx and returns r0. Any context, any
 * number of harts at once. Uses about 600 bytes of the caller's stack,
 * and as much again per bpf-to-bpf call frame the program reaches.
 */
uint64_t bpf_prog_run(const struct bpf_prog *prog, void *ctx);

/* Frees prog (NULL is ignored), not its maps. Not in trap context. */
void bpf_prog_free(struct bpf_prog *prog);

#endif
