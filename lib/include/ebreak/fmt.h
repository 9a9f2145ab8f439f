/* Freestanding formatted output for the library and its host. */
#ifndef EBREAK_FMT_H
#define EBREAK_FMT_H
#include <stdarg.h>
#include <stddef.h>

/*
 * Formats like C's vsnprintf for the subset the library uses:
 * %d %i %u %x %X %o %p %s %c %%, with flags '-' '0', a width, a precision
 * for strings, and the length modifiers l, ll, z.
 * Always NUL-terminates when size > 0; returns the length it wanted.
 */
int eb_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int eb_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
