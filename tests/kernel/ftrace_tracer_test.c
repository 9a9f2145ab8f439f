/*
 * The function and function_graph tracers (<ebreak/ftrace.h>): the call
 * tree of a known chain exactly, with durations that nest; the depth
 * and threshold filters; the harts a cpumask records, call by call;
 * calls past a full return stack counted missed; set_graph_function
 * and set_graph_notrace on the chain; set_ftrace_pid and set_event_pid
 * against a task the test owns; per-hart reads;
 * a backtrace through hooked returns; the whole
 * kernel traced by both tracers while processes run on every hart; and
 * the hit path's own functions without a site.
 */
#include "ktest.h"
#include "riscv.h"
#include "async_wait.h"
#include "user/user.h"
#include <ebreak/errno.h>
#include <ebreak/ftrace.h>
#include <ebreak/fmt.h>
#include <ebreak/kprobe_events.h>
#include <ebreak/kprobes.h>
#include <ebreak/port.h>
#include <ebreak/stack.h>
#include <ebreak/trace_pid.h>
#include <ebreak/trace_ring.h>

__attribute__((noipa)) long ftt_c(long x);
__attribute__((noipa)) long ftt_b(long x);
__attribute__((noipa)) long ftt_a(long x);

long
ftt_c(long x)
{
	__asm__ volatile("" ::: "memory");	/* not folded into b */
	return x + 1;
}

long
ftt_b(long x)
{
	return ftt_c(x) * 2;
}

long
ftt_a(long x)
{
	return ftt_b(x) + 3;
}

__attribute__((noipa)) long ftt_deep(long n);
long
ftt_deep(long n)
{
	return n ? ftt_deep(n - 1) + 2 : 0;
}

#define LINES 64
static char lines[LINES][EB_TRACE_TEXT_MAX + 64];
static unsigned nlines;

#define FILLER "ftt_filler"	/* a line keep() leaves out */
#define FILLER_LINE "/* " FILLER " */"	/* as function_graph prints it */

