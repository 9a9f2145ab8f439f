/*
 * The program object inside the library (opaque in <ebreak/bpf.h>, which
 * declares its lifecycle), and the lifecycle's forms for the library's
 * own tests: a program made from a verifier environment directly, with
 * the knobs no attach point needs (a writable context, its size in r2,
 * other helpers, the verifier's budget).
 *
 * Entry state: r1 = the context (env.ctx_size bytes); r2 = env.ctx_size if
 * env.ctx_size_in_r2 (the conformance suite passes memory and its length
 * this way); r10 = the top of the frame's stack, as deep as the verifier
 * found it (prog->stack_depth; at most BPF_STACK_SIZE for a whole chain).
 *
 * lddw pseudo forms (src_reg): BPF_PSEUDO_MAP_FD and BPF_PSEUDO_MAP_IDX
 * name env.maps[imm] (a map "fd" is its index here); BPF_PSEUDO_MAP_VALUE
 * and BPF_PSEUDO_MAP_IDX_VALUE name the value of one-entry array map
 * maps[imm], plus the second slot's imm as offset; BPF_PSEUDO_FUNC (imm
 * = target - pc - 1) a subprogram's address, a callback's, in the
 * backend's form (the interpreter's pre-decoded insn, the JIT's
 * function). prog->insns keeps them as loaded, for the verifier to
 * read.
 *
 * bpf-to-bpf calls (call, src_reg BPF_PSEUDO_CALL, imm = target - pc - 1)
 * run in a new frame with its own stack, right under the caller's;
 * r6-r10 are restored on return.
 * At most MAX_CALL_FRAMES frames (main included), as in Linux; across
 * tail calls made in subprograms too (tail_limit below).
 */
#ifndef EBREAK_BPF_PROG_H
#define EBREAK_BPF_PROG_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <ebreak/port.h>
#include <ebreak/bpf.h>
#include <ebreak/bpf_insn.h>
#include "bpf/helpers.h"
#include "bpf/map.h"
#include "bpf/verifier.h"

#define MAX_CALL_FRAMES BPF_VERIFIER_MAX_CALL_DEPTH

/* Tail calls one run may make (Linux's MAX_TAIL_CALL_CNT): the 34th
 * falls through, so a program tail-calling itself runs 34 times. */
#define MAX_TAIL_CALL_CNT 33

/* A run's tail call state as the JIT keeps it in one register: the
 * frames under the current one (bits 8 and up) and the tail calls left
 * (bits 0-7). A tail call made with state s into prog goes on only if
 * s <= prog->tail_limit. */
#define BPF_TAIL_DEPTH_SHIFT 8
#define BPF_TAIL_LEFT_MASK 0xff

/* A backend's run function: runs prog on ctx, returns r0. */
typedef uint64_t (*bpf_func_t)(void *ctx, const struct bpf_prog *prog);

struct bpf_prog {
	struct bpf_insn *insns;		/* owned copy, as loaded */
	uint32_t len;			/* in 8-byte slots */
	enum bpf_prog_type type;
	/* A TRACING program's (bpf_prog_opts'), else 0. */
	enum bpf_attach_type expected_attach_type;
	uint32_t attach_btf_id;
	/* Owned copy; env.maps is an owned array of the maps, each held
	 * (map.h's refcnt) until the program is freed; env.get_func_proto
	 * is never NULL. */
	struct bpf_verifier_env env;
	bool verified;			/* bpf_prog_verify succeeded */
	/* Owned, NULL if none: per instruction, non-zero for a load the
	 * verifier found through a kernel struct pointer (PTR_TO_BTF_ID),
	 * which the backends run fault-safe (a fault reads 0). */
	uint8_t *probe_mem;
	/* Owned, NULL until verified: per instruction, the stack bytes of
	 * its function's frame (the verifier's env.stack_depth), which the
	 * backends give each frame; and the most stack one chain of its
	 * calls takes (at most BPF_STACK_SIZE). */
	uint16_t *stack_depth;
	uint32_t chain_stack;
	uint64_t ctx_words;		/* the context's it reads (verifier.h) */
	/* It reads the attach cookie, or tail-calls a program that may
	 * (verifier.h): only its runs set the hart's (bpf_run_cookie_set). */
	bool run_ctx;
	/* It calls bpf_override_return (verifier.h): only a point whose
	 * ops->may_override allows it runs it. */
	bool kprobe_override;
	/* The deepest frame a tail call into it may be made from, in the
	 * tail call state's form (BPF_TAIL_DEPTH_SHIFT): its own frames
	 * (the verifier's count) must fit in MAX_CALL_FRAMES above that
	 * frame's callers. */
	uint64_t tail_limit;
	/* Set by bpf_prog_prepare (Linux's prog->bpf_func): how the
	 * program runs, and that backend's code, owned: the JIT's image
	 * (jited; its entry is bpf_func) of jited_len bytes in image_size
	 * bytes of eb_port_exec_alloc, or the interpreter's pre-decoded
	 * instructions (interp.h). NULL until then. */
	bpf_func_t bpf_func;
	void *image;
	bool jited;
	uint32_t jited_len, image_size;
	/* Where a JIT'd tail call into this program jumps: the image's
	 * entry past the tail call counter's start (bpf_jit.c). */
	const void *tail_func;
	/* The owner's reference and one per prog array slot holding it
	 * (prog_array.c); bpf_prog_free drops the owner's. */
	uint32_t refcnt;
	/* bpf_prog_reach's marks: the walk that last queued it, with how
	 * many tail calls it had left, and the next program in its queue.
	 * Attach lock held. */
	uint32_t reach_walk, reach_left;
	struct bpf_prog *reach_next;
	/* The JIT's unwind table for the image (core/cfi.h), owned. */
	struct eb_unwind_table *jit_unwind;
	/* Why the JIT did not compile it (bpf_jit_compile's -errno), 0 if
	 * it did or was not tried. */
	int jit_error;
	/* Per hart, written by that hart only (eb_bpf_link_run). */
	struct {
		uint64_t cnt, nsecs;
	} stats[EB_MAX_CPUS];
};

