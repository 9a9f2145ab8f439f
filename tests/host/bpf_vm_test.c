/*
 * The eBPF VM core's own tests: assembler and disassembler messages, the
 * program object (pseudo lddw relocation, helper binding, refusals),
 * the interpreter's guards for unverified programs, maps and helpers,
 * and the bpf-asm command.
 */
#include <ebreak/errno.h>
#include <ebreak/port.h>
#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <string.h>
#include "bpf/asm.h"
#include "bpf/disasm.h"
#include "bpf/prog.h"
#include "bpf/ringbuf.h"
#include "test.h"

/* Assembles text; returns the error message ("" if it assembled). */
static const char *
asm_error(const char *text)
{
	static char err[256];
	struct bpf_insn *insns;
	size_t len;

	if (bpf_asm(text, &insns, &len, err, sizeof(err)))
		return err;
	free(insns);
	return "";
}

TEST(asm_errors_name_line_and_reason)
{
	CHECK(!strcmp(asm_error("mov %r0, 1\nldxq %r0, %r1\n"),
		      "line 2: unknown mnemonic 'ldxq'"));
	CHECK(!strcmp(asm_error("or %r0, %r11\n"),
		      "line 1: invalid register '%r11'"));
	CHECK(!strcmp(asm_error("mov32 %r0, 2147483648\n"),
		      "line 1: 2147483648 does not fit in 32 bits"));
	CHECK(!strcmp(asm_error("ja nowhere\nexit\n"),
		      "line 1: unknown label 'nowhere'"));
	CHECK(!strcmp(asm_error("a:\na:\nexit\n"),
		      "line 2: label 'a' is defined twice"));
	CHECK(!strcmp(asm_error("lddw %r0\n"),
		      "line 1: lddw takes 2 operands, not 1"));
	CHECK(!strcmp(asm_error("lock fetch xchg [%r10-8], %r1\n"),
		      "line 1: invalid atomic operation 'fetch xchg'"));
	CHECK(!strcmp(asm_error("# nothing\n\n"), "no instructions"));
	/* hex immediates may give the 32-bit pattern, decimal must fit */
	CHECK(!strcmp(asm_error("mov32 %r0, 0xffffffff\nexit\n"), ""));
	CHECK(!strcmp(asm_error("mov32 %r0, -2147483648\nexit\n"), ""));
}

TEST(asm_encodings)
{
	struct bpf_insn *in;
	size_t len;
	char err[128];

	CHECK(!bpf_asm("l: ldxsh %r1, [%r2 - 6]\nlock fetch and32 [%r3+4], %r4\n"
		       "call local l\ncall %r5\nja32 l\nlddw %r1, map_idx_value(2)+16\n"
		       "smod32 %r1, -3\nexit\n", &in, &len, err, sizeof(err)));
	CHECK_EQ(len, 9);
	CHECK_EQ(in[0].code, BPF_LDX | BPF_MEMSX | BPF_H);
	CHECK_EQ(in[0].off, -6);
	CHECK_EQ(in[1].code, BPF_STX | BPF_ATOMIC | BPF_W);
	CHECK_EQ(in[1].imm, BPF_AND | BPF_FETCH);
	CHECK_EQ(in[2].src_reg, BPF_PSEUDO_CALL);
	CHECK_EQ(in[2].imm, -3);
	CHECK_EQ(in[3].code, BPF_JMP | BPF_CALL | BPF_X);
	CHECK_EQ(in[3].dst_reg, 5);
	CHECK_EQ(in[4].code, BPF_JMP32 | BPF_JA);
	CHECK_EQ(in[4].imm, -5);
	CHECK_EQ(in[5].src_reg, BPF_PSEUDO_MAP_IDX_VALUE);
	CHECK_EQ(in[5].imm, 2);
	CHECK_EQ(in[6].imm, 16);
	CHECK_EQ(in[7].code, BPF_ALU | BPF_MOD | BPF_K);
	CHECK_EQ(in[7].off, 1);
	free(in);
}

static const char *
disasm(uint8_t code, int dst, int src, int off, int imm)
{
	static char buf[128];
	struct bpf_insn in[2] = { { code, dst, src, off, imm } };

	if (bpf_disasm_insn(in, 0, 1, buf, sizeof(buf)) < 0)
		return buf;
	return "";
}

TEST(disasm_refuses_bad_encodings)
{
	CHECK(!strcmp(disasm(0x8f, 0, 0, 0, 0), "invalid opcode 0x8f"));
	CHECK(!strcmp(disasm(BPF_ALU64 | BPF_ADD | BPF_K, 1, 2, 0, 0),
		      "reserved field src_reg is 2, not 0"));
	CHECK(!strcmp(disasm(BPF_ALU64 | BPF_MOV | BPF_X, 1, 2, 4, 0),
		      "movsx64 from 4 bits is not defined"));
	CHECK(!strcmp(disasm(BPF_ALU | BPF_MOV | BPF_X, 1, 2, 32, 0),
		      "movsx32 from 32 bits is not defined"));
	CHECK(!strcmp(disasm(BPF_ALU64 | BPF_DIV | BPF_K, 1, 0, 2, 1),
		      "offset 2 of div is not 0 (unsigned) or 1 (signed)"));
	CHECK(!strcmp(disasm(BPF_ALU | BPF_END | BPF_TO_BE, 1, 0, 0, 8),
		      "byte swap width 8 is not 16, 32 or 64"));
	CHECK(!strcmp(disasm(BPF_LD | BPF_IMM | BPF_DW, 1, 0, 0, 0),
		      "lddw without its second slot"));
	CHECK(!strcmp(disasm(BPF_LDX | BPF_MEMSX | BPF_DW, 1, 2, 0, 0),
		      "invalid opcode 0x99"));
	CHECK(!strcmp(disasm(BPF_STX | BPF_ATOMIC | BPF_DW, 1, 2, 0, 0x10),
		      "invalid atomic operation 0x10"));
	CHECK(!strcmp(disasm(BPF_JMP | BPF_CALL, 0, 2, 0, 7),
		      "kfunc calls are not supported"));
	CHECK(!strcmp(disasm(BPF_JMP32 | BPF_EXIT, 0, 0, 0, 0),
		      "invalid opcode 0x96"));
	CHECK(!strcmp(disasm(BPF_LDX | BPF_MEM | BPF_W, 12, 1, 0, 0),
		      "register r12 does not exist"));
}

/* Loads text for a 16-byte writable context with maps; NULL if refused,
 * with the message in err. */
static struct bpf_prog *
load(const char *text, struct bpf_map **maps, size_t nr_maps, bool verify,
     char *err, size_t errsize)
{
	struct bpf_verifier_env env = {
		.ctx_size = 16, .ctx_writable = true,
		.maps = maps, .nr_maps = nr_maps,
	};
	struct bpf_prog *prog = NULL;
	struct bpf_insn *insns;
	size_t len;
	int r;

	if (bpf_asm(text, &insns, &len, err, errsize))
		return NULL;
	if (verify)
		r = bpf_prog_load_env(insns, len, &env, &prog, err, errsize);
	else
		r = bpf_prog_create_env(insns, len, &env, &prog, err, errsize) ||
		    bpf_prog_prepare(prog, err, errsize);
	free(insns);
	if (r) {
		bpf_prog_free(prog);
		return NULL;
	}
	return prog;
}

static struct bpf_map *
map_new(uint32_t type, uint32_t key, uint32_t value, uint32_t n)
{
	struct bpf_map_def def = { type, key, value, n, 0 };
	struct bpf_map *map = NULL;
	char err[128];

	if (bpf_map_create(&def, "test", &map, err, sizeof(err)))
		fprintf(stderr, "  %s\n", err);
	return map;
}

