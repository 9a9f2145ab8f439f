/* The cfi_unwind suite's shared values (C and assembly). */
#ifndef TESTS_CFI_UNWIND_H
#define TESTS_CFI_UNWIND_H

/* What cu_call_checked puts in register x n (s1 = x9, s2-s11 = x18-x27)
 * before its call and expects there after. */
#define CU_PAT(n)	(0x5eed0000c0de0000 + (n) * 0x100000001)

#ifndef __ASSEMBLY__
/* Calls fn(arg) with CU_PAT(n) in each of s1-s11 (and its frame pointer
 * in s0), stores fn's value in *ret and returns the registers that came
 * back changed (bit n for x n; 0: all intact). Its sp at the call is in cu_call_sp, its return
 * address is cu_call_checked_ret. */
unsigned long cu_call_checked(unsigned long (*fn)(unsigned long),
			      unsigned long arg, unsigned long *ret);
extern unsigned long cu_call_sp;
extern char cu_call_checked_ret[];
#endif

#endif
