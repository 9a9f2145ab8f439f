/*
 * Hash maps (BPF_MAP_TYPE_HASH, PERCPU_HASH, LRU_HASH, LRU_PERCPU_HASH,
 * and HASH_OF_MAPS, whose values hold maps: map_in_map.c):
 * buckets of singly linked elements, all max_entries elements
 * preallocated on a free list, so no element call allocates. One
 * spinlock per map, taken with interrupts off (a program run from an
 * interrupt on the same hart must not find it held), guards the buckets,
 * the free list and the LRU list.
 *
 * A per-cpu map's element holds one value per hart (EB_MAX_CPUS of
 * them, elem_size apart); a program's lookup and update reach its own
 * hart's, and a new element starts with every other hart's at zero, as
 * in Linux. An LRU map, full, makes room for a new key by taking the
 * element least recently looked up or updated (one list in use order:
 * Linux keeps per-hart lists and is approximate; this is exact).
 *
 * Values are updated in place: a reader on another hart may see a value
 * half written, as with Linux's in-place array updates.
 */
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/port.h>
#include <ebreak/libc.h>
#include <ebreak/lock.h>
#include "bpf/map_ops.h"

struct htab_elem {
	struct htab_elem *next;
	struct htab_elem *newer, *older;	/* the LRU list, in use */
	uint64_t hash;
	uint8_t data[];		/* key, padded to 8 bytes, then the value(s) */
};

struct htab {
	struct htab_elem **buckets;
	uint32_t n_buckets;	/* a power of two */
	uint32_t key_bytes;	/* key_size rounded up to 8 */
	size_t elem_bytes;
	struct htab_elem *free;
	void *elems;
	bool lru, percpu;
	struct htab_elem *newest, *oldest;	/* LRU maps' use order */
	struct eb_spinlock lock;	/* taken with interrupts off */
};

#define HTAB_MAX_KEY 512	/* Linux's bound: keys live on the stack */

static unsigned long
htab_lock(struct htab *h)
{
	unsigned long flags = eb_port_irq_save();

	eb_spin_lock(&h->lock);
	return flags;
}

static void
htab_unlock(struct htab *h, unsigned long flags)
{
	eb_spin_unlock(&h->lock);
	eb_port_irq_restore(flags);
}

typedef uint64_t __attribute__((may_alias)) u64a;
typedef uint32_t __attribute__((may_alias)) u32a;

/* The 8 bytes at p, as a number; p need not be aligned (a key may sit
 * anywhere on a program's stack), but an aligned one is one load. */
static inline uint64_t
load64(const uint8_t *p)
{
	uint64_t w;

	if (!((uintptr_t)p & 7))
		return *(const u64a *)p;
	memcpy(&w, p, 8);
	return w;
}

/* The n < 8 bytes at p, as a number (one load for an aligned 4-byte
 * key, a pid or an index). */
static inline uint64_t
load_tail(const uint8_t *p, uint32_t n)
{
	uint64_t w = 0;
	uint32_t i = 0;

	if (n >= 4 && !((uintptr_t)p & 3)) {
		w = *(const u32a *)p;
		i = 4;
	}
	for (; i < n; i++)
		w |= (uint64_t)p[i] << (8 * i);
	return w;
}

/* Multiplicative hashing a word at a time, the high half of the product
 * kept: keys that differ in few bits (ids, addresses) spread over the
 * buckets, and a key of one word costs a few instructions. */
static uint32_t
hash_key(const void *key, uint32_t size)
{
	const uint64_t k = 0x9e3779b97f4a7c15ull;	/* 2^64 / golden ratio */
	const uint8_t *p = key;
	uint64_t h = size;

	for (; size >= 8; size -= 8, p += 8)
		h = (h ^ load64(p)) * k;
	if (size)
		h = (h ^ load_tail(p, size)) * k;
	return h >> 32;
}

/* Do the size bytes at a and b hold the same key? */
static bool
key_equal(const uint8_t *a, const uint8_t *b, uint32_t size)
{
	for (; size >= 8; size -= 8, a += 8, b += 8)
		if (load64(a) != load64(b))
			return false;
	return !size || load_tail(a, size) == load_tail(b, size);
}