TEST(program_uses_maps_through_helpers_and_pseudo_lddw)
{
	struct bpf_map *maps[2] = {
		map_new(BPF_MAP_TYPE_ARRAY, 4, 16, 1),
		map_new(BPF_MAP_TYPE_HASH, 8, 8, 4),
	};
	uint8_t ctx[16] = { 0 };
	char err[256];
	uint32_t zero = 0;
	uint64_t key = 42, *v;
	/* value[1] = 7 directly; hash[42] = value[1] + 1 via the helpers */
	struct bpf_prog *prog = load(
		"lddw %r1, map_value(0)+8\n"
		"stdw [%r1+0], 7\n"
		"stdw [%r10-8], 42\n"
		"ldxdw %r3, [%r1+0]\n"
		"add %r3, 1\n"
		"stxdw [%r10-16], %r3\n"
		"lddw %r1, map_fd(1)\n"
		"mov %r2, %r10\n"
		"add %r2, -8\n"
		"mov %r3, %r10\n"
		"add %r3, -16\n"
		"mov %r4, 0\n"
		"call 2\n"
		"exit\n", maps, 2, true, err, sizeof(err));

	if (!CHECK(prog != NULL))
		fprintf(stderr, "  %s\n", err);
	if (!prog)
		return;
	CHECK_EQ(bpf_prog_run(prog, ctx), 0);
	v = bpf_map_lookup_elem(maps[0], &zero);
	CHECK_EQ(v[1], 7);
	v = bpf_map_lookup_elem(maps[1], &key);
	CHECK(v && *v == 8);
	bpf_prog_free(prog);
	bpf_map_free(maps[0]);
	bpf_map_free(maps[1]);
}

/* The pre-decoder runs clang's map lookup (lddw r1; mov r2, r10; add r2;
 * call 1, in either order) and `mov r0, IMM; exit` as one handler each:
 * the same results, also when a jump lands inside the sequence. */
TEST(fused_lookups_and_exits_run_as_their_instructions)
{
	struct bpf_map *maps[2] = {
		map_new(BPF_MAP_TYPE_ARRAY, 4, 8, 2),
		map_new(BPF_MAP_TYPE_ARRAY, 4, 8, 2),
	};
	uint32_t ctx[4] = { 0 }, one = 1, zero = 0;
	char err[256];
	/* ctx[0] == 0: map 0's [1] = 11 through the fused lookup; else map
	 * 1's, jumping to the mov after a different lddw */
	struct bpf_prog *mid = load(
		"ldxw %r6, [%r1+0]\n"
		"stw [%r10-4], 1\n"
		"jne %r6, 0, other\n"
		"lddw %r1, map_fd(0)\n"
		"in: mov %r2, %r10\n"
		"add %r2, -4\n"
		"call 1\n"
		"jeq %r0, 0, out\n"
		"stdw [%r0+0], 11\n"
		"ja out\n"
		"other: lddw %r1, map_fd(1)\n"
		"ja in\n"
		"out: mov %r0, 0\n"
		"exit\n", maps, 2, true, err, sizeof(err));
	/* the other order: map 0's [0] = 22 */
	struct bpf_prog *swapped = load(
		"stw [%r10-4], 0\n"
		"mov %r2, %r10\n"
		"add %r2, -4\n"
		"lddw %r1, map_fd(0)\n"
		"call 1\n"
		"jeq %r0, 0, out\n"
		"stdw [%r0+0], 22\n"
		"out: mov %r0, 0\n"
		"exit\n", maps, 2, true, err, sizeof(err));
	struct bpf_prog *exit32 = load("mov32 %r0, -1\nexit\n", NULL, 0, true,
				       err, sizeof(err));
	struct bpf_prog *exit64 = load("mov %r0, -1\nexit\n", NULL, 0, true,
				       err, sizeof(err));
	struct bpf_prog *past = load("mov %r0, 5\nja +1\nmov %r0, 7\nexit\n",
				     NULL, 0, false, err, sizeof(err));

	if (!CHECK(mid && swapped && exit32 && exit64 && past))
		fprintf(stderr, "  %s\n", err);
	if (mid && swapped) {
		CHECK_EQ(bpf_prog_run(mid, ctx), 0);
		ctx[0] = 1;
		CHECK_EQ(bpf_prog_run(mid, ctx), 0);
		CHECK_EQ(*(uint64_t *)bpf_map_lookup_elem(maps[0], &one), 11);
		CHECK_EQ(*(uint64_t *)bpf_map_lookup_elem(maps[1], &one), 11);
		CHECK_EQ(bpf_prog_run(swapped, ctx), 0);
		CHECK_EQ(*(uint64_t *)bpf_map_lookup_elem(maps[0], &zero), 22);
	}
	if (exit32 && exit64 && past) {
		CHECK_EQ(bpf_prog_run(exit32, ctx), 0xffffffffu);
		CHECK_EQ(bpf_prog_run(exit64, ctx), UINT64_MAX);
		CHECK_EQ(bpf_prog_run(past, ctx), 5);
	}
	bpf_prog_free(mid);
	bpf_prog_free(swapped);
	bpf_prog_free(exit32);
	bpf_prog_free(exit64);
	bpf_prog_free(past);
	bpf_map_free(maps[0]);
	bpf_map_free(maps[1]);
}

TEST(prepare_refuses_what_it_cannot_run)
{
	struct bpf_map *arr = map_new(BPF_MAP_TYPE_ARRAY, 4, 8, 2);
	char err[256];

	CHECK(!load("call 9999\nexit\n", NULL, 0, false, err, sizeof(err)));
	CHECK(!strcmp(err, "insn 0 (call 9999): unknown helper"));
	CHECK(!load("lddw %r0, map_idx(3)\nexit\n", &arr, 1, false, err,
		    sizeof(err)));
	CHECK(!strcmp(err, "insn 0 (lddw %r0, map_idx(3)): no such map"));
	/* map values need a one-entry array, as in Linux */
	CHECK(!load("lddw %r0, map_value(0)+0\nexit\n", &arr, 1, false, err,
		    sizeof(err)));
	CHECK(!load("ja +5\nexit\n", NULL, 0, false, err, sizeof(err)));
	CHECK(!strcmp(err, "insn 0 (ja +5): jump out of the program or into lddw"));
	CHECK(!load("ja +1\nlddw %r0, 1\nexit\n", NULL, 0, false, err,
		    sizeof(err)));
	bpf_map_free(arr);
}

TEST(unverified_runaway_programs_stop)
{
	char err[256];
	/* no exit at the end; unbounded recursion */
	struct bpf_prog *off = load("mov %r0, 5\n", NULL, 0, false, err,
				    sizeof(err));
	struct bpf_prog *deep = load("f: mov %r0, 1\ncall local f\nexit\n",
				     NULL, 0, false, err, sizeof(err));

	CHECK(off && deep);
	if (off)
		CHECK_EQ(bpf_prog_run(off, NULL), 0);
	if (deep)
		CHECK_EQ(bpf_prog_run(deep, NULL), 0);
	bpf_prog_free(off);
	bpf_prog_free(deep);
}

/* r0 of one run of text, verified, with no context; ~0 if it does not
 * load (said on stderr). */
static uint64_t
run_verified(const char *text)
{
	char err[256];
	struct bpf_prog *prog = load(text, NULL, 0, true, err, sizeof(err));
	uint64_t r0 = ~0ull;

	if (!prog)
		fprintf(stderr, "  %s\n", err);
	else
		r0 = bpf_prog_run(prog, NULL);
	bpf_prog_free(prog);
	return r0;
}

/* Each frame gets only its verified depth, right under its caller's:
 * main 16 bytes, f 256, g 240, 512 in all (Linux's limit, the whole
 * area); every frame's slots keep their values across the calls under
 * them, and g writes main's slot through the pointer passed down. */
