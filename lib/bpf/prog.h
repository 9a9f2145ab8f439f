/*
 * An eBPF program object and its lifecycle:
 *
 *   bpf_prog_create   copy the instructions and the maps they name, check
 *                     the encoding of lddw pseudo forms
 *   bpf_check         the verifier (verifier.h): proves the program safe
 *   bpf_prog_prepare  pre-decode for the interpreter: pseudo lddw relocated
 *                     to plain constants, helpers bound, jumps resolved
 *   bpf_prog_run      run it, as often as wanted, on any hart, concurrently
 *   bpf_prog_free
 *
 * The interpreter trusts the verifier: it checks no memory access, so a
 * program must pass bpf_check before it is prepared and run anywhere but
 * in a host test.
 *
 * Entry state (what the verifier assumes): r1 = the context, ctx_size
 * bytes readable and writable; r2 = ctx_size (the conformance suite passes
 * memory and its length this way; other programs may ignore it); r10 = the
 * top of a BPF_STACK_SIZE-byte stack; other registers unset.
 *
 * lddw pseudo forms (src_reg): BPF_PSEUDO_MAP_FD and BPF_PSEUDO_MAP_IDX
 * name maps[imm] (a map "fd" is its index here; the ELF loader fills
 * maps); BPF_PSEUDO_MAP_VALUE and BPF_PSEUDO_MAP_IDX_VALUE name the value
 * of array map maps[imm] plus the second slot's imm as offset.
 * prog->insns keeps them as loaded, for the verifier to read.
 *
 * bpf-to-bpf calls (call with src_reg BPF_PSEUDO_CALL, imm = target - pc
 * - 1) run in a new frame with its own stack; r6-r9 and r10 are restored
 * on return. At most MAX_CALL_FRAMES frames, as in Linux.
 */
#ifndef EBREAK_BPF_PROG_H
#define EBREAK_BPF_PROG_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "bpf/helpers.h"
#include "bpf/insn.h"
#include "bpf/map.h"

#define MAX_CALL_FRAMES 8
#define BPF_MAXINSNS	65536	/* instruction slots per program */

struct bpf_prog_attr {
	const struct bpf_insn *insns;
	uint32_t len;			/* in 8-byte slots */
	struct bpf_map *const *maps;	/* borrowed: must outlive the prog */
	uint32_t nr_maps;
	uint32_t ctx_size;		/* bytes at r1 */
	bpf_get_func_proto_t get_func_proto;	/* NULL: bpf_helper_proto */
};

struct bpf_interp_insn;

struct bpf_prog {
	struct bpf_insn *insns;		/* owned copy, as loaded */
	uint32_t len;
	struct bpf_map **maps;		/* owned array of borrowed maps */
	uint32_t nr_maps;
	uint32_t ctx_size;
	bpf_get_func_proto_t get_func_proto;	/* never NULL */
	bool verified;			/* set by bpf_check on success */
	struct bpf_interp_insn *image;	/* set by bpf_prog_prepare */
};

/*
 * Creates a program from attr (copied). Returns 0 and *progp, or -EINVAL
 * (empty, too long, lddw cut short or naming a missing map or a bad value
 * offset) / -ENOMEM, with a message in err naming the instruction index.
 * Not in trap context.
 */
int bpf_prog_create(const struct bpf_prog_attr *attr, struct bpf_prog **progp,
		    char *err, size_t errsize);

/*
 * Pre-decodes prog for the interpreter (once; again is a no-op). Returns
 * 0, or -EINVAL for an encoding it cannot run, or -ENOMEM, with a message
 * in err naming the instruction index and its disassembly. Not in trap
 * context.
 */
int bpf_prog_prepare(struct bpf_prog *prog, char *err, size_t errsize);

/*
 * Runs a prepared program with r1 = ctx and returns r0. Any context,
 * any number of harts at once; uses about 700 bytes of the caller's stack
 * per call frame the program reaches.
 */
uint64_t bpf_prog_run(const struct bpf_prog *prog, void *ctx);

/* Frees prog (NULL is ignored), not its maps. Not in trap context. */
void bpf_prog_free(struct bpf_prog *prog);

#endif
