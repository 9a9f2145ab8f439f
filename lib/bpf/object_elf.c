/*
 * The object loader's ELF layer (object.h): checks that the bytes are a
 * little-endian ELF64 EM_BPF relocatable file whose section table,
 * section names and symbol table lie inside them, then reads them.
 */
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/libc.h>
#include "bpf/object.h"

/* Does [off, off + size) fit in len bytes? */
static bool
fits(uint64_t off, uint64_t size, uint64_t len)
{
	return off <= len && size <= len - off;
}

/* Checks the ELF header fields the loader relies on. */
static int
check_header(const struct eb_bpf_object *obj, const Elf64_Ehdr *eh, char *err,
	     size_t errsize)
{
	if (obj->len < sizeof(*eh) || memcmp(eh->e_ident, "\177ELF", 4)) {
		eb_snprintf(err, errsize, "not an ELF file");
		return -EINVAL;
	}
	if (eh->e_ident[4] != ELFCLASS64 || eh->e_ident[5] != ELFDATA2LSB) {
		eb_snprintf(err, errsize, "ELF class %u, data %u: not ELF64 little-endian",
			    eh->e_ident[4], eh->e_ident[5]);
		return -EINVAL;
	}
	if (eh->e_type != ET_REL || eh->e_machine != EM_BPF) {
		eb_snprintf(err, errsize, "ELF type %u, machine %u: not a BPF relocatable object (1, 247)",
			    eh->e_type, eh->e_machine);
		return -EINVAL;
	}
	if (eh->e_shentsize != sizeof(Elf64_Shdr) || eh->e_shoff % 8 ||
	    !fits(eh->e_shoff, (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr), obj->len) ||
	    !eh->e_shnum || eh->e_shnum >= SHN_LORESERVE) {
		eb_snprintf(err, errsize, "ELF section table (offset 0x%llx, %u entries of %u bytes) is not inside the %zu bytes",
			    (unsigned long long)eh->e_shoff, eh->e_shnum,
			    eh->e_shentsize, obj->len);
		return -EINVAL;
	}
	if (eh->e_shstrndx >= eh->e_shnum) {
		eb_snprintf(err, errsize, "ELF section name table index %u is not a section",
			    eh->e_shstrndx);
		return -EINVAL;
	}
	return 0;
}

/* Checks every section's bytes lie in the file and its name in the
 * section name table. */
static int
check_sections(const struct eb_bpf_object *obj, const Elf64_Shdr *names,
	       char *err, size_t errsize)
{
	const char *strs;

	if (names->sh_type != SHT_STRTAB || !names->sh_size ||
	    !fits(names->sh_offset, names->sh_size, obj->len) ||
	    obj->elf[names->sh_offset + names->sh_size - 1]) {
		eb_snprintf(err, errsize, "ELF section name table is not a NUL-terminated string table inside the file");
		return -EINVAL;
	}
	strs = (const char *)obj->elf + names->sh_offset;
	for (uint32_t i = 1; i < obj->shnum; i++) {
		const Elf64_Shdr *sh = &obj->shdrs[i];

		if (sh->sh_name >= names->sh_size) {
			eb_snprintf(err, errsize, "section %u: name offset %u is outside the name table",
				    i, sh->sh_name);
			return -EINVAL;
		}
		if (sh->sh_type != SHT_NOBITS && sh->sh_type != SHT_NULL &&
		    !fits(sh->sh_offset, sh->sh_size, obj->len)) {
			eb_snprintf(err, errsize, "section %u '%s': offset 0x%llx size 0x%llx is outside the %zu bytes",
				    i, strs + sh->sh_name,
				    (unsigned long long)sh->sh_offset,
				    (unsigned long long)sh->sh_size, obj->len);
			return -EINVAL;
		}
	}
	return 0;
}

