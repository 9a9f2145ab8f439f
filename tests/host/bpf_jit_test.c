/*
 * The JIT's own tests: the image checker refuses control flow that
 * leaves an image (on any host: it only decodes; a tail call's jump
 * through t3 is the one indirect jump besides calls and the return), and on an RV64 host,
 * branches beyond a conditional branch's ±4 KiB compile to the longer
 * form and run as the interpreter runs them; an image is freed through
 * the port's executable memory.
 */
#include <ebreak/errno.h>
#include <stdlib.h>
#include <string.h>
#include "bpf/asm.h"
#include "bpf/jit.h"
#include "bpf/prog.h"
#include "bpf_jit_insn.h"
#include "test.h"

/* The checker on code of n halfwords. */
static int
check(const uint16_t *code, size_t n, char *err)
{
	return bpf_jit_check_image(code, n * 2, err, 128);
}

TEST(jit_checker_refuses_control_flow_out_of_the_image)
{
	char err[128];
	uint32_t jal_out = rv_jal(RV_ZERO, 64), beq_mid = rv_b(RV_BEQ, RV_A0, RV_A1, 2);
	uint32_t jalr_t0 = rv_i(RV_OP_JALR, 0, RV_ZERO, RV_T0, 0);
	uint32_t call = rv_i(RV_OP_JALR, 0, RV_RA, RV_T3, 0);
	uint16_t ret = rvc_cr(false, RV_RA, RV_ZERO);	/* c.jr ra */

	/* a call, a tail call's jump and the return: fine */
	uint16_t tail = rvc_cr(false, RV_T3, RV_ZERO);	/* c.jr t3 */
	uint16_t ok[] = { call, call >> 16, tail, ret };
	CHECK_EQ(check(ok, 4, err), 0);
	/* c.jr through another register: neither */
	uint16_t jr_t2[] = { rvc_cr(false, RV_T2, RV_ZERO), ret };
	CHECK_EQ(check(jr_t2, 2, err), -EINVAL);
	CHECK(strstr(err, "neither a call, the return nor a tail call"));
	/* jal past the end */
	uint16_t out[] = { jal_out, jal_out >> 16, ret };
	CHECK_EQ(check(out, 3, err), -EINVAL);
	CHECK(strstr(err, "outside the image"));
	/* a branch into the middle of itself */
	uint16_t mid[] = { beq_mid, beq_mid >> 16, ret };
	CHECK_EQ(check(mid, 3, err), -EINVAL);
	CHECK(strstr(err, "inside an instruction"));
	/* an indirect jump that is neither call nor return */
	uint16_t ind[] = { jalr_t0, jalr_t0 >> 16 };
	CHECK_EQ(check(ind, 2, err), -EINVAL);
	/* not an instruction */
	uint16_t bad[] = { 0, ret };
	CHECK_EQ(check(bad, 2, err), -EINVAL);
}

/* A program whose branches jump over n blocks of `xor %r0, 0x5a5a;
 * add %r0, %r1` (8 bytes of RV64 each): forward conditionally, back in a
 * loop of three rounds. */
static char *
long_program(int n)
{
	char *text = malloc(64 * n + 256), *p = text;

	p += sprintf(p, "mov %%r0, 0\nmov %%r6, 3\nloop:\n"
		     "jeq %%r6, 0, out\nmov %%r1, %%r6\n");
	for (int i = 0; i < n; i++)
		p += sprintf(p, "xor %%r0, 0x5a5a\nadd %%r0, %%r1\n");
	sprintf(p, "sub %%r6, 1\nja loop\nout:\nexit\n");
	return text;
}

/* Runs text verified, JIT-compiled if jit; *jited says whether it was. */
static uint64_t
run_text(const char *text, bool jit, bool *jited, size_t *image_len)
{
	struct bpf_verifier_env env = { .ctx_size = 0 };
	struct bpf_prog *prog;
	struct bpf_insn *insns;
	char err[256];
	size_t len;
	uint64_t r0 = 0;

	*jited = false;
	if (!CHECK(!bpf_asm(text, &insns, &len, err, sizeof(err))))
		return 0;
	bpf_jit_enable = jit;
	int r = bpf_prog_load_env(insns, len, &env, &prog, err, sizeof(err));
	bpf_jit_enable = true;
	free(insns);
	if (!CHECK(r == 0))
		return 0;
	*jited = prog->jited;
	*image_len = prog->jited_len;
	if (prog->jited)
		CHECK_EQ(bpf_jit_check_image(prog->image, prog->jited_len, err,
					     sizeof(err)), 0);
	r0 = bpf_prog_run(prog, NULL);
	bpf_prog_free(prog);
	return r0;
}

