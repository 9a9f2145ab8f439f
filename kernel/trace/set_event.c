/*
 * `trace on|off SPEC` for many events at once, as Linux's set_event
 * takes them: `GROUP:EVENT` where either may be `*` (any), or a bare
 * word naming a whole group or every event of that name (`sched`,
 * `kprobes`, `*`). The groups are the tracepoints' categories and the
 * kprobe events' GRP (`kprobes` unless their line named one).
 */
#include "trace/tracepoint.h"
#include <ebreak/errno.h>
#include <ebreak/kprobe_events.h>

/* SPEC parsed: group and event (NULL: any), or word, a bare name. */
struct spec {
	char group[32], event[64], word[64];
	bool any_group, any_event, bare;
};

/* The first c in s, or NULL. */
static const char *
find(const char *s, char c)
{
	for (; *s; s++)
		if (*s == c)
			return s;
	return 0;
}

/* s's first n chars into d (size bytes); false if they do not fit. */
static bool
copy(char *d, size_t size, const char *s, size_t n)
{
	if (n >= size)
		return false;
	memcpy(d, s, n);
	d[n] = 0;
	return true;
}

/* SPEC into sp; false if a part is too long. */
static bool
parse(const char *spec, struct spec *sp)
{
	size_t n = 0;

	while (spec[n] && spec[n] != ':' && spec[n] != '/')
		n++;
	sp->bare = !spec[n];
	if (sp->bare) {
		sp->any_group = sp->any_event = !strcmp(spec, "*");
		return copy(sp->word, sizeof sp->word, spec, n);
	}
	if (!copy(sp->group, sizeof sp->group, spec, n) ||
	    !copy(sp->event, sizeof sp->event, spec + n + 1,
		  strlen(spec + n + 1)))
		return false;
	sp->any_group = !*sp->group || !strcmp(sp->group, "*");
	sp->any_event = !*sp->event || !strcmp(sp->event, "*");
	return true;
}

/* Whether the event group:event (group's n chars) is one sp names. */
static bool
matches(const struct spec *sp, const char *group, size_t n,
	const char *event)
{
	bool in_group = sp->any_group ||
			(strlen(sp->bare ? sp->word : sp->group) == n &&
			 !strncmp(sp->bare ? sp->word : sp->group, group, n));

	if (sp->bare)
		return in_group || !strcmp(sp->word, event);
	return in_group && (sp->any_event || !strcmp(sp->event, event));
}

/* The kprobe events' GRP/NAME, collected from their list. */
struct names {
	char (*name)[80];
	unsigned n, max;
};

/* A kprobe_events line, `p:GRP/NAME SYMBOL ...`: its GRP/NAME. */
static void
collect(const char *line, void *arg)
{
	struct names *ns = arg;
	const char *p = find(line, ':'), *end;

	if (!p || ns->n == ns->max)
		return;
	for (end = ++p; *end && *end != ' '; end++)
		;
	if (ns->name)
		copy(ns->name[ns->n], sizeof ns->name[0], p, (size_t)(end - p));
	ns->n++;
}

/* The kprobe events sp names on (or off); how many, or -ENOMEM. */
static int
kprobe_events(const struct spec *sp, bool on)
{
	struct names ns = { 0, 0, ~0u };
	int count = 0;

	eb_kprobe_events_list(collect, &ns);	/* how many */
	if (!ns.n)
		return 0;
	ns = (struct names){ kmalloc(ns.n * sizeof *ns.name), 0, ns.n };
	if (!ns.name)
		return -ENOMEM;
	eb_kprobe_events_list(collect, &ns);
	for (unsigned i = 0; i < ns.n; i++) {
		const char *slash = find(ns.name[i], '/');
		if (slash && matches(sp, ns.name[i],
				     (size_t)(slash - ns.name[i]), slash + 1) &&
		    !eb_kprobe_events_enable(ns.name[i], on))
			count++;
	}
	kfree(ns.name);
	return count;
}

int
trace_set_event(const char *spec, bool on)
{
	struct spec sp;
	int count = 0, first = 0;

	if (!parse(spec, &sp))
		return -ENOENT;
	for (struct tracepoint *const *p = __start_tracepoints;
	     p < __stop_tracepoints; p++) {
		const char *name = (*p)->name, *colon = find(name, ':');
		if (!colon || !matches(&sp, name, (size_t)(colon - name),
				       colon + 1))
			continue;
		/* One that fails (full of probes) leaves the rest to do, as
		 * Linux's set_event goes on and returns the first error. */
		int err = on ? tracepoint_print_on(name)
			     : tracepoint_print_off(name);
		first = first ? first : err;
		count += !err;
	}
	int n = kprobe_events(&sp, on);
	if (n < 0)
		return n;
	count += n;
	return first ? first : count ? count : -ENOENT;
}
