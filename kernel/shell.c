/* The console shell: a table of commands, read by the line editor. */
#include "defs.h"
#include "lineedit.h"
#include "user/user.h"
#include "user/signame.h"
#include "trace/aprobe_cmd.h"
#include "trace/bpf_cmd.h"
#include "trace/ftrace_cmd.h"
#include "trace/task_view.h"
#include "trace/timeline.h"
#include "trace/tracepoint.h"
#include <ebreak/errno.h>
#include <ebreak/glob.h>
#include <ebreak/kprobe_events.h>
#include <ebreak/trace_pid.h>
#include <ebreak/trace_ring.h>

#define CTRL_C 3

struct command {
	const char *name;
	/* Starts with "NAME " and its arguments if it takes any. */
	const char *help;
	void (*run)(const char *args);
};

static void cmd_help(const char *args);

static void
cmd_harts(const char *args)
{
	for (unsigned i = 0; i < ncpu; i++)
		if (cpus[i].online)
			printf("hart %u: online, %lu ticks, %lu ipis\n", i,
			       (unsigned long)cpus[i].ticks,
			       (unsigned long)cpus[i].ipis);
}

static bool
contains(const char *name, const char *part)
{
	size_t n = strlen(part);

	for (; *name; name++)
		if (strncmp(name, part, n) == 0)
			return true;
	return n == 0;
}

static void
cmd_syms(const char *pattern)
{
	size_t shown = 0;

	for (size_t i = 0; i < kallsyms_count(); i++) {
		uintptr_t addr;
		size_t size;
		const char *name = kallsyms_name_at(i, &addr, &size);
		if (eb_glob_has_wildcard(pattern) ? eb_glob_match(pattern, name)
					  : contains(name, pattern)) {
			printf("%016lx %6lu %s\n", (unsigned long)addr,
			       (unsigned long)size, name);
			shown++;
		}
	}
	printf("%lu of %lu functions\n", (unsigned long)shown,
	       (unsigned long)kallsyms_count());
}

static void
cmd_poweroff(const char *args)
{
	printf("bye\n");
	kernel_exit(0);
}

/* Run a user program in the foreground: this hart runs tasks (the
 * program's among them) until it exits. Its wait status, or -1. */
static int
run_program(char *line)
{
	const char *argv[MAXARG + 1];
	int argc = 0;

	for (char *p = line; *p;) {
		if (argc == MAXARG) {
			printf("run: more than %d words: not run\n", MAXARG);
			return -1;
		}
		argv[argc++] = p;
		while (*p && *p != ' ')
			p++;
		if ((size_t)(p - argv[argc - 1]) >= ARGSTRLEN) {
			printf("run: a word of more than %d characters: not "
			       "run\n", ARGSTRLEN - 1);
			return -1;
		}
		while (*p == ' ')
			*p++ = 0;
	}
	argv[argc] = 0;
	if (argc == 0) {
		printf("run: which program?\n");
		return -1;
	}
	struct proc *p = proc_spawn(argv[0], argv);
	if (!p) {
		printf("run: cannot start %s\n", argv[0]);
		return -1;
	}
	console_set_pgid(p->pgid);	/* ^C interrupts it */
	executor_run_until(proc_exited, p);
	console_set_pgid(0);
	return proc_reap(p);
}

static void
cmd_run(const char *args)
{
	char line[128];
	size_t n = strlen(args);

	if (n && args[n - 1] == '&') {
		printf("run: & runs a job in the background only in sh; run "
		       "waits for its program\n");
		return;
	}
	if (n >= sizeof line)
		n = sizeof line - 1;
	memcpy(line, args, n);
	line[n] = 0;
	int status = run_program(line);
	int sig = status & 0x7f;
	if (status > 0 && !sig)
		printf("%s: exit %d\n", args, status >> 8);
	else if (status > 0)
		printf("%s: killed by signal %d (SIG%s), status %d\n", args, sig,
		       signal_name(sig) ? signal_name(sig) : "?", 128 + sig);
}

/* "[-SIGNAL] PID": the signal (TERM without one) and the pid, or -1. */
static int
parse_kill(const char *args, int *pid)
{
	char word[16];
	int sig = SIGTERM;
	unsigned long n;

	if (*args == '-') {
		size_t len = 0;
		for (args++; *args && *args != ' ' && len + 1 < sizeof word;)
			word[len++] = *args++;
		word[len] = 0;
		if ((sig = signal_parse(word)) < 0 || (*args && *args != ' '))
			return -1;
		while (*args == ' ')
			args++;
	}
	bool group = *args == '-';
	args += group;
	const char *end = parse_decimal(args, &n);
	if (end == args || *end || n >= 1 << 30)
		return -1;
	*pid = group ? -(int)n : (int)n;
	return sig;
}

