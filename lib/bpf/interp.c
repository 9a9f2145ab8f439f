/*
 * The interpreter: runs the pre-decoded form of a program (interp.h,
 * built by predecode.c) "threaded": each handler ends by jumping straight
 * to the next one's address, with no central switch, no opcode decoding
 * and no bounds checks - the verifier proved every access safe.
 *
 * Semantics are RFC 9669's, including the cases hardware traps on:
 * division by zero gives 0 and modulo by zero leaves dst (truncated to
 * 32 bits in ALU), signed INT_MIN / -1 gives INT_MIN and modulo 0,
 * shift counts are masked to the operand width.
 */
#include <ebreak/libc.h>
#include "bpf/interp.h"
#include "bpf/map_ops.h"

#ifdef BPF_INTERP_COUNT
/* Instructions dispatched, in the benchmarks' counting build only. */
uint64_t bpf_interp_count;
#define COUNT() (bpf_interp_count++)
/* A fused handler counts the n instructions it stands for besides its
 * own dispatch. */
#define COUNT_FUSED(n) (bpf_interp_count += (n))
#else
#define COUNT() ((void)0)
#define COUNT_FUSED(n) ((void)0)
#endif

/* One run's state shared by all its frames. */
struct run {
	bool stop;	/* an unwind helper returned 0: r0 = 0 (STOP) */
	unsigned tail_calls;	/* made so far, in any frame */
	const void *const *table;	/* the handlers, for a run without a program */
};

/* A run's state and right after it (RUN_AREA) the area the frames'
 * stacks are carved from, each right under its caller's (a frame's r10
 * is its caller's r10 less the caller's depth): the verifier keeps a
 * chain within BPF_STACK_SIZE. Found from the state, not kept in it: a
 * run starts with one store fewer. Only stop and tail_calls are set at a
 * run's start: the area is the frames' to write. */
#define RUN_WITH_AREA(words)						\
	struct { struct run rs; uint64_t area[words] __attribute__((aligned(16))); }
#define RUN_AREA(rs) ((uintptr_t)((rs) + 1))
_Static_assert(offsetof(RUN_WITH_AREA(1), area) == sizeof(struct run),
	       "a run's area follows its state");

/* A run's area for the stacks of a verified program's frames (at most
 * BPF_STACK_SIZE for a chain), and an unverified one's (BPF_STACK_SIZE
 * for each frame, as nothing sized them). */
#define AREA_WORDS (BPF_STACK_SIZE / 8)
#define UNVERIFIED_AREA_WORDS (MAX_CALL_FRAMES * BPF_STACK_SIZE / 8)

/* Loads and stores of any alignment the program was verified for; may
 * alias the context, maps and the stack. */
typedef uint8_t __attribute__((may_alias)) u8a;
typedef uint16_t __attribute__((may_alias)) u16a;
typedef uint32_t __attribute__((may_alias)) u32a;
typedef uint64_t __attribute__((may_alias)) u64a;
typedef int32_t __attribute__((may_alias)) s32a;

/* Byte swaps by hand: the kernel links no libgcc for __builtin_bswap*
 * (RV64IMAC has no byte swap instruction); compilers for hosts that have
 * one recognize these. */
static inline uint16_t
swab16(uint16_t x)
{
	return (uint16_t)(x << 8 | x >> 8);
}

static inline uint32_t
swab32(uint32_t x)
{
	return x << 24 | (x & 0xff00) << 8 | (x >> 8 & 0xff00) | x >> 24;
}

static inline uint64_t
swab64(uint64_t x)
{
	return (uint64_t)swab32(x) << 32 | swab32(x >> 32);
}

static inline int64_t
sdiv64(int64_t a, int64_t b)
{
	if (b == -1)	/* INT64_MIN / -1 traps on hardware */
		return (int64_t)(0 - (uint64_t)a);
	return b ? a / b : 0;
}

static inline int64_t
smod64(int64_t a, int64_t b)
{
	if (b == -1)
		return 0;
	return b ? a % b : a;
}

