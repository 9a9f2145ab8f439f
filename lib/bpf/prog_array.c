/*
 * Prog arrays (BPF_MAP_TYPE_PROG_ARRAY): programs by index, which
 * bpf_tail_call runs in place of the caller. A slot is a pointer to a
 * program holding a reference to it (prog.h's refcnt), filled and
 * emptied from the host only; programs read slots (the interpreter's
 * and the JIT's tail call) and never write them. Emptying a slot waits
 * a grace period before it drops the program: tail calls run with
 * interrupts off (a probe handler's), so no hart is still jumping into
 * it. As Linux's bpf_prog_map_compatible, an array's programs and the
 * programs naming it share one type and one backend, a context writable
 * or not, and TRACING programs one hook (Linux's one function prototype;
 * here one function and one of fentry or fexit: a fentry run has no
 * return value for a fexit program's bpf_get_func_ret); a tail call keeps the caller's context, so no slot's
 * program reads more of it than every program naming the array gives
 * (Linux's tracepoint programs read a buffer of the largest record,
 * here the context is the event's own).
 */
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/kprobes.h>
#include <ebreak/libc.h>
#include "bpf/map_ops.h"
#include "bpf/prog.h"

#define PROG_ARRAY_OWNED	1u	/* prog_owner: set */
#define PROG_ARRAY_JITED	2u	/* the programs run JIT-compiled */
#define PROG_ARRAY_WRITABLE	4u	/* on a writable context */

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
	/* value_size 4 rounds up to an 8-byte element: a pointer each;
	 * the second copy is release_uref's, for what it takes out */
	return eb_bpf_array_alloc(map, 2, err, errsize);
}

/* Programs may not look a prog array up (the verifier refuses), and the
 * host reads no fd from it: nothing to give. */
static void *
prog_array_lookup(struct bpf_map *map, const void *key, uint32_t cpu)
{
	(void)map, (void)key, (void)cpu;
	return NULL;
}

/* Drops old, the program a slot held, once no tail call can still be
 * entering it; -ENOENT if the slot held none (NULL). */
static int
drop(struct bpf_prog *old)
{
	if (!old)
		return -ENOENT;
	/* A run that read the old pointer runs with interrupts off: after
	 * the grace period none is inside it any more. */
	eb_grace_period();
	bpf_prog_free(old);
	return 0;
}

/* Empties slot i and drops what it held (-ENOENT: nothing). */
static int
empty_slot(struct bpf_map *map, uint32_t i)
{
	struct bpf_prog *old;

	bpf_links_lock();	/* a walk of the slots (bpf_prog_reach) holds it */
	old = __atomic_exchange_n(&slots(map)[i], NULL, __ATOMIC_RELEASE);
	bpf_links_unlock();
	return drop(old);
}

/* The user let map go: its slots let their programs go (map_ops.h),
 * all after one grace period, as a program naming map (so holding it)
 * may still be tail-calling through it. */
static void
prog_array_release_uref(struct bpf_map *map)
{
	struct bpf_prog **out = slots(map) + map->max_entries;
	uint32_t n = map->max_entries;

	bpf_links_lock();	/* a walk of the slots (bpf_prog_reach) holds it */
	for (uint32_t i = 0; i < n; i++)
		out[i] = __atomic_exchange_n(&slots(map)[i], NULL,
					     __ATOMIC_RELEASE);
	bpf_links_unlock();
	/* A run that read one of them runs with interrupts off: after the
	 * grace period none is inside any. */
	eb_grace_period();
	for (uint32_t i = 0; i < n; i++)
		bpf_prog_free(out[i]);
}

/* The last reference went: no program names map, its slots are empty
 * (release_uref came first). */
static void
prog_array_free(struct bpf_map *map)
{
	eb_port_free(map->data);
}

static int
prog_array_delete(struct bpf_map *map, const void *key)
{
	uint32_t i;

	memcpy(&i, key, sizeof(i));
	if (i >= map->max_entries)
		return -E2BIG;
	return empty_slot(map, i);
}

const struct bpf_map_ops eb_prog_array_map_ops = {
	.alloc = prog_array_alloc,
	.release_uref = prog_array_release_uref,
	.free = prog_array_free,
	.lookup = prog_array_lookup,
	.update = eb_bpf_fd_map_update_elem,
	.delete = prog_array_delete,
	.get_next_key = eb_bpf_array_get_next_key,
};

/* prog's type, backend, context's writability and hook (0 but for
 * TRACING programs), as prog_owner says them. */
static uint64_t
owner_of(const struct bpf_prog *prog)
{
	return PROG_ARRAY_OWNED | (uint64_t)prog->type << 8 |
	       (prog->jited ? PROG_ARRAY_JITED : 0) |
	       (prog->env.ctx_writable ? PROG_ARRAY_WRITABLE : 0) |
	       (uint64_t)prog->expected_attach_type << 16 |
	       (uint64_t)prog->attach_btf_id << 32;
}

