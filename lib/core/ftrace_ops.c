/*
 * Who has each patchable site on (<ebreak/ftrace.h>, EB_FTRACE_*), and
 * the dispatcher a site's call reaches when a tracer is on (Linux's
 * ftrace_ops list, as a fixed set of users).
 *
 * A byte of user bits per site of the table, changed only inside
 * stop_machine and read by the hit path without a lock: a site is the
 * call form while its byte is not 0. The trampoline's call (ftrace_call)
 * goes straight to the kprobe handler while no site has a tracer bit,
 * so kprobes pay nothing for the tracers, and to ftrace_ops_list_func
 * while some site has one; it is retargeted in the same stop_machine
 * as the bits. A hart parked in the trampoline before its call may
 * reach either function for a site whose users changed: both take a
 * site without users (or without kprobes) as a plain return to the
 * function's body. A site whose only user is a kprobe with a direct
 * trampoline jumps to it instead (kprobe_ftrace_direct): no dispatch.
 */
#include "ftrace_internal.h"
#include "kprobes_internal.h"
#include "ftrace_arch.h"
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/glob.h>
#include <ebreak/libc.h>
#include <ebreak/trace_pid.h>

#define TRACERS (EB_FTRACE_FUNCTION | EB_FTRACE_GRAPH)

static uint8_t users[EB_FTRACE_SITES_MAX];
static size_t traced[TRACERS + 1];	/* sites per tracer bit */
static unsigned long cpumask = ~0ul;
/* The harts whose calls are traced with no look at set_ftrace_pid:
 * cpumask while its list is empty, none while it holds ids (a call then
 * passes if its hart is in cpumask and its task listed, pid_passes). One
 * load on the hit, as cpumask alone was. */
static unsigned long gate = ~0ul;

struct ftrace_cpu ftrace_cpus[EB_MAX_CPUS];

/* The count of sites tracer (one bit) has on. */
static size_t *
count_of(unsigned tracer)
{
	return &traced[tracer & TRACERS];
}

/* Write the form site takes for users: the nop without any, the
 * kprobes' direct trampoline while they are the only user and have one
 * (kprobe_ftrace_direct), else the call of ftrace_caller. */
static int
write_form(uintptr_t site, unsigned users)
{
	uintptr_t direct = users == EB_FTRACE_KPROBE ? kprobe_ftrace_direct(site)
						     : 0;

	if (!users)
		return ftrace_make_nop(site);
	return direct ? ftrace_make_direct(site, direct) : ftrace_make_call(site);
}

int
ftrace_site_update(uintptr_t site, unsigned user, bool on)
{
	long i = ftrace_site_index(site);
	if (i < 0)
		return -EINVAL;
	uint8_t old = users[i], new = on ? old | user : old & ~user;
	int err = 0;

	if (old == new)
		return 0;
	/* The form changes only where a user comes first, goes last, or
	 * joins or leaves the kprobes (their direct form). */
	if (!old != !new || (old == EB_FTRACE_KPROBE) != (new == EB_FTRACE_KPROBE))
		err = write_form(site, new);
	if (err)
		return err;
	/* Read by hits, without a lock. */
	__atomic_store_n(&users[i], new, __ATOMIC_RELAXED);
	if (user & TRACERS)
		*count_of(user) += on ? 1 : -1;
	return 0;
}

int
ftrace_site_refresh(uintptr_t site)
{
	long i = ftrace_site_index(site);

	return i < 0 ? -EINVAL : write_form(site, users[i]);
}

void
ftrace_update_gate(void)
{
	unsigned long mask = __atomic_load_n(&cpumask, __ATOMIC_RELAXED);
	bool pids = __atomic_load_n(&eb_trace_pid_lists[EB_TRACE_PIDS_FTRACE].n,
				    __ATOMIC_RELAXED);

	__atomic_store_n(&gate, pids ? 0 : mask, __ATOMIC_RELAXED);
}

/* A call on hart cpu that gate did not let through: whether its hart is
 * in cpumask and set_ftrace_pid lists its task. Interrupts off. Out of
 * line: the dispatcher keeps no more registers for it while the list is
 * empty. */
