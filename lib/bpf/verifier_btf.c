/*
 * A traced function's pointer arguments, as Linux types them
 * (kernel/bpf/btf.c's btf_ctx_access and btf_struct_access,
 * verifier.c's check_ptr_to_btf_access): a pointer to a struct or union
 * of the kernel's BTF is PTR_TO_BTF_ID, which a program loads through
 * directly; what a load of a pointer member gives is again
 * PTR_TO_BTF_ID, anything else a number. The pointer may be NULL or
 * stale: the backends run such loads fault-safe (a fault reads 0, as
 * Linux's BPF_PROBE_MEM), so the verifier only keeps them inside the
 * struct's bytes and refuses stores.
 */
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/port.h>
#include "bpf/verifier_impl.h"

/* Structs inside structs (and arrays) a load walks into, at most. */
#define MAX_WALK_DEPTH 32

/* v->kbtf, the kernel's BTF, parsed once, to type what (for the
 * message): 0 or refuses. */
static int
kernel_btf(struct verifier *v, const char *what)
{
	char err[96];
	size_t len;
	const void *data;

	if (v->kbtf_ready)
		return 0;
	if (!(data = eb_port_kernel_btf(&len)))
		return eb_verifier_verbose(v, "the kernel has no BTF (eb_port_kernel_btf) to type %s",
					   what);
	if (eb_btf_parse(&v->kbtf, data, len, err, sizeof(err)))
		return eb_verifier_verbose(v, "the kernel's BTF: %s", err);
	v->kbtf_ready = true;
	return 0;
}

/* Parses the kernel's BTF for a TRACING program (verifier_impl.h). */
int
eb_verifier_btf_init(struct verifier *v)
{
	int err;

	if (!v->env->ctx_args || !v->env->attach_btf_id)
		return 0;
	if ((err = kernel_btf(v, "the function's arguments")))
		return err;
	v->func_proto = eb_btf_func_id_proto(&v->kbtf, v->env->attach_btf_id);
	if (v->func_proto)
		return 0;
	/* a tracepoint's btf_trace_NAME: its first argument, void *__data,
	 * is the probe's, not the program's */
	v->func_proto = eb_btf_tp_proto(&v->kbtf, v->env->attach_btf_id);
	v->first_arg = 1;
	if (!v->func_proto || !BTF_INFO_VLEN(v->func_proto->info))
		return eb_verifier_verbose(v, "kernel BTF id %u is not a function's, nor a tracepoint's btf_trace_NAME",
					   v->env->attach_btf_id);
	return 0;
}

/* The kind of type id past typedefs and qualifiers (*skipped: its id);
 * 0 for void. */
static unsigned
kind_of(const struct btf *btf, uint32_t id, uint32_t *skipped)
{
	const struct btf_type *t;

	*skipped = eb_btf_skip_modifiers(btf, id);
	t = eb_btf_type_by_id(btf, *skipped);
	return t ? BTF_INFO_KIND(t->info) : 0;
}

static bool
is_struct(unsigned kind)
{
	return kind == BTF_KIND_STRUCT || kind == BTF_KIND_UNION;
}

/* dst = PTR_TO_BTF_ID of struct id. */
static void
mark_btf_ptr(struct bpf_reg_state *dst, uint32_t id)
{
	eb_verifier_mark_ptr(dst, PTR_TO_BTF_ID);
	dst->btf_id = id;
}

/* dst = PTR_TO_BTF_ID of the kernel's struct name, a helper's return
 * value (verifier_impl.h). */
int
eb_verifier_ret_btf_struct(struct verifier *v, const char *name,
			   struct bpf_reg_state *dst)
{
	uint32_t id;
	int err;

	if ((err = kernel_btf(v, "a helper's return value")))
		return err;
	if (!(id = eb_btf_find(&v->kbtf, BTF_KIND_STRUCT, name)))
		return eb_verifier_verbose(v, "the kernel's BTF has no struct %s (the helper's return type)",
					   name);
	mark_btf_ptr(dst, id);
	return 0;
}

/* Context slot's type (verifier_impl.h). */
int
eb_verifier_ctx_arg(struct verifier *v, uint32_t slot, int size,
		    struct bpf_reg_state *dst)
{
	const struct btf *btf = &v->kbtf;
	const struct btf_param *p;
	uint32_t n, id, to;
	char name[64], what[16];