/* Finds and checks the symbol table and its string table. */
static int
check_symtab(struct eb_bpf_object *obj, char *err, size_t errsize)
{
	const Elf64_Shdr *sh = NULL, *str;
	uint32_t idx = 0;

	for (uint32_t i = 1; i < obj->shnum; i++) {
		if (obj->shdrs[i].sh_type != SHT_SYMTAB)
			continue;
		if (sh) {
			eb_snprintf(err, errsize, "section %u '%s': a second symbol table",
				    i, eb_obj_sec_name(obj, i));
			return -EINVAL;
		}
		sh = &obj->shdrs[i];
		idx = i;
	}
	if (!sh) {
		eb_snprintf(err, errsize, "the object has no symbol table");
		return -EINVAL;
	}
	if (sh->sh_entsize != sizeof(Elf64_Sym) || sh->sh_offset % 8 ||
	    sh->sh_size % sizeof(Elf64_Sym) || sh->sh_link >= obj->shnum) {
		eb_snprintf(err, errsize, "section %u '%s': not a table of 24-byte symbols, 8-aligned, with a string table",
			    idx, eb_obj_sec_name(obj, idx));
		return -EINVAL;
	}
	str = &obj->shdrs[sh->sh_link];
	if (str->sh_type != SHT_STRTAB || !str->sh_size ||
	    obj->elf[str->sh_offset + str->sh_size - 1]) {
		eb_snprintf(err, errsize, "section %u '%s': the symbols' string table is not NUL-terminated",
			    sh->sh_link, eb_obj_sec_name(obj, sh->sh_link));
		return -EINVAL;
	}
	obj->syms = (const void *)(obj->elf + sh->sh_offset);
	obj->nr_syms = sh->sh_size / sizeof(Elf64_Sym);
	obj->strtab = (const char *)obj->elf + str->sh_offset;
	obj->strtab_len = str->sh_size;
	return 0;
}

/* Checks the ELF structure and sets obj's ELF fields (object.h). */
int
eb_obj_elf_check(struct eb_bpf_object *obj, char *err, size_t errsize)
{
	const Elf64_Ehdr *eh = (const void *)obj->elf;
	int r;

	if ((r = check_header(obj, eh, err, errsize)))
		return r;
	obj->shdrs = (const void *)(obj->elf + eh->e_shoff);
	obj->shnum = eh->e_shnum;
	if ((r = check_sections(obj, &obj->shdrs[eh->e_shstrndx], err, errsize)))
		return r;
	return check_symtab(obj, err, errsize);
}

/* Section idx's name (object.h). */
const char *
eb_obj_sec_name(const struct eb_bpf_object *obj, uint32_t idx)
{
	const Elf64_Ehdr *eh = (const void *)obj->elf;
	const Elf64_Shdr *names = &obj->shdrs[eh->e_shstrndx];

	if (idx >= obj->shnum)
		return "?";
	return (const char *)obj->elf + names->sh_offset + obj->shdrs[idx].sh_name;
}

/* Section idx's bytes (object.h). */
const void *
eb_obj_sec_data(const struct eb_bpf_object *obj, uint32_t idx)
{
	if (obj->shdrs[idx].sh_type == SHT_NOBITS)
		return NULL;
	return obj->elf + obj->shdrs[idx].sh_offset;
}

/* Symbol sym's name (object.h). */
const char *
eb_obj_sym_name(const struct eb_bpf_object *obj, const Elf64_Sym *sym)
{
	if (sym->st_name >= obj->strtab_len)
		return "";
	return obj->strtab + sym->st_name;
}

/* The symbol name in section sec (object.h). */
const Elf64_Sym *
eb_obj_find_sym(const struct eb_bpf_object *obj, uint32_t sec, const char *name)
{
	for (uint32_t i = 1; i < obj->nr_syms; i++)
		if (obj->syms[i].st_shndx == sec &&
		    ELF64_ST_TYPE(obj->syms[i].st_info) != STT_SECTION &&
		    !strcmp(eb_obj_sym_name(obj, &obj->syms[i]), name))
			return &obj->syms[i];
	return NULL;
}
