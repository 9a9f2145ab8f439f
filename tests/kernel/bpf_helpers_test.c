/*
 * Helpers clang-built tracing programs call: tests/bpf/helpers.bpf.c
 * (and task_btf.bpf.c),
 * embedded in the image, attached to helpers_target's kprobe,
 * JIT-compiled and interpreted. bpf_printk with six arguments
 * (bpf_trace_vprintk) prints the values this test passed, as
 * eb_snprintf prints them. bpf_perf_event_output called on every hart
 * at once gives each hart's buffer one record a call, in order, as many
 * as helpers_target counted on that hart; a buffer not read fills, the
 * records past it counted lost as many times as the program saw
 * -ENOSPC; the flags and slots give Linux's errors. The small helpers:
 * probe_read_str's string and -EFAULT, the attach cookie the test gave,
 * uid_gid 0 in a task and outside one (Linux's swapper runs as root, as
 * pid_tgid's 0 and comm's swapper say there), jiffies64 and the coarse clock against
 * the time CSR read around the call.
 */
#include "ktest.h"
#include "trace_collect.h"
#include "bpf_embedded.h"
#include "riscv.h"
#include "async/async.h"
#include "async_wait.h"
#include "bpf_text.h"
#include <ebreak/bpf.h>
#include <ebreak/bpf_object.h>
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/kprobes.h>
#include <ebreak/port.h>
#include <ebreak/trace_ring.h>

static unsigned long target_calls[EB_MAX_CPUS];	/* by hart */

__attribute__((noipa)) long helpers_target(long a, long b, unsigned long c,
					   unsigned long d, int e);
long
helpers_target(long a, long b, unsigned long c, unsigned long d, int e)
{
	push_off();	/* on one hart from the count to the return */
	target_calls[cpuid()]++;
	pop_off();
	return a + b + (long)c + (long)d + e;
}

#define HELPERS_COOKIE	0xc00c1e5eed5ull	/* every link's */

/* Loads embedded object object (JIT-compiled if jit, which the programs
 * must report) and attaches its program name at helpers_target's
 * entry, with cookie HELPERS_COOKIE: the object and *link, or NULL (a
 * failed check). */
static struct eb_bpf_object *
load_attached(bool jit, const char *object, const char *name,
	      struct bpf_link **link)
{
	static const struct eb_bpf_kprobe at = { .symbol = "helpers_target" };
	struct eb_bpf_object *obj = bpf_embedded_load(object, jit);
	struct eb_bpf_attach_point point;
	struct eb_bpf_prog_info info;
	char log[256] = "";

	if (!obj)
		return 0;
	struct bpf_prog *p = eb_bpf_object_find_program(obj, name)->prog;
	eb_bpf_prog_info(p, &info);
	KEXPECT_EQ(info.jited, jit);
	eb_bpf_kprobe_point(&at, &point);
	point.cookie = HELPERS_COOKIE;
	if (!KEXPECT_EQ(eb_bpf_attach(p, &point, link, log, sizeof log), 0)) {
		printf("  attach: %s\n", log);
		eb_bpf_object_close(obj);
		return 0;
	}
	return obj;
}

/*
 * Tests name_jited and name_interpreted: fn(jit) for each backend, with
 * no heap left behind (after a warm-up: the probe core's lazily made
 * pools are not leaks).
 */
