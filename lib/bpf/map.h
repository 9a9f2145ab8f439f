/*
 * eBPF maps inside the library: the map object (opaque in <ebreak/bpf.h>,
 * which declares the map calls) and what the verifier and the
 * interpreter need besides.
 */
#ifndef EBREAK_BPF_MAP_H
#define EBREAK_BPF_MAP_H
#include <ebreak/bpf.h>

struct bpf_map_ops;

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
	/* A prog array's programs: 0 until the first comes, then
	 * PROG_ARRAY_OWNED | type << 8 | PROG_ARRAY_JITED if JIT'd |
	 * PROG_ARRAY_WRITABLE on a writable context, and a TRACING
	 * program's hook: expected_attach_type << 16 | attach_btf_id << 32
	 * (prog_array.c). */
	uint64_t prog_owner;
	/* A prog array's context bounds (prog_array.c): bits 32-63 the
	 * complement of the fewest bytes a program naming it gives (0:
	 * none yet), bits 0-31 the most a slot's program reads. */
	uint64_t prog_ctx;
	/* bpf_prog_reach's mark on a prog array: the walk that last
	 * queued its slots' programs. Attach lock held. */
	uint32_t reach_walk;
	/* The user's reference (bpf_map_free drops it) and one per
	 * program whose maps hold it (Linux's program holds the maps it
	 * uses): a program a prog array keeps after its owner let it go
	 * still finds its maps. */
	uint32_t refcnt;
	/* A map of maps' template (Linux's inner_map_meta): a copy of the
	 * map eb_bpf_map_of_maps_create had, its storage none; what the
	 * verifier checks a looked-up inner map's uses against, and what
	 * every inner map put in must match (map_in_map.c). */
	struct bpf_map *inner_meta;
	/* Linux's frozen map: its values are set for good
	 * (eb_bpf_map_freeze), so the verifier reads them as constants */
	bool frozen;
};

/* Freezes map (Linux's BPF_MAP_FREEZE, as libbpf freezes .rodata once it
 * is filled): updates and deletes are -EPERM after, and a program's load
 * at a known offset of a frozen read-only map (BPF_F_RDONLY_PROG) is
 * verified as the constant it reads, as Linux's bpf_map_direct_read, so
 * a branch a .rodata knob turns off is not walked. Not in trap context. */
void eb_bpf_map_freeze(struct bpf_map *map);

/* Is map a map of maps (ARRAY_OF_MAPS, HASH_OF_MAPS)? */
static inline bool
bpf_map_is_map_in_map(const struct bpf_map *map)
{
	return map->map_type == BPF_MAP_TYPE_ARRAY_OF_MAPS ||
	       map->map_type == BPF_MAP_TYPE_HASH_OF_MAPS;
}

/* Takes a reference to map for a program naming it (Linux's
 * bpf_map_inc). Not in trap context. */
void bpf_map_inc(struct bpf_map *map);

/* Drops a reference to map; the last frees it (Linux's bpf_map_put).
 * Not in trap context. */
void bpf_map_put(struct bpf_map *map);

/*
 * The address of byte off of an array map's value, for lddw
 * BPF_PSEUDO_MAP_VALUE (Linux's map_direct_value_addr): as in Linux the
 * map must be a BPF_MAP_TYPE_ARRAY with one entry, and off < value_size.
 * Returns 0 and *addr, or -EINVAL. Any context.
 */
int bpf_map_direct_value_addr(const struct bpf_map *map, uint32_t off,
			      uint64_t *addr);

/* names.c: map type for a message, bpftool's name ("hash"), or its
 * number for a type Linux does not define, written to buf (12 bytes
 * hold any) and returned. Any context. */
const char *bpf_map_type_text(uint32_t type, char *buf, size_t size);

#endif