TEST(local_calls_frames_sized_to_their_depth)
{
	/* main's slot 9 (g wrote it), f's 2 and 3, g's 4 + 5 */
	CHECK_EQ(run_verified(
		"stdw [%r10-8], 1\n"
		"mov %r1, %r10\n"
		"add %r1, -8\n"
		"call local f\n"
		"ldxdw %r1, [%r10-8]\n"
		"mul %r1, 1000\n"
		"add %r0, %r1\n"
		"exit\n"
		"f:\n"
		"stdw [%r10-256], 2\n"
		"stdw [%r10-8], 3\n"
		"call local g\n"
		"ldxdw %r1, [%r10-256]\n"
		"ldxdw %r2, [%r10-8]\n"
		"mul %r1, 100\n"
		"mul %r2, 10\n"
		"add %r0, %r1\n"
		"add %r0, %r2\n"
		"exit\n"
		"g:\n"
		"stdw [%r10-240], 4\n"
		"stdw [%r10-8], 5\n"
		"stdw [%r1+0], 9\n"
		"ldxdw %r0, [%r10-240]\n"
		"ldxdw %r1, [%r10-8]\n"
		"add %r0, %r1\n"
		"exit\n"), 9000 + 200 + 30 + 9);
}

/* One frame of the whole 512 bytes, its both ends written and read. */
TEST(one_frame_of_512_bytes)
{
	CHECK_EQ(run_verified(
		"stdw [%r10-512], 7\n"
		"stdw [%r10-8], 8\n"
		"ldxdw %r0, [%r10-512]\n"
		"ldxdw %r1, [%r10-8]\n"
		"lsh %r0, 8\n"
		"or %r0, %r1\n"
		"exit\n"), 0x708);
}

TEST(local_calls_restore_callee_saved_and_frame)
{
	char err[256];
	/* the callee clobbers r6-r9 and its own stack; the caller's stack
	 * slot and registers survive, 7 frames deep */
	struct bpf_prog *prog = load(
		"mov %r6, 6\n"
		"stdw [%r10-8], 100\n"
		"mov %r1, 6\n"
		"call local f\n"
		"ldxdw %r1, [%r10-8]\n"
		"add %r0, %r1\n"
		"add %r0, %r6\n"
		"exit\n"
		"f:\n"
		"mov %r6, 0\n"
		"mov %r7, %r1\n"
		"stdw [%r10-8], 0\n"
		"mov %r0, 1\n"
		"jeq %r1, 0, out\n"
		"sub %r1, 1\n"
		"call local f\n"
		"add %r0, 1\n"
		"add %r0, %r6\n"
		"out:\n"
		"exit\n", NULL, 0, true, err, sizeof(err));

	if (!CHECK(prog != NULL))
		fprintf(stderr, "  %s\n", err);
	if (prog)
		CHECK_EQ(bpf_prog_run(prog, NULL), 7 + 100 + 6);
	bpf_prog_free(prog);
}

TEST(helpers)
{
	const struct bpf_func_proto *p = bpf_helper_proto(BPF_FUNC_probe_read_kernel);
	uint64_t src = 0x1122334455667788, dst = 0;

	CHECK(p && p->arg_type[0] == ARG_PTR_TO_UNINIT_MEM &&
	      p->arg_type[1] == ARG_CONST_SIZE_OR_ZERO);
	CHECK_EQ(p->func((uintptr_t)&dst, 8, (uintptr_t)&src, 0, 0), 0);
	CHECK_EQ(dst, src);
	/* a fault zero-fills the destination (host port: NULL faults) */
	CHECK_EQ((int64_t)p->func((uintptr_t)&dst, 8, 0, 0, 0), -EFAULT);
	CHECK_EQ(dst, 0);
	CHECK(bpf_helper_proto(BPF_FUNC_ktime_get_ns)->func(0, 0, 0, 0, 0) > 0);
	CHECK_EQ(bpf_helper_proto(BPF_FUNC_get_smp_processor_id)->func(0, 0, 0, 0, 0), 0);
	CHECK(bpf_helper_proto(BPF_FUNC_get_prandom_u32)->func(0, 0, 0, 0, 0) !=
	      bpf_helper_proto(BPF_FUNC_get_prandom_u32)->func(0, 0, 0, 0, 0));
	CHECK(!bpf_helper_proto(0) && !bpf_helper_proto(100000));
}

/* Linux's names by id (include/uapi/linux/bpf.h, bpftool's map types),
 * for ids ebreak builds and ids it does not, and back. */
TEST(helper_and_map_type_names)
{
	char buf[BPF_FUNC_STR_SIZE];
	uint32_t id;

	CHECK(!strcmp(bpf_func_id_name(BPF_FUNC_map_lookup_elem), "map_lookup_elem"));
	CHECK(!strcmp(bpf_func_id_name(BPF_FUNC_tail_call), "tail_call"));
	CHECK(!strcmp(bpf_func_id_name(BPF_FUNC_get_stack), "get_stack"));
	CHECK(!strcmp(bpf_func_id_name(BPF_FUNC_get_attach_cookie), "get_attach_cookie"));
	CHECK(!strcmp(bpf_func_id_name(BPF_FUNC_get_func_arg_cnt), "get_func_arg_cnt"));
	CHECK(!strcmp(bpf_func_id_name(BPF_FUNC_map_lookup_percpu_elem),
		      "map_lookup_percpu_elem"));
	CHECK(!strcmp(bpf_func_id_name(9), "skb_store_bytes"));	/* not built */
	CHECK(!strcmp(bpf_func_id_name(0), "unspec"));
	CHECK(!strcmp(bpf_func_id_name(BPF_FUNC_MAX_ID - 1), "cgrp_storage_delete"));
	CHECK(!bpf_func_id_name(BPF_FUNC_MAX_ID) && !bpf_func_id_name(~0u));
	for (id = 0; id < BPF_FUNC_MAX_ID; id++)
		CHECK_EQ(bpf_func_id_by_name(bpf_func_id_name(id)), (int)id);
	CHECK_EQ(bpf_func_id_by_name("no_such_helper"), -1);
	CHECK(!strcmp(bpf_func_id_str(1, buf, sizeof(buf)), "bpf_map_lookup_elem#1"));
	CHECK(!strcmp(bpf_func_id_str(300, buf, sizeof(buf)), "unknown#300"));
	CHECK(!strcmp(eb_bpf_map_type_str(BPF_MAP_TYPE_HASH), "hash"));
	CHECK(!strcmp(eb_bpf_map_type_str(BPF_MAP_TYPE_PERCPU_ARRAY), "percpu_array"));
	CHECK(!strcmp(eb_bpf_map_type_str(BPF_MAP_TYPE_ARRAY_OF_MAPS), "array_of_maps"));
	CHECK(!strcmp(eb_bpf_map_type_str(BPF_MAP_TYPE_RINGBUF), "ringbuf"));
	CHECK(!strcmp(eb_bpf_map_type_str(11), "lpm_trie"));	/* not built */
	CHECK(!strcmp(eb_bpf_map_type_str(0), "unspec"));
	CHECK(!strcmp(eb_bpf_map_type_str(33), "arena"));
	CHECK(!eb_bpf_map_type_str(34));
}

/* The header's names of what ___BPF_FUNC_MAPPER and enum bpf_map_type
 * list, in id order: each FN(name or BPF_MAP_TYPE_NAME line. */
