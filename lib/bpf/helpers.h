/*
 * Helper functions eBPF programs call by id (`call 1`), with the
 * prototypes the verifier checks calls against. Ids, names and the
 * argument/return kinds are Linux's (include/uapi/linux/bpf.h,
 * include/linux/bpf.h), so programs built for Linux call the same helpers.
 *
 * An argument of kind ARG_PTR_TO_MEM or ARG_PTR_TO_UNINIT_MEM is always
 * followed by its size, of kind ARG_CONST_SIZE or ARG_CONST_SIZE_OR_ZERO.
 */
#ifndef EBREAK_BPF_HELPERS_H
#define EBREAK_BPF_HELPERS_H
#include <stdbool.h>
#include <stdint.h>
#include <ebreak/bpf.h>

enum bpf_func_id {
	BPF_FUNC_unspec = 0,
	BPF_FUNC_map_lookup_elem = 1,
	BPF_FUNC_map_update_elem = 2,
	BPF_FUNC_map_delete_elem = 3,
	BPF_FUNC_probe_read = 4,
	BPF_FUNC_ktime_get_ns = 5,
	BPF_FUNC_trace_printk = 6,
	BPF_FUNC_get_prandom_u32 = 7,
	BPF_FUNC_get_smp_processor_id = 8,
	BPF_FUNC_tail_call = 12,	/* no function: each backend runs it */
	BPF_FUNC_get_current_pid_tgid = 14,
	BPF_FUNC_get_current_uid_gid = 15,
	BPF_FUNC_get_current_comm = 16,
	BPF_FUNC_perf_event_output = 25,
	BPF_FUNC_get_stackid = 27,
	BPF_FUNC_get_current_task = 35,
	BPF_FUNC_current_task_under_cgroup = 37,
	BPF_FUNC_probe_read_str = 45,
	BPF_FUNC_override_return = 58,
	BPF_FUNC_get_stack = 67,
	BPF_FUNC_get_current_task_btf = 158,
	BPF_FUNC_get_func_ip = 173,
	BPF_FUNC_get_attach_cookie = 174,
	BPF_FUNC_trace_vprintk = 177,
	BPF_FUNC_probe_read_user = 112,
	BPF_FUNC_probe_read_kernel = 113,
	BPF_FUNC_probe_read_user_str = 114,
	BPF_FUNC_probe_read_kernel_str = 115,
	BPF_FUNC_jiffies64 = 118,
	BPF_FUNC_ktime_get_boot_ns = 125,
	BPF_FUNC_ringbuf_output = 130,
	BPF_FUNC_ringbuf_reserve = 131,
	BPF_FUNC_ringbuf_submit = 132,
	BPF_FUNC_ringbuf_discard = 133,
	BPF_FUNC_ringbuf_query = 134,
	BPF_FUNC_ktime_get_coarse_ns = 160,
	BPF_FUNC_for_each_map_elem = 164,
	BPF_FUNC_loop = 181,
	BPF_FUNC_strncmp = 182,
	BPF_FUNC_map_lookup_percpu_elem = 195,
	/* tracing programs' (func_args.c) */
	BPF_FUNC_get_func_arg = 183,
	BPF_FUNC_get_func_ret = 184,
	BPF_FUNC_get_func_arg_cnt = 185,
};

/* Linux's helper ids end here (its __BPF_FUNC_MAX_ID): an id past them
 * is "invalid", one before them that a program may not call "unknown". */
#define BPF_FUNC_MAX_ID		212

/* names.c: Linux's name of helper id without its bpf_ prefix
 * (map_lookup_elem for 1), for every id below BPF_FUNC_MAX_ID whether
 * ebreak builds the helper or not, else NULL; and back, the id of the
 * helper named name (without bpf_), or -1. Any context. */
const char *bpf_func_id_name(uint32_t id);
int bpf_func_id_by_name(const char *name);

