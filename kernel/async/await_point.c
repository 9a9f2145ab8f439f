/* An await point as the shell's views print it: "proc_poll:98". */
#include "async/async.h"
#include <ebreak/fmt.h>

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
	uintptr_t start;
	size_t len;
	const char *name = kallsyms_lookup((uintptr_t)fn, &start, &len);

	if (!name)
		name = "?";
	if (state && state != EB_FUTURE_DONE)
		return eb_snprintf(buf, size, "%s:%u", name, state);
	return eb_snprintf(buf, size, "%s", name);
}
