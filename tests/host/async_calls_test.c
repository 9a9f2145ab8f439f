/* The async probes' call table (lib/async/call_table.h): keys found
 * where inserted, a full window refused, removed slots taken again, and
 * concurrent inserts of different keys each get a slot of their own. */
#include "test.h"
#include "async/call_table.h"
#include <pthread.h>
#include <stdint.h>

/* Future-like keys: 8-byte aligned, never 0 or 1. */
static uint64_t futures[64];

TEST(async_calls_find_insert_remove)
{
	struct eb_async_calls *t = eb_async_calls_new(16);

	if (!CHECK(t))
		return;
	CHECK_EQ(t->mask, 15);
	CHECK(!eb_async_calls_find(t, &futures[0]));
	struct eb_async_call *c = eb_async_calls_insert(t, &futures[0]);
	CHECK(c);
	CHECK_EQ(eb_async_calls_find(t, &futures[0]), c);
	CHECK_EQ(eb_async_calls_count(t), 1);
	eb_async_calls_remove(c);
	CHECK(!eb_async_calls_find(t, &futures[0]));
	CHECK_EQ(eb_async_calls_count(t), 0);
	/* the removed slot is taken again */
	CHECK_EQ(eb_async_calls_insert(t, &futures[0]), c);
	eb_async_calls_free(t);
}

/* A table of 4 holds 4 keys (its window is the whole table), and the
 * fifth is refused until one goes. */
TEST(async_calls_full_refuses)
{
	struct eb_async_calls *t = eb_async_calls_new(3);
	struct eb_async_call *c[4];

	if (!CHECK(t))
		return;
	CHECK_EQ(t->mask, 3);
	for (int i = 0; i < 4; i++)
		CHECK((c[i] = eb_async_calls_insert(t, &futures[i])));
	CHECK(!eb_async_calls_insert(t, &futures[4]));
	for (int i = 0; i < 4; i++)
		CHECK_EQ(eb_async_calls_find(t, &futures[i]), c[i]);
	eb_async_calls_remove(c[2]);
	CHECK_EQ(eb_async_calls_insert(t, &futures[4]), c[2]);
	CHECK_EQ(eb_async_calls_find(t, &futures[4]), c[2]);
	eb_async_calls_free(t);
}

/* Many keys in a big table: each found in its own slot. */
TEST(async_calls_many)
{
	struct eb_async_calls *t = eb_async_calls_new(256);
	unsigned placed = 0;

	if (!CHECK(t))
		return;
	for (int i = 0; i < 64; i++)
		placed += eb_async_calls_insert(t, &futures[i]) != NULL;
	CHECK_EQ(placed, 64);
	for (int i = 0; i < 64; i++) {
		struct eb_async_call *c = eb_async_calls_find(t, &futures[i]);
		CHECK(c && c->key == (uintptr_t)&futures[i]);
	}
	CHECK_EQ(eb_async_calls_count(t), 64);
	eb_async_calls_free(t);
}

/* Futures as the kernel's allocator lays them out: blocks of one size
 * class (a power of two, 32 bytes to a page) side by side. A table of
 * 64 holding 16 of them places every one: the hash spreads strides of
 * a power of two (taking the product's bits 32.. it lost up to 6 of 16
 * with 128-byte blocks, the class of a future of 49 to 112 bytes). */
TEST(async_calls_allocator_strides)
{
	static _Alignas(4096) unsigned char heap[16 * 4096];

	for (size_t stride = 32; stride <= 4096; stride *= 2) {
		struct eb_async_calls *t = eb_async_calls_new(64);
		unsigned placed = 0;

		if (!CHECK(t))
			return;
		for (size_t base = 0; base < 4096; base += 512) {
			for (int i = 0; i < 16; i++)
				placed += eb_async_calls_insert(
					t, &heap[base + stride * i]) != NULL;
			for (unsigned s = 0; s <= t->mask; s++)
				if (t->slot[s].key > 1)
					eb_async_calls_remove(&t->slot[s]);
		}
		CHECK_EQ(placed, 16 * 8);
		eb_async_calls_free(t);
	}
}

#define THREADS 4
#define ROUNDS 20000

struct racer {
	struct eb_async_calls *t;
	int first;		/* its keys: futures[first..first+8) */
	unsigned lost;		/* a key found in another's slot, or gone */
};

/* Insert, find and remove its own keys over and over, as harts do. */
static void *
race(void *arg)
{
	struct racer *r = arg;

	for (int n = 0; n < ROUNDS; n++) {
		void *key = &futures[r->first + n % 8];
		struct eb_async_call *c = eb_async_calls_insert(r->t, key);
		if (!c)
			continue;
		c->ev.call_id = (uint64_t)(uintptr_t)key;
		if (eb_async_calls_find(r->t, key) != c || c->ev.call_id != (uintptr_t)key)
			r->lost++;
		eb_async_calls_remove(c);
	}
	return NULL;
}

TEST(async_calls_concurrent)
{
	struct eb_async_calls *t = eb_async_calls_new(8);
	struct racer r[THREADS];
	pthread_t th[THREADS];

	if (!CHECK(t))
		return;
	for (int i = 0; i < THREADS; i++) {
		r[i] = (struct racer){ t, 8 * i, 0 };
		pthread_create(&th[i], NULL, race, &r[i]);
	}
	for (int i = 0; i < THREADS; i++) {
		pthread_join(th[i], NULL);
		CHECK_EQ(r[i].lost, 0);
	}
	CHECK_EQ(eb_async_calls_count(t), 0);
	eb_async_calls_free(t);
}