/* names.c: writes Linux's verifier's form of helper id,
 * bpf_map_lookup_elem#1 (unknown#ID for an id Linux does not define),
 * to buf of size bytes (BPF_FUNC_STR_SIZE holds any) and returns buf. */
#define BPF_FUNC_STR_SIZE	48
const char *bpf_func_id_str(uint32_t id, char *buf, size_t size);

/* No helper: libbpf's "bad relo" id. A CO-RE relocation that could not
 * be resolved makes its instruction a call to it (relo_core.h), which
 * the verifier refuses only where it can run. */
#define BPF_CORE_POISON_ID	0xbad2310

enum bpf_arg_type {
	ARG_DONTCARE = 0,	/* unused argument */
	ARG_ANYTHING,		/* any initialized value */
	ARG_CONST_MAP_PTR,	/* a map, loaded by a pseudo lddw */
	ARG_PTR_TO_MAP_KEY,	/* key_size initialized bytes of the map arg */
	ARG_PTR_TO_MAP_VALUE,	/* value_size initialized bytes of the map arg */
	ARG_PTR_TO_MEM,		/* initialized memory, size in the next arg */
	ARG_PTR_TO_MEM_OR_NULL,	/* the same, or NULL (a known 0) with size 0
				 * (Linux's ARG_PTR_TO_MEM | PTR_MAYBE_NULL) */
	ARG_PTR_TO_UNINIT_MEM,	/* memory the helper fills, size in the next arg */
	ARG_CONST_SIZE,		/* size of the previous arg, bounded, > 0 */
	ARG_CONST_SIZE_OR_ZERO,	/* size of the previous arg, bounded, >= 0 */
	ARG_PTR_TO_CTX,		/* the program's context (r1 at entry) */
	ARG_CONST_ALLOC_SIZE_OR_ZERO, /* a known constant: the size of the
				 * memory returned */
	ARG_PTR_TO_RINGBUF_MEM,	/* a record ringbuf_reserve returned, which
				 * the call releases (Linux's | OBJ_RELEASE) */
	ARG_PTR_TO_LONG,	/* 8 aligned bytes the helper fills (Linux's
				 * FIXED_SIZE_MEM | MEM_UNINIT | MEM_ALIGNED) */
	ARG_PTR_TO_FUNC,	/* a subprogram's address (lddw of
				 * BPF_PSEUDO_FUNC): the helper calls it */
	ARG_PTR_TO_STACK_OR_NULL, /* the callback's context: a pointer to a
				 * stack or (ours too) a map value, or NULL */
	ARG_PTR_TO_CONST_STR,	/* a NUL-terminated string at a known offset
				 * of a frozen read-only map (.rodata) */
};

enum bpf_return_type {
	RET_INTEGER,			/* a scalar in r0 */
	RET_VOID,			/* r0 is not set: unreadable after the call */
	RET_PTR_TO_MAP_VALUE_OR_NULL,	/* NULL or value_size bytes of the map arg */
	RET_PTR_TO_RINGBUF_MEM_OR_NULL,	/* NULL or the ARG_CONST_ALLOC_SIZE_OR_ZERO
					 * bytes, a reference to release */
	RET_PTR_TO_BTF_ID,		/* a kernel struct (ret_btf_struct),
					 * loaded through fault-safe */
};

/* Runs one call of a callback fn, a function of the program, with r1-r4
 * (run: the backend's own state): the callback's r0, nonzero to stop. */
typedef uint64_t (*eb_bpf_callback_run_t)(const void *fn, uint64_t r1,
					  uint64_t r2, uint64_t r3, uint64_t r4,
					  void *run);

/* A helper that calls a callback of the program (its r2, fn), in the
 * form both backends share: the interpreter's run of fn is call's. */
typedef int64_t (*eb_bpf_calls_back_t)(uint64_t r1, const void *fn,
				       uint64_t r3, uint64_t r4,
				       eb_bpf_callback_run_t call, void *run);

typedef uint64_t (*bpf_helper_fn)(uint64_t r1, uint64_t r2, uint64_t r3,
				  uint64_t r4, uint64_t r5);

