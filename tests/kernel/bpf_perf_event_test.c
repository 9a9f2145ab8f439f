/*
 * perf_event programs on the timer's samples (eb_bpf_perf_event_point,
 * kernel/timer.c): tests/bpf/perf_event.bpf.c, JIT-compiled and
 * interpreted, sampling every hart at 1000 Hz while this hart spins in
 * perf_hog (perf_hog.S) until its timer has taken HOG_SAMPLES samples.
 * Checked against what is known another way: each hart's samples as the
 * program counted them equal the timer's own count of the samples it
 * took (none lost); on this hart every sample taken inside the hog has
 * its pc in perf_hog's symbol range, a2..a7 as the hog set them and
 * a0, a1 its arguments; the stack id's stack begins in perf_hog, then
 * its caller; the period is 1e9 / 1000 ns, addr 0. After detach the
 * timer samples no more. Two links share one period; a third at
 * another is refused while they run, as a ninth link; a restart at
 * another period drops the sample armed for the old one. The verifier refuses writes to the context
 * and reads Linux's pe_prog_is_valid_access refuses, with Linux's texts.
 */
#include "ktest.h"
#include "bpf_embedded.h"
#include "bpf_text.h"
#include "../bpf/perf_event_results.h"
#include <ebreak/bpf.h>
#include <ebreak/bpf_object.h>
#include <ebreak/errno.h>
#include <ebreak/port.h>

#define HOG_SAMPLES 40
#define FREQ 1000

void perf_hog(const volatile uint64_t *count, uint64_t until);
extern const char perf_hog_loop[];

/* Waits for n of this hart's scheduler ticks (interrupts on). */
static void
wait_ticks(unsigned n)
{
	uint64_t until = mycpu()->ticks + n;

	while (mycpu()->ticks < until)
		;
}

/* The stack the program's last in-hog sample kept: its first frame in
 * the hog, its second in hog_sampled (the compiler may rename it: hog_sampled.constprop.0). */
static void
check_stack(struct eb_bpf_object *obj, long long id, uintptr_t hog,
	    size_t hog_size)
{
	const struct eb_bpf_object_map *m = eb_bpf_object_find_map(obj, "stacks");
	uint32_t key = (uint32_t)id;
	const uint64_t *ips;
	uintptr_t start;
	size_t size;
	const char *name;

	if (!KEXPECT(id >= 0) || !KEXPECT(m) ||
	    !KEXPECT(ips = bpf_map_lookup_elem(m->map, &key)))
		return;
	KEXPECT(ips[0] >= hog && ips[0] < hog + hog_size);
	name = eb_port_symbol_name(ips[1], &start, &size);
	if (!KEXPECT(name && !strncmp(name, "hog_sampled", 11)))
		printf("    second frame %lx: %s\n", (unsigned long)ips[1],
		       name ? name : "?");
}

/* Attached at FREQ, this hart hogged until its timer's count reached
 * *until (HOG_SAMPLES on), detached: the samples each hart's timer took
 * since before the attach in took[]. The link's missed count in
 * *missed. */
static __attribute__((__noinline__)) void
hog_sampled(const struct eb_bpf_program *p, uint64_t took[],
	    unsigned long *missed, uint64_t *until)
{
	struct eb_bpf_perf_event pe = { .freq = FREQ };
	struct eb_bpf_attach_point point;
	struct bpf_link *link = 0;
	const volatile uint64_t *mine = timer_samples(cpuid());
	char err[160] = "";

	for (unsigned h = 0; h < ncpu; h++)
		took[h] = *timer_samples(h);
	if (!KEXPECT_EQ(eb_bpf_perf_event_point(&pe, &point, err, sizeof err), 0) ||
	    !KEXPECT_EQ(eb_bpf_attach(p->prog, &point, &link, err, sizeof err), 0)) {
		printf("    %s\n", err);
		return;
	}
	*until = *mine + HOG_SAMPLES;
	perf_hog(mine, *until);
	*missed = eb_bpf_link_missed(link);
	eb_bpf_detach(link);
	for (unsigned h = 0; h < ncpu; h++)
		took[h] = *timer_samples(h) - took[h];
}

