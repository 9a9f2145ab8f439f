/*
 * The verifier's entry point and its walk over the program's paths.
 *
 * bpf_verify checks the structure (verifier_structure.c), then walks
 * every path from the first instruction with an abstract state (the
 * registers, the stack, the call frames: verifier_impl.h), one
 * instruction at a time, depth first: at a conditional jump that can go
 * both ways the state is copied, the copy pushed as a pending branch, and
 * the walk goes on; when a path ends (exit from main, or pruned because a
 * state already proven safe contains it) the last pending branch is
 * taken up. The program is safe when no path is left. Loops are walked
 * iteration by iteration; the instruction budget bounds the whole walk,
 * so a loop that is not proven to end is refused.
 */
#include <stdarg.h>
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/port.h>
#include "bpf/disasm.h"
#include <ebreak/libc.h>
#include "bpf/verifier_impl.h"

/* Pending branches at once (Linux's BPF_COMPLEXITY_LIMIT_JMP_SEQ). */
#define MAX_PENDING 8192

/* Refuses: logs `insn IDX (DISASM): REASON` (the first refusal only) and
 * returns -EINVAL. */
int
eb_verifier_verbose(struct verifier *v, const char *fmt, ...)
{
	char dis[96];
	size_t n = 0;
	va_list ap;

	if (v->error || !v->log || !v->logsize)
		return v->error = -EINVAL;
	if (v->idx < v->len) {
		if (bpf_disasm_insn(v->insns, v->idx, v->len, dis,
				    sizeof(dis)) < 0)
			eb_snprintf(dis, sizeof(dis), "code 0x%02x",
				    v->insns[v->idx].code);
		n = (size_t)eb_snprintf(v->log, v->logsize, "insn %u (%s): ",
					v->idx, dis);
	}
	if (n < v->logsize) {
		va_start(ap, fmt);
		eb_vsnprintf(v->log + n, v->logsize - n, fmt, ap);
		va_end(ap);
	}
	return v->error = -EINVAL;
}

/* The registers of the innermost frame of the path being walked. */
struct bpf_reg_state *
eb_verifier_cur_regs(struct verifier *v)
{
	return v->cur->frame[v->cur->curframe]->regs;
}

/* A register type in words, for messages. */
const char *
eb_verifier_reg_type_str(enum bpf_reg_type t)
{
	switch (t) {
	case NOT_INIT: return "uninitialized register";
	case SCALAR_VALUE: return "scalar";
	case PTR_TO_CTX: return "context pointer";
	case PTR_TO_STACK: return "stack pointer";
	case CONST_PTR_TO_MAP: return "map pointer";
	case CONST_PTR_TO_MAP_OR_NULL: return "map pointer or NULL";
	case PTR_TO_MAP_VALUE: return "map value pointer";
	case PTR_TO_MAP_VALUE_OR_NULL: return "map value pointer or NULL";
	case PTR_TO_MEM: return "ring buffer memory pointer";
	case PTR_TO_MEM_OR_NULL: return "ring buffer memory pointer or NULL";
	case PTR_TO_BTF_ID: return "pointer to a kernel struct (BTF)";
	case PTR_TO_FUNC: return "function pointer";
	case PTR_TO_MAP_KEY: return "map key pointer";
	}
	return "?";
}

const char *
eb_verifier_reg_type_linux(enum bpf_reg_type t)
{
	switch (t) {
	case NOT_INIT: return "?";
	case SCALAR_VALUE: return "scalar";
	case PTR_TO_CTX: return "ctx";
	case PTR_TO_STACK: return "fp";
	case CONST_PTR_TO_MAP: return "map_ptr";
	case CONST_PTR_TO_MAP_OR_NULL: return "map_ptr_or_null";
	case PTR_TO_MAP_VALUE: return "map_value";
	case PTR_TO_MAP_VALUE_OR_NULL: return "map_value_or_null";
	case PTR_TO_MEM: return "ringbuf_mem";
	case PTR_TO_MEM_OR_NULL: return "ringbuf_mem_or_null";
	case PTR_TO_BTF_ID: return "ptr_";
	case PTR_TO_FUNC: return "func";
	case PTR_TO_MAP_KEY: return "map_key";
	}
	return "?";
}

/* Whether t is a pointer that may be NULL (before its null check). */
bool
eb_verifier_type_may_be_null(enum bpf_reg_type t)
{
	return t == PTR_TO_MAP_VALUE_OR_NULL || t == PTR_TO_MEM_OR_NULL ||
	       t == CONST_PTR_TO_MAP_OR_NULL;
}

