/*
 * CO-RE relocations (lib/bpf/object_core.c) on objects clang built from
 * tests/bpf/core.bpf.c and bad_core.bpf.c, resolved against BTF pahole
 * encoded from tests/host/core_target.c, whose struct cpu has offsets
 * neither the program's nor the reference kernel's: the values the
 * program reads from that layout, the loads rewritten, the poison left
 * where a field is missing; and the refusals, each naming what and
 * where and leaving nothing allocated: no kernel BTF, ambiguous
 * candidates, a missing field read where it runs, malformed .BTF.ext;
 * every byte corruption of the object is refused or loaded, never a
 * crash.
 */
#include <ebreak/bpf.h>
#include <ebreak/bpf_object.h>
#include <ebreak/errno.h>
#include <stdlib.h>
#include <string.h>
#include "bpf/asm.h"
#include "bpf/btf.h"
#include "bpf/helpers.h"
#include "bpf/prog.h"
#include "../bpf/core_results.h"
#include "bpf_object_test.h"
#include "core_target.h"
#include "test.h"

/* tests/host/port_host.c's kernel BTF, and the memory its
 * eb_port_read_nofault reads without a fault (when set). */
extern const void *host_kernel_btf;
extern size_t host_kernel_btf_len;
extern const char *host_mapped_lo, *host_mapped_hi;

/* Makes build/bpf/NAME.btf the kernel's BTF (NULL: none); returns its
 * bytes, to free once the test is done with it. */
static unsigned char *
use_kernel_btf(const char *name)
{
	char file[64];
	size_t len = 0;
	unsigned char *btf = NULL;

	if (name) {
		snprintf(file, sizeof(file), "%s.btf", name);
		btf = read_build_file(file, &len);
		CHECK(btf);
	}
	host_kernel_btf = btf;
	host_kernel_btf_len = len;
	return btf;
}

/* The id of the struct called name in BTF data[0..len), or 0. */
static uint32_t
struct_id(const void *data, size_t len, const char *name)
{
	struct btf btf;
	uint32_t id = 0;
	char err[128];

	if (!CHECK(!eb_btf_parse(&btf, data, len, err, sizeof(err))))
		return 0;
	for (uint32_t i = 1; i < btf.nr_types && !id; i++) {
		const struct btf_type *t = eb_btf_type_by_id(&btf, i);

		if (BTF_INFO_KIND(t->info) == BTF_KIND_STRUCT &&
		    !strcmp(eb_btf_str(&btf, t->name_off), name))
			id = i;
	}
	eb_btf_free(&btf);
	return id;
}

/* How many of p's instructions are code with src/dst/off/imm as given
 * (off or imm -1: any). */
static int
count_insns(const struct bpf_prog *p, uint8_t code, int32_t off, int64_t imm)
{
	int n = 0;

	for (uint32_t i = 0; i < p->len; i++)
		n += p->insns[i].code == code && (off < 0 || p->insns[i].off == off) &&
		     (imm < 0 || p->insns[i].imm == imm);
	return n;
}

/* The object's BTF id of struct name. */
static uint32_t
object_struct_id(const char *object, const char *name)
{
	size_t len;
	unsigned char *d = read_object(object, &len);
	uint32_t id = 0;

	if (CHECK(d)) {
		Elf64_Shdr *sh = section(d, ".BTF");

		id = struct_id(d + sh->sh_offset, sh->sh_size, name);
	}
	free(d);
	return id;
}

/* Checks what read_cpu and read_cpu_again read from the stand-in
 * kernel's struct cpu, through relocated offsets. */
static void
check_results(const struct core_results *r, void *cpu, const char *comm)
{
	CHECK_EQ(r->arg0, (uintptr_t)cpu);
	CHECK_EQ(r->pid, 4242);
	CHECK_EQ(r->id, 3);
	CHECK_EQ(r->comm, (uintptr_t)comm);
	CHECK_EQ(r->ticks, 0x123456789ull);
	CHECK_EQ(r->pid_tgid, 1ull << 32 | 1);	/* the host port's pid 1 */
	CHECK_EQ(r->a1, 0x1111);
	CHECK_EQ(r->ctx_a1, 0x1111);
	CHECK_EQ(r->ctx_epc, 0x1000);
	CHECK_EQ(r->a2, 0x1122334455667788ull);	/* widened to the kernel's 8 */
	CHECK_EQ(r->id_sub, 3);
	CHECK_EQ(r->id_sub2, 3);
	CHECK_EQ(r->mode, 21);
	CHECK_EQ(r->has_pid, 1);
	CHECK_EQ(r->has_missing, 0);
	CHECK_EQ(r->has_mode, 1);
	CHECK_EQ(r->missing, 0);
	CHECK_EQ(r->pid_signed, 1);
	CHECK_EQ(r->comm_size, 8);
	CHECK_EQ(r->ticks_offset, 0);
	CHECK_EQ(r->type_exists, 1);
	CHECK_EQ(r->no_type_exists, 0);
	CHECK_EQ(r->cpu_size, 48);
	CHECK_EQ(r->enum_value, 7);
	CHECK_EQ(r->enum_exists, 1);
	CHECK_EQ(r->enum_missing_exists, 0);
}

