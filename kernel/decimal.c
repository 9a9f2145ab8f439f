/* The shell's numbers: decimal or hex digits read into an unsigned long. */
#include "defs.h"

/* The digits of base (10 or 16: either case) at the start of s into *n,
 * which is ~0UL, *over set, when they do not fit. Returns where they
 * end. */
static const char *
digits(const char *s, unsigned base, unsigned long *n, bool *over)
{
	unsigned long v = 0;

	*over = false;
	for (;; s++) {
		unsigned c = (unsigned)*s | 32, d;
		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else
			break;
		if (v > (~0UL - d) / base)
			*over = true;
		v = *over ? ~0UL : v * base + d;
	}
	*n = v;
	return s;
}

/*
 * Read the decimal digits at the start of s into *n (~0UL when they
 * do not fit). Returns where the digits end: s itself when s does not
 * start with one, so a caller tells "no number" from what follows it.
 */
const char *
parse_decimal(const char *s, unsigned long *n)
{
	bool over;

	return digits(s, 10, n, &over);
}

/* parse_decimal's twin for hex digits (either case, no 0x): the value
 * is ~0UL when they do not fit. */
const char *
parse_hex(const char *s, unsigned long *n)
{
	bool over;

	return digits(s, 16, n, &over);
}

/* A number at s, 0x (or 0X) hex or decimal, into *n exactly: where it
 * ends (s when there are no digits), or NULL when it does not fit. */
const char *
parse_number(const char *s, unsigned long *n)
{
	bool hex = s[0] == '0' && (s[1] | 32) == 'x', over;
	const char *end = digits(s + 2 * hex, hex ? 16 : 10, n, &over);

	if (end == s + 2 * hex)
		return s;
	return over ? NULL : end;
}
