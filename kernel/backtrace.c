/*
 * Symbolized backtraces by frame pointer. With -fno-omit-frame-pointer,
 * RISC-V GCC keeps s0 = the caller's sp at entry, the return address at
 * s0-8 and the caller's s0 at s0-16.
 */
#include "defs.h"

extern char kstacks[];

static bool
on_a_stack(unsigned long fp)
{
	unsigned long lo = (unsigned long)kstacks;

	return fp % 8 == 0 && fp > lo && fp <= lo + NCPU * KSTACK_SIZE;
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
 * Print pc, then the return addresses found from frame pointer fp.
 * Walking from a trap, ra (else 0) may name a caller the frames do not:
 * a leaf function saves only s0, at fp-8 where others keep ra (a stack
 * address there marks such a frame), and a trap in an epilogue finds s0
 * already restored to the caller's frame.
 */
void
backtrace_from(unsigned long fp, unsigned long pc, unsigned long ra)
{
	bool framed = on_a_stack(fp);
	unsigned long saved = framed ? ((unsigned long *)fp)[-1] : 0;

	printf("backtrace:\n");
	print_frame(pc, false);
	if (ra && ra != saved && function_of(ra - 1) != function_of(pc))
		print_frame(ra, true);
	if (framed && on_a_stack(saved))
		fp = saved;	/* a leaf's frame: saved is its caller's fp */
	for (int depth = 0; depth < 32 && on_a_stack(fp); depth++) {
		unsigned long ret = ((unsigned long *)fp)[-1];
		unsigned long next = ((unsigned long *)fp)[-2];
		if (!ret)
			break;
		print_frame(ret, true);
		if (next <= fp)
			break;	/* stacks grow down: callers are above */
		fp = next;
	}
}

void
backtrace(void)
{
	backtrace_from((unsigned long)__builtin_frame_address(0),
		       (unsigned long)backtrace, 0);
}
