/*
 * Loads, stores, atomics and lddw: every access must land inside the
 * region its base pointer points into, whatever the pointer's variable
 * offset:
 *
 *   stack       the 512 bytes below the frame's r10; reads only of bytes
 *               written before (per-byte states below)
 *   context     [0, ctx_size), read-only unless env->ctx_writable
 *   map value   [0, value_size), after the lookup's null check
 *               (read-only if the map is BPF_F_RDONLY_PROG)
 *   memory      [0, mem_size), after the null check: a ring buffer
 *               record bpf_ringbuf_reserve returned, until released
 *   kernel      a traced function's struct (PTR_TO_BTF_ID): loads
 *   struct      inside its BTF size, fault-safe (verifier_btf.c)
 *
 * Pointers may be stored only on the stack (spilled: an 8-byte aligned
 * store, restored by an 8-byte load of the slot); a pointer in a map value
 * or the context would leak an address, and bytes of a spilled pointer
 * cannot be read as a number.
 */
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/libc.h>
#include "bpf/map.h"
#include "bpf/verifier_impl.h"

static const int size_bytes[4] = { 4, 2, 1, 8 };	/* by BPF_SIZE >> 3 */

/* A pointer of type t to offset 0 of its region. */
void
eb_verifier_mark_ptr(struct bpf_reg_state *reg, enum bpf_reg_type t)
{
	eb_verifier_mark_reg_known(reg, 0);
	reg->type = t;
}

/* The slot holding stack byte o (-512 <= o < 0) of frame fr; NULL if
 * never allocated (so never written). */
static struct bpf_stack_slot *
stack_slot(struct bpf_func_state *fr, int64_t o)
{
	uint32_t slot = (uint32_t)(-o - 1) / 8;

	return slot < fr->nslots ? &fr->stack[slot] : NULL;
}

/* The state of stack byte o, in its slot (allocated). */
static uint8_t *
stack_byte(struct bpf_func_state *fr, int64_t o)
{
	return &stack_slot(fr, o)->type[o & 7];
}

static uint8_t
stack_type(struct bpf_func_state *fr, int64_t o)
{
	return stack_slot(fr, o) ? *stack_byte(fr, o) : STACK_INVALID;
}

/* The 8-byte words bytes [lo, hi) of the context reach (0 <= lo < hi):
 * bit n for word n, bit 63 for every word from 63 on. */
static uint64_t
ctx_words(int64_t lo, int64_t hi)
{
	uint64_t first = lo / 8 < 63 ? lo / 8 : 63;
	uint64_t last = (hi - 1) / 8 < 63 ? (hi - 1) / 8 : 63;

	return (~0ull >> (63 - last)) & (~0ull << first);
}

/* A read of size bytes somewhere in [lo, hi) of a traced function's
 * arguments: one u64 slot, or the low bytes of one, at a known offset,
 * as Linux's btf_ctx_access takes them. */
static int
check_args_read(struct verifier *v, int64_t lo, int64_t hi, int64_t size)
{
	if (lo % 8 || hi - lo != size || size > 8)
		return eb_verifier_verbose(v, "context read at offsets %lld..%lld: the context is the traced function's arguments, a u64 each: read one at a known offset, a multiple of 8",
					   (long long)lo, (long long)hi - 1);
	v->stats.ctx_words |= ctx_words(lo, hi);
	return 0;
}

/* Refuses an access of size bytes at off from reg (r<regno>) that
 * reaches [lo, hi) outside its frame: Linux's words
 * (check_stack_access_within_bounds'), then ours. */
