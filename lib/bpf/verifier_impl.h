/*
 * The verifier's insides, shared by its files (verifier*.c):
 *
 *   verifier.c            entry point, path exploration, error messages
 *   verifier_structure.c  static checks: opcodes, fields, jump targets;
 *                         prune points, register liveness and precision
 *                         (which values matter when comparing states)
 *   verifier_tnum.c       tnums: values with known and unknown bits
 *   verifier_scalar.c     scalar value ranges through ALU operations
 *   verifier_alu.c        ALU instructions: scalars, pointer arithmetic
 *   verifier_branch.c     conditional jumps: which way, and what they prove
 *   verifier_mem.c        loads, stores, atomics; the stack's contents
 *   verifier_call.c       helper calls, bpf-to-bpf calls, callbacks, exit
 *   verifier_state.c      state copies and pruning by subsumption
 *   verifier_ref.c        references: acquired, released, none leaked
 *   verifier_btf.c        a traced function's pointer arguments, typed by
 *                         the kernel's BTF, and loads through them
 *   verifier_stack.c      each call chain's stack; below a subprogram's tail call
 *
 * Names follow Linux's kernel/bpf/verifier.c where it has the concept;
 * the functions shared between the files are global symbols of the
 * library, so they carry eb_verifier_ (the tnums eb_tnum_) where Linux
 * has a bare name (check_alu is eb_verifier_check_alu).
 */
#ifndef EBREAK_BPF_VERIFIER_IMPL_H
#define EBREAK_BPF_VERIFIER_IMPL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "bpf/btf.h"
#include "bpf/verifier.h"

/*
 * A tnum ("tristate number") says which bits of a 64-bit value are known:
 * bit i is unknown if mask bit i is set, else it equals value bit i.
 * Invariant: value & mask == 0.
 */
struct tnum {
	uint64_t value;
	uint64_t mask;
};

/* verifier_tnum.c */
struct tnum eb_tnum_const(uint64_t v);
struct tnum eb_tnum_unknown(void);
struct tnum eb_tnum_range(uint64_t min, uint64_t max);
bool eb_tnum_is_const(struct tnum a);
bool eb_tnum_in(struct tnum outer, struct tnum inner);
struct tnum eb_tnum_intersect(struct tnum a, struct tnum b);
struct tnum eb_tnum_cast(struct tnum a, unsigned bytes);
struct tnum eb_tnum_add(struct tnum a, struct tnum b);
struct tnum eb_tnum_sub(struct tnum a, struct tnum b);
struct tnum eb_tnum_and(struct tnum a, struct tnum b);
struct tnum eb_tnum_or(struct tnum a, struct tnum b);
struct tnum eb_tnum_xor(struct tnum a, struct tnum b);
struct tnum eb_tnum_mul(struct tnum a, struct tnum b);
struct tnum eb_tnum_lshift(struct tnum a, unsigned shift);
struct tnum eb_tnum_rshift(struct tnum a, unsigned shift);
struct tnum eb_tnum_arshift(struct tnum a, unsigned shift);

enum bpf_reg_type {
	NOT_INIT = 0,		/* never written: unreadable */
	SCALAR_VALUE,		/* a number: var_off and the bounds */
	PTR_TO_CTX,		/* the context, + off + variable part */
	PTR_TO_STACK,		/* r10 of frame frameno, + off + variable */
	CONST_PTR_TO_MAP,	/* a map (for helper arguments only) */
	CONST_PTR_TO_MAP_OR_NULL, /* a map of maps' lookup before its null
				 * check: the inner map (map: the template) */
	PTR_TO_MAP_VALUE,	/* a value of map, + off + variable */
	PTR_TO_MAP_VALUE_OR_NULL, /* lookup result before its null check */
	PTR_TO_MEM,		/* mem_size bytes (a ring buffer record) */
	PTR_TO_MEM_OR_NULL,	/* reserve result before its null check */
	PTR_TO_BTF_ID,		/* a kernel struct or union (btf_id, in the
				 * kernel's BTF), + off; maybe NULL: loads
				 * through it are fault-safe, never stores */
	PTR_TO_FUNC,		/* a subprogram's address (lddw of
				 * BPF_PSEUDO_FUNC): off is its first insn */
	PTR_TO_MAP_KEY,		/* a key of map, read-only (a
				 * for_each_map_elem callback's r2) */
};

