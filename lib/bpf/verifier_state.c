/*
 * Path states: copies for pending branches, and the states stored at
 * prune points for pruning.
 *
 * A stored state records the path reached the instruction in it; once
 * every path from it is explored (branches == 0) it is proven safe, and a
 * later path arriving in a state it contains (each register and stack
 * byte equally or less known) is safe too, and stops. While paths from
 * it are still being explored it may be the head of a loop the current
 * path is in: arriving there again in an identical state is a loop that
 * never ends, refused. Registers the code ahead does not read (liveness,
 * verifier_structure.c) are ignored in both comparisons.
 */
#include <ebreak/errno.h>
#include <ebreak/port.h>
#include <ebreak/libc.h>
#include "bpf/verifier_impl.h"

/* Stored states stop when they hold this much memory (a program that
 * needs more is too complex, like one that exhausts the budget). */
#define MAX_STATE_BYTES (64u << 20)
/* A new state is stored only after this many instructions on the path. */
#define STORE_DISTANCE 8

struct state_node {
	struct state_node *next;	/* in explored[insn] */
	struct state_node *all;		/* in v->all_nodes */
	struct state_node *parent;
	uint32_t branches;		/* paths from here not yet done */
	uint32_t hits, misses;		/* comparisons that pruned or not */
	struct bpf_verifier_state st;
};

static size_t
frame_bytes(const struct bpf_func_state *fr)
{
	return sizeof(*fr) + fr->nslots * sizeof(struct bpf_stack_slot);
}

/* A frame with no stack written yet; NULL if out of memory. */
struct bpf_func_state *
eb_verifier_alloc_frame(void)
{
	struct bpf_func_state *fr = eb_port_alloc(sizeof(*fr));

	if (fr)
		memset(fr, 0, sizeof(*fr));
	return fr;
}

/* Frees fr and its stack (NULL is ignored). */
void
eb_verifier_free_frame(struct bpf_func_state *fr)
{
	if (fr) {
		eb_port_free(fr->stack);
		eb_port_free(fr);
	}
}

/* Makes frame frameno of the current state have at least nslots slots
 * (pointers into its stack go stale), noting them in its subprogram's
 * sub_stack. Returns 0 or -ENOMEM. */
int
eb_verifier_grow_stack(struct verifier *v, uint32_t frameno, uint32_t nslots)
{
	struct bpf_func_state *fr = v->cur->frame[frameno];
	struct bpf_stack_slot *s;

	if (v->sub_stack[fr->start] < nslots * 8)
		v->sub_stack[fr->start] = (uint16_t)(nslots * 8);
	if (nslots <= fr->nslots)
		return 0;
	if (!(s = eb_port_alloc(nslots * sizeof(*s))))
		return -ENOMEM;
	if (fr->nslots)
		memcpy(s, fr->stack, fr->nslots * sizeof(*s));
	memset(s + fr->nslots, 0, (nslots - fr->nslots) * sizeof(*s));
	eb_port_free(fr->stack);
	fr->stack = s;
	fr->nslots = nslots;
	return 0;
}

static void
free_frames(struct bpf_verifier_state *st)
{
	uint32_t i;

	for (i = 0; i <= st->curframe; i++) {
		eb_verifier_free_frame(st->frame[i]);
		st->frame[i] = NULL;
	}
}

static struct bpf_func_state *
copy_frame(const struct bpf_func_state *src)
{
	struct bpf_func_state *fr = eb_verifier_alloc_frame();
	size_t n = src->nslots * sizeof(struct bpf_stack_slot);

	if (!fr)
		return NULL;
	*fr = *src;
	fr->stack = NULL;
	if (n) {
		if (!(fr->stack = eb_port_alloc(n))) {
			eb_port_free(fr);
			return NULL;
		}
		memcpy(fr->stack, src->stack, n);
	}
	return fr;
}

