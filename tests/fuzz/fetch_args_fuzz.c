/*
 * libFuzzer target: random text through the kprobe_events argument
 * parser (eb_fetch_arg_parse), and every argument it accepts run on a frame
 * (eb_fetch_arg_print, and eb_fetch_arg_value as a filter reads it), under
 * ASan and UBSan. A refusal must come with a message; an accepted argument
 * must print a NUL-terminated text within its buffer, and a string field
 * be one within its own, whatever the registers and memory hold. Memory outside a
 * 4 KiB block counts as unmapped (the host port's read_nofault), and
 * every register points into the block, at random.
 *
 * BTF argument names are those of kpf_target (o, a struct's pointer, and
 * n) in the BTF file $FETCH_FUZZ_BTF names (the reference kernel's,
 * build/kernel/vmlinux.btf, under make test) for an argument in position
 * 1 (each such argument parses the whole BTF: the others stay fast);
 * elsewhere, and without the file, they are refused.
 *
 * Input: byte 0 picks return probe or not (bit 0), the argument's
 * position (for its default name; bits 1-3) and the registers the frame
 * holds (bit 4 clear: all, a trap's; set: a partial frame's pc, ra, sp,
 * s0 and a0 up to a(bits 5-7), as at a patchable entry or a return); the
 * rest is the argument's text; the bytes after a NUL fill the block.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/fetch_args.h"
#include <ebreak/kprobes.h>

extern const char *host_mapped_lo, *host_mapped_hi;	/* port_host.c */
extern const void *host_kernel_btf;
extern size_t host_kernel_btf_len;

/* The function whose BTF parameters fetch args may name. */
static struct fetch_func fuzz_func = { "kpf_target" };

/* The printer asks the kretprobe half (not linked here) for the real
 * return address behind a trampoline: no trampolines, no change. */
unsigned long
kretprobe_find_ret_addr(unsigned long addr)
{
	return addr;
}

static char block[4096] __attribute__((aligned(16)));
static unsigned long parsed, accepted;

static void
report(void)
{
	fprintf(stderr, "fetch-args-fuzz: %lu arguments, %lu accepted\n",
		parsed, accepted);
}

/* The BTF in $FETCH_FUZZ_BTF, if it names one: its length. */
static size_t
load_btf(void)
{
	const char *path = getenv("FETCH_FUZZ_BTF");
	FILE *f = path ? fopen(path, "rb") : NULL;
	static char btf[1 << 20] __attribute__((aligned(8)));
	size_t len;

	if (!f)
		return 0;
	len = fread(btf, 1, sizeof btf, f);
	host_kernel_btf = btf;
	fclose(f);
	return len;
}

/* Every register, the pc included, somewhere in the block. */
static void
fill_frame(struct pt_regs *regs, const uint8_t *seed, size_t n)
{
	unsigned long *word = (unsigned long *)regs;

	for (size_t i = 0; i < sizeof *regs / sizeof *word; i++)
		word[i] = (unsigned long)block + (n ? seed[i % n] * 16 : 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int once;
	static size_t btf_len;
	char text[256], msg[128], out[240];
	struct fetch_arg fa;
	size_t at;
	struct pt_regs regs;

	if (!once++) {
		host_mapped_lo = block;
		host_mapped_hi = block + sizeof block;
		btf_len = load_btf();
		atexit(report);
	}
	if (size < 1)
		return 0;
	size_t len = strnlen((const char *)data + 1, size - 1);
	if (len >= sizeof text)
		return 0;
	memcpy(text, data + 1, len);
	text[len] = 0;
	const uint8_t *rest = data + 1 + len;
	size_t nrest = size - 1 - len;
	memset(block, 0, sizeof block);
	memcpy(block, rest, nrest < sizeof block ? nrest : sizeof block);
	parsed++;
	msg[0] = 0;
	unsigned long held = data[0] & 0x10 ?
		0x107ul | ((2ul << (data[0] >> 5)) - 1) << 10 : ~0ul;
	host_kernel_btf_len = data[0] / 2 % 8 ? 0 : btf_len;
	if (eb_fetch_arg_parse(&fa, text, len, data[0] / 2 % 8 + 1, data[0] & 1,
			       &fuzz_func, held, msg, sizeof msg, &at)) {
		eb_fetch_func_done(&fuzz_func);
		if (!msg[0] || !memchr(msg, 0, sizeof msg) || at > len)
			abort();	/* a refusal says why, and where */
		return 0;
	}
	eb_fetch_func_done(&fuzz_func);
	accepted++;
	fill_frame(&regs, rest, nrest);
	unsigned long args[FETCH_ENTRY_ARGS];
	eb_fetch_save_entry_args(args, &regs);
	size_t n = eb_fetch_arg_print(&fa, &regs, args, out, 0, sizeof out);
	if (n >= sizeof out || strlen(out) != n)
		abort();
	enum eb_field_type type = eb_fetch_arg_field_type(&fa);
	union eb_field_value v;
	char str[EB_FILTER_STR_MAX];
	if (type == EB_FIELD_ARRAY)	/* no filter reads one */
		return 0;
	eb_fetch_arg_value(&fa, &regs, args, &v, str, sizeof str);
	if (type == EB_FIELD_STRING && (v.str != str ||
					strnlen(str, sizeof str) == sizeof str))
		abort();
	return 0;
}
