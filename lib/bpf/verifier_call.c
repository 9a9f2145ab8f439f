/*
 * Calls and exit.
 *
 * Helper calls (call imm, or callx with the id in a register known to be
 * a constant) are checked against the helper's prototype: each argument
 * register must hold what the prototype says, memory arguments must be
 * readable (initialized) or writable for the size in the next argument.
 * Afterwards r1-r5 are unreadable and r0 holds the helper's return type.
 * A helper returning a ring buffer record acquires a reference, and one
 * given a record releases it (verifier_ref.c).
 *
 * bpf-to-bpf calls (call local) start a new frame with r1-r5 from the
 * caller and a new, empty stack; exit from it returns r0 to the caller,
 * whose r6-r9 and stack are as they were and whose r1-r5 are unreadable.
 * Exit from the main program must leave no reference held.
 */
#include <ebreak/errno.h>
#include "bpf/map.h"
#include "bpf/verifier_impl.h"

/* Sizes a helper may be given: far from overflowing any offset. */
#define MAX_HELPER_SIZE (1ULL << 29)

struct call_meta {
	const struct bpf_map *map;	/* the ARG_CONST_MAP_PTR argument */
	int mem_regno;			/* the memory argument awaiting a size */
	bool mem_write;
	bool mem_null;			/* ... is NULL: its size must be 0 */
	bool mem_maybe_null;		/* ... may be NULL, which it takes */
	uint32_t alloc_size;		/* ARG_CONST_ALLOC_SIZE_OR_ZERO's value */
	uint32_t release_id;		/* the reference the call releases */
	int32_t callback;		/* ARG_PTR_TO_FUNC's subprogram, or -1 */
	struct bpf_reg_state nr_loops;	/* bpf_loop's r1 */
	struct bpf_reg_state cb_ctx;	/* the callback's context (its r2) */
};

static int
check_size_arg(struct verifier *v, int regno, bool zero_ok,
	       struct call_meta *meta)
{
	const struct bpf_reg_state *reg = &eb_verifier_cur_regs(v)[regno];

	if (meta->mem_regno < 0)
		return eb_verifier_verbose(v, "r%d is a size but no memory argument precedes it",
					   regno);
	if (reg->type != SCALAR_VALUE)
		return eb_verifier_verbose(v, "r%d (a size) is a %s, not a scalar", regno,
					   eb_verifier_reg_type_str(reg->type));
	if (reg->umax > MAX_HELPER_SIZE)
		return eb_verifier_verbose(v, "r%d (a size) is unbounded: its maximum is not proven",
					   regno);
	if (!zero_ok && reg->umin == 0)
		return eb_verifier_verbose(v, "r%d (a size) may be 0", regno);
	if (meta->mem_null)
		return reg->umax ? eb_verifier_verbose(v, "r%d is NULL but its size r%d may be %llu",
						       meta->mem_regno, regno,
						       (unsigned long long)reg->umax) : 0;
	if (!meta->mem_maybe_null)
		return eb_verifier_check_helper_mem(v, meta->mem_regno, reg->umin,
						    reg->umax, meta->mem_write);
	/* Checked as the pointer it is when not NULL, as Linux folds
	 * PTR_MAYBE_NULL for such an argument: the helper checks NULL. */
	struct bpf_reg_state *mem = &eb_verifier_cur_regs(v)[meta->mem_regno];
	enum bpf_reg_type t = mem->type;
	int err;

	mem->type = eb_verifier_type_not_null(t);
	err = eb_verifier_check_helper_mem(v, meta->mem_regno, reg->umin, reg->umax,
					   meta->mem_write);
	mem->type = t;
	return err;
}

static int
check_map_mem_arg(struct verifier *v, int regno, bool key,
		  const struct call_meta *meta)
{
	if (!meta->map)
		return eb_verifier_verbose(v, "r%d is a map %s but no map argument precedes it",
					   regno, key ? "key" : "value");
	return eb_verifier_check_helper_mem(v, regno,
					    key ? meta->map->key_size : meta->map->value_size,
					    key ? meta->map->key_size : meta->map->value_size,
					    false);
}

