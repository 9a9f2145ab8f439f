/*
 * The C string functions every host of the library provides (port.h).
 * A freestanding kernel build has no <string.h>, so they are declared
 * here.
 */
#ifndef EBREAK_LIBC_H
#define EBREAK_LIBC_H
#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);

#if !__STDC_HOSTED__
/* -ffreestanding turns the compiler's knowledge of these off: named as
 * builtins, a copy, fill or compare of a few bytes known at compile time
 * (a map key, a register file) is inlined instead of called, which the
 * probe hit path feels; others still call the functions above. A
 * definition of one names it in parentheses, (memcpy)(...), past the
 * macro. */
#define memcpy(d, s, n) __builtin_memcpy(d, s, n)
#define memset(d, c, n) __builtin_memset(d, c, n)
#define memcmp(a, b, n) __builtin_memcmp(a, b, n)
#endif

#endif
