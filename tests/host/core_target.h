/* tests/host/core_target.c's instance of its struct cpu, for the CO-RE
 * host tests. */
#ifndef TESTS_HOST_CORE_TARGET_H
#define TESTS_HOST_CORE_TARGET_H

/* Sets the stand-in kernel's struct cpu and returns its address. */
void *core_target_cpu(int pid, unsigned id, unsigned long long ticks,
		      const char *comm, unsigned mode);

/* Its id field: a traced function taking a struct pointer. */
struct cpu;
unsigned core_target_id(const struct cpu *c);
unsigned core_target_first_id(const struct cpu **cs);
struct cpu_ref;
unsigned core_target_ref_id(const struct cpu_ref *r);

#endif