static int
copy_frames(struct bpf_verifier_state *dst, const struct bpf_verifier_state *src)
{
	uint32_t i;

	*dst = *src;
	for (i = 0; i <= src->curframe; i++) {
		if (!(dst->frame[i] = copy_frame(src->frame[i]))) {
			dst->curframe = i - 1;
			if (i)
				free_frames(dst);
			return -ENOMEM;
		}
	}
	return 0;
}

/* A copy of src (NULL if out of memory). */
struct bpf_verifier_state *
eb_verifier_copy_state(const struct bpf_verifier_state *src)
{
	struct bpf_verifier_state *st = eb_port_alloc(sizeof(*st));

	if (st && copy_frames(st, src)) {
		eb_port_free(st);
		return NULL;
	}
	return st;
}

/* Frees a path state and its frames (NULL is ignored). */
void
eb_verifier_free_state(struct bpf_verifier_state *st)
{
	if (st) {
		free_frames(st);
		eb_port_free(st);
	}
}

/* Old and new ids must correspond one to one (copies of one value in the
 * old state must be copies in the new one as well). */
struct idmap {
	uint32_t n;
	uint32_t old[64], cur[64];
};

static bool
check_ids(struct idmap *m, uint32_t old, uint32_t cur)
{
	uint32_t i;

	if (!old)
		return true;
	for (i = 0; i < m->n; i++)
		if (m->old[i] == old)
			return m->cur[i] == cur;
	if (!cur || m->n == 64)
		return false;
	m->old[m->n] = old;
	m->cur[m->n++] = cur;
	return true;
}

static bool
range_within(const struct bpf_reg_state *old, const struct bpf_reg_state *cur)
{
	return old->umin <= cur->umin && cur->umax <= old->umax &&
	       old->smin <= cur->smin && cur->smax <= old->smax &&
	       eb_tnum_in(old->var_off, cur->var_off);
}

/*
 * Whether cur is safe given that old was: contained in old (exact: equal
 * to old).
 */
static bool
regsafe(const struct bpf_reg_state *old, const struct bpf_reg_state *cur,
	bool exact, bool precise, struct idmap *m)
{
	/* A scalar whose value never matters needs only be a scalar; unless
	 * it has copies: bounding it bounds them, which may matter. */
	if (!precise && old->type == SCALAR_VALUE && !old->id)
		return cur->type == SCALAR_VALUE;
	if (exact) {
		return old->type == cur->type && old->off == cur->off &&
		       old->frameno == cur->frameno && old->map == cur->map &&
		       old->mem_size == cur->mem_size &&
		       old->btf_id == cur->btf_id &&
		       check_ids(m, old->ref_obj_id, cur->ref_obj_id) &&
		       old->umin == cur->umin && old->umax == cur->umax &&
		       old->smin == cur->smin && old->smax == cur->smax &&
		       old->var_off.value == cur->var_off.value &&
		       old->var_off.mask == cur->var_off.mask &&
		       check_ids(m, old->id, cur->id);
	}
	if (old->type == NOT_INIT)
		return true;	/* old never read it on any path */
	if (old->type != cur->type)
		return false;
	if (old->type != SCALAR_VALUE &&
	    (old->off != cur->off || old->frameno != cur->frameno ||
	     old->map != cur->map || old->mem_size != cur->mem_size ||
	     old->btf_id != cur->btf_id ||
	     !check_ids(m, old->ref_obj_id, cur->ref_obj_id)))
		return false;
	return range_within(old, cur) && check_ids(m, old->id, cur->id);
}

static bool
is_pointer_spill(const struct bpf_stack_slot *s)
{
	return s->type[0] == STACK_SPILL && eb_verifier_reg_is_pointer(&s->spilled);
}

/*
 * Whether cur's stack is safe given old's (exact: the same). Spilled
 * pointers, and spilled scalars with copies, must match; of other bytes
 * only whether they were written matters, unless values is set (some
 * value loaded from memory matters): then spilled scalars, zeros and
 * other bits are told apart as well.
 */
