/*
 * Tail calls on a kprobe: tests/bpf/tailcall.bpf.c, embedded in the
 * image, its prog array filled by the loader from the map's
 * initializer, entry and self attached to tail_target's kprobe. Each run
 * of a program the chain reaches is counted in its map; the counts must
 * equal tail_target's own count of its calls times what each program
 * runs per call (once in the chain, 30 for spin after 4 tail calls
 * spent, 34 for self: 1 + Linux's 33), JIT-compiled and interpreted;
 * the programs tail calls run see their link's attach cookie.
 * tests/bpf/tailmix.bpf.c likewise: tail calls in subprograms, their
 * programs' r0 returned to the subprograms' callers, the count shared
 * by the frames. And a slot's program replaced (the old one freed)
 * while other harts tail-call through it: every call reaches exactly
 * one program.
 */
#include "ktest.h"
#include <ebreak/bpf.h>
#include <ebreak/bpf_object.h>
#include <ebreak/errno.h>
#include <ebreak/kprobes.h>
#include <ebreak/fmt.h>
#include "bpf_embedded.h"
#include "bpf_text.h"
#include "busy_callers.h"
#include "bpf/map.h"

static unsigned long tail_target_calls;

__attribute__((noipa)) long tail_target(long a);
long
tail_target(long a)
{
	__atomic_add_fetch(&tail_target_calls, 1, __ATOMIC_RELAXED);
	return a + 1;
}

static uint64_t
runs(struct eb_bpf_object *obj, const char *map, uint32_t key)
{
	const uint64_t *v = bpf_map_lookup_elem(
		eb_bpf_object_find_map(obj, map)->map, &key);

	return v ? *v : ~0ull;
}

/* Loads object name (JIT-compiled if jit), attaches programs a and b to
 * tail_target (their links' cookies 0xe177 and 0x5e1f), calls it 20
 * times, detaches; the object, NULL if it did
 * not load. */
static struct eb_bpf_object *
run_object(const char *name, const char *a, const char *b, bool jit)
{
	static const struct eb_bpf_kprobe at = { .symbol = "tail_target" };
	const char *const names[] = { a, b };
	static const uint64_t cookies[] = { 0xe177, 0x5e1f };
	struct eb_bpf_object *obj = bpf_embedded_load(name, jit);
	struct eb_bpf_attach_point point;
	struct bpf_link *links[2] = { 0 };
	struct eb_bpf_prog_info info;
	char log[256] = "";

	if (!obj)
		return NULL;
	eb_bpf_kprobe_point(&at, &point);
	for (size_t i = 0; i < 2; i++) {
		struct bpf_prog *p = eb_bpf_object_find_program(obj, names[i])->prog;

		eb_bpf_prog_info(p, &info);
		KEXPECT_EQ(info.jited, jit);
		point.cookie = cookies[i];
		KEXPECT_EQ(eb_bpf_attach(p, &point, &links[i], log, sizeof log), 0);
	}
	unsigned long before = tail_target_calls;
	for (long i = 0; i < 20; i++)
		KEXPECT_EQ(tail_target(i), i + 1);
	for (size_t i = 0; i < 2; i++)
		if (links[i])
			eb_bpf_detach(links[i]);
	KEXPECT_EQ(tail_target_calls - before, 20);
	return obj;
}