/* The type maybe-NULL t has once known not NULL. */
enum bpf_reg_type
eb_verifier_type_not_null(enum bpf_reg_type t)
{
	return t == PTR_TO_MEM_OR_NULL ? PTR_TO_MEM :
	       t == CONST_PTR_TO_MAP_OR_NULL ? CONST_PTR_TO_MAP
					      : PTR_TO_MAP_VALUE;
}

/* Pushes a copy of the current state, to continue at insn_idx; *pushed
 * is the copy (to refine). Returns 0, -E2BIG or -ENOMEM. */
int
eb_verifier_push_branch(struct verifier *v, uint32_t insn_idx,
			struct bpf_verifier_state **pushed)
{
	struct bpf_verifier_state *st, **p;
	uint32_t cap;

	if (v->npending == MAX_PENDING) {
		eb_verifier_verbose(v, "more than %d branches pending: program too complex",
				    MAX_PENDING);
		return -E2BIG;
	}
	if (v->npending == v->pending_cap) {
		cap = v->pending_cap ? 2 * v->pending_cap : 64;
		if (!(p = eb_port_alloc(cap * sizeof(*p))))
			return -ENOMEM;
		if (v->npending)
			memcpy(p, v->pending, v->npending * sizeof(*p));
		eb_port_free(v->pending);
		v->pending = p;
		v->pending_cap = cap;
	}
	if (!(st = eb_verifier_copy_state(v->cur)))
		return -ENOMEM;
	st->insn_idx = insn_idx;
	eb_verifier_path_forked(st);
	v->pending[v->npending++] = st;
	*pushed = st;
	return 0;
}

/* Drops the branch just pushed (it turned out impossible). */
void
eb_verifier_drop_branch(struct verifier *v)
{
	struct bpf_verifier_state *cur = v->cur;

	v->cur = v->pending[--v->npending];
	eb_verifier_path_done(v);
	eb_verifier_free_state(v->cur);
	v->cur = cur;
}

/* Ends the current path; takes up the next pending one. Returns false
 * when none is left. */
static bool
next_path(struct verifier *v)
{
	eb_verifier_path_done(v);
	eb_verifier_free_state(v->cur);
	v->cur = NULL;
	if (!v->npending)
		return false;
	v->cur = v->pending[--v->npending];
	return true;
}

/* Checks the instruction at cur->insn_idx and applies it. Returns 0 and
 * *next, 1 if the path ends there, or -errno. */
static int
do_insn(struct verifier *v, uint32_t *next)
{
	uint32_t idx = v->cur->insn_idx;
	const struct bpf_insn *insn = &v->insns[idx];
	uint8_t op = BPF_OP(insn->code);

	*next = idx + 1;
	switch (BPF_CLASS(insn->code)) {
	case BPF_ALU:
	case BPF_ALU64:
		return eb_verifier_check_alu(v, insn);
	case BPF_LDX:
		return eb_verifier_check_load(v, insn);
	case BPF_ST:
		return eb_verifier_check_store(v, insn);
	case BPF_STX:
		if (BPF_MODE(insn->code) == BPF_ATOMIC)
			return eb_verifier_check_atomic(v, insn);
		return eb_verifier_check_store(v, insn);
	case BPF_LD:
		*next = idx + 2;
		return eb_verifier_check_lddw(v, insn);
	}
	switch (op) {
	case BPF_JA:
		*next = idx + 1 + (BPF_CLASS(insn->code) == BPF_JMP32 ?
				   insn->imm : insn->off);
		return 0;
	case BPF_CALL:
		return eb_verifier_check_call(v, insn, next);
	case BPF_EXIT:
		return eb_verifier_check_exit(v, next);
	}
	return eb_verifier_check_cond_jmp(v, insn, next);
}

/* Walks all paths. Returns 0 when every one ends safely, or -errno. */
static int
do_check(struct verifier *v)
{
	uint32_t next;
	int r;

	for (;;) {
		v->idx = v->cur->insn_idx;
		if (++v->stats.insns_processed > v->budget) {
			char loop[64];
			eb_verifier_name_loop(v, loop, sizeof(loop));
			eb_verifier_verbose(v, "%u instructions processed and still not done: %s",
					    v->budget, loop);
			return -E2BIG;
		}
		r = 0;
		if ((v->insn_flags[v->idx] & INSN_PRUNE_POINT) &&
		    !v->env->no_prune)
			r = eb_verifier_is_state_visited(v);
		if (r == 0)
			r = do_insn(v, &next);
		if (r < 0)
			return r;
		if (r == 1) {
			if (!next_path(v))
				return 0;
			continue;
		}
		if (next >= v->len)
			return eb_verifier_verbose(v, "the path falls through past the end of the program");
		v->cur->insn_idx = next;
	}
}

