/* Filters and triggers of trace events (<ebreak/trace_event.h>). */
#include <ebreak/errno.h>
#include <ebreak/event_hist.h>
#include <ebreak/fmt.h>
#include <ebreak/kprobe_events.h>
#include <ebreak/kprobes.h>
#include <ebreak/libc.h>
#include <ebreak/port.h>
#include <ebreak/stack.h>
#include <ebreak/trace_event.h>
#include <ebreak/trace_ring.h>

/* Linux's common fields, and comm and cpu under both spellings Linux
 * accepts in filters. */
const struct eb_event_field eb_trace_common_fields[EB_TRACE_COMMON_FIELDS] = {
	{ "common_pid", EB_FIELD_SIGNED }, { "comm", EB_FIELD_STRING },
	{ "COMM", EB_FIELD_STRING }, { "cpu", EB_FIELD_UNSIGNED },
	{ "CPU", EB_FIELD_UNSIGNED },
};

void
eb_trace_event_common(union eb_field_value *v, char *comm)
{
	v[0].s = eb_port_current(comm, EB_TRACE_COMM_LEN);
	v[1].str = v[2].str = comm;
	v[3].u = v[4].u = eb_port_cpu_id();
}

/* The event's own string fields among those used names. */
static unsigned
strings_read(const struct eb_trace_event *ev, uint64_t used)
{
	unsigned n = 0;

	for (size_t i = 0; i + EB_TRACE_COMMON_FIELDS < ev->nfields; i++)
		n += (used >> i & 1) && ev->fields[i].type == EB_FIELD_STRING;
	return n;
}

/* The fields ev's hit triggers read (one hit gathers them all). Not in
 * trap context; the one setter. */
static uint64_t
triggers_read(const struct eb_trace_event *ev)
{
	uint64_t used = ev->hist ? eb_hist_fields_used(ev->hist) : 0;
	const struct eb_filter *f[3] = { ev->onoff[0].filter,
					 ev->onoff[1].filter, ev->enable.filter };

	for (int i = 0; i < 3; i++)
		used |= f[i] ? eb_filter_fields_used(f[i]) : 0;
	return used;
}

/* Parse expr, a filter of ev's fields, into *f: 0, or -EINVAL with
 * Linux's report in msg (also for more string fields than a hit keeps,
 * with those of also: the fields read with it), or -ENOMEM. */
static int
parse_filter(struct eb_trace_event *ev, const char *expr, uint64_t also,
	     struct eb_filter **f, char *msg, size_t size)
{
	int err = eb_filter_parse(expr, ev->fields, ev->nfields, f, msg, size);

	if (err)
		return err;
	if (ev->strings_max && strings_read(ev, eb_filter_fields_used(*f) |
					    also) > ev->strings_max) {
		eb_filter_free(*f);
		eb_snprintf(msg, size, "%s\nparse_error: a filter reads at most "
			    "%u string fields of this event", expr,
			    ev->strings_max);
		return -EINVAL;
	}
	return 0;
}

/* Swap *slot for f; free the old filter once no hit matches it. */
static void
replace_filter(struct eb_filter **slot, struct eb_filter *f)
{
	struct eb_filter *old = __atomic_exchange_n(slot, f, __ATOMIC_ACQ_REL);

	if (old) {
		/* A hit on another hart may still be matching it. */
		eb_grace_period();
		eb_filter_free(old);
	}
}

int
eb_trace_event_set_filter(struct eb_trace_event *ev, const char *expr,
			  char *msg, size_t size)
{
	struct eb_filter *f = NULL;

	if (strcmp(expr, "0") != 0) {
		int err = parse_filter(ev, expr, 0, &f, msg, size);
		if (err)
			return err;
	}
	replace_filter(&ev->filter, f);
	return 0;
}

const char *
eb_trace_event_filter_text(const struct eb_trace_event *ev)
{
	return ev->filter ? eb_filter_text(ev->filter) : "none";
}

/* s as a positive decimal number, the whole of it. */
static bool
count_of(const char *s, long *n)
{
	for (*n = 0; *s >= '0' && *s <= '9' && *n < 1000000000; s++)
		*n = *n * 10 + (*s - '0');
	return !*s && *n > 0;
}

/* Swap ev's hist for h (NULL: none), freeing the old one once no hit
 * runs it. */
static void
replace_hist(struct eb_trace_event *ev, struct eb_hist *h)
{
	struct eb_hist *old = __atomic_exchange_n(&ev->hist, h, __ATOMIC_ACQ_REL);

	if (old) {
		/* A hit on another hart may still be counting in it. */
		eb_grace_period();
		eb_hist_free(old);
	}
}

