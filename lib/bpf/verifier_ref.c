/*
 * References (Linux's reference state): objects a program acquires and
 * must give back before it exits. Today these are ring buffer records:
 * bpf_ringbuf_reserve acquires one, bpf_ringbuf_submit or _discard
 * releases it.
 *
 * A path's state lists the references it holds, each with the
 * instruction that acquired it. Every pointer to the object carries the
 * reference's id (ref_obj_id): copies, spills and pointers derived by
 * arithmetic alike, so a release makes them all unusable. A null check
 * drops the reference on its NULL side, where nothing was acquired.
 * Exit from the main program holding a reference is refused; a
 * subprogram may return holding one, for its caller to release, as in
 * Linux. Pruning compares the references held (verifier_state.c).
 */
#include <ebreak/libc.h>
#include "bpf/verifier_impl.h"

/* A new reference acquired at insn_idx: its id (> 0), or refuses when
 * the path holds BPF_MAX_REFS already. */
int
eb_verifier_acquire_ref(struct verifier *v, uint32_t insn_idx)
{
	struct bpf_verifier_state *st = v->cur;

	if (st->acquired_refs == BPF_MAX_REFS)
		return eb_verifier_verbose(v, "more than %d references held at once",
					   BPF_MAX_REFS);
	st->refs[st->acquired_refs].id = ++v->next_id;
	st->refs[st->acquired_refs++].insn_idx = insn_idx;
	return (int)v->next_id;
}

/* st no longer holds reference id. */
void
eb_verifier_drop_ref(struct bpf_verifier_state *st, uint32_t id)
{
	uint32_t i;

	for (i = 0; i < st->acquired_refs; i++)
		if (st->refs[i].id == id) {
			st->refs[i] = st->refs[--st->acquired_refs];
			return;
		}
}

struct release {
	uint32_t id;
	bool ptr_leaks;		/* env->allow_ptr_leaks */
};

/* A pointer to a released object is not a pointer any more: a number
 * when pointers may leak (Linux's mark_reg_invalid), else unreadable; a
 * spilled one's bytes likewise. */
static void
invalidate(struct bpf_reg_state *r, struct bpf_stack_slot *slot, void *arg)
{
	const struct release *rel = arg;

	if (r->ref_obj_id != rel->id)
		return;
	if (rel->ptr_leaks)
		eb_verifier_mark_reg_unknown(r);
	else if (slot)
		memset(slot->type, STACK_INVALID, sizeof(slot->type));
	else
		eb_verifier_mark_reg_not_init(r);
}

/* Releases reference id of the current path: every pointer carrying it
 * becomes unusable. */
void
eb_verifier_release_ref(struct verifier *v, uint32_t id)
{
	struct release rel = { id, v->env->allow_ptr_leaks };

	eb_verifier_drop_ref(v->cur, id);
	eb_verifier_for_each_reg(v->cur, invalidate, &rel);
}

/* At the main program's exit, or a callback's return: 0, or refuses if
 * a reference is held past the first held (the callback's caller's, as
 * Linux's callback_ref; a release moves the last into the hole, so the
 * caller's stay first). Linux's message. */
int
eb_verifier_check_ref_leak(struct verifier *v, uint32_t held)
{
	const struct bpf_verifier_state *st = v->cur;

	if (st->acquired_refs <= held)
		return 0;
	return eb_verifier_verbose(v, "Unreleased reference id=%u alloc_insn=%u",
				   st->refs[held].id, st->refs[held].insn_idx);
}
