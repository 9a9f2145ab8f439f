/*
 * Stack walks by frame pointer (<ebreak/stack.h>). With frame pointers,
 * RISC-V GCC keeps s0 = the caller's sp at entry, the return address at
 * s0-8 and the caller's s0 at s0-16; a leaf function saves only s0, at
 * s0-8 (where others keep ra).
 */
#include <ebreak/ftrace.h>
#include <ebreak/kprobes.h>
#include <ebreak/port.h>
#include <ebreak/stack.h>
#include <stdbool.h>
#include <stdint.h>

/* The word at addr, or 0 if it cannot be read. */
static unsigned long
word_at(unsigned long addr)
{
	unsigned long v;

	return eb_port_read_nofault(&v, (const void *)addr, sizeof v) ? 0 : v;
}

static const char *
function_of(unsigned long pc)
{
	uintptr_t start;
	size_t size;

	return eb_port_symbol_name(pc, &start, &size);
}

/* The return address a frame's slot (or ra, fp 0) holds, as the code it
 * returns to: function_graph's hook first (it is put in ra after a
 * kretprobe's), then a kretprobe's. */
static unsigned long
real_ret(unsigned long addr, unsigned long fp)
{
	return kretprobe_find_ret_addr(ftrace_graph_ret_addr(addr, fp));
}

/* Whether v may be a frame pointer above fp on the walk from base. */
static bool
frame_above(unsigned long v, unsigned long fp, unsigned long base)
{
	return v % 8 == 0 && v > fp && v - base <= EB_STACK_SPAN;
}

/*
 * From a trap, ra may name a caller the frames do not: a leaf function
 * saves no ra (a stack address at fp-8 marks its frame), and a trap in
 * an epilogue finds s0 already back at the caller's frame.
 */
unsigned
eb_stack_walk(unsigned long fp, unsigned long pc, unsigned long ra,
	      unsigned long *out, unsigned max)
{
	unsigned long base = fp, saved = fp % 8 ? 0 : word_at(fp - 8);
	unsigned n = 0;

	out[n++] = pc;
	ra = real_ret(ra, 0);
	if (ra && ra != real_ret(saved, fp) &&
	    function_of(ra - 1) != function_of(pc) && n < max)
		out[n++] = ra;
	if (frame_above(saved, fp, base))
		fp = saved;	/* a leaf's frame: saved is its caller's fp */
	while (n < max && fp % 8 == 0 && fp) {
		unsigned long ret = word_at(fp - 8), next = word_at(fp - 16);
		if (!ret)
			break;
		out[n++] = real_ret(ret, fp);
		if (!frame_above(next, fp, base))
			break;	/* stacks grow down: callers are above */
		fp = next;
	}
	return n;
}
