/*
 * The parts of ELF64 (System V gABI) that an eBPF relocatable object
 * uses, and the eBPF relocation types (LLVM's ELFRelocs/BPF.def, as
 * Linux's Documentation/bpf/llvm_reloc.rst lists them). Little-endian
 * objects only: fields are read in place.
 */
#ifndef EBREAK_BPF_ELF_H
#define EBREAK_BPF_ELF_H
#include <stdint.h>

#define EI_NIDENT	16
#define ELFCLASS64	2	/* e_ident[4] */
#define ELFDATA2LSB	1	/* e_ident[5] */
#define EV_CURRENT	1
#define ET_REL		1
#define EM_BPF		247

typedef struct {
	unsigned char e_ident[EI_NIDENT];
	uint16_t e_type;
	uint16_t e_machine;
	uint32_t e_version;
	uint64_t e_entry;
	uint64_t e_phoff;
	uint64_t e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize;
	uint16_t e_phentsize;
	uint16_t e_phnum;
	uint16_t e_shentsize;
	uint16_t e_shnum;
	uint16_t e_shstrndx;
} Elf64_Ehdr;

#define SHT_NULL	0
#define SHT_PROGBITS	1
#define SHT_SYMTAB	2
#define SHT_STRTAB	3
#define SHT_RELA	4
#define SHT_NOBITS	8
#define SHT_REL		9
#define SHF_ALLOC	0x2
#define SHF_EXECINSTR	0x4

typedef struct {
	uint32_t sh_name;
	uint32_t sh_type;
	uint64_t sh_flags;
	uint64_t sh_addr;
	uint64_t sh_offset;
	uint64_t sh_size;
	uint32_t sh_link;
	uint32_t sh_info;
	uint64_t sh_addralign;
	uint64_t sh_entsize;
} Elf64_Shdr;

#define SHN_UNDEF	0
#define SHN_LORESERVE	0xff00
#define STT_OBJECT	1
#define STT_FUNC	2
#define STT_SECTION	3
#define ELF64_ST_TYPE(info)	((info) & 0xf)

typedef struct {
	uint32_t st_name;
	unsigned char st_info;
	unsigned char st_other;
	uint16_t st_shndx;
	uint64_t st_value;
	uint64_t st_size;
} Elf64_Sym;

typedef struct {
	uint64_t r_offset;
	uint64_t r_info;
} Elf64_Rel;

#define ELF64_R_SYM(info)	((uint32_t)((info) >> 32))
#define ELF64_R_TYPE(info)	((uint32_t)(info))

/* eBPF relocation types: 64_64 on lddw (a map or a global's address),
 * 64_32 on a bpf-to-bpf call; the others are for debug info and BTF. */
#define R_BPF_NONE		0
#define R_BPF_64_64		1
#define R_BPF_64_ABS64		2
#define R_BPF_64_ABS32		3
#define R_BPF_64_NODYLD32	4
#define R_BPF_64_32		10

#endif
