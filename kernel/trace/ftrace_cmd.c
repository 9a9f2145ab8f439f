/*
 * The kernel shell's `ftrace` command: Linux's function and
 * function_graph tracers (<ebreak/ftrace.h>) by the names of tracefs's
 * files: the patterns are set_ftrace_filter's and set_ftrace_notrace's
 * (`!PAT`), graph_function and graph_notrace set_graph_function's and
 * set_graph_notrace's, pid set_ftrace_pid, cpumask is tracing_cpumask,
 * max_graph_depth and thresh (tracing_thresh, in microseconds)
 * function_graph's filters. Records go
 * to the trace ring with every other event's (`trace show`, `trace
 * pipe`); turning a tracer on or off leaves the ring as it is.
 */
#include "defs.h"
#include "trace/ftrace_cmd.h"
#include <ebreak/fmt.h>
#include <ebreak/ftrace.h>
#include <ebreak/glob.h>
#include <ebreak/trace_pid.h>

/* The harts this kernel has, as a mask: tracing_cpumask's bits that
 * mean something. */
static unsigned long
harts_mask(void)
{
	return ncpu >= 64 ? ~0ul : (1ul << ncpu) - 1;
}

/* "N functions" (or "1 function") in the slot-th of a few buffers. */
static const char *
functions(size_t n, unsigned slot)
{
	static char bufs[4][24];

	eb_snprintf(bufs[slot], sizeof bufs[slot], "%lu function%s",
		    (unsigned long)n, n == 1 ? "" : "s");
	return bufs[slot];
}

/* The state (the function counts as `N functions`, `1 function`);
 * cpumask as Linux prints tracing_cpumask: the harts this
 * kernel has, not the bits beyond them. */
static void
status(void)
{
	unsigned depth;
	uint64_t thresh;

	size_t roots = eb_ftrace_graph_filter_count(EB_FTRACE_GRAPH_FUNCTION);
	size_t skipped = eb_ftrace_graph_filter_count(EB_FTRACE_GRAPH_NOTRACE);

	eb_ftrace_graph_get(&depth, &thresh);
	printf("function: %s, function_graph: %s, graph_function: %s, "
	       "graph_notrace: %s, cpumask %lx, max_graph_depth %u, "
	       "thresh %lu us, missed %lu\n",
	       functions(eb_ftrace_tracer_sites(EB_FTRACE_FUNCTION), 0),
	       functions(eb_ftrace_tracer_sites(EB_FTRACE_GRAPH), 1),
	       functions(roots, 2), functions(skipped, 3),
	       eb_ftrace_cpumask() & harts_mask(), depth,
	       (unsigned long)(thresh / 1000), eb_ftrace_missed());
}

/* The tracer's result: on how many functions, or why not. */
static void
report(const char *name, long n, const char *why)
{
	if (n < 0)
		printf("ftrace: %s: %s\n", name, why);
	else
		printf("ftrace: %s on %s\n", name, functions((size_t)n, 0));
}

static void
start(unsigned tracer, const char *name, const char *patterns)
{
	char why[128];

	report(name, eb_ftrace_tracer_start(tracer, patterns, why, sizeof why),
	       why);
}

/* set_graph_function or set_graph_notrace (list) from patterns, or
 * emptied by none. */
static void
graph_list(unsigned list, const char *name, const char *patterns)
{
	char why[128];

	report(name, eb_ftrace_graph_filter(list, patterns, why, sizeof why),
	       why);
}

/* Linux's available_filter_functions: the functions that have a
 * patchable entry, the ones glob matches (all without one), one a line
 * in address order, then how many. */
static void
available(const char *glob)
{
	const uintptr_t *sites;
	size_t n = eb_ftrace_sites(&sites), shown = 0, size;
	uintptr_t start;

	while (*glob == ' ')
		glob++;
	for (size_t i = 0; i < n; i++) {
		const char *name = kallsyms_lookup(sites[i], &start, &size);
		if (name && (!*glob || eb_glob_match(glob, name))) {
			printf("%s\n", name);
			shown++;
		}
	}
	printf("ftrace: %lu of %lu functions can be traced\n",
	       (unsigned long)shown, (unsigned long)n);
}

/* A number after a setting's name and any spaces: decimal (~0 is its
 * overflow), or hex with hex set (up to 16 digits: all ones is a mask
 * like any other). */
