/*
 * perf_event programs' sampling event (<ebreak/bpf.h>): Linux's
 * PERF_COUNT_SW_CPU_CLOCK opened on every CPU at a sample frequency,
 * with a BPF_PROG_TYPE_PERF_EVENT program on it, as libbpf-tools'
 * profile opens it. The port's sampling timer (eb_port_sample_start)
 * calls eb_bpf_perf_sample on every hart; each sample runs the links'
 * programs on the interrupted frame, guarded (guard.h): one that
 * faults is abandoned and counted missed.
 */
#include "guard.h"
#include <ebreak/bpf.h>
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/libc.h>
#include <ebreak/port.h>
#include <ebreak/ptregs.h>
#include <ebreak/riscv.h>
#include "bpf/helpers.h"

#define NSEC_PER_SEC 1000000000ULL
#define PERF_LINKS_MAX 8	/* perf_event links at once */

/* What a link keeps (eb_bpf_link_data): a fault's report and count. */
struct perf_link {
	uintptr_t link;		/* whose data this is: the fault's report */
	unsigned long nmissed;
};

/*
 * The links the samples run, and the period the port samples at (0:
 * it does not). Changed under the library's attach lock (the ops run
 * there); the sample path reads the slots with acquire loads and
 * interrupts off, and detach's grace period outlasts it.
 */
static struct bpf_link *perf_links[PERF_LINKS_MAX];
static unsigned nr_links;
static uint64_t period_ns;

/* What a faulting program reports and counts. */
static const struct eb_guard_kind sample_kind = {
	"program of the perf_event link at", "sample",
	offsetof(struct perf_link, link), offsetof(struct perf_link, nmissed)
};

/* One sample's run: the guard first, what a fault reports. */
struct sample {
	struct eb_guarded g;
	struct bpf_perf_event_run run;	/* the programs' context */
	unsigned next;			/* the link slot to run next */
};

/* Runs the links from s->next on; past one that faulted, its caller
 * calls it again. Interrupts off. */
static void
run_links(struct eb_guarded *g)
{
	struct sample *s = (struct sample *)g;

	while (s->next < PERF_LINKS_MAX) {
		struct bpf_link *link = __atomic_load_n(&perf_links[s->next++],
							__ATOMIC_ACQUIRE);
		if (!link)
			continue;
		g->owner = eb_bpf_link_data(link);
		g->lock_depth = eb_port_lock_depth();
		eb_bpf_link_run(link, &s->run);
	}
	g->owner = NULL;
}

/* Counts a sample missed by every link: it came inside a handler. */
static void
miss_all(void)
{
	for (unsigned i = 0; i < PERF_LINKS_MAX; i++) {
		struct bpf_link *link = __atomic_load_n(&perf_links[i],
							__ATOMIC_ACQUIRE);
		if (link)
			__atomic_fetch_add(&((struct perf_link *)
					     eb_bpf_link_data(link))->nmissed,
					   1, __ATOMIC_RELAXED);
	}
}

/* The port's sample on this hart (<ebreak/bpf.h>). Interrupts off. */
EB_NOPROBE void
eb_bpf_perf_sample(struct pt_regs *regs)
{
	struct sample s;	/* each field set: no memset of it all */

	if (eb_in_handler()) {	/* a program would nest in a handler */
		miss_all();
		return;
	}
	s.g.kind = &sample_kind;
	s.g.owner = NULL;
	s.next = 0;
	memcpy(s.run.data.regs, regs, sizeof(s.run.data.regs));
	s.run.data.sample_period = __atomic_load_n(&period_ns,
						   __ATOMIC_RELAXED);
	s.run.data.addr = 0;	/* a timer's sample has no data address */
	s.run.user = !(regs->status & SSTATUS_SPP);	/* Linux's user_mode */
	while (eb_guarded_call(run_links, &s.g, eb_guard_slot()))
		;	/* past the program that faulted */
}

/* Publishes link in a free slot and starts the port's sampling with the
 * first. Under the attach lock. */
static int
attach(const struct eb_bpf_attach_point *point, struct bpf_link *link)
{
	const struct eb_bpf_perf_event *pe = point->target;
	struct perf_link *pl = eb_bpf_link_data(link);
	unsigned i = 0;
	int r;

	while (i < PERF_LINKS_MAX && perf_links[i])
		i++;
	if (i == PERF_LINKS_MAX)
		return -EBUSY;
	if (!nr_links && (r = eb_port_sample_start(pe->period_ns)))
		return r;
	period_ns = pe->period_ns;
	pl->link = (uintptr_t)link;
	nr_links++;
	__atomic_store_n(&perf_links[i], link, __ATOMIC_RELEASE);
	return 0;
}

