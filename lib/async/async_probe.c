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
} __attribute__((aligned(64)));	/* a hart's own cache lines */

static struct hart_polls harts[EB_MAX_CPUS];
static uint64_t next_call_id = 1;
/* The registered probes, for eb_async_probe_cancel; the lock is taken
 * with interrupts off (handlers run so). */
static struct async_probe *registered;
static struct eb_spinlock registered_lock;

/* What the entry handler leaves the return handler (ri->data). */
struct poll_frame {
	struct eb_async_call *call;
	struct eb_future *future;
	unsigned long depth;	/* its level on the hart's stack */
};

static inline struct async_probe *
probe_of(struct kretprobe *rp)
{
	return (struct async_probe *)((char *)rp -
				      offsetof(struct async_probe, rp));
}

/* Runs ap's handler on one event of call c. Every field is set by name
 * (an initializer leaving some to zero would cost a memset per event). */
static void
emit(struct async_probe *ap, unsigned kind, const struct eb_async_call *c,
     struct eb_future *f, uint64_t now, struct pt_regs *regs)
{
	bool waits = kind == EB_ASYNC_SUSPEND || kind == EB_ASYNC_RESUME;
	bool returned = kind == EB_ASYNC_SUSPEND || kind == EB_ASYNC_COMPLETE;
	struct eb_async_event ev = {
		.kind = kind, .flags = c->flags, .cpu = eb_port_cpu_id(),
		.line = waits ? f->state : 0,
		.time_ns = now, .task_id = c->task,
		.call_id = c->id, .parent_id = c->parent,
		.latency_ns = now - c->start_ns, .oncpu_ns = c->oncpu_ns,
		.future = f,
		.file = waits ? f->file : NULL,
		.awaiting = waits ? f->awaiting : NULL,
		.ret = returned && regs ? (long long)regs->a0 : 0,
		.regs = regs,
	};

	if (ap->handler)
		ap->handler(ap, &ev);
}

/* A new call of f, begun now inside the hart's innermost probed poll:
 * in c (f's entry, reused), or a new entry; NULL if there is no room.
 * Out of line: the common poll, a RESUME, needs none of this. */
static __attribute__((noinline)) struct eb_async_call *
begin_call(struct async_probe *ap, struct eb_async_call *c,
	   struct eb_future *f, const struct hart_polls *h, uint64_t now,
	   unsigned state)
{
	if (!c && !(c = eb_async_calls_insert(ap->calls, f)))
		return NULL;
	c->id = __atomic_fetch_add(&next_call_id, 1, __ATOMIC_RELAXED);
	c->parent = h->depth ? h->level[h->depth - 1].id : 0;
	c->start_ns = now;
	c->oncpu_ns = 0;
	c->state = state;
	c->flags = state ? EB_ASYNC_UNSEEN_START : 0;
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

/* The poll's entry: a0 is the future. Trap context. */
static int
poll_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct kretprobe *rp = get_kretprobe(ri);
	struct eb_future *f = (struct eb_future *)regs->a0;
	struct hart_polls *h = &harts[eb_port_cpu_id()];
	struct poll_frame *pf = (struct poll_frame *)ri->data;
	unsigned kind = EB_ASYNC_RESUME;
	eb_poll_fn poll;

	/* rp is NULL once unregistering began: its table may go soon. */
	if (!rp)
		return 1;
	struct async_probe *ap = probe_of(rp);
	if (!f)		/* no future; and the table's free slots hold NULL */
		return not_a_poll(ap);
	struct eb_async_call *c = eb_async_calls_find(ap->calls, f);
	/* A future first met here must name this function as its poll:
	 * anything else in a0 (a probe on kmalloc meets its size) is no
	 * future, so it is read without faulting. One in the table passed
	 * that check when it came in: the common poll reads it directly. */
	if (!c && (eb_port_read_nofault(&poll, &f->poll, sizeof poll) ||
		   (uintptr_t)poll != (uintptr_t)rp->kp.addr))
		return not_a_poll(ap);
	unsigned state = f->state;
	if (state == EB_FUTURE_DONE)
		return 1;
	while (h->depth && h->level[h->depth - 1].sp <= regs->sp)
		h->depth--;
	if (h->depth == EB_ASYNC_PROBE_DEPTH)
		return miss(ap);
	uint64_t now = eb_port_time_ns();
	/* A leaf future's state stays 0 while it waits: its RESUME. */
	if (!c || (state == 0 && c->state != 0)) {
		if (state == 0)
			kind = EB_ASYNC_START;
		if (!(c = begin_call(ap, c, f, h, now, state)))
			return miss(ap);
	}
	c->poll_ns = now;
	c->task = eb_port_current_task_id();	/* the return's too */
	*pf = (struct poll_frame){ c, f, h->depth };
	h->level[h->depth].sp = regs->sp;
	h->level[h->depth].id = c->id;
	h->depth++;
	emit(ap, kind, c, f, now, regs);
	return 0;
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
	harts[eb_port_cpu_id()].depth = pf->depth;
	c->oncpu_ns += now - c->poll_ns;
	if (regs->a0 == EB_PENDING) {
		c->state = pf->future->state;
		emit(probe_of(rp), EB_ASYNC_SUSPEND, c, pf->future, now, regs);
		return 0;
	}
	emit(probe_of(rp), EB_ASYNC_COMPLETE, c, pf->future, now, regs);
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
	c->flags |= EB_ASYNC_CANCELLED;
	emit(ap, EB_ASYNC_COMPLETE, c, f, now, NULL);
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
