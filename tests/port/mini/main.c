/* Boot: the self test, then QEMU's exit with its outcome. */
#include "mini.h"

#define VIRT_TEST	0x100000UL	/* QEMU virt's test device */
#define TEST_PASS	0x5555
#define TEST_FAIL	0x3333		/* exit status in the top half */

/* mini.h's contract: QEMU's exit status is 0, or 1 if any failed. */
void
poweroff(unsigned failed)
{
	volatile uint32_t *dev = (volatile uint32_t *)VIRT_TEST;

	*dev = failed ? 1u << 16 | TEST_FAIL : TEST_PASS;
	for (;;)
		;
}

/* From _start (entry.S), on the boot stack, traps going to trapvec. */
void
main(void)
{
	printf("mini: boot\n");
	unsigned failed = selftest();

	printf("mini: done, %u failed\n", failed);
	poweroff(failed);
}
