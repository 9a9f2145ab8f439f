/*
 * Maps: creation and the element calls, dispatched by type; array and
 * per-cpu array maps (an array of values indexed by a u32 key). Hash maps
 * are in hashtab.c.
 */
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/port.h>
#include <ebreak/libc.h>
#include "bpf/map_ops.h"

/* Upper bound on one map's storage, so that sizes multiply safely. */
#define MAP_MAX_BYTES	(1ull << 30)

/* The array maps' operations, defined with their functions below. */
static const struct bpf_map_ops array_map_ops;
static const struct bpf_map_ops percpu_array_map_ops;

/* A map from def (a map of maps' template inner), all its memory
 * allocated now. */
static int
create(const struct bpf_map_def *def, const struct bpf_map *inner,
       const char *name, struct bpf_map **mapp, char *err, size_t errsize)
{
	const struct bpf_map_ops *ops;
	struct bpf_map *map;
	size_t n = 0;
	char t[12];
	int r;

	switch (def->type) {
	case BPF_MAP_TYPE_HASH:
	case BPF_MAP_TYPE_PERCPU_HASH:
	case BPF_MAP_TYPE_LRU_HASH:
	case BPF_MAP_TYPE_LRU_PERCPU_HASH: ops = &eb_htab_map_ops; break;
	case BPF_MAP_TYPE_STACK_TRACE: ops = &eb_stackmap_ops; break;
	case BPF_MAP_TYPE_RINGBUF: ops = &eb_ringbuf_ops; break;
	case BPF_MAP_TYPE_PERF_EVENT_ARRAY: ops = &eb_perf_event_array_ops; break;
	case BPF_MAP_TYPE_CGROUP_ARRAY: ops = &eb_cgroup_array_ops; break;
	case BPF_MAP_TYPE_ARRAY: ops = &array_map_ops; break;
	case BPF_MAP_TYPE_PERCPU_ARRAY: ops = &percpu_array_map_ops; break;
	case BPF_MAP_TYPE_PROG_ARRAY: ops = &eb_prog_array_map_ops; break;
	case BPF_MAP_TYPE_ARRAY_OF_MAPS: ops = &eb_array_of_maps_ops; break;
	case BPF_MAP_TYPE_HASH_OF_MAPS: ops = &eb_htab_of_maps_ops; break;
	default:
		eb_snprintf(err, errsize, "map type %s is not supported",
			    bpf_map_type_text(def->type, t, sizeof(t)));
		return -EINVAL;
	}
	if (def->type == BPF_MAP_TYPE_RINGBUF ? !def->max_entries :
	    !def->key_size || !def->value_size || !def->max_entries) {
		eb_snprintf(err, errsize,
			    "map key_size, value_size and max_entries must not be 0");
		return -EINVAL;
	}
	if (def->map_flags & ~(BPF_F_RDONLY_PROG | BPF_F_INNER_MAP |
			       BPF_F_NO_PREALLOC) ||
	    ((def->map_flags & BPF_F_INNER_MAP) &&
	     def->type != BPF_MAP_TYPE_ARRAY &&
	     def->type != BPF_MAP_TYPE_PERCPU_ARRAY) ||
	    ((def->map_flags & BPF_F_NO_PREALLOC) &&
	     def->type != BPF_MAP_TYPE_HASH &&
	     def->type != BPF_MAP_TYPE_PERCPU_HASH &&
	     def->type != BPF_MAP_TYPE_HASH_OF_MAPS)) {
		eb_snprintf(err, errsize, "map_flags 0x%x are not supported",
			    def->map_flags);
		return -EINVAL;
	}
	if (def->value_size > MAP_MAX_BYTES / EB_MAX_CPUS ||
	    (uint64_t)def->max_entries * def->value_size > MAP_MAX_BYTES) {
		eb_snprintf(err, errsize, "map of %u values of %u bytes is too big",
			    def->max_entries, def->value_size);
		return -E2BIG;
	}
	map = eb_port_alloc(sizeof(*map));
	if (!map) {
		eb_snprintf(err, errsize, "out of memory for a map");
		return -ENOMEM;
	}
	memset(map, 0, sizeof(*map));
	map->map_type = def->type;
	map->key_size = def->key_size;
	map->value_size = def->value_size;
	map->max_entries = def->max_entries;
	map->map_flags = def->map_flags;
	map->elem_size = (def->value_size + 7) & ~7u;
	map->ops = ops;
	map->refcnt = 1;	/* the user's */
	while (name && name[n] && n < BPF_OBJ_NAME_LEN - 1) {
		map->name[n] = name[n];
		n++;
	}
	if ((bpf_map_is_map_in_map(map) &&
	     (r = eb_bpf_map_meta_alloc(map, inner, err, errsize))) ||
	    (r = ops->alloc(map, err, errsize))) {
		eb_port_free(map->inner_meta);
		eb_port_free(map);
		return r;
	}
	*mapp = map;
	return 0;
}

