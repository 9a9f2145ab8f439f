/*
 * fentry and fexit as attach points (<ebreak/bpf.h>): each link owns a
 * probe at the function's patchable entry, in the link's data (fentry:
 * a kprobe, run without a trap by the entry's direct trampoline or
 * ftrace's ops; fexit: a kretprobe), whose handler runs the link's
 * BPF_PROG_TYPE_TRACING program on the arguments as Linux's trampoline
 * lays them out: a u64 each, then fexit's return value. Linux's fexit
 * trampoline keeps the arguments in its frame across the call; here the
 * kretprobe's instance keeps them: its data is the run's struct
 * bpf_tracing_run, filled at the entry, the return value added at the
 * return. A fmod_ret link's kprobe runs its program before the call and,
 * when it returns non-zero, makes the call return that at once (Linux's
 * BPF_MODIFY_RETURN), after the site's other probes, so that a fexit's
 * kretprobe has taken the call and sees the value given.
 */
#include "kprobes_internal.h"
#include "bpf/helpers.h"
#include <ebreak/bpf.h>
#include <ebreak/errno.h>
#include <ebreak/error_injection.h>
#include <ebreak/fmt.h>
#include <ebreak/ftrace.h>
#include <ebreak/kprobes.h>
#include <ebreak/libc.h>
#include <ebreak/port.h>
#include <ebreak/ptregs.h>

/* What a link keeps for its probe (eb_bpf_link_data). */
struct fentry_link {
	struct kretprobe rp;	/* fentry's probe is rp.kp */
	struct bpf_link *link;	/* whose data this is: one load from a hit */
	uint8_t nr_args;
};

/* Copies n (<= EB_BPF_MAX_FUNC_ARGS) argument words from src to dst:
 * inline, a load and a store each, where memcpy would be a call. */
static inline void
copy_args(uint64_t *dst, const unsigned long *src, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		dst[i] = src[i];
}

/* The run of fl's program at its function's entry, regs there: all but
 * run->regs, which fexit's are the return's (set there). */
static inline void
entry_run(struct bpf_tracing_run *run, const struct fentry_link *fl,
	  const struct pt_regs *regs)
{
	run->func_ip = (uintptr_t)fl->rp.kp.addr;
	run->nr_args = fl->nr_args;
	copy_args(run->args, &regs->a0, fl->nr_args);
}

/* Runs fl's program at its function's entry, regs there, on the
 * arguments and, if ret_slot, a return value of 0 (fmod_ret's: the one
 * of the programs before it, Linux's chain of fmod_ret programs; here
 * the first non-zero one ends the call): what it returned. Trap
 * context. */
static inline uint64_t
run_at_entry(const struct fentry_link *fl, const struct pt_regs *regs,
	     bool ret_slot)
{
	struct bpf_tracing_run run;

	run.regs = regs;
	entry_run(&run, fl, regs);
	if (ret_slot)
		run.args[fl->nr_args] = 0;
	return eb_bpf_link_run(fl->link, run.args);
}

/* fentry's pre handler, at the patchable entry: a0.. are the
 * arguments (a partial pt_regs holds a0-a7 there). Trap context. */
static int
fentry_prog(struct kprobe *kp, struct pt_regs *regs)
{
	run_at_entry((const struct fentry_link *)kp, regs, false);
	return 0;
}

/* fmod_ret's pre handler, at the patchable entry: the program's
 * context is fentry's and the return value slot. Trap context. */
static int
fmod_ret_prog(struct kprobe *kp, struct pt_regs *regs)
{
	uint64_t ret = run_at_entry((const struct fentry_link *)kp, regs,
				    true);

	if (!ret)
		return 0;	/* the function runs */
	regs->a0 = ret;	/* returns ret to its caller at once */
	regs->epc = regs->ra;
	return 1;
}

/* fexit's entry handler: the run into the call's instance, since
 * a0-a7 are the callee's to clobber. Trap context. */
static int
fexit_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	const struct fentry_link *fl =
		(const struct fentry_link *)get_kretprobe(ri);
	struct bpf_tracing_run *run = (struct bpf_tracing_run *)ri->data;

	entry_run(run, fl, regs);
	return 0;
}

/* fexit's return handler: regs->a0 is the return value. Trap
 * context. */
static int
fexit_prog(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	const struct fentry_link *fl =
		(const struct fentry_link *)get_kretprobe(ri);
	struct bpf_tracing_run *run = (struct bpf_tracing_run *)ri->data;

	if (!fl)	/* unregistered since the trampoline looked */
		return 0;
	run->args[fl->nr_args] = regs->a0;
	run->regs = regs;	/* the return's: the stack helpers' */
	eb_bpf_link_run(fl->link, run->args);
	return 0;
}