/* A hist trigger: a new table, or !hist, :pause, :cont or :clear of the
 * one ev has, as Linux's event_hist_trigger_parse. */
static int
set_hist(struct eb_trace_event *ev, const char *text, char *msg, size_t size)
{
	bool remove = text[0] == '!';
	struct eb_hist *h;
	enum eb_hist_op op;
	int err = eb_hist_create(text + remove, ev->fields, ev->nfields, &h,
				 &op, msg, size);

	if (err)
		return err;
	bool same = ev->hist && eb_hist_same(ev->hist, h);
	if (remove || op == EB_HIST_CONT || op == EB_HIST_CLEAR ||
	    (op == EB_HIST_PAUSE && same)) {
		if (!same)
			err = -ENOENT;
		else if (remove)
			replace_hist(ev, NULL);
		else if (op == EB_HIST_CLEAR)
			eb_hist_clear(ev->hist);
		else
			eb_hist_pause(ev->hist, op == EB_HIST_PAUSE);
	} else if (ev->hist) {
		err = -EEXIST;
	} else if (ev->strings_max &&
		   strings_read(ev, eb_hist_fields_used(h) | triggers_read(ev)) >
		   ev->strings_max) {
		err = -EINVAL;
	} else {
		replace_hist(ev, h);
		return 0;
	}
	eb_snprintf(msg, size, "hist: error: %s", err == -ENOENT ?
		    (remove ? "No such hist trigger to remove"
		     : "Can't clear or continue a nonexistent hist trigger")
		    : err == -EINVAL ? "Reads more string fields than a hit keeps"
		    : same ? "Hist trigger already exists"
		    : "The event has another hist trigger (one per event here)");
	eb_hist_free(h);
	return err;
}

/* A counted trigger's tail, s: "[:N][ if FILTER]", into *count (-1
 * without N) and *f (NULL without a filter). Returns 0; 1 when s is not
 * of that form; or parse_filter's error, its report in msg. */
static int
count_and_filter(struct eb_trace_event *ev, const char *s, long *count,
		 struct eb_filter **f, char *msg, size_t size)
{
	char text[16];
	size_t n = 0;

	*count = -1;
	*f = NULL;
	if (*s == ':') {
		for (s++; *s && *s != ' ' && n + 1 < sizeof text; s++)
			text[n++] = *s;
		text[n] = 0;
		if (!count_of(text, count))
			return 1;
	}
	if (!*s)
		return 0;
	return strncmp(s, " if ", 4) ? 1 : parse_filter(ev, s + 4,
			triggers_read(ev), f, msg, size);
}

/* "traceon[:N] [if FILTER]", "traceoff..." or "!traceon", "!traceoff":
 * set or remove that trigger, as Linux's event_trigger_parse. */
static int
set_onoff(struct eb_trace_event *ev, const char *text, char *msg,
	  size_t size)
{
	bool remove = text[0] == '!';
	const char *s = text + remove;
	bool off = s[6] == 'f';	/* the caller saw traceon or traceoff */
	struct eb_trace_onoff *t = &ev->onoff[off];
	struct eb_filter *f;
	long count;

	s += off ? 8 : 7;
	if (remove) {	/* whatever count and filter follow (Linux's) */
		__atomic_store_n(&t->set, false, __ATOMIC_RELAXED);
		replace_filter(&t->filter, NULL);
		return 0;
	}
	int err = count_and_filter(ev, s, &count, &f, msg, size);
	if (err == 1) {
		eb_snprintf(msg, size, "%s: bad trigger (traceon[:N] [if FILTER]"
			    ", traceoff[:N] [if FILTER], !traceon, !traceoff)",
			    text);
		return -EINVAL;
	}
	if (err)
		return err;
	if (t->set) {	/* Linux's register_trigger: -EEXIST */
		eb_filter_free(f);
		eb_snprintf(msg, size, "%s: the event has a %s trigger already "
			    "(Linux's File exists): remove it first (!%s)",
			    text, off ? "traceoff" : "traceon",
			    off ? "traceoff" : "traceon");
		return -EEXIST;
	}
	/* Hits see the count and filter before the trigger is set. */
	__atomic_store_n(&t->count, count, __ATOMIC_RELAXED);
	replace_filter(&t->filter, f);
	__atomic_store_n(&t->set, true, __ATOMIC_RELEASE);
	return 0;
}

static struct eb_trace_event *(*finder)(const char *name) =
	eb_kprobe_events_control;

