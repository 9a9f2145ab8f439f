/*
 * A perf_event program's cost per sample: the library's sample entry
 * (eb_bpf_perf_sample, what the timer calls) running a JIT-compiled
 * program counting in an array map (bpf_text_count_calls) on a kernel
 * frame, interrupts off as in the timer's interrupt; the timer's own
 * work (reading the time, arming the next) not counted.
 */
#include "bench.h"
#include "bpf_text.h"
#include "ktest.h"
#include "riscv.h"
#include <ebreak/bpf.h>
#include <ebreak/port.h>
#include <ebreak/ptregs.h>

/* A sampled kernel frame: S-mode, no frame pointer to walk. */
static struct pt_regs sampled = { .status = SSTATUS_SPP };

static void
irq_pair(void)
{
	eb_port_irq_restore(eb_port_irq_save());
}

static void
sample_once(void)
{
	unsigned long s = eb_port_irq_save();

	eb_bpf_perf_sample(&sampled);
	eb_port_irq_restore(s);
}

KBENCH(bpf_perf_event_sample, "insns")
{
	struct eb_bpf_perf_event pe = { .freq = 1 };
	struct eb_bpf_attach_point point;
	char err[160];

	if (eb_bpf_perf_event_point(&pe, &point, err, sizeof err))
		return kbench_fail(err);
	sampled.epc = (uintptr_t)sample_once;
	return bpf_text_counter_bench(&point, sample_once) -
	       bench_per_call(irq_pair);
}
