/* Shared by the in-kernel benchmarks: the measurement loops (bench_asm.S).
 * Each returns the instructions retired by n iterations. */
#ifndef BENCH_BENCH_H
#define BENCH_BENCH_H
#include <stdint.h>

#define BENCH_ITERATIONS 1000

uint64_t bench_loop_empty(long n);
uint64_t bench_loop_call(void (*fn)(void), long n);
uint64_t bench_loop_ebreak(long n);

/* Instructions per call of fn, the loop itself not counted. */
uint64_t bench_per_call(void (*fn)(void));

/* The function every probe benchmark measures: empty, not inlined, with
 * a patchable entry (<ebreak/ftrace.h>): a kprobe on its address is
 * trap-free. */
void bench_empty_function(void);

/* The same built without the entry (EB_NOTRACE): its first instruction
 * is a stepped one, for the breakpoint kprobes' figures. */
void bench_empty_notrace(void);

#endif
