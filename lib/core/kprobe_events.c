/*
 * kprobe_events (<ebreak/kprobe_events.h>): the parser of definitions,
 * the list of events, and their handlers, which count and record.
 */
#include "fetch_args.h"
#include "kprobes_internal.h"
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/kprobe_events.h>
#include <ebreak/kprobes.h>
#include <ebreak/libc.h>
#include <ebreak/port.h>
#include <ebreak/trace_event.h>
#include <ebreak/trace_pid.h>
#include <ebreak/trace_ring.h>

#define EVENT_NAME_MAX 32

/* String fetch args one filter may read: each needs a buffer on the
 * stack of the hit. */
#define FILTER_STRINGS_MAX 4

struct kprobe_event {
	struct kretprobe rp;	/* first; a p event uses rp.kp alone */
	bool ret;		/* an r event */
	int maxactive;		/* an r event's MAXACTIVE as written, or 0 */
	bool entry_args;	/* an r event reading $argN: saved at entry */
	char group[EVENT_NAME_MAX];	/* GRP of GRP/EVENT: "kprobes" unless given */
	char name[EVENT_NAME_MAX];
	char *symbol;		/* as written: SYMBOL or 0xADDR (after argtext) */
	uintptr_t at;		/* the probed address */
	const char *func;	/* the probed function's name, or "?" */
	/* a p record's start: NAME: (FUNC+0xOFF/0xSIZE) */
	char head[160] __attribute__((aligned(8)));	/* a long symbol's too */
	size_t head_len;
	unsigned long hits;
	unsigned nargs;
	unsigned nstar;		/* the args $arg* made */
	struct fetch_arg args[EB_KPROBE_EVENT_ARGS_MAX];
	/* What a filter may read: the args', then the common fields. */
	struct eb_event_field fields[EB_KPROBE_EVENT_ARGS_MAX +
				     EB_TRACE_COMMON_FIELDS];
	struct eb_trace_event control;	/* its filter and trigger */
	struct kprobe_event *next;
	char argtext[];		/* the fetch args as written, for the list */
};

static struct kprobe_event *events;

/* The values of the fields used names (bit i: field i; the common ones
 * always): the args' into v, string args' text into str, the task's
 * name into comm. */
static void
gather(struct kprobe_event *ev, uint64_t used, struct pt_regs *regs,
       const unsigned long *args, union eb_field_value *v,
       char (*str)[EB_FILTER_STR_MAX], char *comm)
{
	unsigned nstr = 0;

	for (unsigned i = 0; i < ev->nargs; i++) {
		if (!(used >> i & 1))
			continue;
		bool string = ev->fields[i].type == EB_FIELD_STRING;
		eb_fetch_arg_value(&ev->args[i], regs, args, &v[i],
				   string ? str[nstr] : NULL,
				   string ? sizeof str[0] : 0);
		nstr += string;	/* at most control.strings_max */
	}
	eb_trace_event_common(&v[ev->nargs], comm);
}

/* Whether this hit passes filter f: the args it reads and the common
 * fields. Out of line: its buffers stay off the unfiltered hit's stack. */
static __attribute__((noinline)) bool
filter_passes(struct kprobe_event *ev, const struct eb_filter *f,
	      struct pt_regs *regs, const unsigned long *args)
{
	union eb_field_value v[EB_KPROBE_EVENT_ARGS_MAX + EB_TRACE_COMMON_FIELDS];
	char str[FILTER_STRINGS_MAX][EB_FILTER_STR_MAX];
	char comm[EB_TRACE_COMM_LEN] __attribute__((aligned(8)));

	gather(ev, eb_filter_fields_used(f), regs, args, v, str, comm);
	return eb_filter_match(f, v);
}

/* Run ev's hit triggers (hist, traceon, traceoff) on this hit: the
 * fields they read. Out of line, as filter_passes. Trap context. */
static __attribute__((noinline)) void
hit_triggers(struct kprobe_event *ev, struct pt_regs *regs,
	     const unsigned long *args)
{
	union eb_field_value v[EB_KPROBE_EVENT_ARGS_MAX + EB_TRACE_COMMON_FIELDS];
	char str[FILTER_STRINGS_MAX][EB_FILTER_STR_MAX];
	char comm[EB_TRACE_COMM_LEN] __attribute__((aligned(8)));
	struct eb_trace_hit hit;

	if (!eb_trace_event_hit_begin(&ev->control, &hit))
		return;
	gather(ev, hit.wanted, regs, args, v, str, comm);
	eb_trace_event_hit(&ev->control, &hit, v);
}

