/*
 * Async probes: follow each call of an async function (a future's poll,
 * <ebreak/future.h>) across its polls. A probe on a poll function by
 * symbol tells each future instance apart by its self pointer and
 * delivers one stream of events per call (struct eb_async_event,
 * <ebreak/async_event.h>): START at the first poll, SUSPEND when a poll
 * returns EB_PENDING (with the await point and the future awaited
 * there), RESUME at each later poll, COMPLETE at EB_READY.
 *
 * Nothing is patched: every poll made through eb_future_poll (EB_AWAIT,
 * the executor's) calls eb_async_probe_poll while any probe is
 * registered, which follows the futures whose poll function is probed.
 * A poll made otherwise (a direct f->poll(f, cx)) is not seen.
 *
 * Lifecycle: fill symbol (or poll), handler and optionally max_calls,
 * register_async_probe(); later unregister_async_probe(), after which ap
 * may be reused. Handlers run on any hart, concurrently, with interrupts
 * off, under the rules of kprobe handlers (<ebreak/kprobes.h>): one that
 * faults is abandoned and the event it had counted in nmissed (the
 * poll, the other probes' events and its own later ones go on; a fault
 * in the poll itself is the kernel's); a poll made
 * from inside a handler is counted missed, not followed. A handler must
 * not register or unregister async probes nor cancel futures (the
 * cancelled COMPLETEs are sent under the registered probes' lock), nor
 * turn interrupts on (the poll and its caller get their own state back
 * regardless, but the poll's later handlers would run with them on).
 * Unlike inside
 * a kprobe handler, a kprobe hit inside one runs its handlers; a
 * kretprobe'd function called from one is not traced (its kprobe's
 * nmissed counts it).
 *
 * How a poll is told apart:
 *   - f->state == 0 at entry: a START (every async function, and a leaf
 *     future returning EB_LEAF_PENDING, leaves a non-zero state when it
 *     suspends), unless the call is followed and its last SUSPEND also
 *     left state 0 (a leaf future that never sets its state: RESUME; a
 *     probe registered while such a call waits reports its next poll as
 *     a START, there being nothing to tell it by);
 *   - followed (its self pointer is in the probe's call table): RESUME;
 *   - else it began before the probe: RESUME with EB_ASYNC_UNSEEN_START,
 *     followed from then on (never a START it did not see);
 *   - f->state == EB_FUTURE_DONE (polled after EB_READY): no event.
 * A future reused for a new call after its COMPLETE is a new call id. A
 * call given up on (eb_future_cancel, a process killed while it waits)
 * ends with a COMPLETE flagged EB_ASYNC_CANCELLED, leaf first (whichever
 * probes follow the calls), from eb_async_probe_cancel in the
 * canceller's context.
 *
 * Nesting: a probed poll running inside another probed poll on the same
 * hart is its child (parent_id). Several probes may share a poll
 * function: each follows its calls, in the newest first's order. Cost
 * per poll of a probed function: a call, a table lookup of at most 8
 * slots, two clock reads, the guarded handler calls (BENCHMARKS.md,
 * async_probe_poll); of any other poll while a probe is registered, a
 * call and a bit test. The event a handler gets is kept in the call's
 * table entry, its lasting fields (ids, task, future) set at the call's
 * start; a future is polled by the task that owns it, whose id its start
 * saw.
 *
 * Kernel-only: it needs the kernel's fault path (kprobe_handler_faulted).
 */
#ifndef EBREAK_ASYNC_PROBE_H
#define EBREAK_ASYNC_PROBE_H
#include <ebreak/async_event.h>
#include <ebreak/future.h>
#include <stddef.h>
#include <stdint.h>

struct async_probe;
struct eb_async_calls;

/* Interrupts off; ev (and what it points to) only during the call. */
typedef void (*async_probe_handler_t)(struct async_probe *ap,
				      const struct eb_async_event *ev);

struct async_probe {
	const char *symbol;	/* the poll function, or NULL: poll */
	eb_poll_fn poll;
	async_probe_handler_t handler;
	/* Calls followed at once (in flight), rounded up to a power of
	 * two; <= 0: EB_ASYNC_PROBE_CALLS (<ebreak/config.h>). A call
	 * looks for room in the 8 slots from its future's hash, so it
	 * may find none with fewer in flight: one that finds none is
	 * counted in nmissed, not followed. */
	int max_calls;
	/* Polls not followed: call table or hart's nesting stack full, a
	 * poll from inside a handler; and events whose handler faulted. */
	unsigned long nmissed;

