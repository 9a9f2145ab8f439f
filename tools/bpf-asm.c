/*
 * bpf-asm: the library's eBPF assembler and disassembler as a command.
 *
 *   bpf-asm [-o OUT] [FILE]      assemble text (conformance syntax, see
 *                                lib/bpf/asm.h) to raw instructions,
 *                                8 bytes each, little-endian
 *   bpf-asm -d [-o OUT] [FILE]   disassemble raw instructions to text that
 *                                assembles back to the same bytes
 *
 * FILE and OUT default to stdin and stdout. Errors name the line (or the
 * instruction index) and the reason; the exit status is then 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <ebreak/port.h>
#include "bpf/asm.h"
#include "bpf/disasm.h"

static char *
slurp(FILE *f, size_t *len)
{
	size_t cap = 4096, n = 0, r;
	char *buf = malloc(cap + 1);

	while ((r = fread(buf + n, 1, cap - n, f)) > 0) {
		n += r;
		if (n == cap)
			buf = realloc(buf, (cap *= 2) + 1);
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

static int
assemble(const char *name, const char *text, FILE *out)
{
	struct bpf_insn *insns;
	size_t len;
	char err[256];

	if (bpf_asm(text, &insns, &len, err, sizeof(err))) {
		fprintf(stderr, "bpf-asm: %s: %s\n", name, err);
		return 1;
	}
	fwrite(insns, sizeof(*insns), len, out);
	eb_port_free(insns);
	return 0;
}

static int
disassemble(const char *name, const char *bytes, size_t size, FILE *out)
{
	size_t len = size / sizeof(struct bpf_insn);
	struct bpf_insn *insns = malloc(size + 1);
	int n;

	if (size % sizeof(struct bpf_insn)) {
		fprintf(stderr, "bpf-asm: %s: %zu bytes is not a whole number of instructions\n",
			name, size);
		return 1;
	}
	memcpy(insns, bytes, size);
	for (size_t i = 0; i < len; i += n) {
		char line[128];

		n = bpf_disasm_insn(insns, i, len, line, sizeof(line));
		if (n < 0) {
			fprintf(stderr, "bpf-asm: %s: insn %zu: %s\n", name, i,
				line);
			free(insns);
			return 1;
		}
		fprintf(out, "%s\n", line);
	}
	free(insns);
	return 0;
}

int
main(int argc, char **argv)
{
	const char *name = "<stdin>", *outname = NULL;
	FILE *in = stdin, *out = stdout;
	int c, dis = 0, r;
	size_t len;
	char *data;

	while ((c = getopt(argc, argv, "do:")) != -1) {
		if (c == 'd') {
			dis = 1;
		} else if (c == 'o') {
			outname = optarg;
		} else {
			fprintf(stderr, "usage: bpf-asm [-d] [-o OUT] [FILE]\n");
			return 2;
		}
	}
	if (optind < argc && !(in = fopen(name = argv[optind], "rb"))) {
		perror(name);
		return 1;
	}
	if (outname && !(out = fopen(outname, dis ? "w" : "wb"))) {
		perror(outname);
		return 1;
	}
	data = slurp(in, &len);
	r = dis ? disassemble(name, data, len, out) : assemble(name, data, out);
	free(data);
	if (fclose(out) && !r) {
		perror(outname ? outname : "<stdout>");
		r = 1;
	}
	if (r && outname)
		remove(outname);
	return r;
}
