/* Process entry: the kernel passes argc in a0 and argv in a1. */
	.section .text.start, "ax"
	.globl _start
_start:
	mv s0, zero		/* end of frame-pointer chains */
	call main
	call exit		/* main's return value */
1:	j 1b
