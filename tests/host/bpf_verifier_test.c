/*
 * The verifier's own suite: unsafe programs, each refused for its reason
 * (the test pins a distinctive part of the message), and safe programs
 * accepted. Programs are written in the assembler's text (asm.h). The
 * environment is a tracing-like program type: a 64-byte read-only
 * context, and five maps:
 *   map 0: array, key 4 bytes, value 16 bytes, 1 entry (direct values)
 *   map 1: hash, key 8 bytes, value 32 bytes
 *   map 2: array, key 4 bytes, value 8 bytes, 4 entries
 *   map 3: ring buffer, 4096 bytes
 *   map 4: perf event array, 4 slots
 * and helpers 1000/1001 for argument kinds Linux's helpers here lack.
 * Tests named join_* build two paths that meet, the first safe and long
 * enough for its state to be stored, the second not: pruning must not
 * let the second through. Then programs compiled by clang, and the
 * conformance suite's cases, must all be accepted.
 * bpf_verifier_scalar_test.c checks the value tracking against the
 * interpreter on random values.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <ebreak/errno.h>
#include <ebreak/port.h>
#include "bpf/asm.h"
#include "bpf/map.h"
#include "bpf/verifier.h"
#include "test.h"

static struct bpf_map *maps[5];

static uint64_t
test_helper(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5)
{
	return 0;
}

/* Linux's helpers, plus two with argument kinds none of them has:
 * 1000 output(ctx, mem, size > 0), 1001 hash(mem, size >= 0). */
static const struct bpf_func_proto *
test_proto(uint32_t id)
{
	static const struct bpf_func_proto output = {
		.func = test_helper, .ret_type = RET_INTEGER,
		.arg_type = { ARG_PTR_TO_CTX, ARG_PTR_TO_MEM, ARG_CONST_SIZE },
	};
	static const struct bpf_func_proto hash = {
		.func = test_helper, .ret_type = RET_INTEGER,
		.arg_type = { ARG_PTR_TO_MEM, ARG_CONST_SIZE_OR_ZERO },
	};

	if (id == 1000)
		return &output;
	if (id == 1001)
		return &hash;
	return bpf_helper_proto(id);
}

static const struct bpf_verifier_env *
test_env(void)
{
	static const struct bpf_map_def defs[5] = {
		{ BPF_MAP_TYPE_ARRAY, 4, 16, 1, 0 },
		{ BPF_MAP_TYPE_HASH, 8, 32, 16, 0 },
		{ BPF_MAP_TYPE_ARRAY, 4, 8, 4, 0 },
		{ BPF_MAP_TYPE_RINGBUF, 0, 0, 4096, 0 },
		{ BPF_MAP_TYPE_PERF_EVENT_ARRAY, 4, 4, 4, 0 },
	};
	static struct bpf_verifier_env env = {
		.ctx_size = 64, .maps = maps, .nr_maps = 5,
		.get_func_proto = test_proto, .insn_budget = 100000,
	};
	char err[128];
	int i;

	for (i = 0; i < 5 && !maps[i]; i++)
		if (bpf_map_create(&defs[i], "t", &maps[i], err, sizeof(err)))
			fprintf(stderr, "map %d: %s\n", i, err);
	return &env;
}

/* Verifies text under env; returns the verifier's result (or -1000 if it
 * does not assemble), its log in log. */
static int
verify_env(const char *text, const struct bpf_verifier_env *env, char *log,
	   size_t logsize)
{
	struct bpf_insn *insns;
	size_t len;
	int r;

	if (bpf_asm(text, &insns, &len, log, logsize)) {
		fprintf(stderr, "  does not assemble: %s\n", log);
		return -1000;
	}
	r = bpf_verify(insns, len, env, log, logsize, NULL);
	eb_port_free(insns);
	return r;
}

/* The program is refused under env and the log contains reason. */
static void
refused_env(const char *text, const struct bpf_verifier_env *env,
	    const char *reason)
{
	char log[512];
	int r = verify_env(text, env, log, sizeof(log));

	if (r == 0 || !strstr(log, reason)) {
		fprintf(stderr, "  expected refusal containing \"%s\"; got %d: %s\n",
			reason, r, log);
		CHECK(0);
	}
}

/* The program is accepted, and without pruning too (unless that runs
 * out of budget): pruning must not be what made it pass. */
static void
accepted(const char *text)
{
	struct bpf_verifier_env env = *test_env();
	char log[512];
	int r = verify_env(text, &env, log, sizeof(log));

	if (r) {
		fprintf(stderr, "  expected acceptance; got %d: %s\n", r, log);
		CHECK(0);
	}
	env.no_prune = true;
	r = verify_env(text, &env, log, sizeof(log));
	if (r && r != -E2BIG) {
		fprintf(stderr, "  refused without pruning: %s\n", log);
		CHECK(0);
	}
}

/* The program is refused and the log contains reason. */
static void
refused(const char *text, const char *reason)
{
	refused_env(text, test_env(), reason);
}

#define REFUSED(name, reason, text) TEST(name) { refused(text, reason); }
#define ACCEPTED(name, text) TEST(name) { accepted(text); }

/* ---- structure ---------------------------------------------------- */

/* Raw instructions, for encodings the assembler will not produce. */
static void
refused_raw(const struct bpf_insn *insns, size_t len, const char *reason)
{
	char log[512];
	int r = bpf_verify(insns, len, test_env(), log, sizeof(log), NULL);

	if (r == 0 || !strstr(log, reason)) {
		fprintf(stderr, "  expected refusal containing \"%s\"; got %d: %s\n",
			reason, r, log);
		CHECK(0);
	}
}

#define EXIT0 { BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 0 }, \
	      { BPF_JMP | BPF_EXIT, 0, 0, 0, 0 }

TEST(empty_program)
{
	refused_raw(NULL, 0, "empty");
}

TEST(unknown_opcode)
{
	struct bpf_insn p[] = { { 0xff, 0, 0, 0, 0 }, EXIT0 };

	refused_raw(p, 3, "insn 0 (code 0xff): invalid opcode 0xff");
}

TEST(reserved_field_set)
{
	struct bpf_insn p[] = { { BPF_ALU64 | BPF_ADD | BPF_K, 0, 3, 0, 1 }, EXIT0 };

	refused_raw(p, 3, "reserved field src_reg");
}

TEST(lddw_truncated)
{
	struct bpf_insn p[] = { EXIT0, { BPF_LD | BPF_IMM | BPF_DW, 0, 0, 0, 1 } };

	refused_raw(p, 3, "second slot");
}

TEST(jump_into_lddw)
{
	struct bpf_insn p[] = {
		{ BPF_JMP | BPF_JA, 0, 0, 1, 0 },
		{ BPF_LD | BPF_IMM | BPF_DW, 0, 0, 0, 1 }, { 0, 0, 0, 0, 0 },
		EXIT0,
	};

	refused_raw(p, 5, "middle of an lddw");
}

TEST(register_out_of_range)
{
	struct bpf_insn p[] = { { BPF_ALU64 | BPF_MOV | BPF_K, 11, 0, 0, 0 }, EXIT0 };

	refused_raw(p, 3, "r11 does not exist");
}

TEST(kfunc_call)
{
	struct bpf_insn p[] = { { BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_KFUNC_CALL, 0, 1 }, EXIT0 };

	refused_raw(p, 3, "kfunc");
}

REFUSED(call_local_outside, "outside the program",
	"call local +7\n mov %r0, 0\n exit")
REFUSED(jump_backwards_to_minus_one, "jump to -1",
	"ja -2\n mov %r0, 0\n exit")
REFUSED(gotol_outside, "outside the program",
	"ja32 +100\n mov %r0, 0\n exit")

/* Control flow Linux refuses and a JIT relies on: no dead code, no jump
 * across a subprogram's boundary, no subprogram falling into the next. */
REFUSED(unreachable_after_exit, "insn 2 (mov %r10, 0): unreachable instruction",
	"mov %r0, 0\n exit\n mov %r10, 0\n exit")
REFUSED(unreachable_jumped_over, "insn 2 (mov %r0, 2): unreachable",
	"mov %r0, 0\n ja +1\n mov %r0, 2\n exit")
REFUSED(falls_into_subprogram, "insn 1 (mov %r0, 0): the last instruction of the subprogram at 0 is not exit or ja: it falls into the next subprogram at 2",
	"call local f\n mov %r0, 0\n f:\n mov %r0, 1\n exit")
REFUSED(ja_into_subprogram, "insn 1 (ja +3): jump to 5 leaves the subprogram at 0",
	"call local f\n ja g\n exit\n f:\n mov %r0, 1\n mov %r0, 2\n g:\n exit")
REFUSED(jump_back_out_of_subprogram, "insn 4 (ja -2): jump to 3 leaves the subprogram at 4",
	"mov %r0, 0\n call local f\n mov %r0, 1\n l:\n exit\n f:\n ja l")
REFUSED(subprogram_without_exit, "falls through past the end",
	"call local f\n exit\n f:\n mov %r0, 1")

/* ---- registers ----------------------------------------------------- */

REFUSED(uninit_read_alu, "r3 is read before it is written",
	"mov %r0, 0\n add %r0, %r3\n exit")
REFUSED(uninit_dst_alu, "r4 is read before it is written",
	"add %r4, 1\n mov %r0, 0\n exit")
REFUSED(uninit_r0_exit, "r0 is not set before exit",
	"exit")
REFUSED(uninit_r0_one_branch, "r0 is not set before exit",
	"ldxb %r2, [%r1+0]\n jeq %r2, 0, +1\n mov %r0, 1\n exit")
REFUSED(uninit_cond_operand, "r5 is read before it is written",
	"mov %r0, 0\n jeq %r5, 0, +0\n exit")
REFUSED(uninit_store_value, "r7 is read before it is written",
	"stxdw [%r10-8], %r7\n mov %r0, 0\n exit")
REFUSED(uninit_load_base, "r8 is read before it is written",
	"ldxdw %r0, [%r8+0]\n exit")
REFUSED(write_r10_mov, "r10 (the frame pointer) is read-only",
	"mov %r10, 0\n mov %r0, 0\n exit")
REFUSED(write_r10_add, "r10 (the frame pointer) is read-only",
	"add %r10, -8\n mov %r0, 0\n exit")
REFUSED(write_r10_load, "r10 (the frame pointer) is read-only",
	"ldxdw %r10, [%r1+0]\n mov %r0, 0\n exit")
REFUSED(r1_clobbered_by_helper, "r1 is read before it is written",
	"mov %r6, %r1\n call 5\n ldxdw %r0, [%r1+0]\n exit")
REFUSED(r5_clobbered_by_helper, "r5 is read before it is written",
	"mov %r5, 1\n call 5\n mov %r0, %r5\n exit")
REFUSED(r2_clobbered_by_local_call, "r2 is read before it is written",
	"mov %r2, 1\n call local f\n mov %r0, %r2\n exit\n"
	"f:\n mov %r0, 0\n exit")
REFUSED(callee_sees_no_caller_r6, "r6 is read before it is written",
	"mov %r6, 1\n call local f\n exit\n"
	"f:\n mov %r0, %r6\n exit")
REFUSED(r0_after_void_lddw_dst, "r0 is read before it is written",
	"mov %r1, %r0\n mov %r0, 0\n exit")

/* ---- stack --------------------------------------------------------- */

REFUSED(stack_above_frame, "invalid read from stack R10 off=8 size=8 (invalid stack read: offset +8 is above the frame (r10))",
	"ldxdw %r0, [%r10+8]\n exit")
REFUSED(stack_straddles_r10, "above the frame",
	"ldxdw %r0, [%r10-4]\n exit")
REFUSED(stack_below_frame, "invalid write to stack R10 off=-520 size=8 (invalid stack write: offset -520 is below the frame's 512 bytes)",
	"stdw [%r10-520], 1\n mov %r0, 0\n exit")
REFUSED(stack_write_above, "invalid write to stack R10 off=0 size=1 (invalid stack write",
	"stb [%r10+0], 1\n mov %r0, 0\n exit")
REFUSED(stack_never_written, "offset -8 was never written",
	"ldxdw %r0, [%r10-8]\n exit")
REFUSED(stack_partly_written, "offset -8 was never written",
	"stw [%r10-4], 1\n ldxdw %r0, [%r10-8]\n exit")
REFUSED(stack_written_one_branch, "was never written",
	"ldxb %r2, [%r1+0]\n jeq %r2, 0, +1\n stdw [%r10-8], 1\n"
	"ldxdw %r0, [%r10-8]\n exit")
REFUSED(stack_var_offset_unbounded, "unbounded scalar",
	"ldxdw %r2, [%r1+0]\n mov %r3, %r10\n add %r3, %r2\n"
	"ldxb %r0, [%r3+0]\n exit")
REFUSED(stack_var_offset_too_far, "below the frame",
	"ldxb %r2, [%r1+0]\n lsh %r2, 2\n mov %r3, %r10\n sub %r3, %r2\n"
	"ldxb %r0, [%r3-1]\n exit")
REFUSED(stack_var_read_uninit, "was never written",
	"stdw [%r10-8], 0\n ldxb %r2, [%r1+0]\n and %r2, 15\n"
	"mov %r3, %r10\n sub %r3, %r2\n ldxb %r0, [%r3-1]\n exit")
REFUSED(spilled_pointer_partial_read, "part of a spilled context pointer",
	"stxdw [%r10-8], %r1\n ldxw %r0, [%r10-8]\n exit")
REFUSED(pointer_spill_misaligned, "8-byte aligned",
	"stxdw [%r10-12], %r1\n mov %r0, 0\n exit")
