/*
 * The JIT against the interpreter: random programs from the verifier
 * fuzzer's generator (bpf_gen.h), each one the verifier accepts loaded
 * twice, JIT-compiled (its image through the checker) and interpreted,
 * (ending with r0 = r6 ^ r7 ^ r8 ^ r9 where the verifier accepts that,
 * so that their values show; every fourth one called as a subprogram;
 * every second one run again through a tail call from another program,
 * in its main or a subprogram, or falling through an empty slot or an
 * index past the prog array) and run on the same context, each backend
 * with maps of its own that
 * have seen the same runs (so a ring buffer record's bytes the program
 * leaves unwritten are alike too). Both runs
 * must agree on r0, the context's bytes, the maps' contents (array
 * value, hash entries, ring buffer records) and the helper calls made
 * (ids and results, in order). An RV64 host only (qemu-riscv64 here).
 *   bpf-jit-diff [PROGRAMS [SEED]]   default 3000 programs, seed 1
 * Prints `bpf-jit-diff: N passed, N failed` (one per program run).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bpf/jit.h"
#include "bpf/map.h"
#include "bpf/prog.h"
#include "bpf_gen.h"
#include "test.h"

/* Each backend's maps: an array, a hash, a ring buffer, a prog array
 * (the tail calls' programs of that backend). */
#define NR_MAPS 4
static struct bpf_map *maps[2][NR_MAPS];

/* --- helpers, recorded and made deterministic ------------------------ */

#define LOG_MAX 256

/* What a run leaves: r0, the context, the maps, the helper calls. */
struct outcome {
	uint64_t r0;
	uint8_t ctx[128];
	uint8_t array[16];
	uint64_t hash_sum, hash_count;	/* over entries, order-free */
	uint64_t ring;			/* the records, in order */
	uint64_t ncalls;
	struct { uint64_t id, r0; } calls[LOG_MAX];
};

static struct outcome *cur;	/* the run's, which helpers log into */
static uint64_t clock_now, prandom_state;

/* A helper whose result is a pointer into the backend's own ring
 * buffer: only whether it is NULL is compared. */
static bool
result_is_address(uint32_t id)
{
	return id == BPF_FUNC_ringbuf_reserve;
}

static uint64_t
logged(uint32_t id, uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4,
       uint64_t r5)
{
	uint64_t r0;

	if (id == BPF_FUNC_ktime_get_ns) {
		r0 = clock_now += 1000;
	} else if (id == BPF_FUNC_get_prandom_u32) {
		prandom_state = prandom_state * 6364136223846793005ull + 1;
		r0 = (uint32_t)(prandom_state >> 32);
	} else {
		r0 = bpf_helper_proto(id)->func(r1, r2, r3, r4, r5);
	}
	if (cur->ncalls < LOG_MAX) {
		cur->calls[cur->ncalls].id = id;
		cur->calls[cur->ncalls].r0 = result_is_address(id) ? r0 != 0 : r0;
	}
	cur->ncalls++;
	return r0;
}

#define WRAP(id)							\
	static uint64_t wrap_##id(uint64_t a, uint64_t b, uint64_t c,	\
				  uint64_t d, uint64_t e)		\
	{ return logged(id, a, b, c, d, e); }
#define HELPERS(X) X(2) X(3) X(5) X(7) X(8) X(130) X(131) X(132) \
	X(133) X(134)
HELPERS(WRAP)

static struct bpf_func_proto protos[256];

/* The helpers, wrapped; map_lookup_elem, tail_call and loop as they
 * are, which both backends know by their prototypes and run themselves
 * (not logged). */
static const struct bpf_func_proto *
diff_proto(uint32_t id)
{
	if (id == BPF_FUNC_map_lookup_elem || id == BPF_FUNC_tail_call ||
	    id == BPF_FUNC_loop)
		return bpf_helper_proto(id);
	return id < 256 && protos[id].func ? &protos[id] : NULL;
}

/* protos[id]: the helper's prototype with its function wrapped. */
static void
init_protos(void)
{
#define SET(id) protos[id] = *bpf_helper_proto(id), protos[id].func = wrap_##id;
	HELPERS(SET)
#undef SET
}

