/*
 * Tail calls (bpf_tail_call through a BPF_MAP_TYPE_PROG_ARRAY), run by
 * the interpreter and, on an RV64 host, the JIT: each program of a chain
 * runs once on the same context, an empty slot or an index past the
 * array falls through, the count is Linux's (33 tail calls a run, an
 * empty slot's counted, an index past the end not), a slot holds its
 * program after its owner frees it, and what Linux refuses is refused
 * with its reason.
 */
#include <ebreak/errno.h>
#include <string.h>
#include "bpf/asm.h"
#include "bpf/jit.h"
#include "bpf/prog.h"
#include "bpf_host_load.h"
#include "bpf_conformance_proto.h"
#include "test.h"

/* The helpers load_ctx's programs get: NULL, the library's. */
static bpf_get_func_proto_t test_protos;

/* Loads text for env's context (ctx_size bytes, writable or not) and
 * type, maps[0] the prog array (maps_new's three), JIT-compiled if jit;
 * NULL if refused, the reason in err. */
static struct bpf_prog *
load_ctx(const char *text, struct bpf_map **maps, bool jit,
	 enum bpf_prog_type type, uint32_t ctx_size, bool writable, char *err)
{
	struct bpf_verifier_env env = {
		.ctx_size = ctx_size, .ctx_writable = writable, .maps = maps,
		.nr_maps = 3, .get_func_proto = test_protos,
	};

	return host_bpf_load(text, &env, type, jit, err);
}

/* load_ctx of an UNSPEC program on a 16-byte writable context. */
static struct bpf_prog *
load(const char *text, struct bpf_map **maps, bool jit, char *err)
{
	return load_ctx(text, maps, jit, BPF_PROG_TYPE_UNSPEC, 16, true, err);
}

/* A program that adds add to the context's first word, then tail-calls
 * slot index (after tail-calling slot first, if first >= 0), then
 * returns ret. r6-r9 and the stack are live across the calls, so a
 * JIT'd frame with saved registers is torn down by the tail call. */
static struct bpf_prog *
counter(struct bpf_map **maps, bool jit, uint64_t add, int first,
	uint32_t index, int ret)
{
	char text[1024], err[256];
	int n = snprintf(text, sizeof(text),
		"mov %%r6, %%r1\nmov %%r7, %d\nmov %%r8, 0\nmov %%r9, 0\n"
		"stdw [%%r10-8], 5\n"
		"lddw %%r2, %llu\nldxdw %%r3, [%%r1+0]\nadd %%r3, %%r2\n"
		"stxdw [%%r1+0], %%r3\n",
		ret, (unsigned long long)add);

	if (first >= 0)
		n += snprintf(text + n, sizeof(text) - n,
			      "mov %%r1, %%r6\nlddw %%r2, map_fd(0)\n"
			      "mov %%r3, %d\ncall 12\n", first);
	snprintf(text + n, sizeof(text) - n,
		 "mov %%r1, %%r6\nlddw %%r2, map_fd(0)\nmov %%r3, %u\ncall 12\n"
		 "ldxdw %%r0, [%%r10-8]\nadd %%r0, %%r7\nadd %%r0, %%r8\n"
		 "add %%r0, %%r9\nsub %%r0, 5\nexit\n", index);
	struct bpf_prog *prog = load(text, maps, jit, err);

	if (!CHECK(prog != NULL))
		fprintf(stderr, "  %s\n", err);
	return prog;
}

static struct bpf_map *
map_new(uint32_t type, uint32_t value, uint32_t n, const char *name)
{
	struct bpf_map_def def = { type, 4, value, n, 0 };
	struct bpf_map *map = NULL;
	char err[128];

	if (bpf_map_create(&def, name, &map, err, sizeof(err)))
		fprintf(stderr, "  %s\n", err);
	return map;
}

/* maps[0] a prog array of 4 slots, maps[1] an array of 4 u64, maps[2]
 * a ring buffer. */
static void
maps_new(struct bpf_map **maps)
{
	struct bpf_map_def ring = { BPF_MAP_TYPE_RINGBUF, 0, 0, 4096, 0 };
	char err[128];

	maps[0] = map_new(BPF_MAP_TYPE_PROG_ARRAY, 4, 4, "jmp");
	maps[1] = map_new(BPF_MAP_TYPE_ARRAY, 8, 4, "counts");
	if (bpf_map_create(&ring, "ring", &maps[2], err, sizeof(err)))
		fprintf(stderr, "  %s\n", err);
}

static void
maps_free(struct bpf_map **maps)
{
	for (int i = 0; i < 3; i++)
		bpf_map_free(maps[i]);
}

/* Frees n programs of p (NULL ones too) and maps. */
static void
free_all(struct bpf_prog **p, size_t n, struct bpf_map **maps)
{
	for (size_t i = 0; i < n; i++)
		bpf_prog_free(p[i]);
	maps_free(maps);
}

static void
put(struct bpf_map *map, uint32_t i, struct bpf_prog *prog)
{
	char err[160];

	if (!CHECK(eb_bpf_prog_array_update(map, i, prog, err, sizeof(err)) == 0))
		fprintf(stderr, "  %s\n", err);
}

/* maps_new, then n programs from texts into p (each backend's when jit);
 * false, what was loaded freed and the reasons printed, if one did not
 * load. */
static bool
load_all(const char *const *texts, size_t n, struct bpf_map **maps,
	 bool jit, struct bpf_prog **p)
{
	char err[256];
	bool all = true;

	maps_new(maps);
	for (size_t i = 0; i < n; i++) {
		p[i] = load(texts[i], maps, jit, err);
		if (!CHECK(p[i] != NULL)) {
			fprintf(stderr, "  %s\n", err);
			all = false;
		}
	}
	if (!all)
		free_all(p, n, maps);
	return all;
}