#define BOTH_BACKENDS(name, fn)						\
	KTEST(bpf_helpers, name##_jited) { both(fn, true); }		\
	KTEST(bpf_helpers, name##_interpreted) { both(fn, false); }

static void
both(void (*fn)(bool jit), bool jit)
{
	bpf_heap_kept("helpers_target", fn, jit);
}

/* bpf_printk of six values: one line each call, with the values. */
static void
vprintk(bool jit)
{
	static const long a[] = { 1, -77, 0x7fffffffffffffff };
	struct bpf_link *link;
	struct eb_bpf_object *obj;
	char want[EB_TRACE_TEXT_MAX];

	eb_trace_clear();
	if (!(obj = load_attached(jit, "helpers", "vprintk", &link)))
		return;
	for (int i = 0; i < 3; i++)
		helpers_target(a[i], -a[i], 0xabc0 + i, 1ul << (40 + i), -i);
	eb_bpf_detach(link);
	eb_bpf_object_close(obj);
	struct collected *c = trace_collect();
	if (!KEXPECT_EQ(c->n, 3))
		return;
	for (int i = 0; i < 3; i++) {
		eb_snprintf(want, sizeof want,
			    "bpf_trace_printk: vprintk %ld %ld %lx %lu %d hart=%u",
			    a[i], -a[i], 0xabc0ul + i, 1ul << (40 + i), -i,
			    cpuid());
		if (!KEXPECT(strcmp(c->text[i], want) == 0))
			printf("    got  %s\n    want %s\n", c->text[i], want);
	}
	eb_trace_clear();
}

BOTH_BACKENDS(trace_vprintk_prints_six_values, vprintk)

#define PERF_CALLS	200	/* a hart's calls: 6400 bytes, none lost */
#define PERF_CHECK	0x5a5a5a5a5a5a5a5aul
#define PERF_FIT	(EB_BPF_PERF_BUF_SIZE / 32)	/* 32-byte records */

/* What the perf event array's records said, by hart. */
struct perf_seen {
	unsigned long n[EB_MAX_CPUS], lost[EB_MAX_CPUS], bad;
	long next[EB_MAX_CPUS];		/* the seq each hart's next must have */
};

static int
perf_check(void *arg, unsigned cpu, const void *data, size_t len)
{
	struct perf_seen *s = arg;
	const uint64_t *w = data;

	if (cpu >= EB_MAX_CPUS || len != 24 || w[0] != cpu ||
	    (long)w[1] != s->next[cpu] || w[2] != (w[1] ^ PERF_CHECK)) {
		if (s->bad++ < 4)
			printf("    bad record: hart %u, %lu bytes, %lx %lx %lx\n",
			       cpu, (unsigned long)len, (unsigned long)w[0],
			       (unsigned long)w[1], (unsigned long)w[2]);
		return 0;
	}
	s->n[cpu]++;
	s->next[cpu]++;
	return 0;
}

static void
perf_lost(void *arg, unsigned cpu, uint64_t n)
{
	((struct perf_seen *)arg)->lost[cpu % EB_MAX_CPUS] += n;
}

/* PERF_CALLS calls of helpers_target, sequence numbers 0 up. */
static void
perf_calls(void *arg)
{
	for (long i = 0; i < PERF_CALLS; i++)
		helpers_target(i, (long)(i ^ PERF_CHECK), 0, 0, 0);
}

/* Every hart calls at once; then each buffer holds its hart's calls. */
static void
perf_all_harts(bool jit)
{
	struct perf_seen seen = { .bad = 0 };
	struct eb_bpf_perf_reader rd = { perf_check, perf_lost, &seen };
	unsigned long before[EB_MAX_CPUS];
	struct bpf_link *link;
	struct eb_bpf_object *obj;

	if (!(obj = load_attached(jit, "helpers", "perf", &link)))
		return;
	memcpy(before, target_calls, sizeof before);
	for (unsigned i = 0; i < ncpu; i++)
		if (i != cpuid())
			smp_work_start(i, perf_calls, 0);
	perf_calls(0);
	for (unsigned i = 0; i < ncpu; i++)
		if (i != cpuid())
			smp_work_wait(i);
	eb_bpf_detach(link);
	struct bpf_map *events = eb_bpf_object_find_map(obj, "events")->map;
	KEXPECT_EQ(eb_bpf_perf_event_consume(events, &rd),
		   (long)ncpu * PERF_CALLS);
	KEXPECT_EQ(seen.bad, 0);
	for (unsigned i = 0; i < ncpu; i++) {
		KEXPECT_EQ(target_calls[i] - before[i], PERF_CALLS);
		KEXPECT_EQ(seen.n[i], target_calls[i] - before[i]);
		KEXPECT_EQ(seen.lost[i], 0);
	}
	eb_bpf_object_close(obj);
}

/* This hart's buffer not read: PERF_FIT records fit, the rest are lost,
 * as many as the program got -ENOSPC. */
static void
perf_full(bool jit)
{
	struct perf_seen seen = { .bad = 0 };
	struct eb_bpf_perf_reader rd = { perf_check, perf_lost, &seen };
	unsigned me = cpuid(), calls = PERF_FIT + 88;
	unsigned long before = target_calls[me];
	struct bpf_link *link;
	struct eb_bpf_object *obj;
	size_t size = 0;

	if (!(obj = load_attached(jit, "helpers", "perf", &link)))
		return;
	for (long i = 0; i < calls; i++)
		helpers_target(i, (long)(i ^ PERF_CHECK), 0, 0, 0);
	eb_bpf_detach(link);
	struct bpf_map *events = eb_bpf_object_find_map(obj, "events")->map;
	const uint64_t *nospc = eb_bpf_object_find_global(obj, "nospc", &size);
	KEXPECT_EQ(target_calls[me] - before, calls);
	KEXPECT_EQ(eb_bpf_perf_event_consume(events, &rd), PERF_FIT);
	KEXPECT_EQ(seen.bad, 0);
	KEXPECT_EQ(seen.n[me], PERF_FIT);
	KEXPECT_EQ(seen.lost[me], calls - PERF_FIT);
	if (KEXPECT(nospc && size == 64 * sizeof(*nospc)))
		KEXPECT_EQ(nospc[me], calls - PERF_FIT);
	/* read, the buffer takes records again */
	helpers_target(PERF_FIT, (long)(PERF_FIT ^ PERF_CHECK), 0, 0, 0);
	KEXPECT_EQ(eb_bpf_perf_event_consume(events, &rd), 0);	/* detached */
	eb_bpf_object_close(obj);
}

/* A zero-length record of wide's. */
static int
perf_empty(void *arg, unsigned cpu, const void *data, size_t len)
{
	*(long *)arg += len == 0 && cpu == cpuid() ? 1 : 1000;
	return 0;
}

/* Linux's errors for perf_flags' calls, in its order. */
static void
perf_flags(bool jit)
{
	unsigned other = (cpuid() + 1) % ncpu;
	struct bpf_link *link;
	struct eb_bpf_object *obj;
	size_t size = 0;
	long empty = 0;
	struct eb_bpf_perf_reader rd = { perf_empty, 0, &empty };

	if (!(obj = load_attached(jit, "helpers", "perf_flags", &link)))
		return;
	helpers_target(other, 0, 0, 0, 0);
	eb_bpf_detach(link);
	const long *e = eb_bpf_object_find_global(obj, "flag_errs", &size);
	if (KEXPECT(e && size == 6 * sizeof(*e))) {
		KEXPECT_EQ(e[0], -EINVAL);
		KEXPECT_EQ(e[1], -E2BIG);
		KEXPECT_EQ(e[2], -ENOENT);
		/* another hart's slot: a perf event on another CPU */
		KEXPECT_EQ(e[3], other == cpuid() ? 0 : -EOPNOTSUPP);
		KEXPECT_EQ(e[4], 0);
		KEXPECT_EQ(e[5], 0);
	}
	struct bpf_map *wide = eb_bpf_object_find_map(obj, "wide")->map;
	KEXPECT_EQ(eb_bpf_perf_event_consume(wide, &rd), 1);
	KEXPECT_EQ(empty, 1);
	eb_bpf_object_close(obj);
}

/* perf_event_output: every hart at once, a full buffer, the errors. */
static void
perf(bool jit)
{
	perf_all_harts(jit);
	perf_full(jit);
	perf_flags(jit);
}

BOTH_BACKENDS(perf_event_output_on_every_hart, perf)

/* The kernel's tick count (HZ, timer.c) from the time CSR. */
static uint64_t
csr_jiffies(void)
{
	return rdtime() / (timebase_hz / EB_PORT_HZ);
}

/* A global of obj, 0 if it has none of that size. */
static uint64_t
global(struct eb_bpf_object *obj, const char *name)
{
	size_t size = 0;
	const uint64_t *v = eb_bpf_object_find_global(obj, name, &size);

	return v && size == 8 ? *v : 0;
}

/* The sign of x: -1, 0 or 1. */
static int
sign(long x)
{
	return (x > 0) - (x < 0);
}

/* bpf_strncmp's results in obj's cmp[] against C's strncmp of the
 * string the program compared (str, its 16 bytes) with the same
 * constants. */
static void
check_strncmp(struct eb_bpf_object *obj, const char *str)
{
	static const char *const want[] = { "a string", "a strinf", "a strinh", "a sx" };
	size_t size = 0;
	const long *cmp = eb_bpf_object_find_global(obj, "cmp", &size);

	if (!KEXPECT(cmp && size == 4 * sizeof(long) && str))
		return;
	for (int i = 0; i < 4; i++)
		KEXPECT_EQ(sign(cmp[i]), sign(strncmp(str, want[i], i < 3 ? 16 : 3)));
	KEXPECT(!cmp[0] && cmp[1] > 0 && cmp[2] < 0 && !cmp[3]);
}

/* A task that calls helpers_target once. */
static enum eb_poll
call_in_task(struct eb_future *f, struct eb_context *cx)
{
	helpers_target((long)"task", 1, 0, 0, 0);
	return EB_READY;
}

static void
small(bool jit)
{
	static const char s[] = "a string of 20 char";
	const uint64_t tick = 1000000000ull / EB_PORT_HZ;
	struct bpf_link *link;
	struct eb_bpf_object *obj;
	size_t size = 0;

	if (!(obj = load_attached(jit, "helpers", "small", &link)))
		return;
	uint64_t j0 = csr_jiffies();
	helpers_target((long)s, 1, 0, 0, 0);
	uint64_t j1 = csr_jiffies();
	eb_bpf_detach(link);
	const char *str = eb_bpf_object_find_global(obj, "str", &size);
	KEXPECT_EQ(global(obj, "str_len"), 16);
	if (KEXPECT(str && size == 16))
		KEXPECT(!memcmp(str, s, 8) && !memcmp(str + 8, "\0\0\0\0\0\0\0\0", 8));
	KEXPECT_EQ(global(obj, "bad_len"), (uint64_t)-EFAULT);
	check_strncmp(obj, str);
	KEXPECT_EQ(global(obj, "cookie"), HELPERS_COOKIE);
	KEXPECT_EQ(global(obj, "uid_gid"), 0);
	uint64_t j = global(obj, "jiffies"), c = global(obj, "coarse");
	uint64_t k = global(obj, "ktime");
	KEXPECT(j0 <= j && j <= j1);
	KEXPECT(c % tick == 0 && c <= k && k - c < 2 * tick);
	KEXPECT(c / tick >= j0 && c / tick <= j1);
	eb_bpf_object_close(obj);
	/* in a task: root's ids */
	struct eb_future f = EB_FUTURE_INIT(call_in_task);
	volatile unsigned done = 0;
	if (!(obj = load_attached(jit, "helpers", "small", &link)))
		return;
	KEXPECT(task_spawn(&f, "uidgid", count_exit, (void *)&done));
	KEXPECT(wait_count(&done, 1, 5));
	eb_bpf_detach(link);
	KEXPECT_EQ(global(obj, "uid_gid"), 0);
	eb_bpf_object_close(obj);
}

BOTH_BACKENDS(small_helpers, small)

/* current_task_btf's record against C's view of the task running
 * helpers_target: its pointer (the same number get_current_task gives)
 * and its id, read through the typed pointer; NULL and 0 outside any
 * task. */
static struct {
	uintptr_t task;
	unsigned id;
} c_task;

static void
check_task(struct eb_bpf_object *obj, uint64_t runs)
{
	KEXPECT_EQ(global(obj, "task_runs"), runs);
	KEXPECT_EQ(global(obj, "btf_task"), c_task.task);
	KEXPECT_EQ(global(obj, "raw_task"), c_task.task);
	KEXPECT_EQ(global(obj, "btf_task_id"), c_task.id);
}

/* A task that records itself, then calls helpers_target once. */
static enum eb_poll
task_calls(struct eb_future *f, struct eb_context *cx)
{
	struct task *t = eb_port_current_task();

	c_task.task = (uintptr_t)t;
	c_task.id = t->id;
	helpers_target(0, 2, 0, 0, 0);
	return EB_READY;
}

static void
task_btf(bool jit)
{
	struct eb_future f = EB_FUTURE_INIT(task_calls);
	volatile unsigned done = 0;
	struct bpf_link *link;
	struct eb_bpf_object *obj = load_attached(jit, "task_btf",
						  "current_task_btf", &link);

	if (!obj)
		return;
	KEXPECT(task_spawn(&f, "taskbtf", count_exit, (void *)&done));
	KEXPECT(wait_count(&done, 1, 5));
	KEXPECT(c_task.task && c_task.id);
	check_task(obj, 1);
	struct task *t = eb_port_current_task();	/* the test's, or none */
	c_task.task = (uintptr_t)t;
	c_task.id = t ? t->id : 0;
	helpers_target(0, 3, 0, 0, 0);
	eb_bpf_detach(link);
	check_task(obj, 2);
	eb_bpf_object_close(obj);
}

BOTH_BACKENDS(current_task_btf, task_btf)

/* What get_current_task_btf gives is read, never written (Linux's
 * "only read is supported"), and only inside the struct. */
KTEST(bpf_helpers, current_task_btf_refused_stores)
{
	struct bpf_prog_opts opts = { .type = BPF_PROG_TYPE_KPROBE };

	KEXPECT(bpf_text_refused("call 158\nstw [%r0+0], 1\nmov %r0, 0\nexit\n",
				 &opts, "only read is supported"));
	KEXPECT(bpf_text_refused("call 158\nldxdw %r0, [%r0+4096]\nmov %r0, 0\n"
				 "exit\n", &opts, "access beyond struct task"));
}
