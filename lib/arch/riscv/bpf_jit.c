/*
 * The RV64 eBPF JIT's driver (lib/bpf/jit.h; docs/bpf-jit.md): a sizing
 * pass with every form at its longest gives the image's size, then
 * passes at the image's address choose the short forms until no offset
 * moves; the image is written through the port's text patching. Also
 * here: the run frame, each function's prologue and epilogue, exits and
 * calls (tail calls among them).
 */
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/libc.h>
#include "bpf/jit.h"
#include "bpf/map.h"
#include "bpf_jit.h"
#include "core/cfi.h"

#define MAX_PASSES 16

const uint8_t bpf_jit_regmap[MAX_BPF_REG] = {
	RV_A5, RV_A0, RV_A1, RV_A2, RV_A3, RV_A4,	/* r0, r1-r5 */
	RV_S1, RV_S2, RV_S3, RV_S4, RV_S5,		/* r6-r9, r10 */
};

/* Linux's net.core.bpf_jit_enable. */
bool bpf_jit_enable = true;

const uint8_t bpf_jit_run_saved[RUN_FRAME_NSAVED] = { RV_RA, RV_S6 };

unsigned
bpf_jit_frame(const struct rv_jit *j, size_t start, uint8_t saved[8], unsigned *n)
{
	bool main = start == 0;

	*n = 0;
	if (j->calls)
		saved[(*n)++] = RV_RA;
	for (int r = BPF_REG_6; r <= BPF_REG_10; r++)
		if (j->regs_used & 1u << r)
			saved[(*n)++] = bpf_jit_regmap[r];
	if (main && j->unwinds)
		saved[(*n)++] = RV_S11;
	/* the JIT compiles verified programs only: each has its depth */
	return (*n * 8 + 15) / 16 * 16 + j->prog->stack_depth[start];
}

/* Records the current position in *slot, noting a move since the
 * previous pass. */
static void
mark(struct rv_jit *j, uint32_t *slot)
{
	if (*slot != j->pos) {
		*slot = j->pos;
		j->changed = true;
	}
}

/*
 * The run frame, at the entry of an image that tail-calls: it saves ra
 * and s6, which holds the whole run's tail call state (prog.h), in
 * every function of every program the run reaches, and starts it (no
 * frames under main, MAX_TAIL_CALL_CNT calls left); then it calls main,
 * whose return is the run's. A tail call into the image enters past it,
 * at main's prologue (tail_entry), as Linux's RV64 JIT skips its
 * count's start.
 */
static void
run_frame(struct rv_jit *j)
{
	riscv_emit_addi(j, RV_SP, RV_SP, -RUN_FRAME_SIZE);
	for (unsigned k = 0; k < RUN_FRAME_NSAVED; k++)
		riscv_emit_store(j, 3, bpf_jit_run_saved[k], RV_SP, 8 * k);
	riscv_emit_li(j, RV_S6, MAX_TAIL_CALL_CNT);
	mark(j, &j->run_call);
	riscv_emit32(j, rv_jal(RV_RA, (int32_t)(j->tail_entry - j->pos)));
	mark(j, &j->run_ret);
	for (unsigned k = 0; k < RUN_FRAME_NSAVED; k++)
		riscv_emit_load(j, 3, bpf_jit_run_saved[k], RV_SP, 8 * k);
	riscv_emit_addi(j, RV_SP, RV_SP, RUN_FRAME_SIZE);
	riscv_emit16(j, rvc_cr(false, RV_RA, RV_ZERO));	/* c.jr ra */
}

static void
prologue(struct rv_jit *j)
{
	bool main = j->func == 0;
	uint8_t saved[8];
	unsigned n, size = bpf_jit_frame(j, j->func, saved, &n);

	if (main && j->tail_calls)
		run_frame(j);
	if (main)
		mark(j, &j->tail_entry);
	riscv_emit_addi(j, RV_SP, RV_SP, -(int32_t)size);
	for (unsigned k = 0; k < n; k++)
		riscv_emit_store(j, 3, saved[k], RV_SP, 8 * k);
	if (j->regs_used & 1u << BPF_REG_10)
		riscv_emit_addi(j, bpf_jit_regmap[BPF_REG_10], RV_SP, size);
	if (!main)
		return;
	if (j->unwinds)
		riscv_emit_mv(j, RV_S11, RV_SP);	/* where a stop unwinds to */
	if (j->prog->env.ctx_size_in_r2)
		riscv_emit_li(j, bpf_jit_regmap[BPF_REG_2], j->prog->env.ctx_size);
}

