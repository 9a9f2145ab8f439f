/* The C basics the library needs (docs/PORTING.md step 1), byte at a
 * time. EB_NOPROBE: the library's handlers call them. */
#include <ebreak/kprobes.h>
#include <ebreak/libc.h>

/* C's memmove: forward when dst is below src, else backward, so an
 * overlap is read before it is written. */
EB_NOPROBE void *
memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d < s)
		for (size_t i = 0; i < n; i++)
			d[i] = s[i];
	else
		while (n--)
			d[n] = s[n];
	return dst;
}

/* C's memcpy: memmove's copy does for it. */
EB_NOPROBE void *
memcpy(void *dst, const void *src, size_t n)
{
	return memmove(dst, src, n);
}

/* C's memset. */
EB_NOPROBE void *
memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;

	for (size_t i = 0; i < n; i++)
		d[i] = (unsigned char)c;
	return dst;
}

/* C's memcmp. */
EB_NOPROBE int
memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (size_t i = 0; i < n; i++)
		if (x[i] != y[i])
			return x[i] < y[i] ? -1 : 1;
	return 0;
}

/* C's strlen. */
EB_NOPROBE size_t
strlen(const char *s)
{
	const char *end = s;

	while (*end)
		end++;
	return (size_t)(end - s);
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
