/*
 * The kernel shell's `bpf` command: eBPF objects embedded in the image
 * (examples/bpf/module.mk: the examples and any named by make's BPF=)
 * loaded by name through the library's object loader
 * (<ebreak/bpf_object.h>), their programs attached to the kprobe,
 * kretprobe, tracepoint, async probe, fentry or fexit their section
 * names (or to a given symbol, but for fentry and fexit; a kprobe.multi
 * program to every function a pattern matches),
 * and their maps found by name or map for bpf_dump.c and bpf_update.c.
 */
#include "trace/bpf_cmd.h"
#include "trace/tracepoint.h"
#include <ebreak/async_probe.h>
#include <ebreak/bpf.h>
#include <ebreak/bpf_object.h>
#include <ebreak/errno.h>
#include <ebreak/fmt.h>

/* examples/bpf/module.mk's table: { name, start, end }, then zeros. */
extern const struct bpf_embedded bpf_embedded[];

#define LOADED_MAX 8	/* objects loaded at once */
#define LINKS_MAX 16	/* attachments of one object's programs */

struct attachment {
	struct bpf_link *link;		/* NULL: free slot */
	unsigned id;			/* the program's */
	struct eb_bpf_kprobe probe;	/* a kprobe link's (outlives it) */
	struct eb_bpf_async_probe aprobe;	/* an async probe link's */
	struct eb_bpf_fentry fentry;	/* a fentry or fexit link's */
	struct eb_bpf_kprobe_multi multi;	/* a kprobe.multi link's */
	struct eb_bpf_perf_event pe;	/* a perf_event link's */
	char symbol[EB_BPF_TARGET_LEN];
	char label[EB_BPF_TARGET_LEN + 16];	/* SYMBOL+OFF, for messages */
	char owner[48];			/* bpf:ID:PROGRAM, for probes */
};

struct loaded {
	const char *name;		/* the embedded object's; NULL: free */
	struct eb_bpf_object *obj;
	unsigned first_id;		/* program i is first_id + i */
	unsigned first_map_id;		/* map i is first_map_id + i */
	struct attachment at[LINKS_MAX];
};

static struct loaded loaded[LOADED_MAX];
static unsigned next_id = 1, next_map_id = 1;

/* The embedded object called name, or NULL (bpf_cmd.h). */
const struct bpf_embedded *
bpf_embedded_find(const char *name)
{
	for (const struct bpf_embedded *e = bpf_embedded; e->name; e++)
		if (strcmp(e->name, name) == 0)
			return e;
	return 0;
}

static struct loaded *
loaded_named(const char *name)
{
	for (int i = 0; i < LOADED_MAX; i++)
		if (loaded[i].name && strcmp(loaded[i].name, name) == 0)
			return &loaded[i];
	return 0;
}

/* Program id and its object, or NULL. */
static const struct eb_bpf_program *
program(unsigned id, struct loaded **lp)
{
	for (int i = 0; i < LOADED_MAX; i++) {
		struct loaded *l = &loaded[i];
		const struct eb_bpf_program *p;
		if (!l->name || id < l->first_id ||
		    !(p = eb_bpf_object_program(l->obj, id - l->first_id)))
			continue;
		*lp = l;
		return p;
	}
	return 0;
}

/* Loaded map id, or NULL (bpf_cmd.h). */
const struct eb_bpf_object_map *
bpf_cmd_map_id(unsigned id)
{
	for (int i = 0; i < LOADED_MAX; i++) {
		const struct eb_bpf_object_map *m;
		if (loaded[i].name && id >= loaded[i].first_map_id &&
		    (m = eb_bpf_object_map(loaded[i].obj,
					   id - loaded[i].first_map_id)))
			return m;
	}
	return 0;
}

/* Loaded program id, or NULL (bpf_cmd.h). */
const struct eb_bpf_program *
bpf_cmd_program(unsigned id)
{
	struct loaded *l;

	return program(id, &l);
}

/* The loaded program prog is, and its id in *id; NULL if it is none of
 * theirs (bpf_cmd.h). */
