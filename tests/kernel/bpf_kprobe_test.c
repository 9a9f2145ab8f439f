/*
 * eBPF programs on kprobes and kretprobes (<ebreak/bpf.h>'s
 * eb_bpf_kprobe_point): counts in maps equal the calls the test makes,
 * arguments and return values read through struct pt_regs as libbpf's
 * PT_REGS_PARM1/PT_REGS_RC do, a program and a C handler share a site,
 * a bad attach leaves nothing, a detach frees everything.
 */
#include "ktest.h"
#include "async/async.h"
#include <ebreak/bpf.h>
#include <ebreak/errno.h>
#include <ebreak/kprobes.h>
#include <ebreak/port.h>
#include "bpf_text.h"
#include "bpf/helpers.h"
#include "user/user.h"
#include "trace_collect.h"
#include <ebreak/fmt.h>

__attribute__((noipa)) long bpk_target(long a);
long
bpk_target(long a)
{
	return a + 1;
}

/* Sums return values (PT_REGS_RC: a0) in an array map's element 0. */
static const char sum_returns[] =
	"ldxdw %r6, [%r1+80]\n"
	"stw [%r10-4], 0\n"
	"lddw %r1, map_fd(0)\n"
	"mov %r2, %r10\n"
	"add %r2, -4\n"
	"call 1\n"
	"jeq %r0, 0, out\n"
	"lock add [%r0+0], %r6\n"
	"out:\n"
	"mov %r0, 0\n"
	"exit\n";

static struct bpf_prog *
load(const char *text, struct bpf_map *map)
{
	struct bpf_prog_opts opts = { .type = BPF_PROG_TYPE_KPROBE,
				      .maps = &map, .nr_maps = 1 };

	return bpf_text_load(text, &opts);
}

static struct bpf_map *
map(unsigned type, unsigned key_size, unsigned entries)
{
	struct bpf_map_def def = { type, key_size, 8, entries, 0 };
	struct bpf_map *m;
	char err[80];

	return bpf_map_create(&def, "bpk", &m, err, sizeof err) ? 0 : m;
}

static uint64_t
value(struct bpf_map *m, uint64_t key)
{
	uint32_t k32 = key;
	uint64_t *v = bpf_map_lookup_elem(m, &k32);

	return v ? *v : 0;
}

static long
c_handler_hits;

static int
c_handler(struct kprobe *p, struct pt_regs *regs)
{
	c_handler_hits++;
	return 0;
}

/* An array counter on the entry, a C kprobe on the same instruction,
 * and a kretprobe summing the return values: exact counts, and after
 * the detach the calls count nowhere and no memory is left. */
KTEST(bpf_kprobe, counts_calls_and_sums_returns)
{
	struct eb_bpf_kprobe entry = { .symbol = "bpk_target" };
	struct eb_bpf_kprobe ret = { .symbol = "bpk_target", .retprobe = true };
	struct kprobe c = { .symbol_name = "bpk_target",
			    .pre_handler = c_handler };
	struct eb_bpf_attach_point pe, pr;
	struct bpf_link *le, *lr;
	char err[120];

	/* Warm-up: the probe core's lazily made pools are not leaks. */
	KEXPECT_EQ(register_kprobe(&c), 0);
	unregister_kprobe(&c);
	size_t heap = kmalloc_live_bytes();
	struct bpf_map *calls = map(BPF_MAP_TYPE_ARRAY, 4, 1);
	struct bpf_map *sums = map(BPF_MAP_TYPE_ARRAY, 4, 1);
	struct bpf_prog *count = load(bpf_text_count_calls, calls);
	struct bpf_prog *sum = load(sum_returns, sums);
	if (!KEXPECT(calls && sums && count && sum))
		return;
	eb_bpf_kprobe_point(&entry, &pe);
	eb_bpf_kprobe_point(&ret, &pr);
	KEXPECT_EQ(pe.ctx_size, sizeof(struct pt_regs));
	KEXPECT_EQ(eb_bpf_attach(count, &pe, &le, err, sizeof err), 0);
	KEXPECT_EQ(eb_bpf_attach(sum, &pr, &lr, err, sizeof err), 0);
	c = (struct kprobe){ .symbol_name = "bpk_target",
			     .pre_handler = c_handler };
	c_handler_hits = 0;
	KEXPECT_EQ(register_kprobe(&c), 0);
	/* The entry is a patchable one: the program runs from ftrace_caller,
	 * not a trap, on the same partial pt_regs as the C handler. */
	KEXPECT(c.flags & KPROBE_FLAG_FTRACE);
	long want = 0;
	for (long i = 0; i < 1000; i++)
		want += bpk_target(i);
	unregister_kprobe(&c);
	eb_bpf_detach(le);
	eb_bpf_detach(lr);
	bpk_target(5);		/* counts nowhere now */
	KEXPECT_EQ(value(calls, 0), 1000);
	KEXPECT_EQ(c_handler_hits, 1000);
	KEXPECT_EQ(value(sums, 0), want);
	bpf_prog_free(count);
	bpf_prog_free(sum);
	bpf_map_free(calls);
	bpf_map_free(sums);
	KEXPECT_EQ(kmalloc_live_bytes(), heap);
}

