/* The call table of async probes (call_table.h). */
#include <ebreak/libc.h>
#include <ebreak/port.h>
#include "async/call_table.h"

#define CALL_FREE	0	/* never used */
#define CALL_GONE	1	/* used, then removed: taken again by insert */
#define WINDOW		8	/* slots a key may live in */

static inline unsigned
window(const struct eb_async_calls *t)
{
	return t->mask < WINDOW ? t->mask + 1 : WINDOW;
}

struct eb_async_calls *
eb_async_calls_new(unsigned n)
{
	unsigned slots = 2, shift = 63;	/* a shift of 64 is none */

	for (; slots < n; slots *= 2)
		shift--;
	size_t size = sizeof(struct eb_async_calls) +
		      slots * sizeof(struct eb_async_call);
	struct eb_async_calls *t = eb_port_alloc(size);
	if (!t)
		return NULL;
	memset(t, 0, size);
	t->mask = slots - 1;
	t->shift = shift;
	return t;
}

void
eb_async_calls_free(struct eb_async_calls *t)
{
	eb_port_free(t);
}

struct eb_async_call *
eb_async_calls_find_rest(struct eb_async_calls *t, const void *key)
{
	unsigned long h = eb_async_calls_hash(t, key);
	unsigned w = window(t);

	for (unsigned i = 1; i < w; i++) {
		struct eb_async_call *c = &t->slot[(h + i) & t->mask];
		/* Relaxed: as eb_async_calls_find's. */
		if (__atomic_load_n(&c->key, __ATOMIC_RELAXED) == (uintptr_t)key)
			return c;
	}
	return NULL;
}

struct eb_async_call *
eb_async_calls_insert(struct eb_async_calls *t, const void *key)
{
	unsigned long h = eb_async_calls_hash(t, key);
	unsigned w = window(t);

	for (unsigned i = 0; i < w; i++) {
		struct eb_async_call *c = &t->slot[(h + i) & t->mask];
		uintptr_t k = __atomic_load_n(&c->key, __ATOMIC_RELAXED);
		/* Another hart may take the same free slot for its key. */
		if (k <= CALL_GONE &&
		    __atomic_compare_exchange_n(&c->key, &k, (uintptr_t)key,
						false, __ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			return c;
	}
	return NULL;
}

void
eb_async_calls_remove(struct eb_async_call *c)
{
	/* Release: the slot's last use happens before its next owner's. */
	__atomic_store_n(&c->key, CALL_GONE, __ATOMIC_RELEASE);
}

unsigned
eb_async_calls_count(const struct eb_async_calls *t)
{
	unsigned n = 0;

	for (unsigned i = 0; i <= t->mask; i++)
		n += __atomic_load_n(&t->slot[i].key, __ATOMIC_RELAXED) > CALL_GONE;
	return n;
}