/* --- a run ------------------------------------------------------------ */

static uint64_t
fnv(uint64_t h, const void *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ ((const uint8_t *)p)[i]) * 0x100000001b3ull;
	return h;
}

static int
ring_record(void *arg, const void *data, size_t len)
{
	uint64_t *h = arg;

	*h = fnv(fnv(*h, &len, sizeof(len)), data, len);
	return 0;
}

/* The contents of maps (a backend's) into o, the array and hash then
 * emptied for the next run. */
static void
collect_maps(struct bpf_map **maps, struct outcome *o)
{
	uint64_t key, next, *prev = NULL;

	memcpy(o->array, maps[0]->data, sizeof(o->array));
	memset(maps[0]->data, 0, maps[0]->elem_size);
	while (!bpf_map_get_next_key(maps[1], prev, &next)) {
		const void *v = bpf_map_lookup_elem(maps[1], &next);

		o->hash_sum += fnv(fnv(0xcbf29ce484222325ull, &next, 8), v, 24);
		o->hash_count++;
		key = next;
		prev = &key;
	}
	while (!bpf_map_get_next_key(maps[1], NULL, &next))
		bpf_map_delete_elem(maps[1], &next);
	o->ring = 0xcbf29ce484222325ull;
	eb_bpf_ringbuf_consume(maps[2], ring_record, &o->ring, NULL);
}

/* Loads insns (JIT-compiled if jit); NULL when the verifier refused
 * it. *bad set when the JIT did not compile it or its image failed the
 * checker. */
static struct bpf_prog *
load(const struct bpf_insn *insns, size_t n, struct bpf_verifier_env *env,
     bool jit, bool *bad)
{
	struct bpf_prog *prog;
	char log[256];

	env->maps = maps[jit];
	bpf_jit_enable = jit;
	int r = bpf_prog_load_env(insns, n, env, &prog, log, sizeof(log));
	bpf_jit_enable = true;
	if (r)
		return NULL;
	if (jit && (!prog->jited ||
		    bpf_jit_check_image(prog->image, prog->jited_len, log,
					sizeof(log)))) {
		printf("  JIT %s: %s\n", prog->jited ? "image" : "refused",
		       prog->jited ? log : "");
		*bad = true;
	}
	return prog;
}

/* Runs prog (of backend jit) on ctx_init into *o, then frees it. */
static void
run_loaded(struct bpf_prog *prog, const uint8_t *ctx_init, bool jit,
	   struct outcome *o)
{
	memset(o, 0, sizeof(*o));
	memcpy(o->ctx, ctx_init, sizeof(o->ctx));
	cur = o;
	clock_now = 0;
	prandom_state = 42;
	o->r0 = bpf_prog_run(prog, o->ctx);
	collect_maps(maps[jit], o);
	bpf_prog_free(prog);
}

/* Loads insns (JIT-compiled if jit) and runs it on ctx_init; false when
 * the verifier refused it, *bad as load's. */
static bool
run(const struct bpf_insn *insns, size_t n, struct bpf_verifier_env *env,
    const uint8_t *ctx_init, bool jit, struct outcome *o, bool *bad)
{
	struct bpf_prog *prog = load(insns, n, env, jit, bad);

	if (!prog)
		return false;
	run_loaded(prog, ctx_init, jit, o);
	return true;
}

/*
 * insns (accepted) run through a tail call: put in slot 0 of a new prog
 * array of the backend's (an array's programs keep the first one's
 * context size and writability: each program here has its own) and
 * entered from a program that tail-calls slot index (0; 1, empty; 9,
 * past the end: then it returns 77 itself), in main, or in a subprogram
 * (from_sub) whose r0, what the slot's program returned, main returns
 * plus 1.
 */