/* bpf_text_count_by_arg on bpk_target with a new hash map: the link, or
 * NULL (what was made then freed, the failure counted). */
static struct bpf_link *
attach_count_by_arg(struct bpf_map **mapp, struct bpf_prog **progp)
{
	static const struct eb_bpf_kprobe entry = { .symbol = "bpk_target" };
	struct eb_bpf_attach_point point;
	struct bpf_link *link = 0;
	char err[120];
	struct bpf_map *m = *mapp = map(BPF_MAP_TYPE_HASH, 8, 16);
	struct bpf_prog *prog = *progp = m ? load(bpf_text_count_by_arg, m) : 0;

	eb_bpf_kprobe_point(&entry, &point);
	if (!KEXPECT(prog) ||
	    !KEXPECT_EQ(eb_bpf_attach(prog, &point, &link, err, sizeof err), 0)) {
		bpf_prog_free(prog);
		if (m)
			bpf_map_free(m);
		return 0;
	}
	return link;
}

/* A hash map keyed by the first argument: each key's count. */
KTEST(bpf_kprobe, hash_by_first_argument)
{
	struct bpf_map *by_arg;
	struct bpf_prog *prog;
	struct bpf_link *link = attach_count_by_arg(&by_arg, &prog);

	if (!link)
		return;
	for (long i = 0; i < 700; i++)
		bpk_target(i % 7);
	eb_bpf_detach(link);
	for (uint64_t k = 0; k < 7; k++) {
		uint64_t *v = bpf_map_lookup_elem(by_arg, &k);
		KEXPECT(v && *v == 100);
	}
	uint64_t k = 7;
	KEXPECT(!bpf_map_lookup_elem(by_arg, &k));
	bpf_prog_free(prog);
	bpf_map_free(by_arg);
}

/* Refused attaches leave nothing: a symbol that does not exist, a
 * kretprobe inside a function, a tracepoint program. */
KTEST(bpf_kprobe, bad_attach_leaves_nothing)
{
	struct eb_bpf_kprobe none = { .symbol = "no_such_function_bpk" };
	struct eb_bpf_kprobe mid = { .symbol = "bpk_target", .offset = 2,
				     .retprobe = true };
	struct eb_bpf_attach_point point;
	struct bpf_link *link = 0;
	char err[120];
	struct bpf_map *m = map(BPF_MAP_TYPE_ARRAY, 4, 1);
	struct bpf_prog *prog = load(bpf_text_count_calls, m);

	if (!KEXPECT(m && prog))
		return;
	size_t heap = kmalloc_live_bytes();
	eb_bpf_kprobe_point(&none, &point);
	KEXPECT_EQ(eb_bpf_attach(prog, &point, &link, err, sizeof err), -ENOENT);
	eb_bpf_kprobe_point(&mid, &point);
	KEXPECT_EQ(eb_bpf_attach(prog, &point, &link, err, sizeof err), -EINVAL);
	KEXPECT(!link);
	KEXPECT_EQ(kmalloc_live_bytes(), heap);
	bpk_target(1);
	KEXPECT_EQ(value(m, 0), 0);
	bpf_prog_free(prog);
	bpf_map_free(m);
}

/* Reads pt_regs->s1 (word 9), a0 (word 10), a2 (word 12). */
static const char reads_s1[] = "ldxdw %r0, [%r1+72]\nexit\n";
static const char reads_a0[] = "ldxdw %r0, [%r1+80]\nexit\n";
static const char reads_a2[] = "ldxdw %r0, [%r1+96]\nexit\n";

/* err from attaching text's program to probe: the error, or 0 attached
 * (and detached again). */
