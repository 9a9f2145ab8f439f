/*
 * A prog array's and a map of maps' initial slots (object.h), as libbpf
 * fills them: the map's initializer `.values = { [1] = (void *)&prog }`
 * (or `&inner_map`) leaves in .maps a relocation against the program's
 * function (the inner map's variable) at the element's offset (the
 * map's offset in .maps, plus the values member's, plus 8 bytes an
 * element). Open reads them; load puts each program or map in its slot
 * once every map is made and every program loaded, the slot's index the
 * key (a hash of maps' key_size must be 4, as libbpf passes an int; its
 * indexes, keys, may lie past max_entries, as libbpf's).
 */
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/libc.h>
#include <ebreak/port.h>
#include "bpf/object.h"

/* The program whose function sym is, or -1. */
static int
prog_of(const struct eb_bpf_object *obj, const Elf64_Sym *sym)
{
	for (size_t i = 0; i < obj->nr_progs; i++)
		if (obj->progs[i].sec == sym->st_shndx &&
		    (uint64_t)obj->progs[i].start * 8 == sym->st_value)
			return i;
	return -1;
}

/* The map of .maps whose variable holds byte off, or -1. */
static int
map_at(const struct eb_bpf_object *obj, uint64_t off)
{
	for (size_t i = 0; i < obj->nr_maps; i++) {
		const struct obj_map *m = &obj->maps[i];
		const Elf64_Sym *sym;

		if (m->sec == obj->maps_sec &&
		    (sym = eb_obj_find_sym(obj, m->sec, m->pub.name)) &&
		    off >= m->off && off - m->off < sym->st_size)
			return i;
	}
	return -1;
}

/* Relocation #ri's slot: *s, or -EINVAL with err. */
static int
read_slot(const struct eb_bpf_object *obj, uint32_t ri, const Elf64_Rel *rel,
	  struct obj_slot *s, char *err, size_t errsize)
{
	uint32_t si = ELF64_R_SYM(rel->r_info);
	const Elf64_Sym *sym = si && si < obj->nr_syms ? &obj->syms[si] : NULL;
	const char *name = sym ? eb_obj_sym_name(obj, sym) : "?";
	int m = map_at(obj, rel->r_offset);
	const struct obj_map *om = m >= 0 ? &obj->maps[m] : NULL;
	bool progs = om && om->pub.def.type == BPF_MAP_TYPE_PROG_ARRAY;
	int p = !sym ? -1 : progs ? prog_of(obj, sym) :
		eb_obj_map_index(obj, sym->st_shndx, sym->st_value);
	uint64_t at = om ? rel->r_offset - om->off : 0;

	if (!om || !om->has_values || at < om->values_off ||
	    (at - om->values_off) % 8) {
		eb_snprintf(err, errsize, "section '.maps': relocation #%u against '%s' at offset %llu: not a slot of a prog array's or map of maps' values",
			    ri, name, (unsigned long long)rel->r_offset);
		return -EINVAL;
	}
	/* an array's slots end at max_entries; a hash's indexes are keys */
	if (om->pub.def.type != BPF_MAP_TYPE_HASH_OF_MAPS &&
	    (at - om->values_off) / 8 >= om->pub.def.max_entries) {
		eb_snprintf(err, errsize, "section '.maps': relocation #%u against '%s': slot %llu of map '%s' is past its %u slots",
			    ri, name, (unsigned long long)(at - om->values_off) / 8,
			    om->pub.name, om->pub.def.max_entries);
		return -EINVAL;
	}
	if (ELF64_R_TYPE(rel->r_info) != R_BPF_64_ABS64 || p < 0 ||
	    (!progs && !eb_obj_is_map_sym(obj, sym))) {
		eb_snprintf(err, errsize, "section '.maps': relocation #%u (type %u) against '%s': not a %s address",
			    ri, (unsigned)ELF64_R_TYPE(rel->r_info), name,
			    progs ? "program's" : "map's (in .maps)");
		return -EINVAL;
	}
	if (!progs && om->pub.def.key_size != 4) {
		eb_snprintf(err, errsize, "section '.maps': relocation #%u against '%s': map '%s' has key_size %u, but its initializer's keys are slot indexes, 4 bytes",
			    ri, name, om->pub.name, om->pub.def.key_size);
		return -EINVAL;
	}
	*s = (struct obj_slot){ m, (at - om->values_off) / 8, p };
	return 0;
}

/* -EINVAL with err if an earlier relocation (obj->slots[i] is #i's)
 * fills the slot relocation #ri, against name, fills: one initializer
 * fills a slot once (libbpf would keep the last). */
static int
check_once(const struct eb_bpf_object *obj, uint32_t ri, const char *name,
	   char *err, size_t errsize)
{
	const struct obj_slot *s = &obj->slots[ri];

	for (uint32_t i = 0; i < ri; i++)
		if (obj->slots[i].map == s->map && obj->slots[i].slot == s->slot) {
			eb_snprintf(err, errsize, "section '.maps': relocation #%u against '%s': slot %u of map '%s' is filled by relocation #%u already",
				    ri, name, s->slot, obj->maps[s->map].pub.name, i);
			return -EINVAL;
		}
	return 0;
}

/* Reads .maps's relocations into obj->slots (object.h). */
int
eb_obj_collect_slots(struct eb_bpf_object *obj, char *err, size_t errsize)
{
	uint32_t rs = obj->maps_rel_sec, n;
	const Elf64_Rel *rel;
	int r;

	if (!rs)
		return 0;
	rel = eb_obj_sec_data(obj, rs);
	n = obj->shdrs[rs].sh_size / sizeof(*rel);
	obj->slots = eb_port_alloc(n * sizeof(*obj->slots) + 1);
	if (!obj->slots) {
		eb_snprintf(err, errsize, "out of memory for %u prog array slots", n);
		return -ENOMEM;
	}
	for (uint32_t i = 0; i < n; i++) {
		if ((r = read_slot(obj, i, &rel[i], &obj->slots[i], err, errsize)) ||
		    (r = check_once(obj, i, eb_obj_sym_name(obj, &obj->syms[ELF64_R_SYM(rel[i].r_info)]),
				    err, errsize)))
			return r;
		obj->nr_slots++;
	}
	return 0;
}

/* Puts slot s's program in it, saying in log which program failed. */
static int
fill_prog(struct eb_bpf_object *obj, const struct obj_slot *s, char *log,
	  size_t logsize)
{
	const struct obj_prog *p = &obj->progs[s->prog];
	int n = eb_snprintf(log, logsize, "program '%s' (section '%s'): ",
			    p->pub.name, p->pub.section);

	if (n < 0 || (size_t)n >= logsize)
		n = 0;
	return eb_bpf_prog_array_update(obj->maps[s->map].pub.map, s->slot,
					p->pub.prog, log ? log + n : NULL,
					logsize - n);
}

/* Puts each program or map in its slots (object.h). */
int
eb_obj_fill_slots(struct eb_bpf_object *obj, char *log, size_t logsize)
{
	for (uint32_t i = 0; i < obj->nr_slots; i++) {
		const struct obj_slot *s = &obj->slots[i];
		const struct eb_bpf_object_map *om = &obj->maps[s->map].pub;
		int r = om->def.type == BPF_MAP_TYPE_PROG_ARRAY ?
			fill_prog(obj, s, log, logsize) :
			eb_bpf_map_of_maps_update(om->map, &s->slot,
						  obj->maps[s->prog].pub.map,
						  BPF_ANY, log, logsize);

		if (r)
			return r;
	}
	return 0;
}