static void
cmd_kill(const char *args)
{
	int pid, sig = parse_kill(args, &pid);

	if (sig < 0) {
		printf("kill: usage: kill [-SIGNAL] PID (SIGNAL: a number, INT, "
		       "TERM, KILL...; PID -N: process group N)\n");
		return;
	}
	int err = proc_kill(pid, sig, 0);
	if (err)
		printf("kill: (%d): %s\n", pid, err == -ESRCH ?
		       "no such process" : "stop signals are not supported");
}

static void
cmd_sh(const char *args)
{
	char line[] = "sh";

	run_program(line);
}

static void
cmd_ps(const char *args)
{
	executor_ps();
	proc_ps();
}

/* The library's line printer: a line and its newline. */
static void
print_line(const char *line, void *arg)
{
	printf("%s\n", line);
}

/* Linux's trace_pipe: print records as they are written, until ^C
 * (lineedit_interrupted). Each read prints at most 64 records, so ^C is
 * seen within one read however fast records come. */
static void
trace_pipe(unsigned long harts)
{
	bool more;

	eb_trace_consume_begin();
	do
		more = eb_trace_consume_harts(harts, print_line, NULL, 64) > 0;
	while (!lineedit_interrupted(more));
}

/* Whether args is word, alone or then a hart (Linux's per_cpu/cpuN
 * files): *harts, the mask of what it reads (every hart without one).
 * A hart this kernel has not is said and refused (*harts 0). */
static bool
read_of(const char *args, const char *word, unsigned long *harts)
{
	size_t n = strlen(word);
	unsigned long h;

	if (strncmp(args, word, n) || (args[n] && args[n] != ' '))
		return false;
	for (args += n; *args == ' '; args++)
		;
	*harts = ~0ul;
	if (!*args)
		return true;
	const char *end = parse_decimal(args, &h);
	*harts = end != args && !*end && h < ncpu ? 1ul << h : 0;
	if (!*harts)
		printf("trace: %s: '%s' is not a hart (this kernel has 0-%u)\n",
		       word, args, ncpu - 1);
	return true;
}

/* The event name that starts args, into name; what follows it. */
static const char *
event_name(const char *args, char *name, size_t size)
{
	size_t n = 0;

	while (args[n] && args[n] != ' ' && n + 1 < size)
		name[n] = args[n], n++;
	name[n] = 0;
	args += n;
	while (*args == ' ')
		args++;
	return args;
}

/* The filter and trigger of the event that starts args: a kprobe
 * event's, else a tracepoint's; or NULL, having said so. In *rest, what
 * follows the name. */
static struct eb_trace_event *
event_control(const char *args, const char **rest)
{
	char name[64];
	struct eb_trace_event *ev;

	*rest = event_name(args, name, sizeof name);
	if (!(ev = trace_event_find(name)))
		printf("trace: %s: no such event (see kprobe and trace)\n",
		       name);
	return ev;
}

/* "EVENT [EXPR|0]": show EVENT's filter, or set it (0 removes it). */
static void
set_filter(const char *args)
{
	char msg[512];
	const char *expr;
	struct eb_trace_event *ev = event_control(args, &expr);

	if (ev && !*expr)
		printf("%s\n", eb_trace_event_filter_text(ev));
	else if (ev && eb_trace_event_set_filter(ev, expr, msg, sizeof msg))
		printf("%s\n", msg);
}

/* Whether msg is an event filter's refusal: lines ending in Linux's
 * `parse_error: ...`. */
static bool
filter_refusal(const char *msg)
{
	const char *last = msg;

	for (const char *p = msg; *p; p++)
		if (*p == '\n')
			last = p + 1;
	return last != msg && strncmp(last, "parse_error: ", 13) == 0;
}

/* "EVENT [TRIGGER]": show EVENT's trigger as Linux's trigger file, or
 * set it. */
static void
set_trigger(const char *args)
{
	char msg[512];
	const char *trigger;
	struct eb_trace_event *ev = event_control(args, &trigger);

	if (ev && !*trigger)
		eb_trace_event_show_trigger(ev, print_line, NULL);
	else if (ev && eb_trace_event_set_trigger(ev, trigger, msg, sizeof msg))
		/* An `if FILTER`'s refusal is the filter's three lines, the
		 * caret under the expression: printed as they are. */
		printf(filter_refusal(msg) ? "%s\n" : "trace: trigger %s\n",
		       msg);
}

