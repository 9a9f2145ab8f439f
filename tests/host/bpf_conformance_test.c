/*
 * The bpf_conformance suite, read from ../shared/bpf-conformance (not
 * copied; $BPF_CONFORMANCE_DIR overrides it, and without it the tests
 * report themselves skipped): every case in tests/ must assemble, pass the verifier and
 * return its `-- result` under the interpreter and, on an RV64 host (the
 * riscv64 build under qemu-user), under the JIT too, compiled whole and
 * its image passing the checker; every case in negative/
 * must be refused (by the assembler, the verifier or the interpreter's
 * decoder) or, if it runs, return something other than its stated result.
 * Each .data file counts as one case passed or failed; each failing one
 * is printed with its reason.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include "bpf/asm.h"
#include "bpf/disasm.h"
#include "bpf/jit.h"
#include "bpf/prog.h"
#include "bpf_conformance_proto.h"
#include "test.h"

#define SUITE_DIR "../shared/bpf-conformance"
#define SUITE_HOW "copy tests/ and negative/ of " \
	"https://github.com/Alan-Jowett/bpf_conformance there"

struct bpf_case {
	char *asm_text;		/* "-- asm" section, or NULL */
	struct bpf_insn *raw;	/* "-- raw" section, or NULL */
	size_t raw_len;
	uint8_t *mem;		/* "-- mem" section */
	size_t mem_len;
	bool has_result;
	uint64_t result;	/* "-- result" */
};