static void
check_header_names(FILE *f)
{
	char line[256], name[64], *p;
	uint32_t fn = 0, map = 0;
	bool in_maps = false;

	while (fgets(line, sizeof(line), f)) {
		if (strstr(line, "enum bpf_map_type {"))
			in_maps = true;
		else if (in_maps && strchr(line, '}'))
			in_maps = false;
		if ((p = strstr(line, "FN(")) && strstr(line, "\\") &&
		    sscanf(p + 3, "%63[a-z0-9_]", name) == 1) {
			if (!CHECK(bpf_func_id_name(fn) &&
				   !strcmp(bpf_func_id_name(fn), name)))
				fprintf(stderr, "  helper %u: %s\n", fn, name);
			fn++;
		}
		if (in_maps && sscanf(line, " BPF_MAP_TYPE_%63[A-Z0-9_]", name) == 1) {
			for (p = name; *p; p++)
				*p = (char)tolower((unsigned char)*p);
			if (!CHECK(eb_bpf_map_type_str(map) &&
				   !strcmp(eb_bpf_map_type_str(map), name)))
				fprintf(stderr, "  map type %u: %s\n", map, name);
			map++;
		}
	}
	CHECK(fn > 200 && fn <= BPF_FUNC_MAX_ID && map > 30);
}

/* Every helper id and map type this machine's Linux header defines is
 * named as there (bpftool's map type names are the enum's, lower case). */
TEST(names_match_the_linux_header)
{
	FILE *f = fopen("/usr/include/linux/bpf.h", "r");

	if (!f) {
		host_test_skip("no /usr/include/linux/bpf.h (apt-get install linux-libc-dev)");
		return;
	}
	check_header_names(f);
	fclose(f);
}

TEST(array_maps)
{
	struct bpf_map *a = map_new(BPF_MAP_TYPE_ARRAY, 4, 12, 3);
	struct bpf_map *pc = map_new(BPF_MAP_TYPE_PERCPU_ARRAY, 4, 8, 2);
	uint32_t k = 2, next, big = 3;
	uint8_t val[12] = { 1, 2, 3 };
	uint64_t one = 1;

	CHECK(a && pc);
	CHECK_EQ(bpf_map_update_elem(a, &k, val, BPF_ANY), 0);
	CHECK(!memcmp(bpf_map_lookup_elem(a, &k), val, 12));
	CHECK_EQ(bpf_map_update_elem(a, &k, val, BPF_NOEXIST), -EEXIST);
	CHECK_EQ(bpf_map_update_elem(a, &big, val, BPF_ANY), -E2BIG);
	CHECK_EQ(bpf_map_update_elem(a, &k, val, 7), -EINVAL);
	CHECK(!bpf_map_lookup_elem(a, &big));
	CHECK_EQ(bpf_map_delete_elem(a, &k), -EINVAL);
	CHECK_EQ(bpf_map_get_next_key(a, NULL, &next), 0);
	CHECK_EQ(next, 0);
	CHECK_EQ(bpf_map_get_next_key(a, &k, &next), -ENOENT);
	/* values are 8-byte aligned (the verifier relies on it) */
	CHECK_EQ((uintptr_t)bpf_map_lookup_elem(a, &(uint32_t){ 1 }) % 8, 0);
	k = 1;
	CHECK_EQ(bpf_map_update_elem(pc, &k, &one, BPF_ANY), 0);
	CHECK_EQ(*(uint64_t *)bpf_map_lookup_percpu_elem(pc, &k, 0), 1);
	CHECK_EQ(*(uint64_t *)bpf_map_lookup_percpu_elem(pc, &k, 1), 0);
	CHECK(!bpf_map_lookup_percpu_elem(pc, &k, EB_MAX_CPUS));
	bpf_map_free(a);
	bpf_map_free(pc);
}

TEST(hash_maps)
{
	struct bpf_map *h = map_new(BPF_MAP_TYPE_HASH, 6, 4, 3);
	uint8_t key[6] = { 0 }, next[6];
	uint32_t v, seen = 0;

	CHECK(h != NULL);
	if (!h)
		return;
	for (v = 0; v < 3; v++) {
		key[0] = v;
		CHECK_EQ(bpf_map_update_elem(h, key, &v, BPF_NOEXIST), 0);
	}
	key[0] = 9;
	CHECK_EQ(bpf_map_update_elem(h, key, &v, BPF_ANY), -E2BIG);	/* full */
	CHECK_EQ(bpf_map_update_elem(h, key, &v, BPF_EXIST), -ENOENT);
	CHECK(!bpf_map_lookup_elem(h, key));
	key[0] = 1;
	CHECK_EQ(*(uint32_t *)bpf_map_lookup_elem(h, key), 1);
	CHECK_EQ(bpf_map_update_elem(h, key, &v, BPF_NOEXIST), -EEXIST);
	CHECK_EQ(bpf_map_delete_elem(h, key), 0);
	CHECK_EQ(bpf_map_delete_elem(h, key), -ENOENT);
	key[0] = 9;
	v = 99;
	CHECK_EQ(bpf_map_update_elem(h, key, &v, BPF_ANY), 0);	/* reuses */
	/* iteration visits every key once: 0, 2, 9 */
	for (int r = bpf_map_get_next_key(h, NULL, next); !r;
	     r = bpf_map_get_next_key(h, next, next))
		seen |= 1u << next[0];
	CHECK_EQ(seen, 1u << 0 | 1u << 2 | 1u << 9);
	bpf_map_free(h);
}

/* An LRU map under pressure keeps its newest keys: with room for 8, after
 * 100 keys, each looked up or updated as it comes, the last 8 are there;
 * a key looked up again stays while newer ones push older ones out. The
 * same sequence against a model of exact least-recent-use order. */
TEST(lru_hash_keeps_its_newest_entries)
{
	struct bpf_map *m = map_new(BPF_MAP_TYPE_LRU_HASH, 4, 8, 8);
	uint32_t k;
	uint64_t v;

	if (!CHECK(m != NULL))
		return;
	for (k = 0; k < 100; k++) {
		v = k * 10;
		CHECK_EQ(bpf_map_update_elem(m, &k, &v, BPF_ANY), 0);
		uint32_t keep = 3;	/* looked up every round: never evicted */
		if (k >= 3)
			CHECK(bpf_map_lookup_elem(m, &keep));
	}
	unsigned there = 0;
	for (k = 0; k < 100; k++)
		there += bpf_map_lookup_elem(m, &k) != NULL;
	CHECK_EQ(there, 8);
	k = 3;
	CHECK(bpf_map_lookup_elem(m, &k) &&
	      *(uint64_t *)bpf_map_lookup_elem(m, &k) == 30);
	for (k = 93; k < 100; k++)	/* the 7 newest, with 3 */
		CHECK(bpf_map_lookup_elem(m, &k) &&
		      *(uint64_t *)bpf_map_lookup_elem(m, &k) == k * 10);
	k = 92;
	CHECK(!bpf_map_lookup_elem(m, &k));
	CHECK_EQ(bpf_map_delete_elem(m, &k), -ENOENT);
	k = 95;
	CHECK_EQ(bpf_map_delete_elem(m, &k), 0);
	v = 1;
	k = 200;
	CHECK_EQ(bpf_map_update_elem(m, &k, &v, BPF_NOEXIST), 0);	/* the freed slot */
	k = 93;
	CHECK(bpf_map_lookup_elem(m, &k));	/* nothing evicted for it */
	bpf_map_free(m);
}

/* A per-cpu hash: each hart's value apart; a new key starts at zero on
 * the other harts. */
TEST(percpu_hash_keeps_a_value_per_hart)
{
	struct bpf_map *m = map_new(BPF_MAP_TYPE_PERCPU_HASH, 4, 8, 4);
	uint32_t k = 7;
	uint64_t v = 5;

	if (!CHECK(m != NULL))
		return;
	CHECK_EQ(bpf_map_update_elem(m, &k, &v, BPF_ANY), 0);	/* this hart: 0 */
	uint64_t *mine = bpf_map_lookup_percpu_elem(m, &k, 0);
	uint64_t *other = bpf_map_lookup_percpu_elem(m, &k, 1);
	CHECK(mine && other && mine != other);
	CHECK(mine && *mine == 5 && other && *other == 0);
	CHECK(bpf_map_lookup_elem(m, &k) == mine);
	CHECK(!bpf_map_lookup_percpu_elem(m, &k, EB_MAX_CPUS));
	bpf_map_free(m);
}