/* tailcall with entry and self on tail_target: the counts. */
static void
run(bool jit)
{
	struct eb_bpf_object *obj = run_object("tailcall", "entry", "self", jit);
	const unsigned long calls = 20;

	if (!obj)
		return;
	KEXPECT_EQ(runs(obj, "runs", 0), calls);	/* entry */
	KEXPECT_EQ(runs(obj, "runs", 1), calls);	/* second */
	KEXPECT_EQ(runs(obj, "runs", 2), calls);	/* third */
	KEXPECT_EQ(runs(obj, "runs", 4), calls);	/* third past the empty slot */
	KEXPECT_EQ(runs(obj, "runs", 3), 30 * calls);	/* spin */
	KEXPECT_EQ(runs(obj, "runs", 5), 34 * calls);	/* self */
	KEXPECT_EQ(runs(obj, "runs", 6), 0);		/* entry past its tail call */
	/* a tail call keeps the run's link, and its cookie */
	size_t size = 0;
	const uint64_t *c = eb_bpf_object_find_global(obj, "third_cookie", &size);
	if (KEXPECT(c && size == 8))
		KEXPECT_EQ(*c, 0xe177);
	c = eb_bpf_object_find_global(obj, "self_cookie", &size);
	if (KEXPECT(c && size == 8))
		KEXPECT_EQ(*c, 0x5e1f);
	eb_bpf_object_close(obj);
}

/* tailmix with entry and many on tail_target: the counts and sums of
 * what the subprograms returned (tailmix.bpf.c). */
static void
run_mix(bool jit)
{
	struct eb_bpf_object *obj = run_object("tailmix", "entry", "many", jit);
	const unsigned long calls = 20;

	if (!obj)
		return;
	KEXPECT_EQ(runs(obj, "out", 0), calls);		/* entry */
	KEXPECT_EQ(runs(obj, "out", 1), 42 * calls);	/* leaf's r0 */
	KEXPECT_EQ(runs(obj, "out", 2), calls);		/* leaf */
	KEXPECT_EQ(runs(obj, "out", 3), 77 * calls);	/* fell through */
	KEXPECT_EQ(runs(obj, "out", 4), 33 * calls);	/* tick */
	KEXPECT_EQ(runs(obj, "out", 5), 33 * calls);	/* tick's r0s */
	eb_bpf_object_close(obj);
}

KTEST(bpf_tail, a_chain_and_loops_count_as_linux_jited)
{
	struct kprobe warm = { .symbol_name = "tail_target" };

	/* Warm-up: the probe core's lazily made pools are not leaks. */
	KEXPECT_EQ(register_kprobe(&warm), 0);
	unregister_kprobe(&warm);
	size_t heap = kmalloc_live_bytes();

	run(true);
	KEXPECT_EQ(kmalloc_live_bytes(), heap);
}

KTEST(bpf_tail, a_chain_and_loops_count_as_linux_interpreted)
{
	size_t heap = kmalloc_live_bytes();

	run(false);
	KEXPECT_EQ(kmalloc_live_bytes(), heap);
}

KTEST(bpf_tail, tail_calls_in_subprograms_jited)
{
	size_t heap = kmalloc_live_bytes();

	run_mix(true);
	KEXPECT_EQ(kmalloc_live_bytes(), heap);
}

KTEST(bpf_tail, tail_calls_in_subprograms_interpreted)
{
	size_t heap = kmalloc_live_bytes();

	run_mix(false);
	KEXPECT_EQ(kmalloc_live_bytes(), heap);
}

/* Counts a run in map 0's element KEY; with TAIL, tail-calls slot 0 of
 * prog array map 1 first (counting KEY only when that falls through). */
#define COUNT_TEXT(key)							\
	"stw [%r10-4], " #key "\n"					\
	"lddw %r1, map_fd(0)\n"						\
	"mov %r2, %r10\n"						\
	"add %r2, -4\n"							\
	"call 1\n"							\
	"jeq %r0, 0, out\n"						\
	"mov %r1, 1\n"							\
	"lock add [%r0+0], %r1\n"					\
	"out:\n"							\
	"mov %r0, 0\n"							\
	"exit\n"
static const char entry_text[] =
	"lddw %r2, map_fd(1)\nmov %r3, 0\ncall 12\n" COUNT_TEXT(0);
static const char slot_texts[2][256] = { COUNT_TEXT(1), COUNT_TEXT(2) };

/* tail_target, for busy_callers. */
static void
call_tail_target(void)
{
	tail_target(1);
}

