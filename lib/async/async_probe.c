/*
 * Async probes (<ebreak/async_probe.h>): a kretprobe on a poll function.
 * Its entry handler finds the call by the future's address (a0) in the
 * probe's call table and tells START from RESUME; its return handler
 * reads the poll's result (a0) and the future's await point: SUSPEND or
 * COMPLETE. Between the two, the call sits on its hart's stack of probed
 * polls in progress, where a probed poll inside it finds its parent.
 *
 * The hit path takes no lock and allocates nothing: the table is made at
 * registration and the stacks are static. A poll that finds no room
 * (table window or stack full) is counted in nmissed and not followed.
 */
#include <ebreak/async_probe.h>
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/port.h>
#include <ebreak/lock.h>
#include "async/call_table.h"

/* The probed polls in progress on one hart, innermost last. A level whose
 * return handler never ran (its probe was unregistered during the poll)
 * is dropped by the next entry: its sp is not above the new poll's. */
struct hart_polls {
	unsigned long depth;
	struct {
		uintptr_t sp;	/* at the poll's entry: its caller's */
		uint64_t id;
	} level[EB_ASYNC_PROBE_DEPTH];
} __attribute__((aligned(512)));	/* a hart's own lines; a shift away */

static struct hart_polls harts[EB_MAX_CPUS];
static uint64_t next_call_id = 1;
/* The registered probes, for eb_async_probe_cancel; the lock is taken
 * with interrupts off (handlers run so). */
static struct async_probe *registered;
static struct eb_spinlock registered_lock;
/* Handed every probe's events too (eb_async_probe_observe), or NULL. */
static async_probe_handler_t observer;

/* What the entry handler leaves the return handler (ri->data). */
struct poll_frame {
	struct eb_async_call *call;
	struct hart_polls *hart;	/* the stack it is on (a poll runs */
	unsigned long depth;		/* on one hart), at this level */
};

static inline struct async_probe *
probe_of(struct kretprobe *rp)
{
	return (struct async_probe *)((char *)rp -
				      offsetof(struct async_probe, rp));
}

/* ev to ap's handler, then to the observer obs. Out of line: without
 * an observer, the common case, the hit path calls the handler last
 * and keeps nothing across it. */
static __attribute__((noinline)) void
emit_observed(struct async_probe *ap, const struct eb_async_event *ev,
	      async_probe_handler_t obs)
{
	if (ap->handler)
		ap->handler(ap, ev);
	obs(ap, ev);
}

/* Runs ap's handler, then the observer, on c's event of kind, at now. */
static inline void
emit(struct async_probe *ap, struct eb_async_call *c, unsigned kind,
     uint64_t now)
{
	/* Relaxed: an observer set late sees from its next event on;
	 * eb_async_probe_observe's grace period covers one cleared. */
	async_probe_handler_t obs = __atomic_load_n(&observer,
						    __ATOMIC_RELAXED);

	c->ev.kind = kind;
	c->ev.time_ns = now;
	c->ev.latency_ns = now - c->start_ns;
	if (obs)
		emit_observed(ap, &c->ev, obs);
	else if (ap->handler)
		ap->handler(ap, &c->ev);
}

/* The await point in c's event: f's, or none (state 0). */
static inline void
await_point(struct eb_async_call *c, const struct eb_future *f,
	    unsigned state)
{
	c->ev.line = state;
	c->ev.file = state ? f->file : NULL;
	c->ev.awaiting = state ? f->awaiting : NULL;
}

/* A new call of f, begun now inside the hart's innermost probed poll:
 * in c (f's entry, reused), or a new entry; NULL if there is no room.
 * Its event's lasting fields are set here. */
static struct eb_async_call *
begin_call(struct async_probe *ap, struct eb_async_call *c,
	   struct eb_future *f, const struct hart_polls *h, uint64_t now,
	   unsigned state)
{
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
		.parent_id = h->depth ? h->level[h->depth - 1].id : 0,
		.future = f,
	};
	return c;
}

/* A hit whose a0 is no future the probed function polls: counted, not
 * followed. */
static int
not_a_poll(struct async_probe *ap)
{
	__atomic_fetch_add(&ap->nnotpoll, 1, __ATOMIC_RELAXED);
	return 1;	/* no return handler */
}

static int
miss(struct async_probe *ap)
{
	__atomic_fetch_add(&ap->nmissed, 1, __ATOMIC_RELAXED);
	return 1;	/* no return handler */
}

