/*
 * The functions the host marked with EB_ALLOW_ERROR_INJECTION
 * (<ebreak/error_injection.h>): its marks, between the section's
 * bounds. Weak: a host without the section has none (both are 0).
 */
#include <ebreak/error_injection.h>
#include <stddef.h>

extern const struct error_injection_entry __start_eb_error_injection[]
	__attribute__((weak));
extern const struct error_injection_entry __stop_eb_error_injection[]
	__attribute__((weak));

/* The mark of the function at addr, or NULL. A walk: the marks are few
 * and looked at when a program loads or attaches, never on a hit. */
static const struct error_injection_entry *
find(uintptr_t addr)
{
	for (const struct error_injection_entry *e = __start_eb_error_injection;
	     e && e < __stop_eb_error_injection; e++)
		if (e->addr == addr)
			return e;
	return NULL;
}

bool
within_error_injection_list(uintptr_t addr)
{
	return find(addr) != NULL;
}

int
get_injectable_error_type(uintptr_t addr)
{
	const struct error_injection_entry *e = find(addr);

	return e ? e->etype : -1;
}