REFUSED(pointer_spill_short, "8-byte aligned",
	"stxw [%r10-8], %r1\n mov %r0, 0\n exit")
REFUSED(pointer_spill_var_offset, "at a variable stack offset",
	"ldxb %r2, [%r1+0]\n and %r2, 8\n mov %r3, %r10\n sub %r3, %r2\n"
	"stxdw [%r3-8], %r1\n mov %r0, 0\n exit")
REFUSED(overwritten_pointer_spill_read, "was never written",
	"stxdw [%r10-8], %r1\n stb [%r10-8], 0\n ldxb %r0, [%r10-7]\n exit")
REFUSED(stack_pointer_to_caller_frame, "would outlive it",
	"mov %r1, %r10\n add %r1, -8\n call local f\n mov %r0, 0\n exit\n"
	"f:\n mov %r2, %r10\n add %r2, -16\n stxdw [%r1+0], %r2\n"
	"mov %r0, 0\n exit")
REFUSED(return_callee_stack, "returning function's stack",
	"call local f\n mov %r0, 0\n exit\n"
	"f:\n mov %r0, %r10\n exit")
REFUSED(stack_fill_of_misc_is_scalar, "scalar, not a pointer",
	"stdw [%r10-8], 0\n ldxdw %r2, [%r10-8]\n ldxb %r0, [%r2+0]\n exit")
REFUSED(callee_stack_is_fresh, "was never written",
	"stdw [%r10-8], 1\n call local f\n exit\n"
	"f:\n ldxdw %r0, [%r10-8]\n exit")

/* ---- context (64 bytes, read-only) --------------------------------- */

REFUSED(ctx_write, "write into the read-only context",
	"stw [%r1+0], 1\n mov %r0, 0\n exit")
REFUSED(ctx_write_reg, "write into the read-only context",
	"mov %r2, 1\n stxb [%r1+3], %r2\n mov %r0, 0\n exit")
REFUSED(ctx_read_past_end, "invalid context pointer read: offsets 64..71 are outside its 64 bytes",
	"ldxdw %r0, [%r1+64]\n exit")
REFUSED(ctx_read_straddles_end, "outside its 64 bytes",
	"ldxdw %r0, [%r1+60]\n exit")
REFUSED(ctx_read_negative, "offsets -8..-1",
	"ldxdw %r0, [%r1-8]\n exit")
REFUSED(ctx_var_offset_unbounded, "unbounded scalar",
	"ldxdw %r2, [%r1+0]\n add %r1, %r2\n ldxb %r0, [%r1+0]\n exit")
REFUSED(ctx_var_offset_past_end, "outside its 64 bytes",
	"ldxb %r2, [%r1+0]\n and %r2, 127\n add %r1, %r2\n ldxb %r0, [%r1+0]\n exit")
REFUSED(ctx_pointer_offset_past_end, "outside its 64 bytes",
	"add %r1, 100\n ldxb %r0, [%r1-30]\n exit")
REFUSED(ctx_pointer_store, "into a context pointer would leak it",
	"stxdw [%r1+0], %r1\n mov %r0, 0\n exit")
REFUSED(ctx_atomic, "only the stack, map values and ring buffer memory",
	"mov %r2, 1\n lock add [%r1+0], %r2\n mov %r0, 0\n exit")
REFUSED(ctx_arg_with_offset, "context pointer itself",
	"stdw [%r10-8], 0\n mov %r2, %r10\n add %r2, -8\n mov %r3, 8\n"
	"add %r1, 8\n call 1000\n exit")

/* ---- map values ----------------------------------------------------- */

/* r0 = lookup in map 1 (8-byte key, 32-byte value) */
#define LOOKUP1 "stdw [%r10-8], 0\n mov %r2, %r10\n add %r2, -8\n" \
		"lddw %r1, map_idx(1)\n call 1\n"
/* r0 = lookup in map 2 (4-byte key, 8-byte value, 4 entries) */
#define LOOKUP2 "stw [%r10-4], 0\n mov %r2, %r10\n add %r2, -4\n" \
		"lddw %r1, map_idx(2)\n call 1\n"

REFUSED(map_value_no_null_check, "R0 invalid mem access 'map_value_or_null' (r0 is a map value pointer or NULL: null check it before the access)",
	LOOKUP1 "ldxdw %r0, [%r0+0]\n exit")
REFUSED(map_value_null_check_wrong_way, "R0 invalid mem access 'scalar' (r0 is a scalar, not a pointer",
	LOOKUP1 "jne %r0, 0, +2\n ldxdw %r0, [%r0+0]\n exit\n mov %r0, 0\n exit")
REFUSED(map_value_arith_before_check, "null check it first",
	LOOKUP1 "add %r0, 8\n mov %r0, 0\n exit")
REFUSED(map_value_past_end, "invalid map value pointer read: offsets 32..39 are outside its 32 bytes",
	LOOKUP1 "jeq %r0, 0, +1\n ldxdw %r0, [%r0+32]\n exit")
REFUSED(map_value_negative, "outside its 32 bytes",
	LOOKUP1 "jeq %r0, 0, +1\n ldxdw %r0, [%r0-8]\n exit")
REFUSED(map_value_small_write_past_end, "invalid map value pointer write",
	LOOKUP2 "jeq %r0, 0, +2\n stw [%r0+6], 1\n mov %r0, 0\n exit")
REFUSED(map_value_var_offset_past_end, "outside its 32 bytes",
	LOOKUP1 "jeq %r0, 0, +5\n ldxb %r2, [%r0+0]\n and %r2, 31\n"
	"add %r0, %r2\n ldxw %r0, [%r0+0]\n exit\n mov %r0, 0\n exit")
REFUSED(map_value_pointer_store, "into a map value pointer would leak it",
	LOOKUP1 "jeq %r0, 0, +1\n stxdw [%r0+0], %r10\n mov %r0, 0\n exit")
REFUSED(map_value_store_map_pointer, "would leak it",
	LOOKUP1 "jeq %r0, 0, +2\n lddw %r1, map_idx(0)\n stxdw [%r0+0], %r1\n"
	"mov %r0, 0\n exit")
REFUSED(map_value_unchecked_copy, "null check it before the access",
	LOOKUP1 "mov %r6, %r0\n call 5\n ldxb %r0, [%r6+0]\n exit")
REFUSED(map_pointer_deref, "map pointer, not a pointer to memory",
	"lddw %r1, map_idx(1)\n ldxdw %r0, [%r1+0]\n exit")
REFUSED(map_index_missing, "map 7 does not exist",
	"lddw %r1, map_idx(7)\n mov %r0, 0\n exit")
REFUSED(direct_value_needs_one_entry_array, "one-entry array map",
	"lddw %r1, map_idx_value(1)+0\n mov %r0, 0\n exit")
REFUSED(direct_value_offset_too_big, "outside map 0's 16-byte value",
	"lddw %r1, map_idx_value(0)+16\n mov %r0, 0\n exit")
REFUSED(direct_value_read_past_end, "outside its 16 bytes",
	"lddw %r1, map_idx_value(0)+8\n ldxdw %r0, [%r1+8]\n exit")
REFUSED(map_value_null_path_reaches_access, "r0 is a scalar, not a pointer",
	LOOKUP1 "jeq %r0, 0, +1\n mov %r6, 1\n ldxb %r0, [%r0+0]\n exit")

/* ---- helper arguments ------------------------------------------------ */

/* Linux's texts: an id past Linux's helpers is invalid, one of Linux's
 * this program may not call (or ebreak does not build) unknown, each
 * named as Linux's verifier names it */
REFUSED(helper_unknown, "insn 0 (call 9999): invalid func unknown#9999",
	"call 9999\n mov %r0, 0\n exit")
REFUSED(helper_not_built, "insn 0 (call bpf_skb_store_bytes#9): program of this type cannot use helper bpf_skb_store_bytes#9",
	"call 9\n mov %r0, 0\n exit")
REFUSED(helper_not_for_type, "insn 0 (call bpf_get_stackid#27): program of this type cannot use helper bpf_get_stackid#27",
	"call bpf_get_stackid\n mov %r0, 0\n exit")
REFUSED(helper_last_linux_id, "insn 0 (call bpf_cgrp_storage_delete#211): program of this type cannot use helper bpf_cgrp_storage_delete#211",
	"call 211\n mov %r0, 0\n exit")
REFUSED(helper_past_linux_ids, "insn 0 (call 212): invalid func unknown#212",
	"call 212\n mov %r0, 0\n exit")
/* bpf_trace_vprintk(fmt, fmt_size, data, data_len): data is memory of
 * data_len initialized bytes, or NULL (a known 0) with data_len 0 */
#define VPRINTK_FMT "stdw [%r10-8], 0\n mov %r1, %r10\n add %r1, -8\n mov %r2, 8\n"
ACCEPTED(helper_trace_vprintk_data,
	"stdw [%r10-24], 1\n stdw [%r10-16], 2\n" VPRINTK_FMT
	"mov %r3, %r10\n add %r3, -24\n mov %r4, 16\n call 177\n exit")
ACCEPTED(helper_trace_vprintk_null_data,
	VPRINTK_FMT "mov %r3, 0\n mov %r4, 0\n call 177\n exit")
REFUSED(helper_trace_vprintk_null_with_size, "r3 is NULL but its size r4 may be 8",
	VPRINTK_FMT "mov %r3, 0\n mov %r4, 8\n call 177\n exit")
REFUSED(helper_trace_vprintk_scalar_data, "r3 is a scalar, not a pointer to memory",
	VPRINTK_FMT "mov %r3, 8\n mov %r4, 0\n call 177\n exit")
REFUSED(helper_trace_vprintk_uninit_data, "offset -24 was never written",
	VPRINTK_FMT "mov %r3, %r10\n add %r3, -24\n mov %r4, 16\n call 177\n exit")
/* As Linux (PTR_MAYBE_NULL args take maybe-NULL pointers): a map value
 * that may be NULL, its bytes checked as the value's (the helper refuses
 * NULL with a size), but not past them; and the context is no memory
 * for a helper (its words are read by the program's loads, which attach
 * checks the point holds) */
ACCEPTED(helper_trace_vprintk_maybe_null_value,
	LOOKUP1 VPRINTK_FMT "mov %r3, %r0\n mov %r4, 8\n call 177\n exit")
REFUSED(helper_trace_vprintk_maybe_null_value_past_end, "outside its 32 bytes",
	LOOKUP1 VPRINTK_FMT "mov %r3, %r0\n mov %r4, 40\n call 177\n exit")
REFUSED(helper_trace_vprintk_ctx_data,
	"r3 is a context pointer, not a pointer to memory",
	"mov %r3, %r1\n" VPRINTK_FMT "mov %r4, 8\n call 177\n exit")
/* libbpf's bpf_printk("%s", buf, ...) with more than 3 arguments puts
 * pointers in trace_vprintk's u64 array: a privileged load's helper may
 * read a spilled pointer's bytes (Linux's check_stack_range_initialized
 * with allow_ptr_leaks), an unprivileged one may not; a program's own
 * partial load of it stays refused (Linux: "invalid size of register
 * fill"). */
TEST(helper_trace_vprintk_spilled_pointer)
{
	static const char prog[] =
		"mov %r6, %r10\n stxdw [%r10-16], %r6\n stdw [%r10-24], 1\n"
		VPRINTK_FMT "mov %r3, %r10\n add %r3, -24\n mov %r4, 16\n"
		"call 177\n exit";
	struct bpf_verifier_env env = *test_env();
	char log[512];
	int r;

	refused_env(prog, &env, "stack offset -16 holds part of a spilled");
	env.allow_ptr_leaks = true;
	r = verify_env(prog, &env, log, sizeof(log));
	if (r)
		fprintf(stderr, "  expected acceptance; got %d: %s\n", r, log);
	CHECK(r == 0);
	refused_env("mov %r6, %r10\n stxdw [%r10-8], %r6\n ldxw %r0, [%r10-8]\n exit",
		    &env, "stack offset -8 holds part of a spilled");
}
REFUSED(helper_map_arg_scalar, "r1 is a scalar, not a map pointer",
	"stdw [%r10-8], 0\n mov %r2, %r10\n add %r2, -8\n mov %r1, 1\n"
	"call 1\n mov %r0, 0\n exit")
REFUSED(helper_map_arg_ctx, "r1 is a context pointer, not a map pointer",
	"stdw [%r10-8], 0\n mov %r2, %r10\n add %r2, -8\n"
	"call 1\n mov %r0, 0\n exit")
REFUSED(helper_key_uninit, "was never written",
	"mov %r2, %r10\n add %r2, -8\n lddw %r1, map_idx(1)\n"
	"call 1\n mov %r0, 0\n exit")
REFUSED(helper_key_partly_init, "offset -8 was never written",
	"stw [%r10-4], 0\n mov %r2, %r10\n add %r2, -8\n lddw %r1, map_idx(1)\n"
	"call 1\n mov %r0, 0\n exit")
REFUSED(helper_key_past_frame, "above the frame",
	"stw [%r10-4], 0\n mov %r2, %r10\n add %r2, -4\n lddw %r1, map_idx(1)\n"
	"call 1\n mov %r0, 0\n exit")
REFUSED(helper_key_scalar, "r2 is a scalar, not a pointer to memory",
	"mov %r2, 0\n lddw %r1, map_idx(1)\n call 1\n mov %r0, 0\n exit")
