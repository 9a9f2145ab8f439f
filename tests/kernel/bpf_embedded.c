/* Embedded eBPF objects loaded for the suites (bpf_embedded.h). */
#include "ktest.h"
#include "bpf_embedded.h"
#include "trace/bpf_cmd.h"
#include <ebreak/bpf.h>
#include <ebreak/bpf_object.h>
#include <ebreak/kprobes.h>

struct eb_bpf_object *
bpf_embedded_try(const char *name, bool jit, char *log, size_t size)
{
	const struct bpf_embedded *e = bpf_embedded_find(name);
	struct eb_bpf_object *obj = 0;

	if (!KEXPECT(e))
		return 0;
	eb_bpf_jit_enable(jit);
	if (eb_bpf_object_open(e->start, e->end - e->start, &obj, log, size) ||
	    eb_bpf_object_load(obj, log, size)) {
		eb_bpf_object_close(obj);
		obj = 0;
	}
	eb_bpf_jit_enable(true);
	return obj;
}

struct eb_bpf_object *
bpf_embedded_load(const char *name, bool jit)
{
	char log[256] = "";
	struct eb_bpf_object *obj = bpf_embedded_try(name, jit, log, sizeof log);

	if (!KEXPECT(obj))
		printf("  %s: %s\n", name, log);
	return obj;
}

bool
bpf_log_contains(const char *s, const char *want)
{
	for (size_t n = strlen(want); *s; s++)
		if (!strncmp(s, want, n))
			return true;
	return false;
}

void
bpf_heap_kept(const char *symbol, void (*fn)(bool jit), bool jit)
{
	struct kprobe warm = { .symbol_name = symbol };

	KEXPECT_EQ(register_kprobe(&warm), 0);
	unregister_kprobe(&warm);
	size_t heap = kmalloc_live_bytes();
	fn(jit);
	KEXPECT_EQ(kmalloc_live_bytes(), heap);
}