/* Restores the saved registers and pops the frame. */
static void
pop_frame(struct rv_jit *j)
{
	uint8_t saved[8];
	unsigned n, size = bpf_jit_frame(j, j->func, saved, &n);

	for (unsigned k = 0; k < n; k++)
		riscv_emit_load(j, 3, saved[k], RV_SP, 8 * k);
	riscv_emit_addi(j, RV_SP, RV_SP, size);
}

static void
epilogue(struct rv_jit *j)
{
	riscv_emit_mv(j, RV_A0, bpf_jit_regmap[BPF_REG_0]);
	pop_frame(j);
	riscv_emit16(j, rvc_cr(false, RV_RA, RV_ZERO));	/* c.jr ra */
}

/* exit: to the epilogue of its function, which follows the function's
 * last instruction (so there, no jump). */
int
bpf_jit_emit_exit(struct rv_jit *j, size_t i)
{
	if (i + 1 == j->next_func)
		return 0;
	return riscv_emit_jump(j, j->epi[j->next_func]);
}

/* What callx returns: r0, and whether the run stops (r0 then 0). */
struct callx_ret {
	uint64_t r0, stop;
};

/* callx: the helper whose id is in dst, looked up at run time as the
 * interpreter does; an id naming none stops the run. */
static struct callx_ret
callx(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5,
      uint64_t id, bpf_get_func_proto_t get_proto)
{
	const struct bpf_func_proto *p = id > UINT32_MAX ? NULL : get_proto(id);
	struct callx_ret r = { 0, 1 };

	if (!p || !p->func)
		return r;
	r.r0 = p->func(r1, r2, r3, r4, r5);
	r.stop = p->unwind_on_zero && !r.r0;
	return r;
}

/*
 * The array map whose lookup the call at c may do inline, as the
 * interpreter's does (bpf_map_lookup_inline): its arguments set right
 * before it from a map constant and an aligned stack slot (*key_off
 * from r10), with no jump landing between; else NULL.
 */
static const struct bpf_map *
inline_lookup(const struct rv_jit *j, size_t c, int16_t *key_off)
{
	const struct bpf_map *map;
	size_t lddw;
	uint64_t v;

	if (!bpf_prog_lookup_args(j->prog, c, &lddw, key_off) || *key_off & 3 ||
	    bpf_prog_lddw_value(j->prog, lddw, &v, NULL, 0))
		return NULL;
	for (size_t i = c - 3; i <= c; i++)
		if (j->flags[i] & JIT_TARGET)
			return NULL;
	map = (const struct bpf_map *)(uintptr_t)v;
	return map->map_type == BPF_MAP_TYPE_ARRAY ? map : NULL;
}

/* r0 = key < max_entries ? data + key * elem_size : NULL, without a
 * branch: the product masked with the compare. */
static void
emit_array_lookup(struct rv_jit *j, const struct bpf_map *map, int16_t key_off)
{
	unsigned r0 = bpf_jit_regmap[BPF_REG_0], sh = 0;

	riscv_emit_load(j, 6, TMP0, bpf_jit_regmap[BPF_REG_10], key_off);
	riscv_emit_li(j, TMP1, map->max_entries);
	riscv_emit_alu(j, RV_SLTU, 0, false, TMP1, TMP0, TMP1);
	while (sh < 31 && (1u << sh) < map->elem_size)
		sh++;
	if ((1u << sh) == map->elem_size) {
		riscv_emit_slli(j, TMP0, TMP0, sh);
	} else {
		riscv_emit_li(j, TMP2, map->elem_size);
		riscv_emit_alu(j, RV_MUL, RV_F7_MULDIV, false, TMP0, TMP0, TMP2);
	}
	riscv_emit_li(j, r0, (intptr_t)map->data);
	riscv_emit_alu(j, RV_ADD, 0, false, r0, r0, TMP0);
	riscv_emit_alu(j, RV_ADD, RV_F7_SUB, false, TMP1, RV_ZERO, TMP1);
	riscv_emit_alu(j, RV_AND, 0, false, r0, r0, TMP1);
}

