/*
 * Cgroup arrays (BPF_MAP_TYPE_CGROUP_ARRAY) and
 * bpf_current_task_under_cgroup, as libbpf-tools declare them for their
 * cgroup filter (`if (filter_cg && !bpf_current_task_under_cgroup(
 * &cgroup_map, 0))`, filter_cg a .rodata knob). In Linux user space puts
 * cgroups' fds in the slots; a host kernel here has no cgroups, so the
 * map is made with every slot empty and none can be filled: the helper
 * says what Linux's says of an empty slot, -EAGAIN, and -E2BIG past the
 * array, and such a program loads and runs unchanged.
 */
/* The map ops have the signatures all maps share; this type reads few
 * of their arguments. */
#pragma GCC diagnostic ignored "-Wunused-parameter"

#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include "bpf/helpers.h"
#include "bpf/map_ops.h"

/* As Linux: 4-byte keys and values (a cgroup's fd there). */
static int
cgroup_array_alloc(struct bpf_map *map, char *err, size_t errsize)
{
	if (map->key_size != 4 || map->value_size != 4) {
		eb_snprintf(err, errsize, "cgroup array: key_size and "
			    "value_size must be 4 (%u, %u)", map->key_size,
			    map->value_size);
		return -EINVAL;
	}
	map->data = NULL;
	return 0;
}

static void
cgroup_array_free(struct bpf_map *map)
{
}

const struct bpf_map_ops eb_cgroup_array_ops = {
	.alloc = cgroup_array_alloc,
	.free = cgroup_array_free,
	/* no cgroups to open into its slots */
	.lookup = eb_bpf_map_no_lookup,
	.update = eb_bpf_map_no_update,
	.delete = eb_bpf_map_no_delete,
	.get_next_key = eb_bpf_map_no_next_key,
};

/* bpf_current_task_under_cgroup(map, index): every slot is empty. */
static uint64_t
current_task_under_cgroup(uint64_t map, uint64_t index, uint64_t a3,
			  uint64_t a4, uint64_t a5)
{
	const struct bpf_map *m = (const struct bpf_map *)(uintptr_t)map;

	return (uint64_t)(int64_t)((uint32_t)index >= m->max_entries ?
				   -E2BIG : -EAGAIN);
}

const struct bpf_func_proto bpf_current_task_under_cgroup_proto = {
	.func = current_task_under_cgroup,
	.ret_type = RET_INTEGER,
	.arg_type = { ARG_CONST_MAP_PTR, ARG_ANYTHING },
};
