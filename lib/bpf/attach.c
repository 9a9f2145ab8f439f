/*
 * Attaching programs to attach points (<ebreak/bpf.h>): the checks that
 * a program fits its point, the links, and a detach that frees a link
 * only after a grace period, when no hart can still be running it.
 */
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/kprobes.h>
#include <ebreak/libc.h>
#include <ebreak/lock.h>
#include <ebreak/port.h>
#include "bpf/prog.h"

/* A program attached to a point (Linux's struct bpf_link). */
struct bpf_link {
	struct bpf_prog *prog;
	struct eb_bpf_attach_point point;	/* the caller's, copied */
	struct bpf_link *next;			/* in links */
	/* point.link_data_size bytes for the point's owner */
	_Alignas(16) unsigned char data[];
};

/*
 * Every link, so that a program is attached to a point at most once.
 * attach_lock serializes attaching and detaching, the points' ops
 * included. A spin on a flag with interrupts left on: the ops may patch
 * text, which cross-calls every hart, a waiting one included.
 */
static struct bpf_link *links;
static bool stats_on;	/* eb_bpf_stats_enable */
static struct eb_spinlock attach_lock = EB_SPINLOCK_INIT;

/* Whether a and b name the same event source. */
static bool
same_point(const struct eb_bpf_attach_point *a,
	   const struct eb_bpf_attach_point *b)
{
	return a->ops == b->ops && a->target == b->target;
}

/* Whether prog is attached to point. attach_lock held. */
static bool
attached(const struct bpf_prog *prog, const struct eb_bpf_attach_point *point)
{
	for (struct bpf_link *l = links; l; l = l->next)
		if (l->prog == prog && same_point(&l->point, point))
			return true;
	return false;
}

/* 0, or -EINVAL with why a program calling bpf_override_return cannot
 * run on point's events (Linux's perf_event_attach_bpf_prog refuses it
 * with -EINVAL, saying nothing). */
static int
may_override(const struct eb_bpf_attach_point *point, char *err,
	     size_t errsize)
{
	if (point->ops->may_override)
		return point->ops->may_override(point, err, errsize);
	eb_snprintf(err, errsize,
		    "%s: the program calls bpf_override_return, which runs only in a kprobe at an error-injectable function's entry",
		    point->name);
	return -EINVAL;
}

/* 0, or -EINVAL with why programs reading what reach says (its
 * ctx_size bytes and the context's words: verifier.h), one of them
 * calling bpf_override_return if it says so, cannot run on point's
 * events; through: one of them runs by a tail call. */
static int
check_reads(const struct eb_bpf_attach_point *point,
	    const struct bpf_reach *reach, bool through, char *err,
	    size_t errsize)
{
	int r = 0;

	if (reach->ctx_size > point->ctx_size) {
		eb_snprintf(err, errsize,
			    "%s: gives %u bytes of context, the program reads up to %u",
			    point->name, point->ctx_size, reach->ctx_size);
		r = -EINVAL;
	} else if (point->ops->fits) {
		r = point->ops->fits(point, reach->ctx_words, err, errsize);
	}
	if (!r && reach->kprobe_override)
		r = may_override(point, err, errsize);
	if (r && through) {
		size_t n = strlen(err);
		eb_snprintf(err + n, errsize - n, " (through a tail call)");
	}
	return r;
}

/* A TRACING or KPROBE attach type's name, else "" (prog.h). Any
 * context. */
const char *
bpf_attach_type_name(enum bpf_attach_type t)
{
	return t == BPF_TRACE_KPROBE_MULTI ? "kprobe_multi" :
	       t == BPF_TRACE_FENTRY ? "fentry" :
	       t == BPF_TRACE_FEXIT ? "fexit" :
	       t == BPF_MODIFY_RETURN ? "fmod_ret" :
	       t == BPF_TRACE_RAW_TP ? "raw_tp" : "";
}