static void
run_tail(const struct bpf_insn *insns, size_t n, struct bpf_verifier_env *env,
	 const uint8_t *ctx_init, bool jit, int32_t index, bool from_sub,
	 struct outcome *o, bool *bad)
{
	static const struct bpf_insn caller[] = {
		{ .code = BPF_JMP | BPF_CALL, .src_reg = BPF_PSEUDO_CALL, .imm = 2 },
		{ .code = BPF_ALU64 | BPF_ADD | BPF_K, .dst_reg = 0, .imm = 1 },
		{ .code = BPF_JMP | BPF_EXIT },
		{ .code = BPF_LD | BPF_IMM | BPF_DW, .dst_reg = 2,
		  .src_reg = BPF_PSEUDO_MAP_IDX, .imm = 3 },
		{ 0 },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 3 },
		{ .code = BPF_JMP | BPF_CALL, .imm = BPF_FUNC_tail_call },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0, .imm = 77 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	const size_t main_len = 3;	/* from_sub: else main starts at the lddw */
	static const struct bpf_map_def jmp = { BPF_MAP_TYPE_PROG_ARRAY, 4, 4, 2, 0 };
	struct bpf_map *shared = maps[jit][3];
	struct bpf_insn call[9];
	size_t skip = from_sub ? 0 : main_len;
	struct bpf_prog *target, *prog;
	char err[160];

	if (bpf_map_create(&jmp, "diff", &maps[jit][3], err, sizeof(err))) {
		printf("  prog array: %s\n", err);
		*bad = true;
		return;
	}
	target = load(insns, n, env, jit, bad);
	memcpy(call, caller, sizeof(call));
	call[5].imm = index;
	if (!target || !(prog = load(call + skip, 9 - skip, env, jit, bad))) {
		*bad = true;
		bpf_prog_free(target);
	} else {
		if (eb_bpf_prog_array_update(maps[jit][3], 0, target, err,
					     sizeof(err))) {
			printf("  prog array: %s\n", err);
			*bad = true;
		}
		bpf_prog_free(target);	/* the slot holds it */
		run_loaded(prog, ctx_init, jit, o);
	}
	bpf_map_free(maps[jit][3]);	/* lets target go */
	maps[jit][3] = shared;
}

static uint64_t rng;

static uint8_t
next_byte(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint8_t)(rng >> 24);
}

/* Prints insns, for reproducing a failure. */
static void
dump(const struct bpf_insn *insns, size_t n)
{
	for (size_t i = 0; i < n; i++)
		printf("    %02x %x %x %d %d\n", insns[i].code, insns[i].dst_reg,
		       insns[i].src_reg, insns[i].off, insns[i].imm);
}

/*
 * The program's ending `mov r0, 0; exit` made to return r6 ^ r7 ^ r8 ^
 * r9, so that what it computed in them shows in r0; run interpreted
 * into *o if the verifier accepts that (the registers hold numbers).
 * false, insns as they were, if it does not.
 */
static bool
fold_registers(struct bpf_insn *insns, size_t *n,
	       struct bpf_verifier_env *env, const uint8_t *ctx,
	       struct outcome *o, bool *bad)
{
	struct bpf_insn keep = insns[*n - 2];
	size_t m = *n - 2;

	insns[m++] = (struct bpf_insn){ .code = BPF_ALU64 | BPF_MOV | BPF_X,
					 .dst_reg = 0, .src_reg = 6 };
	for (int r = 7; r <= 9; r++)
		insns[m++] = (struct bpf_insn){ .code = BPF_ALU64 | BPF_XOR | BPF_X,
						 .dst_reg = 0, .src_reg = r };
	insns[m++] = (struct bpf_insn){ .code = BPF_JMP | BPF_EXIT };
	if (run(insns, m, env, ctx, false, o, bad)) {
		*n = m;
		return true;
	}
	insns[*n - 2] = keep;
	insns[*n - 1] = (struct bpf_insn){ .code = BPF_JMP | BPF_EXIT };
	return false;
}

/* insns made a subprogram that a two-instruction main calls: `call
 * local; exit` (frames, a callee's exits and its own stack). */
static void
wrap_in_call(struct bpf_insn *insns, size_t *n)
{
	memmove(insns + 2, insns, *n * sizeof(*insns));
	insns[0] = (struct bpf_insn){ .code = BPF_JMP | BPF_CALL,
				      .src_reg = BPF_PSEUDO_CALL, .imm = 1 };
	insns[1] = (struct bpf_insn){ .code = BPF_JMP | BPF_EXIT };
	*n += 2;
}

/* One random program: 1 when both runs agree, 0 when not, -1 when the
 * verifier refused it. */
