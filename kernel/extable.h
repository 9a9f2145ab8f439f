/*
 * The exception table, for assembly: `extable insn, fixup` lists an
 * instruction that may fault and where a fault there resumes
 * (kernel/trap.c, fixup_fault).
 */
#ifndef KERNEL_EXTABLE_H
#define KERNEL_EXTABLE_H
#ifdef __ASSEMBLY__
.macro extable insn, fixup
	.pushsection extable, "a"
	.balign 8
	.dword \insn, \fixup
	.popsection
.endm
#endif
#endif