static unsigned rb_seen, rb_bad;

/* Each record is its sequence number, then that many bytes of it. */
static int
rb_check(void *arg, const void *data, size_t len)
{
	const uint8_t *d = data;

	rb_bad += len < 4 || *(const uint32_t *)d != rb_seen ||
		  len != 4 + rb_seen % 61;
	for (size_t i = 4; i < len; i++)
		rb_bad += d[i] != (uint8_t)rb_seen;
	rb_seen++;
	return 0;
}

/* A ring buffer through its helpers: records read back in order and
 * whole across many wrap-arounds; a full ring refuses with -EAGAIN and
 * counts the loss; the query helper's positions. */
TEST(ringbuf_records_in_order_and_full_refuses)
{
	struct bpf_map_def def = { BPF_MAP_TYPE_RINGBUF, 0, 0, 4096, 0 };
	const struct bpf_func_proto *out = bpf_helper_proto(130);
	const struct bpf_func_proto *query = bpf_helper_proto(134);
	struct bpf_map *rb;
	char err[128];
	uint8_t rec[64];
	uint64_t lost;
	unsigned sent = 0;

	if (!CHECK(bpf_map_create(&def, "rb", &rb, err, sizeof err) == 0))
		return;
	rb_seen = rb_bad = 0;
	for (int round = 0; round < 200; round++) {
		for (int k = 0; k < 7; k++, sent++) {
			*(uint32_t *)rec = sent;
			memset(rec + 4, (uint8_t)sent, sent % 61);
			CHECK_EQ((int64_t)out->func((uintptr_t)rb, (uintptr_t)rec,
						    4 + sent % 61, 0, 0), 0);
		}
		CHECK_EQ(eb_bpf_ringbuf_consume(rb, rb_check, NULL, &lost), 7);
	}
	CHECK_EQ(rb_seen, sent);
	CHECK_EQ(rb_bad, 0);
	CHECK_EQ(lost, 0);
	CHECK_EQ(query->func((uintptr_t)rb, 1, 0, 0, 0), 4096);
	CHECK_EQ(query->func((uintptr_t)rb, 0, 0, 0, 0), 0);	/* all read */
	unsigned fit = 0;
	while ((int64_t)out->func((uintptr_t)rb, (uintptr_t)rec, 56, 0, 0) == 0)
		fit++;
	/* 8-byte header + 56 bytes each; as Linux, the producer stays less
	 * than a whole ring ahead: 63 fit, and 16 bytes more, not 64 */
	CHECK_EQ(fit, 4096 / 64 - 1);
	CHECK_EQ((int64_t)out->func((uintptr_t)rb, (uintptr_t)rec, 8, 0, 0), 0);
	CHECK_EQ((int64_t)out->func((uintptr_t)rb, (uintptr_t)rec, 48, 0, 0),
		 -EAGAIN);
	CHECK_EQ(query->func((uintptr_t)rb, 0, 0, 0, 0), 4096 - 48);
	rb_seen = 0;
	eb_bpf_ringbuf_consume(rb, rb_check, NULL, &lost);
	CHECK_EQ(lost, 2);
	bpf_map_free(rb);
	struct bpf_map *odd = NULL;
	def.max_entries = 5000;		/* not a power of two */
	CHECK_EQ(bpf_map_create(&def, "odd", &odd, err, sizeof err), -EINVAL);
	CHECK(!odd);
}

/* What a reader got: each record's first byte and length. */
struct rb_got {
	unsigned n;
	uint8_t first[16];
	size_t len[16];
	unsigned bad;	/* rb_counting: records not counting up */
};

static int
rb_collect(void *arg, const void *data, size_t len)
{
	struct rb_got *g = arg;

	if (g->n < 16) {
		g->first[g->n] = len ? *(const uint8_t *)data : 0;
		g->len[g->n] = len;
	}
	g->n++;
	return 0;
}

/* rb_collect, and checks each byte is one more than the one before. */
static int
rb_counting(void *arg, const void *data, size_t len)
{
	const uint8_t *d = data;
	struct rb_got *g = arg;

	for (size_t i = 1; i < len; i++)
		g->bad += d[i] != (uint8_t)(d[0] + i);
	return rb_collect(arg, data, len);
}

static struct bpf_map *
rb_create(void)
{
	struct bpf_map_def def = { BPF_MAP_TYPE_RINGBUF, 0, 0, 4096, 0 };
	struct bpf_map *rb = NULL;
	char err[128];

	CHECK(bpf_map_create(&def, "rb", &rb, err, sizeof err) == 0);
	return rb;
}

/* Reserve, submit and discard through the helpers: records come in the
 * order they were reserved, whatever the order of their submits; the
 * reader stops at one not yet submitted and skips a discarded one. */
TEST(ringbuf_reserve_submit_discard_keep_order)
{
	const struct bpf_func_proto *reserve = bpf_helper_proto(131);
	const struct bpf_func_proto *submit = bpf_helper_proto(132);
	const struct bpf_func_proto *discard = bpf_helper_proto(133);
	const struct bpf_func_proto *query = bpf_helper_proto(134);
	struct bpf_map *rb = rb_create();
	struct rb_got got = { 0 };
	uint64_t lost;

	if (!rb)
		return;
	uint8_t *r1 = (uint8_t *)(uintptr_t)reserve->func((uintptr_t)rb, 16, 0, 0, 0);
	uint8_t *r2 = (uint8_t *)(uintptr_t)reserve->func((uintptr_t)rb, 20, 0, 0, 0);
	uint8_t *r3 = (uint8_t *)(uintptr_t)reserve->func((uintptr_t)rb, 8, 0, 0, 0);
	if (!CHECK(r1 && r2 && r3))
		return;
	CHECK(r2 == r1 + 24 && r3 == r2 + 32);	/* header + padded length */
	CHECK_EQ(query->func((uintptr_t)rb, 3, 0, 0, 0), 24 + 32 + 16);
	memset(r2, 2, 20);
	submit->func((uintptr_t)r2, 0, 0, 0, 0);
	CHECK_EQ(eb_bpf_ringbuf_consume(rb, rb_collect, &got, &lost), 0);
	CHECK_EQ(got.n, 0);	/* record 1 is not ready: 2 waits for it */
	CHECK_EQ(query->func((uintptr_t)rb, 0, 0, 0, 0), 24 + 32 + 16);
	memset(r1, 1, 16);
	submit->func((uintptr_t)r1, 2, 0, 0, 0);	/* FORCE_WAKEUP: ignored */
	CHECK_EQ(eb_bpf_ringbuf_consume(rb, rb_collect, &got, &lost), 2);
	CHECK(got.n == 2 && got.first[0] == 1 && got.len[0] == 16 &&
	      got.first[1] == 2 && got.len[1] == 20);
	CHECK_EQ(query->func((uintptr_t)rb, 0, 0, 0, 0), 16);	/* r3's */
	memset(r3, 3, 8);
	discard->func((uintptr_t)r3, 0, 0, 0, 0);
	uint8_t *r4 = (uint8_t *)(uintptr_t)reserve->func((uintptr_t)rb, 1, 0, 0, 0);
	if (!CHECK(r4))
		return;
	*r4 = 4;
	submit->func((uintptr_t)r4, 1, 0, 0, 0);	/* NO_WAKEUP: ignored */
	CHECK_EQ(eb_bpf_ringbuf_consume(rb, rb_collect, &got, &lost), 1);
	CHECK(got.n == 3 && got.first[2] == 4 && got.len[2] == 1);
	CHECK_EQ(query->func((uintptr_t)rb, 0, 0, 0, 0), 0);	/* 3 skipped */
	CHECK_EQ(query->func((uintptr_t)rb, 2, 0, 0, 0), 24 + 32 + 16 + 16);
	CHECK_EQ(lost, 0);
	bpf_map_free(rb);
}

