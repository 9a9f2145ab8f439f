/* Freestanding formatted output for the library and its host. */
#ifndef EBREAK_FMT_H
#define EBREAK_FMT_H
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Formats like C's vsnprintf for the subset the library uses:
 * %d %i %u %x %X %o %p %s %c %%, with flags '-' '0' (and '+' ' ' for
 * %d %i), a width, a precision for strings, and the length modifiers l,
 * ll, z.
 * Always NUL-terminates when size > 0; returns the length it wanted.
 */
int eb_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int eb_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The digits of v in base (8, 10 or 16), written backwards so that they
 * end just before end; returns where they start. For hot paths (a probe
 * handler's record) that print numbers without a format string; at most
 * EB_FMT_DIGITS_MAX characters. Any context. */
#define EB_FMT_DIGITS_MAX 24
char *eb_fmt_digits(char *end, uint64_t v, unsigned base, bool upper);

#endif