/* Those triggers, before the event's filter and record (as Linux runs
 * them); whether the hit may be recorded (the event is not
 * soft-disabled). Trap context. */
static inline bool
triggers(struct kprobe_event *ev, struct pt_regs *regs,
	 const unsigned long *args)
{
	unsigned state = eb_trace_event_state(&ev->control);

	if (__builtin_expect(!state, 1))
		return true;
	if (state & EB_TRACE_HIT_TRIGGERS)
		hit_triggers(ev, regs, args);
	return !(state & EB_TRACE_SOFT_DISABLED);
}

/* Whether this hit passes set_event_pid and ev's filter (there is none:
 * it does). args as for record. Trap context. */
static inline bool
passes(struct kprobe_event *ev, struct pt_regs *regs,
       const unsigned long *args)
{
	struct eb_filter *f = __atomic_load_n(&ev->control.filter,
					      __ATOMIC_ACQUIRE);

	if (!eb_trace_pid_traced(EB_TRACE_PIDS_EVENT))
		return false;
	return !f || filter_passes(ev, f, regs, args);
}

/* Append the fetch args' values to the record being written, text,
 * whose first len chars are written, and commit it; args are a0..a7 as
 * saved at the entry (an r event's $argN), or NULL. Trap context. */
static void
record(struct kprobe_event *ev, struct pt_regs *regs,
       const unsigned long *args, char *text, size_t len, unsigned long flags)
{
	if (len > EB_TRACE_TEXT_MAX - 1)
		len = EB_TRACE_TEXT_MAX - 1;
	for (unsigned i = 0; i < ev->nargs; i++)
		len = eb_fetch_arg_print(&ev->args[i], regs, args, text, len,
					 EB_TRACE_TEXT_MAX);
	eb_trace_commit(flags);
}

/* A p event's pre handler. Trap context. */
static int
probe_hit(struct kprobe *p, struct pt_regs *regs)
{
	struct kprobe_event *ev = (struct kprobe_event *)p;	/* rp.kp is first */
	unsigned long flags;
	char *text;

	__atomic_fetch_add(&ev->hits, 1, __ATOMIC_RELAXED);
	if (triggers(ev, regs, NULL) && passes(ev, regs, NULL) &&
	    (text = eb_trace_reserve(&flags))) {
		/* Whole words: both are 8-aligned, so memcpy copies words
		 * rather than bytes; the head's buffer and the record have
		 * room for the rounding. */
		memcpy(text, ev->head, (ev->head_len + 8) & ~(size_t)7);
		record(ev, regs, NULL, text, ev->head_len, flags);
		eb_trace_event_triggers(&ev->control, regs->s0, regs->epc,
					regs->ra);
	}
	return 0;
}

/* An r event's handler: regs->epc is the return address. Trap context. */
static int
return_hit(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct kprobe_event *ev = (struct kprobe_event *)get_kretprobe(ri);
	uintptr_t start;
	size_t size;
	unsigned long flags;
	char *text;
	int len;

	if (!ev)	/* unregistered since the trampoline looked (Linux checks too) */
		return 0;
	/* With several kretprobes on the function, epc may be the next
	 * one's trampoline: name the caller the call returns to. */
	unsigned long ret = kretprobe_find_ret_addr(regs->epc);
	const char *caller = eb_port_symbol_name(ret, &start, &size);
	__atomic_fetch_add(&ev->hits, 1, __ATOMIC_RELAXED);
	const unsigned long *args = ev->entry_args ? (unsigned long *)ri->data
						   : NULL;
	/* A call entered before the event was disabled returns: counted,
	 * not recorded (Linux's kretprobe_dispatcher). */
	if (kprobe_disabled(&ev->rp.kp))
		return 0;
	if (!triggers(ev, regs, args) || !passes(ev, regs, args) ||
	    !(text = eb_trace_reserve(&flags)))
		return 0;
	if (caller)
		len = eb_snprintf(text, EB_TRACE_TEXT_MAX, "%s: (%s+0x%lx/0x%lx "
				  "<- %s)", ev->name, caller, ret - start,
				  (unsigned long)size, ev->func);
	else
		len = eb_snprintf(text, EB_TRACE_TEXT_MAX, "%s: (0x%lx <- %s)",
				  ev->name, ret, ev->func);
	record(ev, regs, args, text, len, flags);
	/* The function has returned: s0 is its caller's frame again. */
	eb_trace_event_triggers(&ev->control, regs->s0, ret, 0);
	return 0;
}