static __attribute__((noinline)) bool
pid_passes(unsigned cpu)
{
	return (__atomic_load_n(&cpumask, __ATOMIC_RELAXED) >> cpu & 1) &&
	       __atomic_load_n(&eb_trace_pid_lists[EB_TRACE_PIDS_FTRACE].n,
			       __ATOMIC_RELAXED) &&
	       eb_trace_pid_listed(&eb_trace_pid_lists[EB_TRACE_PIDS_FTRACE]);
}

/* Called by ftrace_caller (through ftrace_call) while a tracer is on,
 * with its partial frame and interrupts off. The tracers read the call
 * as it came, the kprobes may change it, function_graph hooks the
 * return last (after a kretprobe's hook, so its return runs first). */
EB_NOPROBE void
ftrace_ops_list_func(struct pt_regs *regs)
{
	uintptr_t ip = regs->epc;
	long i = ftrace_site_index(ip);
	unsigned u = i < 0 ? 0 : __atomic_load_n(&users[i], __ATOMIC_RELAXED);
	unsigned cpu = eb_port_cpu_id();
	struct ftrace_cpu *c = &ftrace_cpus[cpu];
	bool trace = (u & TRACERS) &&
		     ((__atomic_load_n(&gate, __ATOMIC_RELAXED) >> cpu & 1) ||
		      pid_passes(cpu));

	if (trace && c->busy) {
		c->missed++;	/* a tracer called a traced function */
		trace = false;
	}
	if (trace && (u & EB_FTRACE_FUNCTION)) {
		c->busy = true;
		uintptr_t parent = regs->ra;
		/* function_graph's, after a tail call from a call it follows */
		if (parent == (uintptr_t)ftrace_graph_trampoline)
			parent = ftrace_graph_ret_addr(parent, regs->sp);
		ftrace_function_entry(ip, parent, c);
		c->busy = false;
	}
	if (u & EB_FTRACE_KPROBE)
		kprobe_ftrace_handler(regs);
	else
		regs->epc = ip + FTRACE_SITE_SIZE;
	if (trace && (u & EB_FTRACE_GRAPH) &&
	    regs->epc == ip + FTRACE_SITE_SIZE) {	/* not redirected */
		c->busy = true;
		ftrace_graph_entry(regs, ip, c);
		c->busy = false;
	}
}

/* A batch: turn tracer on where want says, off elsewhere. */
struct tracer_batch {
	unsigned tracer;
	const char *patterns;	/* NULL: off everywhere */
	int err;
};

/* The next space-separated pattern at p into pat (size bytes): the
 * place after it, or NULL when none is left. *cut: it did not fit. */
static const char *
next_pattern(const char *p, char *pat, size_t size, bool *cut)
{
	size_t len = 0;

	while (*p == ' ')
		p++;
	for (; p[len] && p[len] != ' '; len++)
		;
	if (!len)
		return NULL;
	*cut = len >= size;
	len = *cut ? size - 1 : len;
	memcpy(pat, p, len);
	pat[len] = 0;
	for (; *p && *p != ' '; p++)
		;
	return p;
}

bool
ftrace_patterns_match(const char *patterns, const char *name)
{
	bool in = false, any = false, cut;
	char pat[128];

	for (const char *p = patterns;
	     (p = next_pattern(p, pat, sizeof pat, &cut));) {
		if (pat[0] == '!') {
			if (eb_glob_match(pat + 1, name))
				return false;
		} else {
			any = true;
			in |= eb_glob_match(pat, name);
		}
	}
	/* Only exclusions: as Linux's empty set_ftrace_filter, every
	 * function but those. */
	return in || !any;
}

const char *
ftrace_site_name(uintptr_t site)
{
	uintptr_t start;
	size_t size;
	const char *name = eb_port_symbol_name(site, &start, &size);

	return name ? name : "";
}

size_t
ftrace_sites_matching(const char *glob, uintptr_t *out, size_t max)
{
	const uintptr_t *sites;
	size_t nsites = eb_ftrace_sites(&sites), n = 0;

	for (size_t i = 0; i < nsites; i++) {
		if (!eb_glob_match(glob, ftrace_site_name(sites[i])))
			continue;
		if (n < max)
			out[n] = sites[i];
		n++;
	}
	return n;
}