/* Says in why how TRACING prog's hook differs from owner's: -EINVAL. */
static int
other_hook(uint64_t owner, const struct bpf_prog *prog, char *why,
	   size_t whysize)
{
	eb_snprintf(why, whysize,
		    "its programs are for %s of BTF function %u, this one is for %s of BTF function %u (a tail call stays on its hook, as Linux's)",
		    bpf_attach_type_name((uint8_t)(owner >> 16)),
		    (uint32_t)(owner >> 32),
		    bpf_attach_type_name(prog->expected_attach_type),
		    prog->attach_btf_id);
	return -EINVAL;
}

/* Gives map's programs prog's type, backend and writability (if dry,
 * only checks it could), or says in why how prog differs from them:
 * -EINVAL. */
static int
claim_owner(struct bpf_map *map, const struct bpf_prog *prog, bool dry,
	    char *why, size_t whysize)
{
	uint64_t want = owner_of(prog), cur = 0;

	if (dry ? !(cur = __atomic_load_n(&map->prog_owner, __ATOMIC_RELAXED)) :
	    __atomic_compare_exchange_n(&map->prog_owner, &cur, want, false,
					__ATOMIC_RELAXED, __ATOMIC_RELAXED))
		return 0;
	if (cur == want)
		return 0;
	if ((uint16_t)cur == (uint16_t)want)	/* only the hook differs */
		return other_hook(cur, prog, why, whysize);
	/* an interpreted program the JIT failed on: why, which the
	 * refusal alone would hide */
	const char *jit_why = prog->jited ? NULL : eb_bpf_jit_why(prog->jit_error);

	eb_snprintf(why, whysize,
		    "its programs are of type %u and %s%s, this one is of type %u and %s%s%s%s%s",
		    (uint8_t)(cur >> 8),
		    cur & PROG_ARRAY_JITED ? "JIT-compiled" : "interpreted",
		    cur & PROG_ARRAY_WRITABLE ? " on a writable context" : "",
		    prog->type, prog->jited ? "JIT-compiled" : "interpreted",
		    prog->env.ctx_writable ? " on a writable context" : "",
		    jit_why ? " (the JIT could not compile it: " : "",
		    jit_why ? jit_why : "", jit_why ? ")" : "");
	return -EINVAL;
}

/*
 * Notes prog's context in map's prog_ctx: a caller (naming map) gives
 * at least its ctx_size bytes, a slot's program reads up to its own.
 * -EINVAL, saying why, if a slot's program would then read more than
 * some caller gives; if dry, only checks. One compare-and-swap of both
 * bounds: a caller and a slot's program coming at once cannot both pass.
 */
static int
claim_ctx(struct bpf_map *map, const struct bpf_prog *prog, bool caller,
	  bool dry, char *why, size_t whysize)
{
	uint32_t size = prog->env.ctx_size, give, read;
	uint64_t cur = __atomic_load_n(&map->prog_ctx, __ATOMIC_RELAXED);

	do {
		give = ~(uint32_t)(cur >> 32);	/* none yet: UINT32_MAX */
		read = (uint32_t)cur;
		if (caller && size < read) {
			eb_snprintf(why, whysize, "its programs read up to %u bytes of context, this one gives %u",
				    read, size);
			return -EINVAL;
		}
		if (!caller && size > give) {
			eb_snprintf(why, whysize, "the program reads up to %u bytes of context, the programs calling through the array give %u",
				    size, give);
			return -EINVAL;
		}
		if (dry)
			return 0;
		if (caller && size < give)
			give = size;
		if (!caller && size > read)
			read = size;
	} while (!__atomic_compare_exchange_n(&map->prog_ctx, &cur,
					      (uint64_t)~give << 32 | read,
					      false, __ATOMIC_RELAXED,
					      __ATOMIC_RELAXED));
	return 0;
}

/* claim_owner, then claim_ctx. */
static int
claim(struct bpf_map *map, const struct bpf_prog *prog, bool caller,
      bool dry, char *why, size_t whysize)
{
	int r = claim_owner(map, prog, dry, why, whysize);

	return r ? r : claim_ctx(map, prog, caller, dry, why, whysize);
}

/* Is map (NULL: a map index naming none) a prog array? */
static bool
is_prog_array(const struct bpf_map *map)
{
	return map && map->map_type == BPF_MAP_TYPE_PROG_ARRAY;
}

/* claim of each prog array prog's lddws name, as a caller; dry: only
 * checks. */
static int
claim_named(const struct bpf_prog *prog, bool dry, char *err, size_t errsize)
{
	for (size_t i = 0; i < prog->len; i++) {
		const struct bpf_insn *in = &prog->insns[i];
		struct bpf_map *map;
		char why[192], msg[256];
		uint64_t v;

		if (in->code != (BPF_LD | BPF_IMM | BPF_DW))
			continue;
		i++;	/* lddw's second slot */
		if ((in->src_reg != BPF_PSEUDO_MAP_FD &&
		     in->src_reg != BPF_PSEUDO_MAP_IDX) ||
		    bpf_prog_lddw_value(prog, i - 1, &v, NULL, 0))
			continue;
		map = (struct bpf_map *)(uintptr_t)v;
		if (is_prog_array(map) &&
		    claim(map, prog, true, dry, why, sizeof(why))) {
			eb_snprintf(msg, sizeof(msg), "prog array '%s': %s",
				    map->name, why);
			return bpf_prog_refuse(prog, i - 1, err, errsize, msg);
		}
	}
	return 0;
}