REFUSED(helper_key_spilled_pointer, "spilled stack pointer",
	"mov %r2, %r10\n add %r2, -8\n stxdw [%r10-8], %r2\n"
	"lddw %r1, map_idx(1)\n call 1\n mov %r0, 0\n exit")
REFUSED(helper_update_value_uninit, "was never written",
	"stdw [%r10-8], 0\n mov %r2, %r10\n add %r2, -8\n mov %r3, %r10\n"
	"add %r3, -40\n mov %r4, 0\n lddw %r1, map_idx(1)\n call 2\n exit")
REFUSED(helper_update_value_too_small, "above the frame",
	"stdw [%r10-8], 0\n stdw [%r10-16], 0\n mov %r2, %r10\n add %r2, -8\n"
	"mov %r3, %r10\n add %r3, -16\n mov %r4, 0\n lddw %r1, map_idx(1)\n"
	"call 2\n exit")
REFUSED(helper_flags_pointer, "r4 is a stack pointer; passing it as a number would leak it",
	"stdw [%r10-8], 0\n stdw [%r10-16], 0\n mov %r2, %r10\n add %r2, -8\n"
	"mov %r3, %r10\n add %r3, -16\n mov %r4, %r10\n lddw %r1, map_idx(2)\n"
	"call 2\n exit")
REFUSED(helper_size_unbounded, "is unbounded",
	"mov %r6, %r1\n ldxdw %r2, [%r6+0]\n mov %r1, %r10\n add %r1, -64\n"
	"mov %r3, 0\n call 4\n mov %r0, 0\n exit")
REFUSED(helper_size_exceeds_buffer, "invalid indirect access to stack R1 off=-64 size=600 (invalid stack write: offsets -64..+535 reach above the frame",
	"mov %r1, %r10\n add %r1, -64\n mov %r2, 600\n mov %r3, 0\n"
	"call 4\n mov %r0, 0\n exit")
REFUSED(helper_size_may_be_zero, "r3 (a size) may be 0",
	"stdw [%r10-8], 0\n mov %r2, %r10\n add %r2, -8\n ldxb %r3, [%r1+0]\n"
	"and %r3, 7\n call 1000\n exit")
REFUSED(helper_mem_uninit, "was never written",
	"mov %r2, %r10\n add %r2, -8\n mov %r3, 8\n call 1000\n exit")
REFUSED(helper_mem_var_size_uninit, "was never written",
	"mov %r6, %r1\n stdw [%r10-8], 0\n ldxb %r2, [%r6+0]\n and %r2, 15\n"
	"mov %r1, %r10\n add %r1, -16\n call 1001\n exit")
REFUSED(helper_uninit_mem_into_ctx, "r1 is a context pointer, not a pointer to memory",
	"mov %r2, 8\n mov %r3, 0\n call 4\n mov %r0, 0\n exit")
REFUSED(helper_ctx_arg_not_ctx, "must be the context pointer itself",
	"stdw [%r10-8], 0\n mov %r2, %r10\n add %r2, -8\n mov %r3, 8\n"
	"mov %r1, %r2\n call 1000\n exit")
REFUSED(helper_mem_null, "r1 is a scalar, not a pointer to memory",
	"mov %r1, 0\n mov %r2, 0\n call 1001\n exit")
REFUSED(callx_unknown_id, "the helper id is not a known constant",
	"ldxb %r2, [%r1+0]\n call %r2\n exit")
REFUSED(callx_disallowed, "insn 1 (call %r2): program of this type cannot use helper bpf_rc_repeat#77",
	"mov %r2, 77\n call %r2\n exit")
REFUSED(helper_arg_uninit, "r2 is read before it is written",
	"lddw %r1, map_idx(1)\n call 1\n mov %r0, 0\n exit")

/* ---- pointer arithmetic and leaks ------------------------------------ */

REFUSED(ptr_mul, "mul on r1, a context pointer, is not allowed",
	"mul %r1, 2\n mov %r0, 0\n exit")
REFUSED(ptr_and, "and on r2, a stack pointer",
	"mov %r2, %r10\n and %r2, -8\n mov %r0, 0\n exit")
REFUSED(ptr_div_by_pointer, "div on r1",
	"mov %r0, 8\n div %r0, %r1\n exit")
REFUSED(ptr_lsh, "lsh on r1",
	"lsh %r1, 1\n mov %r0, 0\n exit")
REFUSED(ptr_add32, "32-bit add on r1",
	"add32 %r1, 4\n mov %r0, 0\n exit")
REFUSED(ptr_neg, "neg of r1, a context pointer",
	"neg %r1\n mov %r0, 0\n exit")
REFUSED(ptr_bswap, "byte swap of r1",
	"be64 %r1\n mov %r0, 0\n exit")
REFUSED(ptr_mov32, "32-bit mov of r1, a context pointer, would leak its address",
	"mov32 %r0, %r1\n exit")
REFUSED(ptr_movsx, "movsx of r10",
	"movsx3264 %r0, %r10\n exit")
REFUSED(ptr_plus_ptr, "add of r1 (context pointer) and r10 (stack pointer)",
	"add %r1, %r10\n mov %r0, 0\n exit")
REFUSED(ptr_minus_other_region, "sub of r1 (context pointer) and r10",
	"sub %r1, %r10\n mov %r0, 0\n exit")
REFUSED(scalar_minus_ptr, "subtracting r1, a context pointer, from a scalar",
	"mov %r0, 0\n sub %r0, %r1\n exit")
REFUSED(ptr_compare_gt, "comparison of r1, a context pointer, would leak its address",
	"mov %r0, 0\n jgt %r1, 100, +0\n exit")
REFUSED(ptr_compare_nonzero, "would leak its address",
	"mov %r0, 0\n jeq %r10, 5, +0\n exit")
REFUSED(ptr_compare_two, "would leak its address",
	"mov %r0, 0\n jeq %r1, %r10, +0\n exit")
REFUSED(ptr_compare_32, "32-bit comparison of r1",
	"mov %r0, 0\n jeq32 %r1, 0, +0\n exit")
REFUSED(ptr_returned_ctx, "r0 at exit is a context pointer; returning it would leak it",
	"mov %r0, %r1\n exit")
REFUSED(ptr_returned_stack, "r0 at exit is a stack pointer",
	"mov %r0, %r10\n exit")
REFUSED(ptr_returned_map_value, "r0 at exit is a map value pointer",
	LOOKUP1 "jeq %r0, 0, +1\n exit\n mov %r0, 0\n exit")
/* four times 2^30 would wrap a 32-bit offset back to 0 */
REFUSED(ptr_offset_huge, "out of range",
	"lddw %r2, 0x40000000\n add %r1, %r2\n add %r1, %r2\n add %r1, %r2\n"
	"add %r1, %r2\n ldxb %r0, [%r1+0]\n exit")
REFUSED(ptr_returned_after_spill, "r0 at exit is a context pointer",
	"stxdw [%r10-8], %r1\n ldxdw %r0, [%r10-8]\n exit")

/* ---- precision: what ranges, copies and joins must not prove ---------- */

REFUSED(join_keeps_the_unsafe_offset, "outside its 64 bytes",
	"ldxb %r3, [%r1+0]\n mov %r2, 0\n jeq %r3, 0, +1\n mov %r2, 100\n"
	"add %r1, %r2\n ldxb %r0, [%r1+0]\n exit")
REFUSED(join_keeps_the_unwritten_slot, "never written",
	"ldxb %r3, [%r1+0]\n jeq %r3, 0, +1\n stdw [%r10-8], 0\n"
	"mov %r0, 0\n ldxdw %r0, [%r10-8]\n exit")
REFUSED(join_keeps_the_unchecked_pointer, "null check it before the access",
	"mov %r6, %r1\n" LOOKUP1 "ldxb %r3, [%r6+0]\n jeq %r3, 0, +1\n jeq %r0, 0, +2\n"
	"ldxb %r0, [%r0+0]\n exit\n mov %r0, 0\n exit")
/* The first path to the join is safe and proven; the second differs in
 * a value that decides a jump after the join, so it is not pruned. (The
 * first path is long enough for a state to be stored at the join.) */
#define PAD8 "mov %r4, 1\n mov %r4, 2\n mov %r4, 3\n mov %r4, 4\n" \
	     "mov %r4, 5\n mov %r4, 6\n mov %r4, 7\n mov %r4, 8\n"
REFUSED(join_value_decides_later_jump, "outside its 64 bytes",
	"mov %r6, %r1\n ldxb %r3, [%r1+0]\n mov %r2, 100\n jeq %r3, 0, +9\n"
	PAD8 "mov %r2, 0\n jeq %r2, 0, +2\n ldxb %r0, [%r6+100]\n exit\n"
	"mov %r0, 0\n exit")
REFUSED(join_stack_value_decides_later_jump, "outside its 64 bytes",
	"mov %r6, %r1\n ldxb %r3, [%r1+0]\n stdw [%r10-8], 100\n jeq %r3, 0, +9\n"
	PAD8 "stdw [%r10-8], 0\n ldxdw %r2, [%r10-8]\n jeq %r2, 0, +2\n"
	"ldxb %r0, [%r6+100]\n exit\n mov %r0, 0\n exit")
REFUSED(join_value_decides_jump_in_callee, "outside its 64 bytes",
	"mov %r6, %r1\n ldxb %r3, [%r1+0]\n mov %r1, 100\n jeq %r3, 0, +9\n"
	PAD8 "mov %r1, 0\n mov %r2, %r6\n call local f\n exit\n"
	"f:\n jeq %r1, 0, +2\n ldxb %r0, [%r2+100]\n exit\n mov %r0, 0\n exit")
/* On the first path r1 is a copy of r2, so bounding r1 bounds r2; on the
 * second it is not, and must not be pruned as if it were. */
REFUSED(join_copy_link_matters, "outside its 64 bytes",
	"mov %r6, %r1\n ldxb %r2, [%r6+0]\n ldxb %r3, [%r6+1]\n ldxb %r1, [%r6+2]\n"
	"mov %r4, %r2\n jeq %r3, 0, +9\n" PAD8 "mov %r1, %r2\n jgt %r1, 63, +3\n add %r6, %r2\n"
	"ldxb %r0, [%r6+0]\n exit\n mov %r0, 0\n exit")
/* The same with the copy spilled, and no loaded value mattering (the
 * numbers come from a helper), so that only the link keeps the stack
 * slots apart. */
REFUSED(join_spilled_copy_link_matters, "outside its 64 bytes",
	"mov %r6, %r1\n call 7\n mov %r7, %r0\n and %r7, 255\n call 7\n mov %r8, %r0\n"
	"call 7\n and %r0, 255\n mov %r9, %r0\n stxdw [%r10-8], %r9\n mov %r4, %r7\n"
	"jeq %r8, 0, +10\n" PAD8 "mov %r9, %r7\n stxdw [%r10-8], %r9\n"
	"ldxdw %r9, [%r10-8]\n jgt %r9, 63, +3\n add %r6, %r7\n ldxb %r0, [%r6+0]\n"
	"exit\n mov %r0, 0\n exit")
/* r0 is 0 on the first path (0 / 7: a constant) and unbounded on the
 * second (the verifier keeps no bounds across sdiv32); added to a
 * pointer, its bounds decide acceptance, so the second path must not be
 * pruned by the first (the fuzzer found it accepted, and refused
 * without pruning). */
REFUSED(join_scalar_added_to_pointer_matters, "with an unbounded scalar",
	"ldxb %r0, [%r1+0]\n add32 %r0, %r0\n jgt %r0, 0, +0\n"
	PAD8 "sdiv32 %r0, 7\n add %r1, %r0\n mov %r0, 0\n exit")
/* Only the first path initializes the caller's slot the callee reads
 * through its argument; the callee's state (with the caller's frame)
 * must not prune the second. */
REFUSED(join_in_callee_keeps_caller_stack, "offset -8 was never written",
	"mov %r6, %r1\n ldxb %r3, [%r6+0]\n jeq %r3, 0, +1\n stdw [%r10-8], 7\n"
	"mov %r1, %r10\n add %r1, -8\n call local f\n exit\n"
	"f:\n" PAD8 "ja +0\n ldxdw %r0, [%r1+0]\n exit")
REFUSED(join_in_callee_keeps_argument_offset, "offset -16 was never written",
	"mov %r6, %r1\n stdw [%r10-8], 7\n mov %r1, %r10\n add %r1, -16\n"
	"ldxb %r3, [%r6+0]\n jeq %r3, 0, +1\n add %r1, 8\n call local f\n exit\n"
	"f:\n" PAD8 "ja +0\n ldxdw %r0, [%r1+0]\n exit")
/* The safe offset first, proven; the unsafe one joins it later. */
REFUSED(join_keeps_offset_range, "outside its 64 bytes",
	"mov %r6, %r1\n ldxb %r3, [%r6+0]\n mov %r2, 100\n jeq %r3, 0, +9\n"
	PAD8 "mov %r2, 0\n add %r6, %r2\n ldxb %r0, [%r6+0]\n exit")
REFUSED(join_keeps_uninitialized_register, "r7 is read before it is written",
	"ldxb %r3, [%r1+0]\n jeq %r3, 0, +9\n" PAD8 "mov %r7, 1\n add %r1, %r7\n"
	"ldxb %r0, [%r1+0]\n exit")
/* One callee, two call sites: a state in the callee proven for the
 * first says nothing about returning to the second. */
REFUSED(join_in_callee_keeps_call_site, "outside its 64 bytes",
	"mov %r6, %r1\n ldxb %r3, [%r6+0]\n jeq %r3, 0, +3\n call local f\n"
	"mov %r0, 0\n exit\n call local f\n ldxb %r0, [%r6+100]\n exit\n"
	"f:\n" PAD8 "ja +0\n mov %r0, 0\n exit")
