/*
 * The helpers of kprobe programs that need the probe (Linux's ids and
 * semantics): the kernel stack at it, walked by frame pointer from the
 * trap frame the program runs on (<ebreak/stack.h>), and its address;
 * and the stack helpers of TRACING (fentry, fexit) programs, walked from
 * the traced function's caller as Linux's trampoline frame gives it, and
 * perf_event programs', from the sampled frame.
 * Kernel-only, as the walk is: the portable helper table names them
 * weakly (lib/bpf/helpers.c), so a build without this file has no stack
 * helpers.
 */
/* Each helper takes all five registers, the signature the interpreter
 * calls; not all read them all. */
#pragma GCC diagnostic ignored "-Wunused-parameter"

#include <ebreak/bpf.h>
#include <ebreak/errno.h>
#include <ebreak/libc.h>
#include <ebreak/ptregs.h>
#include <ebreak/stack.h>
#include "bpf/helpers.h"
#include "bpf/stackmap.h"

/* The return addresses from frame pointer fp up (eb_stack_walk's, pc
 * first), the first skip frames left out, into ips (at most max): how
 * many it holds, or -EFAULT if the stack has fewer than skip frames
 * (Linux's "skipping more than usable stack trace"). */
static int
walk(unsigned long fp, unsigned long pc, unsigned long ra, uint64_t *ips,
     uint32_t max, uint32_t skip)
{
	unsigned long pcs[EB_STACKMAP_DEPTH_MAX];
	uint32_t want = skip + max < EB_STACKMAP_DEPTH_MAX ? skip + max
							    : EB_STACKMAP_DEPTH_MAX;
	uint32_t n = eb_stack_walk(fp, pc, ra, pcs, want);

	if (n < skip)
		return -EFAULT;
	for (uint32_t i = skip; i < n; i++)
		ips[i - skip] = pcs[i];
	return (int)(n - skip);
}

/* A kprobe program's stack: from its trap frame ctx. */
static int
kprobe_stack(uint64_t ctx, uint64_t *ips, uint32_t max, uint32_t skip)
{
	const struct pt_regs *regs = (const struct pt_regs *)(uintptr_t)ctx;

	return walk(regs->s0, regs->epc, regs->ra, ips, max, skip);
}

/* A TRACING program's stack, as Linux's trampoline frame shows it past
 * the program's own: the traced function, then its caller's call site
 * and up. At the entry (fentry) the site is ra, at the return (fexit)
 * the pc; s0 is the caller's frame there, the function's own not made
 * yet or gone. */
static int
tracing_stack(uint64_t ctx, uint64_t *ips, uint32_t max, uint32_t skip)
{
	const struct bpf_tracing_run *run = bpf_tracing_run_of(ctx);
	const struct pt_regs *regs = run->regs;
	unsigned long site = regs->epc == run->func_ip ? regs->ra : regs->epc;
	int n;

	if (!max)
		return 0;
	if (skip)	/* the function is the first frame skipped */
		return walk(regs->s0, site, 0, ips, max, skip - 1);
	ips[0] = run->func_ip;
	n = walk(regs->s0, site, 0, ips + 1, max - 1, 0);
	return n < 0 ? n : n + 1;
}

/* A perf_event program's stack: from the sampled frame, a kernel one;
 * a sample of user mode has no kernel frames (-EFAULT, as Linux's
 * get_stackid of an empty kernel callchain). */
static int
pe_stack(uint64_t ctx, uint64_t *ips, uint32_t max, uint32_t skip)
{
	const struct bpf_perf_event_run *run =
		(const struct bpf_perf_event_run *)(uintptr_t)ctx;

	if (run->user)
		return -EFAULT;
	return kprobe_stack(ctx, ips, max, skip);	/* regs lead both */
}

typedef int (*stack_fn)(uint64_t ctx, uint64_t *ips, uint32_t max,
			     uint32_t skip);

/* get_stackid(ctx, map, flags) with stack: the kernel stack's id in
 * stack trace map map, or -errno (-EEXIST: another stack has its bucket;
 * -EFAULT: no frame past those skipped; -EINVAL: a user stack, which
 * ebreak does not walk). */