static uint64_t
count_of(struct bpf_map *m, uint32_t key)
{
	const uint64_t *v = bpf_map_lookup_elem(m, &key);

	return v ? *v : ~0ull;
}

KTEST(bpf_tail, slot_replaced_under_load_frees_the_old_program_safely)
{
	static const struct eb_bpf_kprobe at = { .symbol = "tail_target" };
	struct bpf_map_def count_def = { BPF_MAP_TYPE_ARRAY, 4, 8, 4, 0 };
	struct bpf_map_def jmp_def = { BPF_MAP_TYPE_PROG_ARRAY, 4, 4, 1, 0 };
	struct bpf_map *maps[2] = { 0 };
	struct bpf_prog_opts opts = { .type = BPF_PROG_TYPE_KPROBE,
				      .maps = maps, .nr_maps = 2 };
	struct eb_bpf_attach_point point;
	struct bpf_link *link = 0;
	struct bpf_prog *entry;
	char err[120];
	int bad = 0;

	size_t heap = kmalloc_live_bytes();
	if (!KEXPECT(!bpf_map_create(&count_def, "counts", &maps[0], err, sizeof err) &&
		     !bpf_map_create(&jmp_def, "jmp", &maps[1], err, sizeof err)))
		return;
	entry = bpf_text_load(entry_text, &opts);
	eb_bpf_kprobe_point(&at, &point);
	if (!KEXPECT(entry) ||
	    !KEXPECT(!eb_bpf_attach(entry, &point, &link, err, sizeof err)))
		goto out;
	unsigned long before = tail_target_calls;
	busy_callers_start(call_tail_target);
	for (int round = 0; round < 40; round++) {
		struct bpf_prog *p = bpf_text_load(slot_texts[round % 2], &opts);

		/* the slot holds p; its old program goes after a grace period */
		bad |= !p || eb_bpf_prog_array_update(maps[1], 0, p, err, sizeof err);
		bpf_prog_free(p);
		tail_target(1);
		if (round % 8 == 7)	/* emptied now and then: falls through */
			bad |= bpf_map_delete_elem(maps[1], &(uint32_t){ 0 }) != 0;
		tail_target(1);
	}
	unsigned long load_calls = busy_callers_stop();
	eb_bpf_detach(link);
	unsigned long calls = tail_target_calls - before;
	printf("    %lu calls, %lu from the other harts; %llu, %llu through "
	       "the slot, %llu fell through\n", calls, load_calls,
	       (unsigned long long)count_of(maps[0], 1),
	       (unsigned long long)count_of(maps[0], 2),
	       (unsigned long long)count_of(maps[0], 0));
	KEXPECT_EQ(bad, 0);
	KEXPECT_EQ(calls, load_calls + 80);
	KEXPECT_EQ(count_of(maps[0], 0) + count_of(maps[0], 1) +
		   count_of(maps[0], 2), calls);
	KEXPECT(count_of(maps[0], 1) > 0 && count_of(maps[0], 2) > 0);
out:
	bpf_prog_free(entry);
	bpf_map_free(maps[1]);
	bpf_map_free(maps[0]);
	KEXPECT_EQ(kmalloc_live_bytes(), heap);
}

/* A tail call runs its program on the attached program's context: one
 * reading a register a probe at a function's entry does not hold is
 * refused there through a tail call as it is attached directly, at
 * attach (the slot filled first) and at the slot's update (attached
 * first; the slot stays as it was), and goes in once no attached
 * program's tail calls reach the array. */
static const char tail_to_slot0[] =
	"lddw %r2, map_fd(0)\nmov %r3, 0\ncall 12\nmov %r0, 0\nexit\n";
