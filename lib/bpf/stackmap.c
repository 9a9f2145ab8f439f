/*
 * Stack trace maps (BPF_MAP_TYPE_STACK_TRACE): the stacks bpf_get_stackid
 * saw, one per bucket, a bucket's number the stack's id (its hash modulo
 * max_entries), as Linux's. A value is the stack's return addresses,
 * value_size / 8 of them at most, zero after its last. Programs read
 * them by id; only bpf_get_stackid stores them. One spinlock per map,
 * taken with interrupts off, guards the buckets.
 */
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/libc.h>
#include <ebreak/lock.h>
#include <ebreak/port.h>
#include "bpf/map_ops.h"
#include "bpf/stackmap.h"

struct bucket {
	uint32_t nr;		/* frames; 0: empty */
	uint32_t hash;
	uint64_t ips[];		/* value_size bytes */
};

struct stackmap {
	size_t bucket_bytes;
	struct eb_spinlock lock;
	char buckets[];
};

static struct bucket *
bucket(struct bpf_map *map, uint32_t id)
{
	struct stackmap *s = map->data;

	return (struct bucket *)(s->buckets + (size_t)id * s->bucket_bytes);
}

static int
stackmap_alloc(struct bpf_map *map, char *err, size_t errsize)
{
	size_t bytes = sizeof(struct bucket) + map->value_size;
	struct stackmap *s;

	if (map->key_size != 4 || map->value_size % 8 ||
	    map->value_size / 8 > EB_STACKMAP_DEPTH_MAX) {
		eb_snprintf(err, errsize, "stack trace map: key_size must be 4, "
			    "value_size a multiple of 8 up to %d",
			    8 * EB_STACKMAP_DEPTH_MAX);
		return -EINVAL;
	}
	s = eb_port_alloc(sizeof *s + bytes * map->max_entries);
	if (!s) {
		eb_snprintf(err, errsize, "out of memory for %u stacks",
			    map->max_entries);
		return -ENOMEM;
	}
	memset(s, 0, sizeof *s + bytes * map->max_entries);
	s->bucket_bytes = bytes;
	map->data = s;
	return 0;
}

static void
stackmap_free(struct bpf_map *map)
{
	eb_port_free(map->data);
}

static void *
stackmap_lookup(struct bpf_map *map, const void *key, uint32_t cpu)
{
	uint32_t id;

	(void)cpu;	/* one stack for all harts */
	memcpy(&id, key, sizeof id);
	if (id >= map->max_entries || !bucket(map, id)->nr)
		return NULL;
	return bucket(map, id)->ips;
}

/* Stacks come only from bpf_get_stackid. */
static int
stackmap_update(struct bpf_map *map, const void *key, const void *value,
		uint64_t flags)
{
	(void)map, (void)key, (void)value, (void)flags;
	return -EINVAL;
}

static int
stackmap_delete(struct bpf_map *map, const void *key)
{
	struct stackmap *s = map->data;
	uint32_t id;

	memcpy(&id, key, sizeof id);
	if (id >= map->max_entries)
		return -ENOENT;
	unsigned long flags = eb_port_irq_save();
	eb_spin_lock(&s->lock);
	int r = bucket(map, id)->nr ? 0 : -ENOENT;
	bucket(map, id)->nr = 0;
	eb_spin_unlock(&s->lock);
	eb_port_irq_restore(flags);
	return r;
}

static int
stackmap_get_next_key(struct bpf_map *map, const void *key, void *next_key)
{
	uint32_t id = 0;

	if (key) {
		memcpy(&id, key, sizeof id);
		id = id >= map->max_entries ? 0 : id + 1;
	}
	while (id < map->max_entries && !bucket(map, id)->nr)
		id++;
	if (id >= map->max_entries)
		return -ENOENT;
	memcpy(next_key, &id, sizeof id);
	return 0;
}

const struct bpf_map_ops eb_stackmap_ops = {
	.alloc = stackmap_alloc,
	.free = stackmap_free,
	.lookup = stackmap_lookup,
	.update = stackmap_update,
	.delete = stackmap_delete,
	.get_next_key = stackmap_get_next_key,
};

int
eb_stackmap_store(struct bpf_map *map, const uint64_t *ips, uint32_t nr,
		  uint64_t flags)
{
	struct stackmap *s = map->data;
	uint32_t max = map->value_size / 8, h = 2166136261u;

	if (map->map_type != BPF_MAP_TYPE_STACK_TRACE)
		return -EINVAL;
	nr = nr < max ? nr : max;
	if (!nr)
		return -EFAULT;
	for (uint32_t i = 0; i < nr * 8; i++)	/* FNV-1a of the addresses */
		h = (h ^ ((const uint8_t *)ips)[i]) * 16777619u;
	uint32_t id = h % map->max_entries;
	unsigned long irq = eb_port_irq_save();
	eb_spin_lock(&s->lock);
	struct bucket *b = bucket(map, id);
	int r = id;
	if (b->nr && !(b->nr == nr && b->hash == h &&
		       !memcmp(b->ips, ips, nr * 8)) &&
	    !(flags & BPF_F_REUSE_STACKID)) {
		r = -EEXIST;	/* another stack has this id */
	} else {
		memcpy(b->ips, ips, nr * 8);
		memset(b->ips + nr, 0, (max - nr) * 8);
		b->hash = h;
		b->nr = nr;
	}
	eb_spin_unlock(&s->lock);
	eb_port_irq_restore(irq);
	return r;
}