TEST(jit_long_branches_run_as_interpreted)
{
	char *text = long_program(1500);	/* about 12 KiB of code */
	bool jited;
	size_t image_len = 0;
	uint64_t want = run_text(text, false, &jited, &image_len);

	CHECK(!jited);
	if (!BPF_JIT_RUNS) {
		host_test_skip("the JIT's code does not run on this host");
	} else {
		CHECK_EQ(run_text(text, true, &jited, &image_len), want);
		CHECK(jited);
		CHECK(image_len > 8192);
	}
	free(text);
}

/* bpf_loop(nr, cb, &sum, flags): cb adds its index to sum and stops
 * after index 9; r0 = iterations << 32 | sum. */
#define LOOP_SUM(nr, flags) \
	"stdw [%r10-8], 0\n mov %r1, " nr "\n lddw %r2, func(cb)\n" \
	"mov %r3, %r10\n add %r3, -8\n mov %r4, " flags "\n call 181\n" \
	"ldxdw %r1, [%r10-8]\n lsh %r0, 32\n or %r0, %r1\n exit\n" \
	"cb:\n ldxdw %r3, [%r2+0]\n add %r3, %r1\n stxdw [%r2+0], %r3\n" \
	"mov %r0, 0\n jlt %r1, 9, +1\n mov %r0, 1\n exit"

/* Runs text in both backends (the JIT where its code runs): r0, the
 * same in both. */
static uint64_t
run_both(const char *text)
{
	bool jited;
	size_t image_len;
	uint64_t want = run_text(text, false, &jited, &image_len);

	if (BPF_JIT_RUNS) {
		CHECK_EQ(run_text(text, true, &jited, &image_len), want);
		CHECK(jited);
	}
	return want;
}

TEST(loop_callback_runs_in_both_backends)
{
	uint64_t sum = 0, n = 0;

	for (uint64_t i = 0; i < 100; i++) {	/* the callback, in C */
		sum += i;
		n++;
		if (i >= 9)
			break;
	}
	CHECK_EQ(run_both(LOOP_SUM("100", "0")), n << 32 | sum);
	CHECK_EQ(run_both(LOOP_SUM("5", "0")), 5ull << 32 | 10);	/* 0+1+2+3+4 */
	CHECK_EQ(run_both(LOOP_SUM("0", "0")), 0);
	/* flags other than 0, more than 1 << 23 loops: none run */
	CHECK_EQ(run_both(LOOP_SUM("100", "1")), (uint64_t)-EINVAL << 32);
	CHECK_EQ(run_both(LOOP_SUM("0x800001", "0")), (uint64_t)-E2BIG << 32);
}

/* bpf_for_each_map_elem over a 4-entry array: the callback adds key *
 * 100 + value (values 1..4, stored first) into the sum on the stack and
 * stops after key 2; r0 = calls << 32 | sum. */
#define SET(k, v) "stw [%r10-4], " #k "\n stdw [%r10-16], " #v "\n" \
	"lddw %r1, map_idx(0)\n mov %r2, %r10\n add %r2, -4\n mov %r3, %r10\n" \
	"add %r3, -16\n mov %r4, 0\n call 2\n"
#define FOR_EACH_SUM(flags) SET(0, 1) SET(1, 2) SET(2, 3) SET(3, 4) \
	"stdw [%r10-8], 0\n lddw %r1, map_idx(0)\n lddw %r2, func(cb)\n" \
	"mov %r3, %r10\n add %r3, -8\n mov %r4, " flags "\n call 164\n" \
	"ldxdw %r1, [%r10-8]\n lsh %r0, 32\n or %r0, %r1\n exit\n" \
	"cb:\n ldxw %r1, [%r2+0]\n ldxdw %r5, [%r3+0]\n mul %r1, 100\n add %r1, %r5\n" \
	"ldxdw %r5, [%r4+0]\n add %r5, %r1\n stxdw [%r4+0], %r5\n" \
	"ldxw %r1, [%r2+0]\n mov %r0, 0\n jlt %r1, 2, +1\n mov %r0, 1\n exit"

