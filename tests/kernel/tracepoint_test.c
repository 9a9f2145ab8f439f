/*
 * Static tracepoints: a disabled site is a nop, an enabled one a jump;
 * C probes see every syscall a process makes and every executor event
 * of its task, and the counts match what the program does.
 */
#include "ktest.h"
#include "probe_workers.h"
#include "riscv.h"
#include "trace/tracepoint.h"
#include "user/user.h"
#include <ebreak/errno.h>
#include <ebreak/bpf.h>
#include "bpf_text.h"

static const struct tracepoint_site *
site_of(struct tracepoint *tp)
{
	for (const struct tracepoint_site *s = __start_tracepoint_sites;
	     s < __stop_tracepoint_sites; s++)
		if (s->tp == tp)
			return s;
	return 0;
}

static void
ignore(void *data, const uint64_t *args)
{
}

KTEST(tracepoint, disabled_is_nop_enabled_is_jump)
{
	struct tracepoint *tp = tracepoint_find("raw_syscalls:sys_enter");
	const struct tracepoint_site *s = tp ? site_of(tp) : 0;

	if (!KEXPECT(s))
		return;
	KEXPECT_EQ(*(uint32_t *)s->insn, 0x13);
	KEXPECT_EQ(tracepoint_probe_register(tp, ignore, 0), 0);
	uint32_t insn = *(uint32_t *)s->insn;
	KEXPECT_EQ(insn & 0xfff, 0x06f);	/* jal x0 */
	KEXPECT_EQ(tracepoint_probe_register(tp, ignore, 0), -EEXIST);
	KEXPECT_EQ(tracepoint_probe_unregister(tp, ignore, 0), 0);
	KEXPECT_EQ(*(uint32_t *)s->insn, 0x13);
	KEXPECT_EQ(tracepoint_probe_unregister(tp, ignore, 0), -ENOENT);
	KEXPECT(!tracepoint_find("no:such"));
	KEXPECT(!tracepoint_find("raw_syscalls:sys_ente"));
	KEXPECT_EQ(tracepoint_find("raw_syscalls/sys_enter"), tp);	/* SEC() */
}

KTEST(tracepoint, probe_slots_run_out)
{
	struct tracepoint *tp = tracepoint_find("sched:task_exit");
	int tags[TRACEPOINT_MAX_PROBES + 1];

	for (int i = 0; i < TRACEPOINT_MAX_PROBES; i++)
		KEXPECT_EQ(tracepoint_probe_register(tp, ignore, &tags[i]), 0);
	KEXPECT_EQ(tracepoint_probe_register(tp, ignore, &tags[4]), -ENOSPC);
	for (int i = 0; i < TRACEPOINT_MAX_PROBES; i++)
		KEXPECT_EQ(tracepoint_probe_unregister(tp, ignore, &tags[i]), 0);
	KEXPECT(!tp->enabled);
}

/* What the probes saw. */
static struct {
	volatile unsigned enter, enter_getpid, enter_exit, exit, exit_getpid;
	volatile unsigned getpid_ret_ok;	/* sys_exit ret == its pid */
	volatile unsigned spawn, poll_begin, poll_end, ready, task_exit;
	volatile unsigned wake;
} seen;

/* Probes run with interrupts off on any hart: count atomically. */
#define BUMP(x) __atomic_fetch_add(&(x), 1, __ATOMIC_RELAXED)

#define SYS_getpid 172
#define SYS_exit 93

static void
on_enter(void *data, const uint64_t *a)
{
	BUMP(seen.enter);
	if (a[0] == SYS_getpid)
		BUMP(seen.enter_getpid);
	if (a[0] == SYS_exit)
		BUMP(seen.enter_exit);
}

static void
on_exit(void *data, const uint64_t *a)
{
	BUMP(seen.exit);
	if (a[0] == SYS_getpid) {
		BUMP(seen.exit_getpid);
		if (a[1] == a[2])
			BUMP(seen.getpid_ret_ok);
	}
}