	eb_verifier_mark_reg_subreg_unknown(dst, size);
	if (!v->func_proto)
		return 0;
	p = (const struct btf_param *)btf_type_data(v->func_proto) + v->first_arg;
	n = BTF_INFO_VLEN(v->func_proto->info) - v->first_arg;
	if (kind_of(btf, slot < n ? p[slot].type : v->func_proto->size_or_type,
		    &id) != BTF_KIND_PTR)
		return 0;
	/* a pointer to void or to an integer is a number, as Linux's */
	to = eb_btf_type_by_id(btf, id)->size_or_type;
	switch (kind_of(btf, to, &to)) {
	case 0:
	case BTF_KIND_INT:
		return 0;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		if (size == 8)
			mark_btf_ptr(dst, to);
		return 0;
	}
	eb_btf_format_type(btf, id, name, sizeof(name));
	if (slot < n)
		eb_snprintf(what, sizeof(what), "arg%u", slot);
	else
		eb_snprintf(what, sizeof(what), "return value");
	return eb_verifier_verbose(v, "func '%s' %s type %s is not a struct (a pointer argument is a pointer to a struct or union, or a number: to void or an integer)",
				   eb_btf_str(btf, eb_btf_type_by_id(btf,
					      v->env->attach_btf_id)->name_off),
				   what, name);
}

/*
 * The member of struct or union t (kernel BTF) that holds bytes [*off,
 * *off + size): its type, *off made relative to it; 0 if none holds
 * them whole (padding, a bitfield, a read across members).
 */
static uint32_t
member_at(const struct btf *btf, const struct btf_type *t, uint32_t *off,
	  int size)
{
	const struct btf_member *m = btf_type_data(t);
	uint32_t msize, moff;

	for (uint32_t i = 0; i < BTF_INFO_VLEN(t->info); i++) {
		moff = btf_member_bit_offset(t, i);
		if (btf_member_bitfield_size(t, i) || moff % 8 ||
		    eb_btf_type_size(btf, m[i].type, &msize))
			continue;
		moff /= 8;
		if (*off >= moff && *off + size <= moff + msize) {
			*off -= moff;
			return m[i].type;
		}
	}
	return 0;
}

/*
 * What reading size bytes at off of struct id gives (Linux's
 * btf_struct_walk): dst a pointer member's PTR_TO_BTF_ID, else a
 * scalar. Refuses a read past the struct's end.
 */
static int
struct_walk(struct verifier *v, uint32_t id, uint32_t off, int size,
	    struct bpf_reg_state *dst)
{
	const struct btf *btf = &v->kbtf;
	const struct btf_type *t = eb_btf_type_by_id(btf, id);
	uint32_t sz = 0, elem, esize, to;
	char name[64];

	eb_btf_type_size(btf, id, &sz);
	if (off + size > sz) {
		eb_btf_format_type(btf, id, name, sizeof(name));
		return eb_verifier_verbose(v, "access beyond %s at off %u size %d (it has %u bytes)",
					   name, off, size, sz);
	}
	for (int depth = 0; depth < MAX_WALK_DEPTH && id; depth++) {
		switch (kind_of(btf, id, &id)) {
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
			t = eb_btf_type_by_id(btf, id);
			id = member_at(btf, t, &off, size);
			continue;
		case BTF_KIND_ARRAY:
			elem = ((const struct btf_array *)
				btf_type_data(eb_btf_type_by_id(btf, id)))->type;
			if (eb_btf_type_size(btf, elem, &esize) || !esize ||
			    off % esize + size > esize)
				return 0;
			off %= esize;
			id = elem;
			continue;
		case BTF_KIND_PTR:
			to = eb_btf_type_by_id(btf, id)->size_or_type;
			if (!off && size == 8 && is_struct(kind_of(btf, to, &to)))
				mark_btf_ptr(dst, to);
			return 0;
		}
		return 0;
	}
	return 0;
}

/* LDX through a PTR_TO_BTF_ID (verifier_impl.h). */
int
eb_verifier_btf_load(struct verifier *v, int regno,
		     const struct bpf_reg_state *reg, int16_t off, int size,
		     bool sext, struct bpf_reg_state *dst)
{
	int64_t o = (int64_t)reg->off + off;
	int err;

	if (!eb_tnum_is_const(reg->var_off) || reg->var_off.value)
		return eb_verifier_verbose(v, "r%d is a pointer to a kernel struct with an invalid variable offset: off=%d, var_off=(0x%llx; 0x%llx) (Linux allows constant offsets only)",
					   regno, reg->off,
					   (unsigned long long)reg->var_off.value,
					   (unsigned long long)reg->var_off.mask);
	if (o < 0)
		return eb_verifier_verbose(v, "r%d is a pointer to a kernel struct: invalid negative access: off=%lld",
					   regno, (long long)o);
	if (sext)
		eb_verifier_mark_reg_sext_unknown(dst, size);
	else
		eb_verifier_mark_reg_subreg_unknown(dst, size);
	if ((err = struct_walk(v, reg->btf_id, (uint32_t)o, size, dst)))
		return err;
	if (v->env->probe_mem)
		v->env->probe_mem[v->idx] = 1;
	return 0;
}
