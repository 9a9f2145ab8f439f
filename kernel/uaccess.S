/*
 * A memory copy that survives faults. Its load and its store are listed
 * in the extable section; kernel_trap resumes a fault there at the fixup
 * label, which returns -EFAULT (-14).
 */
#include "extable.h"

#define EFAULT 14

	.section .text.eb_noprobe, "ax"	/* used on the probe hit path */
/* int copy_nofault(void *dst, const void *src, size_t len),
 * int write_nofault(...): one routine under two names, for the side the
 * caller expects to fault. 0, or -EFAULT if reading src or writing dst
 * faulted (dst then holds the bytes copied before). */
	.globl copy_nofault, write_nofault
copy_nofault:
write_nofault:
	beqz a2, 2f
1:	lbu t0, 0(a1)
3:	sb t0, 0(a0)
	addi a0, a0, 1
	addi a1, a1, 1
	addi a2, a2, -1
	bnez a2, 1b
2:	li a0, 0
	ret
	extable 1b, on_fault
	extable 3b, on_fault

on_fault:
	li a0, -EFAULT
	ret