void
eb_trace_event_set_finder(struct eb_trace_event *(*find)(const char *name))
{
	finder = find;
}

/* Set or clear bit in ev's state (its other bits as they are: a hit
 * may change the soft disable meanwhile). Any context. */
static void
set_state(struct eb_trace_event *ev, unsigned bit, bool on)
{
	if (on)
		__atomic_fetch_or(&ev->state, bit, __ATOMIC_RELAXED);
	else
		__atomic_fetch_and(&ev->state, ~bit, __ATOMIC_RELAXED);
}

/* Remove ev's enable_event or disable_event trigger: once no other
 * names its target, the target records again, as when Linux's soft
 * mode ends. */
static void
remove_enable(struct eb_trace_event *ev)
{
	struct eb_trace_enable *t = &ev->enable;

	if (!t->set)
		return;
	__atomic_store_n(&t->set, false, __ATOMIC_RELAXED);
	/* No hit of ev may still be turning the target on or off. */
	eb_grace_period();
	if (--t->target->targeted == 0)
		set_state(t->target, EB_TRACE_SOFT_DISABLED, false);
	replace_filter(&t->filter, NULL);
}

/* "enable_event:SYSTEM:EVENT[:N] [if FILTER]", "disable_event:...", or
 * "!enable_event:SYSTEM:EVENT...", as Linux's event_enable_trigger_parse:
 * the target records nothing until the trigger enables it (or, for
 * disable_event, records until the trigger disables it). */
static int
set_enable(struct eb_trace_event *ev, const char *text, char *msg,
	   size_t size)
{
	bool remove = text[0] == '!', enable = text[remove] == 'e';
	const char *s = text + remove + (enable ? 13 : 14);
	char name[64];
	size_t n = 0, colons = 0, slash = 0;
	struct eb_filter *f;
	long count;

	while (*s && *s != ' ' && n + 1 < sizeof name) {
		if (*s == ':' && ++colons == 2)
			break;
		if (*s == ':')
			slash = n;
		name[n++] = *s == ':' ? '/' : *s;
		s++;
	}
	name[n] = 0;
	struct eb_trace_event *target = colons ? finder(name) : NULL;
	if (remove) {	/* only the trigger named; none: nothing (Linux's) */
		if (ev->enable.set && ev->enable.enable == enable &&
		    ev->enable.target == target)
			remove_enable(ev);
		return 0;
	}
	int err = colons ? count_and_filter(ev, s, &count, &f, msg, size) : 1;
	if (err == 1) {
		eb_snprintf(msg, size, "%s: bad trigger (enable_event:SYSTEM:EVENT"
			    "[:N] [if FILTER], disable_event:..., "
			    "!enable_event:...)", text);
		return -EINVAL;
	}
	if (err)
		return err;
	if (!target || target == ev) {
		eb_filter_free(f);
		eb_snprintf(msg, size, "%s: %s", text, target ? "an event cannot "
			    "enable itself here" : "no such event");
		return -ENOENT;
	}
	if (ev->enable.set) {	/* one an event here, never replaced */
		eb_filter_free(f);
		eb_snprintf(msg, size, "%s: the event has an enable_event or "
			    "disable_event trigger already (one per event here): "
			    "remove it first (!%s_event:%s)", text,
			    ev->enable.enable ? "enable" : "disable",
			    ev->enable.target_name);
		return -EEXIST;
	}
	struct eb_trace_enable *t = &ev->enable;
	eb_snprintf(t->target_name, sizeof t->target_name, "%s", name);
	t->target_name[slash] = ':';	/* SYSTEM:EVENT, as written */
	t->enable = enable;
	t->count = count;
	t->target = target;
	target->targeted++;
	set_state(target, EB_TRACE_SOFT_DISABLED, enable);
	replace_filter(&t->filter, f);
	/* Release: a hit sees the target and count before the trigger. */
	__atomic_store_n(&t->set, true, __ATOMIC_RELEASE);
	return 0;
}

/* Whether s starts with the command word: word, then ':', ' ' or the
 * end. */
static bool
command_is(const char *s, const char *word)
{
	size_t n = strlen(word);

	return strncmp(s, word, n) == 0 &&
	       (!s[n] || s[n] == ':' || s[n] == ' ');
}

/* After a hit trigger of ev was set or removed: whether it has any, the
 * hit path's first look. */
static void
refresh_hit_triggers(struct eb_trace_event *ev)
{
	set_state(ev, EB_TRACE_HIT_TRIGGERS, ev->hist || ev->onoff[0].set ||
		  ev->onoff[1].set || ev->enable.set);
}

