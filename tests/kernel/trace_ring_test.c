/* The trace ring: overwrite and loss, clear, readers racing writers on
 * every hart, and a faulting handler's record given back. */
#include "ktest.h"
#include "trace_collect.h"
#include <ebreak/fmt.h>
#include <ebreak/kprobes.h>
#include "async/async.h"

KTEST(trace_ring, overwrite_counts_the_loss)
{
	eb_trace_clear();
	for (int i = 0; i < EB_TRACE_RING_RECORDS + 10; i++)
		eb_trace_printf("n %d", i);
	struct collected *c = trace_collect();
	char want[96];

	eb_snprintf(want, sizeof want,
		    "# entries-in-buffer/entries-written: %d/%d   #P:%u",
		    EB_TRACE_RING_RECORDS, EB_TRACE_RING_RECORDS + 10, ncpu);
	KEXPECT_EQ(c->nheader, 2);
	KEXPECT(strcmp(c->header[0], want) == 0);
	eb_snprintf(want, sizeof want, "# hart %u: 10 lost (ring full: the "
		    "oldest overwritten)", cpuid());
	KEXPECT(strcmp(c->header[1], want) == 0);
	KEXPECT_EQ(c->n, EB_TRACE_RING_RECORDS);
	KEXPECT(strcmp(c->text[0], "n 10") == 0);
	eb_snprintf(want, sizeof want, "n %d", EB_TRACE_RING_RECORDS + 9);
	KEXPECT(strcmp(c->text[c->n - 1], want) == 0);
	KEXPECT_EQ(c->bad, 0);
	KEXPECT(!c->unsorted);
}

KTEST(trace_ring, clear)
{
	eb_trace_printf("before the clear");
	eb_trace_clear();
	struct collected *c = trace_collect();
	char want[96];

	eb_snprintf(want, sizeof want,
		    "# entries-in-buffer/entries-written: 0/0   #P:%u", ncpu);
	KEXPECT_EQ(c->n, 0);
	KEXPECT_EQ(c->nheader, 1);
	KEXPECT(strcmp(c->header[0], want) == 0);
	eb_trace_printf("after");
	c = trace_collect();
	KEXPECT_EQ(c->n, 1);
	KEXPECT(strcmp(c->text[0], "after") == 0);
	eb_trace_clear();
}

/* Write "after": it must be the ring's one record, nothing dropped. */
static void
expect_only_after(void)
{
	eb_trace_printf("after");
	struct collected *c = trace_collect();

	KEXPECT_EQ(c->n, 1);
	KEXPECT(c->n == 1 && strcmp(c->text[0], "after") == 0);
	KEXPECT_EQ(c->nheader, 1);	/* nothing dropped */
	eb_trace_clear();
}

/* Paused (Linux's tracing_stop), a write records nothing, is not
 * counted as dropped but as unrecorded (Linux counts it nowhere);
 * unpaused, writes record again. */
KTEST(trace_ring, a_pause_records_nothing_and_counts_it)
{
	char want[96];

	eb_trace_clear();
	eb_trace_pause(true);
	eb_trace_printf("paused");
	eb_trace_pause(false);
	eb_trace_printf("after");
	struct collected *c = trace_collect();
	eb_snprintf(want, sizeof want, "# hart %u: 1 unrecorded (written "
		    "while a read paused tracing)", cpuid());
	KEXPECT_EQ(c->n, 1);
	KEXPECT(c->n == 1 && strcmp(c->text[0], "after") == 0);
	KEXPECT_EQ(c->nheader, 2);
	KEXPECT(strcmp(c->header[1], want) == 0);
	eb_trace_clear();
}

KTEST(trace_ring, long_lines_are_cut)
{
	char line[2 * EB_TRACE_TEXT_MAX];

	memset(line, 'x', sizeof line - 1);
	line[sizeof line - 1] = 0;
	eb_trace_clear();
	eb_trace_write(line);
	struct collected *c = trace_collect();
	KEXPECT_EQ(c->n, 1);
	KEXPECT_EQ(strlen(c->text[0]), EB_TRACE_TEXT_MAX - 1);
	eb_trace_clear();
}

#define RACE_WRITES 3000
#define RACE_FILL 150

static volatile bool race_go;

/* `w HART I` and RACE_FILL copies of one letter that I picks: a line
 * torn between two records would mix two letters or lose its hart. */
