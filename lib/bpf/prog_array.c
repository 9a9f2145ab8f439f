/*
 * Prog arrays (BPF_MAP_TYPE_PROG_ARRAY): programs by index, which
 * bpf_tail_call runs in place of the caller. A slot is a pointer to a
 * program holding a reference to it (prog.h's refcnt), filled and
 * emptied from the host only; programs read slots (the interpreter's
 * and the JIT's tail call) and never write them. Emptying a slot waits
 * a grace period before it drops the program: tail calls run with
 * interrupts off (a probe handler's), so no hart is still jumping into
 * it. As Linux's bpf_prog_map_compatible, an array's programs and the
 * programs naming it share one type and one backend.
 */
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/kprobes.h>
#include <ebreak/libc.h>
#include "bpf/map_ops.h"
#include "bpf/prog.h"

#define PROG_ARRAY_OWNED	1u	/* prog_owner: set */
#define PROG_ARRAY_JITED	2u	/* the programs run JIT-compiled */

static struct bpf_prog **
slots(const struct bpf_map *map)
{
	return map->data;
}

static int
prog_array_alloc(struct bpf_map *map, char *err, size_t errsize)
{
	if (map->value_size != 4) {
		eb_snprintf(err, errsize,
			    "prog array value_size is %u, not 4 (a program's fd in Linux)",
			    map->value_size);
		return -EINVAL;
	}
	/* value_size 4 rounds up to an 8-byte element: a pointer each */
	return eb_bpf_array_alloc(map, 1, err, errsize);
}

/* The map may no longer be used by any program that runs (bpf.h):
 * its slots let their programs go at once. */
static void
prog_array_free(struct bpf_map *map)
{
	for (uint32_t i = 0; i < map->max_entries; i++)
		bpf_prog_free(slots(map)[i]);
	eb_port_free(map->data);
}

/* Programs may not look a prog array up (the verifier refuses), and the
 * host reads no fd from it: nothing to give. */
static void *
prog_array_lookup(struct bpf_map *map, const void *key, uint32_t cpu)
{
	(void)map, (void)key, (void)cpu;
	return NULL;
}

/* A value is a program's fd in Linux; here eb_bpf_prog_array_update. */
static int
prog_array_update(struct bpf_map *map, const void *key, const void *value,
		  uint64_t flags)
{
	(void)map, (void)key, (void)value, (void)flags;
	return -EINVAL;
}

/* Drops old, the program a slot held (NULL: none), once no tail call
 * can still be entering it. */
static void
drop(struct bpf_prog *old)
{
	if (!old)
		return;
	/* A run that read the old pointer runs with interrupts off: after
	 * the grace period none is inside it any more. */
	eb_grace_period();
	bpf_prog_free(old);
}

static int
prog_array_delete(struct bpf_map *map, const void *key)
{
	struct bpf_prog *old;
	uint32_t i;

	memcpy(&i, key, sizeof(i));
	if (i >= map->max_entries)
		return -E2BIG;
	bpf_links_lock();	/* a walk of the slots (bpf_prog_reach) holds it */
	old = __atomic_exchange_n(&slots(map)[i], NULL, __ATOMIC_RELEASE);
	bpf_links_unlock();
	bool held = old;
	drop(old);
	return held ? 0 : -ENOENT;
}

const struct bpf_map_ops eb_prog_array_map_ops = {
	.alloc = prog_array_alloc,
	.free = prog_array_free,
	.lookup = prog_array_lookup,
	.update = prog_array_update,
	.delete = prog_array_delete,
	.get_next_key = eb_bpf_array_get_next_key,
};

/* prog's type and backend, as prog_owner says them. */
static uint32_t
owner_of(const struct bpf_prog *prog)
{
	return PROG_ARRAY_OWNED | (uint32_t)prog->type << 8 |
	       (prog->jited ? PROG_ARRAY_JITED : 0);
}

/* Gives map's programs prog's type and backend, or says in why how
 * prog differs from them: -EINVAL. */
static int
claim(struct bpf_map *map, const struct bpf_prog *prog, char *why,
      size_t whysize)
{
	uint32_t want = owner_of(prog), cur = 0;

	if (__atomic_compare_exchange_n(&map->prog_owner, &cur, want, false,
					__ATOMIC_RELAXED, __ATOMIC_RELAXED) ||
	    cur == want)
		return 0;
	eb_snprintf(why, whysize,
		    "its programs are of type %u and %s, this one is of type %u and %s",
		    cur >> 8,
		    cur & PROG_ARRAY_JITED ? "JIT-compiled" : "interpreted",
		    prog->type, prog->jited ? "JIT-compiled" : "interpreted");
	return -EINVAL;
}