/* The size of the memory the helper returns: a known constant. */
static int
check_alloc_size_arg(struct verifier *v, int regno, struct call_meta *meta)
{
	const struct bpf_reg_state *reg = &eb_verifier_cur_regs(v)[regno];

	if (!eb_verifier_reg_is_const(reg))
		return eb_verifier_verbose(v, "r%d (a size) is not a known constant",
					   regno);
	if (reg->var_off.value > MAX_HELPER_SIZE)
		return eb_verifier_verbose(v, "r%d (a size) is %llu, more than %llu",
					   regno, (unsigned long long)reg->var_off.value,
					   MAX_HELPER_SIZE);
	meta->alloc_size = (uint32_t)reg->var_off.value;
	return 0;
}

/* A pointer whose object the call releases: exactly what acquired it
 * (Linux's release function arguments). */
static int
check_release_arg(struct verifier *v, int regno, struct call_meta *meta)
{
	const struct bpf_reg_state *reg = &eb_verifier_cur_regs(v)[regno];

	if (reg->type == PTR_TO_MEM_OR_NULL)
		return eb_verifier_verbose(v, "r%d is a %s: null check it before the call",
					   regno, eb_verifier_reg_type_str(reg->type));
	if (reg->type != PTR_TO_MEM || !reg->ref_obj_id)
		return eb_verifier_verbose(v, "r%d is a %s, not a record bpf_ringbuf_reserve returned",
					   regno, eb_verifier_reg_type_str(reg->type));
	if (reg->off || !eb_tnum_is_const(reg->var_off) || reg->var_off.value)
		return eb_verifier_verbose(v, "r%d must have zero offset when passed to release func (it points into the record, not at it)",
					   regno);
	meta->release_id = reg->ref_obj_id;
	return 0;
}

/*
 * A constant string (Linux's ARG_PTR_TO_CONST_STR): a pointer at a known
 * offset into a frozen read-only map's value (.rodata), NUL-terminated
 * before the value ends, so the helper reads only what load time fixed.
 */
static int
check_const_str_arg(struct verifier *v, int regno)
{
	const struct bpf_reg_state *reg = &eb_verifier_cur_regs(v)[regno];
	const struct bpf_map *m = reg->map;
	uint64_t off, addr, end;

	if (reg->type != PTR_TO_MAP_VALUE || !m->frozen ||
	    !(m->map_flags & BPF_F_RDONLY_PROG))
		return eb_verifier_verbose(v, "r%d is a %s, not a string in a frozen read-only map (.rodata)",
					   regno, eb_verifier_reg_type_str(reg->type));
	if (!eb_tnum_is_const(reg->var_off))
		return eb_verifier_verbose(v, "r%d is not a constant address", regno);
	off = (uint64_t)(reg->off + (int64_t)reg->var_off.value);
	if (off >= m->value_size ||
	    bpf_map_direct_value_addr(m, (uint32_t)off, &addr))
		return eb_verifier_verbose(v, "r%d: direct value access on string failed (offset %lld of a map of %u bytes)",
					   regno, (long long)off, m->value_size);
	for (end = off; end < m->value_size; end++, addr++)
		if (!*(const char *)(uintptr_t)addr)
			return 0;
	return eb_verifier_verbose(v, "r%d: string is not zero-terminated", regno);
}

/*
 * Whether t (once null checked) points at memory a helper may take, of
 * any size, 0 too: the stack, a map value, a ring buffer record, as
 * Linux's mem_types. Not the context (its words are the program's
 * loads', which attach checks the point holds), a map, nor a traced
 * function's struct (Linux: "R1 type=ptr_ expected=fp, ...").
 */
static bool
is_mem_ptr(enum bpf_reg_type t)
{
	if (eb_verifier_type_may_be_null(t))
		t = eb_verifier_type_not_null(t);
	return t == PTR_TO_STACK || t == PTR_TO_MAP_VALUE || t == PTR_TO_MEM;
}