static int
stack_out_of_bounds(struct verifier *v, int regno,
		    const struct bpf_reg_state *reg, int64_t off, int64_t size,
		    bool write, bool helper, int64_t lo, int64_t hi)
{
	const char *how = helper ? " indirect access to" :
			  write ? " write to" : " read from";
	const char *rw = write ? "write" : "read";
	char theirs[112];

	if (eb_tnum_is_const(reg->var_off))
		eb_snprintf(theirs, sizeof theirs, "invalid%s stack R%d off=%lld size=%lld",
			    how, regno, (long long)(reg->off + off + reg->smin),
			    (long long)size);
	else
		eb_snprintf(theirs, sizeof theirs, "invalid variable-offset%s stack R%d var_off=(0x%llx; 0x%llx) off=%lld size=%lld",
			    how, regno, (unsigned long long)reg->var_off.value,
			    (unsigned long long)reg->var_off.mask,
			    (long long)(reg->off + off), (long long)size);
	if (lo >= 0)
		return eb_verifier_verbose(v, "%s (invalid stack %s: offset +%lld is above the frame (r10))",
					   theirs, rw, (long long)lo);
	if (hi > 0)
		return eb_verifier_verbose(v, "%s (invalid stack %s: offsets %lld..+%lld reach above the frame (r10))",
					   theirs, rw, (long long)lo, (long long)hi - 1);
	return eb_verifier_verbose(v, "%s (invalid stack %s: offset %lld is below the frame's %d bytes)",
				   theirs, rw, (long long)lo, BPF_STACK_SIZE);
}

/* An access to a context that Linux's is_valid_access checks
 * (env->ctx_access): through the context pointer itself, at a constant
 * offset, as Linux's check_ptr_off_reg and check_ctx_access have it,
 * with their texts. Sets *lo and *hi as check_region. */
static int
ctx_access(struct verifier *v, int regno, const struct bpf_reg_state *reg,
	   int64_t off, int64_t size, bool write, int64_t *lo, int64_t *hi)
{
	if (reg->off)
		return eb_verifier_verbose(v, "dereference of modified ctx ptr R%d off=%d disallowed",
					   regno, reg->off);
	if (!eb_tnum_is_const(reg->var_off) || reg->var_off.value)
		return eb_verifier_verbose(v, "variable ctx access var_off=(0x%llx; 0x%llx) disallowed",
					   (unsigned long long)reg->var_off.value,
					   (unsigned long long)reg->var_off.mask);
	if (!v->env->ctx_access((int)off, (int)size, write))
		return eb_verifier_verbose(v, "invalid bpf_context access off=%lld size=%lld",
					   (long long)off, (long long)size);
	*lo = off;
	*hi = off + size;
	v->stats.ctx_words |= ctx_words(*lo, *hi);
	return 0;
}

/*
 * Checks that [reg + off, + size) lies in reg's region (helper: a
 * helper's access through it); sets the access's bounds relative to the
 * region's base in *lo and *hi (exclusive). A context's words it reaches
 * go into the verification's ctx_words.
 */
