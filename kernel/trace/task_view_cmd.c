/*
 * The shell's `tasks` and `task ID` (docs/tasks.md): the task view's
 * snapshots as a table, sortable, one task in full, and the lints'
 * warnings.
 */
#include "trace/task_view.h"
#include <ebreak/fmt.h>

/* The sort keys of `tasks -s KEY`, largest first. */
static const struct {
	const char *name;
	size_t offset;		/* of a uint64_t in struct task_stats */
} keys[] = {
	{ "busy", offsetof(struct task_stats, busy) },
	{ "polls", offsetof(struct task_stats, polls) },
	{ "wakes", offsetof(struct task_stats, wakes) },
	{ "idle", offsetof(struct task_stats, idle) },
	{ "sched", offsetof(struct task_stats, scheduled) },
};

static uint64_t
key_of(const struct task_snapshot *s, size_t offset)
{
	return *(const uint64_t *)((const char *)&s->stats + offset);
}

/* Insertion sort, largest key first (a few dozen tasks). */
static void
sort(struct task_snapshot *s, size_t n, size_t offset)
{
	for (size_t i = 1; i < n; i++) {
		struct task_snapshot v = s[i];
		size_t j = i;
		for (; j > 0 && key_of(&s[j - 1], offset) < key_of(&v, offset);
		     j--)
			s[j] = s[j - 1];
		s[j] = v;
	}
}

/* ticks (rdtime units) as "850ns", "12us", "3.250ms" or "1.500s". */
static const char *
duration(uint64_t ticks, char *buf, size_t size)
{
	uint64_t ns = ticks_to_ns(ticks);

	if (ns < 1000)
		eb_snprintf(buf, size, "%luns", (unsigned long)ns);
	else if (ns < 1000000)
		eb_snprintf(buf, size, "%luus", (unsigned long)(ns / 1000));
	else if (ns < 1000000000)
		eb_snprintf(buf, size, "%lu.%03lums",
			    (unsigned long)(ns / 1000000),
			    (unsigned long)(ns / 1000 % 1000));
	else
		eb_snprintf(buf, size, "%lu.%03lus",
			    (unsigned long)(ns / 1000000000),
			    (unsigned long)(ns / 1000000 % 1000));
	return buf;
}

/* s's await point at level i, in buf. */
static const char *
at(const struct task_snapshot *s, unsigned i, char *buf, size_t size)
{
	await_point(buf, size, s->chain[i].poll, s->chain[i].line);
	return buf;
}

/* "warning: task 12 (staller): poll running for 120.000ms on hart 1 at
 * parked_poll line 0": task id (name)'s poll of fn, begun at await
 * point line on hart, has run for ticks. Any context that may print. */
void
task_view_warn_long_poll(unsigned id, const char *name, uint64_t ticks,
			 unsigned hart, eb_poll_fn fn, unsigned line)
{
	char t[24];

	printf("warning: task %u (%s): poll running for %s on hart %u at %s "
	       "line %u\n", id, name, duration(ticks, t, sizeof t), hart,
	       poll_fn_name(fn), line);
}

/* One line per lint that applies to s, as "warning: task 12 (sleeper):
 * lost waker at sleeper_poll line 40". */
static void
print_warnings(const struct task_snapshot *s)
{
	const struct task_stats *st = &s->stats;
	const char *fn = poll_fn_name(s->chain[0].poll);
	char t[24];

	if (s->lints & TASK_LINT_LOST_WAKER)
		printf("warning: task %u (%s): lost waker at %s line %u\n",
		       s->id, s->name, fn, s->chain[0].line);
	if (s->lints & TASK_LINT_LONG_POLL)
		task_view_warn_long_poll(s->id, s->name, s->now - st->poll_start,
					 st->last_hart, s->chain[0].poll,
					 st->poll_line);
	if (s->lints & TASK_LINT_LONG_POLLS)
		printf("warning: task %u (%s): %lu polls of %d ms or more, the "
		       "longest %s on hart %u at %s line %u\n", s->id, s->name,
		       (unsigned long)st->long_polls, TASK_LONG_POLL_MS,
		       duration(st->longest, t, sizeof t), st->longest_hart,
		       fn, st->longest_line);
	if (s->lints & TASK_LINT_SELF_WAKES)
		printf("warning: task %u (%s): %lu of %lu wakes are self-wakes "
		       "at %s line %u\n", s->id, s->name,
		       (unsigned long)st->self_wakes, (unsigned long)st->wakes,
		       fn, s->chain[0].line);
}

/* Snapshots of the live tasks, in a buffer to kfree; NULL (said so)
 * when out of memory. Says how many it left out (spawned meanwhile,
 * past the room it made). */
static struct task_snapshot *
snapshot(size_t *n)
{
	size_t max = executor_live_tasks() + 8, left = 0;
	struct task_snapshot *s = kmalloc(max * sizeof *s);

	if (!s)
		printf("tasks: out of memory\n");
	else
		*n = task_view_snapshot(s, max, &left);
	if (left)
		printf("tasks: %zu more tasks not shown\n", left);
	return s;
}

/* The hart of s's latest poll, "-" when the view saw none. */
static const char *
last_hart(const struct task_snapshot *s, char *buf, size_t size)
{
	if (!s->stats.polls && !s->stats.poll_start)
		return "-";
	eb_snprintf(buf, size, "%u", s->stats.last_hart);
	return buf;
}