static const char tail_reads_s1[] = "ldxdw %r0, [%r1+72]\nexit\n";
static const char tail_reads_a0[] = "ldxdw %r0, [%r1+80]\nexit\n";
#define S1_REFUSED "tail_target: the program reads pt_regs->s1, which a " \
	"probe at a function's entry does not hold, only pc ra sp s0 a0 a1 " \
	"a2 a3 a4 a5 a6 a7 (through a tail call)"

KTEST(bpf_tail, a_tail_called_program_must_fit_the_attached_point)
{
	static const struct eb_bpf_kprobe at = { .symbol = "tail_target" };
	struct bpf_map_def jmp_def = { BPF_MAP_TYPE_PROG_ARRAY, 4, 4, 1, 0 };
	struct bpf_map *jmp = 0;
	struct bpf_prog_opts opts = { .type = BPF_PROG_TYPE_KPROBE,
				      .maps = &jmp, .nr_maps = 1 };
	struct eb_bpf_attach_point point;
	struct bpf_link *link = 0;
	struct bpf_prog *entry, *s1, *a0;
	char err[200] = "";

	size_t heap = kmalloc_live_bytes();
	if (!KEXPECT(!bpf_map_create(&jmp_def, "jmp", &jmp, err, sizeof err)))
		return;
	entry = bpf_text_load(tail_to_slot0, &opts);
	s1 = bpf_text_load(tail_reads_s1, &opts);
	a0 = bpf_text_load(tail_reads_a0, &opts);
	eb_bpf_kprobe_point(&at, &point);
	if (!KEXPECT(entry && s1 && a0))
		goto out;
	KEXPECT_EQ(eb_bpf_prog_array_update(jmp, 0, s1, err, sizeof err), 0);
	KEXPECT_EQ(eb_bpf_attach(entry, &point, &link, err, sizeof err), -EINVAL);
	KEXPECT(strcmp(err, S1_REFUSED) == 0);
	printf("    attach: %s\n", err);
	if (link)	/* taken: not left attached to a program freed below */
		eb_bpf_detach(link);
	link = 0;
	KEXPECT_EQ(bpf_map_delete_elem(jmp, &(uint32_t){ 0 }), 0);
	if (!KEXPECT_EQ(eb_bpf_attach(entry, &point, &link, err, sizeof err), 0))
		goto out;
	KEXPECT_EQ(eb_bpf_prog_array_update(jmp, 0, s1, err, sizeof err), -EINVAL);
	KEXPECT(strcmp(err, "prog array 'jmp': slot 0: " S1_REFUSED) == 0);
	printf("    update: %s\n", err);
	KEXPECT(!eb_bpf_prog_array_slot(jmp, 0));	/* as it was */
	KEXPECT_EQ(eb_bpf_prog_array_update(jmp, 0, a0, err, sizeof err), 0);
	KEXPECT_EQ(tail_target(1), 2);
	eb_bpf_detach(link);
	KEXPECT_EQ(eb_bpf_prog_array_update(jmp, 0, s1, err, sizeof err), 0);
out:
	bpf_prog_free(entry);
	bpf_prog_free(s1);
	bpf_prog_free(a0);
	bpf_map_free(jmp);
	KEXPECT_EQ(kmalloc_live_bytes(), heap);
}

/* Loads n programs each tail-calling through jmp, fills n of jmp's n + 1
 * slots with them, attaches another to tail_target; then times the
 * update of the empty slot (no old program to wait a grace period for),
 * which walks every program the attached one reaches under the attach
 * lock: the fastest of 3 in ns, or ~0 if something failed. */