/* "EVENT": print EVENT's hist trigger's table as Linux's hist file
 * (nothing without one). */
static void
show_hist(const char *args)
{
	const char *rest;
	struct eb_trace_event *ev = event_control(args, &rest);

	if (ev && *rest)
		printf("trace: hist %s: takes one event\n", args);
	else if (ev && eb_trace_event_show_hist(ev, print_line, NULL))
		printf("trace: hist %s: out of memory\n", args);
}

/* Linux's `cat trace`: tracing stops while the records print, as
 * Linux's does while `trace` is open, or the events of the printing
 * itself (printf's, the UART's, when traced) would overwrite the records
 * before they print. */
static void
trace_show(unsigned long harts)
{
	eb_trace_pause(true);
	eb_trace_read_harts(harts, print_line, NULL);
	eb_trace_pause(false);
}

/* Linux's trace_marker write, as its print event shows it; a text the
 * record has no room for is refused, not cut. */
static void
trace_marker(const char *text)
{
	static const char mark[] = "tracing_mark_write: ";
	size_t most = EB_TRACE_TEXT_MAX - sizeof mark;

	if (strlen(text) > most) {
		printf("trace: marker: %lu characters, more than a record holds "
		       "(%lu)\n", (unsigned long)strlen(text),
		       (unsigned long)most);
		return;
	}
	eb_trace_printf("%s%s", mark, text);
}

/* After trace on|off NAME of a tracepoint gave err: with no tracepoint
 * so called, the events set_event would name by it (a group, a `*`, a
 * kprobe event). 0 or -errno. */
static int
set_many(int err, const char *spec, bool on)
{
	if (err != -ENOENT)
		return err;
	err = trace_set_event(spec, on);
	return err < 0 ? err : 0;
}

static void
cmd_trace(const char *args)
{
	int err = 0;
	unsigned long harts;

	if (read_of(args, "show", &harts)) {
		if (harts)
			trace_show(harts);
	} else if (strcmp(args, "clear") == 0)
		eb_trace_clear();
	else if (read_of(args, "pipe", &harts)) {
		if (harts)
			trace_pipe(harts);
	} else if (strncmp(args, "marker", 6) == 0 &&
		   (!args[6] || args[6] == ' '))
		trace_marker(args + 6 + (args[6] == ' '));
	else if (strncmp(args, "on ", 3) == 0)
		/* one tracepoint, else what set_event would name */
		err = set_many(tracepoint_print_on(args + 3), args + 3, true);
	else if (strncmp(args, "off ", 4) == 0)
		err = set_many(tracepoint_print_off(args + 4), args + 4, false);
	else if (strncmp(args, "filter ", 7) == 0)
		set_filter(args + 7);
	else if (strncmp(args, "trigger ", 8) == 0)
		set_trigger(args + 8);
	else if (strncmp(args, "hist ", 5) == 0)
		show_hist(args + 5);
	else if (strcmp(args, "tracing_on") == 0)
		printf("%d\n", eb_trace_is_on());
	else if (strcmp(args, "tracing_on 0") == 0 ||
		 strcmp(args, "tracing_on 1") == 0)
		eb_trace_on(args[11] == '1');
	else if (strncmp(args, "pid", 3) == 0 && (!args[3] || args[3] == ' '))
		trace_pid_command("trace", EB_TRACE_PIDS_EVENT, args + 3);
	else if (*args)
		printf("usage: trace [on NAME | off NAME | show [CPU] | "
		       "pipe [CPU] | clear | marker TEXT "
		       "| filter EVENT [EXPR|0] | trigger EVENT [stacktrace[:N]"
		       "|traceon[:N]|traceoff[:N]|enable_event:SYS:EV[:N]|"
		       "disable_event:SYS:EV[:N]|hist:...|!TRIGGER] | hist EVENT "
		       "| tracing_on [0|1] | pid [ID...]]\n");
	else
		tracepoint_list();
	if (err)
		printf("trace: %s: %s\n", args,
		       err == -ENOENT ? "no such tracepoint or kprobe event "
					"(see trace and kprobe)"
		       : err == -ENOSPC ? "it has as many probes as it takes"
		       : "out of memory");
}

static void
cmd_probes(const char *args)
{
	eb_kprobes_list(print_line, NULL);
}

/* kprobe enable|disable NAME: on, and name what follows the verb. */
static void
kprobe_enable_cmd(bool on, const char *name)
{
	const char *verb = on ? "enable" : "disable", *extra;

	while (*name == ' ')	/* `kprobe disable  ev`: ev is the name */
		name++;
	extra = name;
	while (*extra && *extra != ' ')
		extra++;
	if (*extra)
		printf("kprobe: %s %s: '%s' after the event's name: kprobe "
		       "%s NAME\n", verb, name, extra + 1, verb);
	else if (eb_kprobe_events_enable(name, on))
		printf("kprobe: %s %s: no such event\n", verb, name);
}