/*
 * bpf_tail_call(ctx, map, index) at i, in main or a subprogram: as
 * Linux's interpreter, an index past the array or a spent count falls
 * through, a call to an empty slot counts then falls through, as does
 * one whose program's frames would not fit (s6 above its tail_limit);
 * else this function's frame goes and the slot's program is entered at
 * its tail_func with ctx still in a0, returning to this function's
 * caller.
 */
static int
emit_tail_call(struct rv_jit *j, size_t i)
{
	unsigned map = bpf_jit_regmap[BPF_REG_2];
	uint32_t out = j->off[i + 1];
	int r;

	riscv_emit_load(j, 6, TMP0, map, offsetof(struct bpf_map, max_entries));
	riscv_emit_zext32(j, TMP1, bpf_jit_regmap[BPF_REG_3]);
	if ((r = riscv_emit_branch(j, RV_BGEU, TMP1, TMP0, out)))
		return r;
	riscv_emit_alui(j, RV_AND, false, TMP0, RV_S6, BPF_TAIL_LEFT_MASK);
	if ((r = riscv_emit_branch(j, RV_BEQ, TMP0, RV_ZERO, out)))
		return r;
	riscv_emit_addi(j, RV_S6, RV_S6, -1);
	riscv_emit_load(j, 3, TMP2, map, offsetof(struct bpf_map, data));
	riscv_emit_slli(j, TMP1, TMP1, 3);
	riscv_emit_alu(j, RV_ADD, 0, false, TMP2, TMP2, TMP1);
	riscv_emit_load(j, 3, TMP2, TMP2, 0);	/* the slot's program */
	if ((r = riscv_emit_branch(j, RV_BEQ, TMP2, RV_ZERO, out)))
		return r;
	riscv_emit_load(j, 3, TMP0, TMP2, offsetof(struct bpf_prog, tail_limit));
	if ((r = riscv_emit_branch(j, RV_BLTU, TMP0, RV_S6, out)))
		return r;
	riscv_emit_load(j, 3, TMP3, TMP2, offsetof(struct bpf_prog, tail_func));
	pop_frame(j);
	riscv_emit16(j, rvc_cr(false, TMP3, RV_ZERO));	/* c.jr t3 */
	return 0;
}

/* A call: r1-r5 are already a0-a4; r0 from a0. */
int
bpf_jit_emit_call(struct rv_jit *j, size_t i)
{
	const struct bpf_insn *in = &j->prog->insns[i];
	unsigned r0 = bpf_jit_regmap[BPF_REG_0];
	const struct bpf_func_proto *p;

	if (BPF_SRC(in->code) == BPF_X) {
		riscv_emit_mv(j, RV_A5, bpf_jit_regmap[in->dst_reg]);
		riscv_emit_li(j, RV_A6, (intptr_t)j->prog->env.get_func_proto);
		riscv_emit_call_abs(j, (uintptr_t)callx);
		riscv_emit_mv(j, r0, RV_A0);
		return riscv_emit_branch(j, RV_BNE, RV_A1, RV_ZERO, j->unwind);
	}
	if (in->src_reg == BPF_PSEUDO_CALL) {
		if (j->tail_calls)	/* one frame more under the callee */
			riscv_emit_addi(j, RV_S6, RV_S6, 1 << BPF_TAIL_DEPTH_SHIFT);
		int64_t off = (int64_t)j->entry[i + 1 + in->imm] - j->pos;

		if (!j->sizing && !rv_fits(off, 21))
			return -ERANGE;
		riscv_emit32(j, rv_jal(RV_RA, (int32_t)off));
		if (j->tail_calls)
			riscv_emit_addi(j, RV_S6, RV_S6, -(1 << BPF_TAIL_DEPTH_SHIFT));
		riscv_emit_mv(j, r0, RV_A0);
		return 0;
	}
	p = j->prog->env.get_func_proto(in->imm);
	if (p && p == bpf_helper_proto(BPF_FUNC_tail_call))
		return emit_tail_call(j, i);
	/* never runs verified (predecode.c's dead calls) */
	if ((uint32_t)in->imm == BPF_CORE_POISON_ID || !p || !p->func)
		return riscv_emit_jump(j, j->unwind);
	const struct bpf_map *map;
	int16_t key_off;

	if (p == bpf_helper_proto(BPF_FUNC_map_lookup_elem) &&
	    (map = inline_lookup(j, i, &key_off))) {
		emit_array_lookup(j, map, key_off);
		return 0;
	}
	riscv_emit_call_abs(j, (uintptr_t)p->func);
	riscv_emit_mv(j, r0, RV_A0);
	if (p->unwind_on_zero)
		return riscv_emit_branch(j, RV_BEQ, r0, RV_ZERO, j->unwind);
	return 0;
}

