/* Hist triggers on a kprobe event: the table's counts and sums against
 * the calls the test made, its lines against Linux's documented format
 * (Documentation/trace/histogram.rst), a full table's drops, every hart
 * at once, and refused text that changes nothing. The traceon and
 * traceoff triggers: the records in the ring before and after. */
#include "ktest.h"
#include "trace_collect.h"
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/kprobe_events.h>

#define LINES_MAX 160

static char msg[512];
static char lines[LINES_MAX][160];
static unsigned nlines;

__attribute__((noipa)) long
ht_target(long v, long w)
{
	return v + w;
}

static void
keep(const char *line, void *arg)
{
	if (nlines < LINES_MAX)
		eb_snprintf(lines[nlines++], sizeof lines[0], "%s", line);
}

/* The event's hist file into lines[]. */
static void
read_hist(struct eb_trace_event *ev)
{
	nlines = 0;
	KEXPECT_EQ(eb_trace_event_show_hist(ev, keep, NULL), 0);
}

/* Whether line i of the hist file is want; says so if not. */
static bool
line_is(unsigned i, const char *want)
{
	if (i < nlines && strcmp(lines[i], want) == 0)
		return true;
	printf("    line %u: '%s'\n    wanted:  '%s'\n", i,
	       i < nlines ? lines[i] : "(none)", want);
	return ktest_fail(__FILE__, __LINE__, "a hist line as Linux's");
}

/* The entry lines: those after the header's 5 and before the blank
 * line, Totals and its 3. */
static unsigned
entries(void)
{
	return nlines >= 10 ? nlines - 10 : 0;
}

static struct eb_trace_event *
event(const char *trigger)
{
	KEXPECT_EQ(eb_kprobe_events_write("p:ht ht_target v=%a0:s64 w=%a1:u64",
					  msg, sizeof msg), 0);
	struct eb_trace_event *ev = eb_kprobe_events_control("ht");
	if (ev && trigger && eb_trace_event_set_trigger(ev, trigger, msg,
							 sizeof msg))
		printf("    %s\n", msg);
	return ev;
}

static void
remove_event(void)
{
	KEXPECT_EQ(eb_kprobe_events_write("-:ht", msg, sizeof msg), 0);
}

/* One key, a summed value, the default sort (hitcount ascending), the
 * header and totals as Linux prints them. */
KTEST(hist_trigger, keys_vals_totals)
{
	struct eb_trace_event *ev = event("hist:keys=v:vals=w");

	for (long i = 0; i < 3; i++)
		ht_target(7, 10 + i);
	ht_target(-1, 5);
	read_hist(ev);
	line_is(0, "# event histogram");
	line_is(1, "#");
	line_is(2, "# trigger info: hist:keys=v:vals=hitcount,w:sort=hitcount:"
		   "size=2048 [active]");
	line_is(3, "#");
	line_is(4, "");
	/* Linux prints a key %10llu, even a signed field's. */
	line_is(5, "{ v: 18446744073709551615 } hitcount:          1  w:          5");
	line_is(6, "{ v:          7 } hitcount:          3  w:         33");
	line_is(7, "");
	line_is(8, "Totals:");
	line_is(9, "    Hits: 4");
	line_is(10, "    Entries: 2");
	line_is(11, "    Dropped: 0");
	remove_event();
}

/* sort=: descending by a value, then by a key ascending; two keys. */
KTEST(hist_trigger, sort_orders)
{
	struct eb_trace_event *ev =
		event("hist:keys=v,w:vals=w:sort=w.descending,v");

	ht_target(1, 4);
	ht_target(2, 4);
	ht_target(3, 9);
	ht_target(3, 9);
	read_hist(ev);
	KEXPECT_EQ(entries(), 3);
	line_is(5, "{ v:          3, w:          9 } hitcount:          2  w:         18");
	line_is(6, "{ v:          1, w:          4 } hitcount:          1  w:          4");
	line_is(7, "{ v:          2, w:          4 } hitcount:          1  w:          4");
	eb_kprobe_events_write("-:ht", msg, sizeof msg);
	ev = event("hist:keys=v:sort=v.descending");
	for (long i = 1; i <= 3; i++)
		ht_target(i, 0);
	read_hist(ev);
	line_is(2, "# trigger info: hist:keys=v:vals=hitcount:sort=v.descending:"
		   "size=2048 [active]");
	line_is(5, "{ v:          3 } hitcount:          1");
	line_is(7, "{ v:          1 } hitcount:          1");
	remove_event();
}

/* .hex, .sym, .sym-offset and .log2 keys as histogram.rst shows them:
 * "{ call_site: [ffffffff811e2d5b] kmem_cache_alloc+0x2b/0x220 }", "~ 2^N". */
