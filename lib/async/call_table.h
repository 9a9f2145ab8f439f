/*
 * The calls an async probe follows, by their future's address: a table
 * of fixed size made at registration, so the hit path never allocates.
 * A key lives in one of the WINDOW slots after its hash; a full window
 * is a miss, never a wait. Lock-free: each future is polled by one hart
 * at a time, so one key is inserted, read and removed by one hart at a
 * time; harts race only for slots, which a compare-and-swap settles.
 */
#ifndef EBREAK_ASYNC_CALL_TABLE_H
#define EBREAK_ASYNC_CALL_TABLE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <ebreak/async_event.h>

/* One call in flight. */
struct eb_async_call {
	uintptr_t key;		/* the future; CALL_FREE or CALL_GONE */
	uint64_t start_ns;	/* START (or first seen) */
	uint64_t poll_ns;	/* the poll in progress began */
	/* Its latest event, handed to the handlers: the fields that stay
	 * (ids, task, future, flags) are set once, at its start, the
	 * on-CPU time added up in place, the rest set per event. */
	struct eb_async_event ev;
};

struct eb_async_calls {
	unsigned mask;		/* slots - 1, a power of two minus one */
	unsigned shift;		/* 64 - log2(slots): the hash's top bits */
	struct eb_async_call slot[];
};

/* A table of at least n slots (a power of two, 2 or more), all free;
 * NULL when out of memory. Not in trap context. */
struct eb_async_calls *eb_async_calls_new(unsigned n);

/* Frees t (NULL is ignored): no hart may use it any more. */
void eb_async_calls_free(struct eb_async_calls *t);

/* The slot key's window begins at: the top bits of the product
 * (Fibonacci hashing), which spread a future's address however many of
 * its low bits are 0 (its allocator's blocks are of a power of two: the
 * product's bits 32.. sent blocks of 64 to 256 bytes to a few slots of
 * a table of 64). */
static inline unsigned long
eb_async_calls_hash(const struct eb_async_calls *t, const void *key)
{
	return (uintptr_t)key * 0x9e3779b97f4a7c15ull >> t->shift;
}

/* key's call in the slots of its window after the first, or NULL. Any
 * context. */
struct eb_async_call *eb_async_calls_find_rest(struct eb_async_calls *t,
					       const void *key);

/* key's call if it is in the first slot of its window, where most keys
 * are, or NULL. Any context. */
static inline struct eb_async_call *
eb_async_calls_find_first(struct eb_async_calls *t, const void *key)
{
	struct eb_async_call *c = &t->slot[eb_async_calls_hash(t, key)];

	/* Relaxed: a key this hart is after was stored by this hart, or
	 * by the hart that polled the future before (the executor's
	 * hand-off orders that). */
	return __atomic_load_n(&c->key, __ATOMIC_RELAXED) == (uintptr_t)key ?
	       c : NULL;
}

/* key's call, or NULL: the first slot inline. Any context. */
static inline struct eb_async_call *
eb_async_calls_find(struct eb_async_calls *t, const void *key)
{
	struct eb_async_call *c = eb_async_calls_find_first(t, key);

	return c ? c : eb_async_calls_find_rest(t, key);
}

/* A slot for key (which must not be in t), its other fields to fill;
 * NULL when key's window is full. Any context. */
struct eb_async_call *eb_async_calls_insert(struct eb_async_calls *t,
					    const void *key);

/* Frees c's slot. Any context. */
void eb_async_calls_remove(struct eb_async_call *c);

/* Slots in use. Any context (a snapshot). */
unsigned eb_async_calls_count(const struct eb_async_calls *t);

#endif
