/*
 * The public eBPF API (<ebreak/bpf.h>) as a host kernel uses it, public
 * headers only: a program of a tracing type loaded from instructions,
 * attached to an attach point of the host's (here a fake one, whose
 * events are calls made by the test), run through its link, detached.
 */
#include <ebreak/bpf.h>
#include <ebreak/bpf_insn.h>
#include <ebreak/errno.h>
#include <ebreak/ptregs.h>
#include <string.h>
#include "test.h"

/* The fake point's state: the one link it runs, and its ops' calls. */
static struct bpf_link *fake_link;
static int fake_attaches, fake_detaches;

/* What the fake point keeps in each link: its handler's record, which
 * finds the link again (as a struct kprobe would). */
struct fake_record {
	uint64_t zero;		/* as the library hands it over */
	struct bpf_link *link;
};

static int
fake_attach(const struct eb_bpf_attach_point *point, struct bpf_link *link)
{
	struct fake_record *r = eb_bpf_link_data(link);

	if (fake_link || r->zero)
		return -ENOSPC;
	r->link = link;
	fake_link = link;
	fake_attaches++;
	return 0;
}

static void
fake_detach(const struct eb_bpf_attach_point *point, struct bpf_link *link)
{
	if (link == fake_link)
		fake_link = NULL;
	fake_detaches++;
}

static const struct eb_bpf_attach_ops fake_ops = {
	.attach = fake_attach, .detach = fake_detach,
};

#define INSN(c, d, s, o, i) \
	{ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) }
#define EXIT INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

/* r0 = a0 + a1 of the probed registers (struct pt_regs: a0 at 80). */
static const struct bpf_insn add_args[] = {
	INSN(BPF_LDX | BPF_MEM | BPF_DW, 0, 1, 80, 0),
	INSN(BPF_LDX | BPF_MEM | BPF_DW, 2, 1, 88, 0),
	INSN(BPF_ALU64 | BPF_ADD | BPF_X, 0, 2, 0, 0),
	EXIT,
};
/* Writes the context. */
static const struct bpf_insn write_ctx[] = {
	INSN(BPF_STX | BPF_MEM | BPF_DW, 1, 1, 80, 0),
	INSN(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 0),
	EXIT,
};
#define ret0 (write_ctx + 1)

/* Creates (load: and verifies and prepares) a program of type from len
 * instructions; NULL if refused, err says why. */
static struct bpf_prog *
program(const struct bpf_insn *insns, size_t len, enum bpf_prog_type type,
	bool load, char *err, size_t errsize)
{
	struct bpf_prog_opts opts = { .type = type };
	struct bpf_prog *prog = NULL;

	if (load ? bpf_prog_load(insns, len, &opts, &prog, err, errsize)
		 : bpf_prog_create(insns, len, &opts, &prog, err, errsize))
		return NULL;
	return prog;
}

