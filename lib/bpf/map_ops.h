/* What each map type implements (map.c dispatches, as Linux's
 * struct bpf_map_ops). Private to lib/bpf. */
#ifndef EBREAK_BPF_MAP_OPS_H
#define EBREAK_BPF_MAP_OPS_H
#include "bpf/map.h"

struct bpf_map_ops {
	/* Checks the sizes in map and allocates map->data; 0 or -errno
	 * with why in err. */
	int (*alloc)(struct bpf_map *map, char *err, size_t errsize);
	void (*free)(struct bpf_map *map);
	/* cpu: whose copy, for per-cpu maps. */
	void *(*lookup)(struct bpf_map *map, const void *key, uint32_t cpu);
	int (*update)(struct bpf_map *map, const void *key, const void *value,
		      uint64_t flags);
	int (*delete)(struct bpf_map *map, const void *key);
	int (*get_next_key)(struct bpf_map *map, const void *key,
			    void *next_key);
};

extern const struct bpf_map_ops eb_htab_map_ops;
extern const struct bpf_map_ops eb_stackmap_ops;
extern const struct bpf_map_ops eb_ringbuf_ops;

#endif
