/*
 * The library's grace period (<ebreak/kprobes.h>): what probes,
 * tracepoints and eBPF links wait for before freeing what a handler may
 * still be using. Portable: the kernel and the host.
 */
#include <ebreak/kprobes.h>
#include <ebreak/port.h>

static void
nothing(void *arg)
{
	(void)arg;
}

/* The grace period: a stop_machine of nothing. Every other hart is
 * parked from an interrupt, so outside any handler or slot (they run
 * with interrupts off); when the stop ends, whatever began before has
 * finished. Not in trap context; no spinlock held. */
void
eb_grace_period(void)
{
	eb_port_stop_machine(nothing, NULL);
}
