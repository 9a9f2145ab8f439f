/*
 * function_graph (Linux's): each traced call's entry and return, printed
 * as an indented call tree with durations.
 *
 * At the entry (ftrace_ops_list_func, interrupts off) the call's return
 * address goes on this hart's return stack and ra becomes
 * ftrace_graph_trampoline (ftrace_return.S), which calls
 * ftrace_return_to_handler to pop it back. Kernel code on one hart nests
 * LIFO: interrupts nest on the stack they interrupt, and the reference
 * kernel's tasks are polled futures that return before another runs, so
 * no call is left on one hart and returns on another. The calls of a
 * handler abandoned after a fault never return: their frames are dropped
 * then (ftrace_graph_abandoned); and should one still be left above a
 * returning call's, the return finds its own frame by its sp (each
 * call's sp at entry is its frame pointer) and drops those above.
 *
 * Records are binary, formatted when read. An entry whose next record on
 * its hart is its own return prints as one leaf line, `func();`; a
 * return whose entry line was not printed names its function.
 */
#include "ftrace_internal.h"
#include "ftrace_arch.h"
#include <ebreak/fmt.h>
#include <ebreak/kprobes.h>
#include <ebreak/libc.h>
#include <ebreak/port.h>
#include <ebreak/trace_ring.h>

#define INDENT 2	/* columns per depth, Linux's TRACE_GRAPH_INDENT */
#define NO_DURATION "              |  "	/* the column left blank */

struct graph_record {
	uintptr_t func;
	unsigned depth;
	bool ret;		/* a return: */
	bool entry_seen;	/* its entry was recorded (no threshold) */
	uint64_t duration;	/* ns */
};
_Static_assert(sizeof(struct graph_record) <= EB_TRACE_RAW_MAX,
	       "a graph record fits a raw trace record");

static unsigned max_depth;
static uint64_t thresh;

void
eb_ftrace_graph_set(unsigned depth, uint64_t thresh_ns)
{
	__atomic_store_n(&max_depth, depth, __ATOMIC_RELAXED);
	__atomic_store_n(&thresh, thresh_ns, __ATOMIC_RELAXED);
}

void
eb_ftrace_graph_get(unsigned *depth, uint64_t *thresh_ns)
{
	*depth = __atomic_load_n(&max_depth, __ATOMIC_RELAXED);
	*thresh_ns = __atomic_load_n(&thresh, __ATOMIC_RELAXED);
}

/* Linux's trace_find_mark: how far above 10 us a duration is. */
static char
mark(uint64_t ns)
{
	static const struct { uint64_t ns; char c; } marks[] = {
		{ 1000000000, '$' }, { 100000000, '@' }, { 10000000, '*' },
		{ 1000000, '#' }, { 100000, '!' }, { 10000, '+' },
	};

	for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
		if (ns > marks[i].ns)
			return marks[i].c;
	return ' ';
}

/* n spaces (at most sizeof blanks - 1): a suffix of a blank string. */
static const char *
spaces(size_t n)
{
	static const char blanks[] = "                                "
				     "                                "
				     "                                "
				     "                                ";

	size_t most = sizeof blanks - 1;

	return blanks + most - (n < most ? n : most);
}

/* The duration column into col as Linux's print_graph_duration prints
 * it: `M U.NNN us ` padded to the column, then `|  `. */
static void
put_duration(char *col, size_t size, uint64_t ns)
{
	char us[24], frac[8] = "";
	size_t len = (size_t)eb_snprintf(us, sizeof us, "%lu",
					 (unsigned long)(ns / 1000));

	/* At most 7 digits: the nanoseconds take what room is left. */
	if (len < 7) {
		eb_snprintf(frac, 8 - len < 5 ? 8 - len : 5, "%03lu",
			    (unsigned long)(ns % 1000));
		len += 1 + strlen(frac);
	}
	eb_snprintf(col, size, "%c %s%s%s us %s|  ", mark(ns), us,
		    *frac ? "." : "", frac, spaces(len < 8 ? 8 - len : 0));
}

