/*
 * eBPF maps: fixed-size key/value tables shared between programs and the
 * code that loads them. Types and their ids are Linux's (BPF_MAP_TYPE_*),
 * and so are the element calls' semantics.
 *
 * All memory is allocated when the map is created (Linux's default
 * "prealloc"), so lookup, update and delete never allocate and are safe in
 * trap context, on any hart, concurrently. A value pointer returned by
 * lookup stays valid until the map is freed; for a hash map, after the
 * element is deleted the memory may be reused for another key.
 */
#ifndef EBREAK_BPF_MAP_H
#define EBREAK_BPF_MAP_H
#include <stddef.h>
#include <stdint.h>

enum bpf_map_type {
	BPF_MAP_TYPE_UNSPEC = 0,
	BPF_MAP_TYPE_HASH = 1,
	BPF_MAP_TYPE_ARRAY = 2,
	BPF_MAP_TYPE_PERCPU_ARRAY = 6,
};

/* flags of bpf_map_update_elem */
#define BPF_ANY		0	/* create or replace */
#define BPF_NOEXIST	1	/* create only */
#define BPF_EXIST	2	/* replace only */

#define BPF_OBJ_NAME_LEN 16

struct bpf_map_ops;

/* What a map is made from: libbpf's legacy definition, as in ELF "maps". */
struct bpf_map_def {
	uint32_t type;
	uint32_t key_size;
	uint32_t value_size;
	uint32_t max_entries;
	uint32_t map_flags;
};

struct bpf_map {
	uint32_t map_type;
	uint32_t key_size;
	uint32_t value_size;
	uint32_t max_entries;
	uint32_t map_flags;
	char name[BPF_OBJ_NAME_LEN];
	/* private to map.c */
	const struct bpf_map_ops *ops;
	uint32_t elem_size;	/* value_size rounded up to 8 */
	void *data;		/* the type's storage */
};

/*
 * Creates a map from def, named name (may be NULL; truncated to 15 chars).
 * Returns 0 and *mapp, or -EINVAL/-E2BIG/-ENOMEM with a message in err
 * saying which field is wrong. Not in trap context.
 */
int bpf_map_create(const struct bpf_map_def *def, const char *name,
		   struct bpf_map **mapp, char *err, size_t errsize);

/* Frees a map and its values (NULL is ignored). No program using it may
 * run any more. Not in trap context. */
void bpf_map_free(struct bpf_map *map);

/* Returns the value stored under key (this hart's copy for per-cpu maps),
 * or NULL if there is none. Any context. */
void *bpf_map_lookup_elem(struct bpf_map *map, const void *key);

/* Returns hart cpu's copy of key's value in a per-cpu map (for other maps,
 * the only copy), or NULL. Any context. */
void *bpf_map_lookup_percpu_elem(struct bpf_map *map, const void *key,
				 uint32_t cpu);

/*
 * Stores value under key. flags: BPF_ANY, BPF_NOEXIST (-EEXIST if key is
 * present), BPF_EXIST (-ENOENT if absent). Returns 0, -E2BIG (array index
 * out of range, or hash map full), -EINVAL (bad flags) or the above.
 * For per-cpu maps, sets this hart's copy. Any context.
 */
int bpf_map_update_elem(struct bpf_map *map, const void *key,
			const void *value, uint64_t flags);

/* Removes key: 0, -ENOENT if absent, -EINVAL for arrays (whose elements
 * always exist). Any context. */
int bpf_map_delete_elem(struct bpf_map *map, const void *key);

/*
 * Iteration: stores in next_key the key after key (the first key when key
 * is NULL or absent). Returns 0, or -ENOENT after the last. Order is
 * unspecified for hash maps. Not meant for concurrent updates (a key may
 * be skipped). Any context.
 */
int bpf_map_get_next_key(struct bpf_map *map, const void *key,
			 void *next_key);

/*
 * The address of byte off of an array map's value, for lddw
 * BPF_PSEUDO_MAP_VALUE (Linux's map_direct_value_addr): as in Linux the
 * map must be a BPF_MAP_TYPE_ARRAY with one entry, and off < value_size.
 * Returns 0 and *addr, or -EINVAL. Any context.
 */
int bpf_map_direct_value_addr(const struct bpf_map *map, uint32_t off,
			      uint64_t *addr);

#endif
