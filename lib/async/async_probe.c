/*
 * Async probes (<ebreak/async_probe.h>): the polls made through
 * eb_future_poll while a probe is registered come here, with the future
 * and its poll function. Each probe on that function finds the call by
 * the future's address in its call table and tells START from RESUME;
 * after the poll, the result and the future's await point tell SUSPEND
 * from COMPLETE. During the poll its calls sit on the hart's stack of
 * probed polls in progress, where a probed poll inside it finds its
 * parent. Nothing is patched: the cost is a call, not a probe hit.
 *
 * A probed poll runs in eb_async_follow's frame (probed_poll.h), which
 * guards the handlers (a faulting one is abandoned, its event counted
 * missed, and the poll's other events go on) and runs them with
 * interrupts off; the poll itself runs as its caller had it, unguarded.
 * The hit path takes no lock and allocates nothing: tables are made at
 * registration, the stacks are static. A poll that finds no room (table
 * window or stack full), or comes from inside a handler, is counted in
 * nmissed and not followed.
 */
#include <ebreak/async_probe.h>
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/kprobes.h>
#include <ebreak/port.h>
#include <ebreak/lock.h>
#include "async/call_table.h"
#include "async/poll_type.h"
#include "async/probed_poll.h"

/* One probe's call in a poll in progress. Aligned: a level's address
 * is a shift of its depth. */
struct level {
	struct async_probe *ap;	/* NULL once ap is unregistered */
	struct eb_async_call *call;
	uint64_t id;		/* the call's, for the polls inside */
} __attribute__((aligned(32)));

/* The probed polls in progress on one hart, innermost last. */
struct hart_polls {
	unsigned long depth;
	struct level level[EB_ASYNC_PROBE_DEPTH];
} __attribute__((aligned(512)));	/* a hart's own lines; a shift away */

static struct hart_polls harts[EB_MAX_CPUS];
static uint64_t next_call_id = 1;
/* The registered probes, newest first: read by the hit path with
 * interrupts off (unregistering waits a grace period), changed under
 * registered_lock, taken with interrupts off. */
static struct async_probe *registered;
static struct eb_spinlock registered_lock;
/* Handed the events of the oldest probe on each function too
 * (eb_async_probe_observe), or NULL. */
static async_probe_handler_t observer;
/* What a faulting handler reports of its probe, at a poll or a cancel. */
#define ASYNC_GUARD_KIND(unit) { "handler of the async probe on", unit, \
	offsetof(struct async_probe, fn), offsetof(struct async_probe, nmissed) }
static const struct eb_guard_kind poll_kind = ASYNC_GUARD_KIND("poll");
static const struct eb_guard_kind cancel_kind = ASYNC_GUARD_KIND("cancel");

unsigned long eb_async_probe_filter;

/* fn's bit's place in eb_async_probe_filter. */
static inline unsigned
filter_shift(eb_poll_fn fn)
{
	return (uintptr_t)fn >> 2 & 63;
}

/* eb_async_follow's offsets (probed_poll.h). */
_Static_assert(offsetof(struct probed_poll, irq) == PP_IRQ &&
	       offsetof(struct probed_poll, polled) == PP_POLLED &&
	       offsetof(struct probed_poll, regs) == PP_REGS &&
	       offsetof(struct probed_poll, h) == PP_H &&
	       sizeof(struct probed_poll) == PP_SIZE,
	       "probed_poll.h's offsets");

/* pp's poll function: its regs' epc. */
static inline eb_poll_fn
poll_fn(const struct probed_poll *pp)
{
	return (eb_poll_fn)pp->regs.epc;
}

/* pp's future, before its poll returns (regs' a0, then its result;
 * after, the call's ev.future). */
static inline struct eb_future *
polled_future(const struct probed_poll *pp)
{
	return (struct eb_future *)pp->regs.a0;
}

/* The first probe on fn from ap on, or NULL. Interrupts off. */
static inline struct async_probe *
probe_on(struct async_probe *ap, eb_poll_fn fn)
{
	while (ap && ap->fn != fn)
		ap = READ_PUBLISHED(ap->next);
	return ap;
}

/* ev to ap's handler, then to the observer: ap->run while there is
 * one. */