static inline int32_t
sdiv32(int32_t a, int32_t b)
{
	if (b == -1)
		return (int32_t)(0 - (uint32_t)a);
	return b ? a / b : 0;
}

static inline int32_t
smod32(int32_t a, int32_t b)
{
	if (b == -1)
		return 0;
	return b ? a % b : a;
}

/* A tail call through map's slot index from a frame `depth` deep: the
 * program it runs, counted, or NULL: as Linux's interpreter, a call past
 * the array or past the count falls through uncounted, one to an empty
 * slot counts, then falls through, as does one whose program's frames
 * would not fit above this frame's callers (prog.h's tail_limit). Out of
 * line and cold: the interpreter's frame stays as small as without it. */
static __attribute__((noinline, cold)) const struct bpf_prog *
take_tail_call(struct run *rs, uint64_t map, uint64_t index, unsigned depth)
{
	const struct bpf_map *m = (const struct bpf_map *)(uintptr_t)map;
	const struct bpf_prog *p;
	uint32_t i = (uint32_t)index;

	if (i >= m->max_entries || rs->tail_calls >= MAX_TAIL_CALL_CNT)
		return NULL;
	rs->tail_calls++;
	p = bpf_prog_array_slot(m, i);
	if (p && (uint64_t)(depth - 1) << BPF_TAIL_DEPTH_SHIFT > p->tail_limit)
		return NULL;
	return p;
}

static uint64_t interp(const struct bpf_interp_insn *d, uint64_t r1,
		       uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5,
		       unsigned depth, struct run *rs, uint64_t fp);

/* Where a helper's callback runs: frames deep, in run rs, its r10 fp. */
struct callback_run {
	unsigned depth;
	struct run *rs;
	uint64_t fp;
};

/* One call of a helper's callback (eb_bpf_callback_run_t): the
 * callback's first insn fn in a new frame; a stop in it ends the
 * helper's loop. */
static uint64_t
run_callback(const void *fn, uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4,
	     void *arg)
{
	struct callback_run *c = arg;
	uint64_t r0 = interp(fn, r1, r2, r3, r4, 0, c->depth, c->rs, c->fp);

	return c->rs->stop ? 1 : r0;
}

/* Helper p, one that calls back (bpf_loop, bpf_for_each_map_elem), on
 * r1-r4 from a frame `depth` deep, its callback a frame above, whose
 * stack's top is fp: r0. Out of line and cold, as take_tail_call. */
static __attribute__((noinline, cold)) uint64_t
call_back(const struct bpf_func_proto *p, const uint64_t *reg, unsigned depth,
	  struct run *rs, uint64_t fp)
{
	struct callback_run c = { depth + 1, rs, fp };

	return (uint64_t)p->calls_back(reg[BPF_REG_1], (const void *)(uintptr_t)reg[BPF_REG_2],
				       reg[BPF_REG_3], reg[BPF_REG_4], run_callback, &c);
}

/* What r2 holds at a run's start: the context's size where prog's
 * environment hands it over. */
static inline uint64_t
entry_r2(const struct bpf_prog *prog)
{
	return prog->env.ctx_size_in_r2 ? prog->env.ctx_size : 0;
}

/* dst and src are byte offsets into the register file: one add fewer
 * per access on RISC-V, which has no scaled indexing. */
#define DST (*(uint64_t *)((char *)r + d->dst))
#define SRC (*(uint64_t *)((char *)r + d->src))
#define IMM d->imm
#define DISPATCH() do { COUNT(); goto *d->op; } while (0)
#define NEXT() do { d++; DISPATCH(); } while (0)
#define JUMP() do { d = d->target; DISPATCH(); } while (0)
#define ADDR(base) ((uintptr_t)(base) + (intptr_t)d->off)
/* In a frame's depth once a tail call entered a program there: a bit
 * of a register the frame keeps anyway, not a variable of its own that
 * every run would start. */