/* Runs prog on a zeroed context: its first word after the run. */
static uint64_t
run(struct bpf_prog *prog, uint64_t *r0)
{
	uint64_t ctx[2] = { 0, 0 };

	*r0 = bpf_prog_run(prog, ctx);
	return ctx[0];
}

TEST(tail_calls_chain_on_one_context_and_fall_through_an_empty_slot)
{
	for (int jit = 0; jit < 2; jit++) {
		struct bpf_map *maps[3];
		struct bpf_prog *p[3];
		uint64_t r0;

		maps_new(maps);
		for (int i = 0; i < 3; i++)
			p[i] = counter(maps, jit, 1ull << (8 * i), -1, i + 1, 100 + i);
		if (!p[0] || !p[1] || !p[2])
			return;
		for (int i = 0; i < 3; i++)
			put(maps[0], i, p[i]);
		/* 0 -> 1 -> 2 -> slot 3, empty: 2 goes on and returns */
		CHECK_EQ(run(p[0], &r0), 0x010101);
		CHECK_EQ(r0, 102);
		/* the callee got the caller's context, not the stack or r6 */
		CHECK_EQ(run(p[1], &r0), 0x010100);
		CHECK_EQ(r0, 102);
		/* emptied slot 1: 0 falls through */
		CHECK_EQ(bpf_map_delete_elem(maps[0], &(uint32_t){ 1 }), 0);
		CHECK_EQ(bpf_map_delete_elem(maps[0], &(uint32_t){ 1 }), -ENOENT);
		CHECK_EQ(run(p[0], &r0), 0x01);
		CHECK_EQ(r0, 100);
		free_all(p, 3, maps);
	}
}

TEST(tail_calls_count_33_a_run_as_linux)
{
	for (int jit = 0; jit < 2; jit++) {
		struct bpf_map *maps[3];
		struct bpf_prog *self, *skip, *past;
		uint64_t r0;

		maps_new(maps);
		self = counter(maps, jit, 1, -1, 0, 7);	/* slot 0: itself */
		/* slot 3 is empty: each of those counts, so half the runs */
		skip = counter(maps, jit, 1, 3, 1, 8);	/* slot 1: itself */
		/* index 9 is past the array: not counted */
		past = counter(maps, jit, 1, 9, 2, 9);	/* slot 2: itself */
		if (!self || !skip || !past)
			return;
		put(maps[0], 0, self);
		put(maps[0], 1, skip);
		put(maps[0], 2, past);
		CHECK_EQ(run(self, &r0), 1 + MAX_TAIL_CALL_CNT);	/* 34 */
		CHECK_EQ(r0, 7);
		CHECK_EQ(run(self, &r0), 34);	/* counted per run */
		CHECK_EQ(run(skip, &r0), 17);
		CHECK_EQ(r0, 8);
		CHECK_EQ(run(past, &r0), 34);
		CHECK_EQ(r0, 9);
		bpf_prog_free(self);
		bpf_prog_free(skip);
		bpf_prog_free(past);
		maps_free(maps);
	}
}

TEST(a_slot_holds_its_program_after_the_owner_frees_it)
{
	struct bpf_map *maps[3];
	struct bpf_prog *a, *b;
	uint64_t r0;

	maps_new(maps);
	a = counter(maps, true, 1, -1, 1, 1);
	b = counter(maps, true, 0x100, -1, 3, 2);
	if (!a || !b)
		return;
	put(maps[0], 1, b);
	CHECK_EQ(b->refcnt, 2);
	bpf_prog_free(b);	/* the slot keeps it */
	CHECK_EQ(run(a, &r0), 0x101);
	CHECK_EQ(r0, 2);
	put(maps[0], 1, a);	/* replaced: b goes after a grace period */
	CHECK_EQ(a->refcnt, 2);
	CHECK_EQ(run(a, &r0), 1 + MAX_TAIL_CALL_CNT);
	bpf_map_free(maps[0]);	/* lets a go: its owner's reference stays */
	CHECK_EQ(a->refcnt, 1);
	bpf_prog_free(a);
	bpf_map_free(maps[1]);
}

/* The verifier's refusal of text, or "" if it loads. */
static const char *
refusal(struct bpf_map **maps, const char *text)
{
	static char err[256];
	struct bpf_prog *prog = load(text, maps, false, err);

	if (prog) {
		bpf_prog_free(prog);
		return "";
	}
	return err;
}