	/* Private to ebreak. */
	eb_poll_fn fn;		/* the probed function */
	async_probe_handler_t run;	/* handler, or it and the observer */
	struct eb_async_calls *calls;
	struct async_probe *next;	/* the registered ones */
};

/*
 * Register ap on its poll function. 0 or -errno, with the reason logged:
 * -ENOENT for an unknown symbol, -EINVAL for both or neither of symbol
 * and poll, ap already registered, or a function the kernel's BTF types
 * as no poll function (eb_port_kernel_btf; without it, or for a function
 * it does not list, the probe registers), -ENOMEM for the call table. A
 * failure changes nothing. Not in trap context.
 */
int register_async_probe(struct async_probe *ap);

/* Stop following; returns once no hart runs ap's handler, with its call
 * table freed. Not in trap context. */
void unregister_async_probe(struct async_probe *ap);

/*
 * Hands the events of every registered async probe that is the oldest
 * on its poll function to fn as well, after the probe's own handler,
 * until the next call (fn NULL: to none): one observer at a time, a
 * tracer's recorder say (the reference kernel's timeline). Each call is
 * so seen once however many probes follow it (each probe follows a
 * call with ids of its own); when the oldest is unregistered, the next
 * oldest's events go on from their next one. An event without an
 * observer costs nothing more. On return
 * from a call that replaced an observer no hart runs the old one. It
 * runs in the probe's guarded call: one that faults is abandoned and the
 * event counted in the probe's nmissed, and an event whose handler
 * faulted does not reach it. Not in trap context; no spinlock held.
 */
void eb_async_probe_observe(async_probe_handler_t fn);

/* Polls not followed: ap->nmissed. Any context. */
unsigned long eb_async_probe_missed(const struct async_probe *ap);

/* Calls ap follows now (started or seen, not completed). Any context;
 * exact when no poll of ap's function is in progress. */
unsigned eb_async_probe_calls(const struct async_probe *ap);

/*
 * Writes ev, of the probe called probe (its poll function's name, say),
 * into buf as one line, ftrace's way:
 * "proc_poll: suspend call=7 parent=0 task=3 at kernel/user/proc.c:98
 * awaiting syscall_poll latency=51200 oncpu=6400", the await point and
 * the awaited future's poll function only where there is one,
 * " unseen-start" for a call begun before the probe and " cancelled" for
 * one given up last. Returns what
 * eb_snprintf would. Any context (the awaited future is read without
 * faulting).
 */
int eb_async_event_format(const struct eb_async_event *ev, const char *probe,
			  char *buf, size_t size);

/* "start", "suspend", "resume" or "complete": the name of an event's
 * kind (EB_ASYNC_*), as eb_async_event_format writes it. Any context. */
const char *eb_async_event_kind(unsigned kind);

/* --- async backtraces --------------------------------------------------- */

/* One level of an await chain. */
struct eb_async_frame {
	struct eb_future *future;
	eb_poll_fn poll;
	const char *file;	/* f->file, or NULL (a leaf) */
	unsigned line;		/* f->state: the await point, or 0 */
};

/*
 * The awaiting chain from top (a task's top-level future): frames[0] is
 * top, each next one what the previous awaits, down to the leaf. Fills
 * at most max frames and returns how many; stops at an unreadable
 * future (read without faulting). Any context; a chain that changes
 * meanwhile (the task being polled) may come out mixed.
 */
int eb_async_backtrace(struct eb_future *top, struct eb_async_frame *frames,
		       int max);

/*
 * Writes top's async backtrace into buf as
 * "proc_poll kernel/user/proc.c:98 -> sys_read ...:225 -> console_read_poll":
 * each level's poll function and, if it awaits, its await point. Returns
 * what eb_snprintf would (the length it needed). Any context.
 */
int eb_async_backtrace_format(struct eb_future *top, char *buf, size_t size);

/* --- eBPF programs on async probes ---------------------------------------- */

struct eb_bpf_attach_point;

/* An async probe for eBPF programs (the caller keeps it while
 * attached). */
struct eb_bpf_async_probe {
	const char *symbol;	/* the poll function */
};

/*
 * Describes probe as an attach point for eb_bpf_attach (<ebreak/bpf.h>):
 * each link registers an async probe of its own, whose events run
 * BPF_PROG_TYPE_TRACEPOINT programs on a read-only struct eb_async_event
 * (ctx_size its size). An attach that cannot probe fails with
 * register_async_probe's error, logged. Any context.
 */
void eb_bpf_async_probe_point(const struct eb_bpf_async_probe *probe,
			      struct eb_bpf_attach_point *point);


#endif
