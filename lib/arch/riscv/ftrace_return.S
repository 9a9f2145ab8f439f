/*
 * ftrace_graph_trampoline: where a call that function_graph follows returns
 * (lib/core/ftrace_graph.c put it in the call's ra). The function's sp is
 * back at its value at entry, which names the call on the return stack;
 * the return value (a0, a1) is kept across the C call, which gives the
 * real return address. In the never-probed section.
 *
 * No unwind rules (.cfi): its return address lives on function_graph's
 * return stack, which no rule can name. An unwind that meets it as a
 * return address translates it (core/cfi.h, ftrace_graph_ret_addr); one
 * from a fault inside ftrace_return_to_handler (library code) is
 * refused.
 */
	.section .text.eb_noprobe, "ax"
	.balign 4
	.globl ftrace_graph_trampoline
	.type ftrace_graph_trampoline, @function
ftrace_graph_trampoline:
	addi sp, sp, -16
	sd a0, 0(sp)
	sd a1, 8(sp)
	addi a0, sp, 16
	call ftrace_return_to_handler
	mv ra, a0
	ld a0, 0(sp)
	ld a1, 8(sp)
	addi sp, sp, 16
	jr ra
	.size ftrace_graph_trampoline, . - ftrace_graph_trampoline