const struct eb_bpf_program *
bpf_cmd_program_of(const struct bpf_prog *prog, unsigned *id)
{
	for (int i = 0; i < LOADED_MAX; i++) {
		const struct eb_bpf_program *p;
		for (size_t k = 0; loaded[i].name &&
		     (p = eb_bpf_object_program(loaded[i].obj, k)); k++) {
			if (p->prog == prog) {
				*id = loaded[i].first_id + k;
				return p;
			}
		}
	}
	return 0;
}

static const char *const kind_names[] = {
	[EB_BPF_ATTACH_KPROBE] = "kprobe",
	[EB_BPF_ATTACH_KRETPROBE] = "kretprobe",
	[EB_BPF_ATTACH_TRACEPOINT] = "tracepoint",
	[EB_BPF_ATTACH_ASYNCPROBE] = "asyncprobe",
	[EB_BPF_ATTACH_FENTRY] = "fentry",
	[EB_BPF_ATTACH_FEXIT] = "fexit",
	[EB_BPF_ATTACH_RAW_TP] = "raw_tp",
	[EB_BPF_ATTACH_TP_BTF] = "tp_btf",
	[EB_BPF_ATTACH_KPROBE_MULTI] = "kprobe.multi",
	[EB_BPF_ATTACH_KRETPROBE_MULTI] = "kretprobe.multi",
	[EB_BPF_ATTACH_PERF_EVENT] = "perf_event",
	[EB_BPF_ATTACH_FMOD_RET] = "fmod_ret",
};

/* Whether p runs on every function a pattern matches. */
static bool
is_multi(const struct eb_bpf_program *p)
{
	return eb_bpf_attach_kind_is_multi(p->kind);
}

/* Whether p runs on a tracepoint: its record, or its arguments. */
static bool
on_tracepoint(const struct eb_bpf_program *p)
{
	return p->kind == EB_BPF_ATTACH_TRACEPOINT ||
	       p->kind == EB_BPF_ATTACH_RAW_TP || p->kind == EB_BPF_ATTACH_TP_BTF;
}

/* The tracepoint p's section names (CATEGORY/NAME; a raw one's NAME, as
 * Linux names raw tracepoints), or NULL. */
static struct tracepoint *
program_tracepoint(const struct eb_bpf_program *p)
{
	return p->kind == EB_BPF_ATTACH_TRACEPOINT ? tracepoint_find(p->target) :
	       tracepoint_find_event(p->target);
}

/* Before load (bpf_cmd.h): each tracepoint program is verified for its
 * event's context (a raw_tp program for its arguments; a tp_btf
 * program's come from the BTF at load), each kprobe's symbol must exist
 * (SEC("kprobe") names none: bpf attach does). 0, or -ENOENT having
 * said which section names what is missing. */
int
bpf_cmd_check_targets(struct eb_bpf_object *obj, const char *name)
{
	const struct eb_bpf_program *p;
	uintptr_t addr;
	size_t size;

	for (size_t i = 0; (p = eb_bpf_object_program(obj, i)); i++) {
		if (!on_tracepoint(p)) {
			/* a pattern is matched at attach, as libbpf's */
			if (!*p->target || is_multi(p) ||
			    kallsyms_lookup_name(p->target, &addr, &size))
				continue;
			printf("bpf: %s: program '%s' (section '%s'): no such "
			       "symbol %s\n", name, p->name, p->section, p->target);
			return -ENOENT;
		}
		struct tracepoint *tp = program_tracepoint(p);
		struct eb_bpf_attach_point point;
		if (!tp) {
			printf("bpf: %s: program '%s' (section '%s'): no such "
			       "tracepoint (see trace%s)\n", name, p->name, p->section,
			       p->kind == EB_BPF_ATTACH_TRACEPOINT ? "" :
			       ": a raw one is named by its event, sys_enter "
			       "of raw_syscalls:sys_enter");
			return -ENOENT;
		}
		if (p->kind == EB_BPF_ATTACH_TRACEPOINT)
			tracepoint_bpf_point(tp, &point);
		else
			tracepoint_raw_bpf_point(tp, 0, &point);
		eb_bpf_object_set_ctx_size(obj, p->name, point.ctx_size);
	}
	return 0;
}

/* Says which programs of object name (obj) run interpreted because
 * the JIT could not compile them, and why (eb_bpf_prog_info's
 * jit_error): as Linux, they still run, only slower. */
