/*
 * The object loader's state (opaque in <ebreak/bpf_object.h>) and the
 * steps its files share: object_elf.c checks the ELF file and reads its
 * sections and symbols, object_progs.c finds the programs, object_maps.c
 * finds and creates the maps, object_core.c applies the CO-RE
 * relocations of .BTF.ext against the kernel's BTF, object_link.c builds
 * each program's instructions (subprograms appended, relocations
 * applied), object.c opens, loads and closes.
 */
#ifndef EBREAK_BPF_OBJECT_IMPL_H
#define EBREAK_BPF_OBJECT_IMPL_H
#include <stdbool.h>
#include <ebreak/bpf_object.h>
#include <ebreak/bpf_insn.h>
#include "bpf/btf.h"
#include "bpf/elf.h"

/* A CO-RE relocation that could not be resolved, its instruction
 * poisoned (object_core.c): where, and what the verifier's refusal of it
 * says instead of its own words. */
struct obj_core_poison {
	uint16_t sec;
	uint32_t insn;			/* in its section */
	char what[200];
};

/* A linked instruction that is poison: obj->core_poisons[poison]'s. */
struct obj_poison_ref {
	uint32_t insn, poison;
};

struct obj_prog {
	struct eb_bpf_program pub;
	uint16_t sec;			/* its section */
	uint32_t start, len;		/* its function, in instructions */
	struct bpf_insn *insns;		/* linked (object_link.c), owned */
	uint32_t nr_insns;
	struct obj_poison_ref *poisons;	/* in insns, owned */
	uint32_t nr_poisons;
};

struct obj_map {
	struct eb_bpf_object_map pub;
	uint16_t sec;			/* .maps, or its data section */
	uint64_t off;			/* a BTF map's offset in .maps */
	/* What eb_bpf_object_map_format shows keys and values as: the
	 * object's BTF and the ids of __type(key, T)'s and
	 * __type(value, T)'s T (a data section's DATASEC), 0 if none. */
	const struct btf *btf;
	uint32_t key_btf, value_btf;
	/* pub's key_type and value_type: those types as C names them. */
	char type_name[2][48];
	/* A prog array's or map of maps' __array(values, ...): its offset
	 * in the map's struct, where the initializer's slots start; a map
	 * of maps' inner maps' definition (type 0: none). */
	bool has_values;
	uint32_t values_off;
	struct bpf_map_def inner_def;
};

/* A prog array's slot that its initializer fills with a program, or a
 * map of maps' with a map (a relocation in .maps, as libbpf reads it). */
struct obj_slot {
	/* obj->maps, the slot, and obj->progs (a prog array's) or obj->maps
	 * (a map of maps') */
	uint32_t map, slot, prog;
};

struct eb_bpf_object {
	uint8_t *elf;			/* the object's bytes, an owned copy */
	size_t len;
	const Elf64_Shdr *shdrs;
	uint16_t shnum;
	const Elf64_Sym *syms;
	uint32_t nr_syms;
	const char *strtab;		/* the symbols' names */
	uint64_t strtab_len;
	uint16_t text_sec, maps_sec, btf_sec, btf_ext_sec, license_sec;	/* 0: none */
	uint16_t *rel_sec;		/* section -> its SHT_REL section or 0 */
	uint16_t maps_rel_sec;		/* .maps's SHT_REL section, or 0 */
	struct obj_slot *slots;		/* owned */
	uint32_t nr_slots;
	struct btf btf;			/* parsed if btf_sec */
	struct obj_prog *progs;
	size_t nr_progs;
	struct obj_map *maps;
	size_t nr_maps;
	struct bpf_map **map_ptrs;	/* maps[i].pub.map, for bpf_prog_opts */
	struct obj_core_poison *core_poisons;	/* owned */
	uint32_t nr_core_poisons;
	bool loaded;
};

/* --- object_elf.c ---------------------------------------------------- */

/* Checks the ELF header, the section table and the symbol table of
 * obj->elf and sets obj's ELF fields. 0 or -EINVAL with err. */
int eb_obj_elf_check(struct eb_bpf_object *obj, char *err, size_t errsize);

/* Section idx's name (checked: NUL-terminated). */
const char *eb_obj_sec_name(const struct eb_bpf_object *obj, uint32_t idx);

/* The bytes of section idx (NULL for SHT_NOBITS). */
const void *eb_obj_sec_data(const struct eb_bpf_object *obj, uint32_t idx);