static int
check_region(struct verifier *v, int regno, const struct bpf_reg_state *reg,
	     int64_t off, int64_t size, bool write, bool helper, int64_t *lo,
	     int64_t *hi)
{
	const char *rw = write ? "write" : "read";
	uint32_t limit;

	/* Each refusal begins with Linux's words for it, then ours. */
	if (eb_verifier_type_may_be_null(reg->type))
		return eb_verifier_verbose(v, "R%d invalid mem access '%s' (r%d is a %s: null check it before the access)",
					   regno, eb_verifier_reg_type_linux(reg->type),
					   regno, eb_verifier_reg_type_str(reg->type));
	if (reg->type != PTR_TO_STACK && reg->type != PTR_TO_CTX &&
	    reg->type != PTR_TO_MAP_VALUE && reg->type != PTR_TO_MEM &&
	    reg->type != PTR_TO_MAP_KEY)
		return eb_verifier_verbose(v, "R%d invalid mem access '%s' (r%d is a %s, not a pointer to memory%s)",
					   regno, eb_verifier_reg_type_linux(reg->type),
					   regno, eb_verifier_reg_type_str(reg->type),
					   v->env->ctx_args && reg->type == SCALAR_VALUE ?
					   " (a traced function's argument "
					   "is a pointer only when its type is a pointer to a "
					   "struct or union; read through others with "
					   "bpf_probe_read_kernel)" : "");
	/* pointer arithmetic keeps off and the variable part within 2^29 */
	*lo = reg->off + off + reg->smin;
	*hi = reg->off + off + reg->smax + size;
	switch (reg->type) {
	case PTR_TO_STACK:
		if (*lo < 0 && *hi <= 0 && *lo >= -BPF_STACK_SIZE)
			return 0;
		return stack_out_of_bounds(v, regno, reg, off, size, write,
					   helper, *lo, *hi);
	case PTR_TO_CTX:
		if (v->env->ctx_access)
			return ctx_access(v, regno, reg, off, size, write, lo, hi);
		if (write && !v->env->ctx_writable)
			return eb_verifier_verbose(v, "write into the read-only context (r%d)",
						   regno);
		limit = v->env->ctx_size;
		break;
	case PTR_TO_MEM:
		limit = reg->mem_size;
		break;
	case PTR_TO_MAP_KEY:
		if (write)
			return eb_verifier_verbose(v, "write into a key of map '%s' (r%d): the callback's key is read-only",
						   reg->map->name, regno);
		limit = reg->map->key_size;
		break;
	default:	/* PTR_TO_MAP_VALUE */
		if (write && (reg->map->map_flags & BPF_F_RDONLY_PROG))
			return eb_verifier_verbose(v, "write into read-only map '%s' (r%d)",
						   reg->map->name, regno);
		limit = reg->map->value_size;
		break;
	}
	if (*lo < 0 || *hi > limit)
		return eb_verifier_verbose(v, "invalid %s %s: offsets %lld..%lld are outside its %u bytes%s",
					   eb_verifier_reg_type_str(reg->type), rw, (long long)*lo,
					   (long long)*hi - 1, limit,
					   reg->type == PTR_TO_CTX && v->env->ctx_args ?
					   " (the traced function's or tracepoint's arguments, a u64 "
					   "each, then fexit's return value: it has fewer)" : "");
	if (reg->type == PTR_TO_CTX && v->env->ctx_args)
		return check_args_read(v, *lo, *hi, size);
	if (reg->type == PTR_TO_CTX && *hi > *lo)
		v->stats.ctx_words |= ctx_words(*lo, *hi);
	return 0;
}

/*
 * Reads stack bytes [lo, hi) of frame fr. With dst, a whole-slot read of
 * a spilled register restores it, and other reads give a scalar of `size`
 * bytes (sign-extended if sext); without, the bytes are only checked:
 * size 0 for a helper's read, which a privileged load lets see a spilled
 * pointer's bytes (Linux's allow_ptr_leaks: bpf_printk's u64 array of
 * pointers), the size of an atomic operation's otherwise.
 */
static int
stack_read(struct verifier *v, struct bpf_func_state *fr, int64_t lo,
	   int64_t hi, int size, bool sext, struct bpf_reg_state *dst)
{
	struct bpf_stack_slot *s = stack_slot(fr, lo);
	bool zero = true;
	int64_t o;

	if (dst && hi - lo == 8 && size == 8 && !(lo & 7) && s &&
	    s->type[0] == STACK_SPILL) {
		*dst = s->spilled;
		return 0;
	}
	for (o = lo; o < hi; o++) {
		switch (stack_type(fr, o)) {
		case STACK_INVALID:
			return eb_verifier_verbose(v, "invalid stack read: offset %lld was never written",
						   (long long)o);
		case STACK_SPILL:
			s = stack_slot(fr, o);
			if (eb_verifier_reg_is_pointer(&s->spilled) &&
			    (dst || size || !v->env->allow_ptr_leaks))
				return eb_verifier_verbose(v, "stack offset %lld holds part of a spilled %s, which cannot be read as bytes",
							   (long long)o,
							   eb_verifier_reg_type_str(s->spilled.type));
			zero &= eb_verifier_reg_is_const(&s->spilled) &&
				!s->spilled.var_off.value;
			break;
		case STACK_MISC:
			zero = false;
		}
	}
	if (!dst)
		return 0;
	s = stack_slot(fr, lo);
	if (hi - lo == size && s && s->type[0] == STACK_SPILL &&
	    (lo & ~7LL) == ((hi - 1) & ~7LL) && eb_verifier_reg_is_const(&s->spilled)) {
		/* part of a spilled constant, little-endian */
		uint64_t c = s->spilled.var_off.value >> (8 * (lo & 7));

		if (size < 8)
			c &= (1ULL << (8 * size)) - 1;
		if (sext)
			c = (uint64_t)((int64_t)(c << (64 - 8 * size)) >>
				       (64 - 8 * size));
		eb_verifier_mark_reg_known(dst, c);
	} else if (zero) {
		eb_verifier_mark_reg_known(dst, 0);
	} else if (sext) {
		eb_verifier_mark_reg_sext_unknown(dst, size);
	} else {
		eb_verifier_mark_reg_subreg_unknown(dst, size);
	}
	return 0;
}