static void
say_interpreted(const char *name, const struct eb_bpf_object *obj)
{
	const struct eb_bpf_program *p;
	struct eb_bpf_prog_info info;

	for (size_t k = 0; (p = eb_bpf_object_program(obj, k)); k++) {
		eb_bpf_prog_info(p->prog, &info);
		if (info.jited || !info.jit_error)
			continue;
		printf("bpf: %s: program %s runs interpreted: %s%s\n", name,
		       p->name, eb_bpf_jit_why(info.jit_error),
		       info.jit_error == -ENOMEM ? " (unload an object)" : "");
	}
}

static void
load(const char *args)
{
	char name[64];	/* a file's name, as the build names objects */
	size_t len = 0;

	while (args[len] && args[len] != ' ' && len < sizeof name - 1) {
		name[len] = args[len];
		len++;
	}
	name[len] = 0;
	bool whole = !args[len] || args[len] == ' ';
	while (args[len] == ' ')
		len++;
	const struct bpf_embedded *e = whole ? bpf_embedded_find(name) : 0;
	struct loaded *l = 0;
	char log[512];

	for (int i = 0; i < LOADED_MAX && !l; i++)
		if (!loaded[i].name)
			l = &loaded[i];
	if (!e) {
		printf("bpf: %s: no such object (see bpf)\n", name);
		return;
	}
	if (loaded_named(name) || !l) {
		printf("bpf: %s: %s\n", name, l ? "already loaded"
		       : "too many objects loaded");
		return;
	}
	struct eb_bpf_object *obj;
	if (eb_bpf_object_open(e->start, e->end - e->start, &obj, log,
			       sizeof log)) {
		printf("bpf: %s: %s\n", name, log);
		return;
	}
	if (!bpf_cmd_set_rodata(obj, name, args + len) || bpf_cmd_check_targets(obj, name)) {
		eb_bpf_object_close(obj);
		return;
	}
	if (eb_bpf_object_load(obj, log, sizeof log)) {
		printf("bpf: %s: %s\n", name, log);
		eb_bpf_object_close(obj);
		return;
	}
	size_t n = 0, maps = 0;
	while (eb_bpf_object_program(obj, n))
		n++;
	while (eb_bpf_object_map(obj, maps))
		maps++;
	*l = (struct loaded){ .name = e->name, .obj = obj,
			      .first_id = next_id, .first_map_id = next_map_id };
	next_id += n;
	next_map_id += maps;
	printf("bpf: %s loaded: programs %u..%u\n", name, l->first_id,
	       l->first_id + (unsigned)n - 1);
	say_interpreted(name, obj);
}

/* OFF of "SYM+OFF", as kprobe events read it: decimal or 0x hex, all
 * of s. False (*off unset) for anything else, "0x4" read as decimal
 * included (it would probe +0). */
static bool
parse_offset(const char *s, unsigned long *off)
{
	unsigned long v;
	const char *d;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		if ((d = parse_hex(s + 2, &v)) == s + 2 || d - s > 18 || *d)
			return false;
	} else if ((d = parse_decimal(s, &v)) == s || *d || v == ~0UL) {
		return false;
	}
	*off = v;
	return true;
}

/* The attach point program p (of object l) names, or symbol if given
 * ("SYM" or "SYM+OFF", OFF decimal or 0x hex, or a kprobe's "0xADDR";
 * an asyncprobe program's "SYM" alone: a probe is on a poll function,
 * not at an offset), kept
 * in slot a. 0, -ENOENT (no such tracepoint) or -EINVAL (symbol is not
 * that, with SYM short enough for a->symbol). */
