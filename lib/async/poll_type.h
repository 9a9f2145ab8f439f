/* Poll functions told by the kernel's BTF (poll_type.c). */
#ifndef EBREAK_ASYNC_POLL_TYPE_H
#define EBREAK_ASYNC_POLL_TYPE_H
#include <stddef.h>

/*
 * -EINVAL, with why, if the kernel's BTF has a function called name
 * whose type is not enum eb_poll (struct eb_future *, struct eb_context
 * *); 0 if it is, or if there is no BTF or no such function in it to
 * tell by. Not in trap context (it parses the BTF).
 */
int eb_async_poll_type_check(const char *name, char *why, size_t size);

#endif
