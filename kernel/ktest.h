/*
 * In-kernel tests. A test is a function registered with
 *
 *	KTEST(suite, name) { ... KEXPECT(cond); KEXPECT_EQ(a, b); ... }
 *
 * Booting with test=all (or test=suite1,suite2) runs the suites on the
 * boot hart with the other harts idle (hand them work with smp_work_start).
 * Each suite prints `SUITE: N passed, N failed`; a test fails if any of
 * its expectations fails, and the others still run. A panic ends the run.
 * Suites named crash* are left out of test=all: they panic on purpose and
 * a script checks what the panic printed.
 */
#ifndef KERNEL_KTEST_H
#define KERNEL_KTEST_H
#include "defs.h"

struct ktest {
	const char *suite;
	const char *name;
	void (*fn)(void);
};

#define KTEST(suite, name)						\
	static void ktest_##suite##_##name(void);			\
	static const struct ktest ktest_desc_##suite##_##name		\
	__attribute__((used, section("ktests"), aligned(8))) =		\
		{ #suite, #name, ktest_##suite##_##name };		\
	static void ktest_##suite##_##name(void)

/* Record a failure at file:line; returns false so it can be tested. */
bool ktest_fail(const char *file, int line, const char *what);

#define KEXPECT(cond) ({						\
	bool ok_ = (cond);						\
	if (!ok_)							\
		ktest_fail(__FILE__, __LINE__, #cond);			\
	ok_; })

#define KEXPECT_EQ(a, b) ({						\
	unsigned long a_ = (unsigned long)(a), b_ = (unsigned long)(b);	\
	if (a_ != b_)							\
		printf("    %s = 0x%lx, %s = 0x%lx\n", #a, a_, #b, b_);	\
	a_ == b_ ? true : ktest_fail(__FILE__, __LINE__, #a " == " #b); })

/* Expected number of harts (boot arg harts=N; 0 = not given). */
unsigned ktest_expected_harts(void);

/* Run fn(arg) on every hart at once, this one included; returns when
 * all are done. */
void ktest_on_every_hart(void (*fn)(void *), void *arg);

/*
 * In-kernel benchmarks, run by booting with `bench` (make bench):
 *	KBENCH(name, unit) { return value; }
 * prints `bench: name = value unit`; one whose setup failed returns
 * kbench_fail(why) and prints `bench: name = FAILED (why)` instead, which
 * makes `make bench` fail (a 0 would pass for a measurement).
 */
struct kbench {
	const char *name;
	const char *unit;
	uint64_t (*fn)(void);
};

/* Marks the running benchmark failed, why being what went wrong (copied);
 * returns 0 for the benchmark to return. */
uint64_t kbench_fail(const char *why);

#define KBENCH(name, unit)						\
	static uint64_t kbench_##name(void);				\
	static const struct kbench kbench_desc_##name			\
	__attribute__((used, section("kbenches"), aligned(8))) =	\
		{ #name, unit, kbench_##name };				\
	static uint64_t kbench_##name(void)

#endif