static int
attach_point(const struct eb_bpf_program *p, const char *symbol,
	     struct attachment *a, struct eb_bpf_attach_point *point)
{
	if (on_tracepoint(p)) {
		struct tracepoint *tp = program_tracepoint(p);
		struct eb_bpf_func_model m = { 0 };
		char err[8];	/* loaded: its model was had at load */

		a->symbol[0] = 0;	/* attached_there: a tracepoint */
		if (!tp || (p->kind == EB_BPF_ATTACH_TP_BTF &&
			    eb_bpf_tp_btf_model(p->target, &m, err, sizeof err)))
			return -ENOENT;
		if (p->kind == EB_BPF_ATTACH_TRACEPOINT)
			tracepoint_bpf_point(tp, point);
		else
			tracepoint_raw_bpf_point(tp, m.btf_id, point);
		return 0;
	}
	const char *s = symbol ? symbol : p->target;
	unsigned long off = symbol ? 0 : p->offset;
	size_t n = 0;
	while (s[n] && s[n] != '+' && n + 1 < sizeof a->symbol)
		a->symbol[n] = s[n], n++;
	a->symbol[n] = 0;
	if (symbol && s[n] && (s[n] != '+' || !parse_offset(s + n + 1, &off) ||
			       p->kind == EB_BPF_ATTACH_ASYNCPROBE))
		return -EINVAL;
	a->probe = (struct eb_bpf_kprobe){
		.symbol = a->symbol, .offset = off,
		.retprobe = p->kind == EB_BPF_ATTACH_KRETPROBE,
		.owner = a->owner };
	/* 0xADDR: that instruction, as Linux's perf kprobe takes one (a
	 * function several share is probed so); hex only, as documented:
	 * parse_offset would take "012" as decimal */
	if (symbol && !s[n] && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
	    parse_offset(s, &a->probe.addr))
		a->probe.symbol = NULL;
	a->aprobe = (struct eb_bpf_async_probe){ .symbol = a->symbol };
	if (p->kind == EB_BPF_ATTACH_ASYNCPROBE)
		eb_bpf_async_probe_point(&a->aprobe, point);
	else
		eb_bpf_kprobe_point(&a->probe, point);
	eb_snprintf(a->label, sizeof a->label, off ? "%s+0x%lx" : "%s", a->symbol,
		    off);
	point->name = a->label;	/* messages name the offset too */
	return 0;
}

/* Whether p is a fentry, fexit or fmod_ret program. */
static bool
is_tracing(const struct eb_bpf_program *p)
{
	return p->kind == EB_BPF_ATTACH_FENTRY || p->kind == EB_BPF_ATTACH_FEXIT ||
	       p->kind == EB_BPF_ATTACH_FMOD_RET;
}

/* The fentry, fexit or fmod_ret point of program p, kept in slot a: 0, or -errno
 * with why in err. */
static int
fentry_point(const struct eb_bpf_program *p, struct attachment *a,
	     struct eb_bpf_attach_point *point, char *err, size_t errsize)
{
	eb_snprintf(a->symbol, sizeof a->symbol, "%s", p->target);
	eb_snprintf(a->label, sizeof a->label, "%s", p->target);
	a->probe = (struct eb_bpf_kprobe){ 0 };	/* attached_there's */
	a->fentry = (struct eb_bpf_fentry){
		.symbol = a->symbol, .owner = a->owner,
		.fexit = p->kind == EB_BPF_ATTACH_FEXIT,
		.modify_return = p->kind == EB_BPF_ATTACH_FMOD_RET };
	return eb_bpf_fentry_point(&a->fentry, point, err, errsize);
}

/* The kprobe.multi point of program p on pattern (NULL: its section's),
 * kept in slot a: 0, or -errno with why in err (-EINVAL: a pattern
 * longer than a->symbol holds, which cut would match other functions). */
static int
multi_point(const struct eb_bpf_program *p, const char *pattern,
	    struct attachment *a, struct eb_bpf_attach_point *point,
	    char *err, size_t errsize)
{
	if (pattern && strlen(pattern) >= sizeof a->symbol) {
		eb_snprintf(err, errsize, "%s: a pattern is at most %zu chars, "
			    "not %zu", kind_names[p->kind], sizeof a->symbol - 1,
			    strlen(pattern));
		return -EINVAL;
	}
	eb_snprintf(a->symbol, sizeof a->symbol, "%s", pattern ? pattern : p->target);
	eb_snprintf(a->label, sizeof a->label, "%s", a->symbol);
	a->probe = (struct eb_bpf_kprobe){ .retprobe = true };	/* attached_there's */
	a->multi = (struct eb_bpf_kprobe_multi){
		.pattern = a->symbol, .owner = a->owner,
		.retprobe = p->kind == EB_BPF_ATTACH_KRETPROBE_MULTI };
	return eb_bpf_kprobe_multi_point(&a->multi, point, err, errsize);
}