/* Runs text on a fresh map of def (its map 0) in both backends: r0. */
static uint64_t
run_on_map(const struct bpf_map_def *def, const char *text)
{
	uint64_t r0[2] = { 0, 0 };

	for (int jit = 0; jit <= BPF_JIT_RUNS; jit++) {
		struct bpf_map *map;
		struct bpf_verifier_env env = { .maps = &map, .nr_maps = 1 };
		struct bpf_insn *insns;
		struct bpf_prog *prog;
		char err[256];
		size_t len;

		if (!CHECK(!bpf_map_create(def, "a", &map, err, sizeof(err))))
			return 0;
		CHECK(!bpf_asm(text, &insns, &len, err, sizeof(err)));
		bpf_jit_enable = jit;
		int r = bpf_prog_load_env(insns, len, &env, &prog, err, sizeof(err));
		bpf_jit_enable = true;
		free(insns);
		if (CHECK(r == 0)) {
			CHECK_EQ(prog->jited, jit);
			r0[jit] = bpf_prog_run(prog, NULL);
			bpf_prog_free(prog);
		} else {
			fprintf(stderr, "  %s\n", err);
		}
		bpf_map_free(map);
	}
	if (BPF_JIT_RUNS)
		CHECK_EQ(r0[1], r0[0]);
	return r0[0];
}

/* Runs FOR_EACH_SUM text on a fresh 4-entry array in both backends. */
static uint64_t
run_for_each(const char *text)
{
	static const struct bpf_map_def def = { BPF_MAP_TYPE_ARRAY, 4, 8, 4, 0 };

	return run_on_map(&def, text);
}

TEST(for_each_map_elem_runs_in_both_backends)
{
	uint64_t sum = 0;

	for (uint32_t k = 0; k <= 2; k++)	/* the callback, in C */
		sum += k * 100 + (k + 1);
	CHECK_EQ(run_for_each(FOR_EACH_SUM("0")), 3ull << 32 | sum);
	CHECK_EQ(run_for_each(FOR_EACH_SUM("1")), (uint64_t)-EINVAL << 32);
}

/* bpf_for_each_map_elem over a hash of keys 0..7 whose callback counts
 * its calls per key (key k in bits 4k..4k+3 of a sum) and deletes each
 * odd key it is given: r0 = the helper's return << 32 | the sum. */
#define FOR_EACH_DELETE SET(0, 0) SET(1, 1) SET(2, 2) SET(3, 3) SET(4, 4) \
	SET(5, 5) SET(6, 6) SET(7, 7) \
	"stdw [%r10-8], 0\n lddw %r1, map_idx(0)\n lddw %r2, func(cb)\n" \
	"mov %r3, %r10\n add %r3, -8\n mov %r4, 0\n call 164\n" \
	"ldxdw %r1, [%r10-8]\n lsh %r0, 32\n or %r0, %r1\n exit\n" \
	"cb:\n mov %r6, %r4\n ldxw %r5, [%r2+0]\n lsh %r5, 2\n mov %r0, 1\n lsh %r0, %r5\n" \
	"ldxdw %r5, [%r6+0]\n add %r5, %r0\n stxdw [%r6+0], %r5\n" \
	"ldxw %r5, [%r2+0]\n and %r5, 1\n jeq %r5, 0, +1\n call 3\n" \
	"mov %r0, 0\n exit"

/* Linux walks a hash's buckets, each element once though the callback
 * deletes the one it is given (kernel/bpf/hashtab.c's
 * bpf_for_each_hash_elem): 8 calls, one per key. */
TEST(for_each_map_elem_hash_delete_visits_each_once)
{
	static const struct bpf_map_def def = { BPF_MAP_TYPE_HASH, 4, 8, 8, 0 };

	CHECK_EQ(run_on_map(&def, FOR_EACH_DELETE), 8ull << 32 | 0x11111111);
}

/* A map value pointer in the callback's context struct on the caller's
 * stack: the callback adds its index through it, the caller reads
 * through it after the loop: 0 + 1 + 2 + 3. */
TEST(loop_callback_adds_through_a_pointer_in_its_context)
{
	static const struct bpf_map_def def = { BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0 };

	CHECK_EQ(run_on_map(&def,
		"stw [%r10-4], 0\n lddw %r1, map_idx(0)\n mov %r2, %r10\n add %r2, -4\n"
		"call 1\n jeq %r0, 0, +11\n stxdw [%r10-16], %r0\n mov %r1, 4\n"
		"lddw %r2, func(cb)\n mov %r3, %r10\n add %r3, -16\n mov %r4, 0\n"
		"call 181\n ldxdw %r1, [%r10-16]\n ldxdw %r0, [%r1+0]\n exit\n"
		"mov %r0, 99\n exit\n"
		"cb:\n ldxdw %r3, [%r2+0]\n ldxdw %r4, [%r3+0]\n add %r4, %r1\n"
		"stxdw [%r3+0], %r4\n mov %r0, 0\n exit"), 6);
}