static void
observed(struct async_probe *ap, const struct eb_async_event *ev)
{
	/* Relaxed: eb_async_probe_observe's grace period covers one
	 * cleared. */
	async_probe_handler_t obs = __atomic_load_n(&observer,
						    __ATOMIC_RELAXED);

	if (ap->handler)
		ap->handler(ap, ev);
	if (obs)
		obs(ap, ev);
}

/* ap->run for the observer now: observed on the oldest probe on ap's
 * function (the last in the list), so that the observer gets each call
 * once however many probes follow it (each with its own call ids).
 * registered_lock held; ap->next set. */
static void
set_run(struct async_probe *ap)
{
	bool oldest = !probe_on(ap->next, ap->fn);

	/* Relaxed: a hart that reads the old one runs what it names,
	 * or observed, which reads the observer itself. */
	__atomic_store_n(&ap->run, observer && oldest ? observed : ap->handler,
			 __ATOMIC_RELAXED);
}

/* set_run for every registered probe. registered_lock held. */
static void
set_runs(void)
{
	for (struct async_probe *ap = registered; ap; ap = ap->next)
		set_run(ap);
}

/* Runs ap's handler, then the observer (ap->run), on c's event of kind,
 * at now, in a guarded call g (whose fault is ap's miss). */
static inline void
emit(struct eb_guarded *g, struct async_probe *ap, struct eb_async_call *c,
     unsigned kind, uint64_t now)
{
	async_probe_handler_t run = __atomic_load_n(&ap->run,
						    __ATOMIC_RELAXED);

	c->ev.kind = kind;
	c->ev.time_ns = now;
	c->ev.latency_ns = now - c->start_ns;
	g->owner = ap;
	g->lock_depth = eb_port_lock_depth();
	if (run)
		run(ap, &c->ev);
}

/* The await point in c's event: f's, or none (state 0). A SUSPEND's
 * has one: laid out first. */
static inline void
await_point(struct eb_async_call *c, const struct eb_future *f,
	    unsigned state)
{
	bool at = __builtin_expect(state != 0, 1);

	c->ev.line = state;
	c->ev.file = at ? f->file : NULL;
	c->ev.awaiting = at ? f->awaiting : NULL;
}

static void
miss(struct async_probe *ap)
{
	__atomic_fetch_add(&ap->nmissed, 1, __ATOMIC_RELAXED);
}

/* A new call of pp's future, begun now inside the hart's innermost
 * probed poll before pp (its parent: not another probe's call of the
 * same poll): in c (f's entry, reused), or a new entry; NULL if there is
 * no room. Its event's lasting fields are set here. Out of line: a
 * RESUME needs none of it. */
static __attribute__((noinline)) struct eb_async_call *
begin_call(struct async_probe *ap, struct eb_async_call *c,
	   const struct probed_poll *pp, uint64_t now, unsigned state)
{
	struct eb_future *f = polled_future(pp);
	const struct hart_polls *h = pp->h;

	if (!c && !(c = eb_async_calls_insert(ap->calls, f)))
		return NULL;
	c->start_ns = now;
	/* A future is polled by the task that owns it: its id at the
	 * start is every event's. */
	c->ev = (struct eb_async_event){
		.flags = state ? EB_ASYNC_UNSEEN_START : 0,
		.task_id = eb_port_current_task_id(),
		.call_id = __atomic_fetch_add(&next_call_id, 1,
					      __ATOMIC_RELAXED),
		.parent_id = pp->depth ? h->level[pp->depth - 1].id : 0,
		.future = f,
	};
	return c;
}

/* Call c of ap (of pp's future, at state) begins a poll at now: onto
 * the hart's stack at depth d, its event of kind handed out, the
 * handler's call last (a tail call: this file is built with sibling
 * calls, so nothing is kept across it). */
static inline void
push(struct probed_poll *pp, struct async_probe *ap, struct eb_async_call *c,
     unsigned long d, unsigned state, unsigned kind, uint64_t now)
{
	struct hart_polls *h = pp->h;

	h->level[d].call = c;
	h->level[d].id = c->ev.call_id;
	/* One store: unregister_async_probe may be clearing stale levels
	 * with a compare-and-swap. */
	*(struct async_probe *volatile *)&h->level[d].ap = ap;
	h->depth = d + 1;
	c->poll_ns = now;
	c->ev.cpu = eb_port_cpu_id();
	c->ev.regs = &pp->regs;	/* ret stays 0: a START's, a SUSPEND's */
	/* A RESUME goes on where the last SUSPEND left: that event's
	 * await point, unless the future moved since (a call begun here
	 * has none yet: line 0, a START's). */
	if (state != c->ev.line)
		await_point(c, polled_future(pp), state);
	emit(&pp->e.g, ap, c, kind, now);
}

