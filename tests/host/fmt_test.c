/* eb_vsnprintf agrees with the C library on the formats the library uses. */
#include "test.h"
#include <ebreak/fmt.h>
#include <stdint.h>
#include <string.h>

#define SAME(...) do {							\
	char ours[128], libc[128];					\
	int n1 = eb_snprintf(ours, sizeof ours, __VA_ARGS__);		\
	int n2 = snprintf(libc, sizeof libc, __VA_ARGS__);		\
	if (!CHECK(n1 == n2 && strcmp(ours, libc) == 0))		\
		fprintf(stderr, "  ours '%s' libc '%s'\n", ours, libc);	\
} while (0)

TEST(fmt_integers)
{
	SAME("%d %i %u", -42, 7, 4000000000u);
	SAME("%ld %lu %lld", -1L, ~0UL, (long long)INT64_MIN);
	SAME("%x %X %lx %o", 0xbeefu, 0xbeefu, 0x123456789abcUL, 8u);
	SAME("%zu %zd", (size_t)99, (ssize_t)-3);
	SAME("[%5d] [%-5d] [%05d] [%08lx]", 42, 42, -42, 0xabcUL);
	SAME("[%+d] [% d] [%+05d] [%-+4d] [% ld]", 5, 7, -3, 2, -9L);
}

TEST(fmt_strings)
{
	SAME("%s|%10s|%-10s|%.3s|%c%%", "abc", "right", "left", "truncate", 'z');
	SAME("%p", (void *)0x1234);
}

TEST(fmt_precision_zero_reads_nothing)
{
	char buf[8];

	/* %.0s must not touch the string: here it is not one. */
	CHECK_EQ(eb_snprintf(buf, sizeof buf, "[%.*s]", 0, (const char *)3), 2);
	CHECK(strcmp(buf, "[]") == 0);
}

TEST(fmt_truncates)
{
	char buf[8];
	int n = eb_snprintf(buf, sizeof buf, "%s", "0123456789");
	CHECK_EQ(n, 10);
	CHECK(strcmp(buf, "0123456") == 0);
	CHECK_EQ(eb_snprintf(NULL, 0, "%d", 12345), 5);
}