/* Value pointers of two maps: the same type, not the same bounds. */
REFUSED(join_keeps_which_map, "outside its 8 bytes",
	"mov %r6, %r1\n" LOOKUP1 "jne %r0, 0, +2\n mov %r0, 0\n exit\n mov %r7, %r0\n"
	LOOKUP2 "jne %r0, 0, +2\n mov %r0, 0\n exit\n mov %r9, %r0\n"
	"ldxb %r3, [%r6+0]\n jeq %r3, 0, +9\n" PAD8 "mov %r9, %r7\n"
	"ldxdw %r0, [%r9+16]\n exit")
REFUSED(copy_then_modified_is_not_bounded, "outside its 64 bytes",
	"ldxb %r3, [%r1+0]\n mov %r2, %r3\n add %r2, 64\n jgt %r3, 7, +3\n"
	"add %r1, %r2\n ldxb %r0, [%r1+0]\n exit\n mov %r0, 0\n exit")
REFUSED(jmp32_bounds_only_the_low_half, "unbounded scalar",
	"ldxdw %r2, [%r1+0]\n jge32 %r2, 10, +3\n add %r1, %r2\n"
	"ldxb %r0, [%r1+0]\n exit\n mov %r0, 0\n exit")
REFUSED(signed_check_leaves_negative, "unbounded scalar",
	"ldxdw %r2, [%r1+0]\n jsgt %r2, 10, +3\n add %r1, %r2\n"
	"ldxb %r0, [%r1+0]\n exit\n mov %r0, 0\n exit")
REFUSED(lower_bound_missing, "offsets -",
	"ldxsb %r2, [%r1+0]\n jsgt %r2, 10, +3\n add %r1, %r2\n ldxb %r0, [%r1+0]\n"
	"exit\n mov %r0, 0\n exit")
REFUSED(mul_overflow_is_unbounded, "unbounded scalar",
	"ldxb %r2, [%r1+0]\n lddw %r3, 0x100000000000000\n mul %r2, %r3\n"
	"add %r1, %r2\n ldxb %r0, [%r1+0]\n exit")
REFUSED(lsh_overflow_is_unbounded, "unbounded scalar",
	"ldxb %r2, [%r1+0]\n lsh %r2, 60\n add %r1, %r2\n ldxb %r0, [%r1+0]\n exit")
REFUSED(add32_wraps, "outside its 64 bytes",
	"ldxb %r2, [%r1+0]\n add32 %r2, -1\n and %r2, 127\n add %r1, %r2\n"
	"ldxb %r0, [%r1+0]\n exit")
REFUSED(neg_of_bounded, "offsets -",
	"ldxb %r2, [%r1+0]\n neg %r2\n add %r1, %r2\n ldxb %r0, [%r1+0]\n exit")
REFUSED(arsh_keeps_sign, "offsets -",
	"ldxsb %r2, [%r1+0]\n arsh %r2, 2\n add %r1, %r2\n ldxb %r0, [%r1+0]\n exit")
REFUSED(sdiv_is_not_bounded, "unbounded scalar",
	"ldxb %r2, [%r1+0]\n sdiv %r2, -1\n add %r1, %r2\n ldxb %r0, [%r1+0]\n exit")
REFUSED(or_raises_the_value, "outside its 64 bytes",
	"ldxb %r2, [%r1+0]\n and %r2, 15\n or %r2, 64\n add %r1, %r2\n"
	"ldxb %r0, [%r1+0]\n exit")
REFUSED(bswap_of_bounded, "outside its 64 bytes",
	"ldxb %r2, [%r1+0]\n and %r2, 63\n be16 %r2\n add %r1, %r2\n"
	"ldxb %r0, [%r1+0]\n exit")
REFUSED(helper_var_size_writes_only_the_minimum, "offset -15 was never written",
	"ldxb %r2, [%r1+0]\n and %r2, 15\n add %r2, 1\n mov %r3, 0\n mov %r1, %r10\n"
	"add %r1, -16\n call 4\n ldxb %r0, [%r10-15]\n exit")
REFUSED(spill_fill_keeps_or_null, "null check it before the access",
	LOOKUP1 "stxdw [%r10-16], %r0\n ldxdw %r1, [%r10-16]\n ldxb %r0, [%r1+0]\n exit")
REFUSED(null_check_of_copy_then_other_lookup, "null check it before the access",
	LOOKUP1 "mov %r7, %r0\n" LOOKUP1 "jeq %r7, 0, +2\n ldxb %r0, [%r0+0]\n exit\n"
	"mov %r0, 0\n exit")
REFUSED(callee_result_is_checked_by_caller, "outside its 64 bytes",
	"mov %r6, %r1\n call local f\n add %r6, %r0\n ldxb %r0, [%r6+0]\n exit\n"
	"f:\n mov %r0, 64\n exit")
REFUSED(loop_index_one_past_end, "outside its 64 bytes",
	"mov %r0, 0\n mov %r2, 0\n l:\n mov %r3, %r1\n add %r3, %r2\n"
	"ldxb %r4, [%r3+0]\n add %r0, %r4\n add %r2, 1\n jle %r2, 64, l\n exit")
/* Eight bytes across two spilled constants, 0 and 64: not zero. */
REFUSED(read_across_spills_is_not_zero, "unbounded scalar",
	"stdw [%r10-16], 0\n stdw [%r10-8], 64\n ldxdw %r2, [%r10-12]\n"
	"add %r1, %r2\n ldxb %r0, [%r1+0]\n exit")
REFUSED(stack_array_index_unmasked, "below the frame",
	"stdw [%r10-8], 0\n ldxb %r5, [%r1+0]\n lsh %r5, 3\n mov %r3, %r10\n"
	"sub %r3, %r5\n ldxdw %r0, [%r3-8]\n exit")

/* ---- ring buffer records: references ---------------------------------- */

/* bpf_perf_event_output(ctx, map 4, BPF_F_CURRENT_CPU, fp-8, 8), r1
 * the context at entry: a perf event array only, as Linux */
#define PERF_OUT(map) "stdw [%r10-8], 7\n lddw %r2, map_idx(" #map ")\n" \
	"lddw %r3, 0xffffffff\n mov %r4, %r10\n add %r4, -8\n mov %r5, 8\n"
ACCEPTED(perf_event_output_current_cpu, PERF_OUT(4) "call 25\n exit")
REFUSED(perf_event_output_into_a_ringbuf,
	"cannot pass map_type 27 (ringbuf) into func bpf_perf_event_output#25",
	PERF_OUT(3) "call 25\n exit")
REFUSED(perf_event_array_lookup,
	"cannot pass map_type 4 (perf_event_array) into func bpf_map_lookup_elem#1",
	"stdw [%r10-8], 0\n mov %r2, %r10\n add %r2, -8\n"
	"lddw %r1, map_idx(4)\n call 1\n mov %r0, 0\n exit")
REFUSED(get_attach_cookie_not_ctx, "r1 must be the context pointer itself",
	"mov %r1, 0\n call 174\n exit")
REFUSED(perf_event_output_ctx_not_r1, "r1 must be the context pointer itself",
	PERF_OUT(4) "mov %r1, %r10\n call 25\n exit")
REFUSED(perf_event_output_data_uninit, "offset -16 was never written",
	PERF_OUT(4) "add %r4, -8\n mov %r5, 16\n call 25\n exit")

/* r0 = bpf_ringbuf_reserve(map 3, n, 0): insns 0-4, the call at 4 */
#define RESERVE(n) "lddw %r1, map_idx(3)\n mov %r2, " #n "\n mov %r3, 0\n call 131\n"
/* bpf_ringbuf_submit(r, 0) */
#define SUBMIT(r) "mov %r1, " #r "\n mov %r2, 0\n call 132\n"
/* the label out: and exit with r0 = 0 */
#define OUT_EXIT "out:\n mov %r0, 0\n exit"

ACCEPTED(ringbuf_reserve_check_write_submit,
	RESERVE(16) "jeq %r0, 0, out\n stdw [%r0+8], 7\n ldxdw %r3, [%r0+8]\n"
	SUBMIT(%r0) OUT_EXIT)
ACCEPTED(ringbuf_discard_on_one_branch_submit_on_the_other,
	"mov %r6, %r1\n" RESERVE(16) "jeq %r0, 0, out\n mov %r7, %r0\n"
	"ldxdw %r3, [%r6+0]\n stxdw [%r7+0], %r3\n mov %r1, %r7\n mov %r2, 0\n"
	"jgt %r3, 100, keep\n call 133\n ja out\n keep:\n call 132\n" OUT_EXIT)
ACCEPTED(ringbuf_record_spilled_and_reloaded,
	RESERVE(16) "jeq %r0, 0, out\n stxdw [%r10-8], %r0\n call 7\n"
	"ldxdw %r1, [%r10-8]\n stxdw [%r1+0], %r0\n mov %r2, 0\n call 132\n" OUT_EXIT)
ACCEPTED(ringbuf_record_arithmetic_within_bounds,
	RESERVE(16) "jeq %r0, 0, out\n mov %r1, %r0\n add %r1, 8\n stw [%r1+4], 1\n"
	"ldxw %r3, [%r1+4]\n lock add32 [%r1+0], %r3\n" SUBMIT(%r0) OUT_EXIT)
ACCEPTED(ringbuf_record_filled_by_helper,
	RESERVE(16) "jeq %r0, 0, out\n mov %r6, %r0\n mov %r1, %r0\n mov %r2, 16\n"
	"call 16\n" SUBMIT(%r6) OUT_EXIT)
ACCEPTED(ringbuf_record_of_zero_bytes,
	RESERVE(0) "jeq %r0, 0, out\n" SUBMIT(%r0) OUT_EXIT)
/* As in Linux, a subprogram may pass a record on or take it over. */
ACCEPTED(ringbuf_record_submitted_by_subprogram,
	RESERVE(8) "jeq %r0, 0, out\n mov %r1, %r0\n call local f\n" OUT_EXIT "\n"
	"f:\n mov %r2, 0\n call 132\n mov %r0, 0\n exit")
ACCEPTED(ringbuf_record_reserved_by_subprogram,
	"call local f\n jeq %r0, 0, out\n" SUBMIT(%r0) OUT_EXIT "\n"
	"f:\n" RESERVE(8) "exit")
ACCEPTED(ringbuf_reserve_in_a_loop,
	"mov %r6, 0\n l:\n" RESERVE(8) "jeq %r0, 0, +3\n" SUBMIT(%r0)
	"add %r6, 1\n jlt %r6, 20, l\n mov %r0, 0\n exit")

REFUSED(ringbuf_write_before_null_check,
	"r0 is a ring buffer memory pointer or NULL: null check it before the access",
	RESERVE(16) "stdw [%r0+0], 1\n jeq %r0, 0, out\n" SUBMIT(%r0) OUT_EXIT)
REFUSED(ringbuf_write_past_size,
	"insn 6 (stdw [%r0+16], 1): invalid ring buffer memory pointer write: offsets 16..23 are outside its 16 bytes",
	RESERVE(16) "jeq %r0, 0, out\n stdw [%r0+16], 1\n" SUBMIT(%r0) OUT_EXIT)
REFUSED(ringbuf_read_past_size_through_offset,
	"offsets 12..15 are outside its 12 bytes",
	RESERVE(12) "jeq %r0, 0, out\n mov %r1, %r0\n add %r1, 8\n"
	"ldxw %r3, [%r1+4]\n" SUBMIT(%r0) OUT_EXIT)
REFUSED(ringbuf_size_not_constant, "insn 5 (call bpf_ringbuf_reserve#131): r2 (a size) is not a known constant",
	"ldxdw %r2, [%r1+0]\n and %r2, 15\n lddw %r1, map_idx(3)\n mov %r3, 0\n"
	"call 131\n jeq %r0, 0, out\n" SUBMIT(%r0) OUT_EXIT)
REFUSED(ringbuf_unreleased_at_exit,
	"insn 8 (exit): Unreleased reference id=1 alloc_insn=4",
	RESERVE(16) "jeq %r0, 0, out\n stdw [%r0+0], 1\n" OUT_EXIT)
REFUSED(ringbuf_unreleased_past_subprogram,
	"insn 2 (exit): Unreleased reference id=1 alloc_insn=7",
	"call local f\n mov %r0, 0\n exit\n f:\n" RESERVE(8) "mov %r0, 0\n exit")
/* The releasing path reaches the join first and is proven; the other
 * holds the record there and must not be pruned by it. */
REFUSED(ringbuf_released_on_one_branch_only, "Unreleased reference id=1 alloc_insn=5",
	"mov %r6, %r1\n" RESERVE(16) "jeq %r0, 0, out\n mov %r7, %r0\n"
	"ldxdw %r3, [%r6+0]\n jgt %r3, 100, skip\n" PAD8 SUBMIT(%r7)
	"skip:\n ja +0\n" OUT_EXIT)
REFUSED(ringbuf_use_after_submit, "insn 10 (stdw [%r6+0], 1): r6 is read before it is written",
	RESERVE(16) "jeq %r0, 0, out\n mov %r6, %r0\n" SUBMIT(%r0)
	"stdw [%r6+0], 1\n" OUT_EXIT)
REFUSED(ringbuf_spilled_copy_after_discard, "offset -8 was never written",
	RESERVE(16) "jeq %r0, 0, out\n stxdw [%r10-8], %r0\n mov %r1, %r0\n"
	"mov %r2, 0\n call 133\n ldxdw %r1, [%r10-8]\n stdw [%r1+0], 1\n" OUT_EXIT)