static void
on_spawn(void *data, const uint64_t *a)
{
	BUMP(seen.spawn);
}

static void
on_poll_begin(void *data, const uint64_t *a)
{
	BUMP(seen.poll_begin);
}

static void
on_poll_end(void *data, const uint64_t *a)
{
	BUMP(seen.poll_end);
	if (a[2])
		BUMP(seen.ready);
}

static void
on_task_exit(void *data, const uint64_t *a)
{
	BUMP(seen.task_exit);
}

static const struct {
	const char *name;
	tracepoint_probe_fn fn;
} probes[] = {
	{ "raw_syscalls:sys_enter", on_enter },
	{ "raw_syscalls:sys_exit", on_exit },
	{ "sched:task_spawn", on_spawn },
	{ "sched:task_poll_begin", on_poll_begin },
	{ "sched:task_poll_end", on_poll_end },
	{ "sched:task_exit", on_task_exit },
};

/* syscount N makes N getpid calls, one write and one exit: exactly that
 * is seen, and one task spawned, polled, finished. Nothing else runs meanwhile. */
KTEST(tracepoint, counts_match_the_syscalls_issued)
{
	const unsigned n = 25;

	memset((void *)&seen, 0, sizeof seen);
	for (size_t i = 0; i < ARRAY_SIZE(probes); i++)
		KEXPECT_EQ(tracepoint_probe_register(
				   tracepoint_find(probes[i].name),
				   probes[i].fn, 0), 0);
	struct proc *p = proc_spawn("syscount",
				    (const char *[]){ "syscount", "25", 0 });
	KEXPECT(p);
	if (p) {
		executor_run_until(proc_exited, p);
		KEXPECT_EQ(proc_reap(p), W_EXITCODE(0));
	}
	for (size_t i = 0; i < ARRAY_SIZE(probes); i++)
		KEXPECT_EQ(tracepoint_probe_unregister(
				   tracepoint_find(probes[i].name),
				   probes[i].fn, 0), 0);
	KEXPECT_EQ(seen.enter, n + 2);		/* and its one write */
	KEXPECT_EQ(seen.enter_getpid, n);
	KEXPECT_EQ(seen.enter_exit, 1);
	KEXPECT_EQ(seen.exit, n + 1);		/* exit does not return */
	KEXPECT_EQ(seen.exit_getpid, n);
	KEXPECT_EQ(seen.getpid_ret_ok, n);
	KEXPECT_EQ(seen.spawn, 1);
	KEXPECT_EQ(seen.task_exit, 1);
	KEXPECT_EQ(seen.ready, 1);
	KEXPECT(seen.poll_begin >= 1);
	KEXPECT_EQ(seen.poll_begin, seen.poll_end);
	/* Disabled again: nothing more is counted. */
	unsigned before = seen.enter;
	p = proc_spawn("syscount", (const char *[]){ "syscount", "3", 0 });
	if (KEXPECT(p)) {
		executor_run_until(proc_exited, p);
		KEXPECT_EQ(proc_reap(p), W_EXITCODE(0));
	}
	KEXPECT_EQ(seen.enter, before);
}

static volatile unsigned wakes_by_irq, wakes_by_task;

static void
on_wake(void *data, const uint64_t *a)
{
	BUMP(*(a[0] ? &wakes_by_task : &wakes_by_irq));
}

/* Who wakes whom: a sleeper is woken by the timer interrupt (waker 0),
 * a pipe reader by the writing task. */
KTEST(tracepoint, wakes_name_their_waker)
{
	struct tracepoint *tp = tracepoint_find("sched:task_wake");
	struct proc *p;

	wakes_by_irq = wakes_by_task = 0;
	KEXPECT_EQ(tracepoint_probe_register(tp, on_wake, 0), 0);
	p = proc_spawn("sleep", (const char *[]){ "sleep", "30", 0 });
	if (KEXPECT(p)) {
		executor_run_until(proc_exited, p);
		proc_reap(p);
	}
	KEXPECT(wakes_by_irq >= 1);
	unsigned by_task = wakes_by_task;
	p = proc_spawn("pingpong", (const char *[]){ "pingpong", "10", 0 });
	if (KEXPECT(p)) {
		executor_run_until(proc_exited, p);
		KEXPECT_EQ(proc_reap(p), 0);
	}
	KEXPECT(wakes_by_task >= by_task + 10);
	KEXPECT_EQ(tracepoint_probe_unregister(tp, on_wake, 0), 0);
}

