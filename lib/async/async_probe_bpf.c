/*
 * Async probes as attach points (<ebreak/async_probe.h>): each link owns
 * an async probe, in the link's data, whose handler runs the link's
 * program on the event itself, a read-only struct eb_async_event.
 */
#include <ebreak/async_probe.h>
#include <ebreak/bpf.h>

/* What a link keeps for its probe (eb_bpf_link_data). */
struct async_link {
	struct async_probe ap;
	struct bpf_link *link;	/* whose data this is */
};

/* The probe's handler: interrupts off (as eb_bpf_detach's grace period
 * needs). */
static void
async_prog(struct async_probe *ap, const struct eb_async_event *ev)
{
	eb_bpf_link_run(((struct async_link *)ap)->link, (void *)ev);
}

static int
attach(const struct eb_bpf_attach_point *point, struct bpf_link *link)
{
	const struct eb_bpf_async_probe *probe = point->target;
	struct async_link *al = eb_bpf_link_data(link);	/* zeroed */

	al->link = link;
	al->ap.symbol = probe->symbol;
	al->ap.handler = async_prog;
	return register_async_probe(&al->ap);
}

static void
detach(const struct eb_bpf_attach_point *point __attribute__((unused)),
       struct bpf_link *link)
{
	unregister_async_probe(eb_bpf_link_data(link));
}

/* The polls link's async probe did not hand its program. */
static unsigned long
missed(const struct eb_bpf_attach_point *point __attribute__((unused)),
       const struct bpf_link *link)
{
	return eb_async_probe_missed(eb_bpf_link_data(link));
}

static const struct eb_bpf_attach_ops async_ops = {
	attach, detach, NULL, missed, NULL
};

void
eb_bpf_async_probe_point(const struct eb_bpf_async_probe *probe,
			 struct eb_bpf_attach_point *point)
{
	*point = (struct eb_bpf_attach_point){
		.name = probe->symbol,
		.prog_type = BPF_PROG_TYPE_TRACEPOINT,
		.ctx_size = sizeof(struct eb_async_event),
		.ops = &async_ops,
		.target = (void *)probe,
		/* a struct async_link begins with its struct async_probe */
		.link_data_size = sizeof(struct async_link),
	};
}
