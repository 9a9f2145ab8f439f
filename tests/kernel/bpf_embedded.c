/* Embedded eBPF objects loaded for the suites (bpf_embedded.h). */
#include "ktest.h"
#include "bpf_embedded.h"
#include "trace/bpf_cmd.h"
#include <ebreak/bpf.h>
#include <ebreak/bpf_object.h>

struct eb_bpf_object *
bpf_embedded_load(const char *name, bool jit)
{
	const struct bpf_embedded *e = bpf_embedded_find(name);
	struct eb_bpf_object *obj = 0;
	char log[256] = "";

	if (!KEXPECT(e))
		return 0;
	eb_bpf_jit_enable(jit);
	if (eb_bpf_object_open(e->start, e->end - e->start, &obj, log, sizeof log) ||
	    eb_bpf_object_load(obj, log, sizeof log)) {
		eb_bpf_jit_enable(true);
		KEXPECT(!"the object loads");
		printf("  %s: %s\n", name, log);
		eb_bpf_object_close(obj);
		return 0;
	}
	eb_bpf_jit_enable(true);
	return obj;
}