/* A full ring: reserve gives NULL and counts the loss, as output does;
 * room held by a reserved record is not reused until the reader has
 * passed it, even when discarded. flags other than 0 and records over
 * half the ring are refused without counting. */
TEST(ringbuf_reserve_full_and_refusals)
{
	struct bpf_map *rb = rb_create();
	struct rb_got got = { 0 };
	uint64_t lost;
	void *rec[64];
	unsigned fit = 0;

	if (!rb)
		return;
	CHECK(!eb_ringbuf_reserve(rb, 8, 1));
	CHECK(!eb_ringbuf_reserve(rb, 2049, 0));
	void *big = eb_ringbuf_reserve(rb, 2048, 0);	/* half: fits */
	CHECK(big != NULL);
	CHECK_EQ(eb_bpf_ringbuf_consume(rb, rb_collect, &got, &lost), 0);
	CHECK_EQ(lost, 0);
	while (fit < 64 && (rec[fit] = eb_ringbuf_reserve(rb, 24, 0)))
		fit++;
	/* 2056 bytes held, then 32 a record while the producer stays
	 * less than a whole ring (4096) ahead: 63, to 4072 */
	CHECK_EQ(fit, 63);
	CHECK(!eb_ringbuf_reserve(rb, 16, 0));	/* 24 more: 4096 */
	CHECK_EQ(eb_bpf_ringbuf_consume(rb, rb_collect, &got, &lost), 0);
	CHECK_EQ(lost, 2);
	for (unsigned i = 0; i < fit; i++)
		eb_ringbuf_commit(rec[i], i % 2);
	CHECK(!eb_ringbuf_reserve(rb, 16, 0));	/* the big one holds all */
	CHECK_EQ(eb_bpf_ringbuf_consume(rb, rb_collect, &got, &lost), 0);
	CHECK_EQ(lost, 3);
	eb_ringbuf_commit(big, true);
	CHECK_EQ(eb_bpf_ringbuf_consume(rb, rb_collect, &got, &lost), 32);
	CHECK(eb_ringbuf_reserve(rb, 16, 0) != NULL);	/* room again */
	bpf_map_free(rb);
}

/* A record reserved across the end of the ring is one piece of memory,
 * read back whole; the records after it land at the start. */
TEST(ringbuf_reserve_wraps_around)
{
	struct bpf_map *rb = rb_create();
	struct rb_got got = { 0 };
	uint64_t lost;

	if (!rb)
		return;
	for (int i = 0; i < 4; i++) {	/* 4 x 1016 bytes: prod at 4064 */
		uint8_t *r = eb_ringbuf_reserve(rb, 1008, 0);
		if (!CHECK(r))
			return;
		eb_ringbuf_commit(r, false);
	}
	CHECK_EQ(eb_bpf_ringbuf_consume(rb, rb_collect, &got, &lost), 4);
	uint8_t *w = eb_ringbuf_reserve(rb, 200, 0);	/* 4072..4279 */
	uint8_t *after = eb_ringbuf_reserve(rb, 8, 0);	/* 4280 = 184 */
	if (!CHECK(w && after))
		return;
	CHECK(after < w);
	for (int i = 0; i < 200; i++)
		w[i] = (uint8_t)(i + 1);
	for (int i = 0; i < 8; i++)
		after[i] = (uint8_t)(0xa0 + i);
	eb_ringbuf_commit(after, false);
	eb_ringbuf_commit(w, false);
	got.n = 0;
	CHECK_EQ(eb_bpf_ringbuf_consume(rb, rb_counting, &got, &lost), 2);
	CHECK_EQ(got.n, 2);
	CHECK_EQ(got.bad, 0);
	CHECK(got.len[0] == 200 && got.first[0] == 1 && got.len[1] == 8 &&
	      got.first[1] == 0xa0);
	CHECK_EQ(lost, 0);
	bpf_map_free(rb);
}

TEST(map_create_refuses_bad_definitions)
{
	struct bpf_map_def def = { BPF_MAP_TYPE_ARRAY, 8, 8, 4, 0 };
	struct bpf_map *m;
	char err[128];

	CHECK_EQ(bpf_map_create(&def, NULL, &m, err, sizeof(err)), -EINVAL);
	CHECK(!strcmp(err, "array map key_size is 8, not 4"));
	def = (struct bpf_map_def){ 11, 4, 8, 4, 0 };
	CHECK_EQ(bpf_map_create(&def, NULL, &m, err, sizeof(err)), -EINVAL);
	CHECK(!strcmp(err, "map type lpm_trie is not supported"));
	def = (struct bpf_map_def){ BPF_MAP_TYPE_HASH, 4, 8, 4, 2 };
	CHECK_EQ(bpf_map_create(&def, NULL, &m, err, sizeof(err)), -EINVAL);
	def = (struct bpf_map_def){ BPF_MAP_TYPE_HASH, 4, 0, 4, 0 };
	CHECK_EQ(bpf_map_create(&def, NULL, &m, err, sizeof(err)), -EINVAL);
	def = (struct bpf_map_def){ BPF_MAP_TYPE_ARRAY, 4, 1u << 20, 1u << 12, 0 };
	CHECK_EQ(bpf_map_create(&def, NULL, &m, err, sizeof(err)), -E2BIG);
}

/* libbpf-tools' hashes ask BPF_F_NO_PREALLOC (Linux allocates their
 * elements at update then): taken by the hashes, which allocate all at
 * creation still; refused, as Linux refuses it, by the other types */
TEST(map_create_takes_no_prealloc_for_hashes)
{
	static const uint32_t takes[] = { BPF_MAP_TYPE_HASH,
		BPF_MAP_TYPE_PERCPU_HASH }, refuses[] = { BPF_MAP_TYPE_ARRAY,
		BPF_MAP_TYPE_PERCPU_ARRAY, BPF_MAP_TYPE_LRU_HASH,
		BPF_MAP_TYPE_LRU_PERCPU_HASH, BPF_MAP_TYPE_STACK_TRACE };
	struct bpf_map_def def;
	struct bpf_map *m;
	uint32_t k = 3;
	uint64_t v = 7, *got;
	char err[128];
	int r;

	for (size_t i = 0; i < sizeof(takes) / sizeof(takes[0]); i++) {
		def = (struct bpf_map_def){ .type = takes[i], .key_size = 4,
			.value_size = 8, .max_entries = 4,
			.map_flags = BPF_F_NO_PREALLOC };
		r = bpf_map_create(&def, NULL, &m, err, sizeof(err));
		CHECK_EQ(r, 0);
		if (r)
			continue;
		CHECK_EQ(bpf_map_update_elem(m, &k, &v, BPF_NOEXIST), 0);
		got = bpf_map_lookup_elem(m, &k);
		CHECK(got && *got == 7);
		bpf_map_free(m);
	}
	for (size_t i = 0; i < sizeof(refuses) / sizeof(refuses[0]); i++) {
		def = (struct bpf_map_def){ .type = refuses[i], .key_size = 4,
			.value_size = 8, .max_entries = 4,
			.map_flags = BPF_F_NO_PREALLOC };
		CHECK_EQ(bpf_map_create(&def, NULL, &m, err, sizeof(err)), -EINVAL);
		CHECK(!strcmp(err, "map_flags 0x1 are not supported"));
	}
}

/* The command: text -> bytes -> text -> bytes, and an error's status;
 * run in $BPF_HOST_DIR (the suite's command names the build's host
 * folder, where the tool is; build/host by default). */
