/*
 * A perf_event program for the bpf_perf_event suite: each hart's samples
 * counted, those that caught perf_hog (its range set by the test in
 * hog_start and hog_end) counted apart, with their registers checked
 * against what the hog holds and their kernel stack's id kept.
 */
#include <ebreak/vmlinux.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "perf_event_results.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_STACK_TRACE);
	__uint(max_entries, 64);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, 8 * sizeof(__u64));
} stacks SEC(".maps");

__u64 hog_start, hog_end;
struct perf_seen seen[PERF_SEEN_HARTS];

SEC("perf_event")
int on_sample(struct bpf_perf_event_data *ctx)
{
	__u32 cpu = bpf_get_smp_processor_id();
	__u64 ip = PT_REGS_IP(&ctx->regs);
	struct perf_seen *s;

	if (cpu >= PERF_SEEN_HARTS)
		return 0;
	s = &seen[cpu];	/* the hart's own: no other writes it */
	s->samples++;
	s->period = ctx->sample_period;
	s->addr = ctx->addr;
	if (ip < hog_start || ip >= hog_end)
		return 0;
	s->in_hog++;
	if (ctx->regs.a2 == HOG_A2 && ctx->regs.a3 == HOG_A3 &&
	    ctx->regs.a4 == HOG_A4 && ctx->regs.a5 == HOG_A5 &&
	    ctx->regs.a6 == HOG_A6 && ctx->regs.a7 == HOG_A7)
		s->regs_ok++;
	s->a0 = PT_REGS_PARM1(&ctx->regs);
	s->a1 = PT_REGS_PARM2(&ctx->regs);
	s->stack_id = bpf_get_stackid(ctx, &stacks, 0);
	return 0;
}