/* A map from def (<ebreak/bpf.h>). Not in trap context. */
int
bpf_map_create(const struct bpf_map_def *def, const char *name,
	       struct bpf_map **mapp, char *err, size_t errsize)
{
	if (def->type == BPF_MAP_TYPE_ARRAY_OF_MAPS ||
	    def->type == BPF_MAP_TYPE_HASH_OF_MAPS) {
		eb_snprintf(err, errsize, "a map of maps needs its inner maps' template: eb_bpf_map_of_maps_create");
		return -EINVAL;
	}
	return create(def, NULL, name, mapp, err, errsize);
}

/* A map of maps from def and its template (<ebreak/bpf.h>). Not in trap
 * context. */
int
eb_bpf_map_of_maps_create(const struct bpf_map_def *def,
			  const struct bpf_map *inner_map, const char *name,
			  struct bpf_map **mapp, char *err, size_t errsize)
{
	if (!def || !mapp) {
		eb_snprintf(err, errsize, "map of maps create: def or mapp is NULL");
		return -EINVAL;
	}
	if (def->type != BPF_MAP_TYPE_ARRAY_OF_MAPS &&
	    def->type != BPF_MAP_TYPE_HASH_OF_MAPS) {
		char t[12];

		eb_snprintf(err, errsize, "map type %s is not a map of maps (array_of_maps, hash_of_maps)",
			    bpf_map_type_text(def->type, t, sizeof(t)));
		return -EINVAL;
	}
	return create(def, inner_map, name, mapp, err, errsize);
}

/* Takes a reference to map (map.h). Not in trap context. */
void
bpf_map_inc(struct bpf_map *map)
{
	__atomic_add_fetch(&map->refcnt, 1, __ATOMIC_RELAXED);
}

/* Drops a reference to map, freeing it with the last (map.h). Not in
 * trap context. */
void
bpf_map_put(struct bpf_map *map)
{
	/* acq_rel: the last dropper sees every other holder's writes */
	if (__atomic_sub_fetch(&map->refcnt, 1, __ATOMIC_ACQ_REL))
		return;
	map->ops->free(map);
	eb_port_free(map->inner_meta);
	eb_port_free(map);
}

/* Drops the user's reference to map (<ebreak/bpf.h>). Not in trap
 * context. */
void
bpf_map_free(struct bpf_map *map)
{
	if (!map)
		return;
	if (map->ops->release_uref)
		map->ops->release_uref(map);
	bpf_map_put(map);
}

/* This hart's value for key, or NULL (map.h). Any context. */
void *
bpf_map_lookup_elem(struct bpf_map *map, const void *key)
{
	return bpf_map_lookup_inline(map, key);
}

/* Hart cpu's value for key, or NULL (map.h). Any context. */
void *
bpf_map_lookup_percpu_elem(struct bpf_map *map, const void *key,
			   uint32_t cpu)
{
	if (cpu >= EB_MAX_CPUS)
		return NULL;
	return map->ops->lookup(map, key, cpu);
}

/* Stores value under key: 0 or -errno (map.h). Any context. */
int
bpf_map_update_elem(struct bpf_map *map, const void *key, const void *value,
		    uint64_t flags)
{
	if (flags > BPF_EXIST)
		return -EINVAL;
	if (map->frozen)
		return -EPERM;
	return map->ops->update(map, key, value, flags);
}

/* Removes key: 0 or -errno (map.h). Any context. */
int
bpf_map_delete_elem(struct bpf_map *map, const void *key)
{
	if (map->frozen)
		return -EPERM;
	return map->ops->delete(map, key);
}

/* No update or delete after (map.h). */
void
eb_bpf_map_freeze(struct bpf_map *map)
{
	map->frozen = true;
}

/* Iteration: the key after key (map.h). Any context. */
int
bpf_map_get_next_key(struct bpf_map *map, const void *key, void *next_key)
{
	return map->ops->get_next_key(map, key, next_key);
}

/* Address of a one-entry array's value + off (map.h). Any context. */
int
bpf_map_direct_value_addr(const struct bpf_map *map, uint32_t off,
			  uint64_t *addr)
{
	if (map->map_type != BPF_MAP_TYPE_ARRAY || map->max_entries != 1 ||
	    off >= map->value_size)
		return -EINVAL;
	*addr = (uintptr_t)map->data + off;
	return 0;
}

