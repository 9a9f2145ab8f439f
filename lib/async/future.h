/*
 * Futures and async functions in C, after Rust's Future and zCore.
 *
 * A future is something that can be polled:
 *
 *	enum poll poll(struct future *f, struct context *cx);
 *
 * returns READY when the work is done (its result is in the future's own
 * struct), or PENDING after arranging for cx's waker to be called when
 * polling again could make progress. A future is polled until READY and
 * then never again.
 *
 * An async function is a future whose poll is a state machine: a struct
 * that begins with struct future and holds the function's arguments,
 * every local that lives across an await, and the futures it awaits.
 * Its poll resumes where the last poll returned PENDING:
 *
 *	struct copy { struct future f; int i; struct sleep s; };
 *
 *	static enum poll
 *	copy_poll(struct future *f, struct context *cx)
 *	{
 *		struct copy *c = (struct copy *)f;
 *
 *		ASYNC_BEGIN(f);
 *		for (c->i = 0; c->i < 3; c->i++) {
 *			sleep_init(&c->s, 1000000);
 *			AWAIT(f, &c->s.f, cx);
 *		}
 *		ASYNC_END(f);
 *	}
 *
 * f->state is the await point: 0 before the first poll, the source line
 * of the AWAIT the function is suspended at, FUTURE_DONE once READY. A
 * tracer reads it to say where each task waits ("copy_poll, line 14").
 * f->awaiting is the future that AWAIT is polling (NULL otherwise), so
 * from a task's top-level future the chain of awaiting pointers is the
 * task's async backtrace: each async function's poll and await line,
 * down to the leaf future it waits on.
 * Locals of the poll function do not survive an AWAIT; put them in the
 * struct. Only one ASYNC_BEGIN per function, and no switch may enclose an
 * AWAIT (the state machine is itself a switch).
 *
 * Portable: used by the reference kernel and readable by the library.
 */
#ifndef EBREAK_ASYNC_FUTURE_H
#define EBREAK_ASYNC_FUTURE_H

enum poll { PENDING, READY };

struct future;
struct context;
typedef enum poll (*poll_fn)(struct future *f, struct context *cx);

struct future {
	poll_fn poll;
	unsigned state;		/* await point: 0, an AWAIT's line, FUTURE_DONE */
	struct future *awaiting;	/* polled by the AWAIT at state */
};

#define FUTURE_DONE	0xffffffffu
#define FUTURE_INIT(fn)	((struct future){ .poll = (fn) })

/* The body of an async function's poll runs between these two. */
#define ASYNC_BEGIN(f)							\
	switch ((f)->state) {						\
	case 0:

#define ASYNC_END(f)							\
	break;								\
	default:							\
		return READY;	/* polled after READY: stay done */	\
	}								\
	(f)->state = FUTURE_DONE;					\
	return READY

/* Poll child until READY; meanwhile the function returns PENDING and
 * resumes here. */
#define AWAIT(f, child, cx)						\
	do {								\
		(f)->state = __LINE__;					\
		(f)->awaiting = (child);				\
		__attribute__((fallthrough));				\
	case __LINE__:							\
		if ((child)->poll((child), (cx)) == PENDING)		\
			return PENDING;					\
		(f)->awaiting = 0;					\
	} while (0)

/* Return PENDING once and resume here on the next poll (after a wake the
 * caller arranged, e.g. waking its own task to yield). */
#define AWAIT_ONCE(f)							\
	do {								\
		(f)->state = __LINE__;					\
		return PENDING;						\
	case __LINE__:;							\
	} while (0)

/* Give up: the function completes without reaching ASYNC_END. */
#define ASYNC_RETURN(f)							\
	do {								\
		(f)->state = FUTURE_DONE;				\
		return READY;						\
	} while (0)

#endif