/* enter's way for a future not in the first slot of its window, or
 * one that begins a new call: ap's START or RESUME of it, or a miss. */
static __attribute__((noinline)) void
enter_slow(struct probed_poll *pp, struct async_probe *ap, uint64_t now)
{
	struct eb_future *f = polled_future(pp);
	unsigned long d = pp->h->depth;
	struct eb_async_call *c = eb_async_calls_find(ap->calls, f);
	unsigned state = f->state, kind = EB_ASYNC_RESUME;

	if (state == EB_FUTURE_DONE)
		return;
	/* Not followed: it begins here, or began before the probe. A leaf
	 * future's state stays 0 while it waits: a RESUME, unless it
	 * suspended at a line before (its last event's): a new call. */
	if (!c || (state == 0 && c->ev.line != 0)) {
		if (d == EB_ASYNC_PROBE_DEPTH ||
		    !(c = begin_call(ap, c, pp, now, state))) {
			miss(ap);
			return;
		}
		if (!state)
			kind = EB_ASYNC_START;
	} else if (d == EB_ASYNC_PROBE_DEPTH) {
		miss(ap);
		return;
	}
	push(pp, ap, c, d, state, kind, now);
}

/* ap's START or RESUME of pp's future, at now, or nothing for a future
 * polled after EB_READY. only: ap is the one probe the poll enters, at
 * the poll's depth, which eb_async_probe_poll found under
 * EB_ASYNC_PROBE_DEPTH (an interrupt's polls leave it as they found
 * it). Inline: in eb_async_enter the common RESUME makes no call but
 * the handler's, a tail call: no frame. */
static inline void
enter(struct probed_poll *pp, struct async_probe *ap, uint64_t now,
      bool only)
{
	struct eb_future *f = polled_future(pp);
	struct eb_async_call *c = eb_async_calls_find_first(ap->calls, f);
	unsigned long d = only ? pp->depth : pp->h->depth;
	unsigned state = f->state;

	if (!c || (state == 0 && c->ev.line != 0) ||
	    (!only && d == EB_ASYNC_PROBE_DEPTH)) {
		enter_slow(pp, ap, now);
		return;
	}
	if (state != EB_FUTURE_DONE)
		push(pp, ap, c, d, state, EB_ASYNC_RESUME, now);
}

/* The COMPLETE being sent in e is over (its handlers returned, or one
 * faulted): its call leaves its table (not before: the event lives in
 * the entry). */
static inline void
end_call(struct eb_async_events *e)
{
	if (e->ending)
		eb_async_calls_remove(e->ending);
	e->ending = NULL;
}

/* Call c of ap completed at now: its COMPLETE, then out of the table. */
static __attribute__((noinline)) void
complete(struct probed_poll *pp, struct async_probe *ap,
	 struct eb_async_call *c, uint64_t now)
{
	await_point(c, c->ev.future, 0);
	pp->e.ending = c;
	emit(&pp->e.g, ap, c, EB_ASYNC_COMPLETE, now);
	end_call(&pp->e);
}

/* The poll of level l's call returned (regs' a0) at now: its SUSPEND or
 * COMPLETE, unless its probe went meanwhile. Inline, its last call a
 * tail call, as enter. */
static inline void
leave(struct probed_poll *pp, struct level *l, uint64_t now)
{
	/* Relaxed: unregistering clears it, then waits out a grace
	 * period before freeing what it names. */
	struct async_probe *ap = __atomic_load_n(&l->ap, __ATOMIC_RELAXED);
	struct eb_async_call *c = l->call;

	if (!ap)
		return;
	c->ev.oncpu_ns += now - c->poll_ns;
	c->ev.ret = (long)pp->regs.a0;	/* ev.regs is pp's since push */
	if (c->ev.ret != EB_PENDING) {
		complete(pp, ap, c, now);
		return;
	}
	await_point(c, c->ev.future, c->ev.future->state);
	emit(&pp->e.g, ap, c, EB_ASYNC_SUSPEND, now);
}