TEST(bpf_asm_command)
{
	const char *dir = getenv("BPF_HOST_DIR") ?: "build/host";
	char path[256], cmd[1024], cmp[64];
	FILE *f;
	int r;

	snprintf(path, sizeof(path), "%s/bpf-asm-test.s", dir);
	if (!CHECK((f = fopen(path, "w"))))
		return;
	fputs("start:\nmov %r0, 3\nlddw %r1, 0x8000000000000000\n"
	      "jne %r0, 3, start\nlock fetch add [%r10-8], %r1\nexit\n", f);
	fclose(f);
	snprintf(cmd, sizeof(cmd),
		 "cd %s && tools/bpf-asm -o bpf-asm-test.bin bpf-asm-test.s && "
		 "tools/bpf-asm -d -o bpf-asm-test.txt bpf-asm-test.bin && "
		 "tools/bpf-asm bpf-asm-test.txt | cmp -s - bpf-asm-test.bin", dir);
	r = system(cmd);
	CHECK_EQ(r, 0);
	snprintf(path, sizeof(path), "%s/bpf-asm-test.txt", dir);
	f = fopen(path, "r");
	CHECK(f && fgets(cmp, sizeof(cmp), f) && !strcmp(cmp, "mov %r0, 3\n"));
	if (f)
		fclose(f);
	snprintf(cmd, sizeof(cmd), "echo 'mov %%r0, %%r99' | %s/tools/bpf-asm >/dev/null 2>&1",
		 dir);
	r = system(cmd);
	CHECK(WIFEXITED(r) && WEXITSTATUS(r) == 1);
}

/* --- concurrency: threads stand in for harts --------------------------- */

#define THREADS 4
#define ROUNDS 200000

struct worker {
	pthread_t tid;
	struct bpf_prog *prog;
	struct bpf_map *map;
	unsigned seed;
	int errors;
};

static void *
run_atomic_adds(void *arg)
{
	struct worker *w = arg;

	for (int i = 0; i < ROUNDS; i++)
		bpf_prog_run(w->prog, NULL);
	return NULL;
}

TEST(atomic_adds_from_concurrent_runs_all_count)
{
	struct bpf_map *arr = map_new(BPF_MAP_TYPE_ARRAY, 4, 16, 1);
	struct worker w[THREADS];
	uint32_t zero = 0;
	uint64_t *v;
	char err[256];
	struct bpf_prog *prog = load(
		"lddw %r1, map_value(0)+0\n"
		"mov %r2, 1\n"
		"lock add [%r1+0], %r2\n"
		"mov %r2, 1\n"
		"lock add32 [%r1+8], %r2\n"
		"mov %r0, 0\n"
		"exit\n", &arr, 1, true, err, sizeof(err));

	if (!CHECK(prog != NULL)) {
		fprintf(stderr, "  %s\n", err);
		return;
	}
	for (int i = 0; i < THREADS; i++) {
		w[i].prog = prog;
		pthread_create(&w[i].tid, NULL, run_atomic_adds, &w[i]);
	}
	for (int i = 0; i < THREADS; i++)
		pthread_join(w[i].tid, NULL);
	v = bpf_map_lookup_elem(arr, &zero);
	CHECK_EQ(v[0], THREADS * ROUNDS);
	CHECK_EQ((uint32_t)v[1], THREADS * ROUNDS);
	bpf_prog_free(prog);
	bpf_map_free(arr);
}

/* Each thread inserts, checks and deletes its own keys while the others
 * churn theirs: a lost update, a stolen element or a broken chain shows
 * up as a missing or wrong value. */
static void *
churn_hash(void *arg)
{
	struct worker *w = arg;

	for (int i = 0; i < ROUNDS / 4; i++) {
		uint64_t key = (uint64_t)w->seed << 32 | (i % 8), val = key ^ i;
		uint64_t *v;

		if (bpf_map_update_elem(w->map, &key, &val, BPF_NOEXIST))
			w->errors++;
		v = bpf_map_lookup_elem(w->map, &key);
		if (!v || *v != val)
			w->errors++;
		if (bpf_map_delete_elem(w->map, &key))
			w->errors++;
	}
	return NULL;
}

TEST(hash_map_concurrent_churn)
{
	/* exactly enough elements for one key in flight per thread */
	struct bpf_map *h = map_new(BPF_MAP_TYPE_HASH, 8, 8, THREADS);
	struct worker w[THREADS];
	uint64_t key;

	for (int i = 0; i < THREADS; i++) {
		w[i] = (struct worker){ .map = h, .seed = i + 1 };
		pthread_create(&w[i].tid, NULL, churn_hash, &w[i]);
	}
	for (int i = 0; i < THREADS; i++) {
		pthread_join(w[i].tid, NULL);
		CHECK_EQ(w[i].errors, 0);
	}
	CHECK_EQ(bpf_map_get_next_key(h, NULL, &key), -ENOENT);
	/* every element went back to the free list */
	for (key = 0; key < THREADS; key++)
		CHECK_EQ(bpf_map_update_elem(h, &key, &key, BPF_NOEXIST), 0);
	CHECK_EQ(bpf_map_update_elem(h, &key, &key, BPF_NOEXIST), -E2BIG);
	bpf_map_free(h);
}

/* --- the whole encoding space ----------------------------------------- */

/* Random instructions, fields often zero so that many decode. */
static struct bpf_insn
random_insn(unsigned *seed)
{
	struct bpf_insn in;
	int r = rand_r(seed);

	in.code = rand_r(seed);
	in.dst_reg = r & 1 ? rand_r(seed) % 11 : 0;
	in.src_reg = r & 2 ? rand_r(seed) % 11 : 0;
	in.off = r & 4 ? (int16_t)rand_r(seed) : r & 8 ? (rand_r(seed) % 5) * 8 : 0;
	in.imm = r & 16 ? (int32_t)(rand_r(seed) * 2u + (r & 32)) :
		 r & 64 ? 16 << (rand_r(seed) % 3) : 0;
	return in;
}

/* Every instruction the disassembler accepts assembles back from its text
 * to the same bytes: the two agree on the whole encoding space, not only
 * on what the conformance cases use. */
TEST(disasm_asm_agree_on_random_encodings)
{
	unsigned seed = 1, valid = 0, bad = 0;

	for (int i = 0; i < 300000; i++) {
		struct bpf_insn in[2] = { random_insn(&seed), { 0 } }, *out;
		char text[128], err[256];
		size_t len;
		int n;

		in[1].imm = i & 2 ? (int32_t)(rand_r(&seed) * 2u + (i & 4)) : 0;
		if (in[0].code == (BPF_LD | BPF_IMM | BPF_DW) && !(i & 1))
			in[0].src_reg = i % 7;
		n = bpf_disasm_insn(in, 0, 2, text, sizeof(text));
		if (n < 0)
			continue;
		valid++;
		if (bpf_asm(text, &out, &len, err, sizeof(err))) {
			if (bad++ < 5)
				printf("  '%s': %s\n", text, err);
			continue;
		}
		if (len != (size_t)n || memcmp(out, in, n * sizeof(*in))) {
			if (bad++ < 5)
				printf("  '%s' assembles to other bytes\n", text);
		}
		free(out);
	}
	printf("  %u valid encodings round-tripped, %u failed\n", valid, bad);
	CHECK_EQ(bad, 0);
	CHECK(valid > 10000);
}

/* --- ALU and jumps against RFC 9669, on edge values ------------------- */

static const uint64_t edge[] = {
	0, 1, 2, 7, 31, 32, 63, 64, 0x7f, 0x80, 0xff, 0x8000, 0xffff,
	0x7fffffff, 0x80000000, 0xffffffff, 0x100000000, 0x123456789abcdef0,
	0x7fffffffffffffff, 0x8000000000000000, 0x8000000000000001,
	(uint64_t)-1, (uint64_t)-2, (uint64_t)-7, 0xffffffff80000000,
};
#define NEDGE (sizeof(edge) / sizeof(edge[0]))