/* The reader's side, per hart (Linux's fgraph_cpu_data); one reader at
 * a time, as the ring's. */
struct graph_reader {
	/* Bit d is set while the entry line of the open call at depth d
	 * has been printed (Linux's enter_funcs), so a return whose entry
	 * was not (overwritten in the ring, cleared) names its function in
	 * a comment after the brace, as Linux's does. */
	uint64_t entry_shown;
	/* The depth of the innermost call open in what was printed, -1
	 * for none: another event's comment goes one deeper. */
	int depth;
};
static struct graph_reader readers[EB_MAX_CPUS];

static struct graph_reader *
reader(unsigned hart)
{
	return &readers[hart < EB_MAX_CPUS ? hart : 0];
}

/* Linux's graph_trace_open: a read starts with no call open. */
static void
open_read(void)
{
	for (unsigned h = 0; h < EB_MAX_CPUS; h++)
		readers[h] = (struct graph_reader){ 0, -1 };
}

/* Whether an entry line at r's depth is open in what this reader printed
 * on r's hart (for a return: whether it closes one). After r, the calls
 * at its depth and deeper are closed, then r's depth reopened if open
 * (r prints as `func() {`). */
static bool
shown(const struct graph_record *r, unsigned hart, bool open)
{
	uint64_t *m = &reader(hart)->entry_shown;
	unsigned d = r->depth;
	bool seen = d < 64 && (*m >> d & 1);

	*m &= d < 64 ? (1ull << d) - 1 : ~0ull;
	if (open && d < 64)
		*m |= 1ull << d;
	return seen;
}

static unsigned
format(const void *data, const void *next, unsigned hart, char *line,
       size_t size)
{
	const struct graph_record *r = data, *n = next;
	uintptr_t start;
	size_t fsize;
	const char *name = eb_port_symbol_name(r->func, &start, &fsize);
	bool leaf = !r->ret && n && n->ret && n->func == r->func &&
		    n->depth == r->depth;
	bool seen = shown(r, hart, !r->ret && !leaf);
	/* A comment after `func() {` goes inside func; after a leaf line
	 * or a brace, beside it. */
	reader(hart)->depth = (int)r->depth - (r->ret || leaf);
	char col[40] = NO_DURATION;
	const char *indent = spaces(r->depth * INDENT);

	if (!name)
		name = "?";
	if (r->ret || leaf)
		put_duration(col, sizeof col, (leaf ? n : r)->duration);
	if (leaf)
		eb_snprintf(line, size, " %u) %s%s%s();", hart, col, indent,
			    name);
	else if (!r->ret)
		eb_snprintf(line, size, " %u) %s%s%s() {", hart, col, indent,
			    name);
	else if (r->entry_seen && seen)
		eb_snprintf(line, size, " %u) %s%s}", hart, col, indent);
	else
		eb_snprintf(line, size, " %u) %s%s} /* %s */", hart, col,
			    indent, name);
	return leaf ? 2 : 1;
}

static const struct eb_trace_raw_type graph_type = { format, true };

/* Linux's print_graph_comment: another event's text in the tree, where
 * the callees of the hart's innermost open call print (Linux indents
 * none inside a call at depth 0). */
static void
comment(unsigned hart, const char *text, char *line, size_t size)
{
	int d = reader(hart)->depth;

	eb_snprintf(line, size, " %u) " NO_DURATION "%s/* %s */", hart,
		    spaces(d < 0 ? 0 : (size_t)(d + 1) * INDENT), text);
}

/* Linux's print_graph_headers with its default columns: CPU, DURATION. */
static const char *const header[] = {
	"# CPU  DURATION                  FUNCTION CALLS",
	"# |     |   |                     |   |   |   |",
};

const struct eb_trace_tracer ftrace_graph_tracer = {
	.name = "function_graph", .header = header, .open = open_read,
	.comment = comment,
};