REFUSED(ringbuf_submit_of_record_plus_8,
	"r1 must have zero offset when passed to release func",
	RESERVE(16) "jeq %r0, 0, out\n add %r0, 8\n" SUBMIT(%r0) OUT_EXIT)
REFUSED(ringbuf_submit_before_null_check,
	"r1 is a ring buffer memory pointer or NULL: null check it before the call",
	RESERVE(16) SUBMIT(%r0) OUT_EXIT)
REFUSED(ringbuf_submit_of_stack,
	"r1 is a stack pointer, not a record bpf_ringbuf_reserve returned",
	"stdw [%r10-8], 0\n mov %r0, %r10\n add %r0, -8\n" SUBMIT(%r0) OUT_EXIT)
REFUSED(ringbuf_submit_of_map_value,
	"r1 is a map value pointer, not a record bpf_ringbuf_reserve returned",
	LOOKUP1 "jeq %r0, 0, out\n" SUBMIT(%r0) OUT_EXIT)
REFUSED(ringbuf_pointer_stored_in_record, "into a ring buffer memory pointer would leak it",
	"mov %r6, %r1\n" RESERVE(16) "jeq %r0, 0, out\n stxdw [%r0+0], %r6\n"
	SUBMIT(%r0) OUT_EXIT)

/* Maps and the helpers that take them, as Linux's
 * check_map_func_compatibility: a ring buffer only with its helpers,
 * their helpers only with one; per-hart lookups only in per-hart maps. */
REFUSED(ringbuf_reserve_from_an_array,
	"insn 4 (call bpf_ringbuf_reserve#131): cannot pass map_type 2 (array) into func bpf_ringbuf_reserve#131",
	"lddw %r1, map_idx(2)\n mov %r2, 16\n mov %r3, 0\n call 131\n"
	"jeq %r0, 0, out\n" SUBMIT(%r0) OUT_EXIT)
REFUSED(lookup_in_a_ringbuf,
	"insn 5 (call bpf_map_lookup_elem#1): cannot pass map_type 27 (ringbuf) into func bpf_map_lookup_elem#1",
	"stdw [%r10-8], 0\n mov %r2, %r10\n add %r2, -8\n lddw %r1, map_idx(3)\n"
	"call 1\n mov %r0, 0\n exit")
REFUSED(percpu_lookup_in_an_array,
	"cannot pass map_type 2 (array) into func bpf_map_lookup_percpu_elem#195",
	"stw [%r10-4], 0\n mov %r2, %r10\n add %r2, -4\n lddw %r1, map_idx(2)\n"
	"mov %r3, 0\n call 195\n mov %r0, 0\n exit")

/* Where pointers may leak (tracing programs), a released record's
 * copies are numbers: submitting one again, or writing through it, is
 * refused as for any number. */
TEST(ringbuf_released_copies_are_numbers_with_ptr_leaks)
{
	struct bpf_verifier_env env = *test_env();

	env.allow_ptr_leaks = true;
	refused_env(RESERVE(16) "jeq %r0, 0, out\n mov %r6, %r0\n" SUBMIT(%r0)
		    SUBMIT(%r6) OUT_EXIT, &env,
		    "insn 12 (call bpf_ringbuf_submit#132): r1 is a scalar, not a record bpf_ringbuf_reserve returned");
	refused_env(RESERVE(16) "jeq %r0, 0, out\n mov %r6, %r0\n" SUBMIT(%r0)
		    "stdw [%r6+0], 1\n" OUT_EXIT, &env,
		    "r6 is a scalar, not a pointer to memory");
}

/* ---- termination ---------------------------------------------------- */

REFUSED(loop_self, "insn 1 (ja -1): infinite loop detected at insn 1 (",
	"mov %r0, 0\n l:\n ja l")
REFUSED(loop_same_state, "infinite loop",
	"l:\n mov %r0, 0\n mov %r2, 1\n ja l")
REFUSED(loop_random_exit, "infinite loop",
	"l:\n call 7\n jne %r0, 0, l\n exit")
REFUSED(loop_counter_unbounded, "the loop back from insn 4 to 2 has no proven bound",
	"mov %r0, 0\n mov %r2, 0\n l:\n add %r2, 1\n stxdw [%r10-8], %r2\n ja l")
REFUSED(loop_only_result_changes, "still not done",
	"mov %r0, 0\n l:\n add %r0, 1\n ja l")
REFUSED(loop_wrong_direction, "still not done",
	"mov %r0, 0\n l:\n add %r0, 1\n jne %r0, 0, l\n exit")
REFUSED(loop_unknown_bound_up, "still not done",
	"ldxdw %r2, [%r1+0]\n mov %r0, 0\n l:\n add %r0, 1\n jlt %r0, %r2, l\n exit")
REFUSED(loop_recursion, "call depth exceeds 8 frames",
	"call local f\n exit\n f:\n call local f\n mov %r0, 0\n exit")
REFUSED(loop_backjump_no_exit, "infinite loop",
	"mov %r0, 1\n l:\n jeq %r0, 1, l\n exit")

/* ---- atomics -------------------------------------------------------- */

REFUSED(atomic_misaligned, "misaligned atomic operation",
	"stdw [%r10-16], 0\n mov %r2, 1\n lock add32 [%r10-10], %r2\n mov %r0, 0\n exit")
REFUSED(atomic_pointer_operand, "atomic operation with r1, a context pointer",
	"stdw [%r10-8], 0\n lock add [%r10-8], %r1\n mov %r0, 0\n exit")
REFUSED(atomic_uninit_stack, "was never written",
	"mov %r2, 1\n lock add [%r10-8], %r2\n mov %r0, 0\n exit")
REFUSED(atomic_var_offset, "atomic operation at a variable offset",
	"stdw [%r10-16], 0\n stdw [%r10-8], 0\n ldxb %r3, [%r1+0]\n and %r3, 8\n"
	"mov %r4, %r10\n sub %r4, %r3\n mov %r2, 1\n lock add [%r4-8], %r2\n"
	"mov %r0, 0\n exit")
/* libbpf-tools' histograms: __sync_fetch_and_add(&hist[slot], 1), slot
 * bounded, into a map value; as Linux, any offset the pointer may hold
 * must be aligned to the operand (an AMO's natural alignment) */
ACCEPTED(atomic_map_value_var_offset,
	"mov %r6, %r1\n" LOOKUP1 "jeq %r0, 0, +6\n ldxb %r3, [%r6+0]\n and %r3, 3\n lsh %r3, 3\n"
	"add %r0, %r3\n mov %r2, 1\n lock add [%r0+0], %r2\n mov %r0, 0\n exit")
REFUSED(atomic_map_value_var_offset_misaligned,
	"misaligned atomic operation: r0's variable offset",
	"mov %r6, %r1\n" LOOKUP1 "jeq %r0, 0, +6\n ldxb %r3, [%r6+0]\n and %r3, 3\n lsh %r3, 2\n"
	"add %r0, %r3\n mov %r2, 1\n lock add [%r0+0], %r2\n mov %r0, 0\n exit")
REFUSED(atomic_map_value_var_offset_past_end, "outside its 32 bytes",
	"mov %r6, %r1\n" LOOKUP1 "jeq %r0, 0, +6\n ldxb %r3, [%r6+0]\n and %r3, 7\n lsh %r3, 3\n"
	"add %r0, %r3\n mov %r2, 1\n lock add [%r0+0], %r2\n mov %r0, 0\n exit")
REFUSED(atomic_cmpxchg_pointer_r0, "cmpxchg compares r0, a context pointer",
	"stdw [%r10-8], 0\n mov %r0, %r1\n mov %r2, 0\n"
	"lock cmpxchg [%r10-8], %r2\n mov %r0, 0\n exit")
REFUSED(atomic_on_spilled_pointer, "spilled context pointer",
	"stxdw [%r10-8], %r1\n mov %r2, 1\n lock add [%r10-8], %r2\n mov %r0, 0\n exit")
REFUSED(atomic_map_value_unchecked, "null check it before the access",
	LOOKUP1 "mov %r2, 1\n lock add [%r0+0], %r2\n mov %r0, 0\n exit")
REFUSED(atomic_map_value_past_end, "outside its 32 bytes",
	LOOKUP1 "jeq %r0, 0, +2\n mov %r2, 1\n lock add [%r0+32], %r2\n mov %r0, 0\n exit")
REFUSED(atomic_on_scalar, "r2 is a scalar, not a pointer to memory",
	"mov %r2, 1\n lock xchg [%r2+0], %r2\n mov %r0, 0\n exit")

REFUSED(jump_past_end, "outside the program",
	"mov %r0, 0\n ja +5\n exit")
REFUSED(jump_before_start, "outside the program",
	"mov %r0, 0\n ja -3\n exit")
REFUSED(fall_through_end, "falls through past the end",
	"mov %r0, 0")
REFUSED(cond_fall_through_end, "falls through past the end",
	"mov %r0, 0\n jeq %r0, 0, +1\n exit\n mov %r0, 1")

/* ---- safe programs ------------------------------------------------- */

ACCEPTED(minimal, "mov %r0, 0\n exit")
ACCEPTED(loop_count_up,
	"mov %r0, 0\n mov %r2, 0\n l:\n add %r0, %r2\n add %r2, 1\n"
	"jlt %r2, 10, l\n exit")
ACCEPTED(loop_count_down_jne,
	"mov %r0, 0\n mov %r2, 100\n l:\n add %r0, 3\n sub %r2, 1\n"
	"jne %r2, 0, l\n exit")
ACCEPTED(loop_thousand_iterations,
	"mov %r0, 0\n l:\n add %r0, 1\n jlt %r0, 1000, l\n exit")
ACCEPTED(loop_over_context,
	"mov %r0, 0\n mov %r2, 0\n l:\n mov %r3, %r1\n add %r3, %r2\n"
	"ldxb %r4, [%r3+0]\n add %r0, %r4\n add %r2, 1\n jlt %r2, 64, l\n exit")
ACCEPTED(loop_unknown_but_bounded_count,
	"ldxb %r2, [%r1+0]\n mov %r0, 0\n l:\n jeq %r2, 0, done\n"
	"sub %r2, 1\n add %r0, 1\n ja l\n done:\n exit")
ACCEPTED(stack_array_variable_index,
	"mov %r2, 0\n l:\n mov %r3, %r10\n add %r3, -64\n mov %r4, %r2\n lsh %r4, 3\n"
	"add %r3, %r4\n stxdw [%r3+0], %r2\n add %r2, 1\n jlt %r2, 8, l\n"
	"ldxb %r5, [%r1+0]\n and %r5, 7\n lsh %r5, 3\n mov %r3, %r10\n add %r3, -64\n"
	"add %r3, %r5\n ldxdw %r0, [%r3+0]\n exit")
ACCEPTED(map_lookup_read_write,
	LOOKUP1 "jeq %r0, 0, +4\n ldxdw %r2, [%r0+24]\n add %r2, 1\n stxdw [%r0+24], %r2\n"
	"stb [%r0+31], 7\n mov %r0, 0\n exit")
ACCEPTED(map_null_check_on_copy,
	LOOKUP1 "mov %r6, %r0\n jne %r6, 0, +2\n mov %r0, 0\n exit\n ldxw %r0, [%r0+4]\n exit")
ACCEPTED(map_value_spilled_across_call,
	LOOKUP1 "jeq %r0, 0, +5\n stxdw [%r10-16], %r0\n call 5\n ldxdw %r1, [%r10-16]\n"
	"stxdw [%r1+0], %r0\n mov %r0, 0\n exit")
ACCEPTED(map_value_variable_offset,
	LOOKUP1 "jeq %r0, 0, +5\n ldxb %r2, [%r0+0]\n and %r2, 24\n add %r0, %r2\n"
	"ldxdw %r0, [%r0+0]\n exit\n mov %r0, 0\n exit")
ACCEPTED(map_update_and_delete,
	"stdw [%r10-8], 3\n stdw [%r10-40], 0\n stdw [%r10-32], 0\n stdw [%r10-24], 0\n"
	"stdw [%r10-16], 0\n mov %r2, %r10\n add %r2, -8\n mov %r3, %r10\n add %r3, -40\n"
	"mov %r4, 0\n lddw %r1, map_idx(1)\n call 2\n mov %r2, %r10\n add %r2, -8\n"
	"lddw %r1, map_idx(1)\n call 3\n exit")
ACCEPTED(map_key_from_map_value,
	LOOKUP2 "jeq %r0, 0, +4\n mov %r2, %r0\n lddw %r1, map_idx(2)\n call 1\n"
	"mov %r0, 0\n exit")
ACCEPTED(probe_read_then_read_stack,
	"ldxdw %r3, [%r1+8]\n mov %r1, %r10\n add %r1, -16\n mov %r2, 16\n call 4\n"
	"ldxdw %r0, [%r10-16]\n ldxdw %r1, [%r10-8]\n add %r0, %r1\n exit")
ACCEPTED(probe_read_variable_size,
	"ldxb %r2, [%r1+0]\n and %r2, 31\n ldxdw %r3, [%r1+8]\n mov %r1, %r10\n"
	"add %r1, -32\n call 4\n mov %r0, 0\n exit")
ACCEPTED(ctx_pointer_spill_fill,
	"stxdw [%r10-8], %r1\n mov %r1, 0\n ldxdw %r2, [%r10-8]\n ldxdw %r0, [%r2+56]\n exit")
