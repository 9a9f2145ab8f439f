/*
 * Symbolized backtraces by frame pointer. With -fno-omit-frame-pointer,
 * RISC-V GCC keeps s0 = the caller's sp at entry, the return address at
 * s0-8 and the caller's s0 at s0-16.
 */
#include "defs.h"
#include <ebreak/kprobes.h>

static bool
on_a_stack(unsigned long fp)
{
	unsigned long lo = (unsigned long)kstacks;

	return fp % 8 == 0 && fp > lo && fp <= lo + sizeof(kstacks);
}

/* Print pc symbolized; a return address is looked up one byte back, so
 * a call that ends its function names the caller, not the next one. */
static void
print_frame(unsigned long pc, bool is_return)
{
	uintptr_t start;
	size_t size;
	const char *name = kallsyms_lookup(pc - is_return, &start, &size);

	if (name)
		printf("  %016lx %s+0x%lx/0x%lx\n", pc, name, pc - start,
		       (unsigned long)size);
	else
		printf("  %016lx ?\n", pc);
}

static const char *
function_of(unsigned long pc)
{
	uintptr_t start;
	size_t size;

	return kallsyms_lookup(pc, &start, &size);
}

/*
 * Save pc, then the return addresses found from frame pointer fp, in
 * out[0..max), max > 0; returns how many. Walking from a trap, ra (else 0) may
 * name a caller the frames do not: a leaf function saves only s0, at fp-8
 * where others keep ra (a stack address there marks such a frame), and a
 * trap in an epilogue finds s0 already restored to the caller's frame.
 * A kretprobe trampoline in place of a return address is shown as the
 * real return address.
 */
int
backtrace_save_from(unsigned long fp, unsigned long pc, unsigned long ra,
		    unsigned long *out, int max)
{
	bool framed = on_a_stack(fp);
	unsigned long saved = framed ? ((unsigned long *)fp)[-1] : 0;
	int n = 0;

	out[n++] = pc;
	ra = kretprobe_find_ret_addr(ra);
	if (ra && ra != kretprobe_find_ret_addr(saved) &&
	    function_of(ra - 1) != function_of(pc) && n < max)
		out[n++] = ra;
	if (framed && on_a_stack(saved))
		fp = saved;	/* a leaf's frame: saved is its caller's fp */
	while (n < max && on_a_stack(fp)) {
		unsigned long ret = ((unsigned long *)fp)[-1];
		unsigned long next = ((unsigned long *)fp)[-2];
		if (!ret)
			break;
		out[n++] = kretprobe_find_ret_addr(ret);
		if (next <= fp)
			break;	/* stacks grow down: callers are above */
		fp = next;
	}
	return n;
}

/* Print the backtrace backtrace_save_from finds, symbolized. */
void
backtrace_from(unsigned long fp, unsigned long pc, unsigned long ra)
{
	unsigned long pcs[34];	/* pc, ra, 32 frames */
	int n = backtrace_save_from(fp, pc, ra, pcs, ARRAY_SIZE(pcs));

	printf("backtrace:\n");
	for (int i = 0; i < n; i++)
		print_frame(pcs[i], i > 0);
}

/* Save the caller's backtrace in out[0..max); returns how many. */
int
backtrace_save(unsigned long *out, int max)
{
	return backtrace_save_from((unsigned long)__builtin_frame_address(0),
				   (unsigned long)backtrace_save, 0, out, max);
}

/* Print the caller's backtrace, symbolized (panic uses it). Any context. */
void
backtrace(void)
{
	backtrace_from((unsigned long)__builtin_frame_address(0),
		       (unsigned long)backtrace, 0);
}
