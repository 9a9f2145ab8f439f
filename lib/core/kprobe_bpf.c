/*
 * kprobes and kretprobes as attach points (<ebreak/bpf.h>): each link
 * owns its probe, in the link's data, whose handler runs the link's
 * BPF_PROG_TYPE_KPROBE program on the trap frame, as Linux's kprobe
 * programs see struct pt_regs. The probe shares its site with any other
 * probe on the same instruction (C handlers, kprobe events). A program
 * calling bpf_override_return attaches only at the entry of a function
 * marked for error injection (<ebreak/error_injection.h>), where the
 * helper makes it return at once.
 */
#include "bitops.h"
#include "fetch_args.h"
#include "kprobes_internal.h"
#include "bpf/helpers.h"
#include <ebreak/bpf.h>
#include <ebreak/errno.h>
#include <ebreak/error_injection.h>
#include <ebreak/fmt.h>
#include <ebreak/kprobes.h>
#include <ebreak/port.h>
#include <ebreak/ptregs.h>

/* The function of the kretprobe program running on each hart, for
 * bpf_get_func_ip: set around each run (a run nested in an interrupt
 * puts back the one it interrupted); 0 while none runs. A kprobe
 * program's is its trap's pc, so its runs, the usual ones, store
 * nothing. */
static uintptr_t ret_func[EB_MAX_CPUS];

uintptr_t
eb_bpf_kprobe_func_ip(const struct pt_regs *regs)
{
	uintptr_t f = ret_func[eb_port_cpu_id()];

	return f ? f : regs->epc;
}

/* A kprobe's pre handler (kprobes_internal.h): kp is a struct
 * kprobe_link's; the pre handlers run before the probed instruction,
 * with regs->epc at it. Trap context. */
int
kprobe_bpf_pre(struct kprobe *kp, struct pt_regs *regs)
{
	eb_bpf_link_run(((struct kprobe_link *)kp)->link, regs);
	return 0;
}

/* kprobe_bpf_pre's at the entry of a function marked for error
 * injection, where the program may call bpf_override_return: non-zero
 * when it moved the pc, and the hit resumes there (Linux's
 * kprobe_perf_func and kprobe_dispatcher). Elsewhere a program calling
 * it is refused (may_override), so the hits there need not look. Trap
 * context. */
static int
kprobe_override_prog(struct kprobe *kp, struct pt_regs *regs)
{
	unsigned long epc = regs->epc;

	eb_bpf_link_run(((struct kprobe_link *)kp)->link, regs);
	return regs->epc != epc;
}

/* bpf_override_return(regs, rc): the probed function returns rc at
 * once, to its caller (Linux's regs_set_return_value and riscv's
 * override_function_with_return). Attaching allowed it only at the
 * entry of a marked function, where ra is the caller's and nothing is
 * on the stack yet. Trap context. */
static uint64_t
override_return(uint64_t r1, uint64_t rc, uint64_t r3, uint64_t r4,
		uint64_t r5)
{
	struct pt_regs *regs = (struct pt_regs *)(uintptr_t)r1;

	(void)r3, (void)r4, (void)r5;
	regs->a0 = rc;
	regs->epc = regs->ra;
	return 0;
}

const struct bpf_func_proto bpf_override_return_proto = {
	.func = override_return,
	.ret_type = RET_INTEGER,
	.arg_type = { ARG_PTR_TO_CTX, ARG_ANYTHING },
	.gpl_only = true,	/* Linux's */
};

/* A kretprobe's return handler (kprobes_internal.h): regs->a0 is the
 * return value, epc the return address. Trap context. */
int
kprobe_bpf_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct kretprobe *rp = get_kretprobe(ri);
	uintptr_t *mine = &ret_func[eb_port_cpu_id()], outer = *mine;

	if (!rp)	/* unregistered since the trampoline looked */
		return 0;
	*mine = (uintptr_t)rp->kp.addr;
	eb_bpf_link_run(((struct kprobe_link *)rp)->link, regs);
	*mine = outer;
	return 0;
}

/* In *addr, the instruction probe names: its symbol's function plus its
 * offset, or its addr. 0, or the look-up's -errno (-EADDRNOTAVAIL: a
 * name several functions share). */
static int
probe_addr(const struct eb_bpf_kprobe *probe, uintptr_t *addr)
{
	size_t size;
	int e = 0;

	*addr = probe->addr;
	if (probe->symbol && !(e = eb_symbol_lookup_unique(probe->symbol, addr,
							   &size)))
		*addr += probe->offset;
	return e;
}

/* A program calling bpf_override_return: only on a kprobe at the entry
 * (+0) of a function marked EB_ALLOW_ERROR_INJECTION (Linux's
 * trace_kprobe_on_func_entry and trace_kprobe_error_injectable; -EINVAL
 * there too, but Linux lets a kretprobe there take it: docs/bpf.md). */
static int
may_override(const struct eb_bpf_attach_point *point, char *err,
	     size_t errsize)
{
	const struct eb_bpf_kprobe *probe = point->target;
	uintptr_t addr;

	if (probe_addr(probe, &addr))
		return 0;	/* fits or registering says why */
	if (probe->retprobe || (probe->symbol && probe->offset)) {
		eb_snprintf(err, errsize, "%s%s: bpf_override_return runs only at a function's entry (+0)",
			    point->name, probe->retprobe ? " (a return probe)" :
			    " (at an offset)");
		return -EINVAL;
	}
	if (!within_error_injection_list(addr)) {
		eb_snprintf(err, errsize, "%s: bpf_override_return on a function not marked for error injection (EB_ALLOW_ERROR_INJECTION)",
			    point->name);
		return -EINVAL;
	}
	return 0;
}