static bool
number(const char *s, bool hex, unsigned long *v)
{
	while (*s == ' ')
		s++;
	const char *end = s;

	if (!hex) {
		end = parse_decimal(s, v);
		return end != s && !*end && *v != ~0ul;
	}
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	end = parse_hex(s, v);
	return end != s && end - s <= 16 && !*end;
}

/* tracing_cpumask: the bits past this kernel's harts are dropped, and a
 * mask naming none of them (it would record nothing) is refused. */
static void
set_cpumask(unsigned long v)
{
	if (v & harts_mask())
		eb_ftrace_set_cpumask(v & harts_mask());
	else
		printf("ftrace: cpumask %lx names no hart (this kernel has "
		       "%lx)\n", v, harts_mask());
}

/* The value after setting name's name in args (a space between), or NULL
 * if args names another. */
static const char *
value(const char *args, const char *name)
{
	size_t n = strlen(name);

	return !strncmp(args, name, n) && args[n] == ' ' ? args + n + 1 : NULL;
}

/* A setting's value the setting cannot take: what and where. */
static void
bad(const char *name, const char *val, const char *want)
{
	while (*val == ' ')
		val++;
	printf("ftrace: %s: '%s' is not %s\n", name, val, want);
}

static void
setting(const char *args)
{
	unsigned depth;
	uint64_t thresh;
	unsigned long v;
	const char *val;

	eb_ftrace_graph_get(&depth, &thresh);
	if ((val = value(args, "cpumask"))) {
		if (number(val, true, &v))
			set_cpumask(v);
		else
			bad("cpumask", val, "a mask in hex (up to 16 digits)");
	} else if ((val = value(args, "max_graph_depth"))) {
		if (number(val, false, &v) && v <= ~0u)
			eb_ftrace_graph_set((unsigned)v, thresh);
		else
			bad("max_graph_depth", val, "a depth in calls "
			    "(0: no limit)");
	} else if ((val = value(args, "thresh"))) {
		if (number(val, false, &v) && v < ~0ul / 1000)
			eb_ftrace_graph_set(depth, (uint64_t)v * 1000);
		else
			bad("thresh", val, "a time in microseconds (0: off)");
	} else {
		printf("usage: ftrace [function|graph [PATTERN...] | "
		       "graph_function|graph_notrace [PATTERN...] | pid [ID...] "
		       "| off | "
		       "available [GLOB] | cpumask HEX (not 0) | "
		       "max_graph_depth N | thresh USECS]\n");
	}
}

/* What follows name in args, past spaces ("" if nothing); NULL if args
 * begins with another word. */
static const char *
word(const char *args, const char *name)
{
	size_t n = strlen(name);

	if (strncmp(args, name, n) || (args[n] && args[n] != ' '))
		return NULL;
	for (args += n; *args == ' '; args++)
		;
	return args;
}

/* The patterns after name (a tracer's) in args: "*", every function,
 * when there are none, as Linux's empty set_ftrace_filter; NULL if args
 * begins with another word. */
static const char *
patterns(const char *args, const char *name)
{
	const char *p = word(args, name);

	return !p || *p ? p : "*";
}

void
ftrace_command(const char *args)
{
	const char *p;

	if (!*args) {
		status();
		trace_pid_print("ftrace", EB_TRACE_PIDS_FTRACE);
	} else if ((p = patterns(args, "function"))) {
		start(EB_FTRACE_FUNCTION, "function", p);
	} else if ((p = patterns(args, "graph"))) {
		start(EB_FTRACE_GRAPH, "function_graph", p);
	} else if ((p = word(args, "graph_function"))) {
		graph_list(EB_FTRACE_GRAPH_FUNCTION, "graph_function", p);
	} else if ((p = word(args, "graph_notrace"))) {
		graph_list(EB_FTRACE_GRAPH_NOTRACE, "graph_notrace", p);
	} else if ((p = word(args, "pid"))) {
		trace_pid_command("ftrace", EB_TRACE_PIDS_FTRACE, p);
	} else if (!strncmp(args, "available", 9) &&
		   (!args[9] || args[9] == ' ')) {
		available(args + 9);
	} else if (!strcmp(args, "off")) {
		eb_ftrace_tracer_stop(EB_FTRACE_FUNCTION);
		eb_ftrace_tracer_stop(EB_FTRACE_GRAPH);
		status();
	} else {
		setting(args);
	}
}