/*
 * One register. For a scalar, var_off and the bounds describe its value;
 * for a pointer, the value is base + off + a variable part that var_off
 * and the bounds describe (zero when the offset is constant).
 */
struct bpf_reg_state {
	uint8_t type;		/* enum bpf_reg_type */
	uint8_t frameno;	/* PTR_TO_STACK: the frame pointed into */
	int32_t off;		/* pointers: fixed offset */
	uint32_t id;		/* _OR_NULL: copies share it; 0 otherwise */
	uint32_t ref_obj_id;	/* pointers to an object the program must
				 * release: the reference's id; 0 otherwise */
	uint32_t mem_size;	/* PTR_TO_MEM kinds: the region's bytes */
	uint32_t btf_id;	/* PTR_TO_BTF_ID: the struct's kernel BTF id */
	const struct bpf_map *map; /* map kinds: which map */
	struct tnum var_off;
	int64_t smin, smax;	/* signed bounds */
	uint64_t umin, umax;	/* unsigned bounds */
};

/* What a stack byte holds. */
enum {
	STACK_INVALID = 0,	/* never written: unreadable */
	STACK_MISC,		/* some scalar bits */
	STACK_ZERO,		/* zero */
	STACK_SPILL,		/* part of a spilled register (whole slot) */
};

/* 8 stack bytes: slot i holds r10-8*(i+1) .. r10-8*i-1. */
struct bpf_stack_slot {
	uint8_t type[8];		/* per byte, by address */
	uint8_t pinned;			/* a spilled pointer no write may
					 * change while the callback in this
					 * frame number runs (0: none) */
	struct bpf_reg_state spilled;	/* when type[] is all STACK_SPILL */
};

#define BPF_STACK_SLOTS (BPF_STACK_SIZE / 8)

/* One call frame. Its stack grows (reallocated: do not keep pointers
 * into it across a write) as the program writes it. */
struct bpf_func_state {
	struct bpf_reg_state regs[MAX_BPF_REG];
	int32_t callsite;	/* index of the call insn; -1 in main; a
				 * helper call's for a callback's frame */
	uint32_t start;		/* the subprogram's first insn */
	uint32_t refs_in;	/* a callback's: the references its caller
				 * held (the first refs_in; it releases none) */
	uint32_t nslots;	/* slots allocated below r10 */
	struct bpf_stack_slot *stack;
};

struct state_node;

/* References a path may hold at once. */
#define BPF_MAX_REFS 16

/* A reference the path holds: an object the program acquired (a ring
 * buffer record) and must release before it exits. */
struct bpf_reference_state {
	uint32_t id;		/* the ref_obj_id of the pointers to it */
	uint32_t insn_idx;	/* where it was acquired */
};

/* The state of one path: its frames, innermost last, and the references
 * it holds (in all frames: a subprogram may return one to its caller). */
struct bpf_verifier_state {
	uint32_t curframe;
	struct bpf_func_state *frame[BPF_VERIFIER_MAX_CALL_DEPTH];
	uint32_t acquired_refs;
	struct bpf_reference_state refs[BPF_MAX_REFS];
	struct state_node *parent;	/* last stored state on this path */
	uint32_t insn_idx;
	uint32_t last_stored;		/* insns_processed when parent stored */
};

