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

/* One call in flight. */
struct eb_async_call {
	uintptr_t key;		/* the future; CALL_FREE or CALL_GONE */
	uint64_t id, parent;
	uint64_t start_ns;	/* START (or first seen) */
	uint64_t oncpu_ns;	/* in its polls that returned */
	uint64_t poll_ns;	/* the poll in progress began */
	uint64_t task;		/* the task polling it */
	unsigned state;		/* f->state at its last SUSPEND */
	unsigned flags;		/* EB_ASYNC_UNSEEN_START */
};

struct eb_async_calls {
	unsigned mask;		/* slots - 1, a power of two minus one */
	struct eb_async_call slot[];
};

/* A table of at least n slots (a power of two), all free; NULL when out
 * of memory. Not in trap context. */
struct eb_async_calls *eb_async_calls_new(unsigned n);

/* Frees t (NULL is ignored): no hart may use it any more. */
void eb_async_calls_free(struct eb_async_calls *t);

/* key's call, or NULL. Any context. */
struct eb_async_call *eb_async_calls_find(struct eb_async_calls *t,
					  const void *key);

/* A slot for key (which must not be in t), its other fields to fill;
 * NULL when key's window is full. Any context. */
struct eb_async_call *eb_async_calls_insert(struct eb_async_calls *t,
					    const void *key);

/* Frees c's slot. Any context. */
void eb_async_calls_remove(struct eb_async_call *c);

/* Slots in use. Any context (a snapshot). */
unsigned eb_async_calls_count(const struct eb_async_calls *t);

#endif
