/* Filling a tracepoint's probe slots with probes that do nothing. */
#include "tp_full.h"

static void
nop_probe(void *data, const uint64_t *args)
{
}

/* Attach nop_probe to tp until it takes no more; returns how many were
 * attached (tp_unfill's n). */
unsigned
tp_fill(struct tracepoint *tp)
{
	unsigned n = 0;

	while (tracepoint_probe_register(tp, nop_probe,
					 (void *)(uintptr_t)(n + 1)) == 0)
		n++;
	return n;
}

/* Detach the n probes tp_fill attached to tp. */
void
tp_unfill(struct tracepoint *tp, unsigned n)
{
	for (; n > 0; n--)
		tracepoint_probe_unregister(tp, nop_probe, (void *)(uintptr_t)n);
}