/* The sampling event a perf_event program's `bpf attach ID freq=N`
 * (Linux's sample_freq, perf record -F) or `period=NS` (cpu-clock's
 * sample_period, perf record -c) asks for, kept in slot a: 0, or -errno
 * having said why. */
static int
perf_event_point(unsigned id, const char *event, struct attachment *a,
		 struct eb_bpf_attach_point *point)
{
	bool freq = event && !strncmp(event, "freq=", 5);
	const char *n = event ? event + (freq ? 5 : 7) : 0, *end;
	unsigned long v;
	char err[160];

	if (!event || (!freq && strncmp(event, "period=", 7)) ||
	    !(end = parse_number(n, &v)) || end == n || *end) {
		printf("bpf: program %u samples: bpf attach %u freq=N (samples "
		       "a second on each hart) or period=NS\n", id, id);
		return -EINVAL;
	}
	a->symbol[0] = 0;	/* attached_there: one event per program */
	a->pe = (struct eb_bpf_perf_event){ .freq = freq ? v : 0,
					    .period_ns = freq ? 0 : v };
	int r = eb_bpf_perf_event_point(&a->pe, point, err, sizeof err);
	if (r)
		printf("bpf: attach %u: %s\n", id, err);
	eb_snprintf(a->label, sizeof a->label, "%s", a->pe.label);
	return r;
}

/* The link of program id of l where slot a (filled, not linked yet)
 * would put one: the same tracepoint or sampling event, or probe at the
 * same place; NULL if none. */
static const struct bpf_link *
attached_there(const struct loaded *l, unsigned id, const struct attachment *a)
{
	for (int i = 0; i < LINKS_MAX; i++) {
		const struct attachment *b = &l->at[i];
		if (b == a || !b->link || b->id != id)
			continue;
		if (a->symbol[0] == 0 ||	/* a tracepoint: one per program */
		    (!strcmp(a->symbol, b->symbol) &&
		     a->probe.offset == b->probe.offset &&
		     a->probe.retprobe == b->probe.retprobe))
			return b->link;
	}
	return NULL;
}

/* attach_point, saying why it failed: whether it made one. */
static bool
point_said(const struct eb_bpf_program *p, const char *symbol,
	   struct attachment *a, struct eb_bpf_attach_point *point)
{
	int e = attach_point(p, symbol, a, point);

	if (e == -EINVAL)
		printf("bpf: %s: not %s, SYMBOL at most %zu chars)\n", symbol,
		       p->kind == EB_BPF_ATTACH_ASYNCPROBE ?
		       "SYMBOL (an asyncprobe program's is a poll function: no "
		       "+OFFSET" : "SYMBOL[+OFFSET] (OFFSET decimal or 0x hex",
		       sizeof a->symbol - 1);
	else if (e)
		printf("bpf: %s: no such tracepoint\n", p->target);
	return !e;
}

/* Splits bpf attach's words past the ID, [SYMBOL[+OFF] | freq=N |
 * period=NS] [cookie=N] (N decimal or 0x hex, up to 2^64-1: libbpf's
 * bpf_cookie), into buf: *symbol (that first word; NULL: none) and
 * *cookie (0: none). False, having said why,
 * for anything else. */
static bool
attach_args(const char *args, char *buf, size_t size, const char **symbol,
	    uint64_t *cookie)
{
	unsigned long n;
	const char *end;
	bool has_cookie = false;

	eb_snprintf(buf, size, "%s", args);
	*symbol = 0;
	for (char *w = buf, *next; *w; w = next) {
		for (next = w; *next && *next != ' '; next++)
			;
		if (*next)
			*next++ = 0;
		if (strncmp(w, "cookie=", 7) == 0 && !has_cookie) {
			end = parse_number(w + 7, &n);
			if (!end || end == w + 7 || *end) {
				printf("bpf: attach: %s: not cookie=N (N decimal "
				       "or 0x hex, at most 64 bits)\n", w);
				return false;
			}
			*cookie = n;
			has_cookie = true;
		} else if (*symbol || has_cookie) {
			printf("bpf: attach: '%s' is extra: attach ID "
			       "[SYMBOL[+OFF] | PATTERN | freq=N | period=NS] [cookie=N]\n", w);
			return false;
		} else if (*w) {
			*symbol = w;
		}
	}
	return true;
}

