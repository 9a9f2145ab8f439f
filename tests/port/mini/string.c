/* The C basics the library needs (docs/PORTING.md step 1), byte at a
 * time. EB_NOPROBE: the library's handlers call them. */
#include <ebreak/kprobes.h>
#include <ebreak/libc.h>

/* C's memcpy. */
EB_NOPROBE void *
memcpy(void *dst, const void *src, size_t n)
{
	char *d = dst;
	const char *s = src;

	while (n--)
		*d++ = *s++;
	return dst;
}

/* C's memmove. */
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

/* C's memset. */
EB_NOPROBE void *
memset(void *dst, int c, size_t n)
{
	char *d = dst;

	while (n--)
		*d++ = (char)c;
	return dst;
}

/* C's memcmp. */
EB_NOPROBE int
memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

/* C's strlen. */
EB_NOPROBE size_t
strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

/* C's strncmp. */
EB_NOPROBE int
strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++)
		if (*a != *b || !*a)
			return (unsigned char)*a - (unsigned char)*b;
	return 0;
}

/* C's strcmp. */
EB_NOPROBE int
strcmp(const char *a, const char *b)
{
	return strncmp(a, b, SIZE_MAX);
}