/* A helper's prototype; its name is its id's (bpf_func_id_name). */
struct bpf_func_proto {
	bpf_helper_fn func;
	enum bpf_return_type ret_type;
	enum bpf_arg_type arg_type[5];
	/*
	 * When the helper returns 0 the program ends at once with r0 = 0.
	 * No Linux helper does this; it is uBPF's "unwind" helper, which the
	 * conformance suite's call_unwind_fail case exercises.
	 */
	bool unwind_on_zero;
	/* Linux's gpl_only: a program whose license is not GPL-compatible
	 * may not call it (the verifier refuses). */
	bool gpl_only;
	/* A helper calling a callback (its ARG_PTR_TO_FUNC): what func
	 * does, for a backend to give its own way to run the callback. */
	eb_bpf_calls_back_t calls_back;
	/* RET_PTR_TO_BTF_ID's struct, by its name in the kernel's BTF. */
	const char *ret_btf_struct;
};

/* Looks up a program's helpers by id: returns the prototype, or NULL if
 * the id names no helper available to that program. */
typedef const struct bpf_func_proto *(*bpf_get_func_proto_t)(uint32_t id);

/*
 * The helpers every program may call: returns the prototype for a Linux
 * helper id, or NULL if ebreak does not implement it. Any context.
 */
const struct bpf_func_proto *bpf_helper_proto(uint32_t id);

/* The helpers of kprobe programs only (their context is struct
 * pt_regs), or NULL for another id: bpf_helper_proto's, the stack
 * helpers, get_func_ip and override_return. */
const struct bpf_func_proto *bpf_kprobe_helper_proto(uint32_t id);

/* The helpers of perf_event programs, or NULL for another id:
 * bpf_helper_proto's and the stack helpers, walked from the sampled
 * frame (kernel-only), as Linux's pe_prog_func_proto (its
 * perf_prog_read_value and read_branch_records read PMU state ebreak
 * has not: not offered). */
const struct bpf_func_proto *bpf_perf_event_helper_proto(uint32_t id);

/* A perf_event program's run (lib/core/perf_event_bpf.c builds it): the
 * context, then behind it whether the sample caught user mode (Linux's
 * user_mode(regs)), which the stack helpers read. */
struct bpf_perf_event_run {
	struct bpf_perf_event_data data;
	bool user;
};

/* func_args.c: the helpers of fentry (fexit: BPF_TRACE_FEXIT)
 * programs, or NULL for another id: bpf_helper_proto's, get_func_ip,
 * get_func_arg, get_func_arg_cnt, the stack helpers (kernel-only), and
 * fexit's get_func_ret. */
const struct bpf_func_proto *bpf_fentry_helper_proto(uint32_t id);
const struct bpf_func_proto *bpf_fexit_helper_proto(uint32_t id);

/* A TRACING program's run (lib/core/fentry_bpf.c builds it): the
 * context is args, and behind it, as Linux's trampoline lays it out,
 * ctx[-1] is the number of arguments and ctx[-2] the function's address,
 * which its helpers read; before them the probe's frame, where the stack
 * helpers walk from. */
struct pt_regs;
struct bpf_tracing_run {
	const struct pt_regs *regs;	/* at the entry (fentry), the return */
	uint64_t func_ip;
	uint64_t nr_args;
	uint64_t args[EB_BPF_MAX_FUNC_ARGS + 1];	/* then fexit's return value */
};

/* The run whose context (a program's r1) ctx is. Any context. */
static inline const struct bpf_tracing_run *
bpf_tracing_run_of(uint64_t ctx)
{
	return (const struct bpf_tracing_run *)(uintptr_t)
		(ctx - __builtin_offsetof(struct bpf_tracing_run, args));
}

/* lib/core/bpf_stack.c: the stack helpers and get_func_ip, kernel-only
 * (weak here: a build without that file has none). */
extern const struct bpf_func_proto bpf_get_stackid_proto
	__attribute__((weak));
extern const struct bpf_func_proto bpf_get_stack_proto
	__attribute__((weak));
