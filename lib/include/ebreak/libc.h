/*
 * The C string functions every host of the library provides (port.h).
 * A freestanding kernel build has no <string.h>, so they are declared
 * here; the compiler knows them and inlines the small cases.
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

#endif
