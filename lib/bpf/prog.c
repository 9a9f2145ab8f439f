/*
 * The program object: creation (and loading) by type, running, freeing.
 * Verifying, preparing (choosing the backend) and loading from a
 * verifier environment are in load.c.
 */
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/port.h>
#include <ebreak/libc.h>
#include <ebreak/ptregs.h>
#include "bpf/prog.h"

/* A program object from insns and env, copied (prog.h). Not in trap
 * context. */
int
bpf_prog_create_env(const struct bpf_insn *insns, size_t len,
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
	prog->refcnt = 1;	/* the caller's */
	prog->env = *env;
	prog->env.maps = NULL;	/* until its copy holds them */
	prog->env.nr_maps = 0;
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
		prog->env.nr_maps = env->nr_maps;
		for (size_t i = 0; i < env->nr_maps; i++)
			if (maps[i])
				bpf_map_inc(maps[i]);
	}
	*progp = prog;
	return 0;
nomem:
	bpf_prog_free(prog);
	eb_snprintf(err, errsize, "out of memory for a program of %zu instructions",
		    len);
	return -ENOMEM;
}

/* Is license one of Linux's GPL-compatible ones (license_is_gpl_compatible)? */
static bool
gpl_compatible(const char *license)
{
	static const char *const ok[] = { "GPL", "GPL v2",
		"GPL and additional rights", "Dual BSD/GPL", "Dual MIT/GPL",
		"Dual MPL/GPL" };

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (!strcmp(license, ok[i]))
			return true;
	return false;
}

/* A raw tracepoint's context: its arguments, a u64 each, at most
 * EB_BPF_MAX_RAW_TP_ARGS, read whole (RAW_TRACEPOINT programs, and
 * TRACING ones of BPF_TRACE_RAW_TP, which type them). 0, or -EINVAL. */
static int
raw_tp_env(struct bpf_verifier_env *env, char *err, size_t errsize)
{
	if (env->ctx_size % 8 || env->ctx_size > 8u * EB_BPF_MAX_RAW_TP_ARGS) {
		eb_snprintf(err, errsize, "a raw tracepoint gives at most %u arguments, a u64 each (ctx_size %u)",
			    EB_BPF_MAX_RAW_TP_ARGS, env->ctx_size);
		return -EINVAL;
	}
	env->ctx_args = true;
	return 0;
}

/* Linux's pe_prog_is_valid_access: reads only, inside struct
 * bpf_perf_event_data, aligned to their size; a register whole, the
 * sample_period and addr words also in 1, 2 or 4 bytes (narrow). */
static bool
pe_ctx_access(int off, int size, bool write)
{
	if (write || off < 0 || off % size ||
	    off >= (int)sizeof(struct bpf_perf_event_data))
		return false;
	return size == 8 ||
	       off >= (int)offsetof(struct bpf_perf_event_data, sample_period);
}

/* A TRACING program's environment: its context the function's
 * arguments (at most EB_BPF_MAX_FUNC_ARGS, and fexit's or fmod_ret's
 * return value), its helpers fentry's or fexit's (fmod_ret's too, as
 * Linux's), its return value 0 but fmod_ret's; or (BPF_TRACE_RAW_TP) a tracepoint's
 * arguments, its helpers every program's, its return value ignored, as
 * Linux's. 0, or -EINVAL. */
static int
tracing_env(const struct bpf_prog_opts *opts, struct bpf_verifier_env *env,
	    char *err, size_t errsize)
{
	bool fmod_ret = opts->expected_attach_type == BPF_MODIFY_RETURN;
	bool fexit = opts->expected_attach_type == BPF_TRACE_FEXIT || fmod_ret;

	env->attach_btf_id = opts->attach_btf_id;
	if (opts->expected_attach_type == BPF_TRACE_RAW_TP)
		return raw_tp_env(env, err, errsize);
	if ((!fexit && opts->expected_attach_type != BPF_TRACE_FENTRY) ||
	    env->ctx_size % 8 ||
	    env->ctx_size > 8u * (EB_BPF_MAX_FUNC_ARGS + fexit)) {
		eb_snprintf(err, errsize, "a tracing program attaches to tp_btf, fentry, fexit or fmod_ret (23, 24, 25, 26; not %u) and reads at most %u arguments (ctx_size %u)",
			    opts->expected_attach_type, EB_BPF_MAX_FUNC_ARGS,
			    env->ctx_size);
		return -EINVAL;
	}
	env->ctx_args = true;
	env->ret_zero = !fmod_ret;
	env->get_func_proto = fexit ? bpf_fexit_helper_proto :
			      bpf_fentry_helper_proto;
	return 0;
}

/* The environment of a program of opts->type: the tracing types'
 * contexts are read-only, every helper of bpf_helper_proto is theirs, and
 * they may pass pointers to helpers as numbers (Linux's privileged
 * loads).
 * 0, or -EINVAL for a type that cannot be loaded. */