static int
htab_alloc(struct bpf_map *map, char *err, size_t errsize)
{
	struct htab *h;
	uint32_t n = 1;

	if (map->key_size > HTAB_MAX_KEY) {
		eb_snprintf(err, errsize, "hash map key_size %u is over %d",
			    map->key_size, HTAB_MAX_KEY);
		return -E2BIG;
	}
	while (n < map->max_entries)
		n <<= 1;
	h = eb_port_alloc(sizeof(*h));
	if (!h)
		goto nomem;
	memset(h, 0, sizeof(*h));
	h->n_buckets = n;
	h->lru = map->map_type == BPF_MAP_TYPE_LRU_HASH ||
		 map->map_type == BPF_MAP_TYPE_LRU_PERCPU_HASH;
	h->percpu = map->map_type == BPF_MAP_TYPE_PERCPU_HASH ||
		    map->map_type == BPF_MAP_TYPE_LRU_PERCPU_HASH;
	h->key_bytes = (map->key_size + 7) & ~7u;
	h->elem_bytes = sizeof(struct htab_elem) + h->key_bytes +
			(size_t)map->elem_size * (h->percpu ? EB_MAX_CPUS : 1);
	h->buckets = eb_port_alloc(n * sizeof(*h->buckets));
	h->elems = eb_port_alloc(map->max_entries * h->elem_bytes);
	if (!h->buckets || !h->elems) {
		eb_port_free(h->buckets);
		eb_port_free(h->elems);
		eb_port_free(h);
		goto nomem;
	}
	memset(h->buckets, 0, n * sizeof(*h->buckets));
	for (uint32_t i = 0; i < map->max_entries; i++) {
		struct htab_elem *e =
			(void *)((char *)h->elems + i * h->elem_bytes);

		e->next = h->free;
		h->free = e;
	}
	map->data = h;
	return 0;
nomem:
	eb_snprintf(err, errsize, "out of memory for %u hash map elements",
		    map->max_entries);
	return -ENOMEM;
}

static void
htab_free(struct bpf_map *map)
{
	struct htab *h = map->data;

	eb_port_free(h->buckets);
	eb_port_free(h->elems);
	eb_port_free(h);
}

/* The link pointing at key's element (or the bucket's last NULL link).
 * Caller holds the lock. */
static struct htab_elem **
find(struct bpf_map *map, const void *key, uint32_t hash)
{
	struct htab *h = map->data;
	struct htab_elem **link = &h->buckets[hash & (h->n_buckets - 1)];

	for (; *link; link = &(*link)->next)
		if ((*link)->hash == hash &&
		    key_equal((*link)->data, key, map->key_size))
			break;
	return link;
}

/* Take e off the LRU list. Caller holds the lock. */
static void
lru_unlink(struct htab *h, struct htab_elem *e)
{
	*(e->newer ? &e->newer->older : &h->newest) = e->older;
	*(e->older ? &e->older->newer : &h->oldest) = e->newer;
}

/* e was just used: the newest on the LRU list (a new e: not on it yet).
 * Caller holds the lock. */
static void
lru_use(struct htab *h, struct htab_elem *e, bool listed)
{
	if (!h->lru)
		return;
	if (listed)
		lru_unlink(h, e);
	e->newer = NULL;
	e->older = h->newest;
	*(h->newest ? &h->newest->newer : &h->oldest) = e;
	h->newest = e;
}

/* hart cpu's value in e. */
static void *
value_of(struct bpf_map *map, struct htab_elem *e, uint32_t cpu)
{
	struct htab *h = map->data;

	return e->data + h->key_bytes +
	       (h->percpu ? (size_t)cpu * map->elem_size : 0);
}

static void *
htab_lookup(struct bpf_map *map, const void *key, uint32_t cpu)
{
	struct htab *h = map->data;
	uint32_t hash = hash_key(key, map->key_size);
	unsigned long flags = htab_lock(h);
	struct htab_elem *e = *find(map, key, hash);

	if (e)
		lru_use(h, e, true);
	htab_unlock(h, flags);
	return e ? value_of(map, e, cpu) : NULL;
}

/* A full LRU map's room for a new key: its least recently used element,
 * out of its bucket. Caller holds the lock. */
static struct htab_elem *
evict(struct bpf_map *map)
{
	struct htab *h = map->data;
	struct htab_elem *e = h->oldest;

	if (!e)
		return NULL;
	struct htab_elem **link = find(map, e->data, e->hash);
	*link = e->next;
	lru_unlink(h, e);
	return e;
}

/* Finds key's element, or takes one for it (from the free list, or an
 * LRU map's least used) into its bucket, as flags allow: 0 and *ep,
 * *listed if it was there, or -EEXIST/-ENOENT/-E2BIG. Caller holds the
 * lock. */
static int
place(struct bpf_map *map, const void *key, uint64_t uflags,
      struct htab_elem **ep, bool *listed)
{
	struct htab *h = map->data;
	uint32_t hash = hash_key(key, map->key_size);
	struct htab_elem **link = find(map, key, hash), *e = *link;

	if (e && uflags == BPF_NOEXIST)
		return -EEXIST;
	if (!e && uflags == BPF_EXIST)
		return -ENOENT;
	if (!e && !h->free && !h->lru)
		return -E2BIG;
	*listed = e != NULL;
	if (!e) {
		if ((e = h->free)) {
			h->free = e->next;
		} else {
			e = evict(map);
			link = find(map, key, hash);	/* may have moved */
		}
		e->next = NULL;
		e->hash = hash;
		memcpy(e->data, key, map->key_size);
		if (h->percpu)	/* the other harts' start at zero */
			memset(value_of(map, e, 0), 0,
			       (size_t)map->elem_size * EB_MAX_CPUS);
		*link = e;
	}
	*ep = e;
	return 0;
}

