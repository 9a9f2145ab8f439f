/*
 * Raw tracepoint programs (tracepoint_raw_bpf_point): tests/bpf/raw_tp.bpf.c's
 * raw_tp/ and tp_btf/ programs on sched:task_spawn, loaded as `bpf
 * load` loads them, JIT-compiled and interpreted, see each spawn the
 * test makes: the pointer and id arguments and the task's id and polls
 * read through the pointer equal what a C probe on the same tracepoint
 * read, and each program's runs equal the tracepoint's own hit count
 * and the spawns. Refused, each saying why: a raw tracepoint the kernel
 * lacks (bad_raw_tp.bpf.c), at load; a read past a tracepoint's
 * arguments, a partial one, a store through a tp_btf pointer argument;
 * a program reading more arguments than the tracepoint it is attached
 * to has.
 */
#include "ktest.h"
#include "async_wait.h"
#include "bpf_embedded.h"
#include "bpf_text.h"
#include "trace/bpf_cmd.h"
#include "trace/tracepoint.h"
#include <ebreak/bpf.h>
#include <ebreak/bpf_object.h>
#include <ebreak/errno.h>

#define SPAWNS 3

/* What raw_tp.bpf.c's programs record (its struct spawn_seen), and what
 * the C probe saw, in the same form. */
struct spawn_seen {
	uint64_t runs, task, id, task_id, polls;
};

static struct spawn_seen c_seen;

/* The C probe on sched:task_spawn: the same values, read in C. */
static void
c_spawn(void *data, const uint64_t *args)
{
	const struct task *t = (const struct task *)(uintptr_t)args[0];

	c_seen = (struct spawn_seen){ .runs = c_seen.runs + 1, .task = args[0],
		.id = args[1], .task_id = t->id, .polls = t->polls };
}

/* raw_tp.bpf.c opened, its targets set as `bpf load` sets them, loaded
 * for jit; NULL having failed a check. */
static struct eb_bpf_object *
load_raw_tp(bool jit)
{
	const struct bpf_embedded *e = bpf_embedded_find("raw_tp");
	struct eb_bpf_object *obj = 0;
	char log[256] = "";
	int r;

	if (!KEXPECT(e))
		return 0;
	eb_bpf_jit_enable(jit);
	r = eb_bpf_object_open(e->start, e->end - e->start, &obj, log, sizeof log);
	if (!r && !(r = bpf_cmd_check_targets(obj, "raw_tp")))
		r = eb_bpf_object_load(obj, log, sizeof log);
	eb_bpf_jit_enable(true);
	if (!KEXPECT_EQ(r, 0)) {
		printf("  raw_tp: %s\n", log);
		eb_bpf_object_close(obj);
		return 0;
	}
	return obj;
}

/* Attaches obj's program name to tp, typed (tp_btf) or not. */
static struct bpf_link *
attach(struct eb_bpf_object *obj, const char *name, struct tracepoint *tp,
       bool btf)
{
	const struct eb_bpf_program *p = eb_bpf_object_find_program(obj, name);
	struct eb_bpf_func_model m = { 0 };
	struct eb_bpf_attach_point point;
	struct bpf_link *link = 0;
	char err[160] = "";

	if (!KEXPECT(p) || (btf && !KEXPECT_EQ(eb_bpf_tp_btf_model("task_spawn",
						&m, err, sizeof err), 0)))
		return 0;
	tracepoint_raw_bpf_point(tp, m.btf_id, &point);
	if (!KEXPECT_EQ(eb_bpf_attach(p->prog, &point, &link, err, sizeof err), 0))
		printf("  %s: %s\n", name, err);
	return link;
}

static enum eb_poll
done_poll(struct eb_future *f, struct eb_context *cx)
{
	return EB_READY;
}

/* Checks a program's record against the C probe's. */
static void
check_seen(struct eb_bpf_object *obj, const char *name)
{
	size_t size = 0;
	const struct spawn_seen *s = eb_bpf_object_find_global(obj, name, &size);

	if (!KEXPECT(s && size == sizeof(*s)))
		return;
	KEXPECT_EQ(s->runs, c_seen.runs);
	KEXPECT_EQ(s->task, c_seen.task);
	KEXPECT_EQ(s->id, c_seen.id);
	KEXPECT_EQ(s->task_id, c_seen.id);
	KEXPECT_EQ(s->polls, c_seen.polls);
}