static char *
read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc(1, n + 1);
	if (fread(buf, 1, n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

/* Hex numbers in s: 64-bit words ("0x5566778800000018") or bytes ("07"),
 * appended to *out as bytes in memory order. */
static size_t
parse_hex(const char *s, uint8_t **out)
{
	size_t n = 0, cap = 64;
	uint8_t *b = malloc(cap);
	char *end;

	for (;;) {
		while (*s && strchr(" \t\r\n", *s))
			s++;
		if (!*s)
			break;
		bool word = s[0] == '0' && s[1] == 'x';
		uint64_t v = strtoull(s, &end, 16);
		size_t bytes = word ? 8 : 1;

		if (end == s)
			break;
		s = end;
		if (n + bytes > cap)
			b = realloc(b, cap *= 2);
		memcpy(b + n, &v, bytes);	/* the host is little-endian */
		n += bytes;
	}
	*out = b;
	return n;
}

static void
section(struct bpf_case *c, const char *name, const char *body)
{
	if (!strcmp(name, "asm")) {
		c->asm_text = strdup(body);
	} else if (!strcmp(name, "raw")) {
		uint8_t *b;

		c->raw_len = parse_hex(body, &b) / 8;
		c->raw = (struct bpf_insn *)b;
	} else if (!strcmp(name, "mem")) {
		c->mem_len = parse_hex(body, &c->mem);
	} else if (!strcmp(name, "result")) {
		c->has_result = true;
		c->result = strtoull(body, NULL, 16);
	}	/* others ("-- error" text, "-- c", notes) are comments */
}

/* Splits a case file (modified in place) into its "-- name" sections. */
static void
parse_case(char *text, struct bpf_case *c)
{
	char *name = NULL, *body = NULL;

	memset(c, 0, sizeof(*c));
	for (char *line = text; *line;) {
		char *next = strchr(line, '\n');
		char *after = next ? next + 1 : line + strlen(line);

		if (!strncmp(line, "-- ", 3)) {
			*line = '\0';	/* ends the previous section's body */
			if (name)
				section(c, name, body);
			if (next)
				*next = '\0';
			name = line + 3;
			body = after;
		}
		line = after;
	}
	if (name)
		section(c, name, body);
}

static void
free_case(struct bpf_case *c)
{
	free(c->asm_text);
	free(c->raw);
	free(c->mem);
}

/*
 * Prepares verified prog (on the JIT if jit, else the interpreter) and
 * runs it on a copy of the case's memory. Returns 0 and *r0, or nonzero
 * with why: the JIT's image refused by the checker, or not made.
 */
static int
run_backend(struct bpf_case *c, struct bpf_prog *prog, bool jit, uint64_t *r0,
	    char *why, size_t size)
{
	char msg[256] = "";
	uint8_t *mem = malloc(c->mem_len + 1);
	int r;

	memcpy(mem, c->mem, c->mem_len);
	bpf_jit_enable = jit;
	r = bpf_prog_prepare(prog, msg, sizeof(msg));
	bpf_jit_enable = true;
	if (r)
		snprintf(why, size, "prepare: %s", msg);
	else if (jit && !prog->jited)
		snprintf(why, size, "the JIT did not compile it"), r = -1;
	else if (jit && (r = bpf_jit_check_image(prog->image, prog->jited_len,
						msg, sizeof(msg))))
		snprintf(why, size, "JIT image: %s", msg);
	else
		*r0 = bpf_prog_run(prog, mem);
	free(mem);
	return r;
}

/*
 * Assembles (or takes the raw form of) a case, verifies, prepares and
 * runs it, on each backend this host runs. Returns 0 and *r0, or nonzero
 * with why: the stage that refused the program and its message, or the
 * backends' disagreement.
 */
static int
run_case(struct bpf_case *c, uint64_t *r0, char *why, size_t size)
{
	struct bpf_verifier_env env = {
		.ctx_size = c->mem_len,
		.ctx_writable = true,
		.ctx_size_in_r2 = true,
		.get_func_proto = conformance_proto,
	};
	char msg[256] = "";
	struct bpf_insn *insns = c->raw;
	size_t len = c->raw_len;
	struct bpf_prog *prog = NULL;
	int r = 0;

	if (c->asm_text) {
		if ((r = bpf_asm(c->asm_text, &insns, &len, msg, sizeof(msg)))) {
			snprintf(why, size, "assembler: %s", msg);
			return r;
		}
		if (c->raw && (len != c->raw_len ||
			       memcmp(insns, c->raw, len * sizeof(*insns)))) {
			snprintf(why, size, "assembled code differs from -- raw");
			r = -1;
			goto out;
		}
	}
	if (!insns) {
		snprintf(why, size, "no program");
		return -1;
	}
	if ((r = bpf_prog_create_env(insns, len, &env, &prog, msg, sizeof(msg))))
		snprintf(why, size, "create: %s", msg);
	else if ((r = bpf_prog_verify(prog, msg, sizeof(msg)))) {
		/* Would the interpreter alone have got it right? (Safe to
		 * try here: the suite's programs stay inside their memory.) */
		bool ok = c->has_result && !bpf_prog_prepare(prog, NULL, 0) &&
			  bpf_prog_run(prog, c->mem) == c->result;

		snprintf(why, size, "verifier%s: %s",
			 ok ? " (the interpreter alone gives the result)" : "",
			 msg);
	} else if (!(r = run_backend(c, prog, false, r0, why, size)) &&
		   BPF_JIT_RUNS) {
		uint64_t jit_r0 = 0;
		struct bpf_prog *again = NULL;

		/* A fresh copy for the JIT: prepare chooses once. */
		if ((r = bpf_prog_create_env(insns, len, &env, &again, msg,
					     sizeof(msg))) ||
		    (r = bpf_prog_verify(again, msg, sizeof(msg))))
			snprintf(why, size, "again: %s", msg);
		else if (!(r = run_backend(c, again, true, &jit_r0, why, size)) &&
			 jit_r0 != *r0) {
			snprintf(why, size, "JIT r0 = 0x%llx, interpreter's 0x%llx",
				 (unsigned long long)jit_r0,
				 (unsigned long long)*r0);
			r = -1;
		}
		bpf_prog_free(again);
	}
	bpf_prog_free(prog);
out:
	if (insns != c->raw)
		free(insns);
	return r;
}

/* Calls fn(dir/name, case) for each *.data in dir, in name order. */
static int
for_each_case(const char *dir, void (*fn)(const char *, struct bpf_case *,
					  int *, int *),
	      int *passed, int *failed)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort);

	if (n < 0) {
		printf("  cannot read %s\n", dir);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		size_t l = strlen(name);
		char path[512];
		char *text;

		if (l > 5 && !strcmp(name + l - 5, ".data")) {
			struct bpf_case c;

			snprintf(path, sizeof(path), "%s/%s", dir, name);
			text = read_file(path);
			parse_case(text ? text : (char[]){ 0 }, &c);
			int before = *failed, counted = *passed + *failed;

			fn(path, &c, passed, failed);
			/* Each file is a case of its own in the totals
			 * (unless fn passed over it). */
			if (*passed + *failed != counted)
				host_test_case(*failed == before);
			free_case(&c);
			free(text);
		}
		free(names[i]);
	}
	free(names);
	return 0;
}