static int
opts_env(const struct bpf_prog_opts *opts, struct bpf_verifier_env *env,
	 char *err, size_t errsize)
{
	*env = (struct bpf_verifier_env){
		.ctx_size = opts->ctx_size,
		.maps = opts->maps,
		.nr_maps = opts->nr_maps,
		/* Tracing programs are loaded by the kernel's developer:
		 * Linux's privileged (CAP_PERFMON) loads allow this. */
		.allow_ptr_leaks = true,
		.not_gpl = opts->license && !gpl_compatible(opts->license),
	};
	switch (opts->type) {
	case BPF_PROG_TYPE_KPROBE:
		if (opts->expected_attach_type &&
		    opts->expected_attach_type != BPF_TRACE_KPROBE_MULTI) {
			eb_snprintf(err, errsize, "a kprobe program attaches as a kprobe (0) or kprobe_multi (42), not %u",
				    opts->expected_attach_type);
			return -EINVAL;
		}
		if (!env->ctx_size)
			env->ctx_size = sizeof(struct pt_regs);
		/* its context is the trap frame: the stack helpers too */
		env->get_func_proto = bpf_kprobe_helper_proto;
		return 0;
	case BPF_PROG_TYPE_TRACEPOINT:
		return 0;
	case BPF_PROG_TYPE_PERF_EVENT:
		if (!env->ctx_size)
			env->ctx_size = sizeof(struct bpf_perf_event_data);
		env->ctx_access = pe_ctx_access;
		env->get_func_proto = bpf_perf_event_helper_proto;
		return 0;
	case BPF_PROG_TYPE_RAW_TRACEPOINT:
		return raw_tp_env(env, err, errsize);
	case BPF_PROG_TYPE_TRACING:
		return tracing_env(opts, env, err, errsize);
	default:
		eb_snprintf(err, errsize, "program type %u cannot be loaded",
			    opts->type);
		return -EINVAL;
	}
}

/* Keeps what a TRACING or KPROBE program was loaded for, which its
 * attach point must be. */
static void
set_attach(struct bpf_prog *prog, const struct bpf_prog_opts *opts)
{
	if (opts->type != BPF_PROG_TYPE_TRACING &&
	    opts->type != BPF_PROG_TYPE_KPROBE)
		return;
	prog->expected_attach_type = opts->expected_attach_type;
	prog->attach_btf_id = opts->attach_btf_id;
}

/* A program of opts->type from insns (<ebreak/bpf.h>). Not in trap
 * context. */
int
bpf_prog_create(const struct bpf_insn *insns, size_t len,
		const struct bpf_prog_opts *opts, struct bpf_prog **progp,
		char *err, size_t errsize)
{
	struct bpf_verifier_env env;
	int r;

	if ((r = opts_env(opts, &env, err, errsize)) ||
	    (r = bpf_prog_create_env(insns, len, &env, progp, err, errsize)))
		return r;
	(*progp)->type = opts->type;
	set_attach(*progp, opts);
	return 0;
}

/* create + verify + prepare (<ebreak/bpf.h>). Not in trap context. */
int
bpf_prog_load(const struct bpf_insn *insns, size_t len,
	      const struct bpf_prog_opts *opts, struct bpf_prog **progp,
	      char *log, size_t logsize)
{
	int r = bpf_prog_create(insns, len, opts, progp, log, logsize);

	/* created with its type and hook, which the prog arrays it names
	 * take at prepare */
	return r ? r : bpf_prog_verify_prepare(progp, log, logsize);
}

/* Runs prepared prog on ctx through its backend (<ebreak/bpf.h>). Any
 * context, any number of harts. */
uint64_t
bpf_prog_run(const struct bpf_prog *prog, void *ctx)
{
	if (!prog->bpf_func)	/* not prepared: nothing to run */
		return 0;
	if (!prog->run_ctx)
		return prog->bpf_func(ctx, prog);
	uint64_t outer = bpf_run_cookie_set(0);	/* a run of no link */
	uint64_t r = prog->bpf_func(ctx, prog);

	bpf_run_cookie_set(outer);
	return r;
}

/* What prog is (<ebreak/bpf.h>). Any context. */
/* Another hart may be adding to it: one load of the whole word. */
#define READ_STAT(x) __atomic_load_n(&(x), __ATOMIC_RELAXED)

void
eb_bpf_prog_info(const struct bpf_prog *prog, struct eb_bpf_prog_info *info)
{
	*info = (struct eb_bpf_prog_info){
		.type = prog->type,
		.insn_cnt = prog->len,
		.ctx_size = prog->env.ctx_size,
		.verified = prog->verified,
		.prepared = prog->bpf_func != NULL,
		.jited = prog->jited,
		.jited_len = prog->jited_len,
		.jit_error = prog->jit_error,
	};
	for (unsigned i = 0; i < EB_MAX_CPUS; i++) {
		info->run_cnt += READ_STAT(prog->stats[i].cnt);
		info->run_time_ns += READ_STAT(prog->stats[i].nsecs);
	}
}

#undef READ_STAT

const char *
eb_bpf_jit_why(int jit_error)
{
	switch (jit_error) {
	case 0:
		return NULL;
	case -ENOMEM:
		return "no executable memory left for its code";
	case -ERANGE:
		return "a jump beyond the JIT's reach";
	default:
		return "an instruction the JIT does not translate";
	}
}

/* Drops a reference to prog, freeing it with the last and dropping its
 * maps' (<ebreak/bpf.h>). Not in trap context. With no links left and no
 * prog array slot holding it, a grace period has passed since its code
 * could last start (eb_bpf_detach and a slot's release wait one): the
 * JIT's image may go back at once, as bpf_jit_free wants. */
void
bpf_prog_free(struct bpf_prog *prog)
{
	if (!prog || __atomic_sub_fetch(&prog->refcnt, 1, __ATOMIC_ACQ_REL))
		return;
	bpf_prog_unprepare(prog);
	for (size_t i = 0; i < prog->env.nr_maps; i++)
		if (prog->env.maps[i])
			bpf_map_put(prog->env.maps[i]);
	eb_port_free((void *)prog->env.maps);
	eb_port_free(prog->probe_mem);
	eb_port_free(prog->stack_depth);
	eb_port_free(prog->insns);
	eb_port_free(prog);
}