ACCEPTED(output_helper_with_ctx_and_mem,
	"stdw [%r10-8], 5\n mov %r2, %r10\n add %r2, -8\n mov %r3, 8\n call 1000\n exit")
ACCEPTED(local_call_args_and_return,
	"mov %r1, 20\n mov %r2, 22\n mov %r6, 1\n call local add\n add %r0, %r6\n exit\n"
	"add:\n mov %r0, %r1\n add %r0, %r2\n exit")
ACCEPTED(local_call_writes_caller_stack,
	"mov %r1, %r10\n add %r1, -8\n call local f\n ldxdw %r0, [%r10-8]\n exit\n"
	"f:\n stdw [%r1+0], 42\n mov %r0, 0\n exit")
ACCEPTED(local_calls_nested,
	"mov %r1, 1\n call local a\n exit\n"
	"a:\n add %r1, 1\n call local b\n exit\n"
	"b:\n mov %r6, %r1\n stxdw [%r10-8], %r6\n ldxdw %r0, [%r10-8]\n exit")
/* clang drops the result of a static function nobody reads: its exit
 * leaves r0 unset, as Linux's verifier allows; reading it is refused */
ACCEPTED(local_call_without_result,
	"mov %r1, %r10\n add %r1, -8\n call local f\n mov %r0, 0\n exit\n"
	"f:\n stdw [%r1+0], 42\n exit")
REFUSED(local_call_unset_result_read, "r0 is read before it is written",
	"call local f\n add %r0, 1\n exit\n f:\n exit")
REFUSED(local_call_unset_result_returned, "r0 is not set before exit",
	"call local f\n exit\n f:\n exit")
ACCEPTED(local_call_returns_ctx_derived,
	"call local f\n ldxb %r0, [%r0+3]\n exit\n"
	"f:\n mov %r0, %r1\n exit")
/* ---- bpf_loop (helper 181) and its callback ------------------------ */

/* bpf_loop(N, cb, r10 + OFF, 0), then exit with the word at r10-8 */
#define LOOP(n, off) "mov %r1, " #n "\n lddw %r2, func(cb)\n mov %r3, %r10\n" \
	"add %r3, " #off "\n mov %r4, 0\n call 181\n"
ACCEPTED(loop_callback_sums_into_stack_ctx,
	"stdw [%r10-8], 0\n" LOOP(10, -8) "ldxdw %r0, [%r10-8]\n exit\n"
	"cb:\n ldxdw %r3, [%r2+0]\n add %r3, %r1\n stxdw [%r2+0], %r3\n"
	"mov %r0, 0\n exit")
ACCEPTED(loop_null_ctx_and_stop,
	"mov %r1, 3\n lddw %r2, func(cb)\n mov %r3, 0\n mov %r4, 0\n call 181\n exit\n"
	"cb:\n mov %r0, 1\n exit")
ACCEPTED(loop_map_value_ctx,
	"mov %r1, 3\n lddw %r2, func(cb)\n lddw %r3, map_idx_value(0)+0\n"
	"mov %r4, 0\n call 181\n exit\n"
	"cb:\n stxdw [%r2+8], %r1\n mov %r0, 0\n exit")
/* the index is below nr_loops: 10 slots of 8 bytes from r10-80 */
#define INDEXED(n) "stdw [%r10-8], 0\n" LOOP(n, -80) "mov %r0, 0\n exit\n" \
	"cb:\n lsh %r1, 3\n add %r2, %r1\n stdw [%r2+0], 1\n mov %r0, 0\n exit"
ACCEPTED(loop_index_below_nr_loops, INDEXED(10))
REFUSED(loop_index_past_ctx, "reach above the frame", INDEXED(11))
ACCEPTED(loop_nested,
	"stdw [%r10-8], 0\n" LOOP(4, -8) "ldxdw %r0, [%r10-8]\n exit\n"
	"cb:\n mov %r3, %r2\n mov %r1, 5\n lddw %r2, func(inner)\n mov %r4, 0\n"
	"call 181\n mov %r0, 0\n exit\n"
	"inner:\n ldxdw %r3, [%r2+0]\n add %r3, 1\n stxdw [%r2+0], %r3\n mov %r0, 0\n exit")
REFUSED(loop_callback_returns_2, "At callback return the register R0 has smin=2 smax=2",
	LOOP(10, -8) "exit\n cb:\n mov %r0, 2\n exit")
REFUSED(loop_callback_returns_pointer, "At callback return the register R0 (map pointer) should have been in [0, 1]",
	LOOP(10, -8) "exit\n cb:\n lddw %r0, map_idx(0)\n exit")
REFUSED(loop_callback_writes_past_ctx, "above the frame",
	"stdw [%r10-8], 0\n" LOOP(10, -8) "exit\n cb:\n stdw [%r2+8], 1\n mov %r0, 0\n exit")
REFUSED(loop_callback_not_func, "r2 is a scalar, not a function pointer",
	"mov %r1, 1\n mov %r2, 0\n mov %r3, 0\n mov %r4, 0\n call 181\n exit")
REFUSED(loop_ctx_is_context, "r3 is a context pointer, not a pointer to the stack or a map value, nor NULL",
	"mov %r3, %r1\n mov %r1, 1\n lddw %r2, func(cb)\n mov %r4, 0\n call 181\n exit\n"
	"cb:\n mov %r0, 0\n exit")
REFUSED(loop_func_arithmetic, "arithmetic on r2, a function pointer, is not allowed",
	"lddw %r2, func(cb)\n add %r2, 8\n mov %r0, 0\n exit\n cb:\n mov %r0, 0\n exit")
REFUSED(loop_func_outside, "outside the program",
	"lddw %r2, func(+9)\n mov %r0, 0\n exit")
REFUSED(loop_through_callx, "bpf_loop, which calls back, only as call 181",
	"mov %r5, 181\n mov %r1, 1\n lddw %r2, func(cb)\n mov %r3, 0\n mov %r4, 0\n"
	"call %r5\n exit\n cb:\n mov %r0, 0\n exit")
REFUSED(loop_recursive_callback, "call depth exceeds 8 frames",
	LOOP(2, -8) "exit\n cb:\n mov %r1, 2\n lddw %r2, func(cb)\n mov %r3, 0\n"
	"mov %r4, 0\n call 181\n mov %r0, 0\n exit")
/* no callback has the context a tail call needs */
REFUSED(loop_tail_call_in_callback, "r1 must be the context pointer itself (is a scalar)",
	"mov %r6, %r1\n stxdw [%r10-8], %r6\n" LOOP(2, -8) "mov %r0, 0\n exit\n"
	"cb:\n ldxdw %r1, [%r2+0]\n lddw %r2, map_idx(2)\n mov %r3, 0\n call 12\n mov %r0, 0\n exit")
/* an iteration may find what an earlier one wrote in the context's
 * frame: a pointer spilled there is a pointer no more */
REFUSED(loop_spilled_pointer_forgotten, "scalar, not a pointer",
	"mov %r6, %r1\n stxdw [%r10-8], %r6\n" LOOP(2, -8) "mov %r0, 0\n exit\n"
	"cb:\n ldxdw %r3, [%r2+0]\n ldxb %r0, [%r3+0]\n stdw [%r2+0], 7\n mov %r0, 0\n exit")
/* a pointer the caller spilled where the callback's context points
 * stays a pointer (Linux's too) while no callback may overwrite it: the
 * context struct holds a map value pointer the callback adds through and
 * the caller reads through after the loop */
#define KEPT(cb) LOOKUP1 "jeq %r0, 0, +11\n stxdw [%r10-16], %r0\n" LOOP(4, -16) \
	"ldxdw %r1, [%r10-16]\n ldxdw %r0, [%r1+0]\n exit\n mov %r0, 0\n exit\n" \
	"cb:\n ldxdw %r3, [%r2+0]\n ldxdw %r4, [%r3+8]\n add %r4, %r1\n" \
	"stxdw [%r3+8], %r4\n" cb "mov %r0, 0\n exit"
ACCEPTED(loop_ctx_keeps_map_value_pointer, KEPT(""))
REFUSED(loop_callback_overwrites_kept_pointer, "offset -16 of frame 0 holds a map value pointer spilled before the callback: the callback may not overwrite it",
	KEPT("stw [%r2+4], 7\n"))
REFUSED(loop_nested_callback_overwrites_kept_pointer, "offset -16 of frame 0 holds a map value pointer spilled before the callback: the callback may not overwrite it",
	KEPT("mov %r3, %r2\n mov %r1, 2\n lddw %r2, func(inner)\n mov %r4, 0\n call 181\n")
	"\n inner:\n stdw [%r2+0], 0\n mov %r0, 0\n exit")
/* a stack pointer spilled there is forgotten: through it the callback
 * would reach a frame whose bytes the walk does not forget (here main's
 * map value pointer, overwritten at index 0, then used) */
REFUSED(loop_spilled_stack_pointer_forgotten, "r3 is a scalar, not a pointer to memory",
	LOOKUP1 "jeq %r0, 0, +4\n stxdw [%r10-16], %r0\n mov %r1, %r10\n call local s\n"
	"mov %r0, 0\n exit\n"
	"s:\n stxdw [%r10-8], %r1\n" LOOP(2, -8) "mov %r0, 0\n exit\n"
	"cb:\n ldxdw %r3, [%r2+0]\n jne %r1, 0, +3\n stdw [%r3-16], 7\n mov %r0, 0\n exit\n"
	"ldxdw %r3, [%r3-16]\n ldxdw %r0, [%r3+0]\n mov %r0, 0\n exit")
REFUSED(loop_callback_leaks_reference, "Unreleased reference",
	LOOP(2, -8) "exit\n cb:\n lddw %r1, map_idx(3)\n mov %r2, 8\n mov %r3, 0\n"
	"call 131\n mov %r0, 0\n exit")
/* main is no subprogram (Linux: its global function is no callback,
 * and a call to it recurses): the JIT enters it through the run's frame */
REFUSED(loop_main_as_callback, "insn 0 (the main program) is no subprogram: no call or callback may start there",
	"top:\n jeq %r1, 0, +6\n mov %r1, 1\n lddw %r2, func(top)\n mov %r3, 0\n mov %r4, 0\n"
	"call 181\n mov %r0, 0\n exit")
REFUSED(local_call_to_main, "insn 0 (the main program) is no subprogram: no call or callback may start there",
	"top:\n jeq %r1, 0, +3\n mov %r1, 0\n call local top\n mov %r0, 0\n exit")
/* the caller's ring buffer record held across the loop, as Linux
 * allows: the callback cannot reach it (a spilled reference is forgotten) */
ACCEPTED(loop_caller_holds_reference_across_the_call,
	"lddw %r1, map_idx(3)\n mov %r2, 8\n mov %r3, 0\n call 131\n jeq %r0, 0, +11\n"
	"mov %r6, %r0\n" LOOP(2, -8) "mov %r1, %r6\n mov %r2, 0\n call 132\n"
	"mov %r0, 0\n exit\n cb:\n mov %r0, 0\n exit")
/* bpf_for_each_map_elem(MAP, cb, r10-8, 0): cb(map, key, value, ctx) */
#define FOR_EACH(map) "stdw [%r10-8], 0\n lddw %r1, map_idx(" #map ")\n" \
	"lddw %r2, func(cb)\n mov %r3, %r10\n add %r3, -8\n mov %r4, 0\n call 164\n"
ACCEPTED(for_each_array_sums_values_into_ctx,
	FOR_EACH(2) "ldxdw %r0, [%r10-8]\n exit\n"
	"cb:\n ldxdw %r0, [%r3+0]\n ldxw %r1, [%r2+0]\n add %r0, %r1\n"
	"ldxdw %r1, [%r4+0]\n add %r1, %r0\n stxdw [%r4+0], %r1\n mov %r0, 0\n exit")
ACCEPTED(for_each_hash_reads_key_and_value,
	FOR_EACH(1) "mov %r0, 0\n exit\n"
	"cb:\n ldxdw %r0, [%r2+0]\n stxdw [%r3+24], %r0\n mov %r0, 1\n exit")
/* the key is the helper's, gone once it returns: kept only in the
 * callback's own frame and above */
REFUSED(for_each_key_outlives_the_callback, "storing r2, a map key pointer, into frame 0 would outlive the key",
	FOR_EACH(2) "ldxdw %r1, [%r10-8]\n jeq %r1, 0, +2\n ldxw %r0, [%r1+0]\n exit\n"
	"mov %r0, 0\n exit\n cb:\n stxdw [%r4+0], %r2\n mov %r0, 0\n exit")
REFUSED(for_each_writes_key, "write into a key of map 't' (r2): the callback's key is read-only",
	FOR_EACH(2) "exit\n cb:\n stw [%r2+0], 1\n mov %r0, 0\n exit")
REFUSED(for_each_reads_past_value, "outside its 8 bytes",
	FOR_EACH(2) "exit\n cb:\n ldxdw %r0, [%r3+8]\n mov %r0, 0\n exit")
REFUSED(for_each_ringbuf, "cannot pass map_type 27 (ringbuf) into func bpf_for_each_map_elem#164",
	FOR_EACH(3) "exit\n cb:\n mov %r0, 0\n exit")
REFUSED(for_each_through_callx, "bpf_for_each_map_elem, which calls back, only as call 164",
	"mov %r5, 164\n lddw %r1, map_idx(2)\n lddw %r2, func(cb)\n mov %r3, 0\n mov %r4, 0\n"
	"call %r5\n exit\n cb:\n mov %r0, 0\n exit")