static int
attach(const struct eb_bpf_attach_point *point, struct bpf_link *link)
{
	const struct eb_bpf_kprobe *probe = point->target;
	struct kprobe_link *kl = eb_bpf_link_data(link);	/* zeroed */
	struct kretprobe *rp = &kl->rp;

	kl->link = link;
	rp->kp.symbol_name = probe->symbol;
	rp->kp.addr = probe->symbol ? NULL : (kprobe_opcode_t *)probe->addr;
	rp->kp.offset = probe->symbol ? probe->offset : 0;	/* addr: the insn */
	rp->kp.owner = probe->owner;
	if (!probe->retprobe) {
		char why[8];	/* not needed: whether it may is all */

		rp->kp.pre_handler = may_override(point, why, sizeof why) ?
				     kprobe_bpf_pre : kprobe_override_prog;
		return register_kprobe(&rp->kp);
	}
	rp->handler = kprobe_bpf_ret;
	rp->maxactive = probe->maxactive;
	return register_kretprobe(rp);
}

/* Unregisters the probe a link's data begins with (kprobes_internal.h).
 * Not in trap context. */
void
kprobe_bpf_unregister(struct bpf_link *link, bool retprobe)
{
	struct kretprobe *rp = eb_bpf_link_data(link);

	if (retprobe)
		unregister_kretprobe(rp);
	else
		unregister_kprobe(&rp->kp);
}

/* The missed hits of rp, or of rp->kp alone (kprobes_internal.h). Any
 * context. */
unsigned long
kprobe_bpf_rp_missed(const struct kretprobe *rp)
{
	/* a kprobe's rp.nmissed stays 0: only kretprobes count there */
	return __atomic_load_n(&rp->kp.nmissed, __ATOMIC_RELAXED) +
	       __atomic_load_n(&rp->nmissed, __ATOMIC_RELAXED);
}

unsigned long
kprobe_bpf_missed(const struct eb_bpf_attach_point *point __attribute__((unused)),
		  const struct bpf_link *link)
{
	return kprobe_bpf_rp_missed(eb_bpf_link_data(link));
}

static void
detach(const struct eb_bpf_attach_point *point, struct bpf_link *link)
{
	const struct eb_bpf_kprobe *probe = point->target;

	kprobe_bpf_unregister(link, probe->retprobe);
}

/* Refuses a program that reads a pt_regs word the frame of a probe at
 * addr (a return's: ret) does not hold (kprobes_internal.h). */
int
kprobe_bpf_fits_at(const char *name, uintptr_t addr, bool ret,
		   uint64_t words, char *err, size_t errsize)
{
	unsigned long held = kprobe_regs_held(addr, ret);
	uint64_t missing = words & ~(uint64_t)held;
	if (!missing)
		return 0;
	const char *reg = eb_fetch_reg_name((unsigned)ctz64(missing));
	size_t n = (size_t)eb_snprintf(err, errsize, "%s: the program reads "
				       "pt_regs->%s, which %s does not hold, "
				       "only", name,
				       reg ? reg : "(beyond orig_a0)",
				       ret ? "a return probe" :
				       "a probe at a function's entry");
	eb_fetch_regs_names(held, "", err, n, errsize);
	return -EINVAL;
}

/* Refusal of a symbol several functions share, in err. */
static int
not_unique(const struct eb_bpf_attach_point *point, char *err, size_t errsize)
{
	eb_snprintf(err, errsize, "%s: The symbol is not unique (several "
		    "functions have that name): attach at one's address",
		    point->name);
	return -EADDRNOTAVAIL;
}

/* Refuses a program that reads a pt_regs word the probe's frame does not
 * hold (a partial one at a patchable entry or a return: fetch_args.h),
 * naming it and those it does, and a symbol several functions share, as
 * Linux's perf kprobe does. A symbol that does not resolve passes:
 * registering says why. */
static int
fits(const struct eb_bpf_attach_point *point, uint64_t words, char *err,
     size_t errsize)
{
	const struct eb_bpf_kprobe *probe = point->target;
	uintptr_t addr;
	int e = probe_addr(probe, &addr);

	if (e == -EADDRNOTAVAIL)
		return not_unique(point, err, errsize);
	if (e)
		return 0;	/* registering says why */
	return kprobe_bpf_fits_at(point->name, addr, probe->retprobe, words,
				  err, errsize);
}

static const struct eb_bpf_attach_ops kprobe_ops = {
	attach, detach, fits, kprobe_bpf_missed, may_override
};

void
eb_bpf_kprobe_point(const struct eb_bpf_kprobe *probe,
		    struct eb_bpf_attach_point *point)
{
	*point = (struct eb_bpf_attach_point){
		.name = probe->symbol ? probe->symbol : "kprobe",
		.prog_type = BPF_PROG_TYPE_KPROBE,
		.ctx_size = sizeof(struct pt_regs),
		.ops = &kprobe_ops,
		.target = (void *)probe,
		/* a struct kprobe_link begins with its struct kretprobe,
		 * which begins with its struct kprobe */
		.link_data_size = sizeof(struct kprobe_link),
	};
}