/* This hart's stack of probed polls, the levels a poll entered at sp
 * has left (their returns unseen) dropped; NULL when it is full. */
static inline struct hart_polls *
hart_polls(uintptr_t sp)
{
	struct hart_polls *h = &harts[eb_port_cpu_id()];

	/* h opaque: kept in a register, not worked out again from the
	 * hart id at each use (gcc did, three times a hit). */
	asm("" : "+r"(h));
	unsigned long d = h->depth;

	while (d && h->level[d - 1].sp <= sp)
		d--;
	h->depth = d;
	return d < EB_ASYNC_PROBE_DEPTH ? h : NULL;
}

/* Poll of call c (of future f, at state) begins, on h, at now: onto the
 * hart's stack, its event of kind handed out. */
static inline int
enter(struct async_probe *ap, struct eb_async_call *c, struct eb_future *f,
      unsigned state, unsigned kind, struct hart_polls *h, uint64_t now,
      struct kretprobe_instance *ri, struct pt_regs *regs)
{
	unsigned long d = h->depth;

	*(struct poll_frame *)ri->data = (struct poll_frame){ c, h, d };
	h->level[d].sp = regs->sp;
	h->level[d].id = c->ev.call_id;
	h->depth = d + 1;
	c->poll_ns = now;
	c->ev.cpu = eb_port_cpu_id();
	c->ev.regs = regs;	/* ret stays 0: a START's, a SUSPEND's */
	/* A RESUME goes on where the last SUSPEND left: that event's
	 * await point, unless the future moved since (a call begun here
	 * has none yet: line 0, a START's). */
	if (state != c->ev.line)
		await_point(c, f, state);
	emit(ap, c, kind, now);
	return 0;
}

/* The entry of a poll the common path does not take: of a future not
 * in the table, or one that begins a new call in its entry. Out of
 * line, as none of it is needed by a RESUME. */
static __attribute__((noinline)) int
first_poll(struct async_probe *ap, struct eb_async_call *c,
	   struct eb_future *f, struct kretprobe_instance *ri,
	   struct pt_regs *regs)
{
	eb_poll_fn poll;

	/* A future first met here must name this function as its poll:
	 * anything else in a0 (a probe on kmalloc meets its size) is no
	 * future, so it is read without faulting. One in the table passed
	 * that check when it came in. */
	if (!c && (eb_port_read_nofault(&poll, &f->poll, sizeof poll) ||
		   (uintptr_t)poll != (uintptr_t)ap->rp.kp.addr))
		return not_a_poll(ap);
	unsigned state = f->state;
	if (state == EB_FUTURE_DONE)
		return 1;
	struct hart_polls *h = hart_polls(regs->sp);
	if (!h)
		return miss(ap);
	uint64_t now = eb_port_time_ns();
	if (!(c = begin_call(ap, c, f, h, now, state)))
		return miss(ap);
	return enter(ap, c, f, state, state ? EB_ASYNC_RESUME : EB_ASYNC_START,
		     h, now, ri, regs);
}

/* The poll's entry: a0 is the future. Trap context. */
static int
poll_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct kretprobe *rp = get_kretprobe(ri);
	struct eb_future *f = (struct eb_future *)regs->a0;

	/* rp is NULL once unregistering began: its table may go soon. */
	if (!rp)
		return 1;
	struct async_probe *ap = probe_of(rp);
	if (!f)		/* no future; and the table's free slots hold NULL */
		return not_a_poll(ap);
	struct eb_async_call *c = eb_async_calls_find(ap->calls, f);
	unsigned state;
	/* A leaf future's state stays 0 while it waits: a RESUME, unless
	 * it suspended at a line before (its last event's): a new call. */
	if (!c || ((state = f->state) == 0 && c->ev.line != 0))
		return first_poll(ap, c, f, ri, regs);
	if (state == EB_FUTURE_DONE)
		return 1;
	struct hart_polls *h = hart_polls(regs->sp);
	if (!h)
		return miss(ap);
	return enter(ap, c, f, state, EB_ASYNC_RESUME, h, eb_port_time_ns(),
		     ri, regs);
}