static void
attach(unsigned id, const char *args)
{
	char buf[EB_BPF_TARGET_LEN + 64];
	const char *symbol;
	uint64_t cookie = 0;
	struct loaded *l;
	const struct eb_bpf_program *p = program(id, &l);
	struct attachment *a = 0;
	struct eb_bpf_attach_point point;
	/* the point's label (SYMBOL+OFF) then the longest why: its registers */
	char err[EB_BPF_TARGET_LEN + 16 + 160];

	if (!p) {
		printf("bpf: no program %u (see bpf)\n", id);
		return;
	}
	if (!attach_args(args, buf, sizeof buf, &symbol, &cookie))
		return;
	if (symbol && on_tracepoint(p)) {
		printf("bpf: program %u runs on tracepoint %s: a symbol is for "
		       "kprobe, kretprobe and asyncprobe programs\n", id, p->target);
		return;
	}
	if (symbol && is_tracing(p)) {
		printf("bpf: program %u runs on %s %s, its function since load "
		       "(Linux's attach_btf_id): no SYMBOL\n", id,
		       kind_names[p->kind], p->target);
		return;
	}
	if (!symbol && !*p->target && p->kind != EB_BPF_ATTACH_PERF_EVENT) {
		printf("bpf: program %u: SEC(\"%s\") names no function: bpf "
		       "attach %u %s\n", id, p->section, id,
		       is_multi(p) ? "PATTERN" : "SYMBOL[+OFF]");
		return;
	}
	for (int i = 0; i < LINKS_MAX && !a; i++)
		if (!l->at[i].link)
			a = &l->at[i];
	if (!a) {
		printf("bpf: %s: too many attachments\n", l->name);
		return;
	}
	if (is_tracing(p) || is_multi(p)) {
		if (is_tracing(p) ? fentry_point(p, a, &point, err, sizeof err) :
		    multi_point(p, symbol, a, &point, err, sizeof err)) {
			printf("bpf: attach %u: %s\n", id, err);
			return;
		}
	} else if (p->kind == EB_BPF_ATTACH_PERF_EVENT) {
		if (perf_event_point(id, symbol, a, &point))
			return;
	} else if (!point_said(p, symbol, a, &point)) {
		return;
	}
	/* the link's own event named: a perf_event program's other one
	 * may have another frequency */
	const struct bpf_link *there = attached_there(l, id, a);
	if (there) {
		printf("bpf: program %u is attached to %s already\n", id,
		       eb_bpf_link_point(there)->name);
		return;
	}
	eb_snprintf(a->owner, sizeof a->owner, "bpf:%u:%s", id, p->name);
	point.cookie = cookie;	/* what bpf_get_attach_cookie reads */
	int r = eb_bpf_attach(p->prog, &point, &a->link, err, sizeof err);
	if (r)
		printf("bpf: attach %u: %s\n", id, err);	/* names the point */
	else
		a->id = id;
}

/* Detach program id's links (every program's of l if id is 0). */
static unsigned
detach(struct loaded *l, unsigned id)
{
	unsigned n = 0;

	for (int i = 0; i < LINKS_MAX; i++) {
		struct attachment *a = &l->at[i];
		if (a->link && (!id || a->id == id)) {
			eb_bpf_detach(a->link);
			a->link = 0;
			n++;
		}
	}
	return n;
}

static void
unload(const char *name)
{
	struct loaded *l = loaded_named(name);

	if (!l) {
		printf("bpf: %s: not loaded\n", name);
		return;
	}
	detach(l, 0);
	eb_bpf_object_close(l->obj);
	*l = (struct loaded){ 0 };
}

/* Where program id (p) of l is attached, a line each: its tracepoint,
 * or its probes (kprobes and kretprobes, as `probes` lists them, async
 * probes) with the hits each missed; the link's cookie if it has one. */
