/*
 * kprobe.multi and kretprobe.multi links (<ebreak/bpf.h>, Linux's
 * BPF_TRACE_KPROBE_MULTI): one program on every function with a
 * patchable entry whose name matches a glob, through one link that
 * owns a kprobe (kretprobe) per function. Each is a struct kprobe_link,
 * as a kprobe link's, so a hit costs what a kprobe program's costs at a
 * patchable entry (its direct trampoline where the function has no
 * other probe). The array of them is made at attach, registered all or
 * none (kprobes in one stop_machine; kretprobes 64 a stop_machine, a
 * later batch's failure undoing the earlier ones: docs/bpf.md), and
 * freed at detach: the hit path allocates nothing and takes no lock.
 */
#include "ftrace_internal.h"
#include "kprobes_internal.h"
#include <ebreak/bpf.h>
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/glob.h>
#include <ebreak/kprobes.h>
#include <ebreak/libc.h>
#include <ebreak/port.h>
#include <ebreak/ptregs.h>

/* What a kprobe.multi link keeps (eb_bpf_link_data). */
struct multi_link {
	size_t n;			/* functions */
	struct kprobe_link *funcs;	/* n, by address */
	union {				/* n, &funcs[i]'s probe each: */
		struct kprobe **kps;	/* kprobe.multi's */
		struct kretprobe **rps;	/* kretprobe.multi's */
	};
};

static void
free_funcs(struct multi_link *ml)
{
	eb_port_free(ml->funcs);
	eb_port_free(ml->kps);
	*ml = (struct multi_link){ 0 };
}

/* The probes of ml on the n functions at addrs, for link (retprobe:
 * kretprobes). */
static void
fill(struct multi_link *ml, const uintptr_t *addrs,
     const struct eb_bpf_kprobe_multi *m, struct bpf_link *link)
{
	for (size_t i = 0; i < ml->n; i++) {
		struct kprobe_link *kl = &ml->funcs[i];

		*kl = (struct kprobe_link){ .link = link };
		kl->rp.kp.addr = (kprobe_opcode_t *)addrs[i];
		kl->rp.kp.owner = m->owner;
		if (m->retprobe) {
			kl->rp.handler = kprobe_bpf_ret;
			ml->rps[i] = &kl->rp;
		} else {
			kl->rp.kp.pre_handler = kprobe_bpf_pre;
			ml->kps[i] = &kl->rp.kp;
		}
	}
}

/* Registers a probe on every matching function, all or none: 0, or
 * -ENOENT (none matches), -ENOMEM, or what register_kprobes
 * (register_kretprobes) returned, having logged why. */
static int
attach(const struct eb_bpf_attach_point *point, struct bpf_link *link)
{
	const struct eb_bpf_kprobe_multi *m = point->target;
	struct multi_link *ml = eb_bpf_link_data(link);	/* zeroed */
	size_t n = ftrace_sites_matching(m->pattern, NULL, 0);
	int err;

	if (!n)
		return -ENOENT;
	uintptr_t *addrs = eb_port_alloc(n * sizeof *addrs);
	ml->funcs = eb_port_alloc(n * sizeof *ml->funcs);
	ml->kps = eb_port_alloc(n * sizeof *ml->kps);
	if (!addrs || !ml->funcs || !ml->kps) {
		eb_port_free(addrs);
		free_funcs(ml);
		return -ENOMEM;
	}
	ml->n = ftrace_sites_matching(m->pattern, addrs, n);
	fill(ml, addrs, m, link);
	eb_port_free(addrs);
	err = m->retprobe ? register_kretprobes(ml->rps, (int)n)
			  : register_kprobes(ml->kps, (int)n);
	if (err)
		free_funcs(ml);
	return err;
}

/* Unregisters every probe (the batch waits out the hits in flight),
 * then frees them. */
static void
detach(const struct eb_bpf_attach_point *point, struct bpf_link *link)
{
	const struct eb_bpf_kprobe_multi *m = point->target;
	struct multi_link *ml = eb_bpf_link_data(link);

	if (m->retprobe)
		unregister_kretprobes(ml->rps, (int)ml->n);
	else
		unregister_kprobes(ml->kps, (int)ml->n);
	free_funcs(ml);
}

/* Every patchable entry's frame holds the same words (a return's
 * too): the first matching function's says. None matching passes:
 * attaching says why. */
static int
fits(const struct eb_bpf_attach_point *point, uint64_t words, char *err,
     size_t errsize)
{
	const struct eb_bpf_kprobe_multi *m = point->target;
	uintptr_t first;

	if (!ftrace_sites_matching(m->pattern, &first, 1))
		return 0;
	return kprobe_bpf_fits_at(point->name, first, m->retprobe, words,
				  err, errsize);
}

/* The hits of every function that did not run the program (Linux's
 * missed of a kprobe_multi link). */
static unsigned long
missed(const struct eb_bpf_attach_point *point __attribute__((unused)),
       const struct bpf_link *link)
{
	const struct multi_link *ml = eb_bpf_link_data(link);
	unsigned long n = 0;

	for (size_t i = 0; i < ml->n; i++)
		n += kprobe_bpf_rp_missed(&ml->funcs[i].rp);
	return n;
}

static const struct eb_bpf_attach_ops multi_ops = {
	attach, detach, fits, missed, NULL
};

int
eb_bpf_kprobe_multi_point(const struct eb_bpf_kprobe_multi *m,
			  struct eb_bpf_attach_point *point, char *err,
			  size_t errsize)
{
	const char *what = m->retprobe ? "kretprobe.multi" : "kprobe.multi";
	uintptr_t addr;
	size_t size;

	*point = (struct eb_bpf_attach_point){
		.name = m->pattern,
		.prog_type = BPF_PROG_TYPE_KPROBE,
		.ctx_size = sizeof(struct pt_regs),
		.ops = &multi_ops,
		.target = (void *)m,
		.link_data_size = sizeof(struct multi_link),
		.expected_attach_type = BPF_TRACE_KPROBE_MULTI,
	};
	if (!m->pattern ||
	    !eb_bpf_kprobe_multi_pattern_ok(m->pattern, strlen(m->pattern))) {
		eb_snprintf(err, errsize, "%s: '%s' is not a pattern of function "
			    "names (letters, digits and _ . * ?, libbpf's)", what,
			    m->pattern ? m->pattern : "");
		return -EINVAL;
	}
	if (ftrace_sites_matching(m->pattern, NULL, 0))
		return 0;
	if (!eb_glob_has_wildcard(m->pattern) &&
	    eb_port_symbol_lookup(m->pattern, &addr, &size))
		eb_snprintf(err, errsize, "%s: %s has no patchable entry (a "
			    "notrace function or ebreak's own code): not "
			    "traceable", what, m->pattern);
	else
		eb_snprintf(err, errsize, "%s: '%s' matches no function with a "
			    "patchable entry", what, m->pattern);
	return -ENOENT;
}

size_t
eb_bpf_kprobe_multi_funcs(const struct bpf_link *link)
{
	return ((const struct multi_link *)eb_bpf_link_data(link))->n;
}