KTEST(hist_trigger, modifiers)
{
	char want[160], sym[96];
	unsigned long f = (unsigned long)ht_target;
	struct eb_trace_event *ev = event("hist:keys=w.hex");

	ht_target(0, 0x1f);
	read_hist(ev);
	line_is(5, "{ w: 1f } hitcount:          1");
	remove_event();

	ev = event("hist:keys=w.sym");
	ht_target(0, (long)f);
	read_hist(ev);
	eb_snprintf(want, sizeof want, "{ w: [%lx] %-45s } hitcount:          1",
		    f, "ht_target");
	line_is(5, want);
	remove_event();

	ev = event("hist:keys=w.sym-offset");
	ht_target(0, (long)f + 4);
	read_hist(ev);
	trace_sym(sym, sizeof sym, f + 4);
	eb_snprintf(want, sizeof want, "{ w: [%lx] %-55s } hitcount:          1",
		    f + 4, sym);
	line_is(5, want);
	remove_event();

	/* 1 -> 2^0, 2 -> 2^1, 3 and 4 -> 2^2, 5 to 8 -> 2^3 (ilog2 of the
	 * power of two at or above). */
	ev = event("hist:keys=w.log2:sort=w");
	for (long i = 1; i <= 8; i++)
		ht_target(0, i);
	read_hist(ev);
	line_is(5, "{ w: ~ 2^0  } hitcount:          1");
	line_is(6, "{ w: ~ 2^1  } hitcount:          1");
	line_is(7, "{ w: ~ 2^2  } hitcount:          2");
	line_is(8, "{ w: ~ 2^3  } hitcount:          4");
	remove_event();

	ev = event("hist:keys=w.buckets=10:sort=w");
	for (long i = 5; i <= 25; i += 10)
		ht_target(0, i);
	read_hist(ev);
	line_is(5, "{ w: ~ 0-9 } hitcount:          1");
	line_is(7, "{ w: ~ 20-29 } hitcount:          1");
	remove_event();
}

/* A table of 128 entries (size=100 rounds up) and 200 keys: the first
 * 128 kept, every later one's hits counted as dropped. */
KTEST(hist_trigger, full_table_drops)
{
	struct eb_trace_event *ev = event("hist:keys=w:size=100");

	for (long round = 0; round < 2; round++)
		for (long i = 0; i < 200; i++)
			ht_target(0, i);
	read_hist(ev);
	line_is(2, "# trigger info: hist:keys=w:vals=hitcount:sort=hitcount:"
		   "size=128 [active]");
	KEXPECT_EQ(entries(), 128);
	line_is(nlines - 3, "    Hits: 400");
	line_is(nlines - 2, "    Entries: 128");
	line_is(nlines - 1, "    Dropped: 144");
	remove_event();
}

/* if FILTER counts only the hits that pass it; the event's own filter
 * does not restrict the trigger (Linux's). */
KTEST(hist_trigger, filters)
{
	struct eb_trace_event *ev = event("hist:keys=v if w >= 2");

	KEXPECT_EQ(eb_trace_event_set_filter(ev, "w == 0", msg, sizeof msg), 0);
	for (long i = 0; i < 5; i++)
		ht_target(1, i);
	read_hist(ev);
	line_is(2, "# trigger info: hist:keys=v:vals=hitcount:sort=hitcount:"
		   "size=2048 if w >= 2 [active]");
	line_is(5, "{ v:          1 } hitcount:          3");
	remove_event();
}

static void
hit_keys(void *arg)
{
	for (long i = 0; i < 400; i++)
		ht_target(i % 4, 1);
}

/* Every hart inserting the same four keys at once: no hit lost. */
KTEST(hist_trigger, every_hart)
{
	struct eb_trace_event *ev = event("hist:keys=v:vals=w:sort=v");
	char want[96];
	unsigned harts = ktest_expected_harts();

	ktest_on_every_hart(hit_keys, NULL);
	read_hist(ev);
	KEXPECT_EQ(entries(), 4);
	for (unsigned k = 0; k < 4; k++) {
		eb_snprintf(want, sizeof want, "{ v: %10u } hitcount: %10u  "
			    "w: %10u", k, 100 * harts, 100 * harts);
		line_is(5 + k, want);
	}
	eb_snprintf(want, sizeof want, "    Hits: %u", 400 * harts);
	line_is(nlines - 3, want);
	remove_event();
}

/* :pause stops the counting, :cont resumes it, :clear empties the
 * table; the trigger file lists it as Linux's. */
