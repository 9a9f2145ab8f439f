/*
 * kprobe_events: probes defined by a line of text, in a subset of Linux's
 * syntax (Documentation/trace/kprobetrace.rst):
 *
 *	p[:NAME] SYMBOL[+OFFSET]	a probe (OFFSET decimal or 0x hex)
 *	p[:NAME] 0xADDRESS
 *	-:NAME				remove it
 *
 * NAME defaults to p_SYMBOL_OFFSET, as in Linux. Each event counts its
 * hits; the shell's `kprobe` command lists them. Called from one hart at a
 * time (the shell, tests).
 */
#include "defs.h"
#include <ebreak/errno.h>
#include <ebreak/fmt.h>

struct kprobe_event {
	struct kprobe kp;
	char name[32];
	char symbol[48];
	unsigned long hits;
	struct kprobe_event *next;
};

static struct kprobe_event *events;

static int
count_hit(struct kprobe *p, struct pt_regs *regs)
{
	struct kprobe_event *ev = (struct kprobe_event *)p;	/* kp is first */

	__atomic_fetch_add(&ev->hits, 1, __ATOMIC_RELAXED);
	return 0;
}

static struct kprobe_event **
find(const char *name)
{
	struct kprobe_event **pp = &events;

	while (*pp && strcmp((*pp)->name, name) != 0)
		pp = &(*pp)->next;
	return pp;
}

/* Copy the word at *s (up to a space, the end, or stop) into buf and
 * step past it; 0 if it is empty or does not fit. */
static size_t
word(const char **s, char stop, char *buf, size_t size)
{
	size_t n = 0;

	while (**s && **s != ' ' && **s != stop) {
		if (n + 1 >= size)
			return 0;
		buf[n++] = *(*s)++;
	}
	buf[n] = 0;
	return n;
}

/* A number in decimal or 0x hex; false if s is not one, whole. */
static bool
number(const char *s, unsigned long *v)
{
	unsigned base = 10;

	if (s[0] == '0' && s[1] == 'x') {
		base = 16;
		s += 2;
	}
	if (!*s)
		return false;
	for (*v = 0; *s; s++) {
		unsigned d = *s >= '0' && *s <= '9' ? *s - '0' :
			     *s >= 'a' && *s <= 'f' ? *s - 'a' + 10 : 99;
		if (d >= base)
			return false;
		*v = *v * base + d;
	}
	return true;
}

static int
remove_event(const char *name)
{
	struct kprobe_event **pp = find(name), *ev = *pp;

	if (!ev)
		return -ENOENT;
	unregister_kprobe(&ev->kp);
	*pp = ev->next;
	kfree(ev);
	return 0;
}

static int
add_event(const char *name, const char *target)
{
	struct kprobe_event *ev = kzalloc(sizeof *ev);
	const char *t = target;
	char off[24] = "";
	unsigned long v = 0;

	if (!ev)
		return -ENOMEM;
	ev->kp.pre_handler = count_hit;
	if (!word(&t, '+', ev->symbol, sizeof ev->symbol) ||
	    (*t == '+' && (t++, !word(&t, 0, off, sizeof off))) || *t ||
	    (*off && !number(off, &v))) {
		kfree(ev);
		return -EINVAL;
	}
	unsigned long addr;
	if (number(ev->symbol, &addr) && !*off) {
		ev->kp.addr = (kprobe_opcode_t *)addr;
		eb_snprintf(ev->name, sizeof ev->name, "p_0x%lx", addr);
	} else {
		ev->kp.symbol_name = ev->symbol;
		ev->kp.offset = v;
		eb_snprintf(ev->name, sizeof ev->name, "p_%s_%lu", ev->symbol, v);
	}
	if (name[0])
		eb_snprintf(ev->name, sizeof ev->name, "%s", name);
	int err = *find(ev->name) ? -EEXIST : register_kprobe(&ev->kp);
	if (err) {
		kfree(ev);
		return err;
	}
	ev->next = events;
	events = ev;
	return 0;
}

/* Define or remove an event from one line of kprobe_events syntax.
 * Returns 0 or -errno: -EINVAL syntax, -EEXIST name taken, -ENOENT no
 * such event to remove, or register_kprobe's error (its reason logged). */
int
kprobe_events_write(const char *line)
{
	char name[32] = "";

	while (*line == ' ')
		line++;
	char kind = *line++;
	if (kind != 'p' && kind != '-')
		return -EINVAL;
	if (*line == ':') {
		line++;
		if (!word(&line, 0, name, sizeof name))
			return -EINVAL;
	}
	while (*line == ' ')
		line++;
	if (kind == '-')
		return *line || !name[0] ? -EINVAL : remove_event(name);
	return add_event(name, line);
}

/* Hits of the event called name, or -1 if there is none. */
long
kprobe_events_hits(const char *name)
{
	struct kprobe_event *ev = *find(name);

	return ev ? (long)ev->hits : -1;
}

/* Print every event: name, where, hits, missed. */
void
kprobe_events_list(void)
{
	for (struct kprobe_event *ev = events; ev; ev = ev->next)
		printf("%-24s %016lx %s+%u: %lu hits, %lu missed\n", ev->name,
		       (unsigned long)ev->kp.addr, ev->symbol, ev->kp.offset,
		       ev->hits, ev->kp.nmissed);
	if (!events)
		printf("no kprobe events (define one: kprobe p[:NAME] SYMBOL[+OFFSET])\n");
}