static void
race_writer(void *arg)
{
	char fill[RACE_FILL + 1];

	while (!race_go)
		;
	for (unsigned i = 0; i < RACE_WRITES; i++) {
		memset(fill, 'a' + i % 26, RACE_FILL);
		fill[RACE_FILL] = 0;
		eb_trace_printf("w %u %u %s", cpuid(), i, fill);
	}
}

/* Whether the record text was written whole by hart. */
static bool
whole(const char *text, unsigned hart)
{
	unsigned h = 0, i = 0;
	const char *p = text + 2;

	if (text[0] != 'w' || text[1] != ' ')
		return false;
	for (; *p >= '0' && *p <= '9'; p++)
		h = h * 10 + (*p - '0');
	if (*p++ != ' ')
		return false;
	for (; *p >= '0' && *p <= '9'; p++)
		i = i * 10 + (*p - '0');
	if (h != hart || *p++ != ' ' || strlen(p) != RACE_FILL)
		return false;
	for (; *p; p++)
		if (*p != 'a' + i % 26)
			return false;
	return true;
}

KTEST(trace_ring, readers_never_see_torn_records)
{
	unsigned reads = 0, torn = 0, seen = 0, unsorted = 0, untold = 0;
	unsigned short_reads = 0;

	eb_trace_clear();
	race_go = false;
	for (unsigned i = 0; i < ncpu; i++)
		if (i != cpuid())
			smp_work_start(i, race_writer, NULL);
	race_go = true;
	for (bool busy = ncpu > 1; busy; reads++) {
		struct collected *c = trace_collect();
		for (unsigned r = 0; r < c->n; r++)
			torn += !whole(c->text[r], c->hart[r]);
		torn += c->bad;
		unsorted += c->unsorted;
		/* Every entry the header counts is printed, or the last
		 * line says how many were (overwritten while being read). */
		untold += c->short_read ? c->said_printed != c->n
					: c->n != c->in;
		short_reads += c->short_read;
		seen += c->n;
		busy = false;
		for (unsigned i = 0; i < ncpu; i++)
			busy |= i != cpuid() && !cpus[i].work_done;
	}
	for (unsigned i = 0; i < ncpu; i++)
		if (i != cpuid())
			smp_work_wait(i);
	KEXPECT_EQ(torn, 0);
	KEXPECT_EQ(unsorted, 0);	/* merged oldest first */
	KEXPECT_EQ(untold, 0);
	KEXPECT(ncpu == 1 || seen > 0);
	printf("    %u reads while writing (%u overwritten during the read), "
	       "%u records checked\n", reads, short_reads, seen);
	eb_trace_clear();
}

/* A probe handler that reserves a record and faults: abandoning it gives
 * the record back, so this hart's later writes are not dropped. */
noinline int tr_probed(int x);

noinline int
tr_probed(int x)
{
	asm volatile("");
	return x + 1;
}

static volatile int *volatile tr_unmapped = (volatile int *)0x10;

static int
pre_reserve_then_fault(struct kprobe *p, struct pt_regs *regs)
{
	unsigned long flags;
	char *text = eb_trace_reserve(&flags);

	if (text)
		memcpy(text, "never committed", 16);
	return *tr_unmapped;
}

KTEST(trace_ring, a_faulting_handler_gives_its_record_back)
{
	struct kprobe kp = { .addr = (kprobe_opcode_t *)tr_probed,
			     .pre_handler = pre_reserve_then_fault };

	eb_trace_clear();
	KEXPECT_EQ(register_kprobe(&kp), 0);
	KEXPECT_EQ(tr_probed(1), 2);
	KEXPECT_EQ(tr_probed(2), 3);
	unregister_kprobe(&kp);
	KEXPECT_EQ(kp.nmissed, 2);
	expect_only_after();
}

static enum eb_poll
write_once(struct eb_future *f, struct eb_context *cx)
{
	eb_trace_printf("from a task");
	f->state = EB_FUTURE_DONE;
	return EB_READY;
}

static void
count_done(struct task *t, void *arg)
{
	__atomic_fetch_add((int *)arg, 1, __ATOMIC_RELEASE);
}

static bool
is_set(void *arg)
{
	return __atomic_load_n((int *)arg, __ATOMIC_ACQUIRE);
}

