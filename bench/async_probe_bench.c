/*
 * Async probe cost (issue 17's target: one kprobe hit plus a small
 * constant per poll): instructions per poll of a probed future above
 * the same poll unprobed, in the steady state (each poll a RESUME and a
 * SUSPEND), with a C handler that counts the events, and with an eBPF
 * program counting in an array map (bpf_text.c's count_calls, as
 * bpf_kprobe_array_hit); and what the other polls pay, with no probe
 * registered and with one on another function.
 */
#include "bench.h"
#include "ktest.h"
#include "riscv.h"
#include "bpf_text.h"
#include <ebreak/async_probe.h>
#include <ebreak/bpf.h>

/* Suspended at a line forever: every poll after the first resumes. */
static noinline enum eb_poll
bench_future_poll(struct eb_future *f, struct eb_context *cx)
{
	f->state = __LINE__;
	return EB_PENDING;
}

/* One poll of f, by calling f->poll or through eb_future_poll: each
 * called through a pointer, so that their loops are one. */
static noinline enum eb_poll
poll_direct(struct eb_future *f)
{
	return f->poll(f, 0);
}

static noinline enum eb_poll
poll_through(struct eb_future *f)
{
	return eb_future_poll(f, 0);
}

/* Instructions per poll of f by poll, the loop's own not counted out
 * (the difference of two runs is). Interrupts off: no tick in
 * between. */
static uint64_t
polls(struct eb_future *f, enum eb_poll (*poll)(struct eb_future *))
{
	enum eb_poll (*volatile vpoll)(struct eb_future *) = poll;
	unsigned long flags = eb_port_irq_save();
	uint64_t n = rdinstret();

	for (int i = 0; i < BENCH_ITERATIONS; i++)
		vpoll(f);
	n = rdinstret() - n;
	eb_port_irq_restore(flags);
	return n / BENCH_ITERATIONS;
}

static uint64_t
per_poll(struct eb_future *f)
{
	return polls(f, poll_through);
}

static unsigned long events;

static void
count_event(struct async_probe *ap, const struct eb_async_event *ev)
{
	events++;
}

KBENCH(async_probe_poll, "insns")
{
	struct eb_future f = EB_FUTURE_INIT(bench_future_poll);
	struct async_probe ap = { .poll = bench_future_poll,
				  .handler = count_event };
	uint64_t unprobed = per_poll(&f);

	if (register_async_probe(&ap))
		return kbench_fail("register_async_probe failed");
	per_poll(&f);		/* the START, and warm */
	events = 0;
	uint64_t probed = per_poll(&f);
	unregister_async_probe(&ap);
	if (events != 2 * BENCH_ITERATIONS)
		return kbench_fail("not one RESUME and one SUSPEND per poll");
	return probed - unprobed;
}

KBENCH(async_probe_poll_bpf, "insns")
{
	struct bpf_map_def def = { BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0 };
	struct eb_future f = EB_FUTURE_INIT(bench_future_poll);
	struct eb_bpf_async_probe probe = { .symbol = "bench_future_poll" };
	struct eb_bpf_attach_point point;
	struct bpf_link *link;
	struct bpf_map *map;
	char err[120];
	uint64_t cost, unprobed = per_poll(&f);

	if (bpf_map_create(&def, "bench", &map, err, sizeof err))
		return kbench_fail("bpf_map_create failed");
	eb_bpf_async_probe_point(&probe, &point);
	struct bpf_prog_opts opts = { .type = BPF_PROG_TYPE_TRACEPOINT,
				      .ctx_size = point.ctx_size,
				      .maps = &map, .nr_maps = 1 };
	struct bpf_prog *prog = bpf_text_load(bpf_text_count_calls, &opts);
	if (!prog || eb_bpf_attach(prog, &point, &link, err, sizeof err)) {
		cost = kbench_fail("the program did not load or attach");
	} else {
		per_poll(&f);
		uint64_t probed = per_poll(&f);
		eb_bpf_detach(link);
		uint32_t key = 0;
		uint64_t *runs = bpf_map_lookup_elem(map, &key);
		cost = runs && *runs == 4 * BENCH_ITERATIONS ? probed - unprobed :
		       kbench_fail("not one run per event");
	}
	bpf_prog_free(prog);
	bpf_map_free(map);
	return cost;
}

/* What every poll pays for async probes while none is registered:
 * eb_future_poll against calling f->poll. */
KBENCH(async_poll_no_probe, "insns")
{
	struct eb_future f = EB_FUTURE_INIT(bench_future_poll);

	return per_poll(&f) - polls(&f, poll_direct);
}

/* Suspended at a line forever, as bench_future_poll: another function. */
static noinline enum eb_poll
bench_other_poll(struct eb_future *f, struct eb_context *cx)
{
	f->state = __LINE__;
	return EB_PENDING;
}

/* What a poll of an unprobed function pays while an async probe is
 * registered on another one. */
KBENCH(async_poll_other_probed, "insns")
{
	struct eb_future f = EB_FUTURE_INIT(bench_future_poll);
	struct async_probe ap = { .poll = bench_other_poll,
				  .handler = count_event };
	uint64_t direct = polls(&f, poll_direct);

	if (register_async_probe(&ap))
		return kbench_fail("register_async_probe failed");
	uint64_t n = per_poll(&f);
	unregister_async_probe(&ap);
	return n - direct;
}