static int
attach_text(const char *text, struct eb_bpf_kprobe *probe, char *err,
	    size_t size)
{
	struct bpf_prog_opts opts = { .type = BPF_PROG_TYPE_KPROBE };
	struct bpf_prog *prog = bpf_text_load(text, &opts);
	struct eb_bpf_attach_point point;
	struct bpf_link *link = 0;

	if (!KEXPECT(prog))
		return -ENOMEM;
	eb_bpf_kprobe_point(probe, &point);
	int r = eb_bpf_attach(prog, &point, &link, err, size);
	if (!r)
		eb_bpf_detach(link);
	KEXPECT(!r == !!link);
	bpf_prog_free(prog);
	return r;
}

/* A program reading a register the probe's frame does not hold (a
 * patchable entry's and a return's are partial: docs/kprobes.md) is
 * refused, naming the register and those the frame holds; past the
 * entry (a trap: the whole frame) it is taken, and so are the registers
 * a partial frame holds. */
KTEST(bpf_kprobe, registers_the_frame_does_not_hold_are_refused)
{
	struct eb_bpf_kprobe entry = { .symbol = "bpk_target" };
	struct eb_bpf_kprobe past = { .symbol = "bpk_target", .offset = 8 };
	struct eb_bpf_kprobe ret = { .symbol = "bpk_target", .retprobe = true };
	char err[200];
	/* Counting the free slots and return trampolines makes their
	 * pools' bookkeeping, for good, if no test did yet: before the
	 * heap is measured, and checked unchanged too. */
	size_t slots = eb_kprobe_slots_free(),
	       tramps = eb_kretprobe_trampolines_free(),
	       heap = kmalloc_live_bytes();

	KEXPECT_EQ(attach_text(reads_s1, &entry, err, sizeof err), -EINVAL);
	KEXPECT(strcmp(err, "bpk_target: the program reads pt_regs->s1, "
		       "which a probe at a function's entry does not hold, "
		       "only pc ra sp s0 a0 a1 a2 a3 a4 a5 a6 a7") == 0);
	KEXPECT_EQ(attach_text(reads_a0, &entry, err, sizeof err), 0);
	KEXPECT_EQ(attach_text(reads_s1, &past, err, sizeof err), 0);
	KEXPECT_EQ(attach_text(reads_a2, &ret, err, sizeof err), -EINVAL);
	KEXPECT(strcmp(err, "bpk_target: the program reads pt_regs->a2, "
		       "which a return probe does not hold, only pc ra sp s0 "
		       "a0 a1") == 0);
	KEXPECT_EQ(attach_text(reads_a0, &ret, err, sizeof err), 0);
	KEXPECT_EQ(kmalloc_live_bytes(), heap);
	KEXPECT_EQ(eb_kprobe_slots_free(), slots);
	KEXPECT_EQ(eb_kretprobe_trampolines_free(), tramps);
	KEXPECT_EQ(bpk_target(1), 2);
}

/* trace_printk of the first argument and the task's name (from
 * get_current_comm), fmt "a=%d %s" built on the stack. */
static const char printk_arg[] =
	"ldxdw %r6, [%r1+80]\n"		/* a0 */
	"mov %r1, %r10\n"
	"add %r1, -16\n"
	"mov %r2, 16\n"
	"call 16\n"			/* get_current_comm */
	"lddw %r1, 0x0073252064253d61\n"	/* "a=%d %s" */
	"stxdw [%r10-24], %r1\n"
	"mov %r1, %r10\n"
	"add %r1, -24\n"
	"mov %r2, 8\n"
	"mov %r3, %r6\n"
	"mov %r4, %r10\n"
	"add %r4, -16\n"
	"call 6\n"			/* trace_printk */
	"mov %r0, 0\n"
	"exit\n";

/* Loads program text, attaches it at bpk_target's entry, calls
 * bpk_target with each of the n args, detaches and frees it: the trace
 * ring's records then (NULL, a failed check, if it did not load or
 * attach). */
static struct collected *
printk_run(const char *text, const long *args, int n)
{
	struct eb_bpf_kprobe entry = { .symbol = "bpk_target" };
	struct bpf_prog_opts opts = { .type = BPF_PROG_TYPE_KPROBE };
	struct eb_bpf_attach_point point;
	struct bpf_link *link;
	char err[120];
	struct bpf_prog *prog = bpf_text_load(text, &opts);

	if (!KEXPECT(prog))
		return NULL;
	eb_bpf_kprobe_point(&entry, &point);
	eb_trace_clear();
	if (!KEXPECT_EQ(eb_bpf_attach(prog, &point, &link, err, sizeof err), 0)) {
		bpf_prog_free(prog);
		return NULL;
	}
	for (int i = 0; i < n; i++)
		bpk_target(args[i]);
	eb_bpf_detach(link);
	bpf_prog_free(prog);
	return trace_collect();
}