static bool
ends(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

static void
keep(const char *line, void *arg)
{
	if (line[0] != '#' && !ends(line, FILLER_LINE) && nlines < LINES)
		eb_snprintf(lines[nlines++], sizeof lines[0], "%s", line);
}

static void
drop(const char *line, void *arg)
{
}

/* Forget what the ring holds (consumed, as trace_pipe would). */
static void
drain(void)
{
	while (eb_trace_consume(drop, 0, ~0ul))
		;
}

/* Run the chain on this hart with function_graph on it; the lines. The
 * ring is cleared after: the graph's layout goes with its records, and
 * the suites after this one read in the ring's own. */
static void
graph_chain(void)
{
	char why[128];
	unsigned long mask = eb_ftrace_cpumask();

	eb_ftrace_set_cpumask(1ul << cpuid());	/* only this hart's calls */
	KEXPECT_EQ(eb_ftrace_tracer_start(EB_FTRACE_GRAPH, "ftt_[abc]", why,
					  sizeof why), 3);
	drain();
	KEXPECT_EQ(ftt_a(1), 7);
	eb_ftrace_tracer_stop(EB_FTRACE_GRAPH);
	eb_ftrace_set_cpumask(mask);
	nlines = 0;
	eb_trace_consume_begin();	/* as trace pipe reads */
	eb_trace_consume(keep, 0, ~0ul);
	eb_trace_clear();
}

/* The duration a graph line shows, in ns; ~0 if it shows none. */
static unsigned long
duration(const char *line)
{
	unsigned long us, ns = 0;
	const char *p = line + 6;	/* past " 0) " and the mark */
	const char *end = parse_decimal(p, &us);

	if (end == p)
		return ~0ul;
	if (*end == '.') {
		const char *f = end + 1;
		end = parse_decimal(f, &ns);
		for (long digits = end - f; digits < 3; digits++)
			ns *= 10;
	}
	return us * 1000 + ns;
}

static bool
starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* Whether line is ` H) ` then a duration column then tail. */
static bool
timed(const char *line, const char *tail)
{
	size_t n = strlen(line), t = strlen(tail);

	return n > 20 + t && line[3] == ' ' && line[17] == ' ' &&
	       line[18] == '|' && !strcmp(line + 21, tail) &&
	       duration(line) != ~0ul;
}

KTEST(ftrace_tracers, graph_tree_of_a_known_chain)
{
	char head[8];

	graph_chain();
	eb_snprintf(head, sizeof head, " %u) ", cpuid());
	if (!KEXPECT_EQ(nlines, 5))
		return;
	for (unsigned i = 0; i < 5; i++)
		KEXPECT(starts(lines[i], head));
	KEXPECT(!strcmp(lines[0] + 4, "              |  ftt_a() {"));
	KEXPECT(!strcmp(lines[1] + 4, "              |    ftt_b() {"));
	KEXPECT(timed(lines[2], "    ftt_c();"));
	KEXPECT(timed(lines[3], "  }"));
	KEXPECT(timed(lines[4], "}"));
	/* A callee takes no longer than its caller. */
	KEXPECT(duration(lines[2]) <= duration(lines[3]));
	KEXPECT(duration(lines[3]) <= duration(lines[4]));
	for (unsigned i = 0; i < nlines; i++)
		printf("    %s\n", lines[i]);
}

KTEST(ftrace_tracers, graph_depth_and_threshold)
{
	eb_ftrace_graph_set(2, 0);	/* a and b: b's call of c unseen */
	graph_chain();
	if (KEXPECT_EQ(nlines, 3)) {
		KEXPECT(!strcmp(lines[0] + 4, "              |  ftt_a() {"));
		KEXPECT(timed(lines[1], "  ftt_b();"));
		KEXPECT(timed(lines[2], "}"));
	}
	eb_ftrace_graph_set(0, 1);	/* 1 ns: every return, no entry */
	graph_chain();
	if (KEXPECT_EQ(nlines, 3)) {
		KEXPECT(timed(lines[0], "    } /* ftt_c */"));
		KEXPECT(timed(lines[1], "  } /* ftt_b */"));
		KEXPECT(timed(lines[2], "} /* ftt_a */"));
	}
	eb_ftrace_graph_set(0, 1000000000);	/* 1 s: none */
	graph_chain();
	KEXPECT_EQ(nlines, 0);
	eb_ftrace_graph_set(0, 0);
}

/* A kprobe on c overwrites the whole ring (this hart's) with lines: a's
 * and b's entries are gone when the chain's records are read. */
static int
overwrite_ring(struct kprobe *p, struct pt_regs *regs)
{
	for (unsigned i = 0; i < EB_TRACE_RING_RECORDS; i++)
		eb_trace_write(FILLER);
	return 0;
}

/* Returns whose entries were lost name their functions in a comment
 * after the brace, as Linux's do: a bare brace leaves the reader to
 * guess whose it is. */
KTEST(ftrace_tracers, graph_return_without_its_entry_names_it)
{
	struct kprobe k = { .symbol_name = "ftt_c",
			    .pre_handler = overwrite_ring };

	if (!KEXPECT_EQ(register_kprobe(&k), 0))
		return;
	graph_chain();
	unregister_kprobe(&k);
	if (KEXPECT_EQ(nlines, 3)) {
		KEXPECT(timed(lines[0], "    ftt_c();"));
		KEXPECT(timed(lines[1], "  } /* ftt_b */"));
		KEXPECT(timed(lines[2], "} /* ftt_a */"));
	}
	graph_chain();	/* and with its entry, a bare brace */
	if (KEXPECT_EQ(nlines, 5))
		KEXPECT(timed(lines[4], "}"));
}

static int
note_c(struct kprobe *p, struct pt_regs *regs)
{
	eb_trace_write("in ftt_c");
	return 0;
}

/* Another event among graph lines (a kprobe's record at c's entry) is a
 * comment in the tree, as Linux's print_graph_comment prints it: at the
 * depth of the open call's callees, b's, where c's own line prints. */
KTEST(ftrace_tracers, graph_event_is_a_comment_in_the_tree)
{
	struct kprobe k = { .symbol_name = "ftt_c", .pre_handler = note_c };

	if (!KEXPECT_EQ(register_kprobe(&k), 0))
		return;
	graph_chain();
	unregister_kprobe(&k);
	if (!KEXPECT_EQ(nlines, 6))
		return;
	KEXPECT(!strcmp(lines[1] + 4, "              |    ftt_b() {"));
	KEXPECT(!strcmp(lines[2] + 4, "              |      /* in ftt_c */"));
	KEXPECT(timed(lines[3], "    ftt_c();"));
}

/* set_graph_function and set_graph_notrace (list) set to patterns. */
static void
graph_list(unsigned list, const char *patterns, long want)
{
	char why[128];

	KEXPECT_EQ(eb_ftrace_graph_filter(list, patterns, why, sizeof why),
		   want);
}

/* Only calls under set_graph_function's functions are followed: b's
 * subtree, not a (a calls b calls c, the tracer on all three). */
KTEST(ftrace_tracers, graph_function_follows_only_its_subtree)
{
	graph_list(EB_FTRACE_GRAPH_FUNCTION, "ftt_b", 1);
	graph_chain();
	graph_list(EB_FTRACE_GRAPH_FUNCTION, NULL, 0);
	if (KEXPECT_EQ(nlines, 3)) {
		KEXPECT(!strcmp(lines[0] + 4, "              |  ftt_b() {"));
		KEXPECT(timed(lines[1], "  ftt_c();"));
		KEXPECT(timed(lines[2], "}"));
	}
	graph_chain();		/* emptied: the whole chain again */
	KEXPECT_EQ(nlines, 5);
}

/* set_graph_notrace's functions and all they call are skipped: with b
 * on it, a's call is a leaf; with c, b is; with a root listed too, the
 * two together; a root called under a notrace function (b under a) is
 * skipped too, as Linux's notrace bit skips all under it. */
KTEST(ftrace_tracers, graph_notrace_skips_its_subtree)
{
	graph_list(EB_FTRACE_GRAPH_NOTRACE, "ftt_b", 1);
	graph_chain();
	if (KEXPECT_EQ(nlines, 1))
		KEXPECT(timed(lines[0], "ftt_a();"));
	graph_list(EB_FTRACE_GRAPH_NOTRACE, "ftt_c", 1);
	graph_list(EB_FTRACE_GRAPH_FUNCTION, "ftt_b", 1);
	graph_chain();
	if (KEXPECT_EQ(nlines, 1))
		KEXPECT(timed(lines[0], "ftt_b();"));
	graph_list(EB_FTRACE_GRAPH_NOTRACE, "ftt_a", 1);
	graph_chain();
	KEXPECT_EQ(nlines, 0);
	graph_list(EB_FTRACE_GRAPH_FUNCTION, NULL, 0);
	graph_list(EB_FTRACE_GRAPH_NOTRACE, "", 0);
	graph_list(EB_FTRACE_GRAPH_NOTRACE, "nosuchfn", -EINVAL);
	KEXPECT_EQ(eb_ftrace_graph_filter_count(EB_FTRACE_GRAPH_NOTRACE), 0);
	graph_chain();
	KEXPECT_EQ(nlines, 5);
}

/* Calls nested past the return stack are counted missed, not followed;
 * every call still returns where it should. */
KTEST(ftrace_tracers, full_return_stack_counts_missed)
{
	char why[128];
	unsigned long mask = eb_ftrace_cpumask(), missed = eb_ftrace_missed();
	const long depth = EB_FTRACE_GRAPH_DEPTH + 16;

	eb_ftrace_set_cpumask(1ul << cpuid());
	KEXPECT_EQ(eb_ftrace_tracer_start(EB_FTRACE_GRAPH, "ftt_deep", why,
					  sizeof why), 1);
	KEXPECT_EQ(ftt_deep(depth - 1), 2 * (depth - 1));	/* depth calls */
	eb_ftrace_tracer_stop(EB_FTRACE_GRAPH);
	eb_ftrace_set_cpumask(mask);
	KEXPECT_EQ(eb_ftrace_missed() - missed, 16);
	KEXPECT_EQ(ftt_deep(3), 6);
}

/* --- the harts the tracers record on (tracing_cpumask) ---------------- */

#define HART_CALLS 20		/* calls of ftt_c per hart: well within a ring */
static unsigned long by_hart[EB_MAX_CPUS], other_lines;

/* The first place sub is in s, or NULL. */
static const char *
find(const char *s, const char *sub)
{
	for (; *s; s++)
		if (starts(s, sub))
			return s;
	return 0;
}

/* The hart in a line's `[CPU]` column (the ring's own layout), or -1. */
static long
line_hart(const char *line)
{
	const char *p = find(line, "] ");
	unsigned long hart;

	if (p && p - line >= 4 && p[-4] == '[' &&
	    parse_decimal(p - 3, &hart) == p && hart < EB_MAX_CPUS)
		return (long)hart;
	return -1;
}

/* Count the function tracer's `ftt_c <-` lines by their `[CPU]` column. */
static void
count_by_hart(const char *line, void *arg)
{
	long hart = line_hart(line);

	if (find(line, ": ftt_c <-") && hart >= 0)
		by_hart[hart]++;
	else
		other_lines += line[0] != '#';
}

static void
call_c(void *arg)
{
	for (int i = 0; i < HART_CALLS; i++)
		ftt_c(i);
}

/* Every hart calls ftt_c HART_CALLS times with the function tracer on
 * it and cpumask mask; the records per hart, by their CPU column. */
static void
every_hart_calls(unsigned long mask)
{
	char why[128];
	unsigned long saved = eb_ftrace_cpumask();

	eb_ftrace_set_cpumask(mask);
	KEXPECT_EQ(eb_ftrace_tracer_start(EB_FTRACE_FUNCTION, "ftt_c", why,
					  sizeof why), 1);
	drain();
	ktest_on_every_hart(call_c, 0);
	eb_ftrace_tracer_stop(EB_FTRACE_FUNCTION);
	eb_ftrace_set_cpumask(saved);
	memset(by_hart, 0, sizeof by_hart);
	other_lines = 0;
	eb_trace_consume_begin();
	eb_trace_consume(count_by_hart, 0, ~0ul);
	eb_trace_clear();
}

/* Linux's tracing_cpumask: the calls of the harts in the mask are
 * recorded, each one, and those of the others not at all. */
KTEST(ftrace_tracers, cpumask_records_only_its_harts)
{
	unsigned long missed = eb_ftrace_missed();
	unsigned me = cpuid();

	every_hart_calls(1ul << me);
	for (unsigned h = 0; h < ncpu; h++)
		KEXPECT_EQ(by_hart[h], h == me ? HART_CALLS : 0);
	every_hart_calls(~0ul);		/* all */
	for (unsigned h = 0; h < ncpu; h++)
		KEXPECT_EQ(by_hart[h], HART_CALLS);
	KEXPECT_EQ(other_lines, 0);
	KEXPECT_EQ(eb_ftrace_missed(), missed);
}

/* Linux's per_cpu/cpuN/trace and trace_pipe: a hart's read shows its
 * calls only, its header counting them; a hart's consume takes its
 * records only, leaving the others' for the next. */
static char entries_line[96];

static void
count_with_header(const char *line, void *arg)
{
	if (starts(line, "# entries-in-buffer"))
		eb_snprintf(entries_line, sizeof entries_line, "%s", line);
	count_by_hart(line, arg);
}

static void
reset_counts(void)
{
	memset(by_hart, 0, sizeof by_hart);
	other_lines = 0;
}

KTEST(ftrace_tracers, per_hart_reads_show_their_hart)
{
	char why[128], want[96];
	unsigned me = cpuid(), other = (me + 1) % ncpu;

	KEXPECT_EQ(eb_ftrace_tracer_start(EB_FTRACE_FUNCTION, "ftt_c", why,
					  sizeof why), 1);
	drain();
	ktest_on_every_hart(call_c, 0);
	eb_ftrace_tracer_stop(EB_FTRACE_FUNCTION);
	reset_counts();
	eb_trace_read_harts(1ul << me, count_with_header, 0);
	for (unsigned h = 0; h < ncpu; h++)
		KEXPECT_EQ(by_hart[h], h == me ? HART_CALLS : 0);
	KEXPECT_EQ(other_lines, 0);
	eb_snprintf(want, sizeof want, "# entries-in-buffer/entries-written: "
		    "%u/%u   #P:%u", HART_CALLS, HART_CALLS, ncpu);
	KEXPECT(!strcmp(entries_line, want));
	reset_counts();
	eb_trace_consume_begin();
	eb_trace_consume_harts(1ul << other, count_by_hart, 0, ~0ul);
	for (unsigned h = 0; h < ncpu; h++)
		KEXPECT_EQ(by_hart[h], h == other ? HART_CALLS : 0);
	reset_counts();
	eb_trace_consume(count_by_hart, 0, ~0ul);	/* the rest */
	for (unsigned h = 0; h < ncpu; h++)
		KEXPECT_EQ(by_hart[h], h == other ? 0 : HART_CALLS);
	KEXPECT_EQ(other_lines, 0);
	eb_trace_clear();
}

/* --- set_ftrace_pid and set_event_pid -------------------------------- */

#define TASK_CALLS 3	/* calls of ftt_c in the task, */
#define OWN_CALLS 5	/* in the test itself */

/* A task that calls ftt_c TASK_CALLS times once go is set (polled
 * again, woken by itself, until then: its id is known before it
 * calls). */
struct c_caller {
	struct eb_future f;
	volatile bool go;
};

static enum eb_poll
c_caller_poll(struct eb_future *f, struct eb_context *cx)
{
	struct c_caller *c = (struct c_caller *)f;

	if (!c->go) {
		task_wake(current_task());
		return EB_PENDING;
	}
	for (int i = 0; i < TASK_CALLS; i++)
		ftt_c(i);
	return EB_READY;
}

static unsigned long function_lines, event_lines;

static void
count_pid_lines(const char *line, void *arg)
{
	function_lines += find(line, ": ftt_c <-") != 0;
	event_lines += find(line, ": pidc: (ftt_c+") != 0;
}

/* The function tracer and a kprobe event on ftt_c; the task and the test
 * call it, set_ftrace_pid naming ftrace_id and set_event_pid event_id
 * (0 entries: empty list); counts each kind of line after. */
static void
calls_by_pid(unsigned long ftrace_id, unsigned nf, unsigned long event_id,
	     unsigned ne)
{
	static struct c_caller c;
	volatile unsigned done = 0;
	char why[128];
	unsigned long me = eb_port_current_task_id();

	c = (struct c_caller){ .f = EB_FUTURE_INIT(c_caller_poll) };
	struct task *t = task_spawn(&c.f, "pidc", count_exit, (void *)&done);
	if (!KEXPECT(t))
		return;
	/* The ids: ~0 stands for the task's, ~1 for the test's own. */
	ftrace_id = ftrace_id == ~0ul ? t->id : ftrace_id == ~1ul ? me : ftrace_id;
	event_id = event_id == ~0ul ? t->id : event_id == ~1ul ? me : event_id;
	KEXPECT_EQ(eb_trace_set_pids(EB_TRACE_PIDS_FTRACE, &ftrace_id, nf), 0);
	KEXPECT_EQ(eb_trace_set_pids(EB_TRACE_PIDS_EVENT, &event_id, ne), 0);
	KEXPECT_EQ(eb_ftrace_tracer_start(EB_FTRACE_FUNCTION, "ftt_c", why,
					  sizeof why), 1);
	drain();
	for (int i = 0; i < OWN_CALLS; i++)
		ftt_c(i);
	c.go = true;
	KEXPECT(wait_count(&done, 1, 10));
	eb_ftrace_tracer_stop(EB_FTRACE_FUNCTION);
	eb_trace_set_pids(EB_TRACE_PIDS_FTRACE, 0, 0);
	eb_trace_set_pids(EB_TRACE_PIDS_EVENT, 0, 0);
	function_lines = event_lines = 0;
	eb_trace_consume_begin();
	eb_trace_consume(count_pid_lines, 0, ~0ul);
	eb_trace_clear();
}

/* Each list lets through the calls or events of its tasks only, the
 * test's own and a task's, counted by who made them; empty, all. */
KTEST(ftrace_tracers, pid_lists_trace_only_their_tasks)
{
	char msg[128];

	if (!KEXPECT_EQ(eb_kprobe_events_write("p:pidc ftt_c", msg,
					       sizeof msg), 0))
		return;
	calls_by_pid(~0ul, 1, ~1ul, 1);	/* function: task; events: test */
	KEXPECT_EQ(function_lines, TASK_CALLS);
	KEXPECT_EQ(event_lines, OWN_CALLS);
	calls_by_pid(~1ul, 1, ~0ul, 1);	/* and the other way round */
	KEXPECT_EQ(function_lines, OWN_CALLS);
	KEXPECT_EQ(event_lines, TASK_CALLS);
	calls_by_pid(0, 0, 999999, 1);	/* every task; a task not there */
	KEXPECT_EQ(function_lines, OWN_CALLS + TASK_CALLS);
	KEXPECT_EQ(event_lines, 0);
	calls_by_pid(0, 0, 0, 0);
	KEXPECT_EQ(event_lines, OWN_CALLS + TASK_CALLS);
	if (ncpu > 1) {		/* listed, but on a hart cpumask leaves out */
		unsigned long mask = eb_ftrace_cpumask();
		eb_ftrace_set_cpumask(~(1ul << cpuid()));
		calls_by_pid(~1ul, 1, 0, 0);
		eb_ftrace_set_cpumask(mask);
		KEXPECT_EQ(function_lines, 0);
	}
	KEXPECT_EQ(eb_trace_set_pids(EB_TRACE_PIDS_EVENT, 0,
				     EB_TRACE_PIDS_MAX + 1), -EINVAL);
	KEXPECT_EQ(eb_kprobe_events_write("-:pidc", msg, sizeof msg), 0);
}

/* A backtrace taken in c while a and b return through function_graph's
 * trampoline names them, not it. */
static unsigned long walked[8];
static unsigned nwalked;

static int
walk_stack(struct kprobe *p, struct pt_regs *regs)
{
	nwalked = eb_stack_walk(regs->s0, regs->epc, regs->ra, walked, 8);
	return 0;
}

static bool
walk_names(const char *fn)
{
	for (unsigned i = 0; i < nwalked; i++) {
		uintptr_t start;
		size_t size;
		const char *name = eb_port_symbol_name(walked[i] - (i > 0),
						       &start, &size);
		if (name && !strcmp(name, fn))
			return true;
	}
	return false;
}

KTEST(ftrace_tracers, backtrace_through_hooked_returns)
{
	struct kprobe k = { .symbol_name = "ftt_c", .pre_handler = walk_stack };

	if (!KEXPECT_EQ(register_kprobe(&k), 0))
		return;
	nwalked = 0;
	graph_chain();
	unregister_kprobe(&k);
	KEXPECT_EQ(nlines, 5);
	KEXPECT(walk_names("ftt_c"));
	KEXPECT(walk_names("ftt_b"));
	KEXPECT(walk_names("ftt_a"));
	KEXPECT(walk_names("graph_chain"));
	KEXPECT(!walk_names("ftrace_graph_trampoline"));
}

/* --- the whole kernel while processes run ----------------------------- */

static unsigned long records, graph_records, record_harts;

/* Count function lines (`func <-caller`) and function_graph ones, and
 * note the harts of the function lines. */
static void
count_line(const char *line, void *arg)
{
	long hart = line_hart(line);
	bool function = find(line, " <-") != 0;

	records += function;
	if (function && hart >= 0)
		record_harts |= 1ul << hart;
	graph_records += line[0] == ' ' && line[2] == ')' && line[18] == '|';
}

static bool
late(void *deadline)
{
	return rdtime() > *(uint64_t *)deadline;
}

#define NPROCS 8
static struct proc *procs[NPROCS];

static bool
all_exited(void *deadline)
{
	for (int i = 0; i < NPROCS; i++)
		if (procs[i] && !proc_exited(procs[i]))
			return late(deadline);
	return true;
}

/* Both tracers on every function at once (each site's call reaches the
 * dispatcher, which runs both) for a second while 8 processes run. */
KTEST(ftrace_tracers, every_function_while_processes_run)
{
	static const char *const progs[][4] = {
		{ "spin", "k300", "11", 0 }, { "spin", "k300", "12", 0 },
		{ "sleep", "40", "13", 0 }, { "pingpong", "200", 0, 0 },
	};
	struct proc **p = procs;
	char why[128];
	size_t heap = kmalloc_live_bytes();
	const uintptr_t *sites;
	size_t nsites = eb_ftrace_sites(&sites);

	for (int i = 0; i < NPROCS; i++)
		p[i] = proc_spawn(progs[i % 4][0], progs[i % 4]);
	uint64_t t0 = time_ns();
	KEXPECT_EQ(eb_ftrace_tracer_start(EB_FTRACE_FUNCTION, "*", why,
					  sizeof why), (long)nsites);
	printf("    %lu sites on in one stop_machine: %lu us\n",
	       (unsigned long)nsites, (unsigned long)((time_ns() - t0) / 1000));
	KEXPECT_EQ(eb_ftrace_tracer_start(EB_FTRACE_GRAPH, "*", why,
					  sizeof why), (long)nsites);
	uint64_t until = rdtime() + timebase_hz;	/* a second of it */
	executor_run_until(late, &until);
	eb_ftrace_tracer_stop(EB_FTRACE_FUNCTION);
	eb_ftrace_tracer_stop(EB_FTRACE_GRAPH);
	/* Read once stopped: while every hart traces everything, each
	 * overwrites its ring many times during a read. */
	records = graph_records = record_harts = 0;
	eb_trace_read(count_line, 0);
	eb_trace_clear();	/* as graph_chain */
	printf("    %lu function and %lu function_graph lines in the ring "
	       "after 1 s, %lu missed\n", records, graph_records,
	       eb_ftrace_missed());
	KEXPECT(records > 0);
	KEXPECT_EQ(record_harts, (1ul << ncpu) - 1);	/* from every hart */
	KEXPECT(graph_records > 0);
	KEXPECT_EQ(eb_ftrace_tracer_sites(EB_FTRACE_FUNCTION), 0);
	KEXPECT_EQ(eb_ftrace_tracer_sites(EB_FTRACE_GRAPH), 0);
	until = rdtime() + 30 * timebase_hz;
	executor_run_until(all_exited, &until);
	static const int codes[] = { 11, 12, 13, 0 };
	for (int i = 0; i < NPROCS; i++)
		if (KEXPECT(p[i] && proc_exited(p[i])))
			KEXPECT_EQ(proc_reap(p[i]), W_EXITCODE(codes[i % 4]));
	/* Every site the jump again; the kernel goes on. */
	for (size_t i = 0; i < nsites; i++)
		if (((const uint16_t *)sites[i])[0] != 0xa021)
			KEXPECT(!"a site left on");
	KEXPECT_EQ(kmalloc_live_bytes(), heap);
	graph_chain();
	KEXPECT_EQ(nlines, 5);
}

/* --- what must have no site ------------------------------------------ */

extern char ftrace_caller[], ftrace_graph_trampoline[];
void ftrace_ops_list_func(struct pt_regs *regs);
struct task *current_task(void);
const char *kallsyms_lookup(uintptr_t addr, uintptr_t *start, size_t *size);

/* The out-of-line functions a tracer's hit runs. The clock (time_ns,
 * eb_port_time_ns) and the interrupt toggles (eb_port_irq_save,
 * eb_port_irq_restore) are inline, port_inline.h: nothing to trace,
 * and taking their address here would make copies with a site. */
KTEST(ftrace_tracers, hit_path_functions_have_no_site)
{
	const uintptr_t hit_path[] = {
		(uintptr_t)ftrace_caller, (uintptr_t)ftrace_ops_list_func,
		(uintptr_t)ftrace_graph_trampoline, (uintptr_t)eb_trace_reserve,
		(uintptr_t)eb_trace_commit, (uintptr_t)eb_trace_reserve_raw,
		(uintptr_t)eb_port_current, (uintptr_t)eb_port_symbol_name,
		(uintptr_t)kallsyms_lookup, (uintptr_t)eb_port_current_task,
		(uintptr_t)current_task, (uintptr_t)eb_port_text_patch,
		(uintptr_t)eb_port_stop_machine,
	};

	for (size_t i = 0; i < sizeof hit_path / sizeof hit_path[0]; i++)
		if (!KEXPECT_EQ(ftrace_location(hit_path[i]), 0))
			printf("    hit-path function %zu has a site\n", i);
}
