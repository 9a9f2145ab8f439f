/* Other harts calling a function as fast as they can until stopped:
 * the load under which the eBPF suites change what programs reach (a
 * prog array's slot, a map of maps' map). */
#ifndef TESTS_KERNEL_BUSY_CALLERS_H
#define TESTS_KERNEL_BUSY_CALLERS_H

/* Every hart but this one calls fn over and over, without pausing,
 * until busy_callers_stop. */
void busy_callers_start(void (*fn)(void));

/* Stops them, waits for each, and returns how many calls they made. */
unsigned long busy_callers_stop(void);

#endif
