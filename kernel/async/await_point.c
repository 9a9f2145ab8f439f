/* An await point as the shell's views print it: "proc_poll:98". */
#include "async/async.h"
#include <ebreak/fmt.h>

/* Poll function fn's name, "?" for one kallsyms does not know. Not in
 * trap context. */
const char *
poll_fn_name(eb_poll_fn fn)
{
	uintptr_t start;
	size_t len;
	const char *name = kallsyms_lookup((uintptr_t)fn, &start, &len);

	return name ? name : "?";
}

/*
 * Write poll function fn at await point state into buf as "NAME:LINE",
 * or the bare NAME when state is no line (0: before the first poll;
 * EB_FUTURE_DONE); NAME is "?" for a function kallsyms
 * does not know. Returns what eb_snprintf does: the length it wanted.
 * Not in trap context.
 */
int
await_point(char *buf, size_t size, eb_poll_fn fn, unsigned state)
{
	const char *name = poll_fn_name(fn);

	if (state && state != EB_FUTURE_DONE)
		return eb_snprintf(buf, size, "%s:%u", name, state);
	return eb_snprintf(buf, size, "%s", name);
}
