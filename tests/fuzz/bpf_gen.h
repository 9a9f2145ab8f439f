/*
 * The verifier fuzzer's program generator, shared by the fuzzer
 * (bpf_verifier_fuzz.c) and the JIT's differential test
 * (bpf_jit_diff.c): bytes in, an eBPF program out (mostly one the
 * verifier accepts), with the environment bits the bytes choose.
 */
#ifndef TESTS_FUZZ_BPF_GEN_H
#define TESTS_FUZZ_BPF_GEN_H
#include <stddef.h>
#include <stdint.h>
#include "bpf/verifier.h"

#define BPF_GEN_MAX_INSNS (256 + 40)	/* what bpf_gen_program may make */

/*
 * Input: byte 0 picks the program type and the generator, byte 1 the
 * context size; the rest makes instructions:
 *   raw         8 bytes per instruction, as they are (the seed corpus:
 *               the conformance programs, see corpus.sh)
 *   structured  8 bytes per instruction drawn from valid encodings with
 *               plausible operands (stack offsets below r10, context
 *               offsets inside it, short jumps, map lookups with null
 *               checks, ring buffer records reserved and submitted,
 *               bpf_loop with a callback placed after main),
 *               so that a good share passes the verifier
 * Fills insns (BPF_GEN_MAX_INSNS) and env's ctx_size, ctx_writable and
 * ctx_size_in_r2 (maps 0-2: an array, a hash, a ring buffer; the
 * caller's); returns the instruction count, 0 for too little input.
 */
size_t bpf_gen_program(const uint8_t *data, size_t size, struct bpf_insn *insns,
		       struct bpf_verifier_env *env);

#endif
