/* Verifying a program, and loading it: create, verify, prepare. */
#include "bpf/prog.h"

/* Runs the verifier on prog; 0 marks it verified (prog.h). Not in trap
 * context. */
int
bpf_prog_verify(struct bpf_prog *prog, char *log, size_t logsize,
		struct bpf_verifier_stats *stats)
{
	int r = bpf_verify(prog->insns, prog->len, &prog->env, log, logsize,
			   stats);

	prog->verified = r == 0;
	return r;
}

/* create + verify + prepare (prog.h). Not in trap context. */
int
bpf_prog_load(const struct bpf_insn *insns, size_t len,
	      const struct bpf_verifier_env *env, struct bpf_prog **progp,
	      char *log, size_t logsize)
{
	struct bpf_prog *prog;
	int r;

	if ((r = bpf_prog_create(insns, len, env, &prog, log, logsize)))
		return r;
	if ((r = bpf_prog_verify(prog, log, logsize, NULL)) ||
	    (r = bpf_prog_prepare(prog, log, logsize))) {
		bpf_prog_free(prog);
		return r;
	}
	*progp = prog;
	return 0;
}