static void
list_attachments(const struct loaded *l, unsigned id,
		 const struct eb_bpf_program *p)
{
	for (int j = 0; j < LINKS_MAX; j++) {
		const struct attachment *a = &l->at[j];
		if (!a->link || a->id != id)
			continue;
		uint64_t cookie = eb_bpf_link_point(a->link)->cookie;

		if (on_tracepoint(p))
			printf("      on tracepoint %s", eb_bpf_link_point(a->link)->name);
		else if (is_multi(p))	/* bpftool link's func_cnt, missed */
			printf("      on %s %s funcs=%zu missed=%lu",
			       kind_names[p->kind], a->label,
			       eb_bpf_kprobe_multi_funcs(a->link),
			       eb_bpf_link_missed(a->link));
		else	/* bpftool link's missed: probes' own counts */
			printf("      on %s %s missed=%lu", kind_names[p->kind],
			       a->label, eb_bpf_link_missed(a->link));
		if (cookie)	/* bpftool link's cookie, when set */
			printf(" cookie=%lu", (unsigned long)cookie);
		printf("\n");
	}
}

static void
list(void)
{
	printf("embedded:");
	for (const struct bpf_embedded *e = bpf_embedded; e->name; e++)
		printf(" %s (%lu bytes)", e->name,
		       (unsigned long)(e->end - e->start));
	printf("\n%4s  %-16s %-16s %-15s %-24s %-8s %-6s %10s %12s\n", "ID",
	       "OBJECT", "PROGRAM", "TYPE", "SECTION", "ATTACHED", "CODE",
	       "RUNS", "RUN_NS");
	for (int i = 0; i < LOADED_MAX; i++) {
		struct loaded *l = &loaded[i];
		const struct eb_bpf_program *p;
		for (size_t k = 0; l->name && (p = eb_bpf_object_program(l->obj,
								       k)); k++) {
			unsigned id = l->first_id + k, links = 0;
			for (int j = 0; j < LINKS_MAX; j++)
				links += l->at[j].link && l->at[j].id == id;
			struct eb_bpf_prog_info info;
			eb_bpf_prog_info(p->prog, &info);
			printf("%4u  %-16s %-16s %-15s %-24s %-8s %-6s %10lu %12lu\n",
			       id, l->name, p->name, kind_names[p->kind],
			       p->section, links ? "yes" : "no",
			       info.jited ? "jited" : "interp",
			       (unsigned long)info.run_cnt,
			       (unsigned long)info.run_time_ns);
			list_attachments(l, id, p);
		}
	}
	printf("%4s  %-16s %-16s %-15s %5s %5s %6s\n", "ID", "OBJECT", "MAP",
	       "TYPE", "KEY", "VALUE", "MAX");
	for (int i = 0; i < LOADED_MAX; i++) {
		const struct eb_bpf_object_map *m;
		for (size_t k = 0; loaded[i].name &&
		     (m = eb_bpf_object_map(loaded[i].obj, k)); k++)
			printf("%4u  %-16s %-16s %-15s %5u %5u %6u\n",
			       loaded[i].first_map_id + (unsigned)k,
			       loaded[i].name, m->name,
			       bpf_map_type_name(m->def.type), m->def.key_size,
			       m->def.value_size, m->def.max_entries);
	}
}

/* The loaded map called name: MAP (if one loaded object has one) or
 * OBJECT:MAP; NULL, having said why, if there is none or MAP names maps
 * of two objects. Not in trap context. */
const struct eb_bpf_object_map *
bpf_cmd_map(const char *name)
{
	const struct eb_bpf_object_map *m = 0, *found;
	const char *colon = name, *first = 0;

	while (*colon && *colon != ':')
		colon++;
	size_t olen = colon - name;
	const char *map = *colon ? colon + 1 : name;
	for (int i = 0; i < LOADED_MAX; i++) {
		if (!loaded[i].name || (*colon &&
		    (strncmp(loaded[i].name, name, olen) ||
		     loaded[i].name[olen])))
			continue;
		if (!(found = eb_bpf_object_find_map(loaded[i].obj, map)) ||
		    !found->map)
			continue;
		if (m) {
			printf("bpf: %s is a map of %s and of %s: say which, "
			       "OBJECT:MAP\n", map, first, loaded[i].name);
			return 0;
		}
		m = found;
		first = loaded[i].name;
	}
	if (!m)
		printf("bpf: no map %s (see bpf)\n", name);
	return m;
}

/* The loaded map map is, and its id in *id; NULL if it is none of
 * theirs (bpf_cmd.h). */