static int
one(unsigned long k)
{
	struct bpf_insn insns[BPF_GEN_MAX_INSNS + 8];	/* + a main, a fold */
	struct bpf_verifier_env env = { .nr_maps = NR_MAPS,
					.get_func_proto = diff_proto,
					.insn_budget = 20000 };
	uint8_t data[2 + 8 * 64], ctx[128];
	static struct outcome a, b;
	size_t size = 2 + 8 * (2 + next_byte() % 24), n;
	bool bad = false;

	for (size_t i = 0; i < size; i++)
		data[i] = next_byte();
	data[0] = (data[0] & ~2) | 8;	/* structured, the stack written first */
	n = bpf_gen_program(data, size, insns, &env);
	for (size_t i = 0; i < sizeof(ctx); i++)
		ctx[i] = next_byte();
	if (!n)
		return -1;
	if (k % 4 == 2)	/* and run through a tail call: k even */
		wrap_in_call(insns, &n);
	if (!fold_registers(insns, &n, &env, ctx, &a, &bad) &&
	    !run(insns, n, &env, ctx, false, &a, &bad))
		return -1;
	run(insns, n, &env, ctx, true, &b, &bad);
	if (!bad && !memcmp(&a, &b, sizeof(a)) && k % 2 == 0) {
		static const int32_t index[] = { 0, 0, 1, 9 };

		bool from_sub = k / 8 % 2;

		run_tail(insns, n, &env, ctx, false, index[k / 2 % 4], from_sub,
			 &a, &bad);
		run_tail(insns, n, &env, ctx, true, index[k / 2 % 4], from_sub,
			 &b, &bad);
	}
	if (!bad && !memcmp(&a, &b, sizeof(a)))
		return 1;
	printf("  program %lu: the JIT's run differs:%s%s%s%s%s%s\n", k,
	       a.r0 != b.r0 ? " r0" : "",
	       memcmp(a.ctx, b.ctx, sizeof(a.ctx)) ? " context" : "",
	       memcmp(a.array, b.array, sizeof(a.array)) ? " array" : "",
	       a.hash_sum != b.hash_sum || a.hash_count != b.hash_count ?
	       " hash" : "", a.ring != b.ring ? " ring" : "",
	       memcmp(a.calls, b.calls, sizeof(a.calls)) ||
	       a.ncalls != b.ncalls ? " calls" : "");
	dump(insns, n);
	return 0;
}

/* $name as a number, or dflt. */
static unsigned long long
env_number(const char *name, unsigned long long dflt)
{
	const char *v = getenv(name);

	return v && *v ? strtoull(v, NULL, 0) : dflt;
}

TEST(jit_runs_as_the_interpreter)
{
	static const struct bpf_map_def defs[NR_MAPS] = {
		{ BPF_MAP_TYPE_ARRAY, 4, 16, 1, 0 },
		{ BPF_MAP_TYPE_HASH, 8, 24, 64, 0 },
		{ BPF_MAP_TYPE_RINGBUF, 0, 0, 4096, 0 },
		{ BPF_MAP_TYPE_PROG_ARRAY, 4, 4, 2, 0 },
	};
	unsigned long programs = env_number("BPF_JIT_DIFF_PROGRAMS", 20000);
	unsigned long refused = 0;
	char err[128];

	rng = env_number("BPF_JIT_DIFF_SEED", 1);
	if (!BPF_JIT_RUNS) {
		host_test_skip("the JIT's code does not run on this host");
		return;
	}
	init_protos();
	for (int i = 0; i < 2 * NR_MAPS; i++)
		if (!CHECK(!bpf_map_create(&defs[i % NR_MAPS], "diff",
					   &maps[i / NR_MAPS][i % NR_MAPS],
					   err, sizeof(err))))
			return;
	for (unsigned long k = 0; k < programs; k++) {
		int r = one(k);

		if (r < 0)
			refused++;
		else
			host_test_case(r);
	}
	printf("  %lu programs, %lu refused by the verifier\n", programs, refused);
	for (int i = 0; i < 2 * NR_MAPS; i++)
		bpf_map_free(maps[i / NR_MAPS][i % NR_MAPS]);
}