static int
htab_update(struct bpf_map *map, const void *key, const void *value,
	    uint64_t uflags)
{
	struct htab *h = map->data;
	unsigned long flags = htab_lock(h);
	struct htab_elem *e;
	bool listed;
	int r = place(map, key, uflags, &e, &listed);

	if (!r) {
		memcpy(value_of(map, e, eb_port_cpu_id()), value,
		       map->value_size);
		lru_use(h, e, listed);
	}
	htab_unlock(h, flags);
	return r;
}

/* Takes key's element out of its bucket onto the free list: it, or
 * NULL if absent. Caller holds the lock. */
static struct htab_elem *
unlink_key(struct bpf_map *map, const void *key)
{
	struct htab *h = map->data;
	struct htab_elem **link = find(map, key, hash_key(key, map->key_size));
	struct htab_elem *e = *link;

	if (e) {
		*link = e->next;
		if (h->lru)
			lru_unlink(h, e);
		e->next = h->free;
		h->free = e;
	}
	return e;
}

static int
htab_delete(struct bpf_map *map, const void *key)
{
	struct htab *h = map->data;
	unsigned long flags = htab_lock(h);
	struct htab_elem *e = unlink_key(map, key);

	htab_unlock(h, flags);
	return e ? 0 : -ENOENT;
}

static int
htab_get_next_key(struct bpf_map *map, const void *key, void *next_key)
{
	struct htab *h = map->data;
	unsigned long flags = htab_lock(h);
	struct htab_elem *e = NULL;
	uint32_t b = 0;

	if (key) {
		uint32_t hash = hash_key(key, map->key_size);

		e = *find(map, key, hash);
		b = (hash & (h->n_buckets - 1)) + 1;
		if (e)
			e = e->next;
		else
			b = 0;	/* key gone: start over, as Linux does */
	}
	for (; !e && b < h->n_buckets; b++)
		e = h->buckets[b];
	if (e)
		memcpy(next_key, e->data, map->key_size);
	htab_unlock(h, flags);
	return e ? 0 : -ENOENT;
}

const struct bpf_map_ops eb_htab_map_ops = {
	.alloc = htab_alloc,
	.free = htab_free,
	.lookup = htab_lookup,
	.update = htab_update,
	.delete = htab_delete,
	.get_next_key = htab_get_next_key,
};

/* --- hashes of maps: an element's value holds a map pointer (value_size
 * 4 rounds up to an 8-byte elem_size) */

/* The map pointer in e's value. */
static struct bpf_map **
map_of(struct bpf_map *map, struct htab_elem *e)
{
	return value_of(map, e, 0);
}

/* Key's value becomes inner, or key goes (map_ops.h). Any context. */
int
eb_htab_swap_map(struct bpf_map *map, const void *key, struct bpf_map *inner,
		 uint64_t uflags, struct bpf_map **old)
{
	struct htab *h = map->data;
	unsigned long flags = htab_lock(h);
	struct htab_elem *e = NULL;
	bool listed = false;
	int r = 0;

	*old = NULL;
	if (!inner)
		r = (e = unlink_key(map, key)) ? 0 : -ENOENT;
	else
		r = place(map, key, uflags, &e, &listed);
	/* a freed element's pointer stays until reused: a run that found
	 * it before still reads a map the grace period keeps */
	if (!r && (!inner || listed))
		*old = *map_of(map, e);
	if (!r && inner)	/* release: inner's making before a run finds it */
		__atomic_store_n(map_of(map, e), inner, __ATOMIC_RELEASE);
	htab_unlock(h, flags);
	return r;
}

static void *
htab_of_maps_lookup(struct bpf_map *map, const void *key, uint32_t cpu)
{
	struct bpf_map **v = htab_lookup(map, key, cpu);

	/* acquire: pairs with eb_htab_swap_map's release */
	return v ? __atomic_load_n(v, __ATOMIC_ACQUIRE) : NULL;
}

/* Key goes; its map after a grace period. */
static int
htab_of_maps_delete(struct bpf_map *map, const void *key)
{
	struct bpf_map *old;
	int r = eb_htab_swap_map(map, key, NULL, BPF_ANY, &old);

	eb_bpf_map_in_map_put(old);
	return r;
}

/* The last reference went: no program runs with map, so its maps go
 * now. */
static void
htab_of_maps_free(struct bpf_map *map)
{
	struct htab *h = map->data;

	for (uint32_t b = 0; b < h->n_buckets; b++)
		for (struct htab_elem *e = h->buckets[b]; e; e = e->next)
			bpf_map_put(*map_of(map, e));
	htab_free(map);
}

const struct bpf_map_ops eb_htab_of_maps_ops = {
	.alloc = htab_alloc,
	.free = htab_of_maps_free,
	.lookup = htab_of_maps_lookup,
	.update = eb_bpf_fd_map_update_elem,
	.delete = htab_of_maps_delete,
	.get_next_key = htab_get_next_key,
};
