/*
 * The helpers that call a callback, a function of the program whose
 * address lddw of BPF_PSEUDO_FUNC gives: bpf_loop (181), as Linux's
 * kernel/bpf/bpf_iter.c, and bpf_for_each_map_elem (164), as its
 * kernel/bpf/arraymap.c and hashtab.c. The verifier walks the callback
 * as a frame above the caller (verifier_call.c). The loops are here for
 * both backends; how one call runs is theirs: the interpreter runs the
 * callback's pre-decoded instructions in a new frame (interp.c), the
 * JIT'd callback is a function of the image, called as C calls it (this
 * file's call_native, the prototypes' func).
 */
/* The helpers take all five registers, as helpers.c's; these read four,
 * and call_native's run is the interpreter's only. */
#pragma GCC diagnostic ignored "-Wunused-parameter"

#include <ebreak/errno.h>
#include <ebreak/port.h>
#include "bpf/helpers.h"
#include "bpf/map_ops.h"

/* Contract in helpers.h. */
int64_t
eb_bpf_loop(uint64_t nr_loops, const void *fn, uint64_t ctx, uint64_t flags,
	    eb_bpf_callback_run_t call, void *run)
{
	uint32_t nr = (uint32_t)nr_loops, i;

	if (flags)
		return -EINVAL;
	if (nr > BPF_MAX_LOOPS)
		return -E2BIG;
	for (i = 0; i < nr; i++)
		if (call(fn, i, ctx, 0, 0, run))
			return i + 1;
	return nr;
}

/* A hash map's keys (or a per-hart array's indexes), each with its
 * value as the lookup gives it (a per-hart map's: this hart's),
 * through get_next_key: at most max_entries steps, whatever the
 * callback or other harts delete meanwhile. As Linux's bucket walk, the
 * callback may delete the key it is given or any other and the walk
 * goes on past it: the next key is taken before the call (get_next_key
 * of a deleted key would start over, giving keys again), and again
 * after it if the call deleted that one. */
static int64_t
for_each_key(struct bpf_map *map, const void *fn, uint64_t ctx,
	     eb_bpf_callback_run_t call, void *run)
{
	uint64_t keys[2][(map->key_size + 7) / 8];
	void *key = keys[0], *next = keys[1], *t;
	bool more = !map->ops->get_next_key(map, NULL, key);
	uint32_t cpu = eb_port_cpu_id();
	int64_t n = 0;
	void *value;

	for (uint32_t step = 0; more && step < map->max_entries; step++) {
		more = !map->ops->get_next_key(map, key, next);
		if ((value = map->ops->lookup(map, key, cpu))) {	/* else deleted since */
			n++;
			if (call(fn, (uintptr_t)map, (uintptr_t)key, (uintptr_t)value,
				 ctx, run))
				break;
			if (more && !map->ops->lookup(map, next, cpu))
				more = !map->ops->get_next_key(map, key, next);
		}
		t = key, key = next, next = t;
	}
	return n;
}

/* Contract in helpers.h. */
int64_t
eb_bpf_for_each_map_elem(uint64_t m, const void *fn, uint64_t ctx,
			 uint64_t flags, eb_bpf_callback_run_t call, void *run)
{
	struct bpf_map *map = (struct bpf_map *)(uintptr_t)m;
	uint32_t i;

	if (flags)
		return -EINVAL;
	if (map->map_type != BPF_MAP_TYPE_ARRAY)
		return for_each_key(map, fn, ctx, call, run);
	for (i = 0; i < map->max_entries; i++)
		if (call(fn, (uintptr_t)map, (uintptr_t)&i,
			 (uintptr_t)bpf_array_elem(map, i), ctx, run))
			return i + 1;
	return i;
}

/* One call of a JIT'd callback: its entry is a function of the image
 * taking r1-r4 in a0-a3, r0 back in a0. */
static uint64_t
call_native(const void *fn, uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4,
	    void *run)
{
	return ((uint64_t (*)(uint64_t, uint64_t, uint64_t, uint64_t))fn)(r1, r2, r3, r4);
}

static uint64_t
loop(uint64_t nr_loops, uint64_t fn, uint64_t ctx, uint64_t flags, uint64_t r5)
{
	return (uint64_t)eb_bpf_loop(nr_loops, (const void *)(uintptr_t)fn, ctx,
				     flags, call_native, NULL);
}

const struct bpf_func_proto bpf_loop_proto = {
	.func = loop,
	.calls_back = eb_bpf_loop,
	.ret_type = RET_INTEGER,
	.arg_type = { ARG_ANYTHING, ARG_PTR_TO_FUNC, ARG_PTR_TO_STACK_OR_NULL,
		      ARG_ANYTHING },
};

static uint64_t
for_each_map_elem(uint64_t map, uint64_t fn, uint64_t ctx, uint64_t flags,
		  uint64_t r5)
{
	return (uint64_t)eb_bpf_for_each_map_elem(map, (const void *)(uintptr_t)fn,
						  ctx, flags, call_native, NULL);
}

const struct bpf_func_proto bpf_for_each_map_elem_proto = {
	.func = for_each_map_elem,
	.calls_back = eb_bpf_for_each_map_elem,
	.ret_type = RET_INTEGER,
	.arg_type = { ARG_CONST_MAP_PTR, ARG_PTR_TO_FUNC, ARG_PTR_TO_STACK_OR_NULL,
		      ARG_ANYTHING },
};
