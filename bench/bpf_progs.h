/*
 * The eBPF benchmark programs, in the assembler's syntax: run by the
 * host's interpreter benchmark (bpf-interp.c, which checks ops against
 * the interpreter's counting build) and in the reference kernel by both
 * backends (bpf-kbench.c). r1 is a BPF_BENCH_BUF_SIZE-byte buffer
 * (bpf_bench_fill), r2 its size; map 0 is BPF_BENCH_MAP_DEF.
 */
#ifndef BENCH_BPF_PROGS_H
#define BENCH_BPF_PROGS_H
#include <stdint.h>
#include "bpf_alu_loop.h"

#define BPF_BENCH_BUF_SIZE 1024
#define BPF_BENCH_MAP_DEF { BPF_MAP_TYPE_ARRAY, 4, 32, 1, 0 }

struct bpf_bench_prog {
	const char *name;
	uint32_t ops;		/* eBPF instructions one run executes */
	const char *text;
};

static const struct bpf_bench_prog bpf_bench_progs[] = {
	/* The simple ALU-and-branch loop uBPF's figure is for. */
	{ "alu_loop", 50003, BPF_ALU_LOOP(10000) },
	/* Sum of the buffer's bytes. */
	{ "buf_loop", 6147,
	  "mov %r0, 0\n"
	  "mov %r3, 0\n"
	  "loop:\n"
	  "mov %r4, %r1\n"
	  "add %r4, %r3\n"
	  "ldxb %r5, [%r4]\n"
	  "add %r0, %r5\n"
	  "add %r3, 1\n"
	  "jlt %r3, 1024, loop\n"
	  "exit\n" },
	/* FNV-1a 64 of the buffer, 8 bytes per load. */
	{ "fnv_hash", 7940,
	  "lddw %r0, 0xcbf29ce484222325\n"
	  "lddw %r6, 0x100000001b3\n"
	  "mov %r3, 0\n"
	  "loop:\n"
	  "mov %r4, %r1\n"
	  "add %r4, %r3\n"
	  "ldxdw %r5, [%r4]\n"
	  "mov %r7, 8\n"
	  "byte:\n"
	  "mov %r8, %r5\n"
	  "and %r8, 0xff\n"
	  "xor %r0, %r8\n"
	  "mul %r0, %r6\n"
	  "rsh %r5, 8\n"
	  "sub %r7, 1\n"
	  "jne %r7, 0, byte\n"
	  "add %r3, 8\n"
	  "jlt %r3, 1024, loop\n"
	  "exit\n" },
	/* Classifies each byte, four ways, counting in a map value (whose
	 * contents the verifier does not track, so paths merge). */
	{ "branchy", 13307,
	  "mov %r6, %r1\n"
	  "stw [%r10-4], 0\n"
	  "lddw %r1, map_idx(0)\n"
	  "mov %r2, %r10\n"
	  "add %r2, -4\n"
	  "call 1\n"
	  "jne %r0, 0, go\n"
	  "exit\n"
	  "go:\n"
	  "mov %r9, %r0\n"
	  "mov %r3, 0\n"
	  "loop:\n"
	  "mov %r4, %r6\n"
	  "add %r4, %r3\n"
	  "ldxb %r5, [%r4]\n"
	  "jlt %r5, 64, low\n"
	  "jlt %r5, 128, mid\n"
	  "jset %r5, 1, odd\n"
	  "ldxdw %r7, [%r9+0]\n"
	  "add %r7, 1\n"
	  "stxdw [%r9+0], %r7\n"
	  "ja next\n"
	  "odd:\n"
	  "ldxdw %r7, [%r9+8]\n"
	  "add %r7, %r5\n"
	  "stxdw [%r9+8], %r7\n"
	  "ja next\n"
	  "mid:\n"
	  "ldxdw %r7, [%r9+16]\n"
	  "add %r7, 1\n"
	  "stxdw [%r9+16], %r7\n"
	  "ja next\n"
	  "low:\n"
	  "ldxdw %r7, [%r9+24]\n"
	  "add %r7, 1\n"
	  "stxdw [%r9+24], %r7\n"
	  "next:\n"
	  "mov %r5, 0\n"
	  "mov %r7, 0\n"
	  "add %r3, 1\n"
	  "jlt %r3, 1024, loop\n"
	  "ldxdw %r0, [%r9+0]\n"
	  "exit\n" },
	/* A bpf-to-bpf call per iteration. */
	{ "local_calls", 10003,
	  "mov %r0, 0\n"
	  "mov %r6, 0\n"
	  "loop:\n"
	  "mov %r1, %r6\n"
	  "mov %r2, %r0\n"
	  "call local mix\n"
	  "add %r6, 1\n"
	  "jlt %r6, 1000, loop\n"
	  "exit\n"
	  "mix:\n"
	  "mov %r0, %r1\n"
	  "lsh %r0, 3\n"
	  "xor %r0, %r2\n"
	  "add %r0, 7\n"
	  "exit\n" },
	/* A helper call per iteration (counters in an array map). */
	{ "map_helper", 11003,
	  "mov %r6, 0\n"
	  "loop:\n"
	  "stw [%r10-4], 0\n"
	  "lddw %r1, map_idx(0)\n"
	  "mov %r2, %r10\n"
	  "add %r2, -4\n"
	  "call 1\n"
	  "jeq %r0, 0, skip\n"
	  "ldxdw %r1, [%r0]\n"
	  "add %r1, 1\n"
	  "stxdw [%r0], %r1\n"
	  "skip:\n"
	  "add %r6, 1\n"
	  "jlt %r6, 1000, loop\n"
	  "mov %r0, 0\n"
	  "exit\n" },
};

static inline void
bpf_bench_fill(uint8_t *buf)
{
	for (int i = 0; i < BPF_BENCH_BUF_SIZE; i++)
		buf[i] = i * 7 + (i >> 3);
}

#endif
