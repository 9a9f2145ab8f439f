/* The in-kernel test and benchmark runners (see ktest.h). */
#include "ktest.h"
#include "riscv.h"

extern const struct ktest __start_ktests[], __stop_ktests[];
extern const struct kbench __start_kbenches[], __stop_kbenches[];

static bool test_failed;

/* Report a failed KEXPECT (file, line, the expression) and fail the
 * running test; returns false for KEXPECT to yield. */
bool
ktest_fail(const char *file, int line, const char *what)
{
	printf("    %s:%d: expected %s\n", file, line, what);
	test_failed = true;
	return false;
}

/* Expected number of harts (boot arg harts=N; 0 = not given). */
unsigned
ktest_expected_harts(void)
{
	return bootarg_long("harts", 0);
}

/* Run fn(arg) on every hart at once: the others through smp_work_start,
 * this one itself; returns once all are done. */
void
ktest_on_every_hart(void (*fn)(void *), void *arg)
{
	for (unsigned i = 0; i < ncpu; i++)
		if (i != cpuid())
			smp_work_start(i, fn, arg);
	fn(arg);
	for (unsigned i = 0; i < ncpu; i++)
		if (i != cpuid())
			smp_work_wait(i);
}

/* Whether suite is named in the comma-separated filter, or the filter is
 * "all" and the suite is not a crash suite (those end the run on purpose). */
static bool
selected(const char *suite, const char *filter, size_t len)
{
	size_t n = strlen(suite);

	if (len == 3 && strncmp(filter, "all", 3) == 0)
		return strncmp(suite, "crash", 5) != 0;
	for (const char *p = filter, *end = filter + len; p < end;) {
		const char *comma = p;
		while (comma < end && *comma != ',')
			comma++;
		if ((size_t)(comma - p) == n && strncmp(p, suite, n) == 0)
			return true;
		p = comma + 1;
	}
	return false;
}

static bool
seen_before(const struct ktest *t)
{
	for (const struct ktest *u = __start_ktests; u < t; u++)
		if (strcmp(u->suite, t->suite) == 0)
			return true;
	return false;
}

/* Run one suite's tests; returns its failure count. */
static int
run_suite(const char *suite)
{
	int passed = 0, failed = 0;

	for (const struct ktest *t = __start_ktests; t < __stop_ktests; t++) {
		if (strcmp(t->suite, suite) != 0)
			continue;
		test_failed = false;
		t->fn();
		printf("test %s.%s: %s\n", suite, t->name,
		       test_failed ? "FAILED" : "OK");
		if (test_failed)
			failed++;
		else
			passed++;
	}
	/* A tag (boot arg tag=T) tells apart runs of one suite on different
	 * machines: SUITE-T. */
	const char *tag = "";
	size_t tlen = 0;
	bootarg("tag", &tag, &tlen);
	printf("%s%s%.*s: %d passed, %d failed\n", suite, tlen ? "-" : "",
	       (int)tlen, tag, passed, failed);
	return failed;
}

/* Run the selected suites in link order; returns the number of failures. */
int
ktest_run(const char *filter, size_t len)
{
	int failed = 0;

	intr_on();
	for (const struct ktest *t = __start_ktests; t < __stop_ktests; t++)
		if (!seen_before(t) && selected(t->suite, filter, len))
			failed += run_suite(t->suite);
	return failed;
}

/* Why the running benchmark failed; empty while it has not. */
static char bench_failed[128];

/* Marks the running benchmark failed, why being what went wrong (copied);
 * returns 0 for the benchmark to return. */
uint64_t
kbench_fail(const char *why)
{
	size_t n = strlen(why);

	if (n >= sizeof(bench_failed))
		n = sizeof(bench_failed) - 1;
	memcpy(bench_failed, why, n);
	bench_failed[n] = '\0';
	return 0;
}

/* Run every benchmark with every interrupt source masked (sie), so no
 * tick lands inside a measurement (with -icount the counts are then exact
 * and repeatable), but with interrupts globally on (sstatus.SIE), as most
 * probed code runs. With only (bench=NAME), just that benchmark. */
void
kbench_run(const char *only, size_t len)
{
	unsigned long sources = csr_read(sie);

	csr_clear(sie, sources);
	intr_on();
	for (const struct kbench *b = __start_kbenches; b < __stop_kbenches; b++) {
		if (len && (strlen(b->name) != len || strncmp(b->name, only, len)))
			continue;
		bench_failed[0] = '\0';
		uint64_t v = b->fn();
		if (bench_failed[0])
			printf("bench: %s = FAILED (%s)\n", b->name,
			       bench_failed);
		else
			printf("bench: %s = %lu %s\n", b->name,
			       (unsigned long)v, b->unit);
	}
	csr_set(sie, sources);
}