static void
hog_seen(bool jit)
{
	struct eb_bpf_object *obj = bpf_embedded_load("perf_event", jit);
	uint64_t took[NCPU] = { 0 }, total = 0, until = 0;
	unsigned long missed = 1;
	struct perf_seen *seen;
	uint64_t *hog_start, *hog_end;
	uintptr_t hog;
	size_t hog_size, size;
	unsigned me = cpuid();

	if (!KEXPECT(obj))
		return;
	hog_start = eb_bpf_object_find_global(obj, "hog_start", &size);
	hog_end = eb_bpf_object_find_global(obj, "hog_end", &size);
	seen = eb_bpf_object_find_global(obj, "seen", &size);
	if (!KEXPECT(hog_start && hog_end && seen) ||
	    !KEXPECT(kallsyms_lookup_name("perf_hog", &hog, &hog_size)))
		goto out;
	*hog_start = (uintptr_t)perf_hog_loop;	/* a2..a7 set from there */
	*hog_end = hog + hog_size;
	hog_sampled(eb_bpf_object_find_program(obj, "on_sample"), took,
		    &missed, &until);
	KEXPECT_EQ(missed, 0);
	for (unsigned h = 0; h < ncpu; h++) {
		if (!KEXPECT_EQ(seen[h].samples, took[h]))
			printf("    hart %u\n", h);
		total += took[h];
	}
	KEXPECT(took[me] >= HOG_SAMPLES);
	/* one sample may come between the count's read and the loop */
	KEXPECT(seen[me].in_hog >= HOG_SAMPLES - 1 &&
		seen[me].in_hog <= HOG_SAMPLES);
	KEXPECT_EQ(seen[me].regs_ok, seen[me].in_hog);
	KEXPECT_EQ(seen[me].a0, (uintptr_t)timer_samples(me));
	KEXPECT_EQ(seen[me].a1, until);
	KEXPECT_EQ(seen[me].period, 1000000000 / FREQ);
	KEXPECT_EQ(seen[me].addr, 0);
	check_stack(obj, seen[me].stack_id, hog, hog_size);
	/* detached: the timer takes no more samples, the program sees none */
	uint64_t after = *timer_samples(me);
	wait_ticks(3);
	KEXPECT_EQ(*timer_samples(me), after);
	KEXPECT_EQ(seen[me].samples, took[me]);
	printf("  %s: %lu samples on %u harts, %lu in the hog\n",
	       jit ? "jit" : "interpreter", (unsigned long)total, ncpu,
	       (unsigned long)seen[me].in_hog);
out:
	eb_bpf_object_close(obj);
}

/* hog_seen(jit), leaving no heap behind. */
static void
hog_seen_kept(bool jit)
{
	size_t heap = kmalloc_live_bytes();

	hog_seen(jit);
	KEXPECT_EQ(kmalloc_live_bytes(), heap);
}

KTEST(bpf_perf_event, samples_catch_the_hog_jited)
{
	hog_seen_kept(true);
}

KTEST(bpf_perf_event, samples_catch_the_hog_interpreted)
{
	hog_seen_kept(false);
}

/* Checks the perf_event program text is refused with want. */
static void
refused(const char *text, const char *want)
{
	struct bpf_prog_opts opts = { .type = BPF_PROG_TYPE_PERF_EVENT };

	KEXPECT(bpf_text_refused(text, &opts, want));
}