/* probe_mem.c: the size (1, 2, 4 or 8) bytes at addr, zero-extended,
 * or 0 if reading them faults: a load through PTR_TO_BTF_ID (probe_mem
 * above). Any context. */
uint64_t bpf_probe_mem_load(uintptr_t addr, uint64_t size);

/* The bytes a load or store of opcode code moves (BPF_SIZE: W, H, B,
 * DW). */
static inline unsigned
bpf_size_bytes(uint8_t code)
{
	static const uint8_t bytes[4] = { 4, 2, 1, 8 };

	return bytes[BPF_SIZE(code) >> 3];
}

/*
 * bpf_prog_create for env (copied) rather than bpf_prog_opts: a
 * BPF_PROG_TYPE_UNSPEC program, which no attach point takes. Same
 * returns. Not in trap context.
 */
int bpf_prog_create_env(const struct bpf_insn *insns, size_t len,
			const struct bpf_verifier_env *env,
			struct bpf_prog **progp, char *err, size_t errsize);

/* bpf_prog_load for env and type: create_env + verify + prepare. Not
 * in trap context. */
int bpf_prog_load_type(const struct bpf_insn *insns, size_t len,
		       const struct bpf_verifier_env *env,
		       enum bpf_prog_type type, struct bpf_prog **progp,
		       char *log, size_t logsize);

/* bpf_prog_verify + bpf_prog_prepare of created *progp: 0, or -errno
 * with *progp freed and NULL. Not in trap context. */
int bpf_prog_verify_prepare(struct bpf_prog **progp, char *log,
			    size_t logsize);

/* bpf_prog_load_type of a BPF_PROG_TYPE_UNSPEC program. Not in trap
 * context. */
int bpf_prog_load_env(const struct bpf_insn *insns, size_t len,
		      const struct bpf_verifier_env *env,
		      struct bpf_prog **progp, char *log, size_t logsize);

/*
 * The 64-bit constant lddw at insns[i] loads, its pseudo forms (maps,
 * map values) relocated: 0, or -EINVAL with `insn IDX (DISASSEMBLY):
 * REASON` in err for a map that does not exist or a value that cannot
 * be addressed. Not in trap context.
 */
int bpf_prog_lddw_value(const struct bpf_prog *prog, size_t i, uint64_t *v,
			char *err, size_t errsize);

/* Gives back the code bpf_prog_prepare made for prog (its JIT image or
 * pre-decoded instructions): unprepared again. Not in trap context; no
 * hart runs the code any more. load.c. */
void bpf_prog_unprepare(struct bpf_prog *prog);

/* Refuses insn i of prog: `insn IDX (DISASSEMBLY): WHY` in err; returns
 * -EINVAL. Not in trap context. */
int bpf_prog_refuse(const struct bpf_prog *prog, size_t i, char *err,
		    size_t errsize, const char *why);

