/* The C basics a freestanding compiler and the library expect. All are
 * EB_NOPROBE: the library's handlers call them (docs/PORTING.md), so a
 * probe on one would miss hits or, under a map's lock, never return. */
#include "defs.h"

/* Copy n bytes (regions must not overlap); returns dst. Eight at a time
 * when all is 8-byte aligned. */
EB_NOPROBE void *
(memcpy)(void *dst, const void *src, size_t n)
{
	char *d = dst;
	const char *s = src;

	if ((((uintptr_t)d | (uintptr_t)s | n) & 7) == 0) {
		for (size_t i = 0; i < n; i += 8)
			*(uint64_t *)(d + i) = *(const uint64_t *)(s + i);
		return dst;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

/* Copy n bytes between regions that may overlap; returns dst. */
EB_NOPROBE void *
memmove(void *dst, const void *src, size_t n)
{
	char *d = dst;
	const char *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

/* Set n bytes at dst to c; returns dst. */
EB_NOPROBE void *
(memset)(void *dst, int c, size_t n)
{
	unsigned char *d = dst;

	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

/* <0, 0 or >0 as the first differing byte of a is below, equal to or
 * above b's. */
EB_NOPROBE int
(memcmp)(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

/* Length of s without its NUL. */
EB_NOPROBE size_t
strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

/* <0, 0 or >0 as a sorts before, equal to or after b. */
EB_NOPROBE int
strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

/* strcmp over at most n characters. */
EB_NOPROBE int
strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			break;
	}
	return 0;
}
