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

/* "function 'NAME'" or "tracepoint 'NAME'" for messages, cut to fit. */
#define WHAT_LEN 64

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

/* Fills *m for FUNC_PROTO proto in btf, its parameters from first on
 * (at most max): those of what ("function 'f'"). */
static int
distill(const struct btf *btf, const char *what,
	const struct btf_type *proto, uint32_t first, uint32_t max,
	struct eb_bpf_func_model *m, char *err, size_t errsize)
{
	const struct btf_param *p = btf_type_data(proto);
	uint32_t n = BTF_INFO_VLEN(proto->info);

	if (n - first > max) {
		eb_snprintf(err, errsize, "%s has %u arguments: %s at most %u%s",
			    what, n - first, first ? "a program takes" :
			    "a traced function has", max, first ?
			    " (Linux's MAX_BPF_FUNC_ARGS)" : " (riscv's a0-a7)");
		return -EINVAL;
	}
	for (uint32_t i = first; i < n; i++) {
		if (!p[i].type) {
			eb_snprintf(err, errsize, "%s is variadic: it cannot be traced",
				    what);
			return -EINVAL;
		}
		if (!fits_register(btf, p[i].type)) {
			eb_snprintf(err, errsize, "%s: argument %u is not an integer, enum or pointer (a struct by value?): it cannot be traced",
				    what, i - first + 1);
			return -EINVAL;
		}
	}
	if (proto->size_or_type && !fits_register(btf, proto->size_or_type)) {
		eb_snprintf(err, errsize, "%s returns no integer, enum or pointer: it cannot be traced",
			    what);
		return -EINVAL;
	}
	m->nr_args = (uint8_t)(n - first);
	m->ret = proto->size_or_type != 0;
	return 0;
}

/* The kernel's BTF parsed into btf: 0, or -errno with why in err (what
 * names the function or tracepoint wanting it). */
static int
kernel_btf(struct btf *btf, const char *what, char *err, size_t errsize)
{
	size_t len;
	const void *data = eb_port_kernel_btf(&len);

	if (!data) {
		eb_snprintf(err, errsize, "%s: the kernel has no BTF (eb_port_kernel_btf) to read its arguments from",
			    what);
		return -ENOENT;
	}
	return eb_btf_parse(btf, data, len, err, errsize);
}

/* func's model from the kernel's BTF (<ebreak/bpf.h>). Not in trap
 * context. */
int
eb_bpf_func_model(const char *func, struct eb_bpf_func_model *m, char *err,
		  size_t errsize)
{
	const struct btf_type *proto;
	struct btf btf;
	char what[WHAT_LEN];
	int r;

	eb_snprintf(what, sizeof what, "function '%s'", func);
	if ((r = kernel_btf(&btf, what, err, errsize)))
		return r;
	m->btf_id = eb_btf_find(&btf, BTF_KIND_FUNC, func);
	proto = eb_btf_func_id_proto(&btf, m->btf_id);
	if (!proto) {
		eb_snprintf(err, errsize, "function '%s' is not in the kernel's BTF (not a C function of the kernel?)",
			    func);
		r = -ENOENT;
	} else {
		r = distill(&btf, what, proto, 0, EB_BPF_MAX_FUNC_ARGS, m, err,
			    errsize);
	}
	eb_btf_free(&btf);
	return r;
}

/* Tracepoint name's tp_btf model from the kernel's BTF (<ebreak/bpf.h>).
 * Not in trap context. */
int
eb_bpf_tp_btf_model(const char *name, struct eb_bpf_func_model *m,
		    char *err, size_t errsize)
{
	const struct btf_type *proto;
	struct btf btf;
	char what[WHAT_LEN], type[WHAT_LEN];
	int r;

	eb_snprintf(what, sizeof what, "tracepoint '%s'", name);
	eb_snprintf(type, sizeof type, "btf_trace_%s", name);
	if ((r = kernel_btf(&btf, what, err, errsize)))
		return r;
	m->btf_id = eb_btf_find(&btf, BTF_KIND_TYPEDEF, type);
	proto = eb_btf_tp_proto(&btf, m->btf_id);
	if (!m->btf_id) {
		eb_snprintf(err, errsize, "tracepoint '%s': the kernel's BTF has no %s (no such tracepoint, or one without its types)",
			    name, type);
		r = -ENOENT;
	} else if (!proto || !BTF_INFO_VLEN(proto->info)) {
		eb_snprintf(err, errsize, "tracepoint '%s': %s is not a pointer to a function taking void *__data first",
			    name, type);
		r = -EINVAL;
	} else {
		r = distill(&btf, what, proto, 1, EB_BPF_MAX_RAW_TP_ARGS, m,
			    err, errsize);
	}
	eb_btf_free(&btf);
	return r;
}