TEST(object_core_resolves_each_kind_against_the_kernel_btf)
{
	unsigned char *kbtf = use_kernel_btf("core_target");
	struct eb_bpf_object *obj = kbtf ? open_object("core") : NULL;
	static const char comm[] = "comm";
	char log[512];
	size_t size = 0;

	if (!obj || !CHECK(!eb_bpf_object_load(obj, log, sizeof(log)))) {
		fprintf(stderr, "  %s\n", obj ? log : "");
		goto out;
	}
	void *cpu = core_target_cpu(4242, 3, 0x123456789ull, comm, 21);
	struct pt_regs r = regs((uintptr_t)cpu, 0x1111, 0x1000);
	struct bpf_prog *p = prog(obj, "read_cpu");

	r.a2 = 0x1122334455667788ull;
	bpf_prog_run(p, &r);
	bpf_prog_run(prog(obj, "read_cpu_again"), &r);
	struct core_results *res = eb_bpf_object_find_global(obj, "results", &size);

	if (CHECK(res && size == sizeof(*res))) {
		check_results(res, cpu, comm);
		CHECK_EQ(res->type_id_local, object_struct_id("core", "cpu___local"));
		CHECK_EQ(res->type_id_kernel, struct_id(kbtf, host_kernel_btf_len, "cpu"));
	}
	/* BPF_CORE_READ's offsets: pid at 40 (0 in the object), id at 44
	 * (24), comm at 32 (8); the context's a1 at 88, a2 at 96 widened
	 * to 8 bytes; one poisoned read, where no_such_field is guarded */
	CHECK(count_insns(p, BPF_ALU64 | BPF_MOV | BPF_K, -1, 40) >= 1);
	CHECK(count_insns(p, BPF_ALU64 | BPF_MOV | BPF_K, -1, 44) >= 1);
	CHECK(count_insns(p, BPF_ALU64 | BPF_MOV | BPF_K, -1, 32) >= 1);
	CHECK_EQ(count_insns(p, BPF_ALU64 | BPF_MOV | BPF_K, -1, 24), 0);
	CHECK_EQ(count_insns(p, BPF_LDX | BPF_MEM | BPF_DW, 88, -1), 1);
	CHECK_EQ(count_insns(p, BPF_LDX | BPF_MEM | BPF_DW, 96, -1), 1);
	CHECK_EQ(count_insns(p, BPF_LDX | BPF_MEM | BPF_W, 0, -1), 0);
	CHECK_EQ(count_insns(p, BPF_JMP | BPF_CALL, -1, BPF_CORE_POISON_ID), 1);
out:
	eb_bpf_object_close(obj);
	use_kernel_btf(NULL);
	free(kbtf);
}

/* Whether object is refused against kernel BTF btf (NULL: none) with
 * each of what in the message. */
static bool
refused_against(const char *btf, const char *object, void (*corrupt)(unsigned char *),
		const char *const *what)
{
	unsigned char *kbtf = use_kernel_btf(btf);
	bool ok = refused(object, corrupt, what);

	use_kernel_btf(NULL);
	free(kbtf);
	return ok;
}

TEST(object_core_refuses_naming_the_relocation)
{
	CHECK(refused_against(NULL, "core", NULL, (const char *[]){
		"CO-RE relocation #0 (section '", "insn ",
		"of 'struct user_regs_struct.a0'", "the kernel has no BTF", NULL }));
	CHECK(refused_against("core_ambiguous", "core", NULL, (const char *[]){
		"CO-RE relocation #", "'struct cpu___local.", "ambiguous",
		"kernel types [", NULL }));
	CHECK(refused_against("core_target", "bad_core", NULL, (const char *[]){
		"program 'read_missing' (section 'kprobe/core_target'): insn ",
		"CO-RE relocation #", "field_byte_offset of 'struct cpu___local.no_such_field'",
		"could not be resolved (field missing in the kernel)", NULL }));
}

