/*
 * eBPF programs on tracepoints: each tracepoint is an attach point of the
 * library's (<ebreak/bpf.h>) for BPF_PROG_TYPE_TRACEPOINT programs, and
 * another for raw ones (RAW_TRACEPOINT, and TRACING of BPF_TRACE_RAW_TP:
 * tp_btf). The library keeps the links; this file gives each event its
 * context, as Linux lays it out: struct trace_entry, then 8 bytes per
 * field; for a raw program the fields' values themselves, as
 * tracepoint_call has them (Linux's bpf_trace_run: the u64 arguments).
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

/* A raw program's probe (data its link): the arguments are its context.
 * Interrupts are off (tracepoint_call). */
static void
raw_probe(void *data, const uint64_t *args)
{
	eb_bpf_link_run(data, (void *)args);
}

static int
raw_attach(const struct eb_bpf_attach_point *point, struct bpf_link *link)
{
	return tracepoint_probe_register(point->target, raw_probe, link);
}

static void
raw_detach(const struct eb_bpf_attach_point *point, struct bpf_link *link)
{
	tracepoint_probe_unregister(point->target, raw_probe, link);
}

static const struct eb_bpf_attach_ops tracepoint_raw_bpf_ops = {
	.attach = raw_attach, .detach = raw_detach,
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

/*
 * Describes tp as an attach point for raw programs, on a read-only
 * context of a u64 per field: RAW_TRACEPOINT programs (raw_tp/NAME), or
 * with btf_id (tp's btf_trace_NAME in the kernel's BTF:
 * eb_bpf_tp_btf_model) TRACING programs loaded for it (tp_btf/NAME).
 * Any context.
 */
void
tracepoint_raw_bpf_point(struct tracepoint *tp, uint32_t btf_id,
			 struct eb_bpf_attach_point *point)
{
	*point = (struct eb_bpf_attach_point){
		.name = tp->name,
		.prog_type = btf_id ? BPF_PROG_TYPE_TRACING :
			     BPF_PROG_TYPE_RAW_TRACEPOINT,
		.ctx_size = 8 * tp->nargs,
		.ops = &tracepoint_raw_bpf_ops,
		.target = tp,
		.expected_attach_type = btf_id ? BPF_TRACE_RAW_TP : 0,
		.attach_btf_id = btf_id,
	};
}
