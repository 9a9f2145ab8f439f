/* eBPF programs from assembler text for the host suites
 * (bpf_host_load.h). */
#include <ebreak/port.h>
#include "bpf/asm.h"
#include "bpf/jit.h"
#include "bpf_host_load.h"
#include "test.h"

struct bpf_prog *
host_bpf_load(const char *text, const struct bpf_verifier_env *env,
	      enum bpf_prog_type type, bool jit, char *err)
{
	struct bpf_prog *prog = NULL;
	struct bpf_insn *insns;
	size_t len;
	int r;

	if (bpf_asm(text, &insns, &len, err, 256))
		return NULL;
	bpf_jit_enable = jit;
	r = bpf_prog_load_type(insns, len, env, type, &prog, err, 256);
	bpf_jit_enable = true;
	eb_port_free(insns);	/* bpf_asm's, counted in host_allocs_live */
	if (r)
		return NULL;
	CHECK_EQ(prog->jited, jit && BPF_JIT_RUNS);
	if (prog->jited)
		CHECK_EQ(bpf_jit_check_image(prog->image, prog->jited_len, err,
					     256), 0);
	return prog;
}