/* The RFC's definition of ALU op (BPF_OP) on dst a and source b, where b
 * is already what the source means (imm sign-extended for ALU64). */
static uint64_t
rfc_alu(int op, bool is64, int off, uint64_t a, uint64_t b)
{
	unsigned bits = is64 ? 64 : 32;
	uint64_t mask = is64 ? ~0ull : 0xffffffffull, r;
	int64_t sa = is64 ? (int64_t)a : (int32_t)a;
	int64_t sb = is64 ? (int64_t)b : (int32_t)b;

	a &= mask;
	b &= mask;
	switch (op) {
	case BPF_ADD: r = a + b; break;
	case BPF_SUB: r = a - b; break;
	case BPF_MUL: r = a * b; break;
	case BPF_OR: r = a | b; break;
	case BPF_AND: r = a & b; break;
	case BPF_XOR: r = a ^ b; break;
	case BPF_LSH: r = a << (b & (bits - 1)); break;
	case BPF_RSH: r = a >> (b & (bits - 1)); break;
	case BPF_ARSH: r = (uint64_t)(sa >> (b & (bits - 1))); break;
	case BPF_NEG: r = -a; break;
	case BPF_MOV:
		r = off == 8 ? (uint64_t)(int8_t)b : off == 16 ? (uint64_t)(int16_t)b
		  : off == 32 ? (uint64_t)(int32_t)b : b;
		break;
	case BPF_DIV:
		if (!off)
			r = b ? a / b : 0;
		else if (!sb)
			r = 0;
		else if (sb == -1)
			r = -(uint64_t)sa;	/* INT_MIN / -1 = INT_MIN */
		else
			r = sa / sb;
		break;
	default:	/* BPF_MOD */
		if (!off)
			r = b ? a % b : a;
		else if (!sb)
			r = a;
		else if (sb == -1)
			r = 0;
		else
			r = sa % sb;
	}
	return r & mask;
}

static bool
rfc_jmp(int op, bool is32, uint64_t a, uint64_t b)
{
	int64_t sa = is32 ? (int32_t)a : (int64_t)a;
	int64_t sb = is32 ? (int32_t)b : (int64_t)b;

	if (is32)
		a = (uint32_t)a, b = (uint32_t)b;
	switch (op) {
	case BPF_JEQ: return a == b;
	case BPF_JNE: return a != b;
	case BPF_JGT: return a > b;
	case BPF_JGE: return a >= b;
	case BPF_JLT: return a < b;
	case BPF_JLE: return a <= b;
	case BPF_JSET: return a & b;
	case BPF_JSGT: return sa > sb;
	case BPF_JSGE: return sa >= sb;
	case BPF_JSLT: return sa < sb;
	default: return sa <= sb;	/* BPF_JSLE */
	}
}

#define INSN(code, dst, src, off, imm) \
	((struct bpf_insn){ (code), (dst), (src), (off), (imm) })

/* r0 = a; r1 = b; then op (ALU: on r0; jumps: r0 = whether op, comparing
 * r2 = a, is taken); exit. Runs it unverified: it is straight-line. */
static uint64_t
run_one(struct bpf_insn op, uint64_t a, uint64_t b, bool jump)
{
	struct bpf_insn p[10] = {
		INSN(BPF_LD | BPF_IMM | BPF_DW, 0, 0, 0, (int32_t)a),
		INSN(0, 0, 0, 0, (int32_t)(a >> 32)),
		INSN(BPF_LD | BPF_IMM | BPF_DW, 1, 0, 0, (int32_t)b),
		INSN(0, 0, 0, 0, (int32_t)(b >> 32)),
		op,
		INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
	};
	struct bpf_verifier_env env = { 0 };
	struct bpf_prog *prog = NULL;
	size_t len = 6;
	uint64_t r0 = ~0ull;

	if (jump) {
		p[4] = INSN(BPF_ALU64 | BPF_MOV | BPF_X, 2, 0, 0, 0);
		p[5] = INSN(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 0);
		p[6] = op;
		p[7] = INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
		p[8] = INSN(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 1);
		p[9] = INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
		len = 10;
	}
	if (!bpf_prog_create_env(p, len, &env, &prog, NULL, 0) &&
	    !bpf_prog_prepare(prog, NULL, 0))
		r0 = bpf_prog_run(prog, NULL);
	bpf_prog_free(prog);
	return r0;
}

/* Every ALU operation (with its off variants: sdiv, smod, movsx) and
 * every conditional jump, 32 and 64 bits, register and immediate source,
 * on all pairs of edge values: the interpreter gives the RFC's result. */
TEST(alu_and_jumps_match_rfc_on_edge_values)
{
	static const struct { int op, off; } alu[] = {
		{ BPF_ADD, 0 }, { BPF_SUB, 0 }, { BPF_MUL, 0 }, { BPF_DIV, 0 },
		{ BPF_DIV, 1 }, { BPF_OR, 0 }, { BPF_AND, 0 }, { BPF_LSH, 0 },
		{ BPF_RSH, 0 }, { BPF_NEG, 0 }, { BPF_MOD, 0 }, { BPF_MOD, 1 },
		{ BPF_XOR, 0 }, { BPF_MOV, 0 }, { BPF_MOV, 8 }, { BPF_MOV, 16 },
		{ BPF_MOV, 32 }, { BPF_ARSH, 0 },
	};
	static const int jmp[] = { BPF_JEQ, BPF_JGT, BPF_JGE, BPF_JSET, BPF_JNE,
				   BPF_JSGT, BPF_JSGE, BPF_JLT, BPF_JLE,
				   BPF_JSLT, BPF_JSLE };
	unsigned runs = 0, wrong = 0;

	for (size_t i = 0; i < NEDGE * NEDGE; i++)
	for (int v = 0; v < 4; v++) {
		uint64_t a = edge[i / NEDGE], b = edge[i % NEDGE];
		bool is64 = v & 1, reg = v & 2;
		int32_t imm = reg ? 0 : (int32_t)b;
		/* the source as the RFC reads it: imm sign-extended */
		uint64_t src = reg ? b : (uint64_t)(int64_t)(int32_t)b;

		for (size_t k = 0; k < sizeof(alu) / sizeof(alu[0]); k++) {
			int op = alu[k].op, off = alu[k].off;
			struct bpf_insn in = INSN((is64 ? BPF_ALU64 : BPF_ALU) | op |
						  (reg ? BPF_X : BPF_K), 0, reg,
						  off, op == BPF_NEG ? 0 : imm);
			uint64_t want = rfc_alu(op, is64, off, a, src);

			if (op == BPF_NEG && reg)
				continue;	/* no such encoding */
			if (op == BPF_MOV && off && (!reg || (!is64 && off == 32)))
				continue;
			runs++;
			if (run_one(in, a, b, false) != want && wrong++ < 5)
				printf("  code 0x%02x off %d: 0x%llx, 0x%llx\n",
				       in.code, off, (unsigned long long)a,
				       (unsigned long long)src);
		}
		for (size_t k = 0; k < sizeof(jmp) / sizeof(jmp[0]); k++) {
			struct bpf_insn in = INSN((is64 ? BPF_JMP : BPF_JMP32) |
						  jmp[k] | (reg ? BPF_X : BPF_K),
						  2, reg, 1, imm);

			runs++;
			if (run_one(in, a, b, true) != rfc_jmp(jmp[k], !is64, a, src) &&
			    wrong++ < 5)
				printf("  code 0x%02x: 0x%llx, 0x%llx\n", in.code,
				       (unsigned long long)a, (unsigned long long)src);
		}
	}
	printf("  %u operations checked, %u wrong\n", runs, wrong);
	CHECK_EQ(wrong, 0);
	CHECK(runs > 30000);
}
