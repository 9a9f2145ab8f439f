/*
 * Host unit tests: TEST(name) { ... CHECK(cond); ... }
 * Tests register themselves at load time and run in file order; a test
 * fails if any CHECK in it fails, and the others still run.
 * The runner prints `SUITE: N passed, N failed[, N skipped]` (SUITE from
 * the binary's name) and exits non-zero on any failure.
 */
#ifndef EBREAK_HOST_TEST_H
#define EBREAK_HOST_TEST_H
#include <stdio.h>

struct host_test {
	const char *name;
	void (*fn)(void);
	struct host_test *next;
};

void host_test_register(struct host_test *t);
/* Records a failed check and prints where; returns 0 so CHECK can be used
 * as an expression. */
int host_test_fail(const char *file, int line, const char *what);
/* Marks the running test skipped (neither passed nor failed) because
 * something it needs is missing; why says what and how to get it. Each
 * distinct why is printed once, after the totals. */
void host_test_skip(const char *why);
/* Counts one case of a data-driven test as its own pass or fail: the test
 * then counts as its cases (plus one failure if a CHECK outside them
 * failed) instead of as one test. */
void host_test_case(int ok);
/* The directory of external test data: environment variable env, else
 * dflt (relative to the repository's top). Returns NULL and skips the
 * running test, naming the directory and how to get it, when it is not
 * there. */
const char *host_test_data_dir(const char *env, const char *dflt,
			       const char *how);

#define TEST(name)							\
	static void test_##name(void);					\
	static struct host_test test_desc_##name = { #name, test_##name, 0 }; \
	__attribute__((constructor)) static void test_reg_##name(void)	\
	{ host_test_register(&test_desc_##name); }			\
	static void test_##name(void)

#define CHECK(cond) \
	((cond) ? 1 : host_test_fail(__FILE__, __LINE__, #cond))

/* CHECK that a == b (integers), printing both on failure. */
#define CHECK_EQ(a, b) do {						\
	long long a_ = (long long)(a), b_ = (long long)(b);		\
	if (a_ != b_) {							\
		fprintf(stderr, "  %s = %lld (0x%llx), %s = %lld (0x%llx)\n", \
			#a, a_, (unsigned long long)a_, #b, b_,		\
			(unsigned long long)b_);			\
		host_test_fail(__FILE__, __LINE__, #a " == " #b);	\
	}								\
} while (0)

#endif