/*
 * Writes stack bytes [lo, hi) of frame frameno. val is the value stored
 * (NULL: an unknown scalar); var means the write may land anywhere in the
 * range (so no byte is surely written).
 */
static int
stack_write(struct verifier *v, uint32_t frameno, int64_t lo, int64_t hi,
	    bool var, const struct bpf_reg_state *val, int valregno)
{
	struct bpf_func_state *fr;
	struct bpf_stack_slot *s;
	uint8_t t;
	int64_t o;
	int err, i;

	if (val && eb_verifier_reg_is_pointer(val)) {
		if (var)
			return eb_verifier_verbose(v, "storing r%d, a %s, at a variable stack offset is not allowed",
						   valregno, eb_verifier_reg_type_str(val->type));
		if (hi - lo != 8 || (lo & 7))
			return eb_verifier_verbose(v, "spilling r%d, a %s, needs an 8-byte store at an 8-byte aligned offset",
						   valregno, eb_verifier_reg_type_str(val->type));
		if (val->type == PTR_TO_STACK && val->frameno > frameno)
			return eb_verifier_verbose(v, "storing a pointer to frame %u's stack into frame %u would outlive it",
						   val->frameno, frameno);
		/* a callback's key is its helper's, gone once it returns */
		if (val->type == PTR_TO_MAP_KEY && frameno < v->cur->curframe)
			return eb_verifier_verbose(v, "storing r%d, a map key pointer, into frame %u would outlive the key",
						   valregno, frameno);
	}
	if ((err = eb_verifier_grow_stack(v, frameno, (uint32_t)((-lo + 7) / 8))))
		return err;
	fr = v->cur->frame[frameno];
	for (o = lo & ~7LL; o < hi; o += 8)
		if (stack_slot(fr, o)->pinned)
			return eb_verifier_verbose(v, "offset %lld of frame %u holds a %s spilled before the callback: the callback may not overwrite it (it is walked once: each call must find what the first found)",
						   (long long)o, frameno,
						   eb_verifier_reg_type_str(stack_slot(fr, o)->spilled.type));
	s = stack_slot(fr, lo);
	if (!var && val && hi - lo == 8 && !(lo & 7)) {
		memset(s->type, STACK_SPILL, 8);
		s->spilled = *val;
		return 0;
	}
	/* A spill partly overwritten: what remains of a pointer must not be
	 * read; what remains of a scalar is some bits. */
	for (o = lo & ~7LL; o < hi; o += 8) {
		s = stack_slot(fr, o);
		if (s->type[0] != STACK_SPILL)
			continue;
		t = eb_verifier_reg_is_pointer(&s->spilled) ? STACK_INVALID : STACK_MISC;
		for (i = 0; i < 8; i++)
			s->type[i] = t;
	}
	t = val && eb_verifier_reg_is_const(val) && !val->var_off.value ? STACK_ZERO
							      : STACK_MISC;
	for (o = lo; o < hi; o++) {
		uint8_t *b = stack_byte(fr, o);

		if (!var)
			*b = t;
		else if (*b != STACK_INVALID)
			*b = STACK_MISC;
	}
	return 0;
}

static bool
var_offset(const struct bpf_reg_state *reg)
{
	return !eb_tnum_is_const(reg->var_off);
}

/* *val: the size bytes at off in frozen map m's value (a one-entry
 * array: .rodata), the constant a load there gives, sign-extended for
 * sext; unknown if m is none such. */
