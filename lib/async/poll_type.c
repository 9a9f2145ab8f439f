/*
 * Whether a function is a poll function, by the kernel's BTF
 * (eb_port_kernel_btf): register_async_probe refuses one whose type says
 * it is not, `aprobe add printf` say, which would otherwise register and
 * never see a poll.
 */
#include "async/poll_type.h"
#include "bpf/btf.h"
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/libc.h>
#include <ebreak/port.h>

/* The name of the struct, union, enum or forward declaration id points
 * at (through typedefs and qualifiers), or "" for anything else. */
static const char *
tagged(const struct btf *btf, uint32_t id, int kind)
{
	const struct btf_type *t =
		eb_btf_type_by_id(btf, eb_btf_skip_modifiers(btf, id));

	if (!t || (BTF_INFO_KIND(t->info) != (unsigned)kind &&
		   BTF_INFO_KIND(t->info) != BTF_KIND_FWD))
		return "";
	return eb_btf_str(btf, t->name_off);
}

/* What a pointer parameter points at, by name ("" if it is no pointer
 * to a struct). */
static const char *
pointee(const struct btf *btf, uint32_t id)
{
	const struct btf_type *t =
		eb_btf_type_by_id(btf, eb_btf_skip_modifiers(btf, id));

	if (!t || BTF_INFO_KIND(t->info) != BTF_KIND_PTR)
		return "";
	return tagged(btf, t->size_or_type, BTF_KIND_STRUCT);
}

/* Whether proto is enum eb_poll (struct eb_future *, struct eb_context *). */
static bool
is_poll_proto(const struct btf *btf, const struct btf_type *proto)
{
	const struct btf_param *p = btf_type_data(proto);

	return BTF_INFO_KIND(proto->info) == BTF_KIND_FUNC_PROTO &&
	       !strcmp(tagged(btf, proto->size_or_type, BTF_KIND_ENUM),
		       "eb_poll") &&
	       BTF_INFO_VLEN(proto->info) == 2 &&
	       !strcmp(pointee(btf, p[0].type), "eb_future") &&
	       !strcmp(pointee(btf, p[1].type), "eb_context");
}

int
eb_async_poll_type_check(const char *name, char *why, size_t size)
{
	size_t len;
	const void *data = eb_port_kernel_btf(&len);
	struct btf btf;
	int r = 0;

	if (!data || eb_btf_parse(&btf, data, len, NULL, 0))
		return 0;	/* no types to tell by */
	const struct btf_type *proto = eb_btf_func_proto(&btf, name);
	if (proto && !is_poll_proto(&btf, proto)) {
		eb_snprintf(why, size, "not a poll function (its type is not "
			    "enum eb_poll (struct eb_future *, struct "
			    "eb_context *))");
		r = -EINVAL;
	}
	eb_btf_free(&btf);
	return r;
}