extern const struct bpf_func_proto bpf_get_func_ip_proto
	__attribute__((weak));
/* lib/core/kprobe_bpf.c: bpf_override_return, kernel-only too. */
extern const struct bpf_func_proto bpf_override_return_proto
	__attribute__((weak));
/* ... and TRACING programs' stack helpers, walked from the traced
 * function (struct bpf_tracing_run). */
extern const struct bpf_func_proto bpf_tracing_get_stackid_proto
	__attribute__((weak));
extern const struct bpf_func_proto bpf_tracing_get_stack_proto
	__attribute__((weak));

/* ... and perf_event programs', walked from the sampled frame (struct
 * bpf_perf_event_run). */
extern const struct bpf_func_proto bpf_pe_get_stackid_proto
	__attribute__((weak));
extern const struct bpf_func_proto bpf_pe_get_stack_proto
	__attribute__((weak));

/* ringbuf.c: the ring buffer's helpers. */
extern const struct bpf_func_proto bpf_ringbuf_output_proto,
	bpf_ringbuf_reserve_proto, bpf_ringbuf_submit_proto,
	bpf_ringbuf_discard_proto, bpf_ringbuf_query_proto;

/* The most iterations bpf_loop runs (Linux's BPF_MAX_LOOPS): more is
 * -E2BIG, with none run. */
#define BPF_MAX_LOOPS (1u << 23)

/*
 * callback.c. bpf_loop(nr_loops, fn, ctx, flags): calls fn(index, ctx)
 * for index 0, 1, ... nr_loops - 1, until one returns nonzero (the
 * verifier proved it 0 or 1). Returns the iterations run; -EINVAL for
 * flags other than 0, -E2BIG for more than BPF_MAX_LOOPS, none run then.
 * Any context.
 */
int64_t eb_bpf_loop(uint64_t nr_loops, const void *fn, uint64_t ctx,
		    uint64_t flags, eb_bpf_callback_run_t call, void *run);

/*
 * callback.c. bpf_for_each_map_elem(map, fn, ctx, flags): calls fn(map,
 * key, value, ctx) for each element of an array (every index) or a hash
 * map (the keys there, at most max_entries calls: a callback deleting
 * keys restarts the walk, as get_next_key does), per-hart and LRU ones
 * too (a per-hart map's value is this hart's), until one returns
 * nonzero. Returns the calls made; -EINVAL for flags other than 0. Any
 * context.
 */
int64_t eb_bpf_for_each_map_elem(uint64_t map, const void *fn, uint64_t ctx,
				 uint64_t flags, eb_bpf_callback_run_t call,
				 void *run);

/* callback.c: their prototypes (func: the JIT's, whose callbacks are
 * functions of its image). */
extern const struct bpf_func_proto bpf_loop_proto, bpf_for_each_map_elem_proto;

/* perf_event_array.c: the perf event array's helper. */
extern const struct bpf_func_proto bpf_perf_event_output_proto;

/* cgroup_array.c: the cgroup array's helper. */
extern const struct bpf_func_proto bpf_current_task_under_cgroup_proto;

/* helpers_trace.c: get_current_task_btf, where the host names its task
 * struct (EB_PORT_TASK_STRUCT), else NULL. */
extern const struct bpf_func_proto *const bpf_get_current_task_btf_proto;

/* helpers_trace.c: the tracing helpers. */
extern const struct bpf_func_proto bpf_get_current_pid_tgid_proto,
	bpf_get_current_task_proto, bpf_get_current_comm_proto, bpf_probe_read_kernel_str_proto,
	bpf_probe_read_user_str_proto,
	bpf_ktime_get_boot_ns_proto, bpf_trace_printk_proto,
	bpf_trace_vprintk_proto, bpf_probe_read_str_proto,
	bpf_get_current_uid_gid_proto, bpf_jiffies64_proto,
	bpf_ktime_get_coarse_ns_proto, bpf_get_attach_cookie_proto;

#endif