static void
read_frozen(struct bpf_reg_state *val, const struct bpf_map *m, int64_t off,
	    int size, bool sext)
{
	uint64_t addr, x;
	uint32_t w;
	uint16_t h;
	uint8_t b;

	if (bpf_map_direct_value_addr(m, (uint32_t)off, &addr)) {
		eb_verifier_mark_reg_subreg_unknown(val, size);
		return;
	}
	switch (size) {	/* as the load reads it, in the host's order */
	case 1: memcpy(&b, (const void *)(uintptr_t)addr, 1); x = b; break;
	case 2: memcpy(&h, (const void *)(uintptr_t)addr, 2); x = h; break;
	case 4: memcpy(&w, (const void *)(uintptr_t)addr, 4); x = w; break;
	default: memcpy(&x, (const void *)(uintptr_t)addr, 8); break;
	}
	if (sext && size < 8)
		x = (uint64_t)((int64_t)(x << (64 - 8 * size)) >> (64 - 8 * size));
	eb_verifier_mark_reg_known(val, x);
}

/* LDX: dst = *(size *)(src + off). Returns 0 or -errno (logged). */
int
eb_verifier_check_load(struct verifier *v, const struct bpf_insn *insn)
{
	struct bpf_reg_state *regs = eb_verifier_cur_regs(v), reg, val;
	int size = size_bytes[BPF_SIZE(insn->code) >> 3];
	bool sext = BPF_MODE(insn->code) == BPF_MEMSX;
	int64_t lo, hi;
	int err;

	if ((err = eb_verifier_check_reg_read(v, insn->src_reg)) ||
	    (err = eb_verifier_check_reg_write(v, insn->dst_reg)))
		return err;
	reg = regs[insn->src_reg];
	if (reg.type == PTR_TO_BTF_ID) {
		err = eb_verifier_btf_load(v, insn->src_reg, &reg, insn->off,
					   size, sext, &val);
	} else if ((err = check_region(v, insn->src_reg, &reg, insn->off, size,
				       false, false, &lo, &hi))) {
		return err;
	} else if (reg.type == PTR_TO_STACK) {
		if ((err = stack_read(v, v->cur->frame[reg.frameno], lo, hi,
				      size, sext, &val)))
			return err;
	} else if (reg.type == PTR_TO_CTX && v->env->ctx_args) {
		err = eb_verifier_ctx_arg(v, (uint32_t)lo / 8, size, &val);
	} else if (reg.type == PTR_TO_MAP_VALUE && reg.map->frozen &&
		   (reg.map->map_flags & BPF_F_RDONLY_PROG) &&
		   !var_offset(&reg)) {
		read_frozen(&val, reg.map, lo, size, sext);
	} else if (sext) {
		eb_verifier_mark_reg_sext_unknown(&val, size);
	} else {
		eb_verifier_mark_reg_subreg_unknown(&val, size);
	}
	if (err)
		return err;
	regs[insn->dst_reg] = val;
	return 0;
}

/* Whether storing val outside the stack would leak an address: a
 * pointer, but for a kernel struct's, which a privileged program may
 * keep as a number (Linux's allow_ptr_leaks; it is the traced
 * function's argument, as the program sees it). */
static bool
leaks(const struct verifier *v, const struct bpf_reg_state *val)
{
	return eb_verifier_reg_is_pointer(val) &&
	       !(val->type == PTR_TO_BTF_ID && v->env->allow_ptr_leaks);
}

/* ST and STX (BPF_MEM): *(size *)(dst + off) = imm or src. Returns 0 or
 * -errno (logged). */
