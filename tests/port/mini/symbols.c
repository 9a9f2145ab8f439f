/* The symbol table tools/kallsyms.sh makes (docs/PORTING.md step 8):
 * functions sorted by address, searched one by one (a few hundred). */
#include <ebreak/kprobes.h>
#include <ebreak/libc.h>
#include <ebreak/port.h>

extern const uint64_t kallsyms_num, kallsyms_addrs[], kallsyms_sizes[];
extern const char *const kallsyms_names[];

/* port.h's contract: every function so named counted, the first (the
 * lowest address) given. */
int
eb_port_symbol_lookup(const char *name, uintptr_t *addr, size_t *size)
{
	int found = 0;

	for (uint64_t i = 0; i < kallsyms_num; i++) {
		if (strcmp(kallsyms_names[i], name) == 0 && !found++) {
			*addr = kallsyms_addrs[i];
			*size = kallsyms_sizes[i];
		}
	}
	return found;
}

/* port.h's contract: no lock, trap context. */
EB_NOPROBE const char *
eb_port_symbol_name(uintptr_t addr, uintptr_t *start, size_t *size)
{
	for (uint64_t i = 0; i < kallsyms_num; i++) {
		if (addr - kallsyms_addrs[i] < kallsyms_sizes[i]) {
			*start = kallsyms_addrs[i];
			*size = kallsyms_sizes[i];
			return kallsyms_names[i];
		}
	}
	return NULL;
}