TEST(kprobe_program_runs_on_a_points_events_until_detached)
{
	struct pt_regs regs = { .a0 = 40, .a1 = 2 };
	struct eb_bpf_attach_point point = {
		.name = "fake", .prog_type = BPF_PROG_TYPE_KPROBE,
		.ctx_size = sizeof(regs), .ops = &fake_ops, .target = &regs,
		.link_data_size = sizeof(struct fake_record),
	};
	struct bpf_link *link = NULL, *again = NULL;
	struct eb_bpf_prog_info info;
	char err[128];
	struct bpf_prog *prog = program(add_args, 4, BPF_PROG_TYPE_KPROBE, true,
					err, sizeof(err));

	if (!CHECK(prog))
		return;
	eb_bpf_prog_info(prog, &info);
	CHECK_EQ(info.type, BPF_PROG_TYPE_KPROBE);
	CHECK_EQ(info.insn_cnt, 4);
	CHECK_EQ(info.ctx_size, sizeof(struct pt_regs));
	CHECK(info.verified && info.prepared);
	CHECK_EQ(eb_bpf_attach(prog, &point, &link, err, sizeof(err)), 0);
	CHECK(link && fake_link == link && fake_attaches == 1);
	CHECK(eb_bpf_link_point(link)->target == &regs);
	CHECK(((struct fake_record *)eb_bpf_link_data(link))->link == link);
	CHECK_EQ((uintptr_t)eb_bpf_link_data(link) % 16, 0);
	CHECK_EQ(eb_bpf_link_run(fake_link, &regs), 42);
	/* Runs are counted while stats are on, and only then. */
	eb_bpf_stats_enable(true);
	for (int i = 0; i < 5; i++)
		eb_bpf_link_run(fake_link, &regs);
	eb_bpf_stats_enable(false);
	eb_bpf_link_run(fake_link, &regs);
	eb_bpf_prog_info(prog, &info);
	CHECK_EQ(info.run_cnt, 5);
	CHECK(info.run_time_ns > 0);
	CHECK_EQ(eb_bpf_attach(prog, &point, &again, err, sizeof(err)), -EEXIST);
	CHECK(!strcmp(err, "fake: the program is attached already"));
	CHECK(!again && fake_attaches == 1);
	/* NULL arguments: refused, saying so, nothing attached */
	CHECK_EQ(eb_bpf_attach(NULL, &point, &again, err, sizeof(err)), -EINVAL);
	CHECK(!strcmp(err, "attach: prog, point or linkp is NULL"));
	CHECK_EQ(eb_bpf_attach(prog, NULL, &again, err, sizeof(err)), -EINVAL);
	CHECK_EQ(eb_bpf_attach(prog, &point, NULL, NULL, 0), -EINVAL);
	CHECK(!again && fake_attaches == 1);
	CHECK_EQ(eb_bpf_link_missed(link), 0);	/* a point with no count */
	eb_bpf_detach(link);
	CHECK(!fake_link && fake_detaches == 1);
	/* Detached, it attaches again. */
	CHECK_EQ(eb_bpf_attach(prog, &point, &link, err, sizeof(err)), 0);
	eb_bpf_detach(link);
	bpf_prog_free(prog);
}

TEST(attach_refuses_a_program_that_does_not_fit)
{
	struct pt_regs regs;
	struct eb_bpf_attach_point point = {
		.name = "fake", .prog_type = BPF_PROG_TYPE_TRACEPOINT,
		.ctx_size = 16, .ops = &fake_ops, .target = &regs,
	};
	struct bpf_link *link = NULL;
	char err[128];
	struct bpf_prog *kprobe = program(add_args, 4, BPF_PROG_TYPE_KPROBE, true,
					  err, sizeof(err));
	struct bpf_prog *unverified = program(add_args, 4,
					      BPF_PROG_TYPE_KPROBE, false, err,
					      sizeof(err));

	CHECK_EQ(eb_bpf_attach(kprobe, &point, &link, err, sizeof(err)), -EINVAL);
	CHECK(!strcmp(err, "fake: runs programs of type 5, not 2"));
	point.prog_type = BPF_PROG_TYPE_KPROBE;
	CHECK_EQ(eb_bpf_attach(kprobe, &point, &link, err, sizeof(err)), -EINVAL);
	CHECK(!strcmp(err, "fake: gives 16 bytes of context, the program reads up to 288"));
	point.ctx_size = sizeof(regs);
	CHECK_EQ(eb_bpf_attach(unverified, &point, &link, err, sizeof(err)),
		 -EINVAL);
	CHECK(!strcmp(err, "fake: the program is not loaded"));
	CHECK(!link && !fake_link);	/* ops.attach was never called */
	bpf_prog_free(kprobe);
	bpf_prog_free(unverified);
}

TEST(tracing_programs_have_a_read_only_context_and_known_types)
{
	char err[128];

	CHECK(!program(write_ctx, 3, BPF_PROG_TYPE_KPROBE, true, err,
		       sizeof(err)));
	CHECK(!program(ret0, 2, 99, false, err, sizeof(err)));
	CHECK(!strcmp(err, "program type 99 cannot be loaded"));
	CHECK(!program(ret0, 2, BPF_PROG_TYPE_UNSPEC, false, err, sizeof(err)));
}
