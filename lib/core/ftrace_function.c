/*
 * The function tracer (Linux's "function"): a record of each traced
 * call's entry, its function and its caller (the return address the
 * call left in ra), written as binary data and printed when read as
 * Linux prints it: `func <-caller`.
 */
#include "ftrace_internal.h"
#include <ebreak/fmt.h>
#include <ebreak/port.h>
#include <ebreak/trace_ring.h>

struct function_record {
	uintptr_t ip, parent;
};
_Static_assert(sizeof(struct function_record) <= EB_TRACE_RAW_MAX,
	       "a function record fits a raw trace record");

/* name, or the address when it is in no known function. */
static void
put_sym(char *buf, size_t size, uintptr_t addr)
{
	uintptr_t start;
	size_t len;
	const char *name = eb_port_symbol_name(addr, &start, &len);

	if (name)
		eb_snprintf(buf, size, "%s", name);
	else
		eb_snprintf(buf, size, "0x%lx", (unsigned long)addr);
}

static unsigned
format(const void *data, const void *next, unsigned hart, char *line,
       size_t size)
{
	const struct function_record *r = data;
	char fn[64], caller[64];

	(void)next;	/* one record, one line, */
	(void)hart;	/* the hart in the common columns */

	put_sym(fn, sizeof fn, r->ip);
	/* ra is past the call: the call itself is in the caller. */
	put_sym(caller, sizeof caller, r->parent - 1);
	eb_snprintf(line, size, "%s <-%s", fn, caller);
	return 1;
}

static const struct eb_trace_raw_type function_type = { format, false };

/* The ring's own layout: Linux's function tracer prints in it. */
const struct eb_trace_tracer ftrace_function_tracer = { .name = "function" };

void
ftrace_function_entry(uintptr_t ip, uintptr_t parent, struct ftrace_cpu *c)
{
	unsigned long flags;
	struct function_record *r = eb_trace_reserve_raw(&function_type, &flags);

	if (!r) {
		c->missed++;
		return;
	}
	r->ip = ip;
	r->parent = parent;
	eb_trace_commit(flags);
}