const struct eb_bpf_object_map *
bpf_cmd_map_of(const struct bpf_map *map, unsigned *id)
{
	for (int i = 0; i < LOADED_MAX; i++) {
		const struct eb_bpf_object_map *m;
		for (size_t k = 0; loaded[i].name &&
		     (m = eb_bpf_object_map(loaded[i].obj, k)); k++) {
			if (m->map == map) {
				*id = loaded[i].first_map_id + k;
				return m;
			}
		}
	}
	return 0;
}

/* Linux's name of map type (bpftool's, the library's table), "?" if
 * Linux has none. */
const char *
bpf_map_type_name(uint32_t type)
{
	const char *name = eb_bpf_map_type_str(type);

	return name ? name : "?";
}

/* A program id at the start of s, *end past it; -1 if none (or one
 * past a million, more than can be loaded). */
static long
decimal(const char *s, const char **end)
{
	unsigned long n;

	*end = parse_decimal(s, &n);
	return *end == s || n > 1000000 ? -1 : (long)n;
}

/* Whether programs loaded now are JIT-compiled (`bpf jit`). */
static void
jit_state(void)
{
	printf(eb_bpf_jit_enabled() ? "bpf: JIT on: programs loaded now are "
	       "compiled\n" : "bpf: JIT off: programs loaded now are "
	       "interpreted\n");
}

/*
 * The shell's `bpf ...`: list (no args), load NAME, unload NAME, attach
 * ID [SYMBOL[+OFF] | PATTERN | freq=N | period=NS] [cookie=N], detach ID, dump MAP [hist | lhist MIN STEP | stacks
 * STACKMAP], update MAP KEY VALUE, delete MAP KEY (bpf_update.c),
 * ringbuf MAP (its records until ^C), perf MAP (a perf event array's
 * records and lost counts until ^C), stats on|off (count
 * programs' runs and their time), jit [on|off] (Linux's
 * bpf_jit_enable, for the programs loaded next). Not in trap context.
 */
void
bpf_command(const char *args)
{
	const char *rest;
	long id;

	if (!*args)
		list();
	else if (strncmp(args, "load ", 5) == 0)
		load(args + 5);
	else if (strncmp(args, "unload ", 7) == 0)
		unload(args + 7);
	else if (strncmp(args, "dump ", 5) == 0)
		bpf_cmd_dump(args + 5);
	else if (strncmp(args, "ringbuf ", 8) == 0)
		bpf_cmd_ringbuf(args + 8);
	else if (strncmp(args, "update ", 7) == 0)
		bpf_cmd_update(args + 7);
	else if (strncmp(args, "delete ", 7) == 0)
		bpf_cmd_delete(args + 7);
	else if (strncmp(args, "perf ", 5) == 0)
		bpf_cmd_perf(args + 5);
	else if (strcmp(args, "stats on") == 0 || strcmp(args, "stats off") == 0)
		eb_bpf_stats_enable(args[7] == 'n');
	else if (strcmp(args, "jit") == 0)
		jit_state();
	else if (strcmp(args, "jit on") == 0 || strcmp(args, "jit off") == 0) {
		eb_bpf_jit_enable(args[5] == 'n');
		jit_state();
	}
	else if (strncmp(args, "attach ", 7) == 0 &&
		 (id = decimal(args + 7, &rest)) >= 0 &&
		 (!*rest || *rest == ' '))
		attach(id, *rest ? rest + 1 : "");
	else if (strncmp(args, "detach ", 7) == 0 &&
		 (id = decimal(args + 7, &rest)) >= 0 && !*rest) {
		struct loaded *l;
		if (!program(id, &l))
			printf("bpf: no program %ld (see bpf)\n", id);
		else if (!detach(l, id))
			printf("bpf: program %ld is not attached\n", id);
	} else
		printf("usage: bpf [load NAME [VAR=VALUE...] | unload NAME | attach ID "
		       "[SYMBOL[+OFF] | PATTERN | freq=N | period=NS] [cookie=N] | detach ID | dump MAP [hist | lhist "
		       "MIN STEP | stacks STACKMAP | syms] | update MAP KEY "
		       "VALUE | delete MAP KEY | ringbuf MAP | perf MAP | "
		       "stats on|off | jit [on|off]]\n");
}