/* 0, or -EINVAL with why prog cannot run on point's events. */
static int
check_fit(const struct bpf_prog *prog, const struct eb_bpf_attach_point *point,
	  char *err, size_t errsize)
{
	if (!prog->verified || !prog->bpf_func) {
		eb_snprintf(err, errsize, "%s: the program is not loaded",
			    point->name);
		return -EINVAL;
	}
	if (prog->type != point->prog_type) {
		eb_snprintf(err, errsize,
			    "%s: runs programs of type %u, not %u",
			    point->name, point->prog_type, prog->type);
		return -EINVAL;
	}
	if (prog->type == BPF_PROG_TYPE_KPROBE &&
	    prog->expected_attach_type != point->expected_attach_type) {
		eb_snprintf(err, errsize, "%s: the program was loaded for a %s, this is a %s",
			    point->name, prog->expected_attach_type ?
			    "kprobe.multi link" : "kprobe or kretprobe",
			    point->expected_attach_type ? "kprobe.multi link" :
			    "kprobe or kretprobe");
		return -EINVAL;
	}
	if (prog->expected_attach_type != point->expected_attach_type ||
	    prog->attach_btf_id != point->attach_btf_id) {
		eb_snprintf(err, errsize,
			    "%s: the program was loaded for %s of BTF function %u, this is %s of %u",
			    point->name, bpf_attach_type_name(prog->expected_attach_type),
			    prog->attach_btf_id,
			    bpf_attach_type_name(point->expected_attach_type),
			    point->attach_btf_id);
		return -EINVAL;
	}
	struct bpf_reach own = { .ctx_words = prog->ctx_words,
		.ctx_size = prog->env.ctx_size,
		.kprobe_override = prog->kprobe_override };

	return check_reads(point, &own, false, err, errsize);
}

/* 0, or -EINVAL with why a program prog's tail calls reach cannot run on
 * point's events. attach_lock held: the slots stay as they are. */
static int
check_reach(struct bpf_prog *prog, const struct eb_bpf_attach_point *point,
	    char *err, size_t errsize)
{
	struct bpf_reach r = { 0 };

	bpf_prog_reach(prog, &r);
	return check_reads(point, &r, true, err, errsize);
}

void
bpf_links_lock(void)
{
	eb_spin_lock(&attach_lock);
}

void
bpf_links_unlock(void)
{
	eb_spin_unlock(&attach_lock);
}

/* 0, or -EINVAL: prog may not go into prog array map (prog.h).
 * attach_lock held. */
int
bpf_links_check_slot(const struct bpf_map *map, struct bpf_prog *prog,
		     char *err, size_t errsize)
{
	struct bpf_reach mine = { 0 };	/* what prog's runs read, once */

	bpf_prog_reach(prog, &mine);
	for (struct bpf_link *l = links; l; l = l->next) {
		struct bpf_reach r = { .map = map };
		int e;

		bpf_prog_reach(l->prog, &r);
		if (r.names_map &&
		    (e = check_reads(&l->point, &mine,
				     true, err, errsize)))
			return e;
	}
	return 0;
}

/* Links link (its prog on its point) unless the programs prog's tail
 * calls reach do not fit the point or prog is attached there already:
 * 0, or -errno with why in err. attach_lock held: the checks and the
 * attach as one. */
static int
link_checked(struct bpf_link *link, char *err, size_t errsize)
{
	const struct eb_bpf_attach_point *point = &link->point;
	int r;

	if ((r = check_reach(link->prog, point, err, errsize)))
		return r;
	if (attached(link->prog, point)) {
		r = -EEXIST;
	} else if (!(r = point->ops->attach(&link->point, link))) {
		link->next = links;
		links = link;
		return 0;
	}
	eb_snprintf(err, errsize, r == -EEXIST ?
		    "%s: the program is attached already" :
		    "%s: cannot attach (error %d)", point->name, r);
	return r;
}

/* Runs prog on point's events through a new link (<ebreak/bpf.h>). Not
 * in trap context; no spinlock held. */
int
eb_bpf_attach(struct bpf_prog *prog, const struct eb_bpf_attach_point *point,
	      struct bpf_link **linkp, char *err, size_t errsize)
{
	struct bpf_link *link;
	int r;

