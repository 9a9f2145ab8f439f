/* Calls into OpenSBI (SBI v0.2+ extensions: TIME, IPI, HSM). sbi_call and
 * sbi_send_ipi are never probed: stop_machine and cross-calls use them. */
#include "defs.h"

#define SBI_EXT_TIME	0x54494D45
#define SBI_EXT_IPI	0x735049
#define SBI_EXT_HSM	0x48534D

EB_NOPROBE static struct sbiret
sbi_call(long ext, long fid, long a0, long a1, long a2)
{
	register long r_a0 asm("a0") = a0;
	register long r_a1 asm("a1") = a1;
	register long r_a2 asm("a2") = a2;
	register long r_a6 asm("a6") = fid;
	register long r_a7 asm("a7") = ext;

	asm volatile("ecall"
		     : "+r"(r_a0), "+r"(r_a1)
		     : "r"(r_a2), "r"(r_a6), "r"(r_a7)
		     : "memory");
	return (struct sbiret){ r_a0, r_a1 };
}

/* Program this hart's timer to interrupt at time stime. */
void
sbi_set_timer(uint64_t stime)
{
	sbi_call(SBI_EXT_TIME, 0, stime, 0, 0);
}

/* Raise a supervisor software interrupt on the harts in the mask. */
EB_NOPROBE int
sbi_send_ipi(unsigned long hart_mask, unsigned long hart_mask_base)
{
	return sbi_call(SBI_EXT_IPI, 0, hart_mask, hart_mask_base, 0).error;
}

/* Start a stopped hart at start (MMU off) with a0 = hartid, a1 = opaque. */
int
sbi_hart_start(unsigned long hartid, unsigned long start, unsigned long opaque)
{
	return sbi_call(SBI_EXT_HSM, 0, hartid, start, opaque).error;
}

/* HSM state of a hart (0 started, 1 stopped, ...), or < 0 if none. */
long
sbi_hart_status(unsigned long hartid)
{
	struct sbiret r = sbi_call(SBI_EXT_HSM, 2, hartid, 0, 0);

	return r.error ? r.error : r.value;
}