KTEST(bpf_perf_event, context_access_as_linux)
{
	struct bpf_prog_opts opts = { .type = BPF_PROG_TYPE_PERF_EVENT };
	struct bpf_prog *prog;

	refused("mov %r2, 1\nstxdw [%r1+0], %r2\nmov %r0, 0\nexit\n",
		"invalid bpf_context access off=0 size=8");
	refused("stdw [%r1+256], 1\nmov %r0, 0\nexit\n",
		"BPF_ST stores into R1 ctx is not allowed");
	refused("ldxw %r0, [%r1+0]\nexit\n",
		"invalid bpf_context access off=0 size=4");
	refused("ldxdw %r0, [%r1+4]\nexit\n",
		"invalid bpf_context access off=4 size=8");
	refused("ldxdw %r0, [%r1+272]\nexit\n",
		"invalid bpf_context access off=272 size=8");
	refused("ldxw %r0, [%r1+258]\nexit\n",
		"invalid bpf_context access off=258 size=4");
	refused("add %r1, 8\nldxdw %r0, [%r1+0]\nexit\n",
		"dereference of modified ctx ptr R1 off=8 disallowed");
	refused("call bpf_get_func_ip\nexit\n",
		"program of this type cannot use helper bpf_get_func_ip#173");
	refused("call bpf_perf_prog_read_value\nexit\n",
		"program of this type cannot use helper bpf_perf_prog_read_value#56");
	/* narrow reads of sample_period and addr, whole registers */
	prog = bpf_text_load("ldxw %r0, [%r1+260]\nldxb %r0, [%r1+264]\n"
			     "ldxh %r0, [%r1+270]\nldxdw %r0, [%r1+248]\n"
			     "exit\n", &opts);
	KEXPECT(prog);
	bpf_prog_free(prog);
}

KTEST(bpf_perf_event, bad_frequencies_refused)
{
	struct eb_bpf_perf_event pe = { .freq = EB_PERF_MAX_SAMPLE_RATE + 1 };
	struct eb_bpf_attach_point point;
	char err[160] = "";

	KEXPECT_EQ(eb_bpf_perf_event_point(&pe, &point, err, sizeof err), -EINVAL);
	KEXPECT(bpf_log_contains(err, "above the maximum sample rate"));
	pe = (struct eb_bpf_perf_event){ 0 };
	KEXPECT_EQ(eb_bpf_perf_event_point(&pe, &point, err, sizeof err), -EINVAL);
	KEXPECT(bpf_log_contains(err, "freq=0 or period=0"));
	pe = (struct eb_bpf_perf_event){ .period_ns = 9999 };
	KEXPECT_EQ(eb_bpf_perf_event_point(&pe, &point, err, sizeof err), -EINVAL);
	KEXPECT(bpf_log_contains(err, "period too short"));
	pe = (struct eb_bpf_perf_event){ .freq = EB_PERF_MAX_SAMPLE_RATE };
	KEXPECT_EQ(eb_bpf_perf_event_point(&pe, &point, err, sizeof err), 0);
	KEXPECT(!strcmp(pe.label, "cpu-clock freq=100000"));
}

/* Links sample at one period: a second link at the same frequency
 * attaches (both programs count every sample), one at another is
 * refused while the first is attached, saying why. */
