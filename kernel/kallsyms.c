/*
 * kallsyms: the kernel's own function table, generated from the first
 * link by tools/kallsyms.sh and linked into the second (see module.mk).
 * Sorted by address; names are searched linearly (registration time only).
 */
#include "defs.h"

extern const uint64_t kallsyms_num;
extern const uint64_t kallsyms_addrs[], kallsyms_sizes[];
extern const char *const kallsyms_names[];

/* How many functions are called name (static functions may share one),
 * the address and size of the lowest in *addr and *size; 0 if there is
 * none. Any context. */
int
kallsyms_lookup_name(const char *name, uintptr_t *addr, size_t *size)
{
	int found = 0;

	for (size_t i = 0; i < kallsyms_num; i++) {
		if (strcmp(kallsyms_names[i], name) != 0)
			continue;
		if (!found++) {	/* sorted by address: the lowest */
			*addr = kallsyms_addrs[i];
			*size = kallsyms_sizes[i];
		}
	}
	return found;
}

/* Name, start and size of the function containing addr; NULL if addr is
 * in none. Binary search: safe and cheap in trap context. */
EB_NOPROBE const char *	/* kprobe events call it from handlers */
kallsyms_lookup(uintptr_t addr, uintptr_t *start, size_t *size)
{
	size_t lo = 0, hi = kallsyms_num;

	while (lo < hi) {	/* first entry above addr */
		size_t mid = (lo + hi) / 2;
		if (kallsyms_addrs[mid] <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* Several symbols may share an address: take the last at or below. */
	if (lo == 0)
		return 0;
	size_t i = lo - 1;
	if (addr >= kallsyms_addrs[i] + kallsyms_sizes[i])
		return 0;
	*start = kallsyms_addrs[i];
	*size = kallsyms_sizes[i];
	return kallsyms_names[i];
}

/* How many functions the symbol table holds. */
size_t
kallsyms_count(void)
{
	return kallsyms_num;
}

/* The i-th function by address, for listing. */
const char *
kallsyms_name_at(size_t i, uintptr_t *addr, size_t *size)
{
	*addr = kallsyms_addrs[i];
	*size = kallsyms_sizes[i];
	return kallsyms_names[i];
}
