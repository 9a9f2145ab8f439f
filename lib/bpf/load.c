/* Verifying a program, preparing it (choosing its backend), and loading
 * it from a verifier environment: create, verify, prepare. */
#include <ebreak/errno.h>
#include <ebreak/libc.h>
#include "bpf/interp.h"
#include "bpf/jit.h"

/* Whether some of the n bytes at p (NULL: none) is non-zero. */
static bool
any_set(const uint8_t *p, size_t n)
{
	for (size_t i = 0; p && i < n; i++)
		if (p[i])
			return true;
	return false;
}

/* Runs the verifier on prog; 0 marks it verified (<ebreak/bpf.h>). Not in
 * trap context. */
int
bpf_prog_verify(struct bpf_prog *prog, char *log, size_t logsize)
{
	struct bpf_verifier_stats stats;
	struct bpf_verifier_env env = prog->env;
	int r;

	eb_port_free(prog->probe_mem);
	eb_port_free(prog->stack_depth);
	prog->probe_mem = NULL;
	/* loads through kernel struct pointers: a TRACING program's
	 * arguments, or what bpf_get_current_task_btf gives any program */
	env.probe_mem = eb_port_alloc(prog->len);
	prog->stack_depth = env.stack_depth =
		eb_port_alloc(prog->len * sizeof(*env.stack_depth));
	if (!env.probe_mem || !env.stack_depth) {
		eb_port_free(env.probe_mem);
		eb_port_free(env.stack_depth);
		prog->stack_depth = NULL;
		prog->verified = false;
		return -ENOMEM;
	}
	memset(env.probe_mem, 0, prog->len);
	r = bpf_verify(prog->insns, prog->len, &env, log, logsize, &stats);
	if (!r && any_set(env.probe_mem, prog->len))
		prog->probe_mem = env.probe_mem;
	else
		eb_port_free(env.probe_mem);
	if (r) {
		eb_port_free(prog->stack_depth);
		prog->stack_depth = NULL;
	}
	prog->verified = r == 0;
	prog->ctx_words = stats.ctx_words;
	prog->run_ctx = stats.run_ctx;
	prog->kprobe_override = stats.kprobe_override;
	prog->chain_stack = stats.stack_depth;
	prog->tail_limit = (uint64_t)(MAX_CALL_FRAMES - stats.frames) <<
			   BPF_TAIL_DEPTH_SHIFT | BPF_TAIL_LEFT_MASK;
	return r;
}

/* Gives back prog's backend code (prog.h). Not in trap context. */
void
bpf_prog_unprepare(struct bpf_prog *prog)
{
	if (BPF_JIT_RUNS && prog->jited)	/* only there is it linked in */
		bpf_jit_free(prog);
	else
		eb_port_free(prog->image);
	prog->image = NULL;
	prog->bpf_func = NULL;
	prog->jited = false;
}

/* Chooses prog's backend and builds its image (<ebreak/bpf.h>): the
 * JIT for a verified program where its code runs, else (or when it
 * cannot compile the program, prog->jit_error then saying why) the
 * interpreter; the prog arrays it names must take that backend. Not in
 * trap context. */
int
bpf_prog_prepare(struct bpf_prog *prog, char *err, size_t errsize)
{
	struct bpf_interp_insn *image;
	int r;

	if (prog->bpf_func)
		return 0;
	if (!(BPF_JIT_RUNS && bpf_jit_enable && prog->verified &&
	      !(prog->jit_error = bpf_jit_compile(prog, NULL, 0)))) {
		if ((r = bpf_predecode(prog, &image, err, errsize)))
			return r;
		prog->image = image;
		prog->bpf_func = bpf_interp_func(prog);
	}
	if ((r = bpf_prog_claim_prog_arrays(prog, err, errsize)))
		bpf_prog_unprepare(prog);
	return r;
}

bool
eb_bpf_jit_enable(bool on)
{
	if (BPF_JIT_RUNS)	/* elsewhere the JIT may not be linked in */
		bpf_jit_enable = on;
	return eb_bpf_jit_enabled();
}

bool
eb_bpf_jit_enabled(void)
{
	return BPF_JIT_RUNS && bpf_jit_enable;
}

/* create_env + verify + prepare of a program of type (prog.h); on
 * failure nothing is left allocated. Not in trap context. */
int
bpf_prog_load_type(const struct bpf_insn *insns, size_t len,
		   const struct bpf_verifier_env *env, enum bpf_prog_type type,
		   struct bpf_prog **progp, char *log, size_t logsize)
{
	int r;

	if ((r = bpf_prog_create_env(insns, len, env, progp, log, logsize)))
		return r;
	(*progp)->type = type;	/* before prepare: its prog arrays take it */
	return bpf_prog_verify_prepare(progp, log, logsize);
}

/* verify + prepare of a created *progp (prog.h); on failure *progp is
 * freed. Not in trap context. */
int
bpf_prog_verify_prepare(struct bpf_prog **progp, char *log, size_t logsize)
{
	int r;

	if ((r = bpf_prog_verify(*progp, log, logsize)) ||
	    (r = bpf_prog_prepare(*progp, log, logsize))) {
		bpf_prog_free(*progp);
		*progp = NULL;
	}
	return r;
}

/* load_type for an UNSPEC program (prog.h). Not in trap context. */
int
bpf_prog_load_env(const struct bpf_insn *insns, size_t len,
		  const struct bpf_verifier_env *env, struct bpf_prog **progp,
		  char *log, size_t logsize)
{
	return bpf_prog_load_type(insns, len, env, BPF_PROG_TYPE_UNSPEC, progp,
				  log, logsize);
}