/* An r event's entry handler when it reads $argN: keep a0..a7. */
static int
save_args(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	eb_fetch_save_entry_args((unsigned long *)ri->data, regs);
	return 0;
}

/* Whether ev is called name: NAME, GRP/NAME as Linux's paths name it,
 * or GRP:NAME as its set_event does (an event's name has neither). */
static bool
called(const struct kprobe_event *ev, const char *name)
{
	size_t n = 0;

	while (name[n] && name[n] != '/' && name[n] != ':')
		n++;
	if (!name[n])
		return strcmp(ev->name, name) == 0;
	return strncmp(ev->group, name, n) == 0 && ev->group[n] == 0 &&
	       strcmp(ev->name, name + n + 1) == 0;
}

/* Where the event called name is linked, or the list's end. */
static struct kprobe_event **
find(const char *name)
{
	struct kprobe_event **pp = &events;

	while (*pp && !called(*pp, name))
		pp = &(*pp)->next;
	return pp;
}

static bool
blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* The next word of *s (up to a blank or the end), after blanks (a tab, or
 * the newline `echo` leaves, as Linux takes them): its start, its length
 * in *n; *s is left after it. */
static const char *
word(const char **s, size_t *n)
{
	while (blank(**s))
		(*s)++;
	const char *w = *s;
	while (**s && !blank(**s))
		(*s)++;
	*n = *s - w;
	return w;
}

/* Where in the command being written the refusal points (Linux's caret),
 * or NULL: set by refuse. Writes are serialized, as the list of events
 * requires (<ebreak/kprobe_events.h>). */
static const char *refused_at;

/* Refuse with err: Linux's text (then ebreak's explanation after a
 * newline, if any) in msg, the caret at at in the command. */
static int __attribute__((format(printf, 5, 6)))
refuse(int err, char *msg, size_t size, const char *at, const char *fmt, ...)
{
	va_list ap;

	refused_at = at;
	va_start(ap, fmt);
	eb_vsnprintf(msg, size, fmt, ap);
	va_end(ap);
	return err;
}

static int
remove_event(const char *group, const char *name, const char *at, char *msg,
	     size_t size)
{
	struct kprobe_event **pp = find(name), *ev = *pp;

	if (!ev || (group && strcmp(ev->group, group) != 0))
		return refuse(-ENOENT, msg, size, at, "No such event\n"
			      "-:%s%s%s: none is so named (kprobe lists them)",
			      group ? group : "", group ? "/" : "", name);
	if (ev->control.targeted)	/* Linux's EBUSY */
		return refuse(-EBUSY, msg, size, "-:%s: an enable_event or "
			      "disable_event trigger names it", name);
	if (ev->ret)
		unregister_kretprobe(&ev->rp);
	else
		unregister_kprobe(&ev->rp.kp);
	*pp = ev->next;
	eb_trace_event_release(&ev->control);	/* no hit runs: unregistered */
	eb_port_free(ev);
	return 0;
}

