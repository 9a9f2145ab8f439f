/*
 * The kernel shell's `aprobe` command: async probes (<ebreak/async_probe.h>)
 * on poll functions by name, each event a line in the trace ring (read
 * with `trace show` or streamed with `trace pipe`), as ftrace prints an
 * event: "proc_poll: suspend call=7 parent=0 task=3 at
 * kernel/user/proc.c:98 awaiting syscall_poll latency=... oncpu=...".
 */
#include "defs.h"
#include "trace/aprobe_cmd.h"
#include <ebreak/async_probe.h>
#include <ebreak/trace_ring.h>

#define APROBES_MAX 8
#define SYMBOL_LEN 64

struct aprobe {
	struct async_probe ap;	/* first: the handler's ap is the aprobe */
	char symbol[SYMBOL_LEN];	/* "" while free */
};

static struct aprobe aprobes[APROBES_MAX];

/* An event, formatted in place in this hart's trace ring (the timeline,
 * recording, sees every async probe's events itself). Interrupts off. */
static void
on_event(struct async_probe *ap, const struct eb_async_event *ev)
{
	unsigned long flags;
	char *text;

	if (!(text = eb_trace_reserve(&flags)))
		return;
	eb_async_event_format(ev, ((struct aprobe *)ap)->symbol, text,
			      EB_TRACE_TEXT_MAX);
	eb_trace_commit(flags);
}

static struct aprobe *
named(const char *symbol)
{
	for (int i = 0; i < APROBES_MAX; i++)
		if (!strcmp(aprobes[i].symbol, symbol))
			return &aprobes[i];
	return 0;
}

/* Whether s can name a probe: one word ("add proc_poll extra" is
 * not), not empty, short enough. */
static bool
one_symbol(const char *s)
{
	bool words = false;

	for (const char *c = s; *c; c++)
		words |= *c == ' ';
	return *s && strlen(s) < SYMBOL_LEN && !words;
}

static void
add(const char *symbol)
{
	struct aprobe *a = named("");

	if (!one_symbol(symbol)) {
		printf("aprobe: add SYMBOL: a poll function's name\n");
		return;
	}
	if (named(symbol) || !a) {
		printf("aprobe: %s: %s\n", symbol, a ? "probed already"
		       : "too many async probes");
		return;
	}
	memcpy(a->symbol, symbol, strlen(symbol) + 1);
	a->ap = (struct async_probe){ .symbol = a->symbol,
				      .handler = on_event };
	int err = register_async_probe(&a->ap);
	if (err) {
		printf("aprobe: %s: cannot probe (error %d)\n", symbol, err);
		a->symbol[0] = 0;
	}
}

static void
del(const char *symbol)
{
	struct aprobe *a;

	if (!one_symbol(symbol)) {
		printf("aprobe: -SYMBOL: a probed function's name, right "
		       "after the -\n");
		return;
	}
	if (!(a = named(symbol))) {
		printf("aprobe: %s: not probed (see aprobe)\n", symbol);
		return;
	}
	unregister_async_probe(&a->ap);
	a->symbol[0] = 0;
}

void
aprobe_command(const char *args)
{
	if (!strncmp(args, "add ", 4)) {
		add(args + 4);
	} else if (args[0] == '-' && args[1]) {
		del(args + 1);
	} else if (*args) {
		printf("usage: aprobe [add SYMBOL | -SYMBOL]\n");
	} else {
		for (int i = 0; i < APROBES_MAX; i++)
			if (aprobes[i].symbol[0])
				printf("%-24s in-flight=%u missed=%lu\n",
				       aprobes[i].symbol,
				       eb_async_probe_calls(&aprobes[i].ap),
				       eb_async_probe_missed(&aprobes[i].ap));
	}
}