/* Stops the port's sampling with the last link, then takes link out:
 * a sample begun before the stop still runs it (and counts), none after
 * (eb_bpf_detach's grace period outlasts the last). Under the attach
 * lock. */
static void
detach(const struct eb_bpf_attach_point *point __attribute__((unused)),
       struct bpf_link *link)
{
	if (!--nr_links) {
		eb_port_sample_stop();
		period_ns = 0;
	}
	for (unsigned i = 0; i < PERF_LINKS_MAX; i++)
		if (perf_links[i] == link)
			__atomic_store_n(&perf_links[i], NULL, __ATOMIC_RELAXED);
}

/* Refuses a period other than the one the port samples at already, and
 * a link past the slots. */
static int
fits(const struct eb_bpf_attach_point *point,
     uint64_t words __attribute__((unused)), char *err, size_t errsize)
{
	const struct eb_bpf_perf_event *pe = point->target;
	uint64_t now = __atomic_load_n(&period_ns, __ATOMIC_RELAXED);

	if (__atomic_load_n(&nr_links, __ATOMIC_RELAXED) == PERF_LINKS_MAX) {
		eb_snprintf(err, errsize, "%s: %u perf_event links attached already, the most at once",
			    point->name, PERF_LINKS_MAX);
		return -EBUSY;
	}
	if (!now || now == pe->period_ns)
		return 0;
	eb_snprintf(err, errsize, "%s: the harts sample every %lu ns already (another perf_event link): one period at a time",
		    point->name, (unsigned long)now);
	return -EBUSY;
}

static unsigned long
missed(const struct eb_bpf_attach_point *point __attribute__((unused)),
       const struct bpf_link *link)
{
	const struct perf_link *pl = eb_bpf_link_data(link);

	return __atomic_load_n(&pl->nmissed, __ATOMIC_RELAXED);
}

static const struct eb_bpf_attach_ops perf_event_ops = {
	attach, detach, fits, missed, NULL
};

/* pe's period from its freq, checked (<ebreak/bpf.h>). Not in trap
 * context. */
int
eb_bpf_perf_event_point(struct eb_bpf_perf_event *pe,
			struct eb_bpf_attach_point *point, char *err,
			size_t errsize)
{
	const uint64_t min_ns = NSEC_PER_SEC / EB_PERF_MAX_SAMPLE_RATE;

	if (!eb_port_sample_start || !eb_port_sample_stop) {
		eb_snprintf(err, errsize, "perf_event: this port has no sampling timer (eb_port_sample_start)");
		return -EOPNOTSUPP;
	}
	if (pe->freq) {
		if (pe->freq > EB_PERF_MAX_SAMPLE_RATE) {
			eb_snprintf(err, errsize, "perf_event: freq=%lu is above the maximum sample rate, %u Hz (Linux's kernel.perf_event_max_sample_rate)",
				    (unsigned long)pe->freq, EB_PERF_MAX_SAMPLE_RATE);
			return -EINVAL;
		}
		pe->period_ns = NSEC_PER_SEC / pe->freq;
		eb_snprintf(pe->label, sizeof pe->label, "cpu-clock freq=%lu",
			    (unsigned long)pe->freq);
	} else if (!pe->period_ns) {
		eb_snprintf(err, errsize, "perf_event: freq=0 or period=0 samples nothing: freq from 1 to %u (Linux's kernel.perf_event_max_sample_rate), or a period of %lu ns or more",
			    EB_PERF_MAX_SAMPLE_RATE, (unsigned long)min_ns);
		return -EINVAL;
	} else if (pe->period_ns < min_ns) {
		eb_snprintf(err, errsize, "perf_event: period too short: at most %u samples a second (Linux's kernel.perf_event_max_sample_rate): a period of %lu ns or more",
			    EB_PERF_MAX_SAMPLE_RATE, (unsigned long)min_ns);
		return -EINVAL;
	} else {
		eb_snprintf(pe->label, sizeof pe->label, "cpu-clock period=%lu",
			    (unsigned long)pe->period_ns);
	}
	*point = (struct eb_bpf_attach_point){
		.name = pe->label,
		.prog_type = BPF_PROG_TYPE_PERF_EVENT,
		.ctx_size = sizeof(struct bpf_perf_event_data),
		.ops = &perf_event_ops,
		.target = pe,
		.link_data_size = sizeof(struct perf_link),
	};
	return 0;
}