static bool
stacksafe(const struct bpf_func_state *old, const struct bpf_func_state *cur,
	  bool exact, bool values, struct idmap *m)
{
	uint32_t i, j, n = old->nslots > cur->nslots ? old->nslots : cur->nslots;
	static const struct bpf_stack_slot never;

	for (i = 0; i < n; i++) {
		const struct bpf_stack_slot *o = i < old->nslots ? &old->stack[i] : &never;
		const struct bpf_stack_slot *c = i < cur->nslots ? &cur->stack[i] : &never;
		bool spills = o->type[0] == STACK_SPILL ||
			      c->type[0] == STACK_SPILL;
		bool linked = o->type[0] == STACK_SPILL && o->spilled.id;

		/* old's paths may have written what cur's pin forbids */
		if ((c->pinned || exact) && o->pinned != c->pinned)
			return false;
		if (is_pointer_spill(o) || is_pointer_spill(c) ||
		    ((values || linked) && spills)) {
			if (o->type[0] == STACK_SPILL && c->type[0] == STACK_SPILL &&
			    regsafe(&o->spilled, &c->spilled, exact, true, m))
				continue;
			if (exact || o->type[0] == STACK_SPILL)
				return false;
		}
		for (j = 0; j < 8; j++) {
			uint8_t ot = o->type[j], ct = c->type[j];

			if (ot == ct || (!exact && ot == STACK_INVALID))
				continue;
			if (!values && ot != STACK_INVALID && ct != STACK_INVALID &&
			    !is_pointer_spill(c))
				continue;	/* some bits either way */
			/* old read some bits: zero or a spilled scalar are some */
			if (!exact && ot == STACK_MISC &&
			    (ct == STACK_ZERO ||
			     (ct == STACK_SPILL &&
			      c->spilled.type == SCALAR_VALUE)))
				continue;
			return false;
		}
	}
	return true;
}

/* The registers of frame f of st that in[] (live_in or precise_in)
 * names: for the innermost frame at insn_idx; for an outer one where its
 * call returns, only r6-r10 (r0-r5 are set or clobbered by then). */
static uint16_t
frame_regs(const uint16_t *in, const struct bpf_verifier_state *st,
	   uint32_t f)
{
	if (f == st->curframe)
		return in[st->insn_idx] | 1u << BPF_REG_10;
	return in[st->frame[f + 1]->callsite + 1] & 0x7c0;
}

/* Whether cur holds the references old held, ids corresponding as the
 * registers' do (Linux's refsafe). */
static bool
refsafe(const struct bpf_verifier_state *old,
	const struct bpf_verifier_state *cur, struct idmap *m)
{
	uint32_t i;

	if (old->acquired_refs != cur->acquired_refs)
		return false;
	for (i = 0; i < old->acquired_refs; i++)
		if (!check_ids(m, old->refs[i].id, cur->refs[i].id))
			return false;
	return true;
}

static bool
states_equal(const struct verifier *v, const struct bpf_verifier_state *old,
	     const struct bpf_verifier_state *cur, bool exact)
{
	struct idmap m = { 0 };
	uint32_t f, r;

	if (old->curframe != cur->curframe)
		return false;
	for (f = 0; f <= old->curframe; f++) {
		const struct bpf_func_state *o = old->frame[f], *c = cur->frame[f];
		uint16_t live = frame_regs(v->live_in, cur, f);
		/* an endless loop is only claimed on all values equal */
		uint16_t precise = exact ? live : frame_regs(v->precise_in, cur, f);

		if (o->callsite != c->callsite || o->refs_in != c->refs_in)
			return false;
		for (r = 0; r < MAX_BPF_REG; r++)
			if ((live >> r & 1) &&
			    !regsafe(&o->regs[r], &c->regs[r], exact,
				     precise >> r & 1, &m))
				return false;
		if (!stacksafe(o, c, exact, exact || v->mem_precise, &m))
			return false;
	}
	return refsafe(old, cur, &m);
}