/* --- arrays: values stored back to back, elem_size apart; per-cpu
 * arrays have EB_MAX_CPUS such arrays, one per hart. */

/* copies arrays of map's values, zeroed, as map->data (map_ops.h). */
int
eb_bpf_array_alloc(struct bpf_map *map, unsigned copies, char *err,
		   size_t errsize)
{
	size_t bytes = (size_t)copies * map->max_entries * map->elem_size;

	if (map->key_size != 4) {
		eb_snprintf(err, errsize, "array map key_size is %u, not 4",
			    map->key_size);
		return -EINVAL;
	}
	map->data = eb_port_alloc(bytes);
	if (!map->data) {
		eb_snprintf(err, errsize, "out of memory for %zu bytes of values",
			    bytes);
		return -ENOMEM;
	}
	memset(map->data, 0, bytes);
	return 0;
}

static int
array_alloc(struct bpf_map *map, char *err, size_t errsize)
{
	return eb_bpf_array_alloc(map, 1, err, errsize);
}

static int
percpu_array_alloc(struct bpf_map *map, char *err, size_t errsize)
{
	return eb_bpf_array_alloc(map, EB_MAX_CPUS, err, errsize);
}

static void
array_free(struct bpf_map *map)
{
	eb_port_free(map->data);
}

static void *
array_lookup(struct bpf_map *map, const void *key, uint32_t cpu)
{
	uint32_t i;

	(void)cpu;	/* one value for all harts */
	memcpy(&i, key, sizeof(i));
	return bpf_array_elem(map, i);
}

static void *
percpu_array_lookup(struct bpf_map *map, const void *key, uint32_t cpu)
{
	uint32_t i;

	memcpy(&i, key, sizeof(i));
	if (i >= map->max_entries)
		return NULL;
	return (char *)map->data +
	       ((size_t)cpu * map->max_entries + i) * map->elem_size;
}

/* Every element of an array exists: BPF_NOEXIST always fails. */
static int
array_update(struct bpf_map *map, const void *key, const void *value,
	     uint64_t flags)
{
	void *v = map->ops->lookup(map, key, eb_port_cpu_id());

	if (!v)
		return -E2BIG;
	if (flags == BPF_NOEXIST)
		return -EEXIST;
	memcpy(v, value, map->value_size);
	return 0;
}

static int
array_delete(struct bpf_map *map, const void *key)
{
	(void)map, (void)key;
	return -EINVAL;
}

/* A prog array's or map of maps' update from the element calls
 * (map_ops.h). Any context. */
int
eb_bpf_fd_map_update_elem(struct bpf_map *map, const void *key,
			  const void *value, uint64_t flags)
{
	(void)map, (void)key, (void)value, (void)flags;
	return -EINVAL;
}

/* The index after key's (map_ops.h). Any context. */
int
eb_bpf_array_get_next_key(struct bpf_map *map, const void *key, void *next_key)
{
	uint32_t i = 0;

	if (key) {
		memcpy(&i, key, sizeof(i));
		i = i >= map->max_entries ? 0 : i + 1;
	}
	if (i >= map->max_entries)
		return -ENOENT;
	memcpy(next_key, &i, sizeof(i));
	return 0;
}

static const struct bpf_map_ops array_map_ops = {
	.alloc = array_alloc,
	.free = array_free,
	.lookup = array_lookup,
	.update = array_update,
	.delete = array_delete,
	.get_next_key = eb_bpf_array_get_next_key,
};

static const struct bpf_map_ops percpu_array_map_ops = {
	.alloc = percpu_array_alloc,
	.free = array_free,
	.lookup = percpu_array_lookup,
	.update = array_update,
	.delete = array_delete,
	.get_next_key = eb_bpf_array_get_next_key,
};

void *
eb_bpf_map_no_lookup(struct bpf_map *map, const void *key, uint32_t cpu)
{
	(void)map, (void)key, (void)cpu;
	return NULL;
}

int
eb_bpf_map_no_update(struct bpf_map *map, const void *key, const void *value,
		     uint64_t flags)
{
	(void)map, (void)key, (void)value, (void)flags;
	return -EINVAL;
}

int
eb_bpf_map_no_delete(struct bpf_map *map, const void *key)
{
	(void)map, (void)key;
	return -EINVAL;
}

int
eb_bpf_map_no_next_key(struct bpf_map *map, const void *key, void *next_key)
{
	(void)map, (void)key, (void)next_key;
	return -ENOENT;
}
