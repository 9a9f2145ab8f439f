/*
 * function_graph's function filters (Linux's set_graph_function and
 * set_graph_notrace): with some functions named by the first, only calls
 * made under one of them (it and its callees, to max_graph_depth) are
 * followed; the calls of a function named by the second are not, nor
 * any call under it.
 *
 * A byte of filter bits per site of the table and a word of the lists in
 * use, changed together in one stop_machine, read by the graph's entry
 * without a lock. While neither list is set the entry reads that one
 * word (ftrace_graph_entry): functions pay nothing more.
 */
#include "ftrace_internal.h"
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/port.h>

static uint8_t filter_of[EB_FTRACE_SITES_MAX];
unsigned ftrace_graph_lists;
static size_t counts[EB_FTRACE_GRAPH_NOTRACE + 1];

/* A list's new contents, for stop_machine. */
struct filter_batch {
	unsigned list;
	const char *patterns;	/* NULL: empty it */
};

/* In stop_machine: no hart is in a graph entry while the bits change. */
static void
apply(void *arg)
{
	struct filter_batch *b = arg;
	const uintptr_t *sites;
	size_t n = eb_ftrace_sites(&sites), count = 0;

	for (size_t i = 0; i < n; i++) {
		bool on = b->patterns &&
			  ftrace_patterns_match(b->patterns,
						ftrace_site_name(sites[i]));
		filter_of[i] = on ? filter_of[i] | b->list
				  : filter_of[i] & ~b->list;
		count += on;
	}
	counts[b->list] = count;
	ftrace_graph_lists = count ? ftrace_graph_lists | b->list
				   : ftrace_graph_lists & ~b->list;
}

long
eb_ftrace_graph_filter(unsigned list, const char *patterns, char *why,
		       size_t n)
{
	struct filter_batch b = { list, patterns };

	if (list != EB_FTRACE_GRAPH_FUNCTION && list != EB_FTRACE_GRAPH_NOTRACE) {
		eb_snprintf(why, n, "no such list of functions (%u)", list);
		return -EINVAL;
	}
	if (patterns && !*patterns)
		b.patterns = NULL;
	if (b.patterns) {
		int err = ftrace_patterns_check(b.patterns, why, n);
		if (err)
			return err;
	}
	eb_port_stop_machine(apply, &b);
	return (long)counts[list];
}

size_t
eb_ftrace_graph_filter_count(unsigned list)
{
	return list <= EB_FTRACE_GRAPH_NOTRACE ? counts[list] : 0;
}

enum ftrace_graph_verdict
ftrace_graph_filter(uintptr_t ip, const struct ftrace_cpu *c)
{
	unsigned lists = __atomic_load_n(&ftrace_graph_lists, __ATOMIC_RELAXED);

	/* Under a notrace call: its frame is the innermost, since nothing
	 * under it is pushed. */
	if (c->depth &&
	    c->stack[c->depth - 1].thresh == FTRACE_GRAPH_NOTRACE_THRESH)
		return FTRACE_GRAPH_SKIP;
	/* The site looked up again, only while a list is set: the
	 * dispatcher keeps its index in no register for this. */
	long site = ftrace_site_index(ip);
	unsigned bits = site < 0 ? 0 : filter_of[site];
	/* First, as Linux's: a notrace call outside every listed one is
	 * hooked too, so that a listed one it calls is skipped. */
	if (bits & EB_FTRACE_GRAPH_NOTRACE)
		return FTRACE_GRAPH_NOTRACE;
	/* Outside every set_graph_function call, nothing but a notrace
	 * call is on the stack: a call is followed only if it begins one. */
	if ((lists & EB_FTRACE_GRAPH_FUNCTION) && !c->depth &&
	    !(bits & EB_FTRACE_GRAPH_FUNCTION))
		return FTRACE_GRAPH_SKIP;
	return FTRACE_GRAPH_FOLLOW;
}
