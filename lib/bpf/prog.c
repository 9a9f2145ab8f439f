/*
 * The program object: creation and freeing. Verifying and loading are in
 * load.c, preparing and running in interp.c (the interpreter).
 */
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/port.h>
#include <ebreak/libc.h>
#include "bpf/prog.h"

/* A program object from insns and env, copied (prog.h). Not in trap
 * context. */
int
bpf_prog_create(const struct bpf_insn *insns, size_t len,
		const struct bpf_verifier_env *env, struct bpf_prog **progp,
		char *err, size_t errsize)
{
	struct bpf_prog *prog;

	if (!len) {
		eb_snprintf(err, errsize, "program has no instructions");
		return -EINVAL;
	}
	if (len > BPF_VERIFIER_MAX_INSNS) {
		eb_snprintf(err, errsize, "program has %zu instructions, more than %d",
			    len, BPF_VERIFIER_MAX_INSNS);
		return -E2BIG;
	}
	prog = eb_port_alloc(sizeof(*prog));
	if (!prog)
		goto nomem;
	memset(prog, 0, sizeof(*prog));
	prog->env = *env;
	prog->env.maps = NULL;
	if (!prog->env.get_func_proto)
		prog->env.get_func_proto = bpf_helper_proto;
	prog->insns = eb_port_alloc(len * sizeof(*insns));
	if (!prog->insns)
		goto nomem;
	memcpy(prog->insns, insns, len * sizeof(*insns));
	prog->len = len;
	if (env->nr_maps) {
		struct bpf_map **maps = eb_port_alloc(env->nr_maps * sizeof(*maps));

		if (!maps)
			goto nomem;
		memcpy(maps, env->maps, env->nr_maps * sizeof(*maps));
		prog->env.maps = maps;
	}
	*progp = prog;
	return 0;
nomem:
	bpf_prog_free(prog);
	eb_snprintf(err, errsize, "out of memory for a program of %zu instructions",
		    len);
	return -ENOMEM;
}

/* Frees prog but not its maps (prog.h). Not in trap context. */
void
bpf_prog_free(struct bpf_prog *prog)
{
	if (!prog)
		return;
	eb_port_free(prog->image);
	eb_port_free((void *)prog->env.maps);
	eb_port_free(prog->insns);
	eb_port_free(prog);
}