static int
check_arg(struct verifier *v, int regno, enum bpf_arg_type t,
	  struct call_meta *meta)
{
	const struct bpf_reg_state *reg = &eb_verifier_cur_regs(v)[regno];
	int err;

	if ((err = eb_verifier_check_reg_read(v, regno)))
		return err;
	switch (t) {
	case ARG_ANYTHING:
		if (reg->type != SCALAR_VALUE && !v->env->allow_ptr_leaks)
			return eb_verifier_verbose(v, "r%d is a %s; passing it as a number would leak it",
						   regno, eb_verifier_reg_type_str(reg->type));
		return 0;
	case ARG_CONST_MAP_PTR:
		if (reg->type != CONST_PTR_TO_MAP)
			return eb_verifier_verbose(v, "r%d is a %s, not a map pointer",
						   regno, eb_verifier_reg_type_str(reg->type));
		meta->map = reg->map;
		return 0;
	case ARG_PTR_TO_MAP_KEY:
	case ARG_PTR_TO_MAP_VALUE:
		return check_map_mem_arg(v, regno, t == ARG_PTR_TO_MAP_KEY, meta);
	case ARG_PTR_TO_MEM_OR_NULL:
	case ARG_PTR_TO_MEM:
	case ARG_PTR_TO_UNINIT_MEM:
		meta->mem_null = t == ARG_PTR_TO_MEM_OR_NULL &&
				 eb_verifier_reg_is_const(reg) && !reg->var_off.value;
		meta->mem_maybe_null = t == ARG_PTR_TO_MEM_OR_NULL &&
				       eb_verifier_type_may_be_null(reg->type);
		if (!is_mem_ptr(reg->type) && !meta->mem_null)
			return eb_verifier_verbose(v, "r%d is a %s, not a pointer to memory",
						   regno, eb_verifier_reg_type_str(reg->type));
		meta->mem_regno = regno;
		meta->mem_write = t == ARG_PTR_TO_UNINIT_MEM;
		return 0;
	case ARG_CONST_SIZE:
	case ARG_CONST_SIZE_OR_ZERO:
		err = check_size_arg(v, regno, t == ARG_CONST_SIZE_OR_ZERO, meta);
		meta->mem_regno = -1;
		return err;
	case ARG_CONST_ALLOC_SIZE_OR_ZERO:
		return check_alloc_size_arg(v, regno, meta);
	case ARG_PTR_TO_RINGBUF_MEM:
		return check_release_arg(v, regno, meta);
	case ARG_PTR_TO_LONG:
		if (!eb_verifier_reg_is_pointer(reg) || !eb_tnum_is_const(reg->var_off) ||
		    ((reg->off + (int64_t)reg->var_off.value) & 7))
			return eb_verifier_verbose(v, "r%d (a %s) must point at 8 aligned bytes",
						   regno, eb_verifier_reg_type_str(reg->type));
		return eb_verifier_check_helper_mem(v, regno, 8, 8, true);
	case ARG_PTR_TO_FUNC:
		if (reg->type != PTR_TO_FUNC)
			return eb_verifier_verbose(v, "r%d is a %s, not a function pointer (a callback's address)",
						   regno, eb_verifier_reg_type_str(reg->type));
		if (!eb_verifier_names_callback(v, v->cur->frame[v->cur->curframe]->start,
						(uint32_t)reg->off))
			return eb_verifier_verbose(v, "r%d, the callback at insn %d, is passed to a helper by a function that does not load its address: a callback runs a frame above the function naming it, where its stack is counted",
						   regno, reg->off);
		meta->callback = reg->off;
		return 0;
	case ARG_PTR_TO_STACK_OR_NULL:
		if (reg->type != PTR_TO_STACK && reg->type != PTR_TO_MAP_VALUE &&
		    !(eb_verifier_reg_is_const(reg) && !reg->var_off.value))
			return eb_verifier_verbose(v, "r%d is a %s, not a pointer to the stack or a map value, nor NULL",
						   regno, eb_verifier_reg_type_str(reg->type));
		meta->cb_ctx = *reg;
		return 0;
	case ARG_PTR_TO_CONST_STR:
		return check_const_str_arg(v, regno);
	case ARG_PTR_TO_CTX:
		if (reg->type != PTR_TO_CTX || reg->off ||
		    !eb_tnum_is_const(reg->var_off) || reg->var_off.value)
			return eb_verifier_verbose(v, "r%d must be the context pointer itself (is a %s%s)",
						   regno, eb_verifier_reg_type_str(reg->type),
						   reg->type == PTR_TO_CTX ? " with an offset" : "");
		return 0;
	default:
		return eb_verifier_verbose(v, "argument type %d of r%d is not supported",
					   t, regno);
	}
}