/* Programs the verifier refuses, and what it says. */
static const struct {
	const char *text, *want;
} refused[] = {
	/* an array map as the prog array */
	{ "lddw %r2, map_fd(1)\nmov %r3, 0\ncall 12\nmov %r0, 0\nexit\n",
	  "insn 3 (call bpf_tail_call#12): cannot pass map_type 2 (array) into func bpf_tail_call#12" },
	/* a program looking the prog array up */
	{ "stw [%r10-4], 0\nlddw %r1, map_fd(0)\nmov %r2, %r10\nadd %r2, -4\n"
	  "call 1\nmov %r0, 0\nexit\n",
	  "cannot pass map_type 3 (prog_array) into func bpf_map_lookup_elem#1" },
	/* r1 not the context */
	{ "mov %r1, 0\nlddw %r2, map_fd(0)\nmov %r3, 0\ncall 12\nmov %r0, 0\n"
	  "exit\n", "r1 must be the context pointer itself" },
	/* in a subprogram whose callers' stack is 256 bytes, as Linux's
	 * check_max_stack_depth (240 passes: see tail_call_in_subprogram) */
	{ "stdw [%r10-256], 0\ncall local f\nmov %r0, 0\nexit\n"
	  "f:\nlddw %r2, map_fd(0)\nmov %r3, 0\ncall 12\nmov %r0, 0\nexit\n",
	  "insn 7 (call bpf_tail_call#12): tail_calls are not allowed when call stack of "
	  "previous frames is 256 bytes. Too large" },
	/* two levels down: main's 128 and the middle one's 128 */
	{ "stdw [%r10-128], 0\ncall local g\nmov %r0, 0\nexit\n"
	  "g:\nstdw [%r10-128], 0\ncall local f\nmov %r0, 0\nexit\n"
	  "f:\nlddw %r2, map_fd(0)\nmov %r3, 0\ncall 12\nmov %r0, 0\nexit\n",
	  "insn 11 (call bpf_tail_call#12): tail_calls are not allowed when call stack of "
	  "previous frames is 256 bytes. Too large" },
	/* a subprogram's r1 not the context its caller had */
	{ "call local f\nmov %r0, 0\nexit\nf:\nmov %r1, 0\n"
	  "lddw %r2, map_fd(0)\nmov %r3, 0\ncall 12\nmov %r0, 0\nexit\n",
	  "r1 must be the context pointer itself" },
	/* a record held by main while a subprogram tail-calls */
	{ "mov %r7, %r1\nlddw %r1, map_fd(2)\nmov %r2, 8\nmov %r3, 0\n"
	  "call 131\njeq %r0, 0, out\nmov %r6, %r0\nmov %r1, %r7\n"
	  "call local f\nmov %r1, %r6\nmov %r2, 0\ncall 132\nout:\n"
	  "mov %r0, 0\nexit\nf:\nlddw %r2, map_fd(0)\nmov %r3, 0\n"
	  "call 12\nmov %r0, 0\nexit\n",
	  "tail_call would lead to reference leak" },
	/* while a ring buffer record is held, as Linux */
	{ "mov %r7, %r1\nlddw %r1, map_fd(2)\nmov %r2, 8\nmov %r3, 0\n"
	  "call 131\njeq %r0, 0, out\nmov %r6, %r0\nmov %r1, %r7\n"
	  "lddw %r2, map_fd(0)\nmov %r3, 0\ncall 12\nmov %r1, %r6\n"
	  "mov %r2, 0\ncall 132\nout:\nmov %r0, 0\nexit\n",
	  "insn 12 (call bpf_tail_call#12): tail_call would lead to reference leak" },
	/* r0 is not set after it: the call may not have come back */
	{ "lddw %r2, map_fd(0)\nmov %r3, 0\ncall 12\nexit\n",
	  "r0 is not set before exit" },
};

