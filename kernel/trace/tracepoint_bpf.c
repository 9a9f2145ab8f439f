/*
 * eBPF programs on tracepoints: each tracepoint is an attach point of the
 * library's (<ebreak/bpf.h>) for BPF_PROG_TYPE_TRACEPOINT programs. The
 * library keeps the links; this file gives each event its context, as
 * Linux lays it out: struct trace_entry, then 8 bytes per field.
 */
#include "trace/tracepoint.h"
#include "user/user.h"
#include <ebreak/bpf.h>

/* Linux's struct trace_entry: what an eBPF program's context starts
 * with. type is the tracepoint's index in the registry, pid the
 * process running (0 for a kernel task or an interrupt handler), the pid
 * that process reports itself. */
struct trace_entry {
	uint16_t type;
	uint8_t flags;
	uint8_t preempt_count;
	int32_t pid;
};
_Static_assert(sizeof(struct trace_entry) == 8, "Linux's layout");

/* What a link keeps for its tracepoint (eb_bpf_link_data). */
struct tp_link {
	struct tracepoint *tp;
	uint16_t type;		/* trace_entry.type: tp's registry index */
};

/* The tracepoint probe of one link (data): builds the context, runs the
 * program. Interrupts are off (tracepoint_call), as the library's
 * grace period needs. */
static void
bpf_probe(void *data, const uint64_t *args)
{
	struct bpf_link *link = data;
	const struct tp_link *t = eb_bpf_link_data(link);
	uint64_t ctx[1 + TRACEPOINT_MAX_ARGS];
	struct proc *p = task_proc(current_task());
	struct trace_entry e = { .type = t->type, .pid = p ? p->pid : 0 };

	memcpy(ctx, &e, sizeof e);
	memcpy(ctx + 1, args, 8 * t->tp->nargs);
	eb_bpf_link_run(link, ctx);
}

static int
attach(const struct eb_bpf_attach_point *point, struct bpf_link *link)
{
	struct tp_link *t = eb_bpf_link_data(link);

	t->tp = point->target;
	for (struct tracepoint *const *p = __start_tracepoints;
	     p < __stop_tracepoints; p++)
		if (*p == t->tp)
			t->type = p - __start_tracepoints;
	return tracepoint_probe_register(t->tp, bpf_probe, link);
}

static void
detach(const struct eb_bpf_attach_point *point, struct bpf_link *link)
{
	tracepoint_probe_unregister(point->target, bpf_probe, link);
}

static const struct eb_bpf_attach_ops tracepoint_bpf_ops = {
	.attach = attach, .detach = detach,	/* every context word held */
};

/*
 * Describes tp as an attach point for eb_bpf_attach: it runs
 * BPF_PROG_TYPE_TRACEPOINT programs on a read-only context of
 * sizeof(struct trace_entry) + 8 bytes per field. Any context.
 */
void
tracepoint_bpf_point(struct tracepoint *tp, struct eb_bpf_attach_point *point)
{
	*point = (struct eb_bpf_attach_point){
		.name = tp->name,
		.prog_type = BPF_PROG_TYPE_TRACEPOINT,
		.ctx_size = sizeof(struct trace_entry) + 8 * tp->nargs,
		.ops = &tracepoint_bpf_ops,
		.target = tp,
		.link_data_size = sizeof(struct tp_link),
	};
}
