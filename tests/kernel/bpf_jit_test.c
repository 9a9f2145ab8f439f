/*
 * The JIT in the kernel: every bpf_conformance case (compiled in at
 * build time by bpf_conformance_gen.py; none without the suite, which is
 * then reported skipped) JIT-compiled, its image passing the checker,
 * and run, giving the case's r0 as the interpreter does; and kprobe
 * programs JIT-compiled, said so by eb_bpf_prog_info, counting every hit.
 */
#include "ktest.h"
#include "bpf_text.h"
#include "bpf/asm.h"
#include "bpf/jit.h"
#include "bpf/prog.h"
#include "../host/bpf_conformance_proto.h"
#include <ebreak/bpf.h>
#include <ebreak/errno.h>
#include <ebreak/fmt.h>

struct conformance_case {
	const char *name, *text;
	const uint8_t *mem;
	size_t mem_len;
	uint64_t result;
};

#include "bpf_conformance_cases.h"

/* Runs case c on the JIT (jit) or the interpreter: r0, with *ok false
 * (and why printed) when it was not made or run so. */
static uint64_t
run_case(const struct conformance_case *c, bool jit, bool *ok)
{
	struct bpf_verifier_env env = { .ctx_size = c->mem_len,
					.ctx_writable = true,
					.ctx_size_in_r2 = true,
					.get_func_proto = conformance_proto };
	struct bpf_insn *insns = 0;
	struct bpf_prog *prog = 0;
	uint8_t *mem = kmalloc(c->mem_len + 1);
	char err[160] = "";
	uint64_t r0 = 0;
	size_t len;
	int r;

	if (!(r = bpf_asm(c->text, &insns, &len, err, sizeof err)) &&
	    !(r = bpf_prog_create_env(insns, len, &env, &prog, err, sizeof err)) &&
	    !(r = bpf_prog_verify(prog, err, sizeof err))) {
		bpf_jit_enable = jit;
		r = bpf_prog_prepare(prog, err, sizeof err);
		bpf_jit_enable = true;
	}
	if (!r && prog->jited != jit)
		r = -1, eb_snprintf(err, sizeof err, "jited %d", prog->jited);
	if (!r && jit)
		r = bpf_jit_check_image(prog->image, prog->jited_len, err, sizeof err);
	*ok = !r && mem;
	if (*ok) {
		memcpy(mem, c->mem, c->mem_len);
		r0 = bpf_prog_run(prog, mem);
	} else {
		printf("    %s (%s): %s\n", c->name, jit ? "jit" : "interp", err);
	}
	kfree(mem);
	bpf_prog_free(prog);
	eb_port_free(insns);
	return r0;
}

KTEST(bpf_jit, conformance_cases_run_jited_as_interpreted)
{
	const struct conformance_case *c = conformance_cases;
	unsigned n = 0, bad = 0;

	/* Opaque: with no cases the code stays as it is with them (the
	 * kernel's layout, and so its BTF, do not depend on the data). */
	__asm__("" : "+r"(c));
	for (; c->name; c++) {
		bool ok_jit, ok_interp;
		uint64_t r_jit = run_case(c, true, &ok_jit);
		uint64_t r_interp = run_case(c, false, &ok_interp);

		n++;
		if (ok_jit && ok_interp && r_jit == c->result && r_interp == c->result)
			continue;
		bad++;
		printf("    %s: jit 0x%lx, interp 0x%lx, expected 0x%lx\n", c->name,
		       (unsigned long)r_jit, (unsigned long)r_interp,
		       (unsigned long)c->result);
	}
	if (!n) {
		printf("skipped: bpf_jit conformance: no ../shared/bpf-conformance when built\n");
		return;
	}
	printf("    %u conformance cases, %u failed\n", n, bad);
	KEXPECT_EQ(bad, 0);
	KEXPECT(n >= 313);
}

__attribute__((noipa)) long jit_target(long a);
long
jit_target(long a)
{
	return a + 1;
}

/* A kprobe program is JIT-compiled (eb_bpf_prog_info, which the bpf
 * listing reads, says so) and its image checked; it counts every call
 * of the probed function. */
