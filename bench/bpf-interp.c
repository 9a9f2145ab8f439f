/*
 * eBPF interpreter benchmark programs (host). For each program:
 *
 *   bpf-interp count [NAME]   prints "NAME N": eBPF instructions one run
 *                             executes (needs the counting build of
 *                             interp.c linked in: bpf-interp-count)
 *   bpf-interp run [NAME]     runs each program RUNS times: under
 *                             `valgrind --tool=callgrind
 *                             --toggle-collect=bpf_prog_run` only the
 *                             interpreter's instructions are counted
 *   bpf-interp verify [NAME]  `bench: bpf_verify_NAME = N us` (median)
 *
 * bench/bpf-interp.sh combines count and run into host instructions per
 * eBPF instruction. Programs are written in the assembler's syntax; r1 is
 * a BUF_SIZE-byte buffer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ebreak/port.h>
#include "bpf/asm.h"
#include "bpf/prog.h"
#include "bpf_alu_loop.h"

#define BUF_SIZE 1024
#define RUNS 20

struct bench_prog {
	const char *name;
	const char *text;
};

static const struct bench_prog progs[] = {
	/* The simple ALU-and-branch loop uBPF's figure is for. */
	{ "alu_loop", BPF_ALU_LOOP(10000) },
	/* Sum of the buffer's bytes. */
	{ "buf_loop",
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
	{ "fnv_hash",
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
	{ "branchy",
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
	{ "local_calls",
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
	{ "map_helper",
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

#define NPROGS (sizeof(progs) / sizeof(progs[0]))

/* Defined only by the counting build of interp.c. */
extern uint64_t bpf_interp_count __attribute__((weak));

static uint8_t buf[BUF_SIZE];
static struct bpf_map *map;

static struct bpf_verifier_env
env(void)
{
	return (struct bpf_verifier_env){
		.ctx_size = BUF_SIZE,
		.ctx_size_in_r2 = true,
		.maps = &map,
		.nr_maps = 1,
	};
}

static struct bpf_prog *
load(const struct bench_prog *p, struct bpf_insn **insns, size_t *len)
{
	struct bpf_verifier_env e = env();
	struct bpf_prog *prog;
	char err[512];

	if (bpf_asm(p->text, insns, len, err, sizeof(err)) ||
	    bpf_prog_load_env(*insns, *len, &e, &prog, err, sizeof(err))) {
		fprintf(stderr, "bpf-interp: %s: %s\n", p->name, err);
		exit(1);
	}
	return prog;
}

/* Median wall time of bpf_prog_verify, in ns. */
static uint64_t
verify_ns(const struct bench_prog *p)
{
	struct bpf_verifier_env e = env();
	uint64_t t[5];
	struct bpf_insn *insns;
	size_t len;

	bpf_prog_free(load(p, &insns, &len));	/* fails loudly if refused */
	for (int i = 0; i < 5; i++) {
		struct bpf_prog *prog;
		char err[256];

		bpf_prog_create_env(insns, len, &e, &prog, err, sizeof(err));
		t[i] = eb_port_time_ns();
		bpf_prog_verify(prog, err, sizeof(err));
		t[i] = eb_port_time_ns() - t[i];
		bpf_prog_free(prog);
	}
	for (int i = 0; i < 5; i++)	/* insertion sort */
		for (int j = i; j > 0 && t[j] < t[j - 1]; j--) {
			uint64_t x = t[j];

			t[j] = t[j - 1];
			t[j - 1] = x;
		}
	eb_port_free(insns);
	return t[2];
}

int
main(int argc, char **argv)
{
	struct bpf_map_def def = { BPF_MAP_TYPE_ARRAY, 4, 32, 1, 0 };
	const char *mode = argc > 1 ? argv[1] : "";
	const char *only = argc > 2 ? argv[2] : NULL;
	char err[256];

	for (int i = 0; i < BUF_SIZE; i++)
		buf[i] = i * 7 + (i >> 3);
	if (bpf_map_create(&def, "counters", &map, err, sizeof(err))) {
		fprintf(stderr, "bpf-interp: %s\n", err);
		return 1;
	}
	for (size_t i = 0; i < NPROGS; i++) {
		const struct bench_prog *p = &progs[i];
		struct bpf_insn *insns;
		size_t len;

		if (only && strcmp(only, p->name))
			continue;
		if (!strcmp(mode, "verify")) {
			printf("bench: bpf_verify_%s = %.1f us\n", p->name,
			       verify_ns(p) / 1000.0);
			continue;
		}
		struct bpf_prog *prog = load(p, &insns, &len);
		uint64_t r0 = 0;
		int runs = !strcmp(mode, "count") ? 1 : RUNS;

		for (int r = 0; r < runs; r++)
			r0 += bpf_prog_run(prog, buf);
		if (!strcmp(mode, "count")) {
			if (!&bpf_interp_count) {
				fprintf(stderr, "bpf-interp: not the counting build\n");
				return 1;
			}
			printf("%s %llu\n", p->name,
			       (unsigned long long)bpf_interp_count);
			bpf_interp_count = 0;
		}
		bpf_prog_free(prog);
		eb_port_free(insns);
	}
	bpf_map_free(map);
	return 0;
}