static int
attach(const struct eb_bpf_attach_point *point, struct bpf_link *link)
{
	const struct eb_bpf_fentry *f = point->target;
	struct fentry_link *fl = eb_bpf_link_data(link);	/* zeroed */
	struct kretprobe *rp = &fl->rp;

	fl->link = link;
	fl->nr_args = f->model.nr_args;
	rp->kp.symbol_name = f->symbol;
	rp->kp.owner = f->owner;
	if (f->modify_return) {
		rp->kp.pre_handler = fmod_ret_prog;
		rp->kp.flags = EB_KPROBE_FLAG_OVERRIDE;
		return register_kprobe(&rp->kp);
	}
	if (!f->fexit) {
		rp->kp.pre_handler = fentry_prog;
		return register_kprobe(&rp->kp);
	}
	rp->entry_handler = fexit_entry;
	rp->handler = fexit_prog;
	/* the run, as far as its return value */
	rp->data_size = offsetof(struct bpf_tracing_run, args) +
			sizeof(uint64_t) * (f->model.nr_args + 1);
	rp->maxactive = f->maxactive;
	return register_kretprobe(rp);
}

static void
detach(const struct eb_bpf_attach_point *point, struct bpf_link *link)
{
	const struct eb_bpf_fentry *f = point->target;

	kprobe_bpf_unregister(link, f->fexit);
}

/* Refuses a function ebreak never probes, a name several functions
 * share, or one without a patchable entry, where fentry and fexit run
 * (Linux's, at its fentry call), and for fmod_ret one not marked for
 * error injection. */
static int
fits(const struct eb_bpf_attach_point *point, uint64_t words, char *err,
     size_t errsize)
{
	const struct eb_bpf_fentry *f = point->target;
	uintptr_t addr;
	size_t size;

	(void)words;	/* every word of the context holds a value */
	int e = eb_symbol_lookup_unique(f->symbol, &addr, &size);
	if (e == -ENOENT)
		eb_snprintf(err, errsize, "%s: no such kernel function",
			    f->symbol);
	else if (e)	/* which one's BTF the program was verified for? */
		eb_snprintf(err, errsize, "%s: The symbol is not unique "
			    "(several functions have that name): fentry and "
			    "fexit need a unique one", f->symbol);
	if (e)
		return e;
	if (kprobe_blacklisted(addr)) {
		eb_snprintf(err, errsize, "%s is never probed (trap path or ebreak's own code)",
			    f->symbol);
		return -EINVAL;
	}
	if (ftrace_location(addr) != addr) {
		eb_snprintf(err, errsize, "%s has no patchable entry (docs/ftrace.md), where fentry and fexit programs run",
			    f->symbol);
		return -EINVAL;
	}
	if (f->modify_return && !within_error_injection_list(addr)) {
		/* Linux's check_attach_modify_return, at load */
		eb_snprintf(err, errsize, "%s() is not modifiable (not marked EB_ALLOW_ERROR_INJECTION)",
			    f->symbol);
		return -EINVAL;
	}
	return 0;
}

static const struct eb_bpf_attach_ops fentry_ops = {
	attach, detach, fits, kprobe_bpf_missed, NULL
};

/* f as an attach point, its model read from the kernel's BTF
 * (<ebreak/bpf.h>). Not in trap context. */
int
eb_bpf_fentry_point(struct eb_bpf_fentry *f, struct eb_bpf_attach_point *point,
		    char *err, size_t errsize)
{
	int r;

	if (f->fexit && f->modify_return) {
		/* attach and detach would disagree on the probe's kind */
		eb_snprintf(err, errsize, "%s: fexit and modify_return both set (a fmod_ret program is not a fexit one)",
			    f->symbol);
		return -EINVAL;
	}
	if ((r = eb_bpf_func_model(f->symbol, &f->model, err, errsize)))
		return r;
	*point = (struct eb_bpf_attach_point){
		.name = f->symbol,
		.prog_type = BPF_PROG_TYPE_TRACING,
		.ctx_size = eb_bpf_func_ctx_size(&f->model,
						 f->fexit || f->modify_return),
		.ops = &fentry_ops,
		.target = f,
		/* a struct fentry_link begins with its struct kretprobe,
		 * which begins with its struct kprobe */
		.link_data_size = sizeof(struct fentry_link),
		.expected_attach_type = f->modify_return ? BPF_MODIFY_RETURN :
					f->fexit ? BPF_TRACE_FEXIT :
					BPF_TRACE_FENTRY,
		.attach_btf_id = f->model.btf_id,
	};
	return 0;
}
