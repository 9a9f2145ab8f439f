/*
 * The functions whose failure may be injected (Linux's function error
 * injection: include/asm-generic/error-injection.h and
 * lib/error-inject.c): a kprobe program's bpf_override_return makes one
 * return a value of its choosing without running, and a fmod_ret
 * program replaces its return value (docs/bpf.md). A function is one of
 * them when the host marks it, in the file that defines it:
 *
 *	EB_ALLOW_ERROR_INJECTION(kalloc, NULL);
 *
 * The mark is an entry in the section eb_error_injection, which the
 * host's linker script keeps (KEEP) between __start_eb_error_injection
 * and __stop_eb_error_injection; GNU ld defines those two names by
 * itself for a section it places as an orphan (docs/PORTING.md). A host
 * that marks nothing, or keeps no such section, has no such function.
 */
#ifndef EBREAK_ERROR_INJECTION_H
#define EBREAK_ERROR_INJECTION_H

#include <stdbool.h>
#include <stdint.h>

/* How the function reports failure (Linux's EI_ETYPE_*), for its
 * marks' second argument: EB_ALLOW_ERROR_INJECTION(f, ERRNO). */
enum {
	EI_ETYPE_NULL,		/* returns NULL */
	EI_ETYPE_ERRNO,		/* returns -errno */
	EI_ETYPE_ERRNO_NULL,	/* returns -errno or NULL */
	EI_ETYPE_TRUE,		/* returns true */
};

/* One mark (Linux's struct error_injection_entry). */
struct error_injection_entry {
	uintptr_t addr;		/* the function's */
	int etype;		/* EI_ETYPE_* */
};

/* Marks function fname as one whose failure may be injected, failing
 * as EI_ETYPE_##etype says (Linux's ALLOW_ERROR_INJECTION). At file
 * scope, once per function. */
#define EB_ALLOW_ERROR_INJECTION(fname, etype)				\
	static const struct error_injection_entry			\
	__attribute__((used, section("eb_error_injection"),		\
		       aligned(sizeof(uintptr_t))))			\
	eb_eil_##fname = { (uintptr_t)fname, EI_ETYPE_##etype }

/* Whether the function beginning at addr is marked (Linux's name; its
 * also accepts any address inside the function). Any context. */
bool within_error_injection_list(uintptr_t addr);

/* The EI_ETYPE_* of the function beginning at addr, or -1 if it is not
 * marked (Linux's; it returns -EINVAL there). Any context. */
int get_injectable_error_type(uintptr_t addr);

#endif