KTEST(bpf_jit, kprobe_program_jited_counts_calls)
{
	static const struct eb_bpf_kprobe probe = { .symbol = "jit_target" };
	struct bpf_map_def def = { BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0 };
	struct eb_bpf_attach_point point;
	struct eb_bpf_prog_info info;
	struct bpf_link *link = 0;
	struct bpf_map *map;
	char err[120];
	uint32_t key = 0;

	if (!KEXPECT(!bpf_map_create(&def, "jit", &map, err, sizeof err)))
		return;
	struct bpf_prog_opts opts = { .type = BPF_PROG_TYPE_KPROBE,
				      .maps = &map, .nr_maps = 1 };
	struct bpf_prog *prog = bpf_text_load(bpf_text_count_calls, &opts);

	if (KEXPECT(prog)) {
		eb_bpf_prog_info(prog, &info);
		KEXPECT(info.jited);
		KEXPECT(info.jited_len > 0);
		KEXPECT_EQ(bpf_jit_check_image(prog->image, prog->jited_len, err,
					       sizeof err), 0);
		eb_bpf_kprobe_point(&probe, &point);
		KEXPECT_EQ(eb_bpf_attach(prog, &point, &link, err, sizeof err), 0);
		for (long i = 0; link && i < 100; i++)
			jit_target(i);
		if (link)
			eb_bpf_detach(link);
		uint64_t *count = bpf_map_lookup_elem(map, &key);
		KEXPECT(count && *count == 100);
	}
	bpf_prog_free(prog);
	bpf_map_free(map);
}

/* With the executable pool full the JIT cannot compile: the program
 * runs interpreted, still counting, and eb_bpf_prog_info says why
 * (jit_error -ENOMEM, which `bpf load` prints), as does a prog array of
 * JIT-compiled programs refusing it; with the pool given back, a
 * program is JIT-compiled again and jit_error is 0. */
KTEST(bpf_jit, full_exec_pool_interprets_and_says_why)
{
	enum { MAX_CHUNKS = 4096 };	/* the pool is 64 KiB of 64-byte chunks */
	struct bpf_map_def def = { BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0 };
	void **chunks = kmalloc(MAX_CHUNKS * sizeof(*chunks));
	struct eb_bpf_prog_info info;
	struct bpf_map *map;
	char err[120], jerr[200];
	uint32_t key = 0;
	size_t n = 0;

	if (!KEXPECT(chunks) ||
	    !KEXPECT(!bpf_map_create(&def, "pool", &map, err, sizeof err))) {
		kfree(chunks);
		return;
	}
	struct bpf_prog_opts opts = { .type = BPF_PROG_TYPE_KPROBE,
				      .maps = &map, .nr_maps = 1 };
	struct bpf_map_def jdef = { BPF_MAP_TYPE_PROG_ARRAY, 4, 4, 1, 0 };
	struct bpf_map *jmp = NULL;
	struct bpf_prog *jited = bpf_text_load(bpf_text_count_calls, &opts);

	KEXPECT(!bpf_map_create(&jdef, "jmp", &jmp, err, sizeof err));
	KEXPECT(jited && jmp &&
		!eb_bpf_prog_array_update(jmp, 0, jited, err, sizeof err));
	while (n < MAX_CHUNKS && (chunks[n] = eb_port_exec_alloc(64)))
		n++;
	KEXPECT(n < MAX_CHUNKS);
	struct bpf_prog *prog = bpf_text_load(bpf_text_count_calls, &opts);

	if (KEXPECT(prog)) {
		eb_bpf_prog_info(prog, &info);
		KEXPECT(!info.jited);
		KEXPECT_EQ(info.jit_error, -ENOMEM);
		bpf_prog_run(prog, 0);
		uint64_t *count = bpf_map_lookup_elem(map, &key);
		KEXPECT(count && *count == 1);
		KEXPECT_EQ(eb_bpf_prog_array_update(jmp, 0, prog, jerr,
						    sizeof jerr), -EINVAL);
		if (!KEXPECT(!strcmp(jerr, "prog array 'jmp': slot 0: its "
				     "programs are of type 2 and JIT-compiled, "
				     "this one is of type 2 and interpreted "
				     "(the JIT could not compile it: no "
				     "executable memory left for its code)")))
			printf("    got: %s\n", jerr);
	}
	bpf_prog_free(prog);
	bpf_map_free(jmp);
	bpf_prog_free(jited);
	while (n)
		eb_port_exec_free(chunks[--n], 64);
	prog = bpf_text_load(bpf_text_count_calls, &opts);
	if (KEXPECT(prog)) {
		eb_bpf_prog_info(prog, &info);
		KEXPECT(info.jited);
		KEXPECT_EQ(info.jit_error, 0);
	}
	bpf_prog_free(prog);
	bpf_map_free(map);
	kfree(chunks);
}
