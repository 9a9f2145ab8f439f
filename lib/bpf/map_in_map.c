/*
 * Maps of maps (BPF_MAP_TYPE_ARRAY_OF_MAPS, HASH_OF_MAPS), as Linux's
 * map_in_map.c: a map whose values are other maps, all of one template
 * made at creation (eb_bpf_map_of_maps_create's inner map: its type, key
 * and value sizes, flags, an array's max_entries unless
 * BPF_F_INNER_MAP). A program's lookup gives the inner map itself, which
 * the verifier lets it pass to the map helpers as a map of the template.
 *
 * A value holds its map (a reference, map.h's refcnt), put in and taken
 * out from the host only. Taking one out lets it go after a grace
 * period: programs run with interrupts off, so a run that looked the old
 * map up has finished with it (Linux waits for RCU the same way).
 * Arrays are here; hashes are hashtab.c's elements holding a map.
 */
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/kprobes.h>
#include <ebreak/libc.h>
#include "bpf/map_ops.h"

/* The template from inner (map_ops.h). Not in trap context. */
int
eb_bpf_map_meta_alloc(struct bpf_map *map, const struct bpf_map *inner,
		      char *err, size_t errsize)
{
	struct bpf_map *meta;

	if (map->value_size != 4) {
		eb_snprintf(err, errsize, "map of maps value_size is %u, not 4 (a map's fd in Linux)",
			    map->value_size);
		return -EINVAL;
	}
	if (!inner) {
		eb_snprintf(err, errsize, "a map of maps needs its inner maps' template");
		return -EINVAL;
	}
	/* one level, as Linux; a prog array's programs bind their type
	 * and backend at run time, which a template cannot say */
	if (bpf_map_is_map_in_map(inner) ||
	    inner->map_type == BPF_MAP_TYPE_PROG_ARRAY) {
		eb_snprintf(err, errsize, "inner map '%s' is a %s: maps of maps hold no %s",
			    inner->name, inner->map_type == BPF_MAP_TYPE_PROG_ARRAY ?
			    "prog array" : "map of maps", inner->map_type ==
			    BPF_MAP_TYPE_PROG_ARRAY ? "prog arrays" : "maps of maps");
		return -EINVAL;
	}
	if (!(meta = eb_port_alloc(sizeof(*meta)))) {
		eb_snprintf(err, errsize, "out of memory for a map template");
		return -ENOMEM;
	}
	memset(meta, 0, sizeof(*meta));
	meta->map_type = inner->map_type;
	meta->key_size = inner->key_size;
	meta->value_size = inner->value_size;
	meta->max_entries = inner->max_entries;
	meta->map_flags = inner->map_flags;
	meta->elem_size = inner->elem_size;
	memcpy(meta->name, inner->name, sizeof(meta->name));
	map->inner_meta = meta;
	return 0;
}

/* Does inner match map's template? If not, says in why what differs. An
 * array's max_entries counts unless BPF_F_INNER_MAP (Linux's
 * array_map_meta_equal); other types' never does (bpf_map_meta_equal). */
static bool
fits(const struct bpf_map *map, const struct bpf_map *inner, char *why,
     size_t whysize)
{
	const struct bpf_map *t = map->inner_meta;
	bool array = t->map_type == BPF_MAP_TYPE_ARRAY ||
		     t->map_type == BPF_MAP_TYPE_PERCPU_ARRAY;
	const struct {
		const char *what;
		uint32_t is, want;
		bool counts;
	} f[] = {
		{ "key_size", inner->key_size, t->key_size, true },
		{ "value_size", inner->value_size, t->value_size, true },
		{ "map_flags", inner->map_flags, t->map_flags, true },
		{ "max_entries", inner->max_entries, t->max_entries,
		  array && !(t->map_flags & BPF_F_INNER_MAP) },
	};

	char is[12], want[12];

	if (inner->map_type != t->map_type) {
		eb_snprintf(why, whysize, "map '%s' has type %s, the template %s",
			    inner->name, bpf_map_type_text(inner->map_type, is, sizeof(is)),
			    bpf_map_type_text(t->map_type, want, sizeof(want)));
		return false;
	}
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (f[i].counts && f[i].is != f[i].want) {
			eb_snprintf(why, whysize, "map '%s' has %s %u, the template %u",
				    inner->name, f[i].what, f[i].is, f[i].want);
			return false;
		}
	return true;
}

/* Lets inner go after a grace period (map_ops.h). */
void
eb_bpf_map_in_map_put(struct bpf_map *inner)
{
	if (!inner)
		return;
	/* A run that looked inner up runs with interrupts off: after the
	 * grace period none is using it. */
	eb_grace_period();
	bpf_map_put(inner);
}