KTEST(hist_trigger, pause_cont_clear)
{
	struct eb_trace_event *ev = event("hist:keys=v");

	ht_target(1, 0);
	KEXPECT_EQ(eb_trace_event_set_trigger(ev, "hist:keys=v:pause", msg,
					      sizeof msg), 0);
	ht_target(1, 0);
	read_hist(ev);
	line_is(2, "# trigger info: hist:keys=v:vals=hitcount:sort=hitcount:"
		   "size=2048 [paused]");
	line_is(5, "{ v:          1 } hitcount:          1");
	KEXPECT_EQ(eb_trace_event_set_trigger(ev, "hist:keys=v:cont", msg,
					      sizeof msg), 0);
	ht_target(1, 0);
	read_hist(ev);
	line_is(5, "{ v:          1 } hitcount:          2");
	KEXPECT_EQ(eb_trace_event_set_trigger(ev, "hist:keys=v:clear", msg,
					      sizeof msg), 0);
	read_hist(ev);
	KEXPECT_EQ(entries(), 0);
	line_is(nlines - 3, "    Hits: 0");
	nlines = 0;
	eb_trace_event_show_trigger(ev, keep, NULL);
	KEXPECT_EQ(nlines, 1);
	line_is(0, "hist:keys=v:vals=hitcount:sort=hitcount:size=2048 [active]");
	KEXPECT_EQ(eb_trace_event_set_trigger(ev, "!hist:keys=v", msg,
					      sizeof msg), 0);
	read_hist(ev);
	KEXPECT_EQ(nlines, 0);
	remove_event();
}

/* Bad text: Linux's error and caret, the table as it was. */
KTEST(hist_trigger, refused)
{
	/* error: the text, with a caret line "%*s^" of width caret. */
	static const struct { const char *text, *error; int caret; } bad[] = {
		{ "hist:keys=nosuchfield", "hist: error: Couldn't find field\n"
		  "  Command: hist:keys=nosuchfield\n%*s^", 21 },
		{ "hist:keys=v.bogus", "hist: error: Invalid field modifier\n"
		  "  Command: hist:keys=v.bogus\n%*s^", 23 },
		{ "hist:keys=v:sort=x", "hist: error: Sort field must be a key "
		  "or a val\n  Command: hist:keys=v:sort=x\n%*s^", 28 },
		{ "hist:keys=v:sort=v.up", "hist: error: Invalid sort modifier\n"
		  "  Command: hist:keys=v:sort=v.up\n" "%*s^", 30 },
		{ "hist:keys=v,w:sort=v,w,hitcount", "hist: error: Too many sort "
		  "fields (Max = 2)\n  Command: hist:keys=v,w:sort=v,w,hitcount\n"
		  "%*s^", 34 },
		{ "hist:keys=v:size=64", NULL, 0 },
		{ "hist:keys=v:cont", "hist: error: Can't clear or continue a "
		  "nonexistent hist trigger", 0 },
		{ "hist:keys=v if nosuch == 1", NULL, 0 },
		{ "hist:keys=w", "hist: error: The event has another hist trigger "
		  "(one per event here)", 0 },
	};
	struct eb_trace_event *ev = event("hist:keys=v:vals=w");
	char want[256];

	ht_target(2, 3);
	for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		KEXPECT(eb_trace_event_set_trigger(ev, bad[i].text, msg,
						   sizeof msg) < 0);
		if (bad[i].error)
			eb_snprintf(want, sizeof want, bad[i].error, bad[i].caret, "");
		if (bad[i].error && strcmp(msg, want) != 0) {
			printf("    %s:\n%s\n", bad[i].text, msg);
			ktest_fail(__FILE__, __LINE__, "Linux's error text");
		}
	}
	read_hist(ev);
	line_is(2, "# trigger info: hist:keys=v:vals=hitcount,w:sort=hitcount:"
		   "size=2048 [active]");
	line_is(5, "{ v:          2 } hitcount:          1  w:          3");
	remove_event();
}

/* The records in the ring that contain head: the number after their
 * " ARG=", into vs (at most max). */
static unsigned
records(const char *head, const char *arg, long *vs, unsigned max)
{
	struct collected *c = trace_collect();
	unsigned n = 0;

	for (unsigned i = 0; i < c->n && n < max; i++) {
		const char *at = str_find(c->text[i], head);
		if (at && (at = str_find(at, arg))) {
			long v = 0;
			for (at += strlen(arg); *at >= '0' && *at <= '9'; at++)
				v = v * 10 + (*at - '0');
			vs[n++] = v;
		}
	}
	return n;
}