/* Per-instruction facts from the structure check. */
enum {
	INSN_PRUNE_POINT = 1,	/* a jump target or conditional fall-through */
	INSN_LDDW_HI = 2,	/* second slot of lddw: not an instruction */
	INSN_IN_SUBPROG = 4,	/* reachable from a local call's target */
	INSN_DECIDED = 8,	/* a conditional jump some path could not
				 * take both ways; pointer arithmetic
				 * checked against its scalar's bounds */
	INSN_ON_LIST = 16,	/* queued in work[] for eb_verifier_update_precision */
	INSN_BACK_EDGE = 32,	/* a jump back to an insn on its own path: a loop */
	INSN_SUB_START = 64,	/* a subprogram's first insn (0, call targets,
				 * BPF_PSEUDO_FUNC lddw targets) */
	INSN_SEEN = 128,	/* reached by eb_verifier_check_cfg's search */
};

struct verifier {
	const struct bpf_insn *insns;
	uint32_t len;
	const struct bpf_verifier_env *env;
	bpf_get_func_proto_t get_func_proto;
	uint32_t budget;
	char *log;
	size_t logsize;
	int error;			/* first error; later ones not logged */
	uint32_t idx;			/* insn being checked, for messages */

	uint8_t *insn_flags;		/* INSN_* per insn */
	uint16_t *sub_stack;		/* at a subprogram's first insn: the most
					 * stack bytes a path of it used */
	uint16_t *live_in;		/* registers read before written, per insn */
	uint16_t *precise_in;		/* registers whose value matters, per insn */
	bool mem_precise;		/* some value loaded from memory matters */
	uint32_t *pred_start, *preds;	/* predecessors of each insn */
	uint32_t *work, nwork;		/* insns whose precise_in may grow */

	struct bpf_verifier_state *cur;
	struct bpf_verifier_state **pending;	/* branches to explore */
	uint32_t npending, pending_cap;
	struct state_node **explored;	/* per insn, stored states */
	struct state_node *all_nodes;	/* every node, for freeing */
	size_t state_bytes;		/* memory held by stored states */
	uint32_t next_id;		/* for _OR_NULL, copy and reference ids */
	/* A TRACING program's: the kernel's BTF and its function's
	 * FUNC_PROTO (NULL without env->attach_btf_id), whose parameters
	 * from first_arg on are the context's (1 for a tracepoint's) */
	struct btf kbtf;
	bool kbtf_ready;	/* parsed: kbtf holds it */
	const struct btf_type *func_proto;
	uint32_t first_arg;
	struct bpf_verifier_stats stats;
};

/*
 * The functions shared between the files, with their contracts (the
 * comment above each definition says more). All run at load time, never
 * in trap context; "refuses" means: logs the first refusal through
 * eb_verifier_verbose and returns -EINVAL. Errors are 0 or -errno.
 */

/* verifier.c */
/* Refuses: logs `insn IDX (DISASM): REASON` (the first refusal only) and
 * returns -EINVAL. */