int
eb_trace_event_set_trigger(struct eb_trace_event *ev, const char *trigger,
			   char *msg, size_t size)
{
	const char *kind = trigger + (trigger[0] == '!');
	long count = -1;
	int err = 1;

	if (strncmp(kind, "hist", 4) == 0)
		err = set_hist(ev, trigger, msg, size);
	else if (command_is(kind, "traceon") || command_is(kind, "traceoff"))
		err = set_onoff(ev, trigger, msg, size);
	else if (strncmp(kind, "enable_event:", 13) == 0 ||
		 strncmp(kind, "disable_event:", 14) == 0)
		err = set_enable(ev, trigger, msg, size);
	if (err != 1) {
		refresh_hit_triggers(ev);
		return err;
	}
	if (strcmp(trigger, "!stacktrace") == 0) {
		count = 0;
	} else if (strncmp(trigger, "stacktrace", 10) != 0 ||
		   (trigger[10] && (trigger[10] != ':' ||
				    !count_of(trigger + 11, &count)))) {
		eb_snprintf(msg, size, "%s: unknown trigger (stacktrace[:N], "
			    "traceon[:N], traceoff[:N], enable_event:SYSTEM:EVENT"
			    "[:N], disable_event:..., hist:..., and each with "
			    "! to remove it)", trigger);
		return -EINVAL;
	}
	ev->stacktrace_set = count != 0;
	__atomic_store_n(&ev->stacktraces, count, __ATOMIC_RELAXED);
	return 0;
}

/* A counted trigger's line after "NAME:" (line[0..n)): "unlimited" or
 * "count=N", then " if FILTER" (Linux's event_trigger_print). */
static void
count_line(char *line, size_t size, size_t n, long count,
	   const struct eb_filter *f)
{
	if (n < size)
		n += (size_t)(count < 0 ? eb_snprintf(line + n, size - n, "unlimited")
			      : eb_snprintf(line + n, size - n, "count=%ld", count));
	if (f && n < size)
		eb_snprintf(line + n, size - n, " if %s", eb_filter_text(f));
}

void
eb_trace_event_show_trigger(const struct eb_trace_event *ev,
			    void (*emit)(const char *line, void *arg),
			    void *arg)
{
	long left = __atomic_load_n(&ev->stacktraces, __ATOMIC_RELAXED);
	char line[512];

	if (!ev->stacktrace_set && !ev->hist && !ev->onoff[0].set &&
	    !ev->onoff[1].set && !ev->enable.set) {
		emit("# Available triggers:", arg);
		emit("# traceon traceoff enable_event disable_event stacktrace "
		     "hist", arg);
		return;
	}
	if (ev->enable.set) {
		const struct eb_trace_enable *t = &ev->enable;
		long c = __atomic_load_n(&t->count, __ATOMIC_RELAXED);
		size_t n = (size_t)eb_snprintf(line, sizeof line, "%s:%s:",
			t->enable ? "enable_event" : "disable_event",
			t->target_name);
		count_line(line, sizeof line, n, c, t->filter);
		emit(line, arg);
	}
	for (int off = 0; off < 2; off++) {
		const struct eb_trace_onoff *t = &ev->onoff[off];
		long c = __atomic_load_n(&t->count, __ATOMIC_RELAXED);
		if (!t->set)
			continue;
		size_t n = (size_t)eb_snprintf(line, sizeof line, "%s:",
					       off ? "traceoff" : "traceon");
		count_line(line, sizeof line, n, c, t->filter);
		emit(line, arg);
	}
	if (ev->stacktrace_set) {
		if (left < 0)
			eb_snprintf(line, sizeof line, "stacktrace:unlimited");
		else
			eb_snprintf(line, sizeof line, "stacktrace:count=%ld",
				    left);
		emit(line, arg);
	}
	if (ev->hist) {
		eb_hist_info(ev->hist, line, sizeof line);
		emit(line, arg);
	}
}

int
eb_trace_event_show_hist(const struct eb_trace_event *ev,
			 void (*emit)(const char *line, void *arg), void *arg)
{
	return ev->hist ? eb_hist_show(ev->hist, emit, arg) : 0;
}

bool
eb_trace_event_match(const struct eb_trace_event *ev,
		     const union eb_field_value *values)
{
	struct eb_filter *f = __atomic_load_n(&ev->filter, __ATOMIC_ACQUIRE);

	return !f || eb_filter_match(f, values);
}