static void
cmd_kprobe(const char *args)
{
	char msg[1024];	/* a refusal's frame: a 255-char line twice, and more */

	if (!*args)
		eb_kprobe_events_list(print_line, NULL);
	else if (strcmp(args, "profile") == 0)
		eb_kprobe_events_profile(print_line, NULL);
	else if (strcmp(args, "errors") == 0)
		eb_kprobe_events_error_log(print_line, NULL);
	else if (strcmp(args, "errors clear") == 0)
		eb_kprobe_events_error_log_clear();
	else if (strncmp(args, "errors ", 7) == 0)	/* not a definition */
		printf("usage: kprobe errors [clear]\n");
	else if (strcmp(args, "enable") == 0 || strcmp(args, "disable") == 0)
		printf("usage: kprobe enable|disable NAME\n");
	else if (strncmp(args, "enable ", 7) == 0 ||
		 strncmp(args, "disable ", 8) == 0)
		kprobe_enable_cmd(args[0] == 'e', args + (args[0] == 'e' ? 7 : 8));
	else if (eb_kprobe_events_write(args, msg, sizeof msg))
		printf("%s\n", msg);	/* Linux's error_log entry */
}

/* `timeline start [RECORDS]`, s what follows "start": records per
 * hart, 1 to TIMELINE_MAX_RECORDS (TIMELINE_RECORDS when absent). */
static void
timeline_start_cmd(const char *s)
{
	unsigned long records = TIMELINE_RECORDS;

	while (*s == ' ')
		s++;
	const char *end = *s ? parse_decimal(s, &records) : s;
	if ((*s && end == s) || *end) {
		printf("timeline: start: '%s' is not a number of records\n", s);
		return;
	}
	if (records == 0 || records > TIMELINE_MAX_RECORDS) {
		printf("timeline: start: %s records: at least 1 and at most %u "
		       "per hart (%u KiB a hart)\n", s, TIMELINE_MAX_RECORDS,
		       TIMELINE_MAX_RECORDS / 1024 *
		       (unsigned)sizeof(struct timeline_record));
		return;
	}
	int err = timeline_start(records);
	if (err == -EBUSY)
		printf("timeline: start: recording already\n");
	else if (err == -ENOMEM)
		printf("timeline: start: out of memory for %u buffers of %lu "
		       "records; the last recording is kept\n", ncpu, records);
}

static void
cmd_timeline(const char *args)
{
	bool stop = strcmp(args, "stop") == 0, was_on = timeline_on();

	if (strncmp(args, "start", 5) == 0 && (!args[5] || args[5] == ' '))
		timeline_start_cmd(args + 5);
	else if (stop && !was_on)
		printf("timeline: not recording (timeline start first)\n");
	else if (stop)
		timeline_stop();
	else if (strcmp(args, "dump") == 0)
		timeline_dump();
	else if (*args)
		printf("usage: timeline [start [RECORDS] | stop | dump]\n");
	if (!*args || (stop && was_on))
		timeline_status();
}

