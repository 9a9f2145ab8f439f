/* What the object loader's host tests share (tests/host/
 * bpf_object_test.c defines them; bpf_core_test.c uses them too). */
#ifndef TESTS_HOST_BPF_OBJECT_TEST_H
#define TESTS_HOST_BPF_OBJECT_TEST_H
#include <ebreak/bpf.h>
#include <ebreak/bpf_object.h>
#include <ebreak/ptregs.h>
#include <elf.h>
#include <stdbool.h>
#include <stddef.h>

/* tests/host/port_host.c's count of allocations not yet freed. */
extern long host_allocs_live;

/* The bytes (malloc'd) and length of file in $BPF_OBJ_DIR (the suite's
 * command names the build's; build/bpf by default); NULL if missing. */
unsigned char *read_build_file(const char *file, size_t *len);

/* NAME.bpf.o's bytes, as read_build_file. */
unsigned char *read_object(const char *name, size_t *len);

/* Opens NAME.bpf.o; NULL (with a failed check) if refused. */
struct eb_bpf_object *open_object(const char *name);

/* Whether object NAME (its bytes changed by corrupt, if not NULL) is
 * refused by open or by load with -EINVAL and a message holding each of
 * the strings in what, and leaves nothing allocated; prints why not. */
bool refused(const char *name, void (*corrupt)(unsigned char *),
	     const char *const *what);

/* Opens and loads every variant of object name: cut to each shorter
 * length (cut), or with each byte flipped. Returns how many were refused,
 * -1 if the object is missing; *len is its length. Checks nothing is
 * left allocated. */
long refused_variants(const char *name, bool cut, size_t *len);

/* The pt_regs of a call f(a0, a1) at pc. */
struct pt_regs regs(unsigned long a0, unsigned long a1, unsigned long pc);

/* The loaded program called name (a failed check if missing). */
struct bpf_prog *prog(const struct eb_bpf_object *obj, const char *name);

/* Section name's header in object bytes d (aborts if missing). */
Elf64_Shdr *section(unsigned char *d, const char *name);

#endif
