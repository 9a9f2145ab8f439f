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
 * a buffer (bpf_progs.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ebreak/port.h>
#include "bpf/asm.h"
#include "bpf/prog.h"
#include "bpf_progs.h"

#define RUNS 20

#define NPROGS (sizeof(bpf_bench_progs) / sizeof(bpf_bench_progs[0]))

/* Defined only by the counting build of interp.c. */
extern uint64_t bpf_interp_count __attribute__((weak));

static uint8_t buf[BPF_BENCH_BUF_SIZE];
static struct bpf_map *map;

static struct bpf_verifier_env
env(void)
{
	return (struct bpf_verifier_env){
		.ctx_size = BPF_BENCH_BUF_SIZE,
		.ctx_size_in_r2 = true,
		.maps = &map,
		.nr_maps = 1,
	};
}

static struct bpf_prog *
load(const struct bpf_bench_prog *p, struct bpf_insn **insns, size_t *len)
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
verify_ns(const struct bpf_bench_prog *p)
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
	struct bpf_map_def def = BPF_BENCH_MAP_DEF;
	const char *mode = argc > 1 ? argv[1] : "";
	const char *only = argc > 2 ? argv[2] : NULL;
	char err[256];

	bpf_bench_fill(buf);
	if (bpf_map_create(&def, "counters", &map, err, sizeof(err))) {
		fprintf(stderr, "bpf-interp: %s\n", err);
		return 1;
	}
	for (size_t i = 0; i < NPROGS; i++) {
		const struct bpf_bench_prog *p = &bpf_bench_progs[i];
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
			if (bpf_interp_count != p->ops) {
				fprintf(stderr, "bpf-interp: %s ran %llu instructions, "
					"bench/bpf_progs.h says %u\n", p->name,
					(unsigned long long)bpf_interp_count,
					p->ops);
				return 1;
			}
			bpf_interp_count = 0;
		}
		bpf_prog_free(prog);
		eb_port_free(insns);
	}
	bpf_map_free(map);
	return 0;
}