/* The poll's return: a0 is its result. Trap context. */
static int
poll_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct kretprobe *rp = get_kretprobe(ri);
	const struct poll_frame *pf = (const struct poll_frame *)ri->data;
	struct eb_async_call *c = pf->call;

	if (!rp)	/* unregistered since the trampoline looked */
		return 0;
	uint64_t now = eb_port_time_ns();
	pf->hart->depth = pf->depth;
	c->ev.oncpu_ns += now - c->poll_ns;
	c->ev.ret = (long long)regs->a0;
	c->ev.regs = regs;
	if (regs->a0 == EB_PENDING) {
		await_point(c, c->ev.future, c->ev.future->state);
		emit(probe_of(rp), c, EB_ASYNC_SUSPEND, now);
		return 0;
	}
	await_point(c, c->ev.future, 0);
	emit(probe_of(rp), c, EB_ASYNC_COMPLETE, now);
	eb_async_calls_remove(c);
	return 0;
}

/* ap's calls of f's chain end cancelled, leaf first. */
static void
cancel_chain(struct async_probe *ap, struct eb_future *f, uint64_t now)
{
	struct eb_async_call *c;

	if (!f || f->state == EB_FUTURE_DONE)
		return;
	cancel_chain(ap, f->awaiting, now);
	if (!(c = eb_async_calls_find(ap->calls, f)))
		return;
	c->ev.flags |= EB_ASYNC_CANCELLED;
	c->ev.cpu = eb_port_cpu_id();
	c->ev.ret = 0;
	c->ev.regs = NULL;
	await_point(c, f, 0);
	emit(ap, c, EB_ASYNC_COMPLETE, now);
	eb_async_calls_remove(c);
}

/* Every registered probe's calls of f's chain end (<ebreak/async_probe.h>).
 * Not in trap context. */
void
eb_async_probe_cancel(struct eb_future *f)
{
	if (!f)		/* no future; and the table's free slots hold NULL */
		return;
	unsigned long flags = eb_port_irq_save();
	uint64_t now = eb_port_time_ns();

	eb_spin_lock(&registered_lock);
	for (struct async_probe *ap = registered; ap; ap = ap->next)
		cancel_chain(ap, f, now);
	eb_spin_unlock(&registered_lock);
	eb_port_irq_restore(flags);
}

void
eb_async_probe_observe(async_probe_handler_t fn)
{
	async_probe_handler_t old = __atomic_exchange_n(&observer, fn,
							__ATOMIC_RELEASE);

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

int
register_async_probe(struct async_probe *ap)
{
	unsigned n = ap->max_calls > 0 ? (unsigned)ap->max_calls
				       : EB_ASYNC_PROBE_CALLS;
	struct eb_async_calls *calls = eb_async_calls_new(n);

	if (!calls) {
		refuse(ap, "out of memory for its call table");
		return -ENOMEM;
	}
	ap->calls = calls;
	ap->nmissed = 0;
	ap->rp = (struct kretprobe){
		.kp.symbol_name = ap->symbol,
		.kp.addr = ap->symbol ? NULL : (kprobe_opcode_t *)ap->poll,
		.kp.owner = ap->owner,
		.entry_handler = poll_entry,
		.handler = poll_return,
		.maxactive = ap->maxactive,
		.data_size = sizeof(struct poll_frame),
	};
	ap->nnotpoll = 0;
	int err = register_kretprobe(&ap->rp);
	if (err) {
		eb_async_calls_free(calls);
		ap->calls = NULL;
		return err;
	}
	unsigned long flags = eb_port_irq_save();
	eb_spin_lock(&registered_lock);
	ap->next = registered;
	registered = ap;
	eb_spin_unlock(&registered_lock);
	eb_port_irq_restore(flags);
	return 0;
}

void
unregister_async_probe(struct async_probe *ap)
{
	unsigned long flags = eb_port_irq_save();
	eb_spin_lock(&registered_lock);
	for (struct async_probe **p = &registered; *p; p = &(*p)->next)
		if (*p == ap) {
			*p = ap->next;
			break;
		}
	eb_spin_unlock(&registered_lock);
	eb_port_irq_restore(flags);
	/* On return no hart runs a handler: the table is no one's. */
	unregister_kretprobe(&ap->rp);
	eb_async_calls_free(ap->calls);
	ap->calls = NULL;
}

unsigned long
eb_async_probe_missed(const struct async_probe *ap)
{
	return __atomic_load_n(&ap->nmissed, __ATOMIC_RELAXED) +
	       __atomic_load_n(&ap->rp.nmissed, __ATOMIC_RELAXED) +
	       __atomic_load_n(&ap->rp.kp.nmissed, __ATOMIC_RELAXED);
}

unsigned
eb_async_probe_calls(const struct async_probe *ap)
{
	return ap->calls ? eb_async_calls_count(ap->calls) : 0;
}