/* The prog arrays prog's lddws name take its type and backend (prog.h):
 * all are checked before any takes them, under the attach lock as a slot's
 * update claims (a slot's program coming between the checks and the
 * claims would refuse the program half way), so a refused program
 * leaves them as they were. */
int
bpf_prog_claim_prog_arrays(const struct bpf_prog *prog, char *err,
			   size_t errsize)
{
	size_t m = 0;
	int r;

	while (m < prog->env.nr_maps && !is_prog_array(prog->env.maps[m]))
		m++;
	if (m == prog->env.nr_maps)	/* none to name: no need to look */
		return 0;
	bpf_links_lock();
	if (!(r = claim_named(prog, true, err, errsize)))
		r = claim_named(prog, false, err, errsize);
	bpf_links_unlock();
	return r;
}

static uint32_t reach_walks;	/* bpf_prog_reach's count: marks a walk */

/* Queues prog at *tail with left tail calls left, unless this walk
 * queued it already: the queue runs in order of tail calls left, most
 * first, so its first time is with the most. */
static void
reach_queue(struct bpf_prog *prog, uint32_t left, struct bpf_prog ***tail)
{
	if (prog->reach_walk == reach_walks)
		return;
	prog->reach_walk = reach_walks;
	prog->reach_left = left;
	prog->reach_next = NULL;
	**tail = prog;
	*tail = &prog->reach_next;
}

/* Queues the programs in the slots of the prog arrays prog names, once
 * per map in a walk: the first program naming it has the most tail
 * calls left. */
static void
reach_slots(const struct bpf_prog *prog, struct bpf_reach *r,
	    struct bpf_prog ***tail)
{
	for (size_t m = 0; m < prog->env.nr_maps; m++) {
		struct bpf_map *map = prog->env.maps[m];

		if (!is_prog_array(map))
			continue;
		r->names_map |= map == r->map;
		if (map->reach_walk == reach_walks)
			continue;
		map->reach_walk = reach_walks;
		for (uint32_t i = 0; i < map->max_entries; i++)
			if (slots(map)[i])
				reach_queue(slots(map)[i], prog->reach_left - 1,
					    tail);
	}
}

/* What prog's runs read, tail calls included (prog.h). Attach lock held.
 * Breadth first, each program and each prog array once: a walk costs the
 * programs and slots it reaches, and no stack. */
void
bpf_prog_reach(struct bpf_prog *prog, struct bpf_reach *r)
{
	struct bpf_prog *head = NULL, **tail = &head;

	r->names_map = false;
	r->ctx_words = 0;
	r->ctx_size = 0;
	r->kprobe_override = false;
	reach_walks++;
	reach_queue(prog, MAX_TAIL_CALL_CNT, &tail);
	for (struct bpf_prog *p = head; p; p = p->reach_next) {
		r->ctx_words |= p->ctx_words;
		r->kprobe_override |= p->kprobe_override;
		if (p->env.ctx_size > r->ctx_size)
			r->ctx_size = p->env.ctx_size;
		if (p->reach_left)
			reach_slots(p, r, &tail);
	}
}

/* Puts prog in slot index (<ebreak/bpf.h>). Not in trap context. */
int
eb_bpf_prog_array_update(struct bpf_map *map, uint32_t index,
			 struct bpf_prog *prog, char *err, size_t errsize)
{
	struct bpf_prog *old = NULL;
	char why[200];
	int r;

	if (!map || !prog) {
		eb_snprintf(err, errsize, "prog array update: map or prog is NULL");
		return -EINVAL;
	}
	if (map->map_type != BPF_MAP_TYPE_PROG_ARRAY) {
		eb_snprintf(err, errsize, "map '%s' is of type %s, not a prog array (prog_array)",
			    map->name, eb_bpf_map_type_str(map->map_type));
		return -EINVAL;
	}
	if (index >= map->max_entries) {
		eb_snprintf(err, errsize, "prog array '%s': slot %u, past its %u",
			    map->name, index, map->max_entries);
		return -E2BIG;
	}
	if (!prog->verified || !prog->bpf_func) {	/* as attach wants it */
		eb_snprintf(err, errsize, "prog array '%s': slot %u: the program is not loaded (verified and prepared)",
			    map->name, index);
		return -EINVAL;
	}
	bpf_links_lock();	/* the checks and the fill as one */
	if (!(r = bpf_links_check_slot(map, prog, why, sizeof(why))) &&
	    !(r = claim(map, prog, false, false, why, sizeof(why)))) {
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