/* What the program uses: its functions' starts, registers, calls. */
static void
scan(struct rv_jit *j)
{
	const struct bpf_prog *prog = j->prog;

	j->flags[0] = JIT_FUNC_START;
	for (size_t i = 0; i < prog->len; i++) {
		const struct bpf_insn *in = &prog->insns[i];
		const struct bpf_func_proto *p;

		if (BPF_CLASS(in->code) == BPF_LD) {	/* lddw: 2 slots */
			j->regs_used |= 1u << in->dst_reg;
			if (in->src_reg == BPF_PSEUDO_FUNC)	/* a callback */
				j->flags[i + 1 + in->imm] |= JIT_FUNC_START;
			i++;
			continue;
		}
		j->regs_used |= 1u << in->dst_reg | 1u << in->src_reg;
		if (prog->probe_mem && prog->probe_mem[i])
			j->nextable++;	/* room for its entry */
		if ((BPF_CLASS(in->code) == BPF_JMP ||
		     BPF_CLASS(in->code) == BPF_JMP32) &&
		    BPF_OP(in->code) != BPF_CALL && BPF_OP(in->code) != BPF_EXIT)
			j->flags[i + 1 + (BPF_CLASS(in->code) == BPF_JMP32 &&
					  BPF_OP(in->code) == BPF_JA ?
					  in->imm : in->off)] |= JIT_TARGET;
		if (BPF_CLASS(in->code) != BPF_JMP || BPF_OP(in->code) != BPF_CALL)
			continue;
		j->calls = true;
		if (BPF_SRC(in->code) == BPF_X)
			j->unwinds = true;
		else if (in->src_reg == BPF_PSEUDO_CALL)
			j->flags[i + 1 + in->imm] |= JIT_FUNC_START;
		else if ((p = prog->env.get_func_proto(in->imm)) &&
			 p == bpf_helper_proto(BPF_FUNC_tail_call))
			j->tail_calls = true;
		else if (!p || !p->func || p->unwind_on_zero)	/* a dead call too */
			j->unwinds = true;
	}
}

/* The end of the function before e: its epilogue; after main's, the
 * stub a stop jumps to, which returns from main's frame with r0 = 0:
 * the stop ends the program the run, or a tail call, entered. */
static int
end_func(struct rv_jit *j, size_t e)
{
	bool main = j->func == 0;

	mark(j, &j->epi[e]);
	epilogue(j);
	if (!main || !j->unwinds)
		return 0;
	mark(j, &j->unwind);
	riscv_emit_mv(j, RV_SP, RV_S11);
	riscv_emit_li(j, bpf_jit_regmap[BPF_REG_0], 0);
	return riscv_emit_jump(j, j->epi[e]);
}

