/* Shared by the probe stress tests: waking worker harts that call probed
 * code in bursts and sleep in wfi between them. Under QEMU a vCPU that
 * spins starves the others, so a worker must not spin while hart 0 waits
 * for every hart to take a stop_machine IPI. */
#ifndef TESTS_KERNEL_PROBE_WORKERS_H
#define TESTS_KERNEL_PROBE_WORKERS_H

/* Wake the workers (an IPI round) and give them time for a burst. */
void let_workers_call(void);

#endif