static void
positive(const char *path, struct bpf_case *c, int *passed, int *failed)
{
	char why[512];
	uint64_t r0 = 0;

	if (run_case(c, &r0, why, sizeof(why))) {
		printf("  FAIL %s: %s\n", path, why);
		(*failed)++;
	} else if (!c->has_result || r0 != c->result) {
		printf("  FAIL %s: r0 = 0x%llx, expected 0x%llx\n", path,
		       (unsigned long long)r0, (unsigned long long)c->result);
		(*failed)++;
	} else {
		(*passed)++;
	}
}

/* The case directory sub of the suite, or NULL (the test is skipped) when
 * the suite is not there. */
static const char *
case_dir(const char *sub, char *buf, size_t size)
{
	const char *dir = host_test_data_dir("BPF_CONFORMANCE_DIR", SUITE_DIR,
					     SUITE_HOW);

	if (!dir)
		return NULL;
	snprintf(buf, size, "%s/%s", dir, sub);
	return buf;
}

TEST(conformance_tests)
{
	int passed = 0, failed = 0;
	char buf[512];
	const char *dir = case_dir("tests", buf, sizeof(buf));

	if (!dir)
		return;
	CHECK(!for_each_case(dir, positive, &passed, &failed));
	printf("  bpf-conformance tests: %d passed, %d failed\n", passed,
	       failed);
	CHECK_EQ(failed, 0);
	CHECK(passed >= 313);
}

static void
negative(const char *path, struct bpf_case *c, int *passed, int *failed)
{
	char why[512];
	uint64_t r0 = 0;

	if (run_case(c, &r0, why, sizeof(why))) {
		(*passed)++;	/* refused, as it must be */
		printf("  refused %s: %s\n", path, why);
	} else if (c->has_result && r0 != c->result) {
		(*passed)++;
		printf("  refused %s: r0 = 0x%llx, not the stated 0x%llx\n",
		       path, (unsigned long long)r0,
		       (unsigned long long)c->result);
	} else {
		printf("  FAIL %s: accepted and ran, r0 = 0x%llx\n", path,
		       (unsigned long long)r0);
		(*failed)++;
	}
}

TEST(conformance_negative)
{
	int passed = 0, failed = 0;
	char buf[512];
	const char *dir = case_dir("negative", buf, sizeof(buf));

	if (!dir)
		return;
	CHECK(!for_each_case(dir, negative, &passed, &failed));
	printf("  bpf-conformance negative: %d refused, %d failed\n", passed,
	       failed);
	CHECK_EQ(failed, 0);
	CHECK(passed >= 60);
}

/* assemble -> disassemble -> assemble must give the same bytes. */
static void
roundtrip(const char *path, struct bpf_case *c, int *passed, int *failed)
{
	struct bpf_insn *a = NULL, *b = NULL;
	size_t alen = 0, blen = 0, out = 0;
	char err[256], *text;

	if (!c->asm_text)
		return;
	if (bpf_asm(c->asm_text, &a, &alen, err, sizeof(err))) {
		printf("  FAIL %s: %s\n", path, err);
		(*failed)++;
		return;
	}
	text = malloc(alen * 80 + 1);
	text[0] = '\0';
	for (size_t i = 0; i < alen;) {
		char line[80];
		int n = bpf_disasm_insn(a, i, alen, line, sizeof(line));

		if (n < 0) {
			printf("  FAIL %s: insn %zu: %s\n", path, i, line);
			(*failed)++;
			goto out;
		}
		out += sprintf(text + out, "%s\n", line);
		i += n;
	}
	if (bpf_asm(text, &b, &blen, err, sizeof(err))) {
		printf("  FAIL %s: reassembling: %s\n", path, err);
		(*failed)++;
	} else if (blen != alen || memcmp(a, b, alen * sizeof(*a))) {
		printf("  FAIL %s: bytes differ after the round trip\n", path);
		(*failed)++;
	} else {
		(*passed)++;
	}
out:
	free(text);
	free(a);
	free(b);
}

TEST(asm_disasm_roundtrip)
{
	int passed = 0, failed = 0;
	char buf[512];
	const char *dir = case_dir("tests", buf, sizeof(buf));

	if (!dir)
		return;
	CHECK(!for_each_case(dir, roundtrip, &passed, &failed));
	printf("  round trip: %d passed, %d failed\n", passed, failed);
	CHECK_EQ(failed, 0);
	CHECK(passed >= 313);
}