/* Does a map of type go with helper id? Maps that only some helpers
 * take, and helpers that take only some maps, as Linux's
 * check_map_func_compatibility. */
static bool
map_fits_helper(uint32_t type, uint32_t id)
{
	switch (type) {
	case BPF_MAP_TYPE_RINGBUF:
		return id == BPF_FUNC_ringbuf_output ||
		       id == BPF_FUNC_ringbuf_reserve ||
		       id == BPF_FUNC_ringbuf_query;
	case BPF_MAP_TYPE_STACK_TRACE:
		return id == BPF_FUNC_get_stackid;
	case BPF_MAP_TYPE_PERF_EVENT_ARRAY:
		return id == BPF_FUNC_perf_event_output;
	case BPF_MAP_TYPE_CGROUP_ARRAY:
		return id == BPF_FUNC_current_task_under_cgroup;
	case BPF_MAP_TYPE_PROG_ARRAY:
		return id == BPF_FUNC_tail_call;
	case BPF_MAP_TYPE_ARRAY_OF_MAPS:
	case BPF_MAP_TYPE_HASH_OF_MAPS:	/* programs only read them */
		return id == BPF_FUNC_map_lookup_elem;
	}
	switch (id) {
	case BPF_FUNC_ringbuf_output: case BPF_FUNC_ringbuf_reserve:
	case BPF_FUNC_ringbuf_query: case BPF_FUNC_get_stackid:
	case BPF_FUNC_tail_call: case BPF_FUNC_perf_event_output:
	case BPF_FUNC_current_task_under_cgroup:
		return false;	/* their maps are above */
	case BPF_FUNC_for_each_map_elem:	/* the callback machinery's */
		return type == BPF_MAP_TYPE_ARRAY || type == BPF_MAP_TYPE_HASH ||
		       type == BPF_MAP_TYPE_PERCPU_ARRAY ||
		       type == BPF_MAP_TYPE_PERCPU_HASH ||
		       type == BPF_MAP_TYPE_LRU_HASH ||
		       type == BPF_MAP_TYPE_LRU_PERCPU_HASH;
	case BPF_FUNC_map_lookup_percpu_elem:
		return type == BPF_MAP_TYPE_PERCPU_ARRAY ||
		       type == BPF_MAP_TYPE_PERCPU_HASH ||
		       type == BPF_MAP_TYPE_LRU_PERCPU_HASH;
	}
	return true;
}

/*
 * bpf_tail_call, past its arguments: the path goes on after it (the
 * call falls through when the slot is empty or the count is spent), so
 * it is walked as a helper returning nothing. In a subprogram too (r1
 * the context its caller passed down), its callers' stack limited after
 * the walk (verifier_stack.c); as Linux, refused while a reference is
 * held in any frame (the callee could not release it). Never in a
 * callback: r1 must be the context, which no callback has (its context
 * is bpf_loop's, where a spilled context pointer is a number no more).
 */
static int
check_tail_call(struct verifier *v)
{
	if (v->cur->acquired_refs)
		return eb_verifier_verbose(v, "tail_call would lead to reference leak");
	return 0;
}

/* No prototype for id: Linux's texts, "invalid func" past its helper
 * ids and "program of this type cannot use helper" for one this program
 * may not call (or ebreak lacks). */