static uint64_t
wide_update_ns(uint32_t n)
{
	static const struct eb_bpf_kprobe at = { .symbol = "tail_target" };
	struct bpf_map_def jmp_def = { BPF_MAP_TYPE_PROG_ARRAY, 4, 4, n + 1, 0 };
	struct bpf_map *jmp = 0;
	struct bpf_prog_opts opts = { .type = BPF_PROG_TYPE_KPROBE,
				      .maps = &jmp, .nr_maps = 1 };
	struct eb_bpf_attach_point point;
	struct bpf_link *link = 0;
	struct bpf_prog *root, *p;
	uint64_t ns = ~0ull;
	char err[200] = "";
	int bad = 0;

	if (bpf_map_create(&jmp_def, "jmp", &jmp, err, sizeof err))
		return ns;
	root = bpf_text_load(tail_to_slot0, &opts);
	for (uint32_t i = 0; i < n && root; i++) {
		p = bpf_text_load(tail_to_slot0, &opts);
		bad |= !p || eb_bpf_prog_array_update(jmp, i, p, err, sizeof err);
		bpf_prog_free(p);	/* the slot holds it */
	}
	eb_bpf_kprobe_point(&at, &point);
	if (!bad && root &&
	    !eb_bpf_attach(root, &point, &link, err, sizeof err)) {
		for (int round = 0; round < 3 && !bad; round++) {
			uint64_t t0 = eb_port_time_ns();
			bad |= eb_bpf_prog_array_update(jmp, n, root, err,
							 sizeof err);
			uint64_t t = eb_port_time_ns() - t0;
			ns = t < ns ? t : ns;
			bad |= bpf_map_delete_elem(jmp, &n) != 0;
		}
		ns = bad ? ~0ull : ns;
		KEXPECT_EQ(tail_target(1), 2);
		eb_bpf_detach(link);
	}
	bpf_prog_free(root);
	bpf_map_free(jmp);
	return ns;
}

/* What the update walks grows with the programs the attached one
 * reaches, each walked once (not once per tail calls left, up to 33
 * times its slots: n^2 with n programs each naming an n-slot array).
 * 4x the programs cost under 8x the time (linear: at most 4x;
 * quadratic: 16x). */
KTEST(bpf_tail, a_wide_array_is_walked_once_per_program)
{
	size_t heap = kmalloc_live_bytes();
	uint64_t small = wide_update_ns(64), large = wide_update_ns(256);

	printf("    slot update with the attached program reaching 64 "
	       "programs: %llu ns, 256: %llu ns\n",
	       (unsigned long long)small, (unsigned long long)large);
	KEXPECT(small != ~0ull && large != ~0ull);
	KEXPECT(large < 8 * small);
	KEXPECT_EQ(kmalloc_live_bytes(), heap);
}

/* A load refused for one prog array leaves the others as they were,
 * though a slot's update comes between its claims: caller names arrays
 * 0 and 1 with FILLER instructions between, so that once the load's claim
 * changed array 0's bounds another hart has the time to put a program
 * reading more than the caller gives into array 1. Either the load
 * takes both arrays (the update then refused) or neither: a program
 * reading 64 bytes still goes into array 0. */
#define FILLER 50000
static struct bpf_map *race_maps[2];
static struct bpf_prog *race_reader;
static int race_update;

static void
update_when_claimed(void *arg)
{
	char err[160];

	while (!__atomic_load_n(&race_maps[0]->prog_ctx, __ATOMIC_RELAXED))
		;
	race_update = eb_bpf_prog_array_update(race_maps[1], 0, race_reader,
					       err, sizeof err);
}

