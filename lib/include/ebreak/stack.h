/*
 * Kernel stack traces by frame pointer: the host builds its kernel with
 * frame pointers (-fno-omit-frame-pointer), as Linux does for its
 * unwinder on riscv. Used by the stacktrace trigger of trace events and
 * printed by the host's own backtraces.
 */
#ifndef EBREAK_STACK_H
#define EBREAK_STACK_H

/* Frames a walk goes up at most past its start, and how far above the
 * starting frame pointer a frame may lie (a kernel stack's size, or
 * more). */
#ifndef EB_STACK_SPAN
#define EB_STACK_SPAN (64 * 1024)
#endif

/*
 * Save pc, then the return addresses found from frame pointer fp (and
 * ra, the return address register at a trap, or 0), in out[0..max), max
 * > 0; returns how many. Every read is fault-safe (eb_port_read_nofault)
 * and the walk stops at a frame that is not above the last one or
 * farther than EB_STACK_SPAN from the first. A kretprobe or
 * function_graph trampoline in place of a return address is shown as the
 * real return address. Safe in trap context.
 */
unsigned eb_stack_walk(unsigned long fp, unsigned long pc, unsigned long ra,
		       unsigned long *out, unsigned max);

#endif