/* One pass over the program. 0 or -errno. */
static int
pass(struct rv_jit *j)
{
	const struct bpf_prog *prog = j->prog;
	int r;

	j->pos = j->nextable = 0;
	for (size_t i = 0; i < prog->len; i++) {
		if (j->flags[i] & JIT_FUNC_START) {
			if (i && (r = end_func(j, i)))
				return r;
			j->func = i;
			mark(j, &j->entry[i]);
			prologue(j);
			for (j->next_func = i + 1; j->next_func < prog->len &&
			     !(j->flags[j->next_func] & JIT_FUNC_START);
			     j->next_func++)
				;
		}
		mark(j, &j->off[i]);
		if ((r = bpf_jit_emit_insn(j, i)))
			return r;
		if (BPF_CLASS(prog->insns[i].code) == BPF_LD)
			j->off[++i] = j->pos;	/* lddw's second slot: no target */
	}
	return end_func(j, prog->len);
}

/* The passes, once the sizing pass has allocated the image and buf (of
 * size bytes): until no offset moves. */
static int
converge(struct rv_jit *j, uint32_t size)
{
	int r;

	for (int n = 0; n < MAX_PASSES; n++) {
		j->changed = false;
		if ((r = pass(j)))
			return r;
		if (j->pos > size)
			return -ERANGE;
		if (!j->changed)
			return 0;
	}
	return -ERANGE;
}

static int
fail(struct rv_jit *j, int r, char *err, size_t errsize)
{
	eb_snprintf(err, errsize, "%s",
		    r == -ENOMEM ? "out of memory for the compiled image" :
		    r == -ERANGE ? "a jump does not reach its target" :
		    r == -EINVAL ? "an instruction the JIT has no translation for" :
		    "the image could not be written");
	eb_port_free(j->off);
	eb_port_free(j->buf);
	eb_port_free(j->extable);
	return r;
}

/* Compiles prog (bpf/jit.h). Not in trap context. */
int
bpf_jit_compile(struct bpf_prog *prog, char *err, size_t errsize)
{
	struct rv_jit j = { .prog = prog, .sizing = true };
	struct eb_unwind_table *unwind;
	size_t n = prog->len + 1;
	void *image;
	uint32_t size;
	int r;

	/* off, entry, epi, then flags */
	j.off = eb_port_alloc(n * (3 * sizeof(uint32_t) + 1));
	if (!j.off)
		return fail(&j, -ENOMEM, err, errsize);
	memset(j.off, 0, n * (3 * sizeof(uint32_t) + 1));
	j.entry = j.off + n;
	j.epi = j.entry + n;
	j.flags = (uint8_t *)(j.epi + n);
	scan(&j);
	if (j.nextable &&
	    !(j.extable = eb_port_alloc(j.nextable * sizeof *j.extable)))
		return fail(&j, -ENOMEM, err, errsize);
	if ((r = pass(&j)))
		return fail(&j, r, err, errsize);
	size = j.cap = j.pos;
	j.buf = eb_port_alloc(size);
	if (!j.buf || !(image = eb_port_exec_alloc(size)))
		return fail(&j, -ENOMEM, err, errsize);
	j.sizing = false;
	j.base = (uintptr_t)image;
	if ((r = converge(&j, size)) ||
	    (r = eb_port_text_patch(image, j.buf, j.pos)) ||
	    (!(unwind = bpf_jit_unwind_table(&j)) && (r = -ENOMEM))) {
		eb_port_exec_free(image, size);
		return fail(&j, r, err, errsize);
	}
	eb_port_free(j.off);
	eb_port_free(j.buf);
	eb_port_free(j.extable);
	eb_unwind_table_add(unwind);
	prog->jit_unwind = unwind;
	prog->image = image;
	prog->jited = true;
	prog->jited_len = j.pos;
	prog->image_size = size;
	prog->bpf_func = (bpf_func_t)image;
	prog->tail_func = (const char *)image + j.tail_entry;
	return 0;
}

/* Takes the image's unwind table (and extable) out of the unwinder's
 * before the image goes back. Not in trap context. */
void
bpf_jit_free(struct bpf_prog *prog)
{
	eb_unwind_table_del(prog->jit_unwind);
	eb_port_free(prog->jit_unwind);
	eb_port_exec_free(prog->image, prog->image_size);
}
