/*
 * The eBPF verifier: proves a program safe before it ever runs.
 *
 * It walks every path of the program (depth first, a stack of pending
 * branch states) with an abstract state: the type of each register
 * (scalar with value ranges, or one of the pointer kinds), what each stack
 * byte holds, and the call frames. A program is accepted only if every
 * load and store lands in memory it may use, every helper call matches the
 * helper's prototype, no pointer leaks into memory others read or into r0
 * at exit, and every path reaches exit within the instruction budget.
 * What cannot be proven is refused; the interpreter runs accepted programs
 * without further checks.
 *
 * Memory model the backends must provide for accepted programs: each
 * call frame (up to BPF_VERIFIER_MAX_CALL_DEPTH) has its own stack below
 * its r10, as deep as env.stack_depth says for its function (at most
 * BPF_STACK_SIZE, and a chain of frames at most that together); r1 at
 * entry points at the context.
 */
#ifndef EBREAK_BPF_VERIFIER_H
#define EBREAK_BPF_VERIFIER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <ebreak/bpf_insn.h>
#include "bpf/helpers.h"

struct bpf_map;

#define BPF_VERIFIER_MAX_CALL_DEPTH	8	/* frames, main included */
#define BPF_VERIFIER_DEFAULT_BUDGET	1000000	/* processed instructions */
#define BPF_VERIFIER_MAX_INSNS		1000000	/* program length */

/* What the program runs on: its type (the context) and the maps and
 * helpers it may use. */
struct bpf_verifier_env {
	/* r1 at entry points at ctx_size bytes of context. */
	uint32_t ctx_size;
	/* Tracing contexts are read-only; the conformance suite's memory
	 * buffer is readable and writable. */
	bool ctx_writable;
	/* The context is a traced function's arguments, a u64 each (then
	 * fexit's return value): reads only of whole 8-byte slots
	 * (TRACING programs). */
	bool ctx_args;
	/* When set, Linux's is_valid_access for the context (a perf_event
	 * program's): whether an access of size bytes at off (of the
	 * unmodified context pointer) is allowed; others are refused with
	 * Linux's texts ("invalid bpf_context access off=0 size=4"). */
	bool (*ctx_access)(int off, int size, bool write);
	/* A TRACING program's function, its FUNC's id in the kernel's BTF
	 * (eb_port_kernel_btf): a pointer argument to a struct or union is
	 * PTR_TO_BTF_ID, which loads go through fault-safe (Linux's
	 * BPF_PROBE_MEM). 0: arguments are numbers. */
	uint32_t attach_btf_id;
	/* Out, when non-NULL: one byte per instruction, set non-zero for
	 * each load through PTR_TO_BTF_ID (to run fault-safe). */
	uint8_t *probe_mem;
	/* Out, when non-NULL: per instruction, the bytes of stack its
	 * function's frame needs (verifier_stack.c: the deepest byte any
	 * path touched below its r10, rounded up to 16). */
	uint16_t *stack_depth;
	/* r0 at the program's exit is 0, as Linux's check_return_code
	 * has fentry and fexit programs return (TRACING programs). */
	bool ret_zero;
	/* r2 at entry holds ctx_size (the conformance suite's "mem length"). */
	bool ctx_size_in_r2;
	/* lddw with src BPF_PSEUDO_MAP_FD/IDX (map) or
	 * BPF_PSEUDO_MAP_VALUE/IDX_VALUE (value of a one-entry array map)
	 * names maps[imm]. */
	struct bpf_map *const *maps;
	size_t nr_maps;
	/* Helper prototypes by id, NULL for helpers not allowed; when this
	 * pointer is NULL, bpf_helper_proto. */
	bpf_get_func_proto_t get_func_proto;
	/* Instructions processed over all paths before giving up; 0 means
	 * BPF_VERIFIER_DEFAULT_BUDGET. */
	uint32_t insn_budget;
	/* Linux's allow_ptr_leaks, which privileged (tracing) loads have:
	 * a pointer may go to a helper as a number (trace_printk's %s of a
	 * stack buffer). Stores and r0 stay checked. */
	bool allow_ptr_leaks;
	/* The program's license is not GPL-compatible: helpers that are
	 * gpl_only are refused, as Linux refuses them. */
	bool not_gpl;
	/* Walk every path to its end, without pruning (exponentially slow):
	 * for tests checking that pruning never accepts what this refuses. */
	bool no_prune;
};

/* Counters of one verification, for benchmarks and tests. */
struct bpf_verifier_stats {
	uint32_t insns_processed;	/* over all paths */
	uint32_t states_stored;		/* at prune points */
	uint32_t states_pruned;		/* paths cut by a visited state */
	/* Not a counter: the 8-byte words of the context that some access
	 * reaches, bit n for bytes 8n..8n+7 (bit 63 for any beyond), so an
	 * attach point can refuse a program that reads what its events do
	 * not hold. */
	uint64_t ctx_words;
	/* Not a counter: the most call frames a path had at once, main
	 * included (a tail call from a subprogram needs them free). */
	uint32_t frames;
	/* Not a counter: the most stack bytes of one chain of calls, its
	 * frames' as env.stack_depth gives them (at most BPF_STACK_SIZE). */
	uint32_t stack_depth;
	/* Not a counter: a path calls bpf_get_attach_cookie, or
	 * bpf_tail_call (into a program that may): a run must set the
	 * hart's attach cookie for it (prog.h's run_ctx). */
	bool run_ctx;
	/* Not a counter: a path calls bpf_override_return (Linux's
	 * prog->kprobe_override): the program may make the probed
	 * function return at once (prog.h). */
	bool kprobe_override;
};

/*
 * Verifies insns[0..len) for env. Returns 0 if the program is safe, or
 * -EINVAL (unsafe or malformed: log says why), -E2BIG (too long, or the
 * instruction budget ran out before every path was proven), -ENOMEM.
 * On refusal log holds one line: `insn IDX (DISASSEMBLY): REASON`.
 * log may be NULL; stats (may be NULL) receives the counters.
 * Not in trap context (allocates).
 */
int bpf_verify(const struct bpf_insn *insns, size_t len,
	       const struct bpf_verifier_env *env, char *log, size_t logsize,
	       struct bpf_verifier_stats *stats);

#endif