static uint64_t
stackid(stack_fn stack, uint64_t ctx, uint64_t map, uint64_t flags)
{
	uint64_t ips[EB_STACKMAP_DEPTH_MAX];

	if (flags & ~(BPF_F_SKIP_FIELD_MASK | BPF_F_FAST_STACK_CMP |
		      BPF_F_REUSE_STACKID))
		return (uint64_t)-EINVAL;
	int n = stack(ctx, ips, EB_STACKMAP_DEPTH_MAX,
		      flags & BPF_F_SKIP_FIELD_MASK);
	if (n < 0)
		return (uint64_t)(int64_t)n;
	return (uint64_t)(int64_t)eb_stackmap_store(
		(struct bpf_map *)(uintptr_t)map, ips, (uint32_t)n, flags);
}

/* get_stack(ctx, buf, size, flags) with stack: the kernel stack's return
 * addresses into buf: the bytes written (as many as fit), or -errno, buf
 * zeroed (-EFAULT: fewer frames than skipped, as Linux's). */
static uint64_t
stack_into(stack_fn stack, uint64_t ctx, uint64_t buf, uint64_t size,
	   uint64_t flags)
{
	uint64_t ips[EB_STACKMAP_DEPTH_MAX];
	void *dst = (void *)(uintptr_t)buf;

	if ((flags & ~BPF_F_SKIP_FIELD_MASK) || size % 8) {
		memset(dst, 0, size);
		return (uint64_t)-EINVAL;
	}
	int n = stack(ctx, ips, size / 8 < EB_STACKMAP_DEPTH_MAX ?
		      size / 8 : EB_STACKMAP_DEPTH_MAX,
		      flags & BPF_F_SKIP_FIELD_MASK);
	if (n < 0) {
		memset(dst, 0, size);
		return (uint64_t)(int64_t)n;
	}
	memcpy(dst, ips, (size_t)n * 8);
	memset((char *)dst + n * 8, 0, size - n * 8);
	return n * 8;
}

/* The get_stackid and get_stack of a program type whose stack walks
 * from its context with stack: prefix##get_stackid, prefix##get_stack. */
#define STACK_HELPERS(prefix, stack)					\
static uint64_t								\
prefix##get_stackid(uint64_t ctx, uint64_t map, uint64_t flags,		\
		    uint64_t r4, uint64_t r5)				\
{									\
	return stackid(stack, ctx, map, flags);				\
}									\
static uint64_t								\
prefix##get_stack(uint64_t ctx, uint64_t buf, uint64_t size,		\
		  uint64_t flags, uint64_t r5)				\
{									\
	return stack_into(stack, ctx, buf, size, flags);		\
}
STACK_HELPERS(, kprobe_stack)
STACK_HELPERS(tracing_, tracing_stack)
STACK_HELPERS(pe_, pe_stack)

#define STACKID_PROTO(fn) {						\
	.func = fn, .gpl_only = true, .ret_type = RET_INTEGER,		\
	.arg_type = { ARG_PTR_TO_CTX, ARG_CONST_MAP_PTR, ARG_ANYTHING },	\
}
#define STACK_PROTO(fn) {						\
	.func = fn, .gpl_only = true, .ret_type = RET_INTEGER,		\
	.arg_type = { ARG_PTR_TO_CTX, ARG_PTR_TO_UNINIT_MEM,		\
		      ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING },		\
}
const struct bpf_func_proto bpf_get_stackid_proto = STACKID_PROTO(get_stackid);
const struct bpf_func_proto bpf_tracing_get_stackid_proto =
	STACKID_PROTO(tracing_get_stackid);
const struct bpf_func_proto bpf_pe_get_stackid_proto =
	STACKID_PROTO(pe_get_stackid);
const struct bpf_func_proto bpf_get_stack_proto = STACK_PROTO(get_stack);
const struct bpf_func_proto bpf_pe_get_stack_proto =
	STACK_PROTO(pe_get_stack);
const struct bpf_func_proto bpf_tracing_get_stack_proto =
	STACK_PROTO(tracing_get_stack);

/* get_func_ip(ctx): the probed address (a kretprobe's function). */
static uint64_t
get_func_ip(uint64_t ctx, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5)
{
	return eb_bpf_kprobe_func_ip((const struct pt_regs *)(uintptr_t)ctx);
}

const struct bpf_func_proto bpf_get_func_ip_proto = {
	.func = get_func_ip,
	.gpl_only = true,
	.ret_type = RET_INTEGER,
	.arg_type = { ARG_PTR_TO_CTX },
};