/* Symbol sym's name, "" if it has none. */
const char *eb_obj_sym_name(const struct eb_bpf_object *obj, const Elf64_Sym *sym);

/* The symbol called name defined in section sec, or NULL. */
const Elf64_Sym *eb_obj_find_sym(const struct eb_bpf_object *obj,
				 uint32_t sec, const char *name);

/* --- object_progs.c ------------------------------------------------- */

/* Finds the programs: every function of a program section, its section
 * name parsed (kprobe/SYMBOL[+OFFSET], kretprobe/SYMBOL,
 * tracepoint/CATEGORY/NAME). 0 or -errno with err naming the section or
 * function. */
int eb_obj_collect_progs(struct eb_bpf_object *obj, char *err, size_t errsize);

/* --- object_maps.c --------------------------------------------------- */

/* Finds the BTF-defined maps in .maps and a map per global data section
 * into obj->maps. 0 or -errno with err naming the map and attribute. */
int eb_obj_collect_maps(struct eb_bpf_object *obj, char *err, size_t errsize);

/* Is section sec's name that of a global data section? */
bool eb_obj_is_data_sec(const char *name);

/* Is symbol sym one of .maps's maps (a global object there)? */
bool eb_obj_is_map_sym(const struct eb_bpf_object *obj, const Elf64_Sym *sym);

/* Index of the map for byte off of section sec (.maps: the map at off;
 * a data section: its map), or -1. */
int eb_obj_map_index(const struct eb_bpf_object *obj, uint32_t sec, uint64_t off);

/* Creates every map of obj, data maps with their initial bytes. On
 * failure (log names the map) the ones made are freed. */
int eb_obj_create_maps(struct eb_bpf_object *obj, char *log, size_t logsize);

/* Frees the maps eb_obj_create_maps made. */
void eb_obj_free_maps(struct eb_bpf_object *obj);

/* --- object_slots.c -------------------------------------------------- */

/* Reads the prog arrays' initial slots from .maps's relocations into
 * obj->slots: each against a program's function, at a values[] element
 * of a prog array, each element once. 0 or -EINVAL (-ENOMEM) with err
 * naming the relocation, its symbol and map. */
int eb_obj_collect_slots(struct eb_bpf_object *obj, char *err, size_t errsize);

/* Puts each loaded program in its initial slots
 * (eb_bpf_prog_array_update); log names the map, slot and program of a
 * refusal. */
int eb_obj_fill_slots(struct eb_bpf_object *obj, char *log, size_t logsize);

/* --- object_core.c --------------------------------------------------- */

/* Applies the CO-RE relocations of .BTF.ext, if any, to the code
 * sections' instructions (obj's copy) against the kernel's BTF
 * (eb_port_kernel_btf), as libbpf does; what no kernel type resolves is
 * poisoned and listed in obj->core_poisons. 0, or -EINVAL (-ENOMEM) with
 * err naming the section, offset or relocation, its instruction, type
 * and field. */
int eb_obj_core_relocate(struct eb_bpf_object *obj, char *err, size_t errsize);

/* Index in obj->core_poisons of the poison at section sec's
 * instruction insn, or -1. */
int eb_obj_core_poison_at(const struct eb_bpf_object *obj, uint32_t sec,
			  uint32_t insn);

/* If log (a verifier's refusal: "insn N (...): ...") is about one of
 * prog's poisoned instructions, rewrites it to name that relocation. */
void eb_obj_core_explain(const struct eb_bpf_object *obj,
			 const struct obj_prog *prog, char *log, size_t logsize);

/* --- object_link.c --------------------------------------------------- */

/* Checks the relocations of the program sections and .text: each at an
 * instruction, of a type the linker knows, against a defined symbol.
 * 0 or -EINVAL with err naming the section, relocation and symbol. */
int eb_obj_check_relocs(const struct eb_bpf_object *obj, char *err, size_t errsize);

/* Builds prog->insns: its function, the .text functions it calls
 * (transitively) appended, calls and map/data references resolved to
 * BPF_PSEUDO_CALL / BPF_PSEUDO_MAP_IDX / BPF_PSEUDO_MAP_IDX_VALUE.
 * 0 or -errno with err naming the section, relocation and symbol. */
int eb_obj_link_prog(struct eb_bpf_object *obj, struct obj_prog *prog,
		     char *err, size_t errsize);

#endif
