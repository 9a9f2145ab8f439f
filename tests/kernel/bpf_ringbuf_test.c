/*
 * A ring buffer filled from every hart at once (bpf_ringbuf_reserve,
 * then bpf_ringbuf_submit): a kprobe program reserves a record, takes a
 * while to fill it (longer for some calls than others, so that later
 * reservations are submitted before earlier ones), and submits it,
 * while hart 0 reads as they come. The callers hold back while the ring
 * is three quarters full, so that none is lost: every record arrives,
 * once, each hart's in the order it made them, none half written.
 */
#include "ktest.h"
#include <ebreak/bpf.h>
#include <ebreak/port.h>
#include "bpf_text.h"
#include "bpf/ringbuf.h"

__attribute__((noipa)) long bpr_target(long seq);
long
bpr_target(long seq)
{
	return seq;
}

/* A record of 32 bytes: the hart, the call's sequence number, a check
 * word (hart << 32 ^ seq) and its complement, written apart. */
static const char reserve_fill_submit[] =
	"ldxdw %r6, [%r1+80]\n"		/* a0: seq */
	"call 8\n"			/* get_smp_processor_id */
	"mov %r7, %r0\n"
	"lddw %r1, map_fd(0)\n"
	"mov %r2, 32\n"
	"mov %r3, 0\n"
	"call 131\n"			/* ringbuf_reserve */
	"jeq %r0, 0, out\n"
	"mov %r8, %r0\n"
	"stxdw [%r8+0], %r7\n"
	"mov %r1, %r7\n"
	"lsh %r1, 32\n"
	"xor %r1, %r6\n"
	"stxdw [%r8+16], %r1\n"
	"mov %r9, %r6\n"		/* a while: (seq % 32) * 4 insns */
	"and %r9, 31\n"
	"wait:\n"
	"jeq %r9, 0, fill\n"
	"sub %r9, 1\n"
	"ja wait\n"
	"fill:\n"
	"stxdw [%r8+8], %r6\n"
	"xor %r1, -1\n"
	"stxdw [%r8+24], %r1\n"
	"mov %r1, %r8\n"
	"mov %r2, 0\n"
	"call 132\n"			/* ringbuf_submit */
	"out:\n"
	"mov %r0, 0\n"
	"exit\n";

#define RB_CALLS 3000
#define RB_SIZE 65536
#define RB_BURST 16	/* calls between looks at the ring's fill */

static int rb_finished;		/* workers done calling */

struct rb_seen {
	long last[EB_MAX_CPUS];	/* each hart's last seq, -1 before */
	unsigned long n, bad;
};

/* Whether a burst of every hart at once still fits in ring rb: it is
 * under three quarters full. */
static bool
rb_roomy(struct bpf_map *rb)
{
	return eb_ringbuf_query(rb, BPF_RB_AVAIL_DATA) <= RB_SIZE / 4 * 3;
}

/* RB_CALLS calls, in bursts while the ring (arg) is roomy. */
static void
rb_call(void *arg)
{
	for (long i = 0; i < RB_CALLS; i++) {
		while (i % RB_BURST == 0 && !rb_roomy(arg))
			;
		bpr_target(i);
	}
	__atomic_fetch_add(&rb_finished, 1, __ATOMIC_RELEASE);
}

/* A record: whole (the check words agree with the hart and seq), and
 * after its hart's last one. */
static int
rb_check(void *arg, const void *data, size_t len)
{
	const uint64_t *w = data;
	struct rb_seen *s = arg;

	s->n++;
	if (len != 32 || w[0] >= ncpu || w[2] != (w[0] << 32 ^ w[1]) ||
	    w[3] != ~w[2] || (long)w[1] <= s->last[w[0]]) {
		if (s->bad++ < 4)
			printf("    bad record: %lu bytes, %lx %lx %lx %lx\n",
			       (unsigned long)len, (unsigned long)w[0],
			       (unsigned long)w[1], (unsigned long)w[2],
			       (unsigned long)w[3]);
		return 0;
	}
	s->last[w[0]] = (long)w[1];
	return 0;
}

KTEST(bpf_ringbuf, all_harts_reserve_and_submit_while_one_reads)
{
	struct bpf_map_def def = { BPF_MAP_TYPE_RINGBUF, 0, 0, RB_SIZE, 0 };
	struct eb_bpf_kprobe probe = { .symbol = "bpr_target" };
	struct eb_bpf_attach_point point;
	struct bpf_link *link;
	struct bpf_map *rb;
	struct rb_seen seen = { .n = 0 };
	uint64_t lost = 0;
	char err[120];

	if (!KEXPECT_EQ(bpf_map_create(&def, "rb", &rb, err, sizeof err), 0))
		return;
	struct bpf_prog_opts opts = { .type = BPF_PROG_TYPE_KPROBE,
				      .maps = &rb, .nr_maps = 1 };
	struct bpf_prog *prog = bpf_text_load(reserve_fill_submit, &opts);
	if (!KEXPECT(prog))
		return;
	eb_bpf_kprobe_point(&probe, &point);
	if (!KEXPECT_EQ(eb_bpf_attach(prog, &point, &link, err, sizeof err), 0))
		return;
	for (unsigned i = 0; i < ncpu; i++)
		seen.last[i] = -1;
	rb_finished = 0;
	for (unsigned i = 0; i < ncpu; i++)
		if (i != cpuid())
			smp_work_start(i, rb_call, rb);
	/* This hart calls too, a burst at a time while the ring is roomy,
	 * and reads in between. */
	for (long i = 0; i < RB_CALLS || __atomic_load_n(&rb_finished,
			__ATOMIC_ACQUIRE) < (int)ncpu - 1;) {
		for (int k = 0; k < RB_BURST && i < RB_CALLS && rb_roomy(rb); k++)
			bpr_target(i++);
		eb_bpf_ringbuf_consume(rb, rb_check, &seen, &lost);
	}
	for (unsigned i = 0; i < ncpu; i++)
		if (i != cpuid())
			smp_work_wait(i);
	eb_bpf_detach(link);
	eb_bpf_ringbuf_consume(rb, rb_check, &seen, &lost);
	KEXPECT_EQ(seen.bad, 0);
	KEXPECT_EQ(lost, 0);
	KEXPECT_EQ(seen.n, (unsigned long)ncpu * RB_CALLS);
	for (unsigned i = 0; i < ncpu; i++)
		KEXPECT_EQ(seen.last[i], RB_CALLS - 1);
	bpf_prog_free(prog);
	bpf_map_free(rb);
}