static int
no_helper(struct verifier *v, uint32_t id)
{
	char name[BPF_FUNC_STR_SIZE];

	return eb_verifier_verbose(v, "%s %s", id < BPF_FUNC_MAX_ID ?
				   "program of this type cannot use helper" :
				   "invalid func",
				   bpf_func_id_str(id, name, sizeof(name)));
}

static int enter_callback(struct verifier *v, uint32_t id,
			  const struct call_meta *meta, uint32_t *next);

/* A helper call; *next is where the path goes on (a callback's first
 * insn for a helper that calls one). */
static int
check_helper_call(struct verifier *v, uint32_t id, uint32_t *next)
{
	const struct bpf_func_proto *fn = v->get_func_proto(id);
	struct bpf_reg_state *regs = eb_verifier_cur_regs(v);
	struct call_meta meta = { .mem_regno = -1, .callback = -1 };
	char name[BPF_FUNC_STR_SIZE];
	int i, err;

	if (id == BPF_CORE_POISON_ID)
		return eb_verifier_verbose(v, "a CO-RE relocation that could not be resolved (libbpf's poison call 0x%x) can run",
					   id);
	if (!fn)
		return no_helper(v, id);
	bpf_func_id_str(id, name, sizeof(name));
	/* the backends know a tail call by its prototype, this check by
	 * its id: an environment's table must keep the two together */
	if ((id == BPF_FUNC_tail_call) != (fn == bpf_helper_proto(BPF_FUNC_tail_call)))
		return eb_verifier_verbose(v, "%s: bpf_tail_call's prototype goes with helper 12 only, and helper 12 with it",
					   name);
	if (fn->gpl_only && v->env->not_gpl)
		return eb_verifier_verbose(v, "%s: cannot call GPL-restricted function from non-GPL compatible program",
					   name);
	for (i = 0; i < 5 && fn->arg_type[i] != ARG_DONTCARE; i++)
		if ((err = check_arg(v, BPF_REG_1 + i, fn->arg_type[i], &meta)))
			return err;
	meta.nr_loops = regs[BPF_REG_1];
	if (meta.mem_regno >= 0)
		return eb_verifier_verbose(v, "%s: memory argument r%d has no size",
					   name, meta.mem_regno);
	if (meta.map && !map_fits_helper(meta.map->map_type, id))
		return eb_verifier_verbose(v, "cannot pass map_type %u (%s) into func %s",
					   meta.map->map_type,
					   eb_bpf_map_type_str(meta.map->map_type), name);
	if (id == BPF_FUNC_tail_call && (err = check_tail_call(v)))
		return err;
	if (id == BPF_FUNC_tail_call || id == BPF_FUNC_get_attach_cookie)
		v->stats.run_ctx = true;
	if (id == BPF_FUNC_override_return)
		v->stats.kprobe_override = true;
	if (meta.release_id)
		eb_verifier_release_ref(v, meta.release_id);
	for (i = BPF_REG_1; i <= BPF_REG_5; i++)
		eb_verifier_mark_reg_not_init(&regs[i]);
	switch (fn->ret_type) {
	case RET_INTEGER:
		eb_verifier_mark_reg_unknown(&regs[BPF_REG_0]);
		return meta.callback >= 0 ? enter_callback(v, id, &meta, next) : 0;
	case RET_VOID:
		eb_verifier_mark_reg_not_init(&regs[BPF_REG_0]);
		return 0;
	case RET_PTR_TO_MAP_VALUE_OR_NULL:
		if (!meta.map)
			return eb_verifier_verbose(v, "%s returns a map value but has no map argument",
						   name);
		/* a map of maps' value is an inner map, of its template */
		eb_verifier_mark_ptr(&regs[BPF_REG_0], meta.map->inner_meta ?
				     CONST_PTR_TO_MAP_OR_NULL :
				     PTR_TO_MAP_VALUE_OR_NULL);
		regs[BPF_REG_0].map = meta.map->inner_meta ? meta.map->inner_meta
							   : meta.map;
		regs[BPF_REG_0].id = ++v->next_id;
		return 0;
	case RET_PTR_TO_BTF_ID:
		return eb_verifier_ret_btf_struct(v, fn->ret_btf_struct,
						  &regs[BPF_REG_0]);
	case RET_PTR_TO_RINGBUF_MEM_OR_NULL: {
		int id = eb_verifier_acquire_ref(v, v->cur->insn_idx);

		if (id < 0)
			return id;
		eb_verifier_mark_ptr(&regs[BPF_REG_0], PTR_TO_MEM_OR_NULL);
		regs[BPF_REG_0].mem_size = meta.alloc_size;
		/* the null check's id is the reference's, as in Linux */
		regs[BPF_REG_0].id = regs[BPF_REG_0].ref_obj_id = (uint32_t)id;
		return 0;
	}
	}
	return eb_verifier_verbose(v, "%s: return type %d is not supported",
				   name, fn->ret_type);
}

