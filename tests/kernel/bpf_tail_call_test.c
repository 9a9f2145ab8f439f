/*
 * Tail calls on a kprobe: tests/bpf/tailcall.bpf.c, embedded in the
 * image, its prog array filled by the loader from the map's
 * initializer, entry and self attached to tail_target's kprobe. Each run
 * of a program the chain reaches is counted in its map; the counts must
 * equal tail_target's own count of its calls times what each program
 * runs per call (once in the chain, 30 for spin after 4 tail calls
 * spent, 34 for self: 1 + Linux's 33), JIT-compiled and interpreted.
 */
#include "ktest.h"
#include "trace/bpf_cmd.h"
#include <ebreak/bpf.h>
#include <ebreak/bpf_object.h>
#include <ebreak/kprobes.h>
#include <ebreak/fmt.h>

static unsigned long tail_target_calls;

__attribute__((noipa)) long tail_target(long a);
long
tail_target(long a)
{
	__atomic_add_fetch(&tail_target_calls, 1, __ATOMIC_RELAXED);
	return a + 1;
}

static uint64_t
runs(struct eb_bpf_object *obj, uint32_t key)
{
	const uint64_t *v = bpf_map_lookup_elem(
		eb_bpf_object_find_map(obj, "runs")->map, &key);

	return v ? *v : ~0ull;
}

/* Loads tailcall (JIT-compiled if jit), attaches entry and self to
 * tail_target, calls it, checks the counts. */
static void
run(bool jit)
{
	static const struct eb_bpf_kprobe at = { .symbol = "tail_target" };
	static const char *const names[] = { "entry", "self" };
	const struct bpf_embedded *e = bpf_embedded_find("tailcall");
	struct eb_bpf_attach_point point;
	struct bpf_link *links[2] = { 0 };
	struct eb_bpf_object *obj = 0;
	struct eb_bpf_prog_info info;
	char log[256] = "";

	if (!KEXPECT(e))
		return;
	eb_bpf_jit_enable(jit);
	if (eb_bpf_object_open(e->start, e->end - e->start, &obj, log, sizeof log) ||
	    eb_bpf_object_load(obj, log, sizeof log)) {
		eb_bpf_jit_enable(true);
		KEXPECT(!"tailcall loads");
		printf("  tailcall: %s\n", log);
		eb_bpf_object_close(obj);
		return;
	}
	eb_bpf_jit_enable(true);
	eb_bpf_kprobe_point(&at, &point);
	for (size_t i = 0; i < 2; i++) {
		struct bpf_prog *p = eb_bpf_object_find_program(obj, names[i])->prog;

		eb_bpf_prog_info(p, &info);
		KEXPECT_EQ(info.jited, jit);
		KEXPECT_EQ(eb_bpf_attach(p, &point, &links[i], log, sizeof log), 0);
	}
	unsigned long before = tail_target_calls;
	for (long i = 0; i < 20; i++)
		KEXPECT_EQ(tail_target(i), i + 1);
	for (size_t i = 0; i < 2; i++)
		if (links[i])
			eb_bpf_detach(links[i]);
	unsigned long calls = tail_target_calls - before;
	KEXPECT_EQ(calls, 20);
	KEXPECT_EQ(runs(obj, 0), calls);	/* entry */
	KEXPECT_EQ(runs(obj, 1), calls);	/* second */
	KEXPECT_EQ(runs(obj, 2), calls);	/* third */
	KEXPECT_EQ(runs(obj, 4), calls);	/* third past the empty slot */
	KEXPECT_EQ(runs(obj, 3), 30 * calls);	/* spin */
	KEXPECT_EQ(runs(obj, 5), 34 * calls);	/* self */
	KEXPECT_EQ(runs(obj, 6), 0);		/* entry past its tail call */
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