#define ENTERED 0x10000u
#define FRAMES (depth & ~ENTERED)
/* A stop (an unwind helper returned 0, callx of no helper) ends the
 * program the run or a tail call entered, as the JIT's s11 unwinds to
 * its main's frame: r0 = 0 out of the frame it was entered in, whose
 * caller (a subprogram's, after a tail call there) goes on. */
#define STOP() do { rs->stop = !(depth & ENTERED); return 0; } while (0)

/* A tail call into next, on context r1, from a frame `depth` deep (as
 * interp's depth) whose callers left less area than next's deepest
 * chain takes: next runs in a frame of its own, on a new area, and
 * returns what the frame it replaces returns. Out of line and cold,
 * as take_tail_call. */
static __attribute__((noinline, cold)) uint64_t
tail_call_apart(const struct bpf_prog *next, uint64_t r1, unsigned depth,
		struct run *rs)
{
	RUN_WITH_AREA(AREA_WORDS) apart;
	uint64_t r0;

	apart.rs.stop = false;
	apart.rs.tail_calls = rs->tail_calls;
	r0 = interp(next->image, r1, entry_r2(next), 0, 0, 0, depth | ENTERED,
		    &apart.rs, (uintptr_t)(apart.area + AREA_WORDS));
	rs->stop = apart.rs.stop;	/* the run's, shared by every frame */
	rs->tail_calls = apart.rs.tail_calls;
	return r0;
}

/*
 * Runs the frame starting at d with r1-r5 given, in its own registers and
 * the stack below fp (its r10); depth counts frames (and may have
 * ENTERED). Returns r0. Called
 * with d == NULL, it stores its handler table in rs->table instead
 * (labels are only visible in here). r1-r5 come in registers, not in memory: the entry from a
 * probe copies nothing.
 */