/* A new frame above the current one for the subprogram at start,
 * called from the current insn: *callee, its registers unset but r10.
 * Returns 0, -ENOMEM or refuses past the frame limit. */
static int
push_frame(struct verifier *v, uint32_t start, struct bpf_func_state **callee)
{
	struct bpf_verifier_state *st = v->cur;
	struct bpf_func_state *fr;
	int i;

	if (st->curframe + 1 >= BPF_VERIFIER_MAX_CALL_DEPTH)
		return eb_verifier_verbose(v, "call depth exceeds %d frames",
					   BPF_VERIFIER_MAX_CALL_DEPTH);
	if (!(fr = eb_verifier_alloc_frame()))
		return -ENOMEM;
	if (v->stats.frames < st->curframe + 2)
		v->stats.frames = st->curframe + 2;
	for (i = 0; i < MAX_BPF_REG; i++)
		eb_verifier_mark_reg_not_init(&fr->regs[i]);
	st->curframe++;
	eb_verifier_mark_ptr(&fr->regs[BPF_REG_10], PTR_TO_STACK);
	fr->regs[BPF_REG_10].frameno = (uint8_t)st->curframe;
	fr->callsite = (int32_t)st->insn_idx;
	fr->start = start;
	st->frame[st->curframe] = fr;
	*callee = fr;
	return 0;
}

/* call local: a new frame for the callee at *next, r1-r5 passed. */
static int
check_local_call(struct verifier *v, const struct bpf_insn *insn,
		 uint32_t *next)
{
	struct bpf_func_state *caller = v->cur->frame[v->cur->curframe], *callee;
	int i, err;

	*next = v->cur->insn_idx + insn->imm + 1;
	if ((err = push_frame(v, *next, &callee)))
		return err;
	for (i = BPF_REG_1; i <= BPF_REG_5; i++)
		callee->regs[i] = caller->regs[i];
	return 0;
}

/* fr's stack as a callback in frame cb finds it, whatever earlier calls
 * wrote: every byte written an unknown scalar, but a spilled pointer,
 * which stays, pinned (no write may change it until cb returns, so each
 * call finds it). Not the context (no callback has one: bpf_tail_call
 * needs it), a reference (the callback would release it again) nor a
 * stack pointer (the frame it reaches is not forgotten). */
static void
forget_stack(struct bpf_func_state *fr, uint32_t cb)
{
	for (uint32_t s = 0; s < fr->nslots; s++) {
		struct bpf_stack_slot *slot = &fr->stack[s];

		if (slot->type[0] == STACK_SPILL &&
		    eb_verifier_reg_is_pointer(&slot->spilled) &&
		    slot->spilled.type != PTR_TO_CTX &&
		    slot->spilled.type != PTR_TO_STACK && !slot->spilled.ref_obj_id) {
			if (!slot->pinned)
				slot->pinned = (uint8_t)cb;
			continue;
		}
		for (int b = 0; b < 8; b++)
			if (slot->type[b] != STACK_INVALID)
				slot->type[b] = STACK_MISC;
	}
}

/* The callback in the current frame returns: what it pinned is free. */
static void
unpin_stacks(struct bpf_verifier_state *st)
{
	for (uint32_t f = 0; f < st->curframe; f++)
		for (uint32_t s = 0; s < st->frame[f]->nslots; s++)
			if (st->frame[f]->stack[s].pinned == st->curframe)
				st->frame[f]->stack[s].pinned = 0;
}