/* Whether a trigger of *count (-1: unlimited) may fire: a counted one
 * takes one of its count, or none is left. Any context. */
static bool
take_one(long *count)
{
	long left = __atomic_load_n(count, __ATOMIC_RELAXED);

	while (left > 0 && !__atomic_compare_exchange_n(count, &left, left - 1,
			false, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
		;
	return left != 0;
}

void
eb_trace_event_stacktrace(struct eb_trace_event *ev, unsigned long fp,
			  unsigned long pc, unsigned long ra)
{
	unsigned long pcs[EB_TRACE_STACK_MAX];

	if (take_one(&ev->stacktraces))
		eb_trace_stack(pcs, eb_stack_walk(fp, pc, ra, pcs,
						  EB_TRACE_STACK_MAX));
}

/* The filter and set flag of ev's counted trigger i: traceon,
 * traceoff, enable_event (or disable_event). */
static struct eb_filter **
counted_filter(struct eb_trace_event *ev, int i, bool **set)
{
	*set = i < 2 ? &ev->onoff[i].set : &ev->enable.set;
	return i < 2 ? &ev->onoff[i].filter : &ev->enable.filter;
}

/* eb_trace_event_hit_begin's counted triggers, into hit: whether any
 * is set. Out of line: a hist alone keeps its caller a leaf. */
static __attribute__((noinline)) bool
counted_begin(struct eb_trace_event *ev, struct eb_trace_hit *hit)
{
	bool any = false;

	for (int i = 0; i < 3; i++) {
		bool *set;
		struct eb_filter **f = counted_filter(ev, i, &set);
		/* Acquire: the trigger's filter and count are those it was
		 * set with. */
		hit->set[i] = __atomic_load_n(set, __ATOMIC_ACQUIRE);
		hit->filter[i] = hit->set[i] ? __atomic_load_n(f, __ATOMIC_ACQUIRE)
				 : NULL;
		hit->wanted |= hit->filter[i] ? eb_filter_fields_used(hit->filter[i])
			       : 0;
		any |= hit->set[i];
	}
	return any;
}

bool
eb_trace_event_hit_begin(struct eb_trace_event *ev, struct eb_trace_hit *hit)
{
	struct eb_hist *h = __atomic_load_n(&ev->hist, __ATOMIC_ACQUIRE);

	*hit = (struct eb_trace_hit){ h, { false }, { NULL },
				      h ? eb_hist_fields_used(h) : 0 };
	/* A hist alone (the common case) skips the counted triggers. */
	if (!__atomic_load_n(&ev->onoff[0].set, __ATOMIC_RELAXED) &&
	    !__atomic_load_n(&ev->onoff[1].set, __ATOMIC_RELAXED) &&
	    !__atomic_load_n(&ev->enable.set, __ATOMIC_RELAXED))
		return h;
	return counted_begin(ev, hit) || h;
}

/* Whether a counted trigger fires on this hit: its filter f passes and
 * it takes one of its count. */
static bool
fires(long *count, const struct eb_filter *f, const union eb_field_value *v)
{
	return (!f || eb_filter_match(f, v)) && take_one(count);
}

void
eb_trace_event_hit(struct eb_trace_event *ev, const struct eb_trace_hit *hit,
		   const union eb_field_value *v)
{
	struct eb_trace_enable *t = &ev->enable;

	if (hit->hist)
		eb_hist_hit(hit->hist, v);
	/* traceon and traceoff take one of their count only when they
	 * change tracing (Linux's); enable_event and disable_event only
	 * when they change their target. */
	for (int off = 0; off < 2; off++)
		if (hit->set[off] && eb_trace_is_on() == (bool)off &&
		    fires(&ev->onoff[off].count, hit->filter[off], v))
			eb_trace_on(!off);
	if (hit->set[2] &&
	    !!(eb_trace_event_state(t->target) & EB_TRACE_SOFT_DISABLED) ==
	    t->enable && fires(&t->count, hit->filter[2], v))
		set_state(t->target, EB_TRACE_SOFT_DISABLED, !t->enable);
}

void
eb_trace_event_release(struct eb_trace_event *ev)
{
	eb_filter_free(ev->filter);
	ev->filter = NULL;
	eb_hist_free(ev->hist);
	ev->hist = NULL;
	for (int off = 0; off < 2; off++) {
		eb_filter_free(ev->onoff[off].filter);
		ev->onoff[off] = (struct eb_trace_onoff){ 0 };
	}
	remove_enable(ev);
	refresh_hit_triggers(ev);
}