KTEST(bpf_perf_event, one_period_at_a_time)
{
	struct eb_bpf_perf_event fast = { .freq = FREQ }, same = { .freq = FREQ },
				 slow = { .freq = 99 };
	struct eb_bpf_attach_point pf, ps, pslow;
	struct bpf_link *a, *b, *c = 0;
	struct bpf_map *ma, *mb;
	struct bpf_prog *pa, *pb;
	char err[160] = "";
	uint32_t key = 0;

	if (!KEXPECT_EQ(eb_bpf_perf_event_point(&fast, &pf, err, sizeof err), 0) ||
	    !KEXPECT_EQ(eb_bpf_perf_event_point(&same, &ps, err, sizeof err), 0) ||
	    !KEXPECT_EQ(eb_bpf_perf_event_point(&slow, &pslow, err, sizeof err), 0) ||
	    !KEXPECT(pa = bpf_text_counter(&pf, &ma, &a)))
		return;
	if (KEXPECT(pb = bpf_text_counter(&ps, &mb, &b))) {
		KEXPECT_EQ(eb_bpf_attach(pb, &pslow, &c, err, sizeof err), -EBUSY);
		KEXPECT(bpf_log_contains(err, "cpu-clock freq=99: the harts sample every 1000000 ns already"));
		wait_ticks(3);
		eb_bpf_detach(b);
		KEXPECT(*(uint64_t *)bpf_map_lookup_elem(mb, &key) > 0);
		bpf_prog_free(pb);
		bpf_map_free(mb);
	}
	eb_bpf_detach(a);
	KEXPECT(*(uint64_t *)bpf_map_lookup_elem(ma, &key) > 0);
	bpf_prog_free(pa);
	bpf_map_free(ma);
}

/* A link at a long period detached and one at FREQ attached at once,
 * before this hart's timer has seen the stop: its sample armed for the
 * long period is dropped, and it samples at FREQ within a few of its
 * ticks (one before, with the long period's sample still armed). */
KTEST(bpf_perf_event, restart_drops_the_old_period)
{
	struct eb_bpf_perf_event slow = { .period_ns = 1000000000 },
				 fast = { .freq = FREQ };
	struct eb_bpf_attach_point ps, pf;
	struct bpf_link *a, *b;
	struct bpf_map *ma, *mb;
	struct bpf_prog *pa, *pb;
	const volatile uint64_t *mine = timer_samples(cpuid());
	char err[160] = "";
	uint32_t key = 0;
	uint64_t before;

	if (!KEXPECT_EQ(eb_bpf_perf_event_point(&slow, &ps, err, sizeof err), 0) ||
	    !KEXPECT_EQ(eb_bpf_perf_event_point(&fast, &pf, err, sizeof err), 0) ||
	    !KEXPECT(pa = bpf_text_counter(&ps, &ma, &a)))
		return;
	wait_ticks(2);	/* this hart's next sample armed a second on */
	eb_bpf_detach(a);
	bpf_prog_free(pa);
	bpf_map_free(ma);
	if (!KEXPECT(pb = bpf_text_counter(&pf, &mb, &b)))
		return;
	before = *mine;
	wait_ticks(3);
	KEXPECT(*mine > before);
	eb_bpf_detach(b);
	KEXPECT(*(uint64_t *)bpf_map_lookup_elem(mb, &key) >= *mine - before);
	bpf_prog_free(pb);
	bpf_map_free(mb);
}

/* Eight links at once sample; a ninth is refused, saying so. */
KTEST(bpf_perf_event, at_most_eight_links)
{
	struct eb_bpf_perf_event pe[9];
	struct eb_bpf_attach_point points[9];
	struct bpf_link *links[8], *ninth = 0;
	struct bpf_map *maps[8];
	struct bpf_prog *progs[8];
	char err[160] = "";
	unsigned n = 0;

	for (unsigned i = 0; i < 9; i++) {
		pe[i] = (struct eb_bpf_perf_event){ .freq = FREQ };
		KEXPECT_EQ(eb_bpf_perf_event_point(&pe[i], &points[i], err, sizeof err), 0);
	}
	while (n < 8 && (progs[n] = bpf_text_counter(&points[n], &maps[n], &links[n])))
		n++;
	if (KEXPECT_EQ(n, 8)) {
		KEXPECT_EQ(eb_bpf_attach(progs[0], &points[8], &ninth, err, sizeof err), -EBUSY);
		KEXPECT(bpf_log_contains(err, "cpu-clock freq=1000: 8 perf_event links attached already, the most at once"));
	}
	while (n--) {
		eb_bpf_detach(links[n]);
		bpf_prog_free(progs[n]);
		bpf_map_free(maps[n]);
	}
}