/* .BTF.ext's header of object bytes d, and its first CO-RE record. */
static uint32_t *
btf_ext(unsigned char *d)
{
	return (uint32_t *)(d + section(d, ".BTF.ext")->sh_offset);
}

static uint32_t *
first_core_relo(unsigned char *d)
{
	uint32_t *h = btf_ext(d);

	/* after the header (h[1]), the record size and a section's head */
	return (uint32_t *)((unsigned char *)h + h[1] + h[6] + 4 + 8);
}

static void
cut_btf_ext(unsigned char *d)
{
	uint32_t *h = btf_ext(d);

	section(d, ".BTF.ext")->sh_size = h[1] + h[6] + 8;
}

static void
set_btf_ext_hdr_len(unsigned char *d)
{
	btf_ext(d)[1] = 6;
}

/* What set_core_word writes into the first CO-RE record. */
static uint32_t core_word, core_value;

static void
set_core_word(unsigned char *d)
{
	first_core_relo(d)[core_word] = core_value;
}

/* First records made bad (insn_off is word 0, kind 3), and what the
 * messages must name. */
static const struct {
	uint32_t word, value;
	const char *what[3];
} bad_records[] = {
	{ 0, 0x100000, { "section '.BTF.ext': core_relo #0 at offset 0x",
			 "insn_off 0x100000 is not an instruction of section '" } },
	{ 3, 77, { "section '.BTF.ext': core_relo #0 at offset 0x",
		   "CO-RE relocation #0 (section '", "kind 77 (unknown)" } },
	{ 3, 12, { "CO-RE relocation #0 (section '",
		   "kind 12 (type_matches) is not supported" } },
};

TEST(object_core_refuses_malformed_btf_ext)
{
	CHECK(refused_against("core_target", "core", cut_btf_ext, (const char *[]){
		"section '.BTF.ext': core_relo at offset 0x", "inside the", NULL }));
	CHECK(refused_against("core_target", "core", set_btf_ext_hdr_len, (const char *[]){
		"section '.BTF.ext': header length 6", NULL }));
	for (size_t i = 0; i < sizeof(bad_records) / sizeof(bad_records[0]); i++) {
		const char *what[4] = { bad_records[i].what[0], bad_records[i].what[1],
					bad_records[i].what[2], NULL };

		core_word = bad_records[i].word;
		core_value = bad_records[i].value;
		host_test_case(refused_against("core_target", "core", set_core_word, what));
	}
}

TEST(each_core_byte_corruption_is_refused_or_loaded)
{
	unsigned char *kbtf = use_kernel_btf("core_target");
	size_t len;
	long refused = refused_variants("core", false, &len);

	CHECK(refused > 0 && refused < (long)len);
	use_kernel_btf(NULL);
	free(kbtf);
}

/* Loads text as a program on a context of one argument of func of the
 * stand-in kernel's BTF: 0 and *progp, or the refusal with why in
 * log. */
static int
load_on_arg(const char *func, const char *text, struct bpf_prog **progp,
	    char *log, size_t logsize)
{
	struct eb_bpf_func_model m;
	struct bpf_insn *insns;
	size_t len;
	int r;

	if (!CHECK(!eb_bpf_func_model(func, &m, log, logsize)) ||
	    !CHECK(!bpf_asm(text, &insns, &len, log, logsize)))
		return -1;
	struct bpf_verifier_env env = { .ctx_size = 8, .ctx_args = true,
		.attach_btf_id = m.btf_id, .allow_ptr_leaks = true };
	r = bpf_prog_load_env(insns, len, &env, progp, log, logsize);
	eb_port_free(insns);
	return r;
}

/* Loads text on core_target_id's argument, a struct cpu pointer. */
static int
load_on_id_arg(const char *text, struct bpf_prog **progp, char *log,
	       size_t logsize)
{
	return load_on_arg("core_target_id", text, progp, log, logsize);
}

/* Checks that text on func's argument is refused saying want. */
static void
check_arg_refused(const char *func, const char *text, const char *want)
{
	struct bpf_prog *prog = NULL;
	char log[256] = "";

	if (!CHECK(load_on_arg(func, text, &prog, log, sizeof(log)) &&
		   strstr(log, want)))
		fprintf(stderr, "  %s: %s\n", text, log);
	bpf_prog_free(prog);
}

