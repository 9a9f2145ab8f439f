/* Symbolized backtraces: the library's frame-pointer walk, printed. */
#include "defs.h"
#include <ebreak/stack.h>

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

/* Print the stack from a trap's fp, pc and ra (0 if unknown),
 * symbolized. Any context (a panic's). */
void
backtrace_from(unsigned long fp, unsigned long pc, unsigned long ra)
{
	unsigned long pcs[34];	/* pc, ra, 32 frames */
	unsigned n = eb_stack_walk(fp, pc, ra, pcs, ARRAY_SIZE(pcs));

	printf("backtrace:\n");
	for (unsigned i = 0; i < n; i++)
		print_frame(pcs[i], i > 0);
}

/* Save the caller's stack in out[0..max); returns how many. Any
 * context. */
int
backtrace_save(unsigned long *out, int max)
{
	return eb_stack_walk((unsigned long)__builtin_frame_address(0),
			     (unsigned long)backtrace_save, 0, out, max);
}

/* Print the caller's stack, symbolized. Any context. */
void
backtrace(void)
{
	backtrace_from((unsigned long)__builtin_frame_address(0),
		       (unsigned long)backtrace, 0);
}