static void
print_row(const struct task_snapshot *s)
{
	const struct task_stats *st = &s->stats;
	char busy[16], idle[16], sched[16], hart[12], where[64];

	printf("%5u %-10s %-7s %7lu %9s %9s %9s %6lu %5lu %5lu %4s %s\n",
	       s->id, s->name, task_state_name(s->state), (unsigned long)st->polls,
	       duration(st->busy, busy, sizeof busy),
	       duration(st->idle, idle, sizeof idle),
	       duration(st->scheduled, sched, sizeof sched),
	       (unsigned long)st->wakes, (unsigned long)st->self_wakes,
	       (unsigned long)st->migrations, last_hart(s, hart, sizeof hart),
	       at(s, 0, where, sizeof where));
}

/* The table (sorted by the key at offset, or in list order when
 * sorted is false) and then the warnings; or only the warnings. */
static void
list(bool table, bool sorted, size_t offset)
{
	size_t n = 0;
	struct task_snapshot *s = snapshot(&n);

	if (!s)
		return;
	if (sorted)
		sort(s, n, offset);
	if (table) {
		if (!task_view_enabled())
			printf("task view off: %s\n", task_view_was_on() ?
			       "counts as of tasks off (tasks on starts them "
			       "over)" : "nothing counted yet (tasks on starts "
			       "counting)");
		printf("%5s %-10s %-7s %7s %9s %9s %9s %6s %5s %5s %4s %s\n",
		       "ID", "NAME", "STATE", "POLLS", "BUSY", "IDLE", "SCHED",
		       "WAKES", "SELF", "MIGR", "HART", "AWAIT");
		for (size_t i = 0; i < n; i++)
			print_row(&s[i]);
	}
	for (size_t i = 0; i < n; i++)
		print_warnings(&s[i]);
	kfree(s);
}

/* The offset of `-s KEY`'s key in struct task_stats, or -1. */
static long
sort_key(const char *args)
{
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		if (strncmp(args, "-s ", 3) == 0 &&
		    strcmp(args + 3, keys[i].name) == 0)
			return keys[i].offset;
	return -1;
}

/* `tasks [-s busy|polls|wakes|idle|sched | lint | on | off]`. */
void
task_view_tasks_cmd(const char *args)
{
	long key = sort_key(args);

	if (strcmp(args, "on") == 0 || strcmp(args, "off") == 0) {
		task_view_enable(args[1] == 'n');	/* says why not */
	} else if (strcmp(args, "lint") == 0) {
		list(false, false, 0);
	} else if (!*args || key >= 0) {
		list(true, key >= 0, key);
	} else {
		printf("usage: tasks [-s busy|polls|wakes|idle|sched | lint | "
		       "on | off]\n");
	}
}

static void
print_task(const struct task_snapshot *s)
{
	const struct task_stats *st = &s->stats;
	char a[16], b[16], c[16], hart[12], where[64];

	printf("task %u (%s): %s, %lu polls, busy %s, idle %s, scheduled %s, "
	       "%lu wakes (%lu self), %lu migrations, last hart %s, %u wakers "
	       "registered\n", s->id, s->name, task_state_name(s->state),
	       (unsigned long)st->polls, duration(st->busy, a, sizeof a),
	       duration(st->idle, b, sizeof b),
	       duration(st->scheduled, c, sizeof c), (unsigned long)st->wakes,
	       (unsigned long)st->self_wakes, (unsigned long)st->migrations,
	       last_hart(s, hart, sizeof hart), s->wakers);
	printf("await chain%s:\n", s->depth == 1 && s->state != TASK_IDLE &&
	       s->state != TASK_QUEUED ? " (being polled: the top only)" : "");
	for (unsigned i = 0; i < s->depth; i++)
		printf("  %s\n", at(s, i, where, sizeof where));
	uint64_t n = st->polls < TASK_RECENT_POLLS ? st->polls
						   : TASK_RECENT_POLLS;
	printf("recent polls (oldest first):\n");
	for (uint64_t i = st->polls - n; i < st->polls; i++) {
		const struct task_poll_record *r =
			&st->recent[i % TASK_RECENT_POLLS];
		uint64_t ns = ticks_to_ns(r->start);
		bool running = i + 1 == st->polls && st->poll_start;
		printf("  hart %u  start %lu.%06lus  took %s\n", r->hart,
		       (unsigned long)(ns / 1000000000),
		       (unsigned long)(ns / 1000 % 1000000), running ?
		       "(running)" : duration(r->ticks, a, sizeof a));
	}
}

/* `task ID`: one task, its await chain, recent polls and warnings. */
void
task_view_task_cmd(const char *args)
{
	unsigned long id;
	const char *end = parse_decimal(args, &id);

	if (!*args) {
		printf("usage: task ID (see tasks)\n");
		return;
	}
	if (end == args || *end) {
		printf("task: '%s' is not a task id (see tasks)\n", args);
		return;
	}
	size_t n = 0;
	struct task_snapshot *s = snapshot(&n);
	if (!s)
		return;
	size_t i = 0;
	while (i < n && s[i].id != id)
		i++;
	if (i == n) {
		printf("no task %s (see tasks)\n", args);
	} else {
		print_task(&s[i]);
		print_warnings(&s[i]);
	}
	kfree(s);
}