/* A program's trace_printk lines land in the trace ring as Linux's
 * `bpf_trace_printk: TEXT`, under the task that hit the probe. */
KTEST(bpf_kprobe, trace_printk_writes_the_trace_ring)
{
	static const long args[] = { 42, -7 };
	char want[64], swapper[16];
	struct collected *c = printk_run(printk_arg, args, 2);

	eb_snprintf(swapper, sizeof swapper, "swapper/%u", cpuid());
	if (c && KEXPECT_EQ(c->n, 2)) {
		eb_snprintf(want, sizeof want, "bpf_trace_printk: a=42 %s",
			    swapper);
		KEXPECT(strcmp(c->text[0], want) == 0);
		eb_snprintf(want, sizeof want, "bpf_trace_printk: a=-7 %s",
			    swapper);
		KEXPECT(strcmp(c->text[1], want) == 0);
		KEXPECT(strcmp(c->comm[0], swapper) == 0);
	}
	eb_trace_clear();
}

/* trace_printk "%pS %ps" of get_func_ip: the probed function by name. */
static const char printk_symbol[] =
	"call 173\n"			/* get_func_ip */
	"lddw %r1, 0x0073702520537025\n"	/* "%pS %ps" */
	"stxdw [%r10-8], %r1\n"
	"mov %r1, %r10\n"
	"add %r1, -8\n"
	"mov %r2, 8\n"
	"mov %r3, %r0\n"
	"mov %r4, %r0\n"
	"call 6\n"			/* trace_printk */
	"mov %r0, 0\n"
	"exit\n";

/* %pS and %ps print a symbol as Linux's do: FUNC+0xOFF/0xSIZE, FUNC;
 * the size is the symbol table's. */
KTEST(bpf_kprobe, trace_printk_names_symbols)
{
	static const long args[] = { 1 };
	char want[80];
	uintptr_t addr;
	size_t size;

	if (!KEXPECT(kallsyms_lookup_name("bpk_target", &addr, &size)))
		return;
	struct collected *c = printk_run(printk_symbol, args, 1);
	eb_snprintf(want, sizeof want,
		    "bpf_trace_printk: bpk_target+0x0/0x%lx bpk_target",
		    (unsigned long)size);
	if (c && KEXPECT_EQ(c->n, 1))
		KEXPECT(strcmp(c->text[0], want) == 0);
	eb_trace_clear();
}

#define CALLS_PER_HART 2000

static void
call_target(void *arg)
{
	for (int i = 0; i < CALLS_PER_HART; i++)
		bpk_target(cpuid());
}

/* Every hart runs the program at once, each updating its own key of one
 * hash map (inserting it first, then atomic adds): the totals are exact. */
KTEST(bpf_kprobe, all_harts_update_one_hash_map)
{
	struct bpf_map *by_arg;
	struct bpf_prog *prog;
	struct bpf_link *link = attach_count_by_arg(&by_arg, &prog);

	if (!link)
		return;
	ktest_on_every_hart(call_target, 0);
	eb_bpf_detach(link);
	for (uint64_t k = 0; k < ncpu; k++) {
		uint64_t *v = bpf_map_lookup_elem(by_arg, &k);
		if (!KEXPECT(v && *v == CALLS_PER_HART) && v)
			printf("    hart %lu: %lu\n", (unsigned long)k,
			       (unsigned long)*v);
	}
	bpf_prog_free(prog);
	bpf_map_free(by_arg);
}

/* Stores what helper %u returns in array map 0's element 0. */
static const char store_helper_result[] =
	"call %u\n"
	"mov %%r6, %%r0\n"
	"stw [%%r10-4], 0\n"
	"lddw %%r1, map_fd(0)\n"
	"mov %%r2, %%r10\n"
	"add %%r2, -4\n"
	"call 1\n"
	"jeq %%r0, 0, out\n"
	"stxdw [%%r0+0], %%r6\n"
	"out:\n"
	"mov %%r0, 0\n"
	"exit\n";

/* A program storing helper's result, attached on bpk_target's entry or
 * return; NULL if any step failed. */
static struct bpf_link *
attach_store(unsigned helper, bool ret, struct bpf_map *m,
	     struct bpf_prog **progp)
{
	struct eb_bpf_kprobe probe = { .symbol = "bpk_target", .retprobe = ret };
	struct eb_bpf_attach_point point;
	struct bpf_link *link;
	char text[sizeof store_helper_result + 8], err[120];

