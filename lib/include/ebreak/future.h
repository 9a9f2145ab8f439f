/*
 * Futures and async functions in C, after Rust's Future and zCore.
 *
 * A future is something that can be polled:
 *
 *	enum eb_poll poll(struct eb_future *f, struct eb_context *cx);
 *
 * returns EB_READY when the work is done (its result is in the future's own
 * struct), or EB_PENDING after arranging for cx's waker to be called when
 * polling again could make progress. A future is polled until EB_READY and
 * then never again, and always through eb_future_poll(f, cx) (EB_AWAIT
 * does; an executor polls its tasks so): async probes see the polls made
 * there, and only those.
 *
 * An async function is a future whose poll is a state machine: a struct
 * that begins with struct eb_future and holds the function's arguments,
 * every local that lives across an await, and the futures it awaits.
 * Its poll resumes where the last poll returned EB_PENDING:
 *
 *	struct copy { struct eb_future f; int i; struct sleep s; };
 *
 *	static enum eb_poll
 *	copy_poll(struct eb_future *f, struct eb_context *cx)
 *	{
 *		struct copy *c = (struct copy *)f;
 *
 *		EB_ASYNC_BEGIN(f);
 *		for (c->i = 0; c->i < 3; c->i++) {
 *			sleep_init(&c->s, 1000000);
 *			EB_AWAIT(f, &c->s.f, cx);
 *		}
 *		EB_ASYNC_END(f);
 *	}
 *
 * f->state is the await point: 0 before the first poll, the source line
 * of the EB_AWAIT the function is suspended at (a leaf future's: where
 * it returned EB_LEAF_PENDING), EB_FUTURE_DONE once EB_READY;
 * f->file is that line's file (__FILE__, set with it). A tracer reads
 * both to say where each task waits ("copy_poll kernel/copy.c:14"). The
 * file costs 8 bytes per future and, at each await reached, one store
 * and the string's address (two instructions): 4 instructions more per
 * getpid round trip (BENCHMARKS.md); nothing on a poll that resumes.
 * f->awaiting is the future that EB_AWAIT is polling (NULL otherwise), so
 * from a task's top-level future the chain of awaiting pointers is the
 * task's async backtrace: each async function's poll and await line,
 * down to the leaf future it waits on.
 * Locals of the poll function do not survive an EB_AWAIT; put them in the
 * struct. Only one EB_ASYNC_BEGIN per function, and no switch may enclose an
 * EB_AWAIT (the state machine is itself a switch).
 *
 * A future's owner may give up on a pending future instead of polling it
 * again (a process killed in the middle of a syscall): eb_future_cancel
 * calls, leaf first, the cancel function of every future down the
 * awaiting chain, which undoes what a pending poll arranged (takes the
 * task off a wait queue or the timer list) so that nothing wakes the task
 * for it afterwards. A future that arranges nothing has none.
 *
 * Every name here carries eb_ / EB_ so that a host kernel's own (xv6's
 * struct context, a poll(), a READY) cannot collide with it.
 *
 * Portable: used by the reference kernel and readable by the library.
 */
#ifndef EBREAK_ASYNC_FUTURE_H
#define EBREAK_ASYNC_FUTURE_H

enum eb_poll { EB_PENDING, EB_READY };

struct eb_future;
struct eb_context;
typedef enum eb_poll (*eb_poll_fn)(struct eb_future *f, struct eb_context *cx);
typedef void (*eb_cancel_fn)(struct eb_future *f);

struct eb_future {
	eb_poll_fn poll;
	unsigned state;		/* await point: 0, an EB_AWAIT's line, EB_FUTURE_DONE */
	struct eb_future *awaiting;	/* polled by the EB_AWAIT at state */
	eb_cancel_fn cancel;	/* or NULL: nothing to undo */
	const char *file;	/* the await point's file, or NULL (state 0) */
};

#define EB_FUTURE_DONE	0xffffffffu

/* lib/async/async_probe.c: a bit per hash of each poll function an
 * async probe is registered on; 0 while none is. */
extern unsigned long eb_async_probe_filter;

/* lib/async/async_probe.c: f's poll, followed by the async probes on
 * f->poll if there are any (eb_future_poll's way while some probe is
 * registered). */
enum eb_poll eb_async_probe_poll(struct eb_future *f, struct eb_context *cx);

/* Poll f once. While no async probe is registered, a load and a branch
 * more than calling f->poll. */
