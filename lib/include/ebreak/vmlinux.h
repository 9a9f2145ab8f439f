/*
 * What eBPF programs for ebreak include first, as Linux programs include
 * vmlinux.h (then libbpf's <bpf/bpf_helpers.h> and <bpf/bpf_tracing.h>):
 * base types and the kernel's typedefs (size_t, bool, uint64_t...), Linux's
 * u32, u64, pid_t... and raw_syscalls' tracepoint contexts (struct
 * trace_event_raw_sys_enter), the map type ids and map flags, the update, stack and ring buffer flags
 * and ring buffer query ids (Linux's uapi numbers), and riscv's struct
 * user_regs_struct, which <bpf/bpf_tracing.h> reads, and struct pt_regs
 * as Linux's riscv one (user_regs_struct's registers with epc for pc,
 * then status, badaddr, cause, orig_a0: `ctx->a0`, `ctx->epc`, CO-RE
 * reads of either); and struct eb_async_event, the context of
 * SEC("asyncprobe/SYMBOL") programs (<ebreak/async_event.h>). Built with
 *
 *	clang -O2 -g -target bpf -D__TARGET_ARCH_riscv -Ilib/include \
 *		-c prog.bpf.c
 *
 * For programs (clang -target bpf): the kernel's own headers are
 * <ebreak/bpf.h> and <ebreak/ptregs.h>. A kernel's BTF takes struct
 * user_regs_struct from here (the reference kernel's kernel/btf.c).
 */
#ifndef EBREAK_VMLINUX_H
#define EBREAK_VMLINUX_H

typedef unsigned char __u8;
typedef unsigned short __u16;
typedef unsigned int __u32;
typedef unsigned long long __u64;
typedef signed char __s8;
typedef short __s16;
typedef int __s32;
typedef long long __s64;
typedef __u16 __be16;
typedef __u32 __be32;
typedef __u32 __wsum;

#ifdef __bpf__
/* The typedefs the kernel's prototypes use, as Linux's vmlinux.h has
 * its kernel's: a fentry program copies them (BPF_PROG(kmalloc_entry,
 * size_t size)). Programs only: the kernel has them from <stddef.h>,
 * <stdint.h> and <stdbool.h>. */
typedef __SIZE_TYPE__ size_t;
typedef __UINTPTR_TYPE__ uintptr_t;
typedef __UINT8_TYPE__ uint8_t;
typedef __UINT16_TYPE__ uint16_t;
typedef __UINT32_TYPE__ uint32_t;
typedef __UINT64_TYPE__ uint64_t;
typedef __INT8_TYPE__ int8_t;
typedef __INT16_TYPE__ int16_t;
typedef __INT32_TYPE__ int32_t;
typedef __INT64_TYPE__ int64_t;
typedef _Bool bool;
enum { false = 0, true = 1 };
/* Linux's kernel-internal names, which libbpf-tools' programs use
 * (u64 ts; pid_t pid;) as their vmlinux.h gives them */
typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;
typedef __s8 s8;
typedef __s16 s16;
typedef __s32 s32;
typedef __s64 s64;
typedef int pid_t;

/* A tracepoint program's context, as Linux lays it out
 * (kernel/trace/tracepoint_bpf.c): struct trace_entry, then 8 bytes a
 * field; raw_syscalls' events by Linux's names for them. */
struct trace_entry {
	unsigned short type;
	unsigned char flags;
	unsigned char preempt_count;
	int pid;
};

struct trace_event_raw_sys_enter {
	struct trace_entry ent;
	long id;
	unsigned long args[6];
};

struct trace_event_raw_sys_exit {
	struct trace_entry ent;
	long id;
	long ret;
};
#endif

enum bpf_map_type {
	BPF_MAP_TYPE_HASH = 1,
	BPF_MAP_TYPE_ARRAY = 2,
	BPF_MAP_TYPE_PROG_ARRAY = 3,
	BPF_MAP_TYPE_PERF_EVENT_ARRAY = 4,
	BPF_MAP_TYPE_PERCPU_HASH = 5,
	BPF_MAP_TYPE_PERCPU_ARRAY = 6,
	BPF_MAP_TYPE_STACK_TRACE = 7,
	BPF_MAP_TYPE_CGROUP_ARRAY = 8,
	BPF_MAP_TYPE_LRU_HASH = 9,
	BPF_MAP_TYPE_LRU_PERCPU_HASH = 10,
	BPF_MAP_TYPE_LPM_TRIE = 11,
	BPF_MAP_TYPE_ARRAY_OF_MAPS = 12,
	BPF_MAP_TYPE_HASH_OF_MAPS = 13,
	BPF_MAP_TYPE_RINGBUF = 27,
};

enum {
	BPF_ANY = 0,
	BPF_NOEXIST = 1,
	BPF_EXIST = 2,
};

/* a map definition's map_flags: a hash's elements allocated as added
 * (taken: ebreak allocates them all at creation); values programs may
 * read but not write; a map of maps' inner arrays of any max_entries
 * (on the inner definition) */
enum {
	BPF_F_NO_PREALLOC = 1 << 0,
	BPF_F_RDONLY_PROG = 1 << 7,
	BPF_F_INNER_MAP = 1 << 12,
};

/* bpf_get_stackid's and bpf_get_stack's flags */
enum {
	BPF_F_SKIP_FIELD_MASK = 0xff,
	BPF_F_USER_STACK = 1 << 8,
	BPF_F_FAST_STACK_CMP = 1 << 9,
	BPF_F_REUSE_STACKID = 1 << 10,
};

/* bpf_perf_event_output's flags: the slot, or this hart's */
enum {
	BPF_F_INDEX_MASK = 0xffffffffULL,
	BPF_F_CURRENT_CPU = BPF_F_INDEX_MASK,
};

/* bpf_ringbuf_output's, _submit's and _discard's wakeup hints */
enum {
	BPF_RB_NO_WAKEUP = 1,
	BPF_RB_FORCE_WAKEUP = 2,
};

/* what bpf_ringbuf_query reports */
enum {
	BPF_RB_AVAIL_DATA = 0,
	BPF_RB_RING_SIZE = 1,
	BPF_RB_CONS_POS = 2,
	BPF_RB_PROD_POS = 3,
};

struct user_regs_struct {
	unsigned long pc, ra, sp, gp, tp, t0, t1, t2, s0, s1;
	unsigned long a0, a1, a2, a3, a4, a5, a6, a7;
	unsigned long s2, s3, s4, s5, s6, s7, s8, s9, s10, s11;
	unsigned long t3, t4, t5, t6;
};

/* Linux's riscv struct pt_regs, laid out as ebreak's <ebreak/ptregs.h>:
 * user_regs_struct's words, then the trap's. */
struct pt_regs {
	unsigned long epc, ra, sp, gp, tp, t0, t1, t2, s0, s1;
	unsigned long a0, a1, a2, a3, a4, a5, a6, a7;
	unsigned long s2, s3, s4, s5, s6, s7, s8, s9, s10, s11;
	unsigned long t3, t4, t5, t6;
	unsigned long status, badaddr, cause, orig_a0;
};

/* A perf_event program's context, as Linux's on riscv (SEC("perf_event"):
 * the sampled frame's registers, PT_REGS_IP(&ctx->regs) its pc; the
 * period in ns; addr 0). <ebreak/bpf.h> lays out the same bytes. */
typedef struct user_regs_struct bpf_user_pt_regs_t;
struct bpf_perf_event_data {
	bpf_user_pt_regs_t regs;
	__u64 sample_period;
	__u64 addr;
};

#include <ebreak/async_event.h>

#endif