/* Linux's PTR_TO_BTF_ID: the argument points at struct cpu of the
 * kernel's BTF; a load inside it reads the field (a bitfield's word
 * too), a NULL argument reads 0 (the load is fault-safe: the host
 * port's eb_port_read_nofault refuses what is outside the struct); a load past
 * its 48 bytes, a store, a load through a char * member (a number) are
 * refused; so is reading an argument that points at a pointer. */
TEST(tracing_loads_through_a_pointer_argument)
{
	unsigned char *kbtf = use_kernel_btf("core_target");
	void *cpu = core_target_cpu(4242, 3, 0x123456789ull, "comm", 21);
	uint64_t ctx[1] = { (uintptr_t)cpu }, null_ctx[1] = { 0 };
	struct bpf_prog *prog = NULL;
	char log[256] = "";

	CHECK_EQ(core_target_id(cpu), 3);
	if (CHECK(!load_on_id_arg("ldxdw %r2, [%r1+0]\nldxw %r0, [%r2+44]\n"
				    "ldxw %r3, [%r2+8]\nlsh %r0, 32\nor %r0, %r3\n"
				    "exit\n", &prog, log, sizeof(log)))) {
		CHECK_EQ(bpf_prog_run(prog, ctx), 3ull << 32 | 21 << 3 | 7);
		/* the host's page 0: only the struct reads */
		host_mapped_lo = cpu;
		host_mapped_hi = (const char *)cpu + 48;
		CHECK_EQ(bpf_prog_run(prog, null_ctx), 0);
		CHECK_EQ(bpf_prog_run(prog, ctx), 3ull << 32 | 21 << 3 | 7);
		host_mapped_lo = host_mapped_hi = NULL;
	} else {
		fprintf(stderr, "  %s\n", log);
	}
	CHECK(prog && prog->probe_mem && prog->probe_mem[1] &&
	      prog->probe_mem[2] && !prog->probe_mem[0]);
	bpf_prog_free(prog);
	/* the bitfields' first byte, 7 | 21 << 3, sign-extended */
	if (CHECK(!load_on_id_arg("ldxdw %r2, [%r1+0]\nldxsb %r0, [%r2+8]\nexit\n",
				  &prog, log, sizeof(log))))
		CHECK_EQ(bpf_prog_run(prog, ctx), (int8_t)(7 | 21 << 3));
	bpf_prog_free(prog);
	check_arg_refused("core_target_id", "ldxdw %r2, [%r1+0]\nldxw %r0, [%r2+48]\nexit\n",
			  "access beyond struct cpu at off 48 size 4");
	check_arg_refused("core_target_id", "ldxdw %r2, [%r1+0]\nstw [%r2+44], 1\nmov %r0, 0\nexit\n",
			  "only read is supported");
	check_arg_refused("core_target_id", "ldxdw %r2, [%r1+0]\nldxdw %r3, [%r2+32]\n"
			  "ldxb %r0, [%r3+0]\nexit\n",
			  "r3 is a scalar, not a pointer to memory");
	check_arg_refused("core_target_first_id", "ldxdw %r2, [%r1+0]\nmov %r0, 0\nexit\n",
			  "func 'core_target_first_id' arg0 type struct cpu * * is not a struct");
	use_kernel_btf(NULL);
	free(kbtf);
}

/* Checks that text on core_target_id's argument loads. */
static void
check_arg_loads(const char *text)
{
	struct bpf_prog *prog = NULL;
	char log[256] = "";

	if (!CHECK(!load_on_id_arg(text, &prog, log, sizeof(log))))
		fprintf(stderr, "  %s: %s\n", text, log);
	bpf_prog_free(prog);
}

/* What Linux's verifier lets a PTR_TO_BTF_ID do and what not: no
 * helper's memory (bpf_probe_read_kernel's dst, even of 0 bytes: Linux
 * refuses the type, "R1 type=ptr_ expected=fp, ..."); spilled and
 * filled it keeps its struct; moved by a constant, each load's offset
 * is checked; bitwise and 32-bit ALU refused but for a privileged
 * 32-bit copy or subtraction (a number then), as Linux's
 * adjust_ptr_min_max_vals and check_alu_op. */