static void
spawns_seen(bool jit)
{
	struct tracepoint *tp = tracepoint_find("sched:task_spawn");
	struct eb_bpf_object *obj = load_raw_tp(jit);
	struct eb_future f[SPAWNS];
	volatile unsigned done = 0;
	const struct eb_bpf_program *p;
	struct eb_bpf_prog_info info;

	if (!obj)
		return;
	for (size_t i = 0; (p = eb_bpf_object_program(obj, i)); i++)
		KEXPECT_EQ((eb_bpf_prog_info(p->prog, &info), info.jited), jit);
	c_seen = (struct spawn_seen){ 0 };
	KEXPECT_EQ(tracepoint_probe_register(tp, c_spawn, 0), 0);
	struct bpf_link *raw = attach(obj, "raw_spawn", tp, false);
	struct bpf_link *btf = attach(obj, "btf_spawn", tp, true);
	uint64_t hits = tp->hits;
	for (int i = 0; i < SPAWNS; i++) {
		f[i] = EB_FUTURE_INIT(done_poll);
		KEXPECT(task_spawn(&f[i], "rawtp", count_exit, (void *)&done));
	}
	KEXPECT(wait_count(&done, SPAWNS, 5));
	eb_bpf_detach(raw);
	eb_bpf_detach(btf);
	tracepoint_probe_unregister(tp, c_spawn, 0);
	KEXPECT_EQ(tp->hits - hits, SPAWNS);	/* nothing else spawned */
	KEXPECT_EQ(c_seen.runs, SPAWNS);
	KEXPECT(c_seen.task && c_seen.id);
	check_seen(obj, "raw_seen");
	check_seen(obj, "btf_seen");
	eb_bpf_object_close(obj);
}

KTEST(bpf_raw_tp, raw_tp_and_tp_btf_see_each_spawn_jited)
{
	size_t heap = kmalloc_live_bytes();

	spawns_seen(true);
	KEXPECT_EQ(kmalloc_live_bytes(), heap);
}

KTEST(bpf_raw_tp, raw_tp_and_tp_btf_see_each_spawn_interpreted)
{
	size_t heap = kmalloc_live_bytes();

	spawns_seen(false);
	KEXPECT_EQ(kmalloc_live_bytes(), heap);
}

/* text loaded for tracepoint event's arguments, as a RAW_TRACEPOINT
 * program or (btf) a tp_btf one: refused saying want. */
static void
check_refused(const char *text, const char *event, bool btf, const char *want)
{
	struct tracepoint *tp = tracepoint_find_event(event);
	struct eb_bpf_func_model m = { 0 };
	char err[160] = "";

	if (!KEXPECT(tp) ||
	    (btf && !KEXPECT_EQ(eb_bpf_tp_btf_model(event, &m, err, sizeof err), 0)))
		return;
	struct bpf_prog_opts opts = {
		.type = btf ? BPF_PROG_TYPE_TRACING : BPF_PROG_TYPE_RAW_TRACEPOINT,
		.ctx_size = 8 * tp->nargs,
		.expected_attach_type = btf ? BPF_TRACE_RAW_TP : 0,
		.attach_btf_id = m.btf_id };
	KEXPECT(bpf_text_refused(text, &opts, want));
}

