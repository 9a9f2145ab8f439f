/*
 * kprobes and kretprobes as attach points (<ebreak/bpf.h>): each link
 * owns its probe, in the link's data, whose handler runs the link's
 * BPF_PROG_TYPE_KPROBE program on the trap frame, as Linux's kprobe
 * programs see struct pt_regs. The probe shares its site with any other
 * probe on the same instruction (C handlers, kprobe events).
 */
#include <ebreak/bpf.h>
#include <ebreak/kprobes.h>
#include <ebreak/port.h>
#include <ebreak/ptregs.h>

/* The probed address of the program running on each hart, for
 * bpf_get_func_ip: set around each run (a run nested in an interrupt
 * puts back the one it interrupted). */
static uintptr_t func_ip[EB_MAX_CPUS];

/* Run link's program on regs with func_ip set to ip. Trap context. */
static void
run(struct bpf_link *link, struct pt_regs *regs, uintptr_t ip)
{
	uintptr_t *mine = &func_ip[eb_port_cpu_id()], outer = *mine;

	*mine = ip;
	eb_bpf_link_run(link, regs);
	*mine = outer;
}

uintptr_t
eb_bpf_kprobe_func_ip(void)
{
	return func_ip[eb_port_cpu_id()];
}

/* A kprobe's pre handler: kp is its link's data. Trap context. */
static int
kprobe_prog(struct kprobe *kp, struct pt_regs *regs)
{
	run(eb_bpf_link_from_data(kp), regs, (uintptr_t)kp->addr);
	return 0;
}

/* A kretprobe's return handler: regs->a0 is the return value, epc the
 * return address. Trap context. */
static int
kretprobe_prog(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct kretprobe *rp = get_kretprobe(ri);

	if (rp)		/* not unregistered since the trampoline looked */
		run(eb_bpf_link_from_data(rp), regs, (uintptr_t)rp->kp.addr);
	return 0;
}

static int
attach(const struct eb_bpf_attach_point *point, struct bpf_link *link)
{
	const struct eb_bpf_kprobe *probe = point->target;
	struct kretprobe *rp = eb_bpf_link_data(link);	/* zeroed */

	rp->kp.symbol_name = probe->symbol;
	rp->kp.addr = probe->symbol ? NULL : (kprobe_opcode_t *)probe->addr;
	rp->kp.offset = probe->offset;
	if (!probe->retprobe) {
		rp->kp.pre_handler = kprobe_prog;
		return register_kprobe(&rp->kp);
	}
	rp->handler = kretprobe_prog;
	rp->maxactive = probe->maxactive;
	return register_kretprobe(rp);
}

static void
detach(const struct eb_bpf_attach_point *point, struct bpf_link *link)
{
	const struct eb_bpf_kprobe *probe = point->target;
	struct kretprobe *rp = eb_bpf_link_data(link);

	if (probe->retprobe)
		unregister_kretprobe(rp);
	else
		unregister_kprobe(&rp->kp);
}

static const struct eb_bpf_attach_ops kprobe_ops = { attach, detach };

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
		/* a struct kretprobe begins with its struct kprobe */
		.link_data_size = sizeof(struct kretprobe),
	};
}
