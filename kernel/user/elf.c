/*
 * Loading the user programs embedded in the kernel image (user/user.mk
 * builds them, user_programs lists them): ELF64 RISC-V executables
 * whose PT_LOAD segments go at their virtual addresses in user memory.
 */
#include "user/user.h"
#include <ebreak/errno.h>

#define EM_RISCV 243
#define PT_LOAD 1
#define PF_X 1
#define PF_W 2
#define PF_R 4

struct elf64_ehdr {
	unsigned char ident[16];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf64_phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

/* The embedded program called name, or NULL. */
const struct user_program *
user_program_find(const char *name)
{
	for (const struct user_program *p = user_programs; p->name; p++)
		if (strcmp(p->name, name) == 0)
			return p;
	return 0;
}

/* Map and fill the pages of one segment. */
static int
load_segment(uint64_t *pt, const unsigned char *image, size_t size,
	     const struct elf64_phdr *ph)
{
	unsigned perm = (ph->flags & PF_R ? PTE_U_R : 0) |
			(ph->flags & PF_W ? PTE_U_W : 0) |
			(ph->flags & PF_X ? PTE_U_X : 0);

	if (ph->memsz < ph->filesz || ph->offset + ph->filesz > size ||
	    ph->offset + ph->filesz < ph->offset || ph->vaddr < USER_BASE ||
	    ph->vaddr + ph->memsz > USER_TOP - USER_STACK_PAGES * PGSIZE ||
	    ph->vaddr + ph->memsz < ph->vaddr)
		return -ENOEXEC;
	if ((perm & PTE_U_W) && (perm & PTE_U_X))
		return -ENOEXEC;	/* W^X for user memory too */
	for (unsigned long va = PGROUNDDOWN(ph->vaddr);
	     va < ph->vaddr + ph->memsz; va += PGSIZE) {
		char *page = uvm_page(pt, va, 0);
		if (page)
			return -ENOEXEC;	/* segments share a page */
		page = page_alloc(1);
		if (!page)
			return -ENOMEM;
		int err = uvm_map(pt, va, page, perm);
		if (err) {
			page_free(page, 1);
			return err;
		}
		/* The part of [vaddr, vaddr+filesz) on this page. */
		unsigned long from = va > ph->vaddr ? va : ph->vaddr;
		unsigned long to = va + PGSIZE;
		if (to > ph->vaddr + ph->filesz)
			to = ph->vaddr + ph->filesz;
		if (from < to)
			memcpy(page + (from - va),
			       image + ph->offset + (from - ph->vaddr), to - from);
	}
	return 0;
}

/*
 * Load prog's segments into pt (which has no user pages yet) and set
 * *entry. 0, -ENOEXEC (not a loadable RV64 executable: nothing says
 * more, so the message below names the reason), or -ENOMEM; on error pt
 * holds part of the image: free it.
 */
int
elf_load(uint64_t *pt, const struct user_program *prog, unsigned long *entry)
{
	const unsigned char *image = prog->start;
	size_t size = prog->end - prog->start;
	struct elf64_ehdr eh;
	const char *why = 0;

	if (size < sizeof eh)
		why = "shorter than an ELF header";
	else {
		memcpy(&eh, image, sizeof eh);
		if (memcmp(eh.ident, "\177ELF\2\1", 6) != 0)
			why = "not ELF64 little-endian";
		else if (eh.machine != EM_RISCV || eh.type != 2)
			why = "not a RISC-V executable";
		else if (eh.phentsize != sizeof(struct elf64_phdr) ||
			 eh.phoff + eh.phnum * sizeof(struct elf64_phdr) > size)
			why = "program headers out of the file";
	}
	if (why) {
		printf("exec %s: %s\n", prog->name, why);
		return -ENOEXEC;
	}
	for (unsigned i = 0; i < eh.phnum; i++) {
		struct elf64_phdr ph;
		memcpy(&ph, image + eh.phoff + i * sizeof ph, sizeof ph);
		if (ph.type != PT_LOAD)
			continue;
		int err = load_segment(pt, image, size, &ph);
		if (err) {
			if (err == -ENOEXEC)
				printf("exec %s: segment %u at %lx is bad\n",
				       prog->name, i, (unsigned long)ph.vaddr);
			return err;
		}
	}
	*entry = eh.entry;
	return 0;
}
