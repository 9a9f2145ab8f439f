/* What tests/bpf/perf_event.bpf.c records of the samples it sees, and
 * the registers tests/kernel/perf_hog.S holds while it spins: included by
 * both and by tests/kernel/bpf_perf_event_test.c, so they are written
 * once. */
#ifndef TESTS_BPF_PERF_EVENT_RESULTS_H
#define TESTS_BPF_PERF_EVENT_RESULTS_H

/* a2..a7 in the hog's loop (12-bit immediates: one li each) */
#define HOG_A2 0x2a2
#define HOG_A3 0x2a3
#define HOG_A4 0x2a4
#define HOG_A5 0x2a5
#define HOG_A6 0x2a6
#define HOG_A7 0x2a7

#ifndef __ASSEMBLY__
#define PERF_SEEN_HARTS 8	/* EB_MAX_CPUS */

/* One hart's samples, as the program saw them (its global seen[]). */
struct perf_seen {
	unsigned long long samples;	/* every sample on the hart */
	unsigned long long in_hog;	/* those whose pc lies in perf_hog */
	/* of those, the ones whose a2..a7 held HOG_A2..HOG_A7 */
	unsigned long long regs_ok;
	unsigned long long a0, a1;	/* the last in-hog sample's */
	unsigned long long period, addr;	/* the last sample's */
	long long stack_id;		/* the last in-hog sample's */
};
#endif

#endif