static uint64_t
interp(const struct bpf_interp_insn *d, uint64_t r1, uint64_t r2, uint64_t r3,
       uint64_t r4, uint64_t r5, unsigned depth, struct run *rs, uint64_t fp)
{
#define OP_LABEL(name) [OP_##name] = &&name,
	static const void *const ops[NR_OPS] = { INTERP_OPS(OP_LABEL) };
	uint64_t reg[MAX_BPF_REG];

	if (!d) {
		rs->table = ops;
		return 0;
	}
	reg[BPF_REG_1] = r1;
	reg[BPF_REG_2] = r2;
	reg[BPF_REG_3] = r3;
	reg[BPF_REG_4] = r4;
	reg[BPF_REG_5] = r5;
	reg[BPF_REG_10] = fp;
	/* The register file's address, opaque so that the compiler keeps it
	 * in a register rather than recomputing it from the frame. */
	uint64_t *r = reg;

	__asm__("" : "+r"(r));
	DISPATCH();

	/* ALU64 and ALU; imm operands were sign-extended (and shift counts
	 * masked) when decoding. */
#define ALU(name, expr64, expr32)					\
	name##64_imm: { uint64_t s = IMM; DST = expr64; NEXT(); }	\
	name##64_reg: { uint64_t s = SRC; DST = expr64; NEXT(); }	\
	name##32_imm: { uint32_t s = IMM, t __attribute__((unused)) = DST; DST = (uint32_t)(expr32); NEXT(); } \
	name##32_reg: { uint32_t s = SRC, t __attribute__((unused)) = DST; DST = (uint32_t)(expr32); NEXT(); }
	ALU(add, DST + s, t + s)
	ALU(sub, DST - s, t - s)
	ALU(mul, DST * s, t * s)
	ALU(div, s ? DST / s : 0, s ? t / s : 0)
	ALU(mod, s ? DST % s : DST, s ? t % s : t)
	ALU(sdiv, sdiv64(DST, s), sdiv32(t, s))
	ALU(smod, smod64(DST, s), smod32(t, s))
	ALU(or, DST | s, t | s)
	ALU(and, DST & s, t & s)
	ALU(xor, DST ^ s, t ^ s)
	ALU(lsh, DST << (s & 63), t << (s & 31))
	ALU(rsh, DST >> (s & 63), t >> (s & 31))
	ALU(arsh, (uint64_t)((int64_t)DST >> (s & 63)),
	    (uint32_t)((int32_t)t >> (s & 31)))
	ALU(mov, s, s)
neg64:
	DST = 0 - DST;
	NEXT();
neg32:
	DST = (uint32_t)(0 - (uint32_t)DST);
	NEXT();
movsx8_64:
	DST = (int64_t)(int8_t)SRC;
	NEXT();
movsx16_64:
	DST = (int64_t)(int16_t)SRC;
	NEXT();
movsx32_64:
	DST = (int64_t)(int32_t)SRC;
	NEXT();
movsx8_32:
	DST = (uint32_t)(int32_t)(int8_t)SRC;
	NEXT();
movsx16_32:
	DST = (uint32_t)(int32_t)(int16_t)SRC;
	NEXT();

	/* Byte order: decoding picked these for the host's byte order. */
zext16:
	DST = (uint16_t)DST;
	NEXT();
zext32:
	DST = (uint32_t)DST;
	NEXT();
nop:
	NEXT();
bswap16:
	DST = swab16(DST);
	NEXT();
bswap32:
	DST = swab32(DST);
	NEXT();
bswap64:
	DST = swab64(DST);
	NEXT();

	/* Memory. lddw occupies two slots. */
lddw:
	DST = IMM;
	d += 2;
	DISPATCH();
ldxb:
	DST = *(u8a *)ADDR(SRC);
	NEXT();
ldxh:
	DST = *(u16a *)ADDR(SRC);
	NEXT();
ldxw:
	DST = *(u32a *)ADDR(SRC);
	NEXT();
ldxdw:
	DST = *(u64a *)ADDR(SRC);
	NEXT();
ldxsb:
	DST = (int64_t)*(int8_t *)(u8a *)ADDR(SRC);
	NEXT();
ldxsh:
	DST = (int64_t)(int16_t)*(u16a *)ADDR(SRC);
	NEXT();
ldxsw:
	DST = (int64_t)(int32_t)*(u32a *)ADDR(SRC);
	NEXT();
ldx_probe:	/* through a kernel struct pointer: a fault reads 0 */
	DST = bpf_probe_mem_load(ADDR(SRC), IMM);
	NEXT();
ldxs_probe:
	DST = (uint64_t)((int64_t)(bpf_probe_mem_load(ADDR(SRC), IMM) <<
				   (64 - 8 * IMM)) >> (64 - 8 * IMM));
	NEXT();
stb:
	*(u8a *)ADDR(DST) = IMM;
	NEXT();
sth:
	*(u16a *)ADDR(DST) = IMM;
	NEXT();
stw:
	*(u32a *)ADDR(DST) = IMM;
	NEXT();
stdw:
	*(u64a *)ADDR(DST) = IMM;
	NEXT();
stxb:
	*(u8a *)ADDR(DST) = SRC;
	NEXT();
stxh:
	*(u16a *)ADDR(DST) = SRC;
	NEXT();
stxw:
	*(u32a *)ADDR(DST) = SRC;
	NEXT();
stxdw:
	*(u64a *)ADDR(DST) = SRC;
	NEXT();

	/* Atomics: fully ordered, like Linux's; fetch forms return the old
	 * value in src (zero-extended for 32 bits), cmpxchg in r0. */
#define ATOMIC(name, fn)						\
	atomic_##name##64: fn((u64a *)ADDR(DST), SRC, __ATOMIC_SEQ_CST); NEXT(); \
	atomic_##name##32: fn((u32a *)ADDR(DST), (uint32_t)SRC, __ATOMIC_SEQ_CST); NEXT(); \
	fetch_##name##64: SRC = fn((u64a *)ADDR(DST), SRC, __ATOMIC_SEQ_CST); NEXT(); \
	fetch_##name##32: SRC = fn((u32a *)ADDR(DST), (uint32_t)SRC, __ATOMIC_SEQ_CST); NEXT();
	ATOMIC(add, __atomic_fetch_add)
	ATOMIC(or, __atomic_fetch_or)
	ATOMIC(and, __atomic_fetch_and)
	ATOMIC(xor, __atomic_fetch_xor)
xchg64:
	SRC = __atomic_exchange_n((u64a *)ADDR(DST), SRC, __ATOMIC_SEQ_CST);
	NEXT();
xchg32:
	SRC = __atomic_exchange_n((u32a *)ADDR(DST), (uint32_t)SRC,
				  __ATOMIC_SEQ_CST);
	NEXT();
cmpxchg64: {
	uint64_t old = reg[BPF_REG_0];

	__atomic_compare_exchange_n((u64a *)ADDR(DST), &old, SRC, false,
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	reg[BPF_REG_0] = old;
	NEXT();
}
cmpxchg32: {
	/*
	 * GCC 12 for RV64 compares the sign-extended word lr.w loads with
	 * the expected value's register as it is, and without the empty asm
	 * that register is r0's whole 64 bits. Sign-extended in a 64-bit
	 * variable the compiler cannot see through, it compares right.
	 */
	int64_t want = (int32_t)reg[BPF_REG_0];

	__asm__("" : "+r"(want));
	int32_t old = want;

	__atomic_compare_exchange_n((s32a *)ADDR(DST), &old, (int32_t)SRC,
				    false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	reg[BPF_REG_0] = (uint32_t)old;
	NEXT();
}

	/* Jumps: JMP compares 64 bits with imm sign-extended, JMP32 the low
	 * 32 bits. */
#define JCC(name, T64, T32, OPER)					\
	name##64_imm: if ((T64)DST OPER (T64)IMM) JUMP(); NEXT();	\
	name##64_reg: if ((T64)DST OPER (T64)SRC) JUMP(); NEXT();	\
	name##32_imm: if ((T32)DST OPER (T32)IMM) JUMP(); NEXT();	\
	name##32_reg: if ((T32)DST OPER (T32)SRC) JUMP(); NEXT();
	JCC(jeq, uint64_t, uint32_t, ==)
	JCC(jne, uint64_t, uint32_t, !=)
	JCC(jgt, uint64_t, uint32_t, >)
	JCC(jge, uint64_t, uint32_t, >=)
	JCC(jlt, uint64_t, uint32_t, <)
	JCC(jle, uint64_t, uint32_t, <=)
	JCC(jsgt, int64_t, int32_t, >)
	JCC(jsge, int64_t, int32_t, >=)
	JCC(jslt, int64_t, int32_t, <)
	JCC(jsle, int64_t, int32_t, <=)
	JCC(jset, uint64_t, uint32_t, &)
ja:
	JUMP();

	/* Calls: helpers get r1-r5 and return in r0; r1-r5 are then
	 * undefined for the program (the verifier sees to it). */
call:
	reg[0] = d->fn(reg[1], reg[2], reg[3], reg[4], reg[5]);
	NEXT();
map_lookup:
	/* bpf_map_lookup_elem with no helper call: r1 is a map (the
	 * verifier's ARG_CONST_MAP_PTR), r2 its key. */
	reg[0] = (uintptr_t)bpf_map_lookup_inline((struct bpf_map *)reg[1],
						  (const void *)reg[2]);
	NEXT();
map_lookup_fp:
	/* lddw r1, MAP; mov r2, r10; add r2, OFF; call map_lookup_elem
	 * (predecode.c): the same registers set, then past the call. */
	COUNT_FUSED(3);
	reg[1] = IMM;
	reg[2] = reg[10] + d->off;
	reg[0] = (uintptr_t)bpf_map_lookup_inline((struct bpf_map *)reg[1],
						  (const void *)reg[2]);
	JUMP();
call_unwind:
	reg[0] = d->proto->func(reg[1], reg[2], reg[3], reg[4], reg[5]);
	if (!reg[0])
		STOP();
	NEXT();
callx: {
	/* The verifier allows callx only with a known helper id in dst;
	 * decoding cannot see that value, so it is looked up here. */
	const struct bpf_func_proto *p =
		DST > UINT32_MAX ? NULL : d->get_proto(DST);

	if (!p || !p->func)
		STOP();
	reg[0] = p->func(reg[1], reg[2], reg[3], reg[4], reg[5]);
	if (p->unwind_on_zero && !reg[0])
		STOP();
	NEXT();
}
tail_call: {
	/* bpf_tail_call(ctx, map, index), r1 the context itself (the
	 * verifier's ARG_PTR_TO_CTX): this frame, main's or a subprogram's,
	 * becomes the slot's program's, from its start, on the same context
	 * and the frame's stack (which the program finds unwritten, as the
	 * verifier assumes), where the area left holds its deepest chain;
	 * its exit returns to this frame's caller. Or the call falls
	 * through. */
	const struct bpf_prog *next = take_tail_call(rs, reg[2], reg[3], FRAMES);

	if (!next)
		NEXT();
	if (next->chain_stack > reg[BPF_REG_10] - RUN_AREA(rs))
		return tail_call_apart(next, reg[1], depth, rs);
	depth |= ENTERED;
	reg[BPF_REG_2] = entry_r2(next);
	d = next->image;
	DISPATCH();
}
call_local:
	/* A new frame: own registers (so r6-r10 come back unchanged) and
	 * own stack, right under this frame's (off: its depth). The depth
	 * check is per call, not per instruction. */
	if (FRAMES >= MAX_CALL_FRAMES)
		STOP();
	reg[0] = interp(d->target, reg[1], reg[2], reg[3], reg[4], reg[5],
			FRAMES + 1, rs, reg[BPF_REG_10] - (uint16_t)d->off);
	if (rs->stop)
		STOP();
	NEXT();
callback:
	/* a helper calling a callback: it runs as call_local's callee
	 * does, each call a frame above this one (callback.c) */
	if (FRAMES >= MAX_CALL_FRAMES)
		STOP();
	reg[0] = call_back(d->proto, reg, FRAMES, rs,
			   reg[BPF_REG_10] - (uint16_t)d->off);
	if (rs->stop)
		STOP();
	NEXT();
exit:
	return reg[0];
exit_imm:
	/* mov r0, IMM; exit (predecode.c) */
	COUNT_FUSED(1);
	return IMM;
fell_off:
	/* Past the last instruction: only unverified programs get here. */
	STOP();
}

/* The handler addresses (interp.h): labels are only visible inside
 * interp(), which hands its table out when called without a program.
 * Any context. */
const void *const *
bpf_interp_handlers(void)
{
	struct run rs = { 0 };

	interp(NULL, 0, 0, 0, 0, 0, 0, &rs, 0);
	return rs.table;
}

/* Runs prog's interpreter image on ctx, its frames' stacks in an area of
 * `words` words on the kernel stack; returns r0. Any context, any
 * number of harts. One run function per area size, bpf_func picking the
 * smallest that holds the program's deepest chain of frames: nothing to
 * size at run time. */
#define RUN_ON_AREA(name, words)					\
	static uint64_t							\
	name(void *ctx, const struct bpf_prog *prog)			\
	{								\
		RUN_WITH_AREA(words) run;				\
									\
		run.rs.stop = false;					\
		run.rs.tail_calls = 0;					\
		return interp(prog->image, (uintptr_t)ctx,		\
			      entry_r2(prog), 0, 0, 0, 1, &run.rs,	\
			      (uintptr_t)(run.area + (words)));		\
	}

/* Most programs' stack is a few keys and values. */
#define SMALL_AREA_WORDS (128 / 8)

RUN_ON_AREA(run_small, SMALL_AREA_WORDS)
RUN_ON_AREA(run_whole, AREA_WORDS)
RUN_ON_AREA(run_unverified, UNVERIFIED_AREA_WORDS)

/* Contract in interp.h. */
bpf_func_t
bpf_interp_func(const struct bpf_prog *prog)
{
	if (!prog->stack_depth)
		return run_unverified;
	return prog->chain_stack <= SMALL_AREA_WORDS * 8 ? run_small : run_whole;
}