/* In stop_machine: every site's tracer bit as the batch says, then the
 * trampoline's call to match. */
static void
apply(void *arg)
{
	struct tracer_batch *b = arg;
	const uintptr_t *sites;
	size_t n = eb_ftrace_sites(&sites);

	for (size_t i = 0; i < n && !b->err; i++) {
		bool on = b->patterns &&
			  ftrace_patterns_match(b->patterns,
						ftrace_site_name(sites[i]));
		b->err = ftrace_site_update(sites[i], b->tracer, on);
	}
	bool any = traced[EB_FTRACE_FUNCTION] || traced[EB_FTRACE_GRAPH];
	int err = ftrace_update_ftrace_func(any ? ftrace_ops_list_func
					       : kprobe_ftrace_handler);
	if (!b->err)
		b->err = err;
}

int
ftrace_patterns_check(const char *patterns, char *why, size_t n)
{
	const uintptr_t *sites;
	size_t nsites = eb_ftrace_sites(&sites);
	bool cut;
	char pat[128];

	for (const char *p = patterns;
	     (p = next_pattern(p, pat, sizeof pat, &cut));) {
		if (cut) {
			eb_snprintf(why, n, "pattern '%.20s...' is too long", pat);
			return -EINVAL;
		}
		const char *glob = pat + (pat[0] == '!');
		if (!*glob) {
			eb_snprintf(why, n, "'!' names no function to exclude");
			return -EINVAL;
		}
		if (!ftrace_sites_matching(glob, NULL, 0)) {
			eb_snprintf(why, n, "'%s' matches no function with a "
				    "patchable entry", glob);
			return -EINVAL;
		}
	}
	size_t i = 0;
	while (i < nsites &&
	       !ftrace_patterns_match(patterns, ftrace_site_name(sites[i])))
		i++;
	if (i == nsites) {
		eb_snprintf(why, n, "the exclusions leave no function to trace");
		return -EINVAL;
	}
	return 0;
}

/* Tell the trace ring which tracer is on, for its reads' `# tracer:`
 * line and layout: function_graph's tree when it is on (ebreak lets
 * both be on; the function tracer's lines keep their columns in it),
 * else function, else none (nop). */
static void
name_tracer(void)
{
	const struct eb_trace_tracer *t = NULL;

	if (*count_of(EB_FTRACE_GRAPH))
		t = &ftrace_graph_tracer;
	else if (*count_of(EB_FTRACE_FUNCTION))
		t = &ftrace_function_tracer;
	eb_trace_set_tracer(t);
}

long
eb_ftrace_tracer_start(unsigned tracer, const char *patterns, char *why,
		       size_t n)
{
	struct tracer_batch b = { tracer, patterns, 0 };
	int err = ftrace_patterns_check(patterns, why, n);

	if (err)
		return err;
	eb_port_stop_machine(apply, &b);
	name_tracer();
	if (b.err) {
		eb_snprintf(why, n, "a site could not be patched");
		return b.err;
	}
	return (long)*count_of(tracer);
}

void
eb_ftrace_tracer_stop(unsigned tracer)
{
	struct tracer_batch b = { tracer, NULL, 0 };

	eb_port_stop_machine(apply, &b);
	name_tracer();
}

size_t
eb_ftrace_tracer_sites(unsigned tracer)
{
	return __atomic_load_n(count_of(tracer), __ATOMIC_RELAXED);
}

void
eb_ftrace_set_cpumask(unsigned long mask)
{
	__atomic_store_n(&cpumask, mask, __ATOMIC_RELAXED);
	ftrace_update_gate();
}

unsigned long
eb_ftrace_cpumask(void)
{
	return __atomic_load_n(&cpumask, __ATOMIC_RELAXED);
}

unsigned long
eb_ftrace_missed(void)
{
	unsigned long n = 0;

	for (unsigned h = 0; h < EB_MAX_CPUS; h++)
		n += __atomic_load_n(&ftrace_cpus[h].missed, __ATOMIC_RELAXED);
	return n;
}
