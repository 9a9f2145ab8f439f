/* What each map type implements (map.c dispatches, as Linux's
 * struct bpf_map_ops). Private to lib/bpf. */
#ifndef EBREAK_BPF_MAP_OPS_H
#define EBREAK_BPF_MAP_OPS_H
#include <ebreak/libc.h>
#include <ebreak/port.h>
#include "bpf/map.h"

struct bpf_map_ops {
	/* Checks the sizes in map and allocates map->data; 0 or -errno
	 * with why in err. */
	int (*alloc)(struct bpf_map *map, char *err, size_t errsize);
	/* The user let map go (bpf_map_free): optional, for a type whose
	 * values hold programs that would otherwise hold map (Linux's
	 * map_release_uref). */
	void (*release_uref)(struct bpf_map *map);
	/* The last reference went: frees map->data. */
	void (*free)(struct bpf_map *map);
	/* cpu: whose copy, for per-cpu maps. */
	void *(*lookup)(struct bpf_map *map, const void *key, uint32_t cpu);
	int (*update)(struct bpf_map *map, const void *key, const void *value,
		      uint64_t flags);
	int (*delete)(struct bpf_map *map, const void *key);
	int (*get_next_key)(struct bpf_map *map, const void *key,
			    void *next_key);
};

/* The ops of a map type whose elements no one looks up or sets (ring
 * buffers, perf event arrays): no value, -EINVAL, -EINVAL, -ENOENT (no
 * key follows any). Any context. map.c. */
void *eb_bpf_map_no_lookup(struct bpf_map *map, const void *key,
			   uint32_t cpu);
int eb_bpf_map_no_update(struct bpf_map *map, const void *key,
			 const void *value, uint64_t flags);
int eb_bpf_map_no_delete(struct bpf_map *map, const void *key);
int eb_bpf_map_no_next_key(struct bpf_map *map, const void *key,
			   void *next_key);

/* Element i of array map (one value for all harts), or NULL past its
 * end. Any context. */
static inline void *
bpf_array_elem(const struct bpf_map *map, uint32_t i)
{
	return i < map->max_entries ?
	       (char *)map->data + (size_t)i * map->elem_size : NULL;
}

/* bpf_map_lookup_elem, for it and for the interpreter's map lookup call:
 * an array's element in a few instructions, with no call (as Linux's
 * verifier inlines array lookups), other types through their ops. Any
 * context. */
static inline void *
bpf_map_lookup_inline(struct bpf_map *map, const void *key)
{
	typedef uint32_t __attribute__((may_alias)) u32a;
	uint32_t i;

	if (map->map_type != BPF_MAP_TYPE_ARRAY)
		return map->ops->lookup(map, key, eb_port_cpu_id());
	if ((uintptr_t)key & 3)		/* a key anywhere: byte by byte */
		memcpy(&i, key, sizeof(i));
	else
		i = *(const u32a *)key;
	return bpf_array_elem(map, i);
}

/* The array maps' storage (map.c): copies arrays of max_entries values
 * elem_size apart, zeroed, as map->data; the key must be 4 bytes. 0 or
 * -errno with why in err. Not in trap context. */
int eb_bpf_array_alloc(struct bpf_map *map, unsigned copies, char *err,
		       size_t errsize);
/* The update of a map whose values are fds in Linux (a prog array's
 * programs, a map of maps' maps), from the element calls: -EINVAL; their
 * own calls set them (eb_bpf_prog_array_update,
 * eb_bpf_map_of_maps_update). */
int eb_bpf_fd_map_update_elem(struct bpf_map *map, const void *key,
			      const void *value, uint64_t flags);
/* An array's get_next_key: the index after key's (0 for none). */
int eb_bpf_array_get_next_key(struct bpf_map *map, const void *key,
			      void *next_key);

/* --- maps of maps (map_in_map.c) */

/* Makes map's template (map->inner_meta) from inner, as Linux's
 * bpf_map_meta_alloc: 0, or -EINVAL (none, a prog array or a map of
 * maps, value_size not 4) / -ENOMEM with why in err. Not in trap
 * context. */
int eb_bpf_map_meta_alloc(struct bpf_map *map, const struct bpf_map *inner,
			  char *err, size_t errsize);
/* Lets go of inner (NULL is ignored), which a slot held until now, once
 * no program run can still be using it: after a grace period. Not in
 * trap context; no spinlock held. */
void eb_bpf_map_in_map_put(struct bpf_map *inner);

/* A hash of maps' slot (hashtab.c): key's value becomes inner (flags as
 * bpf_map_update_elem's), or with inner NULL key goes (-ENOENT if
 * absent); the map the value held in *old (NULL: none). Any context. */
int eb_htab_swap_map(struct bpf_map *map, const void *key,
		     struct bpf_map *inner, uint64_t flags,
		     struct bpf_map **old);

extern const struct bpf_map_ops eb_htab_map_ops;
extern const struct bpf_map_ops eb_htab_of_maps_ops;
extern const struct bpf_map_ops eb_array_of_maps_ops;
extern const struct bpf_map_ops eb_prog_array_map_ops;
extern const struct bpf_map_ops eb_stackmap_ops;
extern const struct bpf_map_ops eb_ringbuf_ops;
extern const struct bpf_map_ops eb_perf_event_array_ops;
extern const struct bpf_map_ops eb_cgroup_array_ops;

#endif