/* enter for pp->next and each probe after it on pp's poll function,
 * each passed before its handlers run. */
static __attribute__((noinline)) void
enter_each(struct probed_poll *pp)
{
	for (struct async_probe *ap = pp->next; ap; ap = pp->next) {
		pp->next = probe_on(READ_PUBLISHED(ap->next), poll_fn(pp));
		enter(pp, ap, pp->now, false);
	}
}

/* A poll of poll none follows: each probe on it from ap on misses
 * it. */
static __attribute__((noinline)) void
miss_each(struct async_probe *ap, eb_poll_fn poll)
{
	for (; ap; ap = probe_on(READ_PUBLISHED(ap->next), poll))
		miss(ap);
}

void
eb_async_enter(struct probed_poll *pp)
{
	eb_poll_fn poll = poll_fn(pp);
	struct async_probe *ap = probe_on(READ_PUBLISHED(registered), poll);

	if (!ap)	/* none on it: another function's bit */
		return;
	if (eb_in_handler()) {	/* a poll from inside a handler */
		miss_each(ap, poll);
		return;
	}
	uint64_t now = eb_port_time_ns();
	pp->e.g.kind = &poll_kind;
	/* None until a handler's call (emit): a fault before is the
	 * kernel's, not a stale probe's (guard.c). */
	pp->e.g.owner = NULL;
	pp->e.ending = NULL;
	pp->depth = pp->h->depth;
	pp->now = now;
	*eb_guard_slot() = (uintptr_t)pp - GUARD_FRAME;	/* followed */
	/* The calls last, as tail calls: one probe, no frame. */
	struct async_probe *next = READ_PUBLISHED(ap->next);

	if (__builtin_expect(next != NULL, 0) && probe_on(next, poll)) {
		pp->next = ap;
		enter_each(pp);
	} else {
		pp->next = NULL;
		enter(pp, ap, now, true);
	}
}

/* leave for each of pp's levels still to leave, each passed before its
 * handlers run. */
static __attribute__((noinline)) void
leave_each(struct probed_poll *pp)
{
	while (pp->leaving > pp->depth) {
		unsigned long d = --pp->leaving;
		leave(pp, &pp->h->level[d], pp->now);
	}
}

void
eb_async_leave(struct probed_poll *pp)
{
	struct hart_polls *h = pp->h;
	unsigned long d = h->depth;

	pp->now = eb_port_time_ns();
	/* Popped first: nothing pushes while the levels are left (a
	 * handler's polls are not followed); the calls last, as tail
	 * calls: one level, no frame. */
	h->depth = pp->depth;
	if (d > pp->depth + 1) {
		pp->leaving = d;
		leave_each(pp);
	} else if (d > pp->depth) {	/* one: pp->depth's */
		pp->leaving = pp->depth;
		leave(pp, &h->level[pp->depth], pp->now);
	}
}

void
eb_async_abandoned(struct probed_poll *pp)
{
	end_call(&pp->e);
	*eb_guard_slot() = (uintptr_t)pp - GUARD_FRAME;	/* guarded again */
	if (pp->polled)
		leave_each(pp);
	else
		enter_each(pp);
}

/* A poll of a probed function on a hart whose stack of probed polls is
 * full: each probe on it misses it, and it is not wrapped, so that
 * nesting deeper costs the hart's stack nothing more (a wrapped poll
 * takes FOLLOW_FRAME bytes of it). */
static __attribute__((noinline)) enum eb_poll
unwrapped(struct eb_future *f, struct eb_context *cx)
{
	unsigned long irq = eb_port_irq_save();

	miss_each(probe_on(READ_PUBLISHED(registered), f->poll), f->poll);
	eb_port_irq_restore(irq);
	return f->poll(f, cx);
}

enum eb_poll
eb_async_probe_poll(struct eb_future *f, struct eb_context *cx)
{
	/* Relaxed: see eb_future_poll. */
	if (!(__atomic_load_n(&eb_async_probe_filter, __ATOMIC_RELAXED) >>
	      filter_shift(f->poll) & 1))
		return f->poll(f, cx);
	struct hart_polls *h = &harts[eb_port_cpu_id()];

	/* Relaxed: the hart's own; an interrupt's polls leave it as they
	 * found it. */
	if (__atomic_load_n(&h->depth, __ATOMIC_RELAXED) < EB_ASYNC_PROBE_DEPTH)
		return eb_async_follow(f, cx, h);
	return unwrapped(f, cx);
}