static const struct command commands[] = {
	{ "help", "list the commands", cmd_help },
	{ "harts", "show each hart's state", cmd_harts },
	{ "syms", "syms PATTERN: kernel functions matching (glob or substring)",
	  cmd_syms },
	{ "poweroff", "leave QEMU", cmd_poweroff },
	{ "sh", "the user shell (its exit comes back here)", cmd_sh },
	{ "run", "run PROGRAM ARGS: a user program, in the foreground", cmd_run },
	{ "ps", "tasks and processes", cmd_ps },
	{ "tasks", "tasks [-s busy|polls|wakes|idle|sched | lint | on | off]: "
	  "every task's polls, busy, idle and scheduled time, wakes, "
	  "migrations and await point, with lint warnings (lost waker, long "
	  "poll, self-wakes); on|off: the counting (docs/tasks.md)",
	  task_view_tasks_cmd },
	{ "task", "task ID: one task's counts, await chain and recent polls",
	  task_view_task_cmd },
	{ "kill", "kill [-SIGNAL] PID: signal a process (default TERM; -PID "
	  "a process group)", cmd_kill },
	{ "trace", "trace [on|off NAME]: list tracepoints, record one's events "
	  "(NAME as Linux's set_event: GROUP:EVENT, * for either, a group); "
	  "trace show|pipe [CPU]|clear: the trace ring (every event's records, "
	  "or one hart's; pipe until ^C); trace marker TEXT: a record of TEXT; "
	  "trace pid [ID...]: only these tasks' events; trace filter|trigger "
	  "EVENT ...: an event's filter (Linux's syntax) or triggers "
	  "(stacktrace, traceon, traceoff, enable_event, disable_event, hist); "
	  "trace hist EVENT: its hist table; trace tracing_on [0|1]: recording "
	  "on or off (docs/ftrace.md)",
	  cmd_trace },
	{ "ftrace", "ftrace [function|graph [PATTERN...] | graph_function|"
	  "graph_notrace [PATTERN...] | pid [ID...] | off | available [GLOB] "
	  "| cpumask HEX | max_graph_depth N | thresh USECS]: the function and "
	  "function_graph tracers on the functions the globs name (!PAT "
	  "excludes; none: every one), their records in the trace ring; "
	  "graph_function: graph only calls under these, graph_notrace: not "
	  "under these (none: empty the list); pid: only these tasks' calls "
	  "(none: every task's); available: the functions they can trace; no "
	  "argument: their state (docs/ftrace.md)",
	  ftrace_command },
	{ "kprobe", "kprobe [p|r[:NAME] SYMBOL[+OFFSET] [ARGS] | -:NAME | "
	  "enable|disable NAME | profile | errors [clear]]: list (as "
	  "kprobe_events), add, remove, enable or disable kprobe events; "
	  "their hits and misses; the last refusals (as error_log) "
	  "(docs/kprobe_events.md)", cmd_kprobe },
	{ "probes", "every registered kprobe (k) and kretprobe (r), as Linux's "
	  "debugfs kprobes/list", cmd_probes },
	{ "timeline", "timeline [start [RECORDS] | stop | dump]: record the "
	  "executor's, the syscalls' and the async probes' events, print the "
	  "record for tools/timeline.py (docs/timeline.md)", cmd_timeline },
	{ "bpf", "bpf [load NAME [VAR=VALUE...] | unload NAME | attach ID "
	  "[SYMBOL[+OFF] | PATTERN | freq=N | period=NS] [cookie=N] | detach ID "
	  "| dump MAP [hist | lhist MIN STEP | stacks STACKMAP | syms] | "
	  "update MAP KEY VALUE | delete MAP KEY | ringbuf MAP | perf MAP | "
	  "stats on|off | jit [on|off]]: eBPF objects built "
	  "into the image (make BPF=prog.bpf.c), their programs and maps",
	  bpf_command },
	{ "aprobe", "aprobe [add SYMBOL | -SYMBOL]: list, add or remove async "
	  "probes on poll functions; their events (start, suspend at "
	  "FILE:LINE, resume, complete) go to the trace ring and, while it "
	  "records, the timeline", aprobe_command },
};

static void
cmd_help(const char *args)
{
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		printf("  %-10s %s\n", commands[i].name, commands[i].help);
}

/* Tab completion: commands for the first word, kernel symbols after. */
static const char *
candidate(bool first, size_t i)
{
	if (first)
		return i < ARRAY_SIZE(commands) ? commands[i].name : 0;
	uintptr_t addr;
	size_t size;

	return i < kallsyms_count() ? kallsyms_name_at(i, &addr, &size) : 0;
}

static void
execute(char *line)
{
	while (*line == ' ')
		line++;
	char *args = line;
	while (*args && *args != ' ')
		args++;
	if (*args)
		*args++ = 0;
	while (*args == ' ')
		args++;
	/* Completion leaves a blank after a word: not part of it. */
	for (char *end = args + strlen(args); end > args && end[-1] == ' ';)
		*--end = 0;
	if (!*line)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
		const struct command *c = &commands[i];
		if (strcmp(c->name, line) != 0)
			continue;
		size_t len = strlen(c->name);
		bool takes_args = strncmp(c->help, c->name, len) == 0 &&
				  c->help[len] == ' ';
		if (*args && !takes_args)
			printf("%s: takes no arguments (got '%s')\n", line, args);
		else
			c->run(args);
		return;
	}
	printf("%s: unknown command (try help)\n", line);
}

/* Read and run commands forever. Interrupts on. */
void
shell(void)
{
	char line[256];		/* room for a kprobe event with its args */

	printf("type help for the commands\n");
	if (!bootarg("nosh", &(const char *){ 0 }, &(size_t){ 0 })) {
		printf("ebreak> sh\n");
		cmd_sh("");
	}
	for (;;)
		if (lineedit_read("ebreak> ", line, sizeof line, candidate))
			execute(line);
}