ACCEPTED(direct_map_value,
	"lddw %r1, map_idx_value(0)+8\n ldxdw %r0, [%r1+0]\n stdw [%r1-8], 1\n exit")
ACCEPTED(atomics_on_stack,
	"stdw [%r10-8], 1\n mov %r2, 5\n lock fetch add [%r10-8], %r2\n"
	"lock and32 [%r10-4], %r2\n mov %r0, 1\n lock cmpxchg [%r10-8], %r2\n"
	"lock xchg [%r10-8], %r2\n ldxdw %r0, [%r10-8]\n exit")
ACCEPTED(atomics_on_map_value,
	LOOKUP1 "jeq %r0, 0, +3\n mov %r2, 1\n lock add [%r0+8], %r2\n lock fetch or32 [%r0+4], %r2\n"
	"mov %r0, 0\n exit")
ACCEPTED(jmp32_bound,
	"ldxw %r2, [%r1+0]\n jge32 %r2, 60, +3\n add %r1, %r2\n ldxw %r0, [%r1+0]\n exit\n"
	"mov %r0, 0\n exit")
ACCEPTED(signed_bounds,
	"ldxsb %r2, [%r1+0]\n jslt %r2, 0, +4\n jsgt %r2, 56, +3\n add %r1, %r2\n"
	"ldxdw %r0, [%r1+0]\n exit\n mov %r0, 0\n exit")
/* negative bytes are above 10 unsigned: r2 is 0..10 */
ACCEPTED(unsigned_check_of_signed_load,
	"ldxsb %r2, [%r1+0]\n jgt %r2, 10, +3\n add %r1, %r2\n ldxb %r0, [%r1+0]\n"
	"exit\n mov %r0, 0\n exit")
ACCEPTED(bound_on_copy,
	"ldxdw %r2, [%r1+0]\n mov %r3, %r2\n jgt %r3, 63, +3\n add %r1, %r2\n"
	"ldxb %r0, [%r1+0]\n exit\n mov %r0, 0\n exit")
ACCEPTED(mov32_and_mask,
	"ldxdw %r2, [%r1+0]\n mov32 %r2, %r2\n and %r2, 63\n add %r1, %r2\n"
	"ldxb %r0, [%r1+0]\n exit")
ACCEPTED(mod_as_bound,
	"ldxdw %r2, [%r1+0]\n mod %r2, 60\n add %r1, %r2\n ldxw %r0, [%r1+0]\n exit")
ACCEPTED(rsh_as_bound,
	"ldxb %r2, [%r1+0]\n rsh %r2, 2\n add %r1, %r2\n ldxb %r0, [%r1+0]\n exit")
ACCEPTED(var_stack_read_initialized,
	"stdw [%r10-16], 1\n stdw [%r10-8], 2\n ldxb %r2, [%r1+0]\n and %r2, 8\n"
	"mov %r3, %r10\n sub %r3, %r2\n ldxdw %r0, [%r3-8]\n exit")
ACCEPTED(stack_pointer_difference,
	"mov %r2, %r10\n add %r2, -24\n mov %r0, %r10\n sub %r0, %r2\n exit")
ACCEPTED(callx_known_helper,
	"mov %r2, 7\n call %r2\n exit")
ACCEPTED(division_by_zero_is_defined,
	"ldxdw %r2, [%r1+0]\n mov %r0, 10\n div %r0, %r2\n mod %r0, 0\n exit")

/* Thirty branches one after the other would be 2^30 paths; the walk must
 * prune each one where it joins (r0 is unknown either way, r3 dead). */
TEST(pruning_keeps_diamonds_linear)
{
	char text[8192] = "ldxdw %r0, [%r1+0]\n mov %r6, %r1\n";
	struct bpf_verifier_stats st;
	struct bpf_insn *insns;
	size_t len;
	char log[256];
	int i;

	for (i = 0; i < 30; i++)
		snprintf(text + strlen(text), sizeof(text) - strlen(text),
			 "ldxb %%r2, [%%r6+%d]\n jeq %%r2, 0, +2\n mov %%r3, %d\n"
			 "add %%r0, %%r3\n", i, i);
	strcat(text, "and %r0, 1\n exit\n");
	if (!CHECK(bpf_asm(text, &insns, &len, log, sizeof(log)) == 0))
		return;
	CHECK_EQ(bpf_verify(insns, len, test_env(), log, sizeof(log), &st), 0);
	CHECK(st.insns_processed < 2000);
	eb_port_free(insns);
}

/* Counting context bytes: 2^64 paths unless those differing only in the
 * count (a value nothing checks) prune each other. */
TEST(pruning_ignores_values_that_do_not_matter)
{
	struct bpf_verifier_stats st;
	struct bpf_insn *insns;
	size_t len;
	char log[256];

	if (!CHECK(bpf_asm("mov %r0, 0\n mov %r2, 0\n l:\n mov %r3, %r1\n"
			   "add %r3, %r2\n ldxb %r4, [%r3+0]\n jeq %r4, 0, +1\n"
			   "add %r0, 1\n add %r2, 1\n jlt %r2, 64, l\n exit",
			   &insns, &len, log, sizeof(log)) == 0))
		return;
	CHECK_EQ(bpf_verify(insns, len, test_env(), log, sizeof(log), &st), 0);
	CHECK(st.insns_processed < 5000);
	CHECK(st.states_pruned > 0);
	eb_port_free(insns);
}

/* The conformance program type: the memory is writable. */
TEST(writable_context)
{
	struct bpf_verifier_env env = { .ctx_size = 16, .ctx_writable = true,
					.ctx_size_in_r2 = true };
	char log[256];

	CHECK_EQ(verify_env("stxdw [%r1+8], %r2\n ldxdw %r0, [%r1+8]\n exit",
			    &env, log, sizeof(log)), 0);
	CHECK(verify_env("stxdw [%r1+8], %r1\n mov %r0, 0\n exit", &env, log,
			 sizeof(log)) < 0);
	CHECK(strstr(log, "would leak it"));
}

/* ---- programs a compiler made --------------------------------------- */

/* Each program of tests/host/bpf_verifier_progs (built by the suite's
 * make rules into $BPF_VPROG_DIR, build/host/bpf_verifier_progs by
 * default) is accepted for the 64-byte read-only context. */
