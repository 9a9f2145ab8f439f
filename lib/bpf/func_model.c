/*
 * What a fentry or fexit program sees of a kernel function, from the
 * kernel's BTF (Linux's btf_distill_func_proto): how many arguments,
 * each passed in one register, and whether it returns a value.
 */
#include <ebreak/bpf.h>
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/port.h>
#include "bpf/btf.h"

/* Whether type id (a parameter's, or the return's) fits one register:
 * an integer, enum or pointer of at most 8 bytes. */
static bool
fits_register(const struct btf *btf, uint32_t id)
{
	const struct btf_type *t =
		eb_btf_type_by_id(btf, eb_btf_skip_modifiers(btf, id));
	uint32_t size;

	if (!t)
		return false;
	switch (BTF_INFO_KIND(t->info)) {
	case BTF_KIND_PTR:
		return true;
	case BTF_KIND_INT: case BTF_KIND_ENUM: case BTF_KIND_ENUM64:
		return !eb_btf_type_size(btf, id, &size) && size <= 8;
	}
	return false;
}

/* Fills *m for func's FUNC_PROTO proto in btf. */
static int
distill(const struct btf *btf, const char *func,
	const struct btf_type *proto, struct eb_bpf_func_model *m, char *err,
	size_t errsize)
{
	const struct btf_param *p = btf_type_data(proto);
	uint32_t n = BTF_INFO_VLEN(proto->info);

	if (n > EB_BPF_MAX_FUNC_ARGS) {
		eb_snprintf(err, errsize, "function '%s' has %u arguments: a traced function has at most %u (riscv's a0-a7)",
			    func, n, EB_BPF_MAX_FUNC_ARGS);
		return -EINVAL;
	}
	for (uint32_t i = 0; i < n; i++) {
		if (!p[i].type) {
			eb_snprintf(err, errsize, "function '%s' is variadic: it cannot be traced",
				    func);
			return -EINVAL;
		}
		if (!fits_register(btf, p[i].type)) {
			eb_snprintf(err, errsize, "function '%s': argument %u is not an integer, enum or pointer (a struct by value?): it cannot be traced",
				    func, i + 1);
			return -EINVAL;
		}
	}
	if (proto->size_or_type && !fits_register(btf, proto->size_or_type)) {
		eb_snprintf(err, errsize, "function '%s' returns no integer, enum or pointer: it cannot be traced",
			    func);
		return -EINVAL;
	}
	m->nr_args = (uint8_t)n;
	m->ret = proto->size_or_type != 0;
	return 0;
}

/* func's model from the kernel's BTF (<ebreak/bpf.h>). Not in trap
 * context. */
int
eb_bpf_func_model(const char *func, struct eb_bpf_func_model *m, char *err,
		  size_t errsize)
{
	size_t len;
	const void *data = eb_port_kernel_btf(&len);
	const struct btf_type *proto;
	struct btf btf;
	int r;

	if (!data) {
		eb_snprintf(err, errsize, "function '%s': the kernel has no BTF (eb_port_kernel_btf) to read its arguments from",
			    func);
		return -ENOENT;
	}
	if ((r = eb_btf_parse(&btf, data, len, err, errsize)))
		return r;
	m->btf_id = eb_btf_find(&btf, BTF_KIND_FUNC, func);
	proto = eb_btf_func_id_proto(&btf, m->btf_id);
	if (!proto) {
		eb_snprintf(err, errsize, "function '%s' is not in the kernel's BTF (not a C function of the kernel?)",
			    func);
		r = -ENOENT;
	} else {
		r = distill(&btf, func, proto, m, err, errsize);
	}
	eb_btf_free(&btf);
	return r;
}