TEST(tail_call_refusals_name_what_and_where)
{
	struct bpf_map *maps[3];
	struct bpf_prog *kp, *tp, *interp;
	struct bpf_map_def bad = { BPF_MAP_TYPE_PROG_ARRAY, 4, 8, 2, 0 };
	struct bpf_map *m = NULL;
	struct bpf_prog_opts opts = { .type = BPF_PROG_TYPE_KPROBE };
	struct bpf_insn ret0[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	char err[256];

	maps_new(maps);
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		host_test_case(strstr(refusal(maps, refused[i].text),
				      refused[i].want) != NULL);
	/* a prog array's value is a program's fd: 4 bytes */
	CHECK_EQ(bpf_map_create(&bad, "bad", &m, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "prog array value_size is 8, not 4"));

	/* programs of another type than the array's */
	opts.ctx_size = 16;
	opts.maps = maps;
	opts.nr_maps = 2;
	CHECK_EQ(bpf_prog_load(ret0, 2, &opts, &kp, err, sizeof(err)), 0);
	opts.type = BPF_PROG_TYPE_TRACEPOINT;
	CHECK_EQ(bpf_prog_load(ret0, 2, &opts, &tp, err, sizeof(err)), 0);
	put(maps[0], 0, kp);
	CHECK_EQ(eb_bpf_prog_array_update(maps[0], 1, tp, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "prog array 'jmp': slot 1: its programs are of type 2 and "));
	CHECK(strstr(err, "this one is of type 5 and "));
	/* another backend than the array's (on a host that has both) */
	bpf_jit_enable = false;
	opts.type = BPF_PROG_TYPE_KPROBE;
	CHECK_EQ(bpf_prog_load(ret0, 2, &opts, &interp, err, sizeof(err)), 0);
	bpf_jit_enable = true;
	CHECK_EQ(eb_bpf_prog_array_update(maps[0], 1, interp, err, sizeof(err)),
		 BPF_JIT_RUNS ? -EINVAL : 0);
	if (BPF_JIT_RUNS)
		CHECK(strstr(err, "its programs are of type 2 and JIT-compiled, this one is of type 2 and interpreted"));
	/* a slot past the end, a map that is not a prog array */
	CHECK_EQ(eb_bpf_prog_array_update(maps[0], 4, kp, err, sizeof(err)), -E2BIG);
	CHECK(strstr(err, "prog array 'jmp': slot 4, past its 4"));
	CHECK_EQ(eb_bpf_prog_array_update(maps[1], 0, kp, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "map 'counts' is of type array, not a prog array"));
	/* NULL arguments: refused, slot 0 as it was */
	CHECK_EQ(eb_bpf_prog_array_update(NULL, 0, tp, err, sizeof(err)), -EINVAL);
	CHECK(!strcmp(err, "prog array update: map or prog is NULL"));
	CHECK_EQ(eb_bpf_prog_array_update(maps[0], 0, NULL, err, sizeof(err)), -EINVAL);
	CHECK(!strcmp(err, "prog array update: map or prog is NULL"));
	CHECK_EQ(eb_bpf_prog_array_update(maps[0], 0, NULL, NULL, 0), -EINVAL);
	CHECK(eb_bpf_prog_array_slot(maps[0], 0) == kp);
	/* the generic update has no program to take */
	CHECK_EQ(bpf_map_update_elem(maps[0], &(uint32_t){ 0 }, &(uint32_t){ 0 }, 0),
		 -EINVAL);
	CHECK(bpf_map_lookup_elem(maps[0], &(uint32_t){ 0 }) == NULL);
	bpf_prog_free(kp);
	bpf_prog_free(tp);
	bpf_prog_free(interp);
	maps_free(maps);
}

TEST(a_program_naming_a_prog_array_takes_its_type)
{
	struct bpf_map *maps[3];
	struct bpf_prog *a, *b;
	char err[256];

	maps_new(maps);
	a = counter(maps, true, 1, -1, 0, 0);	/* sets the array's backend */
	b = load("lddw %r2, map_fd(0)\nmov %r3, 0\ncall 12\nmov %r0, 0\nexit\n",
		 maps, false, err);
	if (BPF_JIT_RUNS) {
		CHECK(b == NULL);
		CHECK(strstr(err, "insn 0 (lddw %r2, map_fd(0)): prog array 'jmp': its programs are of type 0 and JIT-compiled on a writable context, this one is of type 0 and interpreted on a writable context"));
	}
	bpf_prog_free(a);
	bpf_prog_free(b);
	maps_free(maps);
}

/* Loads text as a JIT-compiled tracepoint program on ctx_size bytes of
 * context; NULL (the reason in err) if refused. */
static struct bpf_prog *
load_tp(const char *text, struct bpf_map **maps, uint32_t ctx_size, char *err)
{
	return load_ctx(text, maps, true, BPF_PROG_TYPE_TRACEPOINT, ctx_size,
			false, err);
}

static const char tail_call_0[] =
	"lddw %r2, map_fd(0)\nmov %r3, 0\ncall 12\nmov %r0, 0\nexit\n";

/* A tail call keeps the caller's context: a program reading 64 bytes of
 * it may not sit where one given 16 calls (two tracepoints' records, an
 * asyncprobe's event), whichever comes first; nor may a program writing
 * its context sit where one with a read-only context calls. */
TEST(a_slot_program_reads_no_more_context_than_its_callers_give)
{
	static const char read56[] = "ldxdw %r0, [%r1+56]\nexit\n";
	struct bpf_map *maps[3];
	struct bpf_prog *small, *big, *reader, *writer;
	uint64_t ctx[8] = { 0, 0, 0, 0, 0, 0, 0, 77 };
	const char *backend = BPF_JIT_RUNS ? "JIT-compiled" : "interpreted";
	char err[256], want[160];

	maps_new(maps);
	small = load_tp(tail_call_0, maps, 16, err);
	reader = load_tp(read56, maps, 64, err);
	if (!CHECK(small && reader))
		return;
	CHECK_EQ(eb_bpf_prog_array_update(maps[0], 0, reader, err, sizeof(err)),
		 -EINVAL);
	CHECK(strstr(err, "prog array 'jmp': slot 0: the program reads up to 64 bytes of context, the programs calling through the array give 16"));
	bpf_prog_free(small);
	maps_free(maps);

	maps_new(maps);	/* the slot first, then the caller */
	put(maps[0], 0, reader);
	CHECK(load_tp(tail_call_0, maps, 16, err) == NULL);
	CHECK(strstr(err, "insn 0 (lddw %r2, map_fd(0)): prog array 'jmp': its programs read up to 64 bytes of context, this one gives 16"));
	big = load_tp(tail_call_0, maps, 64, err);	/* gives what it reads */
	if (CHECK(big != NULL))
		CHECK_EQ(bpf_prog_run(big, ctx), 77);
	bpf_prog_free(big);
	bpf_prog_free(reader);
	maps_free(maps);

	maps_new(maps);
	small = load_ctx(tail_call_0, maps, true, BPF_PROG_TYPE_UNSPEC, 16,
			 false, err);
	writer = load("stdw [%r1+0], 1\nmov %r0, 0\nexit\n", maps, true, err);
	if (CHECK(small && writer)) {
		CHECK_EQ(eb_bpf_prog_array_update(maps[0], 0, writer, err,
						  sizeof(err)), -EINVAL);
		snprintf(want, sizeof(want), "its programs are of type 0 and %s, this one is of type 0 and %s on a writable context",
			 backend, backend);
		CHECK(strstr(err, want));
	}
	bpf_prog_free(small);
	bpf_prog_free(writer);
	maps_free(maps);
}

#if BPF_JIT_RUNS
/* Calls JIT'd prog's image on ctx as the kernel's code would, with the
 * callee-saved s1-s11 holding 0x5001..0x500b: how many of them came back
 * (11 if the frames the tail calls pop give back the caller's). */
static int
callee_saved_kept(const struct bpf_prog *prog, void *ctx)
{
	uint64_t s[11];
	register uintptr_t a0 __asm__("a0") = (uintptr_t)ctx;
	register uintptr_t a1 __asm__("a1") = (uintptr_t)prog;
	register uintptr_t t0 __asm__("t0") = (uintptr_t)prog->bpf_func;
	register uintptr_t t1 __asm__("t1") = (uintptr_t)s;
	int kept = 0;

	__asm__ volatile(
		"addi sp, sp, -112\n"
		"sd s1, 0(sp)\nsd s2, 8(sp)\nsd s3, 16(sp)\nsd s4, 24(sp)\n"
		"sd s5, 32(sp)\nsd s6, 40(sp)\nsd s7, 48(sp)\nsd s8, 56(sp)\n"
		"sd s9, 64(sp)\nsd s10, 72(sp)\nsd s11, 80(sp)\nsd t1, 88(sp)\n"
		"li s1, 0x5001\nli s2, 0x5002\nli s3, 0x5003\nli s4, 0x5004\n"
		"li s5, 0x5005\nli s6, 0x5006\nli s7, 0x5007\nli s8, 0x5008\n"
		"li s9, 0x5009\nli s10, 0x500a\nli s11, 0x500b\n"
		"jalr t0\n"
		"ld t1, 88(sp)\n"
		"sd s1, 0(t1)\nsd s2, 8(t1)\nsd s3, 16(t1)\nsd s4, 24(t1)\n"
		"sd s5, 32(t1)\nsd s6, 40(t1)\nsd s7, 48(t1)\nsd s8, 56(t1)\n"
		"sd s9, 64(t1)\nsd s10, 72(t1)\nsd s11, 80(t1)\n"
		"ld s1, 0(sp)\nld s2, 8(sp)\nld s3, 16(sp)\nld s4, 24(sp)\n"
		"ld s5, 32(sp)\nld s6, 40(sp)\nld s7, 48(sp)\nld s8, 56(sp)\n"
		"ld s9, 64(sp)\nld s10, 72(sp)\nld s11, 80(sp)\n"
		"addi sp, sp, 112\n"
		: "+r"(a0), "+r"(a1), "+r"(t0), "+r"(t1)
		: : "ra", "a2", "a3", "a4", "a5", "a6", "a7", "t2", "t3", "t4",
		    "t5", "t6", "memory");
	for (int i = 0; i < 11; i++)
		kept += s[i] == 0x5001u + i;
	return kept;
}
#endif

/*
 * A loop of three programs of unlike frames (none saved but ra and the
 * count, r6-r9 and the stack, r6 and the stack's far end) through slots
 * 0 -> 1 -> 2 -> 0 ...: 34 runs on one context; the index a 64-bit
 * register whose high half is set (Linux reads the low 32 bits), or -1
 * (past the end, uncounted: the run ends there). JIT'd, the kernel's
 * callee-saved registers come back whole.
 */
TEST(tail_calls_through_unlike_frames_keep_the_count_and_the_callers_registers)
{
	static const char *const text[3] = {
		"ldxdw %r0, [%r1+0]\nadd %r0, 1\nstxdw [%r1+0], %r0\n"
		"lddw %r2, map_fd(0)\nmov %r3, 1\ncall 12\nmov %r0, 10\nexit\n",
		"mov %r6, %r1\nmov %r7, 7\nmov %r8, 8\nmov %r9, 9\n"
		"stdw [%r10-8], 1\nldxdw %r0, [%r1+0]\nadd %r0, 1\n"
		"stxdw [%r1+0], %r0\nlddw %r2, map_fd(0)\n"
		"lddw %r3, 0x7fffffff00000002\ncall 12\nldxdw %r0, [%r10-8]\n"
		"add %r0, %r7\nadd %r0, %r8\nadd %r0, %r9\nexit\n",
		"mov %r6, %r1\nstdw [%r10-512], 2\nldxdw %r0, [%r1+0]\n"
		"add %r0, 1\nstxdw [%r1+0], %r0\nldxdw %r3, [%r1+8]\n"
		"mov %r1, %r6\nlddw %r2, map_fd(0)\ncall 12\n"
		"ldxdw %r0, [%r10-512]\nexit\n",
	};

	for (int jit = 0; jit < 2; jit++) {
		struct bpf_map *maps[3];
		struct bpf_prog *p[3];
		uint64_t ctx[2] = { 0, 0 };

		if (!load_all(text, 3, maps, jit, p))
			return;
		for (int i = 0; i < 3; i++)
			put(maps[0], i, p[i]);
		/* 0 1 2 0 1 2 ... the 34th run (33 tail calls made) is
		 * 34 % 3 = 1 -> p[0], whose own tail call falls through */
		CHECK_EQ(bpf_prog_run(p[0], ctx), 10);
		CHECK_EQ(ctx[0], 1 + MAX_TAIL_CALL_CNT);
		ctx[0] = 0;	/* p[2]'s index from ctx[1]: -1 ends it */
		ctx[1] = (uint64_t)-1;
		CHECK_EQ(bpf_prog_run(p[0], ctx), 2);
		CHECK_EQ(ctx[0], 3);
#if BPF_JIT_RUNS
		if (jit) {
			ctx[0] = 0, ctx[1] = 0;
			CHECK_EQ(callee_saved_kept(p[0], ctx), 11);
			CHECK_EQ(ctx[0], 1 + MAX_TAIL_CALL_CNT);
			ctx[0] = 0, ctx[1] = (uint64_t)-1;
			CHECK_EQ(callee_saved_kept(p[1], ctx), 11);
			CHECK_EQ(ctx[0], 2);
		}
#endif
		free_all(p, 3, maps);
	}
}

/* A program's maps may hold NULL where it names none (the verifier
 * refuses an lddw of it): loading one, the prog array check looks past
 * it. */
TEST(a_program_whose_maps_hold_null_loads)
{
	struct bpf_map *maps[3] = { NULL, NULL, NULL };
	struct bpf_prog *prog;
	char err[256];

	maps[1] = map_new(BPF_MAP_TYPE_ARRAY, 8, 4, "counts");
	prog = load("mov %r0, 3\nexit\n", maps, true, err);
	if (CHECK(prog != NULL))
		CHECK_EQ(bpf_prog_run(prog, (uint64_t[2]){ 0, 0 }), 3);
	bpf_prog_free(prog);
	CHECK(load("lddw %r2, map_fd(0)\nmov %r0, 0\nexit\n", maps, true,
		   err) == NULL);
	CHECK(strstr(err, "map 0 does not exist"));
	bpf_map_free(maps[1]);
}

extern long host_allocs_live;	/* port_host.c: heap blocks held */

/*
 * One owner's program p, counting its runs in its own map and
 * tail-calling itself through its own prog array, sits in another
 * owner's array too: once its owner lets p and all p's maps go, p still
 * runs from the other array on maps that are still there (Linux's
 * program holds its maps), its own array emptied (Linux empties a prog
 * array whose last user goes: p, in its own slot, does not keep itself);
 * emptying the other slot frees p, then its maps: no heap left.
 */
TEST(a_program_in_another_owners_array_keeps_its_maps)
{
	static const char count[] =
		"mov %r6, %r1\nstw [%r10-4], 0\nlddw %r1, map_fd(1)\n"
		"mov %r2, %r10\nadd %r2, -4\ncall 1\njeq %r0, 0, out\n"
		"ldxdw %r1, [%r0+0]\nadd %r1, 1\nstxdw [%r0+0], %r1\n"
		"mov %r1, %r6\nlddw %r2, map_fd(0)\nmov %r3, 0\ncall 12\n"
		"out:\nmov %r0, 5\nexit\n";
	long base = host_allocs_live, held;
	struct bpf_map *a[3], *b[3];
	struct bpf_prog *p, *caller;
	uint64_t ctx[2] = { 0, 0 }, *runs;
	char err[256];

	maps_new(a);
	maps_new(b);
	p = load(count, a, true, err);
	caller = load(tail_call_0, b, true, err);
	if (!CHECK(p && caller))
		return;
	put(a[0], 0, p);
	put(b[0], 0, p);
	CHECK_EQ(bpf_prog_run(caller, ctx), 5);
	runs = bpf_map_lookup_elem(a[1], &(uint32_t){ 0 });
	CHECK_EQ(*runs, MAX_TAIL_CALL_CNT);	/* the caller spent one */
	bpf_prog_free(p);
	held = host_allocs_live;
	maps_free(a);
	CHECK_EQ(host_allocs_live, held);	/* p holds them */
	CHECK_EQ(bpf_prog_run(caller, ctx), 5);	/* a's slot is empty */
	CHECK_EQ(*runs, 1 + MAX_TAIL_CALL_CNT);
	CHECK_EQ(bpf_map_delete_elem(b[0], &(uint32_t){ 0 }), 0);
	CHECK(host_allocs_live < held);		/* p and a's maps went */
	bpf_prog_free(caller);
	maps_free(b);
	CHECK_EQ(host_allocs_live, base);
}

/* A program refused for one prog array it names leaves the others it
 * names as they were: none takes its type, backend or context. */
TEST(a_refused_program_claims_no_prog_array)
{
	struct bpf_map *maps[3], *two[3];
	struct bpf_prog *tp, *reader;
	char err[256];

	maps_new(maps);
	two[0] = maps[0];
	two[1] = map_new(BPF_MAP_TYPE_PROG_ARRAY, 4, 4, "jmp2");
	two[2] = maps[2];
	tp = load_tp("mov %r0, 0\nexit\n", maps, 16, err);
	if (!CHECK(tp && two[1]))
		return;
	put(two[1], 0, tp);	/* jmp2's programs: tracepoint ones */
	CHECK(load("mov %r6, %r1\nlddw %r2, map_fd(0)\nmov %r3, 0\ncall 12\n"
		   "mov %r1, %r6\nlddw %r2, map_fd(1)\nmov %r3, 0\ncall 12\n"
		   "mov %r0, 0\nexit\n", two, true, err) == NULL);
	CHECK(strstr(err, "insn 6 (lddw %r2, map_fd(1)): prog array 'jmp2': its programs are of type 5"));
	reader = load_tp("ldxdw %r0, [%r1+56]\nexit\n", maps, 64, err);
	if (CHECK(reader != NULL))
		put(maps[0], 0, reader);	/* jmp is still anyone's */
	bpf_prog_free(tp);
	bpf_prog_free(reader);
	bpf_map_free(two[1]);
	maps_free(maps);
}

/* An environment's helper table giving bpf_tail_call's prototype under
 * another id (the backends know a tail call by its prototype). */
static const struct bpf_func_proto *
tail_call_as_99(uint32_t id)
{
	return bpf_helper_proto(id == 99 ? BPF_FUNC_tail_call : id);
}

/* bpf_tail_call's prototype is taken as helper 12 only: under another id
 * the verifier's prog array and subprogram checks would not see it, and
 * an array map would go where the backends read a prog array's slots. */
TEST(tail_call_only_as_helper_12)
{
	struct bpf_map *maps[3];
	struct bpf_verifier_env env = {
		.ctx_size = 16, .maps = maps, .nr_maps = 3,
		.get_func_proto = tail_call_as_99,
	};
	struct bpf_prog *prog = NULL;
	struct bpf_insn *insns;
	size_t len;
	char err[256];

	maps_new(maps);
	if (!CHECK(bpf_asm("lddw %r2, map_fd(1)\nmov %r3, 0\ncall 99\n"
			   "mov %r0, 0\nexit\n", &insns, &len, err, sizeof(err)) == 0))
		return;
	CHECK_EQ(bpf_prog_load_env(insns, len, &env, &prog, err, sizeof(err)),
		 -EINVAL);
	CHECK(strstr(err, "insn 3 (call bpf_skc_lookup_tcp#99): bpf_skc_lookup_tcp#99: bpf_tail_call's prototype goes with helper 12 only, and helper 12 with it"));
	eb_port_free(insns);
	bpf_prog_free(prog);
	maps_free(maps);
}

/* Only a verified program goes into a slot, as only one attaches: one
 * prepared unverified (an interpreter test's) would run unchecked on
 * the caller's event. */
TEST(an_unverified_program_goes_in_no_slot)
{
	struct bpf_map *maps[3];
	struct bpf_prog *prog;
	struct bpf_prog_opts opts = { .type = BPF_PROG_TYPE_KPROBE };
	struct bpf_insn far[] = {	/* ldxdw r0, [r1+4096]; exit */
		{ .code = BPF_LDX | BPF_MEM | BPF_DW, .dst_reg = 0,
		  .src_reg = 1, .off = 4096 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	char err[256];

	maps_new(maps);
	if (!CHECK(bpf_prog_create(far, 2, &opts, &prog, err, sizeof(err)) == 0))
		return;
	CHECK_EQ(bpf_prog_prepare(prog, err, sizeof(err)), 0);
	CHECK_EQ(eb_bpf_prog_array_update(maps[0], 0, prog, err, sizeof(err)),
		 -EINVAL);
	CHECK(strstr(err, "prog array 'jmp': slot 0: the program is not loaded (verified and prepared)"));
	CHECK_EQ(prog->refcnt, 1);
	bpf_prog_free(prog);
	maps_free(maps);
}

/* Loads texts (n <= 3) in each backend and calls check on them, slot k
 * of their prog array holding program slots[k] (-1: none). */
static void
each_backend(const char *const *texts, size_t n, const int *slots,
	     void (*check)(struct bpf_prog **p, struct bpf_map **maps))
{
	for (int jit = 0; jit < 2; jit++) {
		struct bpf_map *maps[3];
		struct bpf_prog *p[3];

		if (!load_all(texts, n, maps, jit, p))
			return;
		for (uint32_t k = 0; k < 3; k++)
			if (slots[k] >= 0)
				put(maps[0], k, p[slots[k]]);
		check(p, maps);
		free_all(p, n, maps);
	}
}

/*
 * A tail call in a subprogram (Linux >= 5.10 on x86-64, 6.7 on RV64):
 * only the subprogram's frame goes, the program it enters (which has a
 * subprogram of its own) returns to the subprogram's caller, whose
 * registers and stack stay; an empty slot falls through in the
 * subprogram. main's 240 bytes of stack are under Linux's 256.
 */
#define SUB_CALLER							\
	"mov %r6, %r1\nstdw [%r10-240], 3\ncall local f\n"		\
	"stxdw [%r6+8], %r0\nldxdw %r0, [%r10-240]\nexit\n"		\
	"f:\nmov %r6, 1\nlddw %r2, map_fd(0)\nmov %r3, 0\ncall 12\n"	\
	"mov %r0, 55\nexit\n"

static const char *const sub_texts[2] = {
	SUB_CALLER,
	/* callee */
	"mov %r6, %r1\ncall local g\nadd %r0, 40\nexit\n"
	"g:\nldxdw %r0, [%r1+0]\nadd %r0, 1\nstxdw [%r1+0], %r0\n"
	"mov %r0, 2\nexit\n",
};

static void
check_sub(struct bpf_prog **p, struct bpf_map **maps)
{
	uint64_t ctx[2] = { 0, 0 };

	CHECK_EQ(bpf_prog_run(p[0], ctx), 3);	/* main's stack kept */
	CHECK_EQ(ctx[0], 1);			/* g ran once */
	CHECK_EQ(ctx[1], 42);			/* callee's r0 into f's caller */
	CHECK_EQ(bpf_map_delete_elem(maps[0], &(uint32_t){ 0 }), 0);
	CHECK_EQ(bpf_prog_run(p[0], ctx), 3);
	CHECK_EQ(ctx[0], 1);
	CHECK_EQ(ctx[1], 55);			/* fell through in f */
}

TEST(tail_call_in_subprogram_returns_to_its_caller)
{
	each_backend(sub_texts, 2, (const int[]){ 1, -1, -1 }, check_sub);
}

/*
 * A tail call from a subprogram whose callers hold 240 bytes, into a
 * program whose chain takes the whole 512 (main 256, g 256): more than
 * the 272 left of the run's 512 (the interpreter runs it on an area of
 * its own; the JIT's frames are on the kernel stack anyway). Each frame
 * keeps its values; main's stack is as it left it; as check_sub wants.
 */
static const char *const wide_texts[2] = {
	SUB_CALLER,
	/* callee: g counts in ctx[0] as sub_texts' does; 37 + 4 + 1 */
	"stdw [%r10-256], 4\nstdw [%r10-8], 1\ncall local g\n"
	"ldxdw %r1, [%r10-256]\nadd %r0, %r1\nldxdw %r1, [%r10-8]\n"
	"add %r0, %r1\nexit\n"
	"g:\nldxdw %r0, [%r1+0]\nadd %r0, 1\nstxdw [%r1+0], %r0\n"
	"stdw [%r10-256], 30\nstdw [%r10-8], 7\nldxdw %r0, [%r10-256]\n"
	"ldxdw %r2, [%r10-8]\nadd %r0, %r2\nexit\n",
};

TEST(tail_call_from_subprogram_into_a_512_byte_chain)
{
	each_backend(wide_texts, 2, (const int[]){ 1, -1, -1 }, check_sub);
}

/* From main, whose run took a small area (16 bytes of stack), into a
 * program taking the whole 512 in one frame: the interpreter runs it on
 * a new area (tail_call_apart), the JIT in a frame of its size. */
static const char *const small_to_whole_texts[2] = {
	"stdw [%r10-8], 3\nlddw %r2, map_fd(0)\nmov %r3, 0\ncall 12\n"
	"mov %r0, 55\nexit\n",
	"stdw [%r10-512], 40\nstdw [%r10-8], 2\nldxdw %r0, [%r10-512]\n"
	"ldxdw %r1, [%r10-8]\nadd %r0, %r1\nexit\n",
};

static void
check_42(struct bpf_prog **p, struct bpf_map **maps)
{
	(void)maps;
	CHECK_EQ(bpf_prog_run(p[0], (uint64_t[2]){ 0, 0 }), 42);
}

TEST(tail_call_from_a_small_stack_into_the_whole_512)
{
	each_backend(small_to_whole_texts, 2, (const int[]){ 1, -1, -1 }, check_42);
}

/*
 * The count is the run's, in every frame: main calls a subprogram 40
 * times, each tail-calling a leaf that counts in the context and
 * returns 1; the 34th and later fall through in the subprogram (0).
 * And frames: a program whose subprogram tail-calls the program itself
 * keeps one frame more per level (its callers' frames stay); the tail
 * call that would need a 9th frame falls through (counted), as the
 * interpreter and the JIT both check, where Linux has no frame limit.
 */
static const char *const count_texts[3] = {
	/* loop */
	"mov %r6, %r1\nmov %r7, 0\nmov %r8, 0\n"
	"again:\nmov %r1, %r6\ncall local f\nadd %r8, %r0\nadd %r7, 1\n"
	"jlt %r7, 40, again\nmov %r0, %r8\nexit\n"
	"f:\nlddw %r2, map_fd(0)\nmov %r3, 1\ncall 12\nmov %r0, 0\nexit\n",
	/* leaf */
	"ldxdw %r0, [%r1+0]\nadd %r0, 1\nstxdw [%r1+0], %r0\n"
	"mov %r0, 1\nexit\n",
	/* self */
	"ldxdw %r0, [%r1+0]\nadd %r0, 1\nstxdw [%r1+0], %r0\n"
	"call local f\nexit\n"
	"f:\nlddw %r2, map_fd(0)\nmov %r3, 2\ncall 12\nmov %r0, 7\nexit\n",
};

static void
check_count(struct bpf_prog **p, struct bpf_map **maps)
{
	uint64_t ctx[2] = { 0, 0 };

	CHECK_EQ(bpf_prog_run(p[0], ctx), MAX_TAIL_CALL_CNT);
	CHECK_EQ(ctx[0], MAX_TAIL_CALL_CNT);
	ctx[0] = 0;	/* self at frames 1..7, f at 2..8 */
	CHECK_EQ(bpf_prog_run(p[2], ctx), 7);
	CHECK_EQ(ctx[0], MAX_CALL_FRAMES - 1);
}

TEST(tail_calls_from_subprograms_share_the_count_and_keep_to_8_frames)
{
	each_backend(count_texts, 3, (const int[]){ -1, 1, 2 }, check_count);
}

/*
 * The interpreter's new areas nested: a program of 240 bytes in main and
 * 272 in f (the whole 512) whose f tail-calls the program itself finds
 * 272 bytes left each time, so each level (frames 2..7) runs on an area
 * of its own, under its callers' frames; the tail call that would need a
 * 9th frame falls through. Each level's slots keep their values: r0 is
 * the innermost f's 5 plus 3 from each of the 7 mains.
 */
static const char *const nest_texts[1] = {
	"ldxdw %r0, [%r1+0]\nadd %r0, 1\nstxdw [%r1+0], %r0\n"
	"stdw [%r10-240], 3\ncall local f\nldxdw %r1, [%r10-240]\n"
	"add %r0, %r1\nexit\n"
	"f:\nstdw [%r10-272], 5\nlddw %r2, map_fd(0)\nmov %r3, 0\n"
	"call 12\nldxdw %r0, [%r10-272]\nexit\n",
};

static void
check_nest(struct bpf_prog **p, struct bpf_map **maps)
{
	uint64_t ctx[2] = { 0, 0 };

	(void)maps;
	CHECK_EQ(bpf_prog_run(p[0], ctx), 5 + 3 * (MAX_CALL_FRAMES - 1));
	CHECK_EQ(ctx[0], MAX_CALL_FRAMES - 1);
}

TEST(tail_calls_on_new_areas_nest_one_per_frame)
{
	each_backend(nest_texts, 1, (const int[]){ 0, -1, -1 }, check_nest);
}

/* The library's helpers and uBPF's unwind (5), which stops when given 0. */
static const struct bpf_func_proto *
with_unwind(uint32_t id)
{
	return id == 5 ? &conformance_unwind_proto : bpf_helper_proto(id);
}

/*
 * A stop (here uBPF's unwind given 0) in a program a subprogram's tail
 * call entered, down in that program's own subprogram, ends that
 * program with r0 = 0, as a stop ends the program a run entered: the
 * subprogram's caller goes on with 0. Both backends alike.
 */
static const char *const stop_texts[2] = {
	/* caller */
	"mov %r6, %r1\ncall local f\nstxdw [%r6+0], %r0\nmov %r0, 3\n"
	"exit\nf:\nlddw %r2, map_fd(0)\nmov %r3, 0\ncall 12\n"
	"mov %r0, 55\nexit\n",
	/* callee */
	"mov %r6, %r1\ncall local g\nmov %r0, 9\nexit\n"
	"g:\nldxdw %r1, [%r1+8]\ncall 5\nmov %r0, 1\nexit\n",
};

static void
check_stop(struct bpf_prog **p, struct bpf_map **maps)
{
	uint64_t ctx[2] = { 0, 1 };

	CHECK_EQ(bpf_prog_run(p[0], ctx), 3);
	CHECK_EQ(ctx[0], 9);	/* unwind(1): no stop */
	ctx[1] = 0;
	CHECK_EQ(bpf_prog_run(p[0], ctx), 3);
	CHECK_EQ(ctx[0], 0);	/* the callee ended with 0 */
}

TEST(a_stop_in_a_program_a_subprogram_entered_ends_that_program)
{
	test_protos = with_unwind;
	each_backend(stop_texts, 2, (const int[]){ 1, -1, -1 }, check_stop);
	test_protos = NULL;
}