TEST(compiled_programs_accepted)
{
	struct bpf_verifier_env env = { .ctx_size = 64 };
	struct bpf_verifier_stats st;
	const char *dir = getenv("BPF_VPROG_DIR");
	DIR *d;
	struct dirent *e;
	char path[512], log[512];
	int n = 0;

	if (!dir)
		dir = "build/host/bpf_verifier_progs";
	if (!CHECK((d = opendir(dir))))
		return;
	while ((e = readdir(d))) {
		static struct bpf_insn insns[4096];
		size_t len;
		FILE *f;
		int r;

		if (!strstr(e->d_name, ".bin"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (!CHECK((f = fopen(path, "rb"))))
			continue;
		len = fread(insns, sizeof(insns[0]), 4096, f);
		fclose(f);
		r = bpf_verify(insns, len, &env, log, sizeof(log), &st);
		printf("  %s: %zu insns, %u processed, %u pruned%s%s\n",
		       e->d_name, len, st.insns_processed, st.states_pruned,
		       r ? ": " : "", r ? log : "");
		CHECK_EQ(r, 0);
		n++;
	}
	closedir(d);
	CHECK(n >= 6);
}

/* ---- the conformance suite ---------------------------------------- */

/* The suite's tests/ directory under $BPF_CONFORMANCE_DIR (default
 * ../shared/bpf-conformance; the test is skipped when it is missing). */
#define CONFORMANCE_DIR "../shared/bpf-conformance"

static uint64_t
unwind(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5)
{
	return r1;
}

/* The suite's helper 5 (uBPF's unwind) takes one number. */
static const struct bpf_func_proto *
conformance_proto(uint32_t id)
{
	static const struct bpf_func_proto unwind_proto = {
		.func = unwind, .ret_type = RET_INTEGER,
		.arg_type = { ARG_ANYTHING }, .unwind_on_zero = true,
	};

	return id == 5 ? &unwind_proto : NULL;
}

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	long n;

	if (f && !fseek(f, 0, SEEK_END) && (n = ftell(f)) >= 0) {
		rewind(f);
		buf = calloc(1, n + 1);
		if (fread(buf, 1, n, f) != (size_t)n)
			buf[0] = '\0';
	}
	if (f)
		fclose(f);
	return buf;
}

/* The text of section "-- name" of a case file (up to the next "--"),
 * NUL-terminated in place; NULL if absent. */
static char *
section(char *text, const char *name)
{
	char *s = strstr(text, name), *e;

	if (!s)
		return NULL;
	s = strchr(s, '\n');
	if (!s)
		return NULL;
	s++;
	if ((e = strstr(s, "\n--")))
		e[1] = '\0';
	return s;
}

/* Every case of the conformance suite is accepted, with env as the VM's
 * conformance runner sets it: r1 the memory (writable), r2 its length. */
TEST(conformance_cases_accepted)
{
	struct bpf_verifier_env env = {
		.ctx_writable = true, .ctx_size_in_r2 = true,
		.get_func_proto = conformance_proto,
	};
	const char *top = host_test_data_dir("BPF_CONFORMANCE_DIR",
		CONFORMANCE_DIR, "copy tests/ of "
		"https://github.com/Alan-Jowett/bpf_conformance there");
	char dir[512], path[1024], log[512];
	struct dirent *e;
	int total = 0, ok = 0;
	DIR *d;

	if (!top)
		return;
	snprintf(dir, sizeof(dir), "%s/tests", top);
	if (!CHECK((d = opendir(dir))))
		return;
	while ((e = readdir(d))) {
		char *text, *mem, *prog, *p;

		if (!strstr(e->d_name, ".data"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (!(text = slurp(path)))
			continue;
		env.ctx_size = 0;
		if ((mem = strstr(text, "-- mem")))
			for (p = strtok(section(mem, "-- mem"), " \n"); p;
			     p = strtok(NULL, " \n"))
				env.ctx_size++;	/* one hex byte each */
		free(text);
		text = slurp(path);
		if (!(prog = section(text, "-- asm"))) {
			free(text);
			continue;	/* raw-only cases are the VM's to run */
		}
		total++;
		if (verify_env(prog, &env, log, sizeof(log)) == 0)
			ok++;
		else
			fprintf(stderr, "  %s refused: %s\n", e->d_name, log);
		free(text);
	}
	closedir(d);
	printf("conformance: %d of %d cases accepted\n", ok, total);
	CHECK_EQ(ok, total);
}

/* ---- frozen .rodata: constants the program can never change ---------- */

/* A frozen read-only one-entry array, as the object loader makes of
 * .rodata: u32 0 at 0, u32 5 at 4, s8 -1 at 8. */
static const struct bpf_verifier_env *
rodata_env(void)
{
	static const struct bpf_map_def def = {
		BPF_MAP_TYPE_ARRAY, 4, 16, 1, BPF_F_RDONLY_PROG
	};
	static struct bpf_map *ro[1];
	static struct bpf_verifier_env env = {
		.ctx_size = 64, .maps = ro, .nr_maps = 1,
		.get_func_proto = test_proto, .insn_budget = 100000,
	};
	uint32_t zero = 0, val[4] = { 0, 5, 0xff, 0 };
	char err[128];

	if (!ro[0]) {
		CHECK_EQ(bpf_map_create(&def, "rodata", &ro[0], err, sizeof(err)), 0);
		CHECK_EQ(bpf_map_update_elem(ro[0], &zero, val, BPF_ANY), 0);
		eb_bpf_map_freeze(ro[0]);
	}
	return &env;
}

/* r1 = the value; the knob (a load of r1's) decides whether "call 9999",
 * a helper no program has, is walked */
#define RODATA "lddw %r1, map_idx_value(0)+0\n"
#define DEAD_CALL_UNLESS(load, cond) RODATA load cond " +1\n call 9999\n" \
	"mov %r0, 0\n exit"

/* Linux's bpf_map_direct_read: only a known offset of a frozen
 * BPF_F_RDONLY_PROG map is a constant, read as the load reads it */
TEST(rodata_reads_are_constants_only_where_known)
{
	const struct bpf_verifier_env *env = rodata_env();
	char log[512];

	CHECK_EQ(verify_env(DEAD_CALL_UNLESS("ldxw %r2, [%r1+0]\n", "jeq %r2, 0,"),
			    env, log, sizeof(log)), 0);
	refused_env(DEAD_CALL_UNLESS("ldxw %r2, [%r1+4]\n", "jeq %r2, 0,"), env,
		    "invalid func");
	/* sign-extended: -1, not 255 */
	CHECK_EQ(verify_env(DEAD_CALL_UNLESS("ldxsb %r2, [%r1+8]\n", "jslt %r2, 0,"),
			    env, log, sizeof(log)), 0);
	refused_env(DEAD_CALL_UNLESS("ldxb %r2, [%r1+8]\n", "jslt %r2, 0,"), env,
		    "invalid func");
	/* a variable offset (0 or 4) reads either */
	refused_env("mov %r6, %r1\n" RODATA "ldxb %r3, [%r6+0]\n and %r3, 4\n"
		    "add %r1, %r3\n ldxw %r2, [%r1+0]\n jeq %r2, 0, +1\n call 9999\n"
		    "mov %r0, 0\n exit", env, "invalid func");
	/* more bytes than are left */
	refused_env(RODATA "ldxdw %r2, [%r1+12]\n mov %r0, 0\n exit", env,
		    "outside its 16 bytes");
}

/* Nothing a program does writes it: stores, atomics, through a spilled
 * copy, a helper's destination, a for_each callback's value; the host's
 * update and delete are -EPERM (so the BPF helpers' too) */
TEST(rodata_is_never_written)
{
	const struct bpf_verifier_env *env = rodata_env();
	uint32_t zero = 0, val[4] = { 1, 1, 1, 1 };

	refused_env(RODATA "stw [%r1+0], 1\n mov %r0, 0\n exit", env,
		    "write into read-only map 'rodata'");
	refused_env(RODATA "mov %r2, 1\n lock add32 [%r1+0], %r2\n mov %r0, 0\n exit",
		    env, "write into read-only map 'rodata'");
	refused_env(RODATA "mov %r2, 1\n lock fetch add32 [%r1+0], %r2\n mov %r0, 0\n exit",
		    env, "write into read-only map 'rodata'");
	refused_env(RODATA "stxdw [%r10-8], %r1\n ldxdw %r4, [%r10-8]\n add %r4, 4\n"
		    "stw [%r4+0], 1\n mov %r0, 0\n exit", env,
		    "write into read-only map 'rodata'");
	refused_env(RODATA "mov %r2, 4\n mov %r3, 0\n call 113\n mov %r0, 0\n exit",
		    env, "write into read-only map 'rodata'");
	refused_env(RODATA "mov %r2, 16\n call 16\n mov %r0, 0\n exit", env,
		    "write into read-only map 'rodata'");
	refused_env("lddw %r1, map_idx(0)\n lddw %r2, func(cb)\n mov %r3, 0\n"
		    "mov %r4, 0\n call 164\n mov %r0, 0\n exit\n"
		    "cb:\n stw [%r3+0], 1\n mov %r0, 0\n exit", env,
		    "write into read-only map 'rodata'");
	CHECK_EQ(bpf_map_update_elem(env->maps[0], &zero, val, BPF_ANY), -EPERM);
	CHECK_EQ(bpf_map_delete_elem(env->maps[0], &zero), -EPERM);
	CHECK_EQ(((uint32_t *)bpf_map_lookup_elem(env->maps[0], &zero))[1], 5u);
}

/* A call no program has is walked on every path that reaches it, so
 * compiling it as a stop (predecode.c) never changes a run: a constant
 * one path of two sets decides it after the paths meet, where the first
 * path's state is stored (pruning must not take the second for it) */
REFUSED(dead_call_pruned_path_walked, "invalid func",
	"ldxb %r3, [%r1+0]\n mov %r2, 0\n jeq %r3, 0, +1\n mov %r2, 1\n"
	"mov %r4, 0\n mov %r5, 0\n jeq %r2, 0, +1\n call 9999\n mov %r0, 0\n exit")
REFUSED(dead_call_in_subprogram_walked, "invalid func",
	"ldxb %r1, [%r1+0]\n call local f\n mov %r1, 1\n call local f\n exit\n"
	"f:\n jeq %r1, 0, +1\n call 9999\n mov %r0, 0\n exit")
/* an atomic's fetched old value, cmpxchg's r0, are unknown: a branch on
 * them walks both ways */
REFUSED(dead_call_after_fetch_walked, "invalid func",
	"mov %r6, %r1\n" LOOKUP1 "jeq %r0, 0, +10\n ldxb %r3, [%r6+0]\n and %r3, 3\n lsh %r3, 3\n"
	"add %r0, %r3\n mov %r2, 0\n lock fetch add [%r0+0], %r2\n jeq %r2, 0, +1\n"
	"call 9999\n mov %r0, 0\n exit\n mov %r0, 0\n exit")
REFUSED(dead_call_after_cmpxchg_walked, "invalid func",
	LOOKUP1 "jeq %r0, 0, +7\n mov %r1, %r0\n mov %r0, 0\n mov %r2, 0\n"
	"lock cmpxchg [%r1+0], %r2\n jeq %r0, 0, +1\n call 9999\n mov %r0, 0\n exit")
/* a 32-bit atomic at a variable 4-aligned offset, a u64's halves */
ACCEPTED(atomic32_map_value_var_offset,
	"mov %r6, %r1\n" LOOKUP1 "jeq %r0, 0, +6\n ldxb %r3, [%r6+0]\n and %r3, 7\n lsh %r3, 2\n"
	"add %r0, %r3\n mov %r2, 1\n lock add32 [%r0+0], %r2\n mov %r0, 0\n exit")
/* a ring buffer record's atomics end at its submit */
REFUSED(atomic_ringbuf_after_submit, "r6 is read before it is written",
	RESERVE(16) "jeq %r0, 0, out\n mov %r6, %r0\n" SUBMIT(%r0)
	"mov %r2, 1\n lock add [%r6+0], %r2\n" OUT_EXIT)

/* ---- each frame's stack depth, each call chain's (verifier_stack.c) -- */

/* Verifies text; *depth gets env.stack_depth of insn at, *chain the
 * deepest chain's bytes. Returns the verifier's result. */
static int
depth_of(const char *text, size_t at, unsigned *depth, unsigned *chain)
{
	struct bpf_verifier_env env = *test_env();
	struct bpf_verifier_stats stats = { 0 };
	uint16_t frames[64] = { 0 };
	struct bpf_insn *insns;
	char log[512];
	size_t len;
	int r;

	if (bpf_asm(text, &insns, &len, log, sizeof(log)) || len > 64)
		return -1000;
	env.stack_depth = frames;
	r = bpf_verify(insns, len, &env, log, sizeof(log), &stats);
	if (r)
		fprintf(stderr, "  refused: %s\n", log);
	eb_port_free(insns);
	*depth = frames[at];
	*chain = stats.stack_depth;
	return r;
}

/* insn at's frame is want bytes deep (Linux's stack_depth rounded up to
 * 16, as with its JIT), the deepest chain want_chain. */
static void
depth_is(const char *text, size_t at, unsigned want, unsigned want_chain)
{
	unsigned depth = ~0u, chain = ~0u;

	CHECK_EQ(depth_of(text, at, &depth, &chain), 0);
	CHECK_EQ(depth, want);
	CHECK_EQ(chain, want_chain);
}

TEST(stack_depth_no_stack)
{
	depth_is("mov %r0, 0\n exit", 0, 0, 0);
}

TEST(stack_depth_direct_write)
{
	/* 24 bytes below r10: 24 rounded up to 32 */
	depth_is("stdw [%r10-24], 0\n mov %r0, 0\n exit", 1, 32, 32);
}

TEST(stack_depth_deepest_path)
{
	/* the deeper branch counts though the other is walked too */
	depth_is("ldxb %r2, [%r1+0]\n jeq %r2, 0, +2\n stb [%r10-200], 0\n ja +1\n"
		 "stb [%r10-8], 0\n mov %r0, 0\n exit", 0, 208, 208);
}

TEST(stack_depth_derived_pointer)
{
	/* r10-40+1: byte -39 is the deepest, 39 rounded to 48 */
	depth_is("mov %r1, %r10\n add %r1, -40\n stb [%r1+1], 0\n mov %r0, 0\n exit",
		 0, 48, 48);
}

TEST(stack_depth_helper_write)
{
	/* bpf_probe_read_kernel writes 72 bytes at r10-72: 80 */
	depth_is("mov %r1, %r10\n add %r1, -72\n mov %r2, 72\n mov %r3, 0\n"
		 "call 113\n mov %r0, 0\n exit", 0, 80, 80);
}

TEST(stack_depth_per_subprogram)
{
	/* main 8 bytes (16), f 100 (112): f's insns say f's */
	const char *p = "stdw [%r10-8], 0\n call local f\n mov %r0, 0\n exit\n"
			"f:\n stdw [%r10-100], 0\n mov %r0, 0\n exit";

	depth_is(p, 0, 16, 128);
	depth_is(p, 4, 112, 128);
	depth_is(p, 5, 112, 128);
}

TEST(stack_depth_callee_writes_callers_frame)
{
	/* f writes main's byte -200 through the pointer it is given: the
	 * depth is main's (208), f touches none of its own */
	const char *p = "mov %r1, %r10\n add %r1, -200\n call local f\n mov %r0, 0\n exit\n"
			"f:\n stb [%r1+0], 0\n mov %r0, 0\n exit";

	depth_is(p, 0, 208, 208);
	depth_is(p, 5, 0, 208);
}

TEST(stack_depth_callback_frame)
{
	/* bpf_loop's callback's 64 bytes sit on main's 16 */
	depth_is("stdw [%r10-8], 0\n" LOOP(3, -8) "mov %r0, 0\n exit\n"
		 "cb:\n stdw [%r10-64], 0\n mov %r0, 0\n exit", 0, 16, 80);
}

/* Linux's limit: a chain's frames fit in 512 together */
ACCEPTED(stack_chain_of_512,
	"stdw [%r10-256], 0\n call local f\n mov %r0, 0\n exit\n"
	"f:\n stdw [%r10-256], 0\n mov %r0, 0\n exit")
ACCEPTED(stack_one_frame_of_512,
	"stb [%r10-512], 0\n mov %r0, 0\n exit")
/* 257 + 256 = 513 bytes: main's frame rounds up to 272 */
REFUSED(stack_chain_of_513, "combined stack size of 2 calls is 528. Too large",
	"stb [%r10-257], 0\n call local f\n mov %r0, 0\n exit\n"
	"f:\n stdw [%r10-256], 0\n mov %r0, 0\n exit")
/* three frames, the text as Linux's */
TEST(stack_chain_of_three_refused_as_linux)
{
	char log[512];
	int r = verify_env("stdw [%r10-160], 0\n call local f\n mov %r0, 0\n exit\n"
			   "f:\n stdw [%r10-160], 0\n call local g\n mov %r0, 0\n exit\n"
			   "g:\n stdw [%r10-208], 0\n mov %r0, 0\n exit",
			   test_env(), log, sizeof(log));

	CHECK_EQ(r, -EINVAL);
	CHECK(!strcmp(log, "combined stack size of 3 calls is 528. Too large"));
}
/* two callees of 256 side by side: each chain is 512 */
ACCEPTED(stack_sibling_calls_do_not_add,
	"stdw [%r10-256], 0\n call local f\n call local g\n mov %r0, 0\n exit\n"
	"f:\n stdw [%r10-256], 0\n mov %r0, 0\n exit\n"
	"g:\n stdw [%r10-256], 0\n mov %r0, 0\n exit")
/* a callback is a frame above the function naming it, as Linux counts */
REFUSED(stack_chain_through_callback, "combined stack size of 2 calls is 528. Too large",
	"stdw [%r10-8], 0\n" LOOP(3, -8) "mov %r0, 0\n exit\n"
	"cb:\n stb [%r10-504], 0\n mov %r0, 0\n exit")
/* the callback named in main but handed to bpf_loop by f would run above
 * f (768 bytes in all), where the chains counted it above main (512) */
REFUSED(stack_callback_passed_down_refused, "is passed to a helper by a function that does not load its address",
	"stdw [%r10-256], 1\n lddw %r2, func(cb)\n call local f\n mov %r0, 0\n exit\n"
	"f:\n stdw [%r10-256], 2\n mov %r1, 1\n mov %r3, 0\n mov %r4, 0\n call 181\n"
	"mov %r0, 0\n exit\n"
	"cb:\n stdw [%r10-256], 3\n mov %r0, 0\n exit")

TEST(stack_depth_variable_offset_lowest_counts)
{
	/* f writes main's r10-256 + (0..240): the lowest offset counts, in
	 * main's frame (256) */
	depth_is("ldxb %r2, [%r1+0]\n and %r2, 0xf0\n mov %r1, %r10\n add %r1, -256\n"
		 "add %r1, %r2\n call local f\n mov %r0, 0\n exit\n"
		 "f:\n stb [%r1+0], 0\n mov %r0, 0\n exit", 0, 256, 256);
}
TEST(stack_depth_helper_variable_size)
{
	/* bpf_probe_read_kernel of 1..64 bytes at r10-64: the most counts */
	depth_is("ldxb %r2, [%r1+0]\n and %r2, 63\n add %r2, 1\n mov %r1, %r10\n add %r1, -64\n"
		 "mov %r3, 0\n call 113\n mov %r0, 0\n exit", 0, 64, 64);
}
TEST(stack_depth_callback_writes_callers_frame)
{
	/* only the callback writes main's -300, through its ctx pointer:
	 * main's frame is 304 */
	depth_is(LOOP(3, -300) "mov %r0, 0\n exit\n"
		 "cb:\n stdw [%r2+0], 1\n mov %r0, 0\n exit", 0, 304, 304);
}
TEST(stack_depth_not_hidden_by_pruning)
{
	/* two paths join with r2 0 or -240, in either order, then r10-16+r2
	 * is written (by main, by f): r2's value matters to the write, so
	 * neither path is pruned at the join and the deeper counts: 256 */
	depth_is("ldxb %r3, [%r1+0]\n mov %r2, 0\n jeq %r3, 0, +1\n mov %r2, -240\n"
		 "mov %r1, %r10\n add %r1, -16\n add %r1, %r2\n stb [%r1+0], 0\n"
		 "mov %r0, 0\n exit", 0, 256, 256);
	depth_is("ldxb %r3, [%r1+0]\n mov %r2, -240\n jeq %r3, 0, +1\n mov %r2, 0\n"
		 "mov %r1, %r10\n add %r1, -16\n add %r1, %r2\n call local f\n"
		 "mov %r0, 0\n exit\n f:\n stb [%r1+0], 0\n mov %r0, 0\n exit",
		 0, 256, 256);
}