/* traceoff:1 if v == 3 stops recording at the third call (its own
 * record not written: Linux runs it before the record); traceon if
 * v == 9 starts it again with that call's record; the counts as the
 * trigger file shows them. */
KTEST(event_trigger, traceoff_traceon)
{
	struct eb_trace_event *ev = event(NULL);
	long vs[16];

	eb_trace_clear();
	KEXPECT_EQ(eb_trace_event_set_trigger(ev, "traceoff:1 if v == 3", msg,
					      sizeof msg), 0);
	for (long i = 1; i <= 5; i++)
		ht_target(i, 0);
	KEXPECT(!eb_trace_is_on());
	KEXPECT_EQ(eb_trace_event_set_trigger(ev, "traceon if v == 9", msg,
					      sizeof msg), 0);
	nlines = 0;
	eb_trace_event_show_trigger(ev, keep, NULL);
	KEXPECT_EQ(nlines, 2);
	line_is(0, "traceon:unlimited if v == 9");
	line_is(1, "traceoff:count=0 if v == 3");
	ht_target(5, 0);
	ht_target(9, 0);
	ht_target(6, 0);
	KEXPECT(eb_trace_is_on());
	eb_trace_on(true);
	KEXPECT_EQ(records("ht: (ht_target", " v=", vs, 16), 4);
	KEXPECT_EQ(vs[0], 1);
	KEXPECT_EQ(vs[1], 2);
	KEXPECT_EQ(vs[2], 9);
	KEXPECT_EQ(vs[3], 6);
	KEXPECT_EQ(eb_trace_event_set_trigger(ev, "!traceon", msg, sizeof msg), 0);
	KEXPECT_EQ(eb_trace_event_set_trigger(ev, "!traceoff:1", msg,
					      sizeof msg), 0);
	KEXPECT(eb_trace_event_set_trigger(ev, "traceoff:x", msg, sizeof msg) < 0);
	/* A second traceon is refused, the first kept (Linux's -EEXIST). */
	KEXPECT_EQ(eb_trace_event_set_trigger(ev, "traceon", msg, sizeof msg), 0);
	KEXPECT_EQ(eb_trace_event_set_trigger(ev, "traceon:2", msg, sizeof msg),
		   -EEXIST);
	nlines = 0;
	eb_trace_event_show_trigger(ev, keep, NULL);
	line_is(0, "traceon:unlimited");
	KEXPECT_EQ(eb_trace_event_set_trigger(ev, "!traceon", msg, sizeof msg), 0);
	/* Not the command words traceon or traceoff (Linux's "no such
	 * command"): refused, no trigger set. */
	KEXPECT(eb_trace_event_set_trigger(ev, "traceonx", msg, sizeof msg) < 0);
	KEXPECT(eb_trace_event_set_trigger(ev, "traceof", msg, sizeof msg) < 0);
	KEXPECT(eb_trace_event_set_trigger(ev, "traceo", msg, sizeof msg) < 0);
	KEXPECT(eb_trace_event_set_trigger(ev, "traceon if nosuch == 1", msg,
					   sizeof msg) < 0);
	nlines = 0;
	eb_trace_event_show_trigger(ev, keep, NULL);
	line_is(0, "# Available triggers:");
	eb_trace_clear();
	remove_event();
}

__attribute__((noipa)) long
ht_other(long x)
{
	return x * 2;
}

__attribute__((noipa)) long
ht_third(long x)
{
	return x + 3;
}

/* enable_event:kprobes:ho:1 if v == 3 on ht: ho records nothing from
 * the trigger's creation until ht's third call, then records; the
 * trigger file shows it used up; ho cannot be removed while named. */