/* Write a record of r's kind; false if the ring dropped it. */
static bool
record(const struct graph_record *r)
{
	unsigned long flags;
	struct graph_record *out = eb_trace_reserve_raw(&graph_type, &flags);

	if (!out)
		return false;
	*out = *r;
	eb_trace_commit(flags);
	return true;
}

void
ftrace_graph_entry(struct pt_regs *regs, uintptr_t ip, struct ftrace_cpu *c)
{
	enum ftrace_graph_verdict v = FTRACE_GRAPH_FOLLOW;

	/* The settings are read after the lists' verdict, so that no
	 * register keeps them across its call: while no list is set, a
	 * hit pays the lists' load and branch alone. */
	if (__atomic_load_n(&ftrace_graph_lists, __ATOMIC_RELAXED) &&
	    (v = ftrace_graph_filter(ip, c)) == FTRACE_GRAPH_SKIP)
		return;
	unsigned limit = __atomic_load_n(&max_depth, __ATOMIC_RELAXED);
	uint64_t th = v == FTRACE_GRAPH_NOTRACE
		      ? FTRACE_GRAPH_NOTRACE_THRESH	/* never recorded */
		      : __atomic_load_n(&thresh, __ATOMIC_RELAXED);

	if (limit && c->depth >= limit)
		return;		/* deeper than max_graph_depth: not followed */
	if (c->depth == EB_FTRACE_GRAPH_DEPTH) {
		c->missed++;
		return;
	}
	struct ftrace_ret_stack *f = &c->stack[c->depth];
	struct graph_record r = { .func = ip, .depth = c->depth };

	if (!th && !record(&r)) {
		c->missed++;
		return;
	}
	f->ret = regs->ra;
	f->func = ip;
	f->sp = regs->sp;
	f->thresh = th;
	f->calltime = eb_port_time_ns();
	c->depth++;
	regs->ra = (uintptr_t)ftrace_graph_trampoline;
}

/* Interrupts as the function left them: off while the return stack
 * changes (an interrupt's traced calls push and pop it too). */
EB_NOPROBE unsigned long
ftrace_return_to_handler(unsigned long sp)
{
	unsigned long flags = eb_port_irq_save();
	struct ftrace_cpu *c = &ftrace_cpus[eb_port_cpu_id()];
	bool busy = c->busy;

	c->busy = true;		/* a traced function called here: missed */
	uint64_t now = eb_port_time_ns();
	unsigned d = c->depth;

	while (d > 0 && c->stack[d - 1].sp != sp)
		d--;		/* frames of calls that never returned */
	if (d == 0)
		d = c->depth;	/* not found: cannot be; the innermost */
	struct ftrace_ret_stack *f = &c->stack[d - 1];
	struct graph_record r = { .func = f->func, .depth = d - 1, .ret = true,
				  .entry_seen = !f->thresh,
				  .duration = now - f->calltime };
	unsigned long ret = f->ret;

	c->depth = d - 1;
	if (r.duration >= f->thresh && !record(&r))
		c->missed++;
	c->busy = busy;
	eb_port_irq_restore(flags);
	return ret;
}

void
ftrace_graph_abandoned(uintptr_t frame)
{
	struct ftrace_cpu *c = &ftrace_cpus[eb_port_cpu_id()];

	/* Stacks grow down: the calls the handler made entered below
	 * frame; those of the code it interrupted, above. */
	while (c->depth > 0 && c->stack[c->depth - 1].sp < frame)
		c->depth--;
}

unsigned long
ftrace_graph_ret_addr(unsigned long addr, unsigned long fp)
{
	if (addr != (uintptr_t)ftrace_graph_trampoline)
		return addr;
	struct ftrace_cpu *c = &ftrace_cpus[eb_port_cpu_id()];

	for (unsigned d = c->depth; d > 0; d--)
		if (!fp || c->stack[d - 1].sp == fp)
			return c->stack[d - 1].ret;
	return addr;
}