/* bpf_loop's callback's r1 (Linux's set_loop_callback_state): the
 * index, below nr_loops and BPF_MAX_LOOPS. */
static void
set_loop_index(struct bpf_reg_state *index, const struct bpf_reg_state *nr)
{
	uint64_t max = BPF_MAX_LOOPS;

	if (nr->type == SCALAR_VALUE && nr->umax < max)
		max = nr->umax;
	eb_verifier_mark_reg_unknown(index);
	index->umin = 0;
	index->smin = 0;
	index->umax = max ? max - 1 : 0;
	index->smax = (int64_t)index->umax;
	index->var_off = eb_tnum_range(0, index->umax);
	eb_verifier_reg_bounds_sync(index);
}

/*
 * A helper's callback (bpf_loop's, bpf_for_each_map_elem's), the
 * helper's r0 already set: the path past the call, where the callback
 * never ran, is pushed; this one goes into the callback, in a frame above
 * the caller, r1-r4 as the helper (id) calls it: bpf_loop's index and
 * context, or (Linux's set_map_elem_callback_state) the map, a key, its
 * value and the context. Its exit goes on past the call
 * (eb_verifier_check_exit). A call finds the stack the context points
 * into as an earlier one left it, which one walk cannot know: it starts
 * with every byte written there an unknown scalar but the pointers
 * spilled there, which no write may change until the callback returns
 * (forget_stack), which holds before every call and after the helper's.
 */
static int
enter_callback(struct verifier *v, uint32_t id, const struct call_meta *meta,
	       uint32_t *next)
{
	struct bpf_verifier_state *pushed;
	struct bpf_func_state *callee;
	struct bpf_reg_state *r;
	int err;

	if ((err = eb_verifier_push_branch(v, v->cur->insn_idx + 1, &pushed)) ||
	    (err = push_frame(v, (uint32_t)meta->callback, &callee)))
		return err;
	if (meta->cb_ctx.type == PTR_TO_STACK)
		forget_stack(v->cur->frame[meta->cb_ctx.frameno], v->cur->curframe);
	callee->refs_in = v->cur->acquired_refs;
	r = callee->regs;
	if (id == BPF_FUNC_loop) {
		set_loop_index(&r[BPF_REG_1], &meta->nr_loops);
		r[BPF_REG_2] = meta->cb_ctx;
	} else {
		eb_verifier_mark_ptr(&r[BPF_REG_1], CONST_PTR_TO_MAP);
		eb_verifier_mark_ptr(&r[BPF_REG_2], PTR_TO_MAP_KEY);
		eb_verifier_mark_ptr(&r[BPF_REG_3], PTR_TO_MAP_VALUE);
		r[BPF_REG_1].map = r[BPF_REG_2].map = r[BPF_REG_3].map = meta->map;
		r[BPF_REG_4] = meta->cb_ctx;
	}
	*next = (uint32_t)meta->callback;
	return 0;
}

/* Whether fr is a callback's frame (verifier_impl.h). */
bool
eb_verifier_is_callback_frame(const struct verifier *v,
			      const struct bpf_func_state *fr)
{
	return fr->callsite >= 0 &&
	       v->insns[fr->callsite].src_reg != BPF_PSEUDO_CALL;
}

/* Checks a call and applies it; *next is where the path continues.
 * Returns 0 or -errno (logged). */