KTEST(bpf_tail, a_refused_load_leaves_every_prog_array_as_it_was)
{
	struct bpf_map_def jmp_def = { BPF_MAP_TYPE_PROG_ARRAY, 4, 4, 1, 0 };
	struct bpf_prog_opts caller_opts = { .type = BPF_PROG_TYPE_KPROBE,
		.ctx_size = 16, .maps = race_maps, .nr_maps = 2 };
	struct bpf_prog_opts reader_opts = { .type = BPF_PROG_TYPE_KPROBE,
					     .ctx_size = 64 };
	static const char filler[] = "mov %r0, 0\n";
	size_t n = FILLER * (sizeof filler - 1) + 128;
	if (ncpu < 2)
		return;		/* no other hart to update from */
	size_t heap = kmalloc_live_bytes();
	char err[160], *text = kmalloc(n), *at = text;
	unsigned other = (cpuid() + 1) % ncpu;

	if (!KEXPECT(text))
		return;
	at += eb_snprintf(at, n, "lddw %%r2, map_fd(0)\n");
	for (int i = 0; i < FILLER; i++)
		at += eb_snprintf(at, n - (at - text), "%s", filler);
	eb_snprintf(at, n - (at - text), "lddw %%r2, map_fd(1)\nexit\n");
	race_reader = bpf_text_load("ldxdw %r0, [%r1+56]\nexit\n", &reader_opts);
	KEXPECT(race_reader);
	for (int round = 0; round < 3 && race_reader; round++) {
		KEXPECT(!bpf_map_create(&jmp_def, "jmp0", &race_maps[0], err, sizeof err) &&
			!bpf_map_create(&jmp_def, "jmp1", &race_maps[1], err, sizeof err));
		smp_work_start(other, update_when_claimed, 0);
		struct bpf_prog *caller = bpf_text_load(text, &caller_opts);
		smp_work_wait(other);
		printf("    round %d: the load %s, the update %d\n", round,
		       caller ? "took both arrays" : "was refused", race_update);
		KEXPECT(!caller != (race_update != 0));	/* one refused */
		KEXPECT_EQ(eb_bpf_prog_array_update(race_maps[0], 0, race_reader,
						    err, sizeof err),
			   caller ? -EINVAL : 0);
		bpf_prog_free(caller);
		bpf_map_free(race_maps[0]);
		bpf_map_free(race_maps[1]);
	}
	bpf_prog_free(race_reader);
	kfree(text);
	KEXPECT_EQ(kmalloc_live_bytes(), heap);
}

/* Letting a prog array go waits one grace period for all its slots'
 * programs (as Linux's programs go after an RCU grace period, none
 * waited for one by one): 1024 slots holding one program let go in less
 * than 128 of the fastest of 8 grace periods (it waited 1024). On
 * more than one hart: on one a grace period costs next to nothing. */
KTEST(bpf_tail, a_released_array_waits_one_grace_period)
{
	struct bpf_map_def jmp_def = { BPF_MAP_TYPE_PROG_ARRAY, 4, 4, 1024, 0 };
	struct bpf_map *jmp = 0;
	struct bpf_prog_opts opts = { .type = BPF_PROG_TYPE_KPROBE,
				      .maps = &jmp, .nr_maps = 1 };
	uint64_t grace = ~0ull, t0;
	char err[200] = "";
	int bad = 0;

	if (ncpu < 2)
		return;		/* a grace period stops no other hart: ~free */
	size_t heap = kmalloc_live_bytes();
	if (!KEXPECT(!bpf_map_create(&jmp_def, "jmp", &jmp, err, sizeof err)))
		return;
	struct bpf_prog *p = bpf_text_load(tail_to_slot0, &opts);
	for (uint32_t i = 0; i < 1024 && p; i++)
		bad |= eb_bpf_prog_array_update(jmp, i, p, err, sizeof err);
	bpf_prog_free(p);	/* the slots hold it */
	KEXPECT(p && !bad);
	for (int i = 0; i < 8; i++) {
		t0 = eb_port_time_ns();
		eb_grace_period();
		uint64_t t = eb_port_time_ns() - t0;
		grace = t < grace ? t : grace;
	}
	t0 = eb_port_time_ns();
	bpf_map_free(jmp);	/* the program, then jmp it holds */
	uint64_t release = eb_port_time_ns() - t0;
	printf("    a grace period: %llu ns at the fastest; 1024 slots let "
	       "go: %llu ns\n", (unsigned long long)grace,
	       (unsigned long long)release);
	KEXPECT(release < 128 * grace);
	KEXPECT_EQ(kmalloc_live_bytes(), heap);
}
