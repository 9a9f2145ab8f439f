/* Stack trace maps (stackmap.c), for the stack helpers. Private to the
 * library. */
#ifndef EBREAK_BPF_STACKMAP_H
#define EBREAK_BPF_STACKMAP_H
#include <stdint.h>

struct bpf_map;

/* Frames a stack trace map's value holds at most (Linux's
 * PERF_MAX_STACK_DEPTH). */
#define EB_STACKMAP_DEPTH_MAX 127

/* bpf_get_stackid's flags (Linux's). */
#define BPF_F_SKIP_FIELD_MASK	0xffULL
#define BPF_F_USER_STACK	(1ULL << 8)
#define BPF_F_FAST_STACK_CMP	(1ULL << 9)
#define BPF_F_REUSE_STACKID	(1ULL << 10)

/*
 * Store the stack ips[0..nr) in stack trace map map: its id (the bucket
 * its hash picks), or -EEXIST when another stack holds that bucket (and
 * flags lack BPF_F_REUSE_STACKID, which replaces it), -EFAULT for an
 * empty stack, -EINVAL for another map type. Any context.
 */
int eb_stackmap_store(struct bpf_map *map, const uint64_t *ips, uint32_t nr,
		      uint64_t flags);

#endif