int
eb_verifier_check_call(struct verifier *v, const struct bpf_insn *insn, uint32_t *next)
{
	const struct bpf_reg_state *reg = &eb_verifier_cur_regs(v)[insn->dst_reg];
	const struct bpf_func_proto *fn;
	int err;

	*next = v->cur->insn_idx + 1;
	if (insn->src_reg == BPF_PSEUDO_CALL)
		return check_local_call(v, insn, next);
	if (BPF_SRC(insn->code) == BPF_K)
		return check_helper_call(v, (uint32_t)insn->imm, next);
	/* callx: the helper id must be known here, as if written in imm */
	if ((err = eb_verifier_check_reg_read(v, insn->dst_reg)))
		return err;
	if (!eb_verifier_reg_is_const(reg) || reg->var_off.value > UINT32_MAX)
		return eb_verifier_verbose(v, "callx through r%d: the helper id is not a known constant",
					   insn->dst_reg);
	if (reg->var_off.value == BPF_FUNC_tail_call)
		return eb_verifier_verbose(v, "callx through r%d: bpf_tail_call only as call 12",
					   insn->dst_reg);
	if ((fn = v->get_func_proto((uint32_t)reg->var_off.value)) && fn->calls_back)
		return eb_verifier_verbose(v, "callx through r%d: bpf_%s, which calls back, only as call %llu",
					   insn->dst_reg,
					   bpf_func_id_name((uint32_t)reg->var_off.value),
					   (unsigned long long)reg->var_off.value);
	return check_helper_call(v, (uint32_t)reg->var_off.value, next);
}

/*
 * A callback's return, to the helper calling it: 0 or 1 in r0 (Linux's
 * words), and no reference it acquired held, which the next iteration
 * would acquire again (its caller's may stay held, as in Linux).
 */
static int
check_callback_return(struct verifier *v, const struct bpf_reg_state *r0)
{
	if (r0->type != SCALAR_VALUE)
		return eb_verifier_verbose(v, "At callback return the register R0 (%s) should have been in [0, 1]",
					   eb_verifier_reg_type_str(r0->type));
	if (r0->umax > 1)
		return eb_verifier_verbose(v, "At callback return the register R0 has smin=%lld smax=%lld umax=%llu should have been in [0, 1]",
					   (long long)r0->smin, (long long)r0->smax,
					   (unsigned long long)r0->umax);
	return eb_verifier_check_ref_leak(v, v->cur->frame[v->cur->curframe]->refs_in);
}

/*
 * exit: the end of the path in main (returns 1), or the return to the
 * caller (0, *next set); a callback's to past the helper call that
 * called it, whose r0 is already set. Returns -errno (logged) if r0 is not fit to
 * return. A subprogram may leave r0 unset (clang drops a static
 * function's unused result, as Linux's verifier allows): the caller's
 * r0 is then unset, and reading it is refused there.
 */
int
eb_verifier_check_exit(struct verifier *v, uint32_t *next)
{
	struct bpf_verifier_state *st = v->cur;
	struct bpf_func_state *callee = st->frame[st->curframe], *caller;
	const struct bpf_reg_state *r0 = &callee->regs[BPF_REG_0];
	int i, err;

	if (st->curframe == 0) {
		if (r0->type == NOT_INIT)
			return eb_verifier_verbose(v, "r0 is not set before exit");
		if (r0->type != SCALAR_VALUE)
			return eb_verifier_verbose(v, "r0 at exit is a %s; returning it would leak it",
						   eb_verifier_reg_type_str(r0->type));
		if (v->env->ret_zero && (r0->umin || r0->umax))
			return eb_verifier_verbose(v, "r0 at exit is in [%llu, %llu]: a fentry or fexit program returns 0 (Linux's [0, 0])",
						   (unsigned long long)r0->umin,
						   (unsigned long long)r0->umax);
		return eb_verifier_check_ref_leak(v, 0) ?: 1;
	}
	if (r0->type == PTR_TO_STACK && r0->frameno == st->curframe)
		return eb_verifier_verbose(v, "r0 points into the returning function's stack");
	caller = st->frame[st->curframe - 1];
	if (eb_verifier_is_callback_frame(v, callee)) {
		if ((err = check_callback_return(v, r0)))
			return err;
		unpin_stacks(st);
	} else {
		caller->regs[BPF_REG_0] = *r0;
	}
	for (i = BPF_REG_1; i <= BPF_REG_5; i++)
		eb_verifier_mark_reg_not_init(&caller->regs[i]);
	*next = (uint32_t)callee->callsite + 1;
	eb_verifier_free_frame(callee);
	st->frame[st->curframe--] = NULL;
	return 0;
}