int
eb_verifier_check_store(struct verifier *v, const struct bpf_insn *insn)
{
	struct bpf_reg_state *regs = eb_verifier_cur_regs(v), reg, val;
	int size = size_bytes[BPF_SIZE(insn->code) >> 3];
	bool stx = BPF_CLASS(insn->code) == BPF_STX;
	int64_t lo, hi;
	int err;

	if ((err = eb_verifier_check_reg_read(v, insn->dst_reg)))
		return err;
	if (stx) {
		if ((err = eb_verifier_check_reg_read(v, insn->src_reg)))
			return err;
		val = regs[insn->src_reg];
	} else {
		eb_verifier_mark_reg_known(&val, (uint64_t)(int64_t)insn->imm);
	}
	reg = regs[insn->dst_reg];
	if (reg.type == PTR_TO_BTF_ID)
		return eb_verifier_verbose(v, "store through r%d, a %s: only read is supported",
					   insn->dst_reg, eb_verifier_reg_type_str(reg.type));
	if (leaks(v, &val) && reg.type != PTR_TO_STACK &&
	    eb_verifier_reg_is_pointer(&reg))
		return eb_verifier_verbose(v, "storing r%d, a %s, into a %s would leak it",
					   insn->src_reg, eb_verifier_reg_type_str(val.type),
					   eb_verifier_reg_type_str(reg.type));
	if (!stx && reg.type == PTR_TO_CTX && v->env->ctx_access)
		return eb_verifier_verbose(v, "BPF_ST stores into R%d ctx is not allowed",
					   insn->dst_reg);	/* Linux's text */
	if ((err = check_region(v, insn->dst_reg, &reg, insn->off, size, true,
				false, &lo, &hi)))
		return err;
	if (reg.type != PTR_TO_STACK)
		return 0;
	return stack_write(v, reg.frameno, lo, hi, var_offset(&reg), &val,
			   insn->src_reg);
}

/* STX BPF_ATOMIC: add/and/or/xor (optionally fetching the old value into
 * src), xchg, cmpxchg (compares r0, old value into r0). Returns 0 or
 * -errno (logged). */
int
eb_verifier_check_atomic(struct verifier *v, const struct bpf_insn *insn)
{
	struct bpf_reg_state *regs = eb_verifier_cur_regs(v), reg;
	int size = size_bytes[BPF_SIZE(insn->code) >> 3];
	bool cmpxchg = insn->imm == BPF_CMPXCHG;
	int64_t lo, hi;
	int err;

	if ((err = eb_verifier_check_reg_read(v, insn->dst_reg)) ||
	    (err = eb_verifier_check_reg_read(v, insn->src_reg)) ||
	    (cmpxchg && (err = eb_verifier_check_reg_read(v, BPF_REG_0))))
		return err;
	if (regs[insn->src_reg].type != SCALAR_VALUE)
		return eb_verifier_verbose(v, "atomic operation with r%d, a %s, would leak it",
					   insn->src_reg,
					   eb_verifier_reg_type_str(regs[insn->src_reg].type));
	if (cmpxchg && regs[BPF_REG_0].type != SCALAR_VALUE)
		return eb_verifier_verbose(v, "cmpxchg compares r0, a %s, which would leak it",
					   eb_verifier_reg_type_str(regs[BPF_REG_0].type));
	reg = regs[insn->dst_reg];
	if (reg.type == PTR_TO_CTX || reg.type == CONST_PTR_TO_MAP)
		return eb_verifier_verbose(v, "atomic operation on r%d, a %s: only the stack, map values and ring buffer memory allow them",
					   insn->dst_reg, eb_verifier_reg_type_str(reg.type));
	if (var_offset(&reg) && reg.type == PTR_TO_STACK)
		return eb_verifier_verbose(v, "atomic operation at a variable offset of r%d, into the stack",
					   insn->dst_reg);
	if ((err = check_region(v, insn->dst_reg, &reg, insn->off, size, true,
				false, &lo, &hi)))
		return err;
	/* An AMO faults unless naturally aligned: every offset the
	 * pointer may hold must be (Linux's strict check for atomics) */
	if (var_offset(&reg) &&
	    ((uint64_t)(reg.off + insn->off) | reg.var_off.value |
	     reg.var_off.mask) % size)
		return eb_verifier_verbose(v, "misaligned atomic operation: r%d's variable offset may not be a multiple of %d",
					   insn->dst_reg, size);
	if (lo % size)
		return eb_verifier_verbose(v, "misaligned atomic operation: offset %lld is not a multiple of %d",
					   (long long)lo, size);
	if (reg.type == PTR_TO_STACK &&
	    ((err = stack_read(v, v->cur->frame[reg.frameno], lo, hi, size,
			       false, NULL)) ||
	     (err = stack_write(v, reg.frameno, lo, hi, false, NULL, -1))))
		return err;
	if (cmpxchg)
		eb_verifier_mark_reg_subreg_unknown(&regs[BPF_REG_0], size);
	else if (insn->imm & BPF_FETCH)
		eb_verifier_mark_reg_subreg_unknown(&regs[insn->src_reg], size);
	return 0;
}

