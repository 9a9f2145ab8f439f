/*
 * libFuzzer target: random programs through the verifier, and every
 * program it accepts through the interpreter, under ASan and UBSan. The
 * verifier's promise is that an accepted program cannot touch memory it
 * was not given: here the context is exactly its size, at the end of a
 * page followed by an inaccessible one, the bytes before it poisoned for
 * ASan, and the page read-only when the program type's context is; the
 * interpreter checks nothing, so any hole shows up as a sanitizer report
 * or a fault.
 *
 * Input: bpf_gen.h's (the generator is shared with the JIT's
 * differential test). Every accepted program is verified again without pruning: if that
 * refuses it (for a reason, not the budget), pruning lost a path, and the
 * target aborts. Counters are printed at exit: programs, accepted, run.
 */
#include <sanitizer/asan_interface.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <ebreak/errno.h>
#include "bpf/map.h"
#include "bpf/prog.h"
#include "bpf/verifier.h"
#include "bpf_gen.h"

static struct bpf_map *maps[3];	/* array, hash, ring buffer */
static uint8_t *ctx_page;	/* a page for the context, then a guard page */
static long page;
static unsigned long programs, accepted, ran;

/* Helpers whose arguments are numbers the host port would dereference
 * (probe_read of an address) are left out: the host has no nofault read.
 * The others are Linux's. */
static const struct bpf_func_proto *
fuzz_proto(uint32_t id)
{
	if (id == BPF_FUNC_probe_read || id == BPF_FUNC_probe_read_kernel ||
	    id == BPF_FUNC_probe_read_kernel_str)
		return NULL;
	return bpf_helper_proto(id);
}

static void
report(void)
{
	fprintf(stderr, "bpf-fuzz: %lu programs, %lu accepted (%.1f%%), %lu run\n",
		programs, accepted,
		programs ? 100.0 * accepted / programs : 0.0, ran);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const struct bpf_map_def defs[3] = {
		{ BPF_MAP_TYPE_ARRAY, 4, 16, 1, 0 },
		{ BPF_MAP_TYPE_HASH, 8, 24, 64, 0 },
		{ BPF_MAP_TYPE_RINGBUF, 0, 0, 4096, 0 },
	};
	char err[128];
	int i;

	for (i = 0; i < 3; i++)
		if (bpf_map_create(&defs[i], "fuzz", &maps[i], err, sizeof(err))) {
			fprintf(stderr, "map: %s\n", err);
			abort();
		}
	page = sysconf(_SC_PAGESIZE);
	ctx_page = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (ctx_page == MAP_FAILED || mprotect(ctx_page + page, page, PROT_NONE))
		abort();
	atexit(report);
	return 0;
}

static int
skip_record(void *arg, const void *data, size_t len)
{
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bpf_insn insns[BPF_GEN_MAX_INSNS];
	struct bpf_verifier_env env = {
		.maps = maps, .nr_maps = 3, .get_func_proto = fuzz_proto,
		.insn_budget = 20000,
	};
	struct bpf_prog *prog;
	size_t n, i;
	uint8_t *ctx;
	char log[256];

	n = bpf_gen_program(data, size, insns, &env);
	if (!n)
		return 0;
	programs++;
	if (bpf_prog_load_env(insns, n, &env, &prog, log, sizeof(log)))
		return 0;
	accepted++;
	env.no_prune = true;
	env.insn_budget = 200000;
	if (bpf_verify(insns, n, &env, log, sizeof(log), NULL) == -EINVAL) {
		fprintf(stderr, "accepted with pruning, refused without: %s\n",
			log);
		abort();
	}
	ctx = ctx_page + page - env.ctx_size;
	for (i = 0; i < env.ctx_size; i++)
		ctx[i] = (uint8_t)(i * 37 + n);
	ASAN_POISON_MEMORY_REGION(ctx_page, page - env.ctx_size);
	if (!env.ctx_writable)
		mprotect(ctx_page, page, PROT_READ);
	bpf_prog_run(prog, ctx);
	/* the records it submitted, read so that the next run has room */
	eb_bpf_ringbuf_consume(maps[2], skip_record, NULL, NULL);
	mprotect(ctx_page, page, PROT_READ | PROT_WRITE);
	ASAN_UNPOISON_MEMORY_REGION(ctx_page, page);
	ran++;
	bpf_prog_free(prog);
	return 0;
}
