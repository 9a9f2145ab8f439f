/*
 * kprobe_events: probes defined by a line of text, in a subset of Linux's
 * syntax (Documentation/trace/kprobetrace.rst):
 *
 *	p[:NAME] SYMBOL[+OFFSET]	a probe (OFFSET decimal or 0x hex)
 *	p[:NAME] 0xADDRESS
 *	r[MAXACTIVE][:NAME] SYMBOL	a return probe
 *	-:NAME				remove it
 *
 * NAME defaults to p_SYMBOL_OFFSET (r_SYMBOL_0), as in Linux. Each event
 * counts its hits (returns); the shell's `kprobe` command lists them. Called from one hart at a
 * time (the shell, tests).
 */
#include "defs.h"
#include <ebreak/errno.h>
#include <ebreak/fmt.h>

struct kprobe_event {
	struct kretprobe rp;	/* first; a p event uses rp.kp alone */
	bool ret;		/* an r event */
	char name[32];
	char symbol[48];
	unsigned long hits;
	struct kprobe_event *next;
};

static struct kprobe_event *events;

static int
count_hit(struct kprobe *p, struct pt_regs *regs)
{
	struct kprobe_event *ev = (struct kprobe_event *)p;	/* rp.kp is first */

	__atomic_fetch_add(&ev->hits, 1, __ATOMIC_RELAXED);
	return 0;
}

static int
count_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return count_hit(&get_kretprobe(ri)->kp, regs);
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
	if (ev->ret)
		unregister_kretprobe(&ev->rp);
	else
		unregister_kprobe(&ev->rp.kp);
	*pp = ev->next;
	kfree(ev);
	return 0;
}

static int
add_event(char kind, int maxactive, const char *name, const char *target)
{
	struct kprobe_event *ev = kzalloc(sizeof *ev);
	struct kprobe *kp = &ev->rp.kp;
	const char *t = target;
	char off[24] = "";
	unsigned long v = 0;

	if (!ev)
		return -ENOMEM;
	kp->pre_handler = count_hit;
	if (!word(&t, '+', ev->symbol, sizeof ev->symbol) ||
	    (*t == '+' && (t++, !word(&t, 0, off, sizeof off))) || *t ||
	    (*off && !number(off, &v))) {
		kfree(ev);
		return -EINVAL;
	}
	unsigned long addr;
	if (number(ev->symbol, &addr) && !*off) {
		kp->addr = (kprobe_opcode_t *)addr;
		eb_snprintf(ev->name, sizeof ev->name, "%c_0x%lx", kind, addr);
	} else {
		kp->symbol_name = ev->symbol;
		kp->offset = v;
		eb_snprintf(ev->name, sizeof ev->name, "%c_%s_%lu", kind,
			    ev->symbol, v);
	}
	if (name[0])
		eb_snprintf(ev->name, sizeof ev->name, "%s", name);
	int err = -EEXIST;
	if (!*find(ev->name) && kind == 'r') {
		ev->ret = true;
		kp->pre_handler = NULL;	/* kretprobes own their kprobe */
		ev->rp.handler = count_return;
		ev->rp.maxactive = maxactive;
		err = register_kretprobe(&ev->rp);
	} else if (!*find(ev->name)) {
		err = register_kprobe(kp);
	}
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
	unsigned long maxactive = 0;

	while (*line == ' ')
		line++;
	char kind = *line++;
	if (kind != 'p' && kind != 'r' && kind != '-')
		return -EINVAL;
	if (kind == 'r')
		while (*line >= '0' && *line <= '9')
			maxactive = maxactive * 10 + (*line++ - '0');
	if (*line == ':') {
		line++;
		if (!word(&line, 0, name, sizeof name))
			return -EINVAL;
	}
	while (*line == ' ')
		line++;
	if (kind == '-')
		return *line || !name[0] ? -EINVAL : remove_event(name);
	return add_event(kind, (int)maxactive, name, line);
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
		printf("%-24s %016lx %s+%u: %lu %s, %lu missed\n", ev->name,
		       (unsigned long)ev->rp.kp.addr, ev->symbol, ev->rp.kp.offset,
		       ev->hits, ev->ret ? "returns" : "hits",
		       ev->ret ? ev->rp.nmissed : ev->rp.kp.nmissed);
	if (!events)
		printf("no kprobe events (define one: kprobe p[:NAME] SYMBOL[+OFFSET]"
		       " or kprobe r[:NAME] SYMBOL)\n");
}
