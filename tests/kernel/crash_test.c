/*
 * A kernel fault, on purpose: tests/kernel/crash-check.sh boots with
 * test=crash and checks that the panic names the cause, dumps registers
 * and walks the stack through these functions by name.
 */
#include "ktest.h"

noinline static void
crash_write_to_text(volatile uint32_t *text)
{
	*text = 0;	/* text is read+execute only: a store page fault */
}

noinline static void
crash_middle(void)
{
	crash_write_to_text((volatile uint32_t *)crash_middle);
	asm volatile("");	/* keep the call from being a tail call */
}

KTEST(crash, store_to_text_panics_with_backtrace)
{
	crash_middle();
	ktest_fail(__FILE__, __LINE__, "the store to text did not fault");
}
