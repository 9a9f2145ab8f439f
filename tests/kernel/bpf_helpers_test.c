/*
 * Helpers clang-built tracing programs call: tests/bpf/helpers.bpf.c,
 * embedded in the image, attached to helpers_target's kprobe,
 * JIT-compiled and interpreted. bpf_printk with six arguments
 * (bpf_trace_vprintk) prints the values this test passed, as
 * eb_snprintf prints them.
 */
#include "ktest.h"
#include "trace/bpf_cmd.h"
#include "trace_collect.h"
#include <ebreak/bpf.h>
#include <ebreak/bpf_object.h>
#include <ebreak/fmt.h>
#include <ebreak/kprobes.h>
#include <ebreak/trace_ring.h>

__attribute__((noipa)) long helpers_target(long a, long b, unsigned long c,
					   unsigned long d, int e);
long
helpers_target(long a, long b, unsigned long c, unsigned long d, int e)
{
	return a + b + (long)c + (long)d + e;
}

/* Loads the helpers object (JIT-compiled if jit, which the programs
 * must report) and attaches its program name at helpers_target's
 * entry: the object and *link, or NULL (a failed check). */
static struct eb_bpf_object *
load_attached(bool jit, const char *name, struct bpf_link **link)
{
	static const struct eb_bpf_kprobe at = { .symbol = "helpers_target" };
	const struct bpf_embedded *e = bpf_embedded_find("helpers");
	struct eb_bpf_attach_point point;
	struct eb_bpf_object *obj = 0;
	struct eb_bpf_prog_info info;
	char log[256] = "";

	if (!KEXPECT(e))
		return 0;
	eb_bpf_jit_enable(jit);
	if (eb_bpf_object_open(e->start, e->end - e->start, &obj, log, sizeof log) ||
	    eb_bpf_object_load(obj, log, sizeof log)) {
		eb_bpf_jit_enable(true);
		KEXPECT(!"helpers loads");
		printf("  helpers: %s\n", log);
		eb_bpf_object_close(obj);
		return 0;
	}
	eb_bpf_jit_enable(true);
	struct bpf_prog *p = eb_bpf_object_find_program(obj, name)->prog;
	eb_bpf_prog_info(p, &info);
	KEXPECT_EQ(info.jited, jit);
	eb_bpf_kprobe_point(&at, &point);
	if (!KEXPECT_EQ(eb_bpf_attach(p, &point, link, log, sizeof log), 0)) {
		printf("  attach: %s\n", log);
		eb_bpf_object_close(obj);
		return 0;
	}
	return obj;
}

/* bpf_printk of six values: one line each call, with the values. */
static void
vprintk(bool jit)
{
	static const long a[] = { 1, -77, 0x7fffffffffffffff };
	struct bpf_link *link;
	struct eb_bpf_object *obj;
	char want[EB_TRACE_TEXT_MAX];

	eb_trace_clear();
	if (!(obj = load_attached(jit, "vprintk", &link)))
		return;
	for (int i = 0; i < 3; i++)
		helpers_target(a[i], -a[i], 0xabc0 + i, 1ul << (40 + i), -i);
	eb_bpf_detach(link);
	eb_bpf_object_close(obj);
	struct collected *c = trace_collect();
	if (!KEXPECT_EQ(c->n, 3))
		return;
	for (int i = 0; i < 3; i++) {
		eb_snprintf(want, sizeof want,
			    "bpf_trace_printk: vprintk %ld %ld %lx %lu %d hart=%u",
			    a[i], -a[i], 0xabc0ul + i, 1ul << (40 + i), -i,
			    cpuid());
		if (!KEXPECT(strcmp(c->text[i], want) == 0))
			printf("    got  %s\n    want %s\n", c->text[i], want);
	}
	eb_trace_clear();
}

KTEST(bpf_helpers, trace_vprintk_prints_six_values_jited)
{
	struct kprobe warm = { .symbol_name = "helpers_target" };

	/* Warm-up: the probe core's lazily made pools are not leaks. */
	KEXPECT_EQ(register_kprobe(&warm), 0);
	unregister_kprobe(&warm);
	size_t heap = kmalloc_live_bytes();

	vprintk(true);
	KEXPECT_EQ(kmalloc_live_bytes(), heap);
}

KTEST(bpf_helpers, trace_vprintk_prints_six_values_interpreted)
{
	size_t heap = kmalloc_live_bytes();

	vprintk(false);
	KEXPECT_EQ(kmalloc_live_bytes(), heap);
}