/* lddw: a 64-bit constant, a map, the address in a map's value, or a
 * subprogram's.
 * Returns 0 or -errno (logged). */
int
eb_verifier_check_lddw(struct verifier *v, const struct bpf_insn *insn)
{
	struct bpf_reg_state *dst = &eb_verifier_cur_regs(v)[insn->dst_reg];
	const struct bpf_map *map;
	uint32_t off = (uint32_t)insn[1].imm;
	int err;

	if ((err = eb_verifier_check_reg_write(v, insn->dst_reg)))
		return err;
	if (insn->src_reg == 0) {
		eb_verifier_mark_reg_known(dst, (uint32_t)insn->imm | (uint64_t)off << 32);
		return 0;
	}
	if (insn->src_reg == BPF_PSEUDO_FUNC) {	/* target checked before */
		eb_verifier_mark_ptr(dst, PTR_TO_FUNC);
		dst->off = (int32_t)v->cur->insn_idx + insn->imm + 1;
		return 0;
	}
	if (insn->imm < 0 || (size_t)insn->imm >= v->env->nr_maps ||
	    !v->env->maps[insn->imm])
		return eb_verifier_verbose(v, "map %d does not exist (the program has %zu)",
					   insn->imm, v->env->nr_maps);
	map = v->env->maps[insn->imm];
	if (insn->src_reg == BPF_PSEUDO_MAP_FD ||
	    insn->src_reg == BPF_PSEUDO_MAP_IDX) {
		eb_verifier_mark_ptr(dst, CONST_PTR_TO_MAP);
		dst->map = map;
		return 0;
	}
	if (map->map_type != BPF_MAP_TYPE_ARRAY || map->max_entries != 1)
		return eb_verifier_verbose(v, "map %d: direct value access needs a one-entry array map",
					   insn->imm);
	if (off >= map->value_size)
		return eb_verifier_verbose(v, "offset %u is outside map %d's %u-byte value",
					   off, insn->imm, map->value_size);
	eb_verifier_mark_ptr(dst, PTR_TO_MAP_VALUE);
	dst->map = map;
	dst->off = (int32_t)off;
	return 0;
}

/*
 * A helper's memory argument: register regno points at between min_size
 * and max_size bytes the helper reads (initialized) or writes (then they
 * count as written, the first min_size surely). Returns 0 or -errno.
 */
int
eb_verifier_check_helper_mem(struct verifier *v, int regno, uint64_t min_size,
			     uint64_t max_size, bool write)
{
	struct bpf_reg_state reg = eb_verifier_cur_regs(v)[regno];
	int64_t lo, hi;
	int err;

	if (!max_size)
		return 0;
	if ((err = check_region(v, regno, &reg, 0, (int64_t)max_size, write,
				true, &lo, &hi)))
		return err;
	if (reg.type != PTR_TO_STACK)
		return 0;
	if (!write)
		return stack_read(v, v->cur->frame[reg.frameno], lo, hi, 0,
				  false, NULL);
	if (var_offset(&reg))
		return stack_write(v, reg.frameno, lo, hi, true, NULL, -1);
	if (min_size && (err = stack_write(v, reg.frameno, lo,
					   lo + (int64_t)min_size, false, NULL,
					   -1)))
		return err;
	if (max_size > min_size)
		return stack_write(v, reg.frameno, lo + (int64_t)min_size, hi,
				   true, NULL, -1);
	return 0;
}