/* The state at entry: r1 the context, r10 the stack, maybe r2 its size. */
static int
init_state(struct verifier *v)
{
	struct bpf_func_state *fr;
	int i;

	if (!(v->cur = eb_port_alloc(sizeof(*v->cur))))
		return -ENOMEM;
	memset(v->cur, 0, sizeof(*v->cur));
	if (!(v->cur->frame[0] = fr = eb_verifier_alloc_frame()))
		return -ENOMEM;
	fr->callsite = -1;
	for (i = 0; i < MAX_BPF_REG; i++)
		eb_verifier_mark_reg_not_init(&fr->regs[i]);
	eb_verifier_mark_ptr(&fr->regs[BPF_REG_1], PTR_TO_CTX);
	eb_verifier_mark_ptr(&fr->regs[BPF_REG_10], PTR_TO_STACK);
	if (v->env->ctx_size_in_r2)
		eb_verifier_mark_reg_known(&fr->regs[BPF_REG_2], v->env->ctx_size);
	return 0;
}

static void
cleanup(struct verifier *v)
{
	eb_verifier_free_state(v->cur);
	while (v->npending)
		eb_verifier_free_state(v->pending[--v->npending]);
	eb_port_free(v->pending);
	eb_verifier_free_explored(v);
	eb_port_free(v->explored);
	eb_port_free(v->insn_flags);
	eb_port_free(v->live_in);
	eb_port_free(v->precise_in);
	eb_port_free(v->pred_start);
	eb_port_free(v->preds);
	eb_port_free(v->work);
	eb_port_free(v->sub_stack);
	eb_btf_free(&v->kbtf);
}

/* Contract in verifier.h. Allocates; not in trap context. */
int
bpf_verify(const struct bpf_insn *insns, size_t len,
	   const struct bpf_verifier_env *env, char *log, size_t logsize,
	   struct bpf_verifier_stats *stats)
{
	struct verifier v = {
		.insns = insns, .len = (uint32_t)len, .env = env,
		.log = log, .logsize = logsize, .idx = UINT32_MAX,
	};
	int err;

	if (log && logsize)
		log[0] = '\0';
	v.get_func_proto = env->get_func_proto ? env->get_func_proto
					       : bpf_helper_proto;
	v.budget = env->insn_budget ? env->insn_budget
				    : BPF_VERIFIER_DEFAULT_BUDGET;
	if (!len)
		return eb_verifier_verbose(&v, "the program is empty");
	if (len > BPF_VERIFIER_MAX_INSNS) {
		eb_verifier_verbose(&v, "the program has %zu instructions, more than %d",
				    len, BPF_VERIFIER_MAX_INSNS);
		return -E2BIG;
	}
	err = -ENOMEM;
	v.insn_flags = eb_port_alloc(len);
	v.live_in = eb_port_alloc(len * sizeof(*v.live_in));
	v.precise_in = eb_port_alloc(len * sizeof(*v.precise_in));
	v.explored = eb_port_alloc(len * sizeof(*v.explored));
	v.sub_stack = eb_port_alloc(len * sizeof(*v.sub_stack));
	v.stats.frames = 1;
	if (v.insn_flags && v.live_in && v.precise_in && v.explored &&
	    v.sub_stack) {
		memset(v.insn_flags, 0, len);
		memset(v.sub_stack, 0, len * sizeof(*v.sub_stack));
		memset(v.live_in, 0, len * sizeof(*v.live_in));
		memset(v.precise_in, 0, len * sizeof(*v.precise_in));
		memset(v.explored, 0, len * sizeof(*v.explored));
		if (!(err = eb_verifier_check_structure(&v)) &&
		    !(err = eb_verifier_check_cfg(&v)) &&
		    !(err = eb_verifier_compute_liveness(&v)) &&
		    !(err = eb_verifier_btf_init(&v)) &&
		    !(err = init_state(&v)) && !(err = do_check(&v)))
			err = eb_verifier_check_stack_depth(&v);
	}
	cleanup(&v);
	if (stats)
		*stats = v.stats;
	return err;
}
