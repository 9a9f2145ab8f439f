/*
 * kretprobe cost: instructions per call of a kretprobed function above
 * the same call untraced, entry and return, with empty handlers (the
 * figure Linux 6.1 gives as 693 measured the same way).
 */
#include "bench.h"
#include "ktest.h"
#include <ebreak/kprobes.h>

static int
empty_handler(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return 0;
}

KBENCH(kretprobe_hit, "insns")
{
	struct kretprobe rp = { .kp.addr = (kprobe_opcode_t *)bench_empty_function,
				.entry_handler = empty_handler,
				.handler = empty_handler };
	uint64_t untraced = bench_per_call(bench_empty_function);

	if (register_kretprobe(&rp))
		return kbench_fail("register_kretprobe failed");
	uint64_t traced = bench_per_call(bench_empty_function);
	unregister_kretprobe(&rp);
	return traced - untraced;
}