/* key, for messages: its number (keys of up to 8 bytes), else its size. */
static void
key_text(const struct bpf_map *map, const void *key, char *buf, size_t size)
{
	uint64_t k = 0;

	if (map->key_size > 8) {
		eb_snprintf(buf, size, "a key of %u bytes", map->key_size);
		return;
	}
	memcpy(&k, key, map->key_size);	/* little-endian */
	eb_snprintf(buf, size, "%s %llu", map->map_type ==
		    BPF_MAP_TYPE_ARRAY_OF_MAPS ? "slot" : "key",
		    (unsigned long long)k);
}

/* --- arrays of maps: a map pointer per slot, elem_size 8 */

static struct bpf_map **
slot(const struct bpf_map *map, const void *key)
{
	uint32_t i;

	memcpy(&i, key, sizeof(i));
	return bpf_array_elem(map, i);
}

static int
array_of_maps_alloc(struct bpf_map *map, char *err, size_t errsize)
{
	return eb_bpf_array_alloc(map, 1, err, errsize);
}

/* The last reference went: no program runs with map, so its maps go
 * now. */
static void
array_of_maps_free(struct bpf_map *map)
{
	for (uint32_t i = 0; i < map->max_entries; i++)
		if (((struct bpf_map **)map->data)[i])
			bpf_map_put(((struct bpf_map **)map->data)[i]);
	eb_port_free(map->data);
}

static void *
array_of_maps_lookup(struct bpf_map *map, const void *key, uint32_t cpu)
{
	struct bpf_map **s = slot(map, key);

	(void)cpu;
	/* acquire: pairs with array_swap's release */
	return s ? __atomic_load_n(s, __ATOMIC_ACQUIRE) : NULL;
}

/* Puts inner in slot key of array of maps map; the old map in *old.
 * Linux's fd arrays take BPF_ANY only. */
static int
array_swap(struct bpf_map *map, const void *key, struct bpf_map *inner,
	   uint64_t flags, struct bpf_map **old, char *why, size_t whysize)
{
	struct bpf_map **s = slot(map, key);

	if (flags != BPF_ANY) {
		eb_snprintf(why, whysize, "flags %llu: an array of maps takes BPF_ANY (0) only",
			    (unsigned long long)flags);
		return -EINVAL;
	}
	if (!s) {
		eb_snprintf(why, whysize, "past its %u slots", map->max_entries);
		return -E2BIG;
	}
	/* release: inner's making before a run finds it; acquire: the
	 * old map's last writes before it is let go */
	*old = __atomic_exchange_n(s, inner, __ATOMIC_ACQ_REL);
	return 0;
}

/* Empties the slot (array_swap with no map); its map goes after a grace
 * period. */
static int
array_of_maps_delete(struct bpf_map *map, const void *key)
{
	struct bpf_map *old;
	int r = array_swap(map, key, NULL, BPF_ANY, &old, NULL, 0);

	if (r)
		return r;
	if (!old)
		return -ENOENT;
	eb_bpf_map_in_map_put(old);
	return 0;
}

const struct bpf_map_ops eb_array_of_maps_ops = {
	.alloc = array_of_maps_alloc,
	.free = array_of_maps_free,
	.lookup = array_of_maps_lookup,
	.update = eb_bpf_fd_map_update_elem,
	.delete = array_of_maps_delete,
	.get_next_key = eb_bpf_array_get_next_key,
};

/* Puts inner under key (<ebreak/bpf.h>). Not in trap context. */
int
eb_bpf_map_of_maps_update(struct bpf_map *map, const void *key,
			  struct bpf_map *inner, uint64_t flags, char *err,
			  size_t errsize)
{
	struct bpf_map *old = NULL;
	char k[48], why[160] = "";
	int r;

	if (!map || !key || !inner) {
		eb_snprintf(err, errsize, "map of maps update: map, key or inner is NULL");
		return -EINVAL;
	}
	if (!bpf_map_is_map_in_map(map)) {
		eb_snprintf(err, errsize, "map '%s' is of type %s, not a map of maps (array_of_maps, hash_of_maps)",
			    map->name, eb_bpf_map_type_str(map->map_type));
		return -EINVAL;
	}
	key_text(map, key, k, sizeof(k));
	if (!fits(map, inner, why, sizeof(why))) {
		eb_snprintf(err, errsize, "map '%s': %s: %s", map->name, k, why);
		return -EINVAL;
	}
	bpf_map_inc(inner);	/* the slot's */
	if (map->map_type == BPF_MAP_TYPE_ARRAY_OF_MAPS)
		r = array_swap(map, key, inner, flags, &old, why, sizeof(why));
	else if ((r = flags > BPF_EXIST ? -EINVAL :
		      eb_htab_swap_map(map, key, inner, flags, &old)))
		eb_snprintf(why, sizeof(why), "%s", r == -EEXIST ? "present (BPF_NOEXIST)" :
			    r == -ENOENT ? "absent (BPF_EXIST)" :
			    r == -E2BIG ? "the map is full" : "bad flags");
	if (r) {
		bpf_map_put(inner);	/* not the last: the caller's stays */
		eb_snprintf(err, errsize, "map '%s': %s: %s", map->name, k, why);
		return r;
	}
	eb_bpf_map_in_map_put(old);
	return 0;
}