/* An eBPF program on raw_syscalls/sys_enter, reading the context as
 * Linux's trace_event_raw_sys_enter (id at offset 8), counts getpid
 * calls in an array map and keeps the caller's pid and the event's type
 * (trace_entry's). */
static const char count_getpid[] =
	"mov %r6, %r1\n"
	"ldxdw %r2, [%r1+8]\n"		/* id */
	"jne %r2, 172, out\n"
	"stw [%r10-4], 0\n"
	"lddw %r1, map_fd(0)\n"
	"mov %r2, %r10\n"
	"add %r2, -4\n"
	"call 1\n"			/* bpf_map_lookup_elem */
	"jeq %r0, 0, out\n"
	"mov %r1, 1\n"
	"lock add [%r0+0], %r1\n"
	"ldxw %r3, [%r6+4]\n"		/* trace_entry.pid */
	"stxdw [%r0+8], %r3\n"
	"ldxh %r3, [%r6+0]\n"		/* trace_entry.type */
	"stxdw [%r0+16], %r3\n"
	"out:\n"
	"mov %r0, 0\n"
	"exit\n";

/* The same, reading one byte past the context. */
static const char past_ctx[] =
	"ldxdw %r2, [%r1+73]\n"
	"mov %r0, 0\n"
	"exit\n";

KTEST(tracepoint, ebpf_program_counts_syscalls)
{
	struct tracepoint *tp = tracepoint_find("raw_syscalls/sys_enter");
	struct bpf_map_def def = { BPF_MAP_TYPE_ARRAY, 4, 24, 1, 0 };
	struct eb_bpf_attach_point point;
	struct bpf_link *link, *again = 0;
	struct bpf_map *map;
	char err[80];
	int pid = -1;

	if (!KEXPECT_EQ(bpf_map_create(&def, "getpids", &map, err, sizeof err),
			0))
		return;
	tracepoint_bpf_point(tp, &point);
	KEXPECT_EQ(point.ctx_size, 80);
	struct bpf_prog_opts opts = { .type = BPF_PROG_TYPE_TRACEPOINT,
				      .ctx_size = point.ctx_size,
				      .maps = &map, .nr_maps = 1 };
	KEXPECT(!bpf_text_load(past_ctx, &opts));	/* the verifier refuses */
	struct bpf_prog *prog = bpf_text_load(count_getpid, &opts);
	if (!KEXPECT(prog)) {
		bpf_map_free(map);
		return;
	}
	KEXPECT_EQ(eb_bpf_attach(prog, &point, &link, err, sizeof err), 0);
	KEXPECT_EQ(eb_bpf_attach(prog, &point, &again, err, sizeof err), -EEXIST);
	KEXPECT(!again);
	KEXPECT(tp->enabled);
	struct proc *p = proc_spawn("syscount",
				    (const char *[]){ "syscount", "17", 0 });
	if (KEXPECT(p)) {
		pid = p->pid;
		executor_run_until(proc_exited, p);
		KEXPECT_EQ(proc_reap(p), W_EXITCODE(0));
	}
	eb_bpf_detach(link);
	KEXPECT(!tp->enabled);
	uint32_t key = 0;
	uint64_t *count = bpf_map_lookup_elem(map, &key);
	KEXPECT(count && *count == 17);
	KEXPECT(count && (int)count[1] == pid);	/* the process's, not a task id */
	uint64_t type = 0;
	while (__start_tracepoints[type] != tp)
		type++;
	KEXPECT(count && count[2] == type);	/* tp's index in the registry */
	bpf_prog_free(prog);
	bpf_map_free(map);
}