/* A cancel's handlers, guarded as a poll's. */
struct cancel {
	struct eb_async_events e;	/* first: what a fault reports */
	struct eb_future *f;
	uint64_t now;
};

/* The calls of f's chain end cancelled, leaf first, each future's for
 * every registered probe following it. */
static void
cancel_chain(struct cancel *k, struct eb_future *f)
{
	if (!f || f->state == EB_FUTURE_DONE)
		return;
	cancel_chain(k, f->awaiting);
	for (struct async_probe *ap = registered; ap; ap = ap->next) {
		struct eb_async_call *c = eb_async_calls_find(ap->calls, f);
		if (!c)
			continue;
		c->ev.flags |= EB_ASYNC_CANCELLED;
		c->ev.cpu = eb_port_cpu_id();
		c->ev.ret = 0;
		c->ev.regs = NULL;
		await_point(c, f, 0);
		k->e.ending = c;
		emit(&k->e.g, ap, c, EB_ASYNC_COMPLETE, k->now);
		end_call(&k->e);
	}
}

/* The cancel's chain's calls that are still in their tables end (called
 * again past a handler that faulted). */
static void
cancel_all(struct eb_guarded *g)
{
	struct cancel *k = (struct cancel *)g;

	cancel_chain(k, k->f);
}

/* Every registered probe's calls of f's chain end (<ebreak/async_probe.h>).
 * Not in trap context. A handler that faults misses its event; the
 * others are still sent. */
void
eb_async_probe_cancel(struct eb_future *f)
{
	struct cancel k = { { { .kind = &cancel_kind }, NULL }, f,
			    eb_port_time_ns() };

	/* No future (the table's free slots hold NULL), or no probe
	 * (relaxed: one registered meanwhile has no call of f's yet). */
	if (!f || !__atomic_load_n(&eb_async_probe_filter, __ATOMIC_RELAXED))
		return;
	unsigned long flags = eb_port_irq_save();
	eb_spin_lock(&registered_lock);
	/* Again past a handler that faulted (its call ended), not past a
	 * fault of the chain's walk (no call ending): it would recur. */
	while (eb_guarded_call(cancel_all, &k.e.g, eb_guard_slot()) &&
	       k.e.ending)
		end_call(&k.e);
	eb_spin_unlock(&registered_lock);
	eb_port_irq_restore(flags);
}

void
eb_async_probe_observe(async_probe_handler_t fn)
{
	unsigned long flags = eb_port_irq_save();
	eb_spin_lock(&registered_lock);
	async_probe_handler_t old = __atomic_exchange_n(&observer, fn,
							__ATOMIC_RELEASE);
	set_runs();
	eb_spin_unlock(&registered_lock);
	eb_port_irq_restore(flags);
	/* Handlers run with interrupts off: after the grace period no
	 * hart is still in the old observer. */
	if (old && old != fn)
		eb_grace_period();
}

/* Log why ap cannot be registered. */
static void
refuse(const struct async_probe *ap, const char *why)
{
	char line[160];

	if (ap->symbol)
		eb_snprintf(line, sizeof line, "ebreak: cannot async-probe %s: %s",
			    ap->symbol, why);
	else
		eb_snprintf(line, sizeof line, "ebreak: cannot async-probe %p: %s",
			    (void *)ap->poll, why);
	eb_port_log(line);
}

/* ap's poll function, from its symbol or poll, into *fn; 0 or -errno,
 * logged. One the kernel's BTF types as no poll function is refused. */
static int
resolve(const struct async_probe *ap, eb_poll_fn *fn)
{
	uintptr_t addr, start;
	size_t size;
	char why[120];
	const char *name = ap->symbol;

	if (ap->symbol && ap->poll) {
		refuse(ap, "both symbol and poll are set");
		return -EINVAL;
	}
	if (!ap->symbol && !ap->poll) {
		refuse(ap, "neither symbol nor poll is set");
		return -EINVAL;
	}
	int err = name ? eb_symbol_lookup_unique(name, &addr, &size) : 0;
	if (err) {
		refuse(ap, err == -ENOENT ? "unknown symbol" : "The symbol is "
		       "not unique (several functions have that name): probe "
		       "one by its poll function's address");
		return err;
	}
	if (!name) {
		addr = (uintptr_t)ap->poll;
		name = eb_port_symbol_name(addr, &start, &size);
		if (name && start != addr)
			name = NULL;	/* not a function's start: unnamed */
	}
	if (name && eb_async_poll_type_check(name, why, sizeof why)) {
		refuse(ap, why);
		return -EINVAL;
	}
	*fn = (eb_poll_fn)addr;
	return 0;
}