/* The prog arrays prog's lddws name take its type and backend (prog.h). */
int
bpf_prog_claim_prog_arrays(const struct bpf_prog *prog, char *err,
			   size_t errsize)
{
	size_t m = 0;

	while (m < prog->env.nr_maps &&
	       prog->env.maps[m]->map_type != BPF_MAP_TYPE_PROG_ARRAY)
		m++;
	if (m == prog->env.nr_maps)	/* none to name: no need to look */
		return 0;
	for (size_t i = 0; i < prog->len; i++) {
		const struct bpf_insn *in = &prog->insns[i];
		struct bpf_map *map;
		char why[120], msg[160];
		uint64_t v;

		if (in->code != (BPF_LD | BPF_IMM | BPF_DW))
			continue;
		i++;	/* lddw's second slot */
		if ((in->src_reg != BPF_PSEUDO_MAP_FD &&
		     in->src_reg != BPF_PSEUDO_MAP_IDX) ||
		    bpf_prog_lddw_value(prog, i - 1, &v, NULL, 0))
			continue;
		map = (struct bpf_map *)(uintptr_t)v;
		if (map->map_type == BPF_MAP_TYPE_PROG_ARRAY &&
		    claim(map, prog, why, sizeof(why))) {
			eb_snprintf(msg, sizeof(msg), "prog array '%s': %s",
				    map->name, why);
			return bpf_prog_refuse(prog, i - 1, err, errsize, msg);
		}
	}
	return 0;
}

static uint32_t reach_walks;	/* bpf_prog_reach's count: marks a walk */

/* Adds prog's reads to r, and those of the programs its tail calls reach
 * with left more. Recursion at most MAX_TAIL_CALL_CNT deep; a program is
 * walked again only with more tail calls left than before. */
static void
reach(struct bpf_prog *prog, uint32_t left, struct bpf_reach *r)
{
	if (prog->reach_walk == reach_walks && prog->reach_left >= left)
		return;
	prog->reach_walk = reach_walks;
	prog->reach_left = left;
	r->ctx_words |= prog->ctx_words;
	if (prog->env.ctx_size > r->ctx_size)
		r->ctx_size = prog->env.ctx_size;
	for (size_t m = 0; m < prog->env.nr_maps && left; m++) {
		struct bpf_map *map = prog->env.maps[m];

		if (map->map_type != BPF_MAP_TYPE_PROG_ARRAY)
			continue;
		r->names_map |= map == r->map;
		for (uint32_t i = 0; i < map->max_entries; i++)
			if (slots(map)[i])
				reach(slots(map)[i], left - 1, r);
	}
}

/* What prog's runs read, tail calls included (prog.h). Attach lock held. */
void
bpf_prog_reach(struct bpf_prog *prog, struct bpf_reach *r)
{
	r->names_map = false;
	r->ctx_words = 0;
	r->ctx_size = 0;
	reach_walks++;
	reach(prog, MAX_TAIL_CALL_CNT, r);
}

/* Puts prog in slot index (<ebreak/bpf.h>). Not in trap context. */
int
eb_bpf_prog_array_update(struct bpf_map *map, uint32_t index,
			 struct bpf_prog *prog, char *err, size_t errsize)
{
	struct bpf_prog *old = NULL;
	char why[200];
	int r;

	if (map->map_type != BPF_MAP_TYPE_PROG_ARRAY) {
		eb_snprintf(err, errsize, "map '%s' is of type %u, not a prog array (3)",
			    map->name, map->map_type);
		return -EINVAL;
	}
	if (index >= map->max_entries) {
		eb_snprintf(err, errsize, "prog array '%s': slot %u, past its %u",
			    map->name, index, map->max_entries);
		return -E2BIG;
	}
	if (!prog->bpf_func) {
		eb_snprintf(err, errsize, "prog array '%s': slot %u: the program is not loaded",
			    map->name, index);
		return -EINVAL;
	}
	bpf_links_lock();	/* the check and the fill as one */
	if (!(r = claim(map, prog, why, sizeof(why))) &&
	    !(r = bpf_links_check_slot(map, prog, why, sizeof(why)))) {
		__atomic_add_fetch(&prog->refcnt, 1, __ATOMIC_RELAXED);
		old = __atomic_exchange_n(&slots(map)[index], prog,
					  __ATOMIC_RELEASE);
	}
	bpf_links_unlock();
	if (r) {
		eb_snprintf(err, errsize, "prog array '%s': slot %u: %s",
			    map->name, index, why);
		return r;
	}
	drop(old);
	return 0;
}

/* The program in slot index (<ebreak/bpf.h>). Not in trap context. */
const struct bpf_prog *
eb_bpf_prog_array_slot(const struct bpf_map *map, uint32_t index)
{
	if (map->map_type != BPF_MAP_TYPE_PROG_ARRAY || index >= map->max_entries)
		return NULL;
	return __atomic_load_n(&slots(map)[index], __ATOMIC_ACQUIRE);
}