static bool
is_ancestor(const struct state_node *n, const struct bpf_verifier_state *cur)
{
	const struct state_node *p;

	for (p = cur->parent; p; p = p->parent)
		if (p == n)
			return true;
	return false;
}

/*
 * At a prune point: returns 1 if a stored state proves the current path
 * safe (prune it), 0 to go on (the state may have been stored), or
 * -errno (an endless loop: logged).
 */
int
eb_verifier_is_state_visited(struct verifier *v)
{
	struct bpf_verifier_state *cur = v->cur;
	struct state_node *n, **link;
	size_t bytes;
	uint32_t f;

	if (v->nwork)
		eb_verifier_update_precision(v);
	for (link = &v->explored[cur->insn_idx]; (n = *link);) {
		if (n->branches) {
			if (states_equal(v, &n->st, cur, true) &&
			    is_ancestor(n, cur))
				return eb_verifier_verbose(v, "infinite loop detected at insn %u (this path returns here in the same state)",
							   cur->insn_idx);
		} else if (states_equal(v, &n->st, cur, false)) {
			n->hits++;
			v->stats.states_pruned++;
			return 1;
		}
		/* A state that keeps failing to match (a loop's earlier
		 * iterations) is dropped from the list, so that the
		 * comparisons stay few; it is freed at the end. */
		if (++n->misses > 3 * n->hits + 8) {
			*link = n->next;
			continue;
		}
		link = &n->next;
	}
	if (cur->parent &&
	    v->stats.insns_processed - cur->last_stored < STORE_DISTANCE)
		return 0;
	bytes = sizeof(*n);
	for (f = 0; f <= cur->curframe; f++)
		bytes += frame_bytes(cur->frame[f]);
	if (v->state_bytes + bytes > MAX_STATE_BYTES)
		return 0;
	if (!(n = eb_port_alloc(sizeof(*n))))
		return -ENOMEM;
	if (copy_frames(&n->st, cur)) {
		eb_port_free(n);
		return -ENOMEM;
	}
	v->state_bytes += bytes;
	v->stats.states_stored++;
	n->parent = cur->parent;
	n->branches = 1;
	n->hits = n->misses = 0;
	n->next = v->explored[cur->insn_idx];
	v->explored[cur->insn_idx] = n;
	n->all = v->all_nodes;
	v->all_nodes = n;
	cur->parent = n;
	cur->last_stored = v->stats.insns_processed;
	return 0;
}

/* The current path is done (exit or pruned): stored states on it have
 * one path less to wait for. */
void
eb_verifier_path_done(struct verifier *v)
{
	struct state_node *n;

	for (n = v->cur->parent; n; n = n->parent)
		if (--n->branches)
			break;
}

/* A new path continues from the current one's stored states. */
void
eb_verifier_path_forked(struct bpf_verifier_state *st)
{
	if (st->parent)
		st->parent->branches++;
}

/* Frees every stored state. */
void
eb_verifier_free_explored(struct verifier *v)
{
	struct state_node *n, *next;

	for (n = v->all_nodes; n; n = next) {
		next = n->all;
		free_frames(&n->st);
		eb_port_free(n);
	}
	v->all_nodes = NULL;
}

/* Calls fn on every register of st, spilled ones included (contract in
 * verifier_impl.h). */
void
eb_verifier_for_each_reg(struct bpf_verifier_state *st,
			 void (*fn)(struct bpf_reg_state *reg,
				    struct bpf_stack_slot *slot, void *arg),
			 void *arg)
{
	uint32_t f, i;

	for (f = 0; f <= st->curframe; f++) {
		struct bpf_func_state *fr = st->frame[f];

		for (i = 0; i < MAX_BPF_REG; i++)
			fn(&fr->regs[i], NULL, arg);
		for (i = 0; i < fr->nslots; i++)
			if (fr->stack[i].type[0] == STACK_SPILL)
				fn(&fr->stack[i].spilled, &fr->stack[i], arg);
	}
}
