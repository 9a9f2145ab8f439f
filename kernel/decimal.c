/* The shell's numbers: decimal or hex digits read into an unsigned long. */
#include "defs.h"

/*
 * Read the decimal digits at the start of s into *n (~0UL when they
 * do not fit). Returns where the digits end: s itself when s does not
 * start with one, so a caller tells "no number" from what follows it.
 */
const char *
parse_decimal(const char *s, unsigned long *n)
{
	unsigned long v = 0;

	for (; *s >= '0' && *s <= '9'; s++) {
		unsigned d = *s - '0';
		v = v > (~0UL - d) / 10 ? ~0UL : v * 10 + d;
	}
	*n = v;
	return s;
}

/* parse_decimal's twin for hex digits (either case, no 0x): the value
 * is ~0UL when they do not fit. */
const char *
parse_hex(const char *s, unsigned long *n)
{
	unsigned long v = 0;

	for (;; s++) {
		unsigned c = (unsigned)*s | 32, d;
		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else
			break;
		v = v >> 60 ? ~0UL : v << 4 | d;
	}
	*n = v;
	return s;
}