/* A record names the task it was written in, as ftrace's COMM-PID: the
 * hart's own loop is swapper/N (pid 0, Linux's idle threads), a kernel
 * task its name; the header names the tracer (none on: nop) and the
 * columns. (A process's records, with its pid, are checked by the
 * kprobe-shell and user suites.) */
KTEST(trace_ring, records_name_their_task)
{
	static struct eb_future f;
	static int done;
	char swapper[16];

	eb_trace_clear();
	eb_trace_printf("from the hart's loop");
	f = EB_FUTURE_INIT(write_once);
	done = 0;
	KEXPECT(task_spawn(&f, "tracer-task", count_done, &done));
	executor_run_until(is_set, &done);
	struct collected *c = trace_collect();
	eb_snprintf(swapper, sizeof swapper, "swapper/%u", cpuid());
	KEXPECT(strcmp(c->tracer, "nop") == 0);
	KEXPECT_EQ(c->columns, 2);
	KEXPECT_EQ(c->bad, 0);
	if (!KEXPECT_EQ(c->n, 2))
		return;
	KEXPECT(strcmp(c->comm[0], swapper) == 0 && c->pid[0] == 0);
	KEXPECT(strcmp(c->comm[1], "tracer-task") == 0 && c->pid[1] == 0);
	KEXPECT(strcmp(c->text[1], "from a task") == 0);
	eb_trace_clear();
}

static unsigned consumed_lines, consumed_lost;

/* Whether line is consume's "# N lost (...)" line. */
static bool
is_lost_line(const char *line)
{
	for (; *line; line++)
		if (strncmp(line, " lost (rings full", 17) == 0)
			return true;
	return false;
}

static void
count_consumed(const char *line, void *arg)
{
	if (line[0] == '#')
		consumed_lost += is_lost_line(line);
	else
		consumed_lines++;
}

/* trace pipe's read: records once each, at most about max per call, in
 * order; what the ring overwrote before the read is said in a '#' line;
 * what was consumed is gone from eb_trace_read too. */
KTEST(trace_ring, consume_reads_each_record_once)
{
	eb_trace_clear();
	for (int i = 0; i < 10; i++)
		eb_trace_printf("c %d", i);
	consumed_lines = consumed_lost = 0;
	KEXPECT_EQ(eb_trace_consume(count_consumed, NULL, 4), 4);
	KEXPECT_EQ(eb_trace_consume(count_consumed, NULL, 1000), 6);
	KEXPECT_EQ(eb_trace_consume(count_consumed, NULL, 1000), 0);
	KEXPECT_EQ(consumed_lines, 10);
	KEXPECT_EQ(trace_collect()->n, 0);
	for (int i = 0; i < EB_TRACE_RING_RECORDS + 7; i++)
		eb_trace_printf("d %d", i);
	consumed_lines = consumed_lost = 0;
	KEXPECT_EQ(eb_trace_consume(count_consumed, NULL, 1000),
		   EB_TRACE_RING_RECORDS);
	KEXPECT_EQ(consumed_lost, 1);
	eb_trace_clear();
}

static uint64_t last_us;
static unsigned out_of_order, consumed_all;

/* A consumed line's time in µs (after "] "), checked against the last. */
static void
check_order(const char *line, void *arg)
{
	const char *p = line;
	uint64_t us = 0;

	if (line[0] == '#')
		return;
	while (*p && !(p[0] == ']' && p[1] == ' '))
		p++;
	for (p += *p ? 2 : 0; *p == ' ' || (*p >= '0' && *p <= '9') || *p == '.'; p++)
		if (*p >= '0' && *p <= '9')
			us = us * 10 + (*p - '0');
	out_of_order += us < last_us;
	last_us = us;
	consumed_all++;
}

static void
write_some(void *arg)
{
	for (int i = 0; i < 20; i++) {
		eb_trace_printf("hart %u %d", cpuid(), i);
		for (volatile int k = 0; k < 2000; k++)
			;
	}
}

/* trace pipe's reads in small batches still come out oldest first
 * across every hart (a batch takes the oldest records of all harts, not
 * some of each). */
KTEST(trace_ring, consume_batches_stay_in_time_order)
{
	eb_trace_clear();
	ktest_on_every_hart(write_some, 0);
	last_us = out_of_order = consumed_all = 0;
	while (eb_trace_consume(check_order, NULL, 3))
		;
	KEXPECT_EQ(consumed_all, 20 * ncpu);
	KEXPECT_EQ(out_of_order, 0);
	eb_trace_clear();
}