/*
 * Do the four slots before the map_lookup_elem call at c set its
 * arguments as clang does for a key on the stack: `lddw r1, MAP` and
 * `mov r2, r10; add r2, OFF`, in either order? Then *lddw is the lddw's
 * index and *key_off OFF. A jump into the middle is the caller's to rule
 * out. Any context.
 */
bool bpf_prog_lookup_args(const struct bpf_prog *prog, size_t c, size_t *lddw,
			  int16_t *key_off);

/*
 * The prog arrays prog's code names (lddw of the map): each takes prog's
 * type, backend and writability, and its context size as one its slots'
 * programs may not read past, or refuses it (-EINVAL, `insn IDX
 * (DISASSEMBLY): prog array 'NAME' ...` in err; then none took any) if
 * its programs are of others or read more (Linux's
 * bpf_prog_map_compatible). Prepared prog; takes the attach lock
 * (bpf_links_lock), so not with it held; not in trap context.
 * prog_array.c.
 */
int bpf_prog_claim_prog_arrays(const struct bpf_prog *prog, char *err,
			       size_t errsize);

/* What runs of a program read of their context, through its tail calls
 * too: the programs the prog arrays it names hold, theirs, and so on, as
 * far as MAX_TAIL_CALL_CNT tail calls go. */
struct bpf_reach {
	const struct bpf_map *map;	/* in: a prog array to look for */
	bool names_map;		/* out: a program that may tail-call names it */
	uint64_t ctx_words;	/* out: the words they read (verifier.h) */
	uint32_t ctx_size;	/* out: the most bytes they read */
	bool kprobe_override;	/* out: one calls bpf_override_return */
};

/* Fills r's outs for prog, slots as they are now. Attach lock held
 * (bpf_links_lock: the slots do not change, the marks are its own); not
 * in trap context. prog_array.c. */
void bpf_prog_reach(struct bpf_prog *prog, struct bpf_reach *r);

/* The attach cookie (eb_bpf_attach_point) of the link whose program
 * runs on this hart, for bpf_get_attach_cookie (Linux's run context):
 * set by eb_bpf_link_run, 0 by bpf_prog_run, kept through tail calls,
 * restored by both after the run (a run nested in another's), for a
 * program whose run_ctx says it may read it.
 * The last 8 bytes of the hart's library bytes (struct eb_cpu,
 * core/kprobes_internal.h, stays below them): one instruction away.
 * Any context. */
static inline uint64_t *
bpf_run_cookie(void)
{
	return (uint64_t *)((char *)eb_port_cpu_data() + EB_CPU_DATA_SIZE - 8);
}

/* Makes cookie the hart's attach cookie; returns the one it replaced,
 * for the run to put back after it (Linux's bpf_set_run_ctx and
 * bpf_reset_run_ctx: this run may have come in the middle of another
 * on this hart, an interrupt's program in a bpf_prog_run say, which
 * reads its own cookie after). Only runs of a program with run_ctx pay
 * for it. Any context. */
static inline uint64_t
bpf_run_cookie_set(uint64_t cookie)
{
	uint64_t *c = bpf_run_cookie(), outer = *c;

	*c = cookie;
	return outer;
}

/* The lock under which programs are attached and detached and prog array
 * slots filled, so that what a tail call can reach fits every point it
 * runs on. A spin with interrupts on. attach.c. */
void bpf_links_lock(void);
void bpf_links_unlock(void);

/* A TRACING attach type's name: "fentry", "fexit", "fmod_ret",
 * "raw_tp", else "".
 * attach.c. */
const char *bpf_attach_type_name(enum bpf_attach_type t);

/* 0, or -EINVAL with why in err: an attached program's tail calls reach
 * prog array map, and what prog's runs read (its own tail calls
 * included) does not fit that program's point. bpf_links_lock held.
 * attach.c. */
int bpf_links_check_slot(const struct bpf_map *map, struct bpf_prog *prog,
			 char *err, size_t errsize);

/* prog's slot index of prog array map, or NULL: for the interpreter's
 * tail call (the JIT reads the same slots). Any context. */
static inline const struct bpf_prog *
bpf_prog_array_slot(const struct bpf_map *map, uint32_t index)
{
	const struct bpf_prog *const *slots = map->data;

	/* Relaxed: the caller reads the program only through this pointer,
	 * an address dependency every RISC-V (and other) hart orders after
	 * the load, and the slot was written after the program was made. */
	return __atomic_load_n(&slots[index], __ATOMIC_RELAXED);
}

#endif