/* A character of a C identifier (names of events and groups). */
static bool
ident_char(char c)
{
	return c == '_' || (c >= '0' && c <= '9') ||
	       ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* SYMBOL[+OFFSET] or 0xADDRESS: where the probe goes, and its name:
 * name, or if that is empty the one Linux makes up. */
static int
parse_target(struct kprobe_event *ev, char kind, const char *t, size_t n,
	     const char *name, char *msg, size_t size)
{
	struct kprobe *kp = &ev->rp.kp;
	size_t symlen = 0, fsize;
	unsigned long off = 0, addr;

	while (symlen < n && t[symlen] != '+')
		symlen++;
	if (!symlen ||
	    (symlen < n && !eb_fetch_number(t + symlen + 1, n - symlen - 1, &off)) ||
	    off != (unsigned)off)	/* kp->offset's width */
		return refuse(-EINVAL, msg, size, t, "Invalid probed address or "
			      "symbol\nSYMBOL[+OFFSET] or 0xADDRESS");
	memcpy(ev->symbol, t, symlen);
	ev->symbol[symlen] = 0;
	if (eb_fetch_number(t, symlen, &addr) && symlen == n) {
		kp->addr = (kprobe_opcode_t *)addr;
		ev->at = addr;
		eb_snprintf(ev->name, sizeof ev->name, "%c_0x%lx", kind, addr);
	} else {
		kp->symbol_name = ev->symbol;
		kp->offset = off;
		int err = eb_symbol_lookup_unique(ev->symbol, &ev->at, &fsize);
		if (err == -EADDRNOTAVAIL)
			return refuse(err, msg, size, t, "The symbol is not "
				      "unique\nseveral functions are called %s: "
				      "probe one by its address (0xADDR)",
				      ev->symbol);
		if (err)
			return refuse(err, msg, size, t, "Invalid probed "
				      "address or symbol\nno function is "
				      "called %s", ev->symbol);
		if (kind == 'r' && off)
			return refuse(-EINVAL, msg, size, t, "Retprobe address "
				      "must be an function entry");
		ev->at += off;
		if (!name[0] && (size_t)eb_snprintf(ev->name, sizeof ev->name,
						    "%c_%s_%lu", kind, ev->symbol,
						    off) >= sizeof ev->name)
			return refuse(-EINVAL, msg, size, t, "Event name is "
				      "too long\nthe name made up, %c_%s_%lu, "
				      "is longer than %zu chars: name the "
				      "event (p:NAME ...)", kind, ev->symbol,
				      off, sizeof ev->name - 1);
		/* Linux's sanitize_event_name: foo.isra.0 -> foo_isra_0 */
		for (char *c = ev->name; *c; c++)
			if (!ident_char(*c))
				*c = '_';
	}
	if (name[0])
		eb_snprintf(ev->name, sizeof ev->name, "%s", name);
	return 0;
}

/* Once the name is known: the probed function and a p record's head,
 * `NAME: (FUNC+0xOFF/0xSIZE)` as Linux prints it. */
static void
make_head(struct kprobe_event *ev)
{
	uintptr_t start;
	size_t fsize;

	ev->func = eb_port_symbol_name(ev->at, &start, &fsize);
	if (ev->func)
		eb_snprintf(ev->head, sizeof ev->head, "%s: (%s+0x%lx/0x%lx)",
			    ev->name, ev->func, (unsigned long)(ev->at - start),
			    (unsigned long)fsize);
	else
		eb_snprintf(ev->head, sizeof ev->head, "%s: (0x%lx)", ev->name,
			    (unsigned long)ev->at);
	ev->head_len = strlen(ev->head);
	if (!ev->func)
		ev->func = "?";
}

/* The fetch arg w[0..n) appended to ev's, at in the command where it
 * is written; func, held and entry as parse_each_arg's. */
static int
add_arg(struct kprobe_event *ev, struct fetch_func *func, unsigned long held,
	bool entry, const char *w, size_t n, const char *at, char *msg,
	size_t size)
{
	size_t pos;

	if (ev->nargs == EB_KPROBE_EVENT_ARGS_MAX)
		return refuse(-E2BIG, msg, size, at, "Too many arguments are "
			      "specified\nat most %d", EB_KPROBE_EVENT_ARGS_MAX);
	struct fetch_arg *fa = &ev->args[ev->nargs];
	int err = eb_fetch_arg_parse(fa, w, n, ev->nargs + 1, ev->ret, func,
				     held, msg, size, &pos);
	if (err) {
		refused_at = at + pos;
		return err;
	}
	if (fa->argn && !entry)
		return refuse(-EINVAL, msg, size, at + pos, "$arg* can be used "
			      "only on function entry or exit\n$argN too: at "
			      "SYMBOL+0 or in an r event");
	for (unsigned i = 0; i < ev->nargs; i++)
		if (strcmp(ev->args[i].name, fa->name) == 0)
			return refuse(-EINVAL, msg, size, at, "This argument "
				      "name is already used\n%s", fa->name);
	ev->entry_args |= fa->entry;
	ev->fields[ev->nargs] = (struct eb_event_field){
		fa->name, eb_fetch_arg_field_type(fa) };
	ev->nargs++;
	return 0;
}

/* Linux's $arg*: an arg for each of func's parameters in the kernel's
 * BTF, by its name; the first time only (*used). */
static int
add_params(struct kprobe_event *ev, struct fetch_func *func,
	   unsigned long held, bool *used, const char *at, char *msg,
	   size_t size)
{
	const char *name;
	int err = 0;

	if (*used)
		return refuse(-EINVAL, msg, size, at, "$arg* can be used only "
			      "once in the parameters");
	*used = true;
	if (!func->name || !eb_fetch_func_param(func, 0))
		return refuse(-EINVAL, msg, size, at, "$arg* can be used only "
			      "on function entry or exit");
	unsigned first = ev->nargs;
	for (unsigned i = 0; !err && (name = eb_fetch_func_param(func, i)); i++)
		err = add_arg(ev, func, held, true, name, strlen(name), at,
			      msg, size);
	ev->nstar = ev->nargs - first;
	return err;
}

/* The fetch args, space-separated, in ev->argtext, a copy of src in the
 * command; func where BTF names are parameters (the probed function at
 * its entry or return). */
static int
parse_each_arg(struct kprobe_event *ev, struct fetch_func *func,
	       const char *src, char *msg, size_t size)
{
	const char *s = ev->argtext, *w;
	unsigned long held = kprobe_regs_held(ev->at, ev->ret);
	/* where a0..a7 are the arguments (an r event: as saved there) */
	bool entry = ev->ret || func->name, all = false;
	size_t n;
	int err;

	while (w = word(&s, &n), n) {
		const char *at = src + (w - ev->argtext);
		err = n == 5 && strncmp(w, "$arg*", 5) == 0 ?
		      add_params(ev, func, held, &all, at, msg, size) :
		      add_arg(ev, func, held, entry, w, n, at, msg, size);
		if (err)
			return err;
	}
	memcpy(&ev->fields[ev->nargs], eb_trace_common_fields,
	       sizeof eb_trace_common_fields);
	ev->control = (struct eb_trace_event){
		.fields = ev->fields,
		.nfields = ev->nargs + EB_TRACE_COMMON_FIELDS,
		.strings_max = FILTER_STRINGS_MAX };
	return 0;
}

/* ev's fetch args, src in the command, the kernel's BTF parsed once for
 * all their names. */
static int
parse_args(struct kprobe_event *ev, const char *src, char *msg, size_t size)
{
	uintptr_t start;
	size_t fsize;
	const char *name = eb_port_symbol_name(ev->at, &start, &fsize);
	struct fetch_func func = {
		.name = ev->ret || (name && start == ev->at) ? name : NULL };
	int err = parse_each_arg(ev, &func, src, msg, size);

	eb_fetch_func_done(&func);
	return err;
}

/* What follows ev->symbol in ev's place as written (SYMBOL+OFFS): +OFFS,
 * or nothing. */
static void
where(const struct kprobe_event *ev, char *off, size_t n)
{
	if (ev->rp.kp.offset)
		eb_snprintf(off, n, "+%u", ev->rp.kp.offset);
	else
		off[0] = 0;
}

/* Register ev, an r event with maxactive instances or a p event, at
 * in the command. */
static int
register_event(struct kprobe_event *ev, int maxactive, const char *at,
	       char *msg, size_t size)
{
	struct kprobe *kp = &ev->rp.kp;
	int err;

	if (ev->ret) {
		ev->rp.handler = return_hit;
		ev->rp.maxactive = maxactive;
		if (ev->entry_args) {
			ev->rp.entry_handler = save_args;
			ev->rp.data_size = FETCH_ENTRY_ARGS * sizeof(unsigned long);
		}
		err = register_kretprobe(&ev->rp);
	} else {
		kp->pre_handler = probe_hit;
		err = register_kprobe(kp);
	}
	if (err)	/* Linux's texts for register_kprobe's errors */
		return refuse(err, msg, size, at, "%s\nerror %d (the reason is "
			      "in the log)", err == -EILSEQ ? "Probe point is not "
			      "an instruction boundary" : err == -ENOENT ?
			      "Invalid probed address or symbol" : "Failed to "
			      "register probe event", err);
	return 0;
}

/* Linux's SYMBOL%return: a return probe written as p; another suffix
 * after a '%' is refused. */
static int
return_suffix(char *kind, size_t *n, const char *target, char *msg,
	      size_t size)
{
	unsigned long addr;
	size_t pc = 0;

	while (pc < *n && target[pc] != '%')
		pc++;
	if (pc == *n)
		return 0;
	if (*n - pc != 7 || strncmp(target + pc, "%return", 7) != 0)
		return refuse(-EINVAL, msg, size, target + pc, "Invalid probed "
			      "address suffix\nSYMBOL[+0]%%return is the one "
			      "suffix");
	if (eb_fetch_number(target, pc, &addr))	/* as Linux */
		return refuse(-EINVAL, msg, size, target, "Retprobe address "
			      "must be an function entry\n%%return follows a "
			      "SYMBOL[+0], not an address");
	*kind = 'r';
	*n = pc;
	return 0;
}

/* The event the command cmd defines: its kind, maxactive, group and
 * name known, the rest of cmd from rest on. */
static int
add_event(char kind, int maxactive, const char *group, const char *name,
	  const char *cmd, const char *rest, char *msg, size_t size)
{
	size_t n;
	const char *target = word(&rest, &n);
	int err = return_suffix(&kind, &n, target, msg, size);
	if (err)
		return err;
	while (blank(*rest))
		rest++;
	size_t restlen = strlen(rest);
	struct kprobe_event *ev = eb_port_alloc(sizeof *ev + restlen + 1 + n + 1);

	if (!ev)
		return refuse(-ENOMEM, msg, size, NULL, "out of memory");
	memset(ev, 0, sizeof *ev);
	memcpy(ev->group, group, strlen(group) + 1);
	memcpy(ev->argtext, rest, restlen + 1);
	ev->symbol = ev->argtext + restlen + 1;
	ev->ret = kind == 'r';
	err = parse_target(ev, kind, target, n, name, msg, size);
	if (!err && *find(ev->name))	/* Linux's caret: the line's start */
		err = refuse(-EEXIST, msg, size, cmd, "Given group/event name "
			     "is already used by another event\n%s (any "
			     "group's)", ev->name);
	if (!err)
		err = parse_args(ev, rest, msg, size);
	if (!err) {
		make_head(ev);	/* before the probe is live: a hit may come at once */
		ev->maxactive = maxactive;
		err = register_event(ev, maxactive, target, msg, size);
	}
	if (err) {
		eb_port_free(ev);
		return err;
	}
	/* At the end: kprobe_events lists them in the order made. */
	struct kprobe_event **tail = &events;
	while (*tail)
		tail = &(*tail)->next;
	ev->next = NULL;
	*tail = ev;
	return 0;
}

/* Why s[0..n), a group's name (if group) or an event's, is bad, in
 * Linux's words, or NULL: Linux's rule, a C identifier (of at most 31
 * chars here). */
static const char *
bad_name(const char *s, size_t n, bool group)
{
	if (!n)
		return group ? "Group name is not specified" :
			       "Event name is not specified";
	if (n >= EVENT_NAME_MAX)
		return group ? "Group name is too long\nat most 31 chars" :
			       "Event name is too long\nat most 31 chars";
	bool good = !(*s >= '0' && *s <= '9');
	for (size_t i = 0; i < n; i++)
		good &= ident_char(s[i]);
	return good ? NULL : group ? "Group name must follow the same rules "
				     "as C identifiers" :
			     "Event name must follow the same rules as C "
			     "identifiers";
}

/* [GRP/]EVENT into group (unchanged if no GRP/) and name. */
static int
parse_name(const char *w, size_t n, char *group, char *name, char *msg,
	   size_t size)
{
	size_t slash = 0;
	const char *why;

	while (slash < n && w[slash] != '/')
		slash++;
	const char *ev = slash < n ? w + slash + 1 : w;
	size_t evn = slash < n ? n - slash - 1 : n;
	/* GRP/ alone: Linux makes the event's name */
	if (slash < n && (why = bad_name(w, slash, true)))
		return refuse(-EINVAL, msg, size, w, "%s", why);
	if ((evn || slash == n) && (why = bad_name(ev, evn, false)))
		return refuse(-EINVAL, msg, size, ev, "%s", why);
	if (slash < n) {
		memcpy(group, w, slash);
		group[slash] = 0;
	}
	memcpy(name, ev, evn);
	name[evn] = 0;
	return 0;
}

/* p, r[MAXACTIVE] or - at the start of cmd: the kind, MAXACTIVE in
 * *maxactive (0 if none); *s is left after them. */
static int
parse_kind(const char **s, char *kind, unsigned long *maxactive, char *msg,
	   size_t size)
{
	const char *cmd = *s, *p = cmd + 1, *w;
	size_t n;

	*kind = *cmd;
	if (*kind != 'p' && *kind != 'r' && *kind != '-')
		return refuse(-EINVAL, msg, size, cmd, "'%c': a definition "
			      "starts with p, r or -", *kind ? *kind : ' ');
	if (*p >= '0' && *p <= '9') {
		/* every digit read, the value held at 4097 past the limit:
		 * r100000 is too big, as Linux says, not a bad number */
		for (; *p >= '0' && *p <= '9'; p++)
			if ((*maxactive = *maxactive * 10 + (*p - '0')) > 4096)
				*maxactive = 4097;
		if (*kind != 'r')
			return refuse(-EINVAL, msg, size, cmd + 1, "Maxactive "
				      "is only for function exit");
		if (*p && *p != ':' && !blank(*p))
			return refuse(-EINVAL, msg, size, cmd + 1, "Invalid "
				      "maxactive number");
		if (!*maxactive || *maxactive > 4096)
			return refuse(-EINVAL, msg, size, cmd + 1, *maxactive ?
				      "Maxactive is too big\nat most 4096" :
				      "Invalid maxactive number");
	}
	if (*p && *p != ':' && !blank(*p)) {
		w = word(&cmd, &n);
		return refuse(-EINVAL, msg, size, w, "'%.*s': p, r[MAXACTIVE] "
			      "or - is followed by :[GROUP/]NAME or a blank",
			      (int)n, w);
	}
	*s = p;
	return 0;
}

/* The definition or removal cmd, its words one blank apart. */
static int
write_cmd(const char *cmd, char *msg, size_t size)
{
	char group[EVENT_NAME_MAX] = "", name[EVENT_NAME_MAX] = "";
	unsigned long maxactive = 0;
	const char *line = cmd, *w = NULL;
	char kind;
	size_t n;
	int err = parse_kind(&line, &kind, &maxactive, msg, size);

	if (err)
		return err;
	if (*line == ':') {	/* the name: what follows, up to a blank */
		for (w = ++line; *line && !blank(*line); line++)
			;
		n = line - w;
		err = parse_name(w, n, group, name, msg, size);
		if (err)
			return err;
	}
	while (blank(*line))
		line++;
	if (kind != '-')
		return add_event(kind, (int)maxactive,
				 group[0] ? group : "kprobes", name, cmd, line,
				 msg, size);
	if (*line || !name[0])
		return refuse(-EINVAL, msg, size, *line ? line : cmd,
			      "removal is -:[GROUP/]NAME alone");
	/* no GRP/: the event of that name in any group (Linux) */
	return remove_event(group[0] ? group : NULL, name, w, msg, size);
}

/* text[0..size) ("TEXT\nEXPLANATION" or "TEXT"), the refusal of cmd at
 * pos, framed as in Linux's error_log (without its timestamp) into msg:
 * TEXT, the command, a caret under pos; then the explanation. */
static void
frame(const char *text, const char *cmd, size_t pos, char *msg, size_t size)
{
	int tlen = 0;

	while (text[tlen] && text[tlen] != '\n')
		tlen++;
	const char *nl = text[tlen] ? text + tlen : NULL;
	size_t n = (size_t)eb_snprintf(msg, size, "trace_kprobe: error: %.*s\n"
				       "  Command: %s\n", tlen, text, cmd);

	for (size_t i = 0; i < sizeof "  Command: " - 1 + pos && n + 1 < size; i++)
		msg[n++] = ' ';
	if (n < size)
		eb_snprintf(msg + n, size - n, "^%s%s", nl ? "\n  " : "",
			    nl ? nl + 1 : "");
}

int
eb_kprobe_events_write(const char *line, char *msg, size_t size)
{
	size_t n = strlen(line), len = 0;
	/* Linux's command: the words one blank apart (its argv, joined),
	 * where the caret's position is counted */
	char *cmd = eb_port_alloc(n + 1), *text;
	const char *w;

	msg[0] = 0;
	if (!cmd || !(text = eb_port_alloc(size))) {
		eb_port_free(cmd);
		return refuse(-ENOMEM, msg, size, NULL, "out of memory");
	}
	while (w = word(&line, &n), n) {
		if (len)
			cmd[len++] = ' ';
		memcpy(cmd + len, w, n);
		len += n;
	}
	cmd[len] = 0;
	refused_at = NULL;
	int err = write_cmd(cmd, text, size);
	if (err) {
		frame(text, cmd, refused_at ? (size_t)(refused_at - cmd) : 0,
		      msg, size);
		eb_kprobe_error_log_add(msg);
	}
	eb_port_free(text);
	eb_port_free(cmd);
	return err;
}

long
eb_kprobe_events_hits(const char *name)
{
	struct kprobe_event *ev = *find(name);

	return ev ? (long)ev->hits : -1;
}

int
eb_kprobe_events_enable(const char *name, bool on)
{
	struct kprobe_event *ev = *find(name);

	if (!ev)
		return -ENOENT;
	/* An r event's kretprobe is entered through rp.kp (Linux's
	 * disable_kretprobe is the same call). */
	return on ? enable_kprobe(&ev->rp.kp) : disable_kprobe(&ev->rp.kp);
}

struct eb_trace_event *
eb_kprobe_events_control(const char *name)
{
	struct kprobe_event *ev = *find(name);

	return ev ? &ev->control : NULL;
}

/* Append ev's args to line[len..size) as Linux lists them: ` NAME=FETCHARG`
 * each (argN=... for one written without a name), one blank apart; those
 * $arg* made as Linux expands it, ` NAME=NAME` each. */
static void
list_args(const struct kprobe_event *ev, char *line, size_t len, size_t size)
{
	const char *s = ev->argtext, *w;
	unsigned i = 0;
	size_t n;

	while (w = word(&s, &n), n) {
		bool star = n == 5 && strncmp(w, "$arg*", 5) == 0;
		size_t name = 0;	/* the FETCHARG after NAME=, if any: */
		while (name < n && w[name] != '=')	/* the first '=', */
			name++;				/* as parsed */
		name = name < n ? name + 1 : 0;
		for (unsigned k = 0; k < (star ? ev->nstar : 1); k++, i++) {
			const char *fetch = star ? ev->args[i].name : w + name;
			int len_fetch = star ? (int)strlen(fetch) : (int)(n - name);
			if (len >= size)
				return;
			len += (size_t)eb_snprintf(line + len, size - len,
						   " %s=%.*s", ev->args[i].name,
						   len_fetch, fetch);
		}
	}
}

void
eb_kprobe_events_list(void (*emit)(const char *line, void *arg), void *arg)
{
	char line[EB_TRACE_TEXT_MAX], off[16], kind[16];

	for (struct kprobe_event *ev = events; ev; ev = ev->next) {
		where(ev, off, sizeof off);
		if (ev->maxactive)	/* as Linux: r5:... */
			eb_snprintf(kind, sizeof kind, "r%d", ev->maxactive);
		else
			eb_snprintf(kind, sizeof kind, "%c", ev->ret ? 'r' : 'p');
		int len = eb_snprintf(line, sizeof line, "%s:%s/%s %s%s", kind,
				      ev->group, ev->name, ev->symbol, off);
		list_args(ev, line, (size_t)len, sizeof line);
		emit(line, arg);
	}
}

void
eb_kprobe_events_profile(void (*emit)(const char *line, void *arg),
			 void *arg)
{
	char line[EB_TRACE_TEXT_MAX];

	for (struct kprobe_event *ev = events; ev; ev = ev->next) {
		/* an r event misses for want of an instance too */
		unsigned long missed = ev->rp.kp.nmissed +
				       (ev->ret ? ev->rp.nmissed : 0);
		eb_snprintf(line, sizeof line, "  %-44s %15lu %15lu", ev->name,
			    ev->hits, missed);
		emit(line, arg);
	}
}