/* eb_async_probe_filter for the registered probes. registered_lock
 * held. */
static void
refilter(void)
{
	unsigned long bits = 0;

	for (struct async_probe *ap = registered; ap; ap = ap->next)
		bits |= 1ul << filter_shift(ap->fn);
	__atomic_store_n(&eb_async_probe_filter, bits, __ATOMIC_RELAXED);
}

/* Whether ap is registered. registered_lock held. */
static bool
is_registered(const struct async_probe *ap)
{
	for (const struct async_probe *r = registered; r; r = r->next)
		if (r == ap)
			return true;
	return false;
}

int
register_async_probe(struct async_probe *ap)
{
	unsigned n = ap->max_calls > 0 ? (unsigned)ap->max_calls
				       : EB_ASYNC_PROBE_CALLS;
	struct eb_async_calls *calls;
	eb_poll_fn fn;
	int err = resolve(ap, &fn);

	if (err)
		return err;
	if (!(calls = eb_async_calls_new(n))) {
		refuse(ap, "out of memory for its call table");
		return -ENOMEM;
	}
	unsigned long flags = eb_port_irq_save();
	eb_spin_lock(&registered_lock);
	if (is_registered(ap)) {
		/* Linked twice, the list would loop: refused, ap as it
		 * was (its call table, its count, its fn). */
		eb_spin_unlock(&registered_lock);
		eb_port_irq_restore(flags);
		eb_async_calls_free(calls);
		refuse(ap, "already registered");
		return -EINVAL;
	}
	ap->fn = fn;
	ap->calls = calls;
	ap->nmissed = 0;
	ap->next = registered;
	set_run(ap);	/* the others' stay: older ones come after ap */
	/* Release: a hart that finds ap finds it whole. */
	__atomic_store_n(&registered, ap, __ATOMIC_RELEASE);
	refilter();
	eb_spin_unlock(&registered_lock);
	eb_port_irq_restore(flags);
	return 0;
}

/* No level of any hart names ap any more: a poll in progress that
 * entered it leaves without its events. */
static void
clear_levels(struct async_probe *ap)
{
	for (unsigned cpu = 0; cpu < EB_MAX_CPUS; cpu++)
		for (unsigned i = 0; i < EB_ASYNC_PROBE_DEPTH; i++) {
			struct async_probe *expect = ap;
			__atomic_compare_exchange_n(&harts[cpu].level[i].ap,
						    &expect, NULL, false,
						    __ATOMIC_RELAXED,
						    __ATOMIC_RELAXED);
		}
}

void
unregister_async_probe(struct async_probe *ap)
{
	unsigned long flags = eb_port_irq_save();
	eb_spin_lock(&registered_lock);
	for (struct async_probe **p = &registered; *p; p = &(*p)->next)
		if (*p == ap) {
			/* ap->next stays: a hart walking the list at ap
			 * goes on past it. */
			__atomic_store_n(p, ap->next, __ATOMIC_RELAXED);
			break;
		}
	refilter();
	set_runs();	/* the next oldest on ap's function, if ap was */
	eb_spin_unlock(&registered_lock);
	eb_port_irq_restore(flags);
	/* Harts look probes up and enter them with interrupts off: after
	 * a grace period none enters ap. Polls entered before may still be
	 * in progress: their levels forget ap, and after a second grace
	 * period no hart is still leaving one that had it. */
	eb_grace_period();
	clear_levels(ap);
	eb_grace_period();
	eb_async_calls_free(ap->calls);
	ap->calls = NULL;
}

unsigned long
eb_async_probe_missed(const struct async_probe *ap)
{
	return __atomic_load_n(&ap->nmissed, __ATOMIC_RELAXED);
}

unsigned
eb_async_probe_calls(const struct async_probe *ap)
{
	return ap->calls ? eb_async_calls_count(ap->calls) : 0;
}
