/*
 * An eBPF program on a kprobe: written as instructions (a porter has no
 * compiler for it at hand), verified, run by the interpreter (the port
 * gives no executable memory for the JIT), counting event_target's
 * calls and summing their argument in an array map, checked against
 * the function's own count and the arguments passed.
 */
#include "mini.h"
#include <ebreak/bpf.h>
#include <ebreak/bpf_insn.h>
#include <ebreak/errno.h>
#include <ebreak/libc.h>
#include <ebreak/ptregs.h>

#define INSN(c, d, s, o, i) \
	{ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) }

/* value[0] += 1, value[1] += a0, value being the map's entry 0. r6 is
 * the probed call's a0, read from its pt_regs. */
static const struct bpf_insn count_prog[] = {
	INSN(BPF_LDX | BPF_MEM | BPF_DW, 6, 1, offsetof(struct pt_regs, a0), 0),
	/* key 0 at fp-4, r2 = its address */
	INSN(BPF_ST | BPF_MEM | BPF_W, 10, 0, -4, 0),
	INSN(BPF_ALU64 | BPF_MOV | BPF_X, 2, 10, 0, 0),
	INSN(BPF_ALU64 | BPF_ADD | BPF_K, 2, 0, 0, -4),
	/* r1 = maps[0] (two slots), r0 = bpf_map_lookup_elem(r1, r2) */
	INSN(BPF_LD | BPF_IMM | BPF_DW, 1, BPF_PSEUDO_MAP_IDX, 0, 0),
	INSN(0, 0, 0, 0, 0),
	INSN(BPF_JMP | BPF_CALL, 0, 0, 0, 1),
	/* none: to out */
	INSN(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 3, 0),
	INSN(BPF_ALU64 | BPF_MOV | BPF_K, 1, 0, 0, 1),
	INSN(BPF_STX | BPF_ATOMIC | BPF_DW, 0, 1, 0, BPF_ADD),
	INSN(BPF_STX | BPF_ATOMIC | BPF_DW, 0, 6, 8, BPF_ADD),
	/* out: return 0 */
	INSN(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 0),
	INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
};

/* This port has no sampling timer (eb_port_sample_start left out, as
 * docs/PORTING.md lets it): a perf_event point is refused, saying so. */
static void
perf_event_refused(void)
{
	struct eb_bpf_perf_event pe = { .freq = 99 };
	struct eb_bpf_attach_point point;
	char err[160] = "";
	int r = eb_bpf_perf_event_point(&pe, &point, err, sizeof err);

	check("perf_event_refused", r == -EOPNOTSUPP &&
	      !strcmp(err, "perf_event: this port has no sampling timer (eb_port_sample_start)"),
	      "%d %s", r, err);
}

/* mini.h's contract: two checks, bpf_kprobe and perf_event_refused. */
void
selftest_bpf(void)
{
	static const struct bpf_map_def def = {
		.type = BPF_MAP_TYPE_ARRAY, .key_size = 4,
		.value_size = 16, .max_entries = 1,
	};
	static const struct eb_bpf_kprobe probe = { .symbol = "event_target" };
	struct bpf_map *map = NULL;
	struct bpf_prog *prog = NULL;
	struct bpf_link *link = NULL;
	struct eb_bpf_attach_point point;
	struct eb_bpf_prog_info info = { 0 };
	char log[160] = "";
	int err = bpf_map_create(&def, "calls", &map, log, sizeof log);
	struct bpf_prog_opts opts = {
		.type = BPF_PROG_TYPE_KPROBE, .maps = &map, .nr_maps = 1,
	};

	if (!err)
		err = bpf_prog_load(count_prog, sizeof count_prog /
				    sizeof count_prog[0], &opts, &prog, log,
				    sizeof log);
	eb_bpf_kprobe_point(&probe, &point);
	if (!err)
		err = eb_bpf_attach(prog, &point, &link, log, sizeof log);
	unsigned long calls = event_calls;
	for (long i = 0; i < CALLS; i++)
		event_target(i);
	calls = event_calls - calls;
	if (link)
		eb_bpf_detach(link);
	event_target(CALLS);
	uint32_t key = 0;
	const uint64_t *v = map ? bpf_map_lookup_elem(map, &key) : NULL;
	if (prog)
		eb_bpf_prog_info(prog, &info);
	check("bpf_kprobe", !err && v && v[0] == CALLS && calls == CALLS &&
	      v[1] == CALLS * (CALLS - 1) / 2 && info.prepared && !info.jited,
	      "%d %s, runs %lu, calls %lu, sum of a0 %lu, jited %d",
	      err, log, v ? (unsigned long)v[0] : 0, calls,
	      v ? (unsigned long)v[1] : 0, info.jited);
	bpf_prog_free(prog);
	bpf_map_free(map);
	perf_event_refused();
}