/* A program attaches only where it fits: its type, and a context no
 * bigger than the point's; a refused attach leaves the tracepoint off. */
KTEST(tracepoint, ebpf_attach_checks_the_program)
{
	struct tracepoint *tp = tracepoint_find("sched:task_exit");
	struct eb_bpf_attach_point point;
	struct bpf_link *link;
	char err[96];
	static const char ret0[] = "mov %r0, 0\nexit\n";

	tracepoint_bpf_point(tp, &point);
	struct bpf_prog_opts kprobe = { .type = BPF_PROG_TYPE_KPROBE };
	struct bpf_prog_opts big = { .type = BPF_PROG_TYPE_TRACEPOINT,
				     .ctx_size = point.ctx_size + 8 };
	struct bpf_prog *a = bpf_text_load(ret0, &kprobe);
	struct bpf_prog *b = bpf_text_load(ret0, &big);

	if (KEXPECT(a))
		KEXPECT_EQ(eb_bpf_attach(a, &point, &link, err, sizeof err),
			   -EINVAL);
	if (KEXPECT(b)) {
		KEXPECT_EQ(eb_bpf_attach(b, &point, &link, err, sizeof err),
			   -EINVAL);
		KEXPECT(!strcmp(err, "sched:task_exit: gives 32 bytes of "
				"context, the program reads up to 40"));
	}
	KEXPECT(!tp->enabled);
	bpf_prog_free(a);
	bpf_prog_free(b);
}

DECLARE_TRACEPOINT(sched, task_exit);

static volatile bool storm_stop;

/* Fires sched:task_exit in bursts, sleeping in wfi between them (a
 * spinning vCPU would starve hart 0's stop_machine under QEMU). */
static void
storm(void *arg)
{
	while (!storm_stop) {
		for (int i = 0; i < 16; i++)
			trace(sched, task_exit, 0, 0, 0);
		wfi();
	}
}

/* Every other hart fires the tracepoint while hart 0 attaches and
 * detaches a program: once eb_bpf_detach returns, the program never runs
 * again (its count stands still), and each link is freed. */
KTEST(tracepoint, ebpf_detach_races_events_on_all_harts)
{
	struct tracepoint *tp = tracepoint_find("sched:task_exit");
	struct bpf_map_def def = { BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0 };
	struct eb_bpf_attach_point point;
	struct bpf_map *map;
	char err[80];
	uint32_t key = 0;
	unsigned late = 0, rounds = 20;

	if (ncpu < 2 ||
	    !KEXPECT_EQ(bpf_map_create(&def, "events", &map, err, sizeof err), 0))
		return;
	tracepoint_bpf_point(tp, &point);
	struct bpf_prog_opts opts = { .type = BPF_PROG_TYPE_TRACEPOINT,
				      .maps = &map, .nr_maps = 1 };
	struct bpf_prog *prog = bpf_text_load(bpf_text_count_calls, &opts);
	volatile uint64_t *count = bpf_map_lookup_elem(map, &key);
	size_t heap = kmalloc_live_bytes();

	storm_stop = false;
	for (unsigned i = 0; i < ncpu; i++)
		if (i != cpuid())
			smp_work_start(i, storm, 0);
	for (unsigned r = 0; prog && r < rounds; r++) {
		struct bpf_link *link;

		if (!KEXPECT_EQ(eb_bpf_attach(prog, &point, &link, err,
					      sizeof err), 0))
			break;
		let_workers_call();
		eb_bpf_detach(link);
		uint64_t after = *count;
		let_workers_call();
		late += *count != after;
	}
	storm_stop = true;
	for (unsigned i = 0; i < ncpu; i++)
		if (i != cpuid())
			smp_work_wait(i);
	KEXPECT(prog && *count > rounds);	/* it ran while attached */
	KEXPECT_EQ(late, 0);
	KEXPECT_EQ(kmalloc_live_bytes(), heap);
	KEXPECT(!tp->enabled);
	bpf_prog_free(prog);
	bpf_map_free(map);
}