TEST(tracing_pointer_argument_soundness)
{
	unsigned char *kbtf = use_kernel_btf("core_target");
	const char *ldarg = "ldxdw %r2, [%r1+0]\n";
	const char *moves = "mov %r3, 0\nmov %r3, 0\nmov %r3, 0\n";
	char text[512];
	static const struct {
		const char *body, *want;
	} refused[] = {
		{ "mov %r1, %r2\nmov %r2, 0\nmov %r3, 0\ncall 113\n",
		  "r1 is a pointer to a kernel struct (BTF), not a pointer to memory" },
		{ "mov %r1, %r2\nmov %r2, 8\nmov %r3, 0\ncall 113\n",
		  "r1 is a pointer to a kernel struct (BTF), not a pointer to memory" },
		{ "stxdw [%r10-8], %r2\nldxdw %r3, [%r10-8]\nldxw %r0, [%r3+48]\n",
		  "access beyond struct cpu at off 48" },
		{ "add %r2, 40\nldxw %r0, [%r2+8]\n", "access beyond struct cpu at off 48" },
		{ "add %r2, -8\nldxw %r0, [%r2+4]\n", "invalid negative access: off=-4" },
		{ "lddw %r3, 0x100000000\nadd %r2, %r3\nldxw %r0, [%r2+0]\n",
		  "out of range" },
		{ "and %r2, -8\n", "and on r2, a pointer to a kernel struct (BTF), is not allowed" },
		{ "xor %r2, 0\n", "xor on r2" },
		{ "mul %r2, 1\n", "mul on r2" },
		{ "mov %r3, 1\nor %r3, %r2\n", "or on r2" },
		{ "add32 %r2, 4\n", "32-bit add on r2" },
		{ "and32 %r2, -1\n", "32-bit and on r2" },
		{ "lock add32 [%r2+44], %r0\n", "not a pointer to memory" },
		{ "stxw [%r2+44], %r0\n", "only read is supported" },
	};

	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		snprintf(text, sizeof(text), "%smov %%r0, 0\n%smov %%r0, 0\nexit\n",
			 ldarg, refused[i].body);
		check_arg_refused("core_target_id", text, refused[i].want);
	}
	check_arg_loads("ldxdw %r2, [%r1+0]\nstxdw [%r10-8], %r2\n"
			"ldxdw %r3, [%r10-8]\nldxw %r0, [%r3+44]\nmov %r0, 0\nexit\n");
	check_arg_loads("ldxdw %r2, [%r1+0]\nadd %r2, -8\nldxw %r0, [%r2+52]\n"
			"mov %r0, 0\nexit\n");
	/* two struct types meeting at one load (r2: struct cpu_ref, 16
	 * bytes, or the struct cpu it points at, 48), both branch orders:
	 * the path that may read at 44 must not let the other one be
	 * pruned (Linux's regsafe compares the btf id); nine moves on the
	 * fall-through, so that the verifier stores its state at the load */
	for (int jne = 0; jne < 2; jne++) {
		snprintf(text, sizeof(text), "ldxdw %%r6, [%%r1+0]\n"
			 "ldxdw %%r7, [%%r6+0]\ncall 7\nmov %%r3, 0\n"
			 "mov %%r2, %%r%d\n%s %%r0, 0, +10\nmov %%r2, %%r%d\n"
			 "%s%s%sldxw %%r0, [%%r2+44]\nmov %%r0, 0\nexit\n",
			 jne ? 6 : 7, jne ? "jne" : "jeq", jne ? 7 : 6,
			 moves, moves, moves);
		check_arg_refused("core_target_ref_id", text,
				  "access beyond struct cpu_ref at off 44");
	}
	/* in a subprogram's argument, the struct and its bounds go along */
	check_arg_refused("core_target_id", "ldxdw %r1, [%r1+0]\ncall local +2\n"
			  "mov %r0, 0\nexit\nldxw %r0, [%r1+48]\nexit\n",
			  "access beyond struct cpu at off 48");
	check_arg_loads("ldxdw %r1, [%r1+0]\ncall local +2\nmov %r0, 0\nexit\n"
			"ldxw %r0, [%r1+44]\nexit\n");
	check_arg_loads("ldxdw %r2, [%r1+0]\nsub %r2, %r2\nmov %r0, 0\nexit\n");
	/* privileged: a number of the address, as Linux's allow_ptr_leaks */
	check_arg_loads("ldxdw %r2, [%r1+0]\nmov32 %r3, %r2\nmov %r0, 0\nexit\n");
	check_arg_loads("ldxdw %r2, [%r1+0]\nsub32 %r2, 4\nmov %r0, 0\nexit\n");
	use_kernel_btf(NULL);
	free(kbtf);
}