	eb_snprintf(text, sizeof text, store_helper_result, helper);
	*progp = m ? load(text, m) : 0;
	if (!*progp)
		return NULL;
	eb_bpf_kprobe_point(&probe, &point);
	return eb_bpf_attach(*progp, &point, &link, err, sizeof err) ? NULL
								    : link;
}

/* bpf_get_func_ip gives the probed function's address, at its entry and
 * at its return alike (Linux's). */
KTEST(bpf_kprobe, get_func_ip_names_the_function)
{
	for (int ret = 0; ret < 2; ret++) {
		struct bpf_map *m = map(BPF_MAP_TYPE_ARRAY, 4, 1);
		struct bpf_prog *prog = NULL;
		struct bpf_link *link = attach_store(173, ret, m, &prog);

		if (!KEXPECT(link))
			continue;
		bpk_target(1);
		eb_bpf_detach(link);
		KEXPECT_EQ(value(m, 0), (uintptr_t)bpk_target);
		bpf_prog_free(prog);
		bpf_map_free(m);
	}
}

/* A task that calls bpk_target once, noting which task it is. */
struct calling_task {
	struct eb_future f;
	struct task *self;
	volatile bool done;
};

static enum eb_poll
calling_task_poll(struct eb_future *f, struct eb_context *cx)
{
	struct calling_task *c = (struct calling_task *)f;

	c->self = current_task();
	bpk_target(1);
	return EB_READY;
}

static void
calling_task_exit(struct task *t, void *arg)
{
	__atomic_store_n(&((struct calling_task *)arg)->done, true,
			 __ATOMIC_RELEASE);
}

static bool
calling_task_done(void *arg)
{
	return __atomic_load_n(&((struct calling_task *)arg)->done,
			       __ATOMIC_ACQUIRE);
}

/* bpf_get_current_task (35) gives the task the hit is in, as Linux's
 * gives current: the executor's struct task in a task, 0 outside. */
KTEST(bpf_kprobe, get_current_task_names_the_task)
{
	struct bpf_map *m = map(BPF_MAP_TYPE_ARRAY, 4, 1);
	struct bpf_prog *prog = NULL;
	struct bpf_link *link = attach_store(35, false, m, &prog);
	struct calling_task c = { .f = EB_FUTURE_INIT(calling_task_poll) };

	if (!KEXPECT(link))
		return;
	KEXPECT(task_spawn(&c.f, "calling", calling_task_exit, &c));
	executor_run_until(calling_task_done, &c);
	KEXPECT(c.self != NULL);
	KEXPECT_EQ(value(m, 0), (uintptr_t)c.self);
	bpk_target(1);		/* here: no task */
	KEXPECT_EQ(value(m, 0), 0);
	eb_bpf_detach(link);
	bpf_prog_free(prog);
	bpf_map_free(m);
}

/* bpf_probe_read_user (112) and _str (114) on a kernel thread, no
 * process's memory mapped: a user address faults (-EFAULT, the buffer
 * zeroed, as Linux's), so does a kernel one (not the process's memory);
 * _str of size 0 reads nothing and returns 0 (strncpy_from_user_nofault). */
KTEST(bpf_kprobe, user_reads_on_a_kernel_thread_fault)
{
	const struct bpf_func_proto *rd = bpf_helper_proto(112);
	const struct bpf_func_proto *str = bpf_helper_proto(114);
	static const char kernel_text[] = "kernel";
	uint64_t srcs[] = { USER_BASE, USER_TOP - 2, (uintptr_t)kernel_text };
	char buf[8];

	for (unsigned i = 0; i < sizeof srcs / sizeof srcs[0]; i++) {
		memset(buf, 'x', sizeof buf);
		KEXPECT_EQ((int64_t)str->func((uintptr_t)buf, sizeof buf,
					      srcs[i], 0, 0), -EFAULT);
		KEXPECT(!memcmp(buf, "\0\0\0\0\0\0\0\0", sizeof buf));
		memset(buf, 'x', sizeof buf);
		KEXPECT_EQ((int64_t)rd->func((uintptr_t)buf, 4, srcs[i], 0, 0),
			   -EFAULT);
		KEXPECT(!memcmp(buf, "\0\0\0\0xxxx", sizeof buf));
	}
	KEXPECT_EQ(str->func((uintptr_t)buf, 0, USER_BASE, 0, 0), 0);
	KEXPECT(buf[4] == 'x');
}