KTEST(event_trigger, enable_event)
{
	struct eb_trace_event *ev = event(NULL);
	long xs[8];

	KEXPECT_EQ(eb_kprobe_events_write("p:ho ht_other x=%a0:s64", msg,
					  sizeof msg), 0);
	KEXPECT_EQ(eb_trace_event_set_trigger(ev, "enable_event:kprobes:ho:1 "
					      "if v == 3", msg, sizeof msg), 0);
	eb_trace_clear();
	ht_other(10);
	ht_target(1, 0);
	ht_target(2, 0);
	ht_other(11);
	ht_target(3, 0);
	ht_other(12);
	ht_other(13);
	KEXPECT_EQ(records("ho: (ht_other", " x=", xs, 8), 2);
	KEXPECT_EQ(xs[0], 12);
	KEXPECT_EQ(xs[1], 13);
	nlines = 0;
	eb_trace_event_show_trigger(ev, keep, NULL);
	line_is(0, "enable_event:kprobes:ho:count=0 if v == 3");
	KEXPECT_EQ(eb_kprobe_events_write("-:ho", msg, sizeof msg), -EBUSY);
	KEXPECT(eb_trace_event_set_trigger(ev, "enable_event:kprobes:nosuch",
					   msg, sizeof msg) < 0);
	/* A second one is refused, not put in the first's place: the first
	 * stays, used up. */
	KEXPECT_EQ(eb_trace_event_set_trigger(ev, "disable_event:kprobes:ho",
					      msg, sizeof msg), -EEXIST);
	nlines = 0;
	eb_trace_event_show_trigger(ev, keep, NULL);
	line_is(0, "enable_event:kprobes:ho:count=0 if v == 3");
	KEXPECT_EQ(eb_trace_event_set_trigger(ev, "!enable_event:kprobes:ho",
					      msg, sizeof msg), 0);
	/* disable_event: ho records until ht's next call. */
	KEXPECT_EQ(eb_trace_event_set_trigger(ev, "disable_event:kprobes:ho",
					      msg, sizeof msg), 0);
	eb_trace_clear();
	ht_other(20);
	ht_target(4, 0);
	ht_other(21);
	KEXPECT_EQ(records("ho: (ht_other", " x=", xs, 8), 1);
	KEXPECT_EQ(xs[0], 20);
	/* Removing a trigger that is not there (the other kind, another
	 * target) leaves the one there (Linux's: nothing happens). */
	KEXPECT_EQ(eb_trace_event_set_trigger(ev, "!enable_event:kprobes:ho",
					      msg, sizeof msg), 0);
	KEXPECT_EQ(eb_trace_event_set_trigger(ev, "!disable_event:kprobes:ht",
					      msg, sizeof msg), 0);
	nlines = 0;
	eb_trace_event_show_trigger(ev, keep, NULL);
	line_is(0, "disable_event:kprobes:ho:unlimited");
	KEXPECT_EQ(eb_trace_event_set_trigger(ev, "!disable_event:kprobes:ho",
					      msg, sizeof msg), 0);
	/* Two enable_event triggers on ho: removing one leaves ho
	 * soft-disabled until the other fires (Linux's soft mode counts
	 * them). */
	KEXPECT_EQ(eb_kprobe_events_write("p:h3 ht_third", msg, sizeof msg), 0);
	struct eb_trace_event *third = eb_kprobe_events_control("h3");
	KEXPECT_EQ(eb_trace_event_set_trigger(ev, "enable_event:kprobes:ho",
					      msg, sizeof msg), 0);
	KEXPECT_EQ(eb_trace_event_set_trigger(third, "enable_event:kprobes:ho",
					      msg, sizeof msg), 0);
	KEXPECT_EQ(eb_trace_event_set_trigger(ev, "!enable_event:kprobes:ho",
					      msg, sizeof msg), 0);
	eb_trace_clear();
	ht_other(30);
	ht_third(0);
	ht_other(31);
	KEXPECT_EQ(records("ho: (ht_other", " x=", xs, 8), 1);
	KEXPECT_EQ(xs[0], 31);
	KEXPECT_EQ(eb_kprobe_events_write("-:h3", msg, sizeof msg), 0);
	KEXPECT_EQ(eb_kprobe_events_write("-:ho", msg, sizeof msg), 0);
	eb_trace_clear();
	remove_event();
}

/* One hit gathers what all of an event's hit triggers read: a filter
 * that would take them past the 4 string fields a hit keeps is
 * refused, and the triggers set stay. */
KTEST(event_trigger, strings_across_triggers)
{
	struct eb_trace_event *ev;

	KEXPECT_EQ(eb_kprobe_events_write("p:hs ht_target a=+0(%a0):string "
					  "b=+0(%a0):string c=+0(%a0):string "
					  "d=+1(%a0):string e=+2(%a0):string",
					  msg, sizeof msg), 0);
	ev = eb_kprobe_events_control("hs");
	KEXPECT_EQ(eb_trace_event_set_trigger(ev, "hist:keys=a,b,c", msg,
					      sizeof msg), 0);
	KEXPECT_EQ(eb_trace_event_set_trigger(ev, "traceoff if d == \"x\"",
					      msg, sizeof msg), 0);
	KEXPECT_EQ(eb_trace_event_set_trigger(ev, "traceon if e == \"y\"",
					      msg, sizeof msg), -EINVAL);
	nlines = 0;
	eb_trace_event_show_trigger(ev, keep, NULL);
	KEXPECT_EQ(nlines, 2);
	line_is(0, "traceoff:unlimited if d == \"x\"");
	KEXPECT_EQ(eb_kprobe_events_write("-:hs", msg, sizeof msg), 0);
}