int eb_verifier_verbose(struct verifier *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The registers of the innermost frame of the path being walked. */
struct bpf_reg_state *eb_verifier_cur_regs(struct verifier *v);
/* A register type in words, for messages (static storage). */
const char *eb_verifier_reg_type_str(enum bpf_reg_type t);
/* t as Linux's verifier names it in its messages (reg_type_str:
 * "map_value_or_null", "scalar", "fp"...). */
const char *eb_verifier_reg_type_linux(enum bpf_reg_type t);
/* Whether t is a pointer that may be NULL (before its null check). */
bool eb_verifier_type_may_be_null(enum bpf_reg_type t);
/* Maybe-NULL type t once known not NULL (PTR_TO_MAP_VALUE_OR_NULL's
 * PTR_TO_MAP_VALUE...). */
enum bpf_reg_type eb_verifier_type_not_null(enum bpf_reg_type t);
/* Pushes a copy of the current state to continue at insn_idx; *pushed is
 * the copy. Returns 0, -E2BIG or -ENOMEM. */
int eb_verifier_push_branch(struct verifier *v, uint32_t insn_idx,
			    struct bpf_verifier_state **pushed);
/* Drops the branch just pushed (it turned out impossible). */
void eb_verifier_drop_branch(struct verifier *v);

/* verifier_structure.c: before the walk, in this order */
/* Encodings and jump targets; marks lddw halves and prune points.
 * Returns 0 or -EINVAL (logged). */
int eb_verifier_check_structure(struct verifier *v);
/* Subprograms and reachability; marks back edges. Returns 0, -EINVAL
 * (logged) or -ENOMEM. */
int eb_verifier_check_cfg(struct verifier *v);
/* Writes into buf the loop the walk is in at v->idx (for the message
 * when the budget runs out). */
void eb_verifier_name_loop(struct verifier *v, char *buf, size_t size);
/* Fills v->live_in and a first v->precise_in. Returns 0 or -ENOMEM. */
int eb_verifier_compute_liveness(struct verifier *v);
/* Queues insn_idx to have its precise_in recomputed. */
void eb_verifier_precision_changed(struct verifier *v, uint32_t insn_idx);
/* verifier_branch.c: marks the current insn INSN_DECIDED (its values
 * matter for pruning from now on). */
void eb_verifier_mark_decided(struct verifier *v);
/* Recomputes the queued precise_in sets and, as they change, their
 * predecessors'. */
void eb_verifier_update_precision(struct verifier *v);

/* verifier_scalar.c: a register's value, no errors */
/* reg = a scalar nothing is known about. */
void eb_verifier_mark_reg_unknown(struct bpf_reg_state *reg);
/* reg = the scalar v. */
void eb_verifier_mark_reg_known(struct bpf_reg_state *reg, uint64_t v);
/* reg = never written (unreadable). */
void eb_verifier_mark_reg_not_init(struct bpf_reg_state *reg);
/* reg = an unknown scalar of `bytes` bytes, zero-extended. */
void eb_verifier_mark_reg_subreg_unknown(struct bpf_reg_state *reg, unsigned bytes);
/* Whether reg is a scalar of one known value. */
bool eb_verifier_reg_is_const(const struct bpf_reg_state *reg);
/* Tightens reg's tnum and bounds by each other; false if they contradict
 * (no value fits: the branch cannot be taken). */
bool eb_verifier_reg_bounds_sync(struct bpf_reg_state *reg);
/* reg = an unknown scalar of `bytes` bytes, sign-extended. */
void eb_verifier_mark_reg_sext_unknown(struct bpf_reg_state *reg, unsigned bytes);
/* dst = dst op src for two scalars (op is BPF_OP, off the instruction's
 * offset field); dst is left a scalar without an id. */
void eb_verifier_scalar_alu(struct bpf_reg_state *dst, const struct bpf_reg_state *src,
			    uint8_t op, int16_t off, bool alu64);
/* BPF_END (le, be, bswap) of a scalar of `bits` bits. */
void eb_verifier_scalar_end(struct bpf_reg_state *reg, bool alu64, bool to_be, int bits);
/* movsx: reg = its low `bits` sign-extended. */
void eb_verifier_scalar_movsx(struct bpf_reg_state *reg, int bits, bool alu64);
/* mov32: reg = its low 32 bits, zero-extended. */
void eb_verifier_scalar_zext32(struct bpf_reg_state *reg);

/* verifier_alu.c */
/* Checks an ALU or ALU64 instruction and applies it to the state.
 * Returns 0 or -EINVAL (logged). */
int eb_verifier_check_alu(struct verifier *v, const struct bpf_insn *insn);
/* Returns 0, or refuses a read of a register never written. */
int eb_verifier_check_reg_read(struct verifier *v, int regno);
/* *src = the source operand (a written src_reg, or the immediate as a
 * known scalar). Returns 0 or refuses. */
int eb_verifier_read_source(struct verifier *v, const struct bpf_insn *insn,
			    struct bpf_reg_state *src);
/* Returns 0, or refuses a write to r10. */
int eb_verifier_check_reg_write(struct verifier *v, int regno);
/* Whether reg holds a pointer of any kind. */
bool eb_verifier_reg_is_pointer(const struct bpf_reg_state *reg);

/* verifier_branch.c */
/* Whether `a op b` (JMP32: the low halves) holds for every value of the
 * scalars (1), for none (0), or depends (-1). */
int eb_verifier_scalar_branch_taken(const struct bpf_reg_state *a,
				    const struct bpf_reg_state *b, uint8_t op, bool is32);
/* Narrows a and b to the values for which `a op b` is `taken`; false if
 * none is left. */
bool eb_verifier_scalar_branch(struct bpf_reg_state *a, struct bpf_reg_state *b,
			       uint8_t op, bool is32, bool taken);
/* Checks a conditional jump; *next is where this path goes on, a feasible
 * other way is pushed. Returns 0, 1 when neither way is possible (the path
 * ends), or -errno (logged). */
int eb_verifier_check_cond_jmp(struct verifier *v, const struct bpf_insn *insn,
			       uint32_t *next);

/* verifier_mem.c: each check returns 0 or -errno (logged) */
/* reg = a pointer of type t to offset 0 of its region. */
void eb_verifier_mark_ptr(struct bpf_reg_state *reg, enum bpf_reg_type t);
/* LDX: dst = *(size *)(src + off). */
int eb_verifier_check_load(struct verifier *v, const struct bpf_insn *insn);
/* ST and STX (BPF_MEM): *(size *)(dst + off) = imm or src. */
int eb_verifier_check_store(struct verifier *v, const struct bpf_insn *insn);
/* STX BPF_ATOMIC: add/and/or/xor (and fetch), xchg, cmpxchg. */
int eb_verifier_check_atomic(struct verifier *v, const struct bpf_insn *insn);
/* lddw: a 64-bit constant, a map, the address in a map's value or a
 * subprogram's. */
int eb_verifier_check_lddw(struct verifier *v, const struct bpf_insn *insn);
/* A helper's memory argument in regno: min_size..max_size bytes read
 * (initialized) or written (then marked written). */
int eb_verifier_check_helper_mem(struct verifier *v, int regno, uint64_t min_size,
				 uint64_t max_size, bool write);

/* verifier_call.c */
/* Whether fr is the frame of a callback a helper called (bpf_loop's),
 * not a subprogram's a local call entered. */
bool eb_verifier_is_callback_frame(const struct verifier *v,
				   const struct bpf_func_state *fr);
/* Checks a call and applies it; *next is where the path goes on.
 * Returns 0 or -errno (logged). */
int eb_verifier_check_call(struct verifier *v, const struct bpf_insn *insn,
			   uint32_t *next);
/* exit: 1 at the end of main (the path ends), 0 on a return to the caller
 * (*next set), or -errno (logged) if r0 is not fit to return. */
int eb_verifier_check_exit(struct verifier *v, uint32_t *next);

/* verifier_state.c */
/* A copy of src; NULL if out of memory. */
struct bpf_verifier_state *eb_verifier_copy_state(const struct bpf_verifier_state *src);
/* Frees a path state and its frames (NULL is ignored). */
void eb_verifier_free_state(struct bpf_verifier_state *st);
/* A frame with no stack written yet; NULL if out of memory. */
struct bpf_func_state *eb_verifier_alloc_frame(void);
/* Frees fr and its stack (NULL is ignored). */
void eb_verifier_free_frame(struct bpf_func_state *fr);
/* Frame frameno of the current state gets at least nslots stack slots
 * (pointers into its stack go stale). Returns 0 or -ENOMEM. */
int eb_verifier_grow_stack(struct verifier *v, uint32_t frameno, uint32_t nslots);
/* At a prune point: 1 if a stored state proves the path safe (prune it),
 * 0 to go on, or -errno (an endless loop: logged). */
int eb_verifier_is_state_visited(struct verifier *v);
/* The current path ended (exit or pruned). */
void eb_verifier_path_done(struct verifier *v);
/* A new path goes on from st's stored states. */
void eb_verifier_path_forked(struct bpf_verifier_state *st);
/* Frees every stored state. */
void eb_verifier_free_explored(struct verifier *v);
/* Calls fn(reg, slot, arg) on every register of st's frames and every
 * register spilled on their stacks (slot: its stack slot; NULL for a
 * register). */
void eb_verifier_for_each_reg(struct bpf_verifier_state *st,
			      void (*fn)(struct bpf_reg_state *reg,
					 struct bpf_stack_slot *slot, void *arg),
			      void *arg);

/* verifier_ref.c */
/* A new reference acquired at insn_idx: its id (> 0), or refuses when
 * the path holds BPF_MAX_REFS already. */
int eb_verifier_acquire_ref(struct verifier *v, uint32_t insn_idx);
/* st no longer holds reference id (the NULL side of a null check:
 * nothing was acquired). */
void eb_verifier_drop_ref(struct bpf_verifier_state *st, uint32_t id);
/* Releases reference id of the current path: every pointer carrying it,
 * in registers and stack, becomes unusable. */
void eb_verifier_release_ref(struct verifier *v, uint32_t id);
/* At the main program's exit: 0, or refuses if a reference is held. */
int eb_verifier_check_ref_leak(struct verifier *v, uint32_t held);

/* verifier_btf.c */
/* Parses the kernel's BTF for a TRACING program with
 * env->attach_btf_id. Returns 0 or -errno (logged). */
int eb_verifier_btf_init(struct verifier *v);
/* dst = PTR_TO_BTF_ID of the kernel's struct name (a helper's return
 * value: RET_PTR_TO_BTF_ID). Returns 0 or refuses (no BTF, no such
 * struct). */
int eb_verifier_ret_btf_struct(struct verifier *v, const char *name,
			       struct bpf_reg_state *dst);
/* dst = what a read of size bytes of context slot `slot` (a traced
 * function's argument, or fexit's return value) gives: PTR_TO_BTF_ID
 * for a whole pointer to a struct or union, a scalar for a number or a
 * pointer to void or an integer. Returns 0 or refuses (a pointer to
 * anything else, as Linux's btf_ctx_access). */
int eb_verifier_ctx_arg(struct verifier *v, uint32_t slot, int size,
			struct bpf_reg_state *dst);
/* LDX through reg (PTR_TO_BTF_ID in regno) at off, size bytes
 * (sign-extended if sext): dst = a pointer member's PTR_TO_BTF_ID or a
 * scalar; the insn is marked fault-safe. Returns 0 or refuses a
 * variable offset or a read outside the struct. */
int eb_verifier_btf_load(struct verifier *v, int regno,
			 const struct bpf_reg_state *reg, int16_t off,
			 int size, bool sext, struct bpf_reg_state *dst);

/* verifier_stack.c: after the walk */
/* Refuses a chain of calls whose frames' stack adds up to more than
 * BPF_STACK_SIZE, or a tail call in a subprogram whose callers' stack
 * adds up to 256 bytes or more (Linux's limits); else gives
 * env->stack_depth and stats.stack_depth. Returns 0, -EINVAL (logged)
 * or -ENOMEM. */
int eb_verifier_check_stack_depth(struct verifier *v);
/* Whether the function starting at insn start names callback cb (loads
 * its address): only there may it be passed to a helper, as its frame is
 * counted above the function naming it (the backends run it above the
 * helper's caller). */
bool eb_verifier_names_callback(const struct verifier *v, uint32_t start,
				uint32_t cb);

#endif