static inline enum eb_poll
eb_future_poll(struct eb_future *f, struct eb_context *cx)
{
	/* Relaxed: a probe registered meanwhile follows f from a later
	 * poll on (its first is a resume of an unseen start). */
	if (__builtin_expect(__atomic_load_n(&eb_async_probe_filter,
					     __ATOMIC_RELAXED) != 0, 0))
		return eb_async_probe_poll(f, cx);
	return f->poll(f, cx);
}
#define EB_FUTURE_INIT(fn)	((struct eb_future){ .poll = (fn) })
#define EB_FUTURE_INIT_CANCEL(fn, c)					\
	((struct eb_future){ .poll = (fn), .cancel = (c) })

/* The body of an async function's poll runs between these two. */
#define EB_ASYNC_BEGIN(f)						\
	switch ((f)->state) {						\
	case 0:

#define EB_ASYNC_END(f)							\
	break;								\
	default:							\
		return EB_READY;	/* polled again: stay done */	\
	}								\
	(f)->state = EB_FUTURE_DONE;					\
	return EB_READY

/* Poll child until EB_READY; meanwhile the function returns EB_PENDING and
 * resumes here. */
#define EB_AWAIT(f, child, cx)						\
	do {								\
		(f)->state = __LINE__;					\
		(f)->file = __FILE__;					\
		(f)->awaiting = (child);				\
		__attribute__((fallthrough));				\
	case __LINE__:							\
		if (eb_future_poll((child), (cx)) == EB_PENDING)	\
			return EB_PENDING;				\
		(f)->awaiting = 0;					\
	} while (0)

/* As EB_AWAIT, but stop waiting as soon as stop (an expression read
 * before each poll) holds: child is then left pending, for the caller to
 * eb_future_cancel. Whether child finished: child->state ==
 * EB_FUTURE_DONE. */
#define EB_AWAIT_UNLESS(f, child, cx, stop)				\
	do {								\
		(f)->state = __LINE__;					\
		(f)->file = __FILE__;					\
		(f)->awaiting = (child);				\
		__attribute__((fallthrough));				\
	case __LINE__:							\
		if (!(stop) &&						\
		    eb_future_poll((child), (cx)) == EB_PENDING)	\
			return EB_PENDING;				\
		(f)->awaiting = 0;					\
	} while (0)

/* Return EB_PENDING once and resume here on the next poll (after a wake the
 * caller arranged, e.g. waking its own task to yield). */
#define EB_AWAIT_ONCE(f)						\
	do {								\
		(f)->state = __LINE__;					\
		(f)->file = __FILE__;					\
		return EB_PENDING;					\
	case __LINE__:;							\
	} while (0)

/* A leaf future (a poll that awaits nothing: no EB_ASYNC_BEGIN) returns
 * EB_PENDING through this, after arranging its wake: f->state and
 * f->file then name where it waits, so that, as for an async function,
 * state is 0 only before the first poll (an async probe tells a first
 * poll from a later one by it). */
#define EB_LEAF_PENDING(f)						\
	((f)->state = __LINE__, (f)->file = __FILE__, EB_PENDING)

/* Give up: the function completes without reaching EB_ASYNC_END. */
#define EB_ASYNC_RETURN(f)						\
	do {								\
		(f)->state = EB_FUTURE_DONE;				\
		return EB_READY;					\
	} while (0)

/* Cancel pending future f's chain, leaf first (eb_future_cancel). */
static inline void
eb_future_cancel_chain(struct eb_future *f)
{
	if (!f || f->state == EB_FUTURE_DONE)
		return;
	eb_future_cancel_chain(f->awaiting);
	if (f->cancel)
		f->cancel(f);
	f->state = EB_FUTURE_DONE;
}

/*
 * lib/async/async_probe.c: f and the futures it awaits are given up
 * (eb_future_cancel calls this before their cancel functions): each call
 * of them a registered async probe (<ebreak/async_probe.h>) follows gets
 * its COMPLETE, flagged EB_ASYNC_CANCELLED, leaf first, and leaves the
 * probe's table. None of them is being polled. Not in trap context;
 * handlers run with interrupts off, as at a poll.
 */
void eb_async_probe_cancel(struct eb_future *f);

/* Give up on pending future f: tell async probes, then cancel the
 * futures it awaits, leaf first, then f itself. f is never polled
 * again. */
static inline void
eb_future_cancel(struct eb_future *f)
{
	eb_async_probe_cancel(f);
	eb_future_cancel_chain(f);
}

#endif
