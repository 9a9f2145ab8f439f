/*
 * Shell-style wildcard matching, as Linux's glob_match: `*` any run of
 * characters, `?` any one, `[abc]`, `[a-z]` and `[!a-z]` one of (or none
 * of) a set; every other character matches itself.
 */
#ifndef EBREAK_GLOB_H
#define EBREAK_GLOB_H
#include <stdbool.h>

/* Whether all of str matches pattern. Any context: no allocation, no
 * recursion. */
bool eb_glob_match(const char *pattern, const char *str);

/* Whether s holds a wildcard (`*`, `?` or `[`). */
bool eb_glob_has_wildcard(const char *s);

#endif