	if (!prog || !point || !linkp) {
		eb_snprintf(err, errsize, "attach: prog, point or linkp is NULL");
		return -EINVAL;
	}
	if ((r = check_fit(prog, point, err, errsize)))
		return r;
	link = eb_port_alloc(sizeof(*link) + point->link_data_size);
	if (!link) {
		eb_snprintf(err, errsize, "%s: out of memory for a link",
			    point->name);
		return -ENOMEM;
	}
	*link = (struct bpf_link){ .prog = prog, .point = *point };
	memset(link->data, 0, point->link_data_size);
	eb_spin_lock(&attach_lock);	/* the checks and the attach as one */
	r = link_checked(link, err, errsize);
	eb_spin_unlock(&attach_lock);
	if (r) {
		eb_port_free(link);
		return r;
	}
	*linkp = link;
	return 0;
}

/* Detaches link, waits out a grace period, frees it (<ebreak/bpf.h>).
 * Not in trap context; no spinlock held. */
void
eb_bpf_detach(struct bpf_link *link)
{
	eb_spin_lock(&attach_lock);
	link->point.ops->detach(&link->point, link);
	for (struct bpf_link **p = &links; *p; p = &(*p)->next) {
		if (*p == link) {
			*p = link->next;
			break;
		}
	}
	eb_spin_unlock(&attach_lock);
	/* The point's handler runs the link with interrupts off: after the
	 * grace period no hart is still inside it. */
	eb_grace_period();
	eb_port_free(link);
}

/* Runs prog on ctx and adds the run and its time to this hart's
 * counters. Out of line: the run without statistics, the usual one,
 * keeps a small frame. */
static __attribute__((noinline)) uint64_t
run_counted(struct bpf_prog *prog, void *ctx)
{
	uint64_t t0 = eb_port_time_ns();
	uint64_t r = prog->bpf_func(ctx, prog);
	/* This hart's own counters: the handler runs with interrupts off,
	 * so no other run on this hart comes between. Whole-word stores:
	 * eb_bpf_prog_info reads them from any hart. */
	unsigned cpu = eb_port_cpu_id();
	__atomic_store_n(&prog->stats[cpu].cnt, prog->stats[cpu].cnt + 1,
			 __ATOMIC_RELAXED);
	__atomic_store_n(&prog->stats[cpu].nsecs, prog->stats[cpu].nsecs +
			 eb_port_time_ns() - t0, __ATOMIC_RELAXED);
	return r;
}

/* prog on ctx, counted while stats are on. Inline: a tail call. */
static inline uint64_t
run(struct bpf_prog *prog, void *ctx)
{
	if (__atomic_load_n(&stats_on, __ATOMIC_RELAXED))
		return run_counted(prog, ctx);
	return prog->bpf_func(ctx, prog);
}

/* run with cookie the hart's attach cookie. Out of line: the runs of
 * programs that never read it keep no frame. */
static __attribute__((noinline)) uint64_t
run_with_cookie(struct bpf_prog *prog, void *ctx, uint64_t cookie)
{
	uint64_t outer = bpf_run_cookie_set(cookie), r = run(prog, ctx);

	bpf_run_cookie_set(outer);
	return r;
}

/* Runs link's program (<ebreak/bpf.h>); an attached program is always
 * prepared. Any context. */
uint64_t
eb_bpf_link_run(const struct bpf_link *link, void *ctx)
{
	struct bpf_prog *prog = link->prog;

	if (prog->run_ctx)
		return run_with_cookie(prog, ctx, link->point.cookie);
	return run(prog, ctx);
}

void
eb_bpf_stats_enable(bool on)
{
	__atomic_store_n(&stats_on, on, __ATOMIC_RELAXED);
}

/* The point link runs on, as copied at attach (<ebreak/bpf.h>). Any
 * context. */
const struct eb_bpf_attach_point *
eb_bpf_link_point(const struct bpf_link *link)
{
	return &link->point;
}

/* link's missed events (<ebreak/bpf.h>). Any context while attached. */
unsigned long
eb_bpf_link_missed(const struct bpf_link *link)
{
	const struct eb_bpf_attach_ops *ops = link->point.ops;

	return ops->missed ? ops->missed(&link->point, link) : 0;
}

/* The point owner's bytes of link (<ebreak/bpf.h>). Any context. */
void *
eb_bpf_link_data(const struct bpf_link *link)
{
	return (void *)link->data;
}