KTEST(bpf_raw_tp, refuses_bad_programs_saying_why)
{
	size_t heap = kmalloc_live_bytes();
	struct eb_bpf_func_model m;
	char log[256] = "";

	/* task_spawn has two arguments: ctx[2] is past them */
	check_refused("ldxdw %r0, [%r1+16]\nexit\n", "task_spawn", false,
		      "outside its 16 bytes (the traced function's or "
		      "tracepoint's arguments");
	check_refused("ldxdw %r0, [%r1+16]\nexit\n", "task_spawn", true,
		      "outside its 16 bytes");
	check_refused("ldxw %r0, [%r1+4]\nexit\n", "task_spawn", false,
		      "a multiple of 8");
	check_refused("stdw [%r1+0], 1\nmov %r0, 0\nexit\n", "task_spawn",
		      false, "write into the read-only context");
	check_refused("ldxdw %r2, [%r1+0]\nstw [%r2+0], 1\nmov %r0, 0\nexit\n",
		      "task_spawn", true, "only read is supported");
	/* raw_tp: the task is a number, read with bpf_probe_read_kernel */
	check_refused("ldxdw %r2, [%r1+0]\nldxw %r0, [%r2+0]\nexit\n",
		      "task_spawn", false, "r2 is a scalar");
	KEXPECT_EQ(eb_bpf_tp_btf_model("no_such_event", &m, log, sizeof log),
		   -ENOENT);
	KEXPECT(bpf_log_contains(log, "tracepoint 'no_such_event': the "
				 "kernel's BTF has no btf_trace_no_such_event"));
	KEXPECT(!bpf_embedded_try("bad_raw_tp", true, log, sizeof log));
	if (!KEXPECT(bpf_log_contains(log, "program 'btf_nothing' (section "
				      "'tp_btf/no_such_event')") &&
		     bpf_log_contains(log, "btf_trace_no_such_event")))
		printf("  bad_raw_tp: %s\n", log);
	KEXPECT_EQ(kmalloc_live_bytes(), heap);
}

/* `bpf load`'s check: either raw tracepoint the kernel lacks is named. */
KTEST(bpf_raw_tp, unknown_tracepoint_refused_at_load)
{
	const struct bpf_embedded *e = bpf_embedded_find("bad_raw_tp");
	struct eb_bpf_object *obj = 0;

	if (!KEXPECT(e) || !KEXPECT_EQ(eb_bpf_object_open(e->start,
				e->end - e->start, &obj, 0, 0), 0))
		return;
	KEXPECT_EQ(bpf_cmd_check_targets(obj, "bad_raw_tp"), -ENOENT);
	eb_bpf_object_close(obj);
}

/* A program reading sys_enter's 9 arguments does not attach where
 * there are 2; one reading 2 does where there are 3 (Linux checks the
 * tracepoint's arguments cover the reads at attach too). */
KTEST(bpf_raw_tp, attach_checks_the_arguments_read)
{
	struct tracepoint *enter = tracepoint_find_event("sys_enter");
	struct tracepoint *spawn = tracepoint_find_event("task_spawn");
	struct tracepoint *wake = tracepoint_find_event("task_wake");
	struct bpf_link *link = 0;
	struct eb_bpf_attach_point point;
	char err[160] = "";

	if (!KEXPECT(enter && spawn && wake))
		return;
	struct bpf_prog_opts opts = { .type = BPF_PROG_TYPE_RAW_TRACEPOINT,
				      .ctx_size = 8 * enter->nargs };
	struct bpf_prog *prog = bpf_text_load("ldxdw %r0, [%r1+64]\n"
					      "ldxdw %r0, [%r1+8]\n"
					      "mov %r0, 0\nexit\n", &opts);
	if (!KEXPECT(prog))
		return;
	tracepoint_raw_bpf_point(spawn, 0, &point);
	KEXPECT_EQ(eb_bpf_attach(prog, &point, &link, err, sizeof err), -EINVAL);
	KEXPECT(bpf_log_contains(err, "sched:task_spawn: gives 16 bytes of "
				 "context, the program reads up to 72"));
	KEXPECT(!spawn->enabled);
	bpf_prog_free(prog);
	opts.ctx_size = 8 * spawn->nargs;
	prog = bpf_text_load("ldxdw %r0, [%r1+8]\nmov %r0, 0\nexit\n", &opts);
	if (!KEXPECT(prog))
		return;
	tracepoint_raw_bpf_point(wake, 0, &point);
	KEXPECT_EQ(eb_bpf_attach(prog, &point, &link, err, sizeof err), 0);
	eb_bpf_detach(link);
	bpf_prog_free(prog);
}
