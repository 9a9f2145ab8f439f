/*
 * The object loader's maps (object.h): BTF-defined maps in .maps, whose
 * attributes libbpf's __uint/__type macros encode as struct members
 * (`int (*type)[N]`: a pointer to an array of N elements; `T *key`: a
 * pointer to the key's type), and one one-entry array map per global
 * data section (.data*, .rodata*, .bss*).
 */
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/libc.h>
#include <ebreak/port.h>
#include "bpf/map.h"
#include "bpf/object.h"

/* Global data sections and their maps' flags (programs may not write
 * .rodata). */
static const struct {
	const char *prefix;
	uint32_t map_flags;
} data_secs[] = {
	{ ".data", 0 },
	{ ".rodata", BPF_F_RDONLY_PROG },
	{ ".bss", 0 },
};

/* The data_secs row of name, or -1. */
static int
data_sec_row(const char *name)
{
	for (size_t i = 0; i < sizeof(data_secs) / sizeof(data_secs[0]); i++) {
		size_t n = strlen(data_secs[i].prefix);

		if (!strncmp(name, data_secs[i].prefix, n) &&
		    (!name[n] || name[n] == '.'))
			return i;
	}
	return -1;
}

/* Is name a global data section's (object.h)? */
bool
eb_obj_is_data_sec(const char *name)
{
	return data_sec_row(name) >= 0;
}

/* The VAR in DATASEC .maps named name: its type id, or 0. */
static uint32_t
maps_var_type(const struct btf *btf, const char *name)
{
	const struct btf_type *sec = eb_btf_type_by_id(btf, eb_btf_find_datasec(btf, ".maps"));
	const struct btf_var_secinfo *vs;

	if (!sec)
		return 0;
	vs = btf_type_data(sec);
	for (uint32_t i = 0; i < BTF_INFO_VLEN(sec->info); i++) {
		const struct btf_type *v = eb_btf_type_by_id(btf, vs[i].type);

		if (v && BTF_INFO_KIND(v->info) == BTF_KIND_VAR &&
		    !strcmp(eb_btf_str(btf, v->name_off), name))
			return v->size_or_type;
	}
	return 0;
}

/* The type a pointer member of type id points to (0 if not a pointer). */
static uint32_t
pointee(const struct btf *btf, uint32_t id)
{
	const struct btf_type *t = eb_btf_type_by_id(btf, eb_btf_skip_modifiers(btf, id));

	if (!t || BTF_INFO_KIND(t->info) != BTF_KIND_PTR)
		return 0;
	return t->size_or_type;
}

/* __uint(attr, N): the N of member type id, in *val. */
static bool
uint_attr(const struct btf *btf, uint32_t id, uint32_t *val)
{
	const struct btf_type *a = eb_btf_type_by_id(btf, eb_btf_skip_modifiers(btf, pointee(btf, id)));

	if (!a || BTF_INFO_KIND(a->info) != BTF_KIND_ARRAY)
		return false;
	*val = ((const struct btf_array *)btf_type_data(a))->nelems;
	return true;
}

static int parse_def(const struct btf *btf, struct obj_map *om,
		     const struct btf_type *t, struct bpf_map_def *def,
		     const char *name, char *err, size_t errsize);

/* __array(values, T): a prog array's initial programs (T a function
 * type) or a map of maps' initial maps (T the inner maps' definition,
 * a struct of the same attributes: libbpf's inner map), named by
 * relocations (object_slots.c) at the map's elements; each value is 4
 * bytes (a program's or map's fd in Linux), as libbpf makes it. The
 * map's type comes first, as libbpf wants it. */
static int
values_attr(const struct btf *btf, struct obj_map *om,
	    const struct btf_member *m, char *err, size_t errsize)
{
	const struct btf_type *a = eb_btf_type_by_id(btf, eb_btf_skip_modifiers(btf, m->type));
	struct bpf_map_def *def = &om->pub.def;
	const struct btf_type *t;
	char inner[BPF_OBJ_NAME_LEN + 8];
	uint32_t elem;
	int r;

	if (!a || BTF_INFO_KIND(a->info) != BTF_KIND_ARRAY ||
	    !(elem = pointee(btf, ((const struct btf_array *)btf_type_data(a))->type))) {
		eb_snprintf(err, errsize, "map '%s': attribute 'values' is not __array(values, T)",
			    om->pub.name);
		return -EINVAL;
	}
	if (def->type != BPF_MAP_TYPE_PROG_ARRAY &&
	    def->type != BPF_MAP_TYPE_ARRAY_OF_MAPS &&
	    def->type != BPF_MAP_TYPE_HASH_OF_MAPS) {
		eb_snprintf(err, errsize, "map '%s': attribute 'values' is for prog arrays and maps of maps, the map's type (before it) is %u",
			    om->pub.name, def->type);
		return -EINVAL;
	}
	t = eb_btf_type_by_id(btf, eb_btf_skip_modifiers(btf, elem));
	if (def->type != BPF_MAP_TYPE_PROG_ARRAY) {
		if (!t || BTF_INFO_KIND(t->info) != BTF_KIND_STRUCT) {
			eb_snprintf(err, errsize, "map '%s': attribute 'values' of a map of maps is not __array(values, struct {...}), its inner maps' definition",
				    om->pub.name);
			return -EINVAL;
		}
		eb_snprintf(inner, sizeof(inner), "%s.inner", om->pub.name);
		if ((r = parse_def(btf, om, t, &om->inner_def, inner, err, errsize)))
			return r;
	}
	if (def->value_size && def->value_size != 4) {
		eb_snprintf(err, errsize, "map '%s': attribute 'values' makes values 4 bytes, but value_size says %u",
			    om->pub.name, def->value_size);
		return -EINVAL;
	}
	def->value_size = 4;
	om->has_values = true;
	om->values_off = m->offset / 8;
	return 0;
}

/* Sets the attribute member m of map om (named name) in def, om's or
 * its inner maps' (libbpf's inner map, with no 'values' of its own, its
 * types not om's): __uint(ATTR, N) for the def's fields, __type(key/value,
 * T) for its sizes (which must agree with key_size/value_size if both are
 * given) and type names. */
static int
map_attr(const struct btf *btf, struct obj_map *om,
	 const struct btf_member *m, struct bpf_map_def *def,
	 const char *name, char *err, size_t errsize)
{
	struct eb_bpf_object_map *pm = &om->pub;
	bool inner = def != &pm->def;
	static const struct {
		const char *name;
		size_t off;
		bool typed;	/* __type(name, T): the size of T */
	} attrs[] = {
		{ "type", offsetof(struct bpf_map_def, type), false },
		{ "max_entries", offsetof(struct bpf_map_def, max_entries), false },
		{ "key_size", offsetof(struct bpf_map_def, key_size), false },
		{ "value_size", offsetof(struct bpf_map_def, value_size), false },
		{ "map_flags", offsetof(struct bpf_map_def, map_flags), false },
		{ "key", offsetof(struct bpf_map_def, key_size), true },
		{ "value", offsetof(struct bpf_map_def, value_size), true },
	};
	const char *attr = eb_btf_str(btf, m->name_off);
	uint32_t v, old;
	size_t i;

	if (!strcmp(attr, "values") && !inner)
		return values_attr(btf, om, m, err, errsize);
	for (i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++)
		if (!strcmp(attr, attrs[i].name))
			break;
	if (i == sizeof(attrs) / sizeof(attrs[0])) {
		eb_snprintf(err, errsize, "map '%s': attribute '%s' is not supported",
			    name, attr);
		return -EINVAL;
	}
	if (attrs[i].typed ? !pointee(btf, m->type) ||
			     eb_btf_type_size(btf, pointee(btf, m->type), &v)
			   : !uint_attr(btf, m->type, &v)) {
		eb_snprintf(err, errsize, "map '%s': attribute '%s' is not __uint(%s, N) or __type(%s, T)",
			    name, attr, attr, attr);
		return -EINVAL;
	}
	if (attrs[i].typed && !inner) {
		bool key = attrs[i].off == offsetof(struct bpf_map_def, key_size);
		char *name = om->type_name[!key];

		eb_btf_format_type(btf, pointee(btf, m->type), name,
				   sizeof om->type_name[0]);
		*(key ? &pm->key_type : &pm->value_type) = name;
		*(key ? &om->key_btf : &om->value_btf) = pointee(btf, m->type);
	}
	memcpy(&old, (char *)def + attrs[i].off, sizeof(old));
	if (old && old != v) {
		eb_snprintf(err, errsize, "map '%s': attribute '%s' says %u, but an earlier one %u",
			    name, attr, v, old);
		return -EINVAL;
	}
	memcpy((char *)def + attrs[i].off, &v, sizeof(v));
	return 0;
}

/* Reads struct t's attributes into def (om's, or its inner maps'), for
 * map name; the type must be one ebreak has (an inner map's no map of
 * maps). */
static int
parse_def(const struct btf *btf, struct obj_map *om, const struct btf_type *t,
	  struct bpf_map_def *def, const char *name, char *err, size_t errsize)
{
	const struct btf_member *m = btf_type_data(t);
	char tn[12];
	int r;

	memset(def, 0, sizeof(*def));
	for (uint32_t i = 0; i < BTF_INFO_VLEN(t->info); i++)
		if ((r = map_attr(btf, om, &m[i], def, name, err, errsize)))
			return r;
	switch (def->type) {
	case BPF_MAP_TYPE_HASH: case BPF_MAP_TYPE_ARRAY: case BPF_MAP_TYPE_PERCPU_ARRAY:
	case BPF_MAP_TYPE_PERCPU_HASH: case BPF_MAP_TYPE_LRU_HASH:
	case BPF_MAP_TYPE_LRU_PERCPU_HASH: case BPF_MAP_TYPE_STACK_TRACE:
	case BPF_MAP_TYPE_RINGBUF: case BPF_MAP_TYPE_PROG_ARRAY:
	case BPF_MAP_TYPE_CGROUP_ARRAY:
		return 0;
	case BPF_MAP_TYPE_ARRAY_OF_MAPS: case BPF_MAP_TYPE_HASH_OF_MAPS:
		if (def == &om->pub.def)
			return 0;
		/* an inner definition: one level, as Linux */
		eb_snprintf(err, errsize, "map '%s': map type %s is a map of maps: maps of maps hold no maps of maps",
			    name, eb_bpf_map_type_str(def->type));
		return -EINVAL;
	case BPF_MAP_TYPE_PERF_EVENT_ARRAY:
		/* as libbpf: no max_entries is a slot per hart */
		if (!def->max_entries)
			def->max_entries = eb_port_cpu_count();
		return 0;
	default:
		eb_snprintf(err, errsize, "map '%s': map type %s is not supported (hash, array, prog_array, percpu_array, percpu_hash, stack_trace, lru_hash, lru_percpu_hash, array_of_maps, hash_of_maps, ringbuf, perf_event_array, cgroup_array)",
			    name, bpf_map_type_text(def->type, tn, sizeof(tn)));
		return -EINVAL;
	}
}

/* Reads the BTF definition of map om (named) into its def and types; a
 * map of maps' must give its inner maps' (libbpf's inner map). */
static int
btf_map_def(const struct eb_bpf_object *obj, struct obj_map *om,
	    char *err, size_t errsize)
{
	const char *name = om->pub.name;
	const struct btf *btf = &obj->btf;
	const struct btf_type *t;
	int r;

	t = eb_btf_type_by_id(btf, eb_btf_skip_modifiers(btf, maps_var_type(btf, name)));
	if (!t || BTF_INFO_KIND(t->info) != BTF_KIND_STRUCT) {
		eb_snprintf(err, errsize, "map '%s': no BTF struct defines it in DATASEC .maps",
			    name);
		return -EINVAL;
	}
	if ((r = parse_def(btf, om, t, &om->pub.def, name, err, errsize)))
		return r;
	if ((om->pub.def.type == BPF_MAP_TYPE_ARRAY_OF_MAPS ||
	     om->pub.def.type == BPF_MAP_TYPE_HASH_OF_MAPS) &&
	    !om->inner_def.type) {
		eb_snprintf(err, errsize, "map '%s': a map of maps needs its inner maps' definition, __array(values, struct {...})",
			    name);
		return -EINVAL;
	}
	return 0;
}

/* Is symbol sym one of .maps's maps (object.h)? */
bool
eb_obj_is_map_sym(const struct eb_bpf_object *obj, const Elf64_Sym *sym)
{
	return obj->maps_sec && sym->st_shndx == obj->maps_sec &&
	       ELF64_ST_TYPE(sym->st_info) == STT_OBJECT;
}

/* Is section i a global data section with bytes? */
static bool
is_data_map_sec(const struct eb_bpf_object *obj, uint32_t i)
{
	const Elf64_Shdr *sh = &obj->shdrs[i];

	return (sh->sh_type == SHT_PROGBITS || sh->sh_type == SHT_NOBITS) &&
	       (sh->sh_flags & SHF_ALLOC) && sh->sh_size &&
	       eb_obj_is_data_sec(eb_obj_sec_name(obj, i));
}

/* Finds the object's maps (object.h). */
int
eb_obj_collect_maps(struct eb_bpf_object *obj, char *err, size_t errsize)
{
	size_t n = 0;
	int r;

	for (uint32_t i = 1; i < obj->nr_syms; i++)
		n += eb_obj_is_map_sym(obj, &obj->syms[i]);
	for (uint32_t i = 1; i < obj->shnum; i++)
		n += is_data_map_sec(obj, i);
	if (n && obj->maps_sec && !obj->btf_sec) {
		eb_snprintf(err, errsize, "section '.maps': its maps need the object's .BTF (build with -g)");
		return -EINVAL;
	}
	if (!n)
		return 0;
	obj->maps = eb_port_alloc(n * sizeof(*obj->maps));
	obj->map_ptrs = eb_port_alloc(n * sizeof(*obj->map_ptrs));
	if (!obj->maps || !obj->map_ptrs) {
		eb_snprintf(err, errsize, "out of memory for %zu maps", n);
		return -ENOMEM;
	}
	memset(obj->maps, 0, n * sizeof(*obj->maps));
	memset(obj->map_ptrs, 0, n * sizeof(*obj->map_ptrs));
	for (uint32_t i = 1; i < obj->nr_syms; i++) {
		struct obj_map *m = &obj->maps[obj->nr_maps];
		const Elf64_Sym *sym = &obj->syms[i];

		if (!eb_obj_is_map_sym(obj, sym))
			continue;
		m->pub.name = eb_obj_sym_name(obj, sym);
		m->sec = obj->maps_sec;
		m->off = sym->st_value;
		m->btf = &obj->btf;
		if ((r = btf_map_def(obj, m, err, errsize)))
			return r;
		obj->nr_maps++;
	}
	for (uint32_t i = 1; i < obj->shnum; i++) {
		struct obj_map *m = &obj->maps[obj->nr_maps];

		if (!is_data_map_sec(obj, i))
			continue;
		m->pub.name = eb_obj_sec_name(obj, i);
		m->sec = i;
		m->btf = &obj->btf;
		m->value_btf = eb_btf_find_datasec(&obj->btf, m->pub.name);
		m->pub.def = (struct bpf_map_def){
			.type = BPF_MAP_TYPE_ARRAY,
			.key_size = 4,
			.value_size = obj->shdrs[i].sh_size,
			.max_entries = 1,
			.map_flags = data_secs[data_sec_row(m->pub.name)].map_flags,
		};
		if (obj->shdrs[i].sh_size > UINT32_MAX) {
			eb_snprintf(err, errsize, "section '%s': too big for a map", m->pub.name);
			return -EINVAL;
		}
		obj->nr_maps++;
	}
	return 0;
}

/* The map holding byte off of section sec (object.h). */
int
eb_obj_map_index(const struct eb_bpf_object *obj, uint32_t sec, uint64_t off)
{
	for (size_t i = 0; i < obj->nr_maps; i++) {
		const struct obj_map *m = &obj->maps[i];

		if (m->sec != sec)
			continue;
		if (sec == obj->maps_sec ? m->off == off : off < m->pub.def.value_size)
			return i;
	}
	return -1;
}

/* Formats a key or value of m as its BTF type (<ebreak/bpf_object.h>).
 * Any context. */
int
eb_bpf_object_map_format(const struct eb_bpf_object_map *m, bool key,
			 const void *data, char *buf, size_t size)
{
	const struct obj_map *om = (const struct obj_map *)m;	/* its pub */
	uint32_t id = key ? om->key_btf : om->value_btf;

	if (!id)
		return -ENOENT;
	return eb_btf_format(om->btf, id, data,
			     key ? m->def.key_size : m->def.value_size, buf,
			     size);
}

/* The integer array t is, its elements' bytes in *esize and count in
 * *nelems; false if it is none such. */
static bool
int_array(const struct btf *btf, const struct btf_type *t, uint32_t *esize,
	  uint32_t *nelems)
{
	const struct btf_array *a = btf_type_data(t);
	const struct btf_type *e;

	if (BTF_INFO_KIND(t->info) != BTF_KIND_ARRAY ||
	    !(e = eb_btf_type_by_id(btf, eb_btf_skip_modifiers(btf, a->type))) ||
	    BTF_INFO_KIND(e->info) != BTF_KIND_INT)
		return false;
	*esize = e->size_or_type;
	*nelems = a->nelems;
	return true;
}

/* The struct type id (a map's key or value type; 0: none) is, or NULL
 * if it is no struct. */
static const struct btf_type *
btf_struct(const struct btf *btf, uint32_t id)
{
	const struct btf_type *t = id ? eb_btf_type_by_id(btf,
					eb_btf_skip_modifiers(btf, id)) : NULL;

	return t && BTF_INFO_KIND(t->info) == BTF_KIND_STRUCT ? t : NULL;
}

/* A value's histogram slots (<ebreak/bpf_object.h>). */
int
eb_bpf_object_map_slots(const struct eb_bpf_object_map *m, uint32_t *off,
			uint32_t *esize, uint32_t *nelems)
{
	const struct obj_map *om = (const struct obj_map *)m;	/* its pub */
	const struct btf_type *t, *mt;
	const struct btf_member *mb;

	if (!(t = btf_struct(om->btf, om->value_btf)))
		return -ENOENT;
	mb = btf_type_data(t);
	for (uint32_t i = 0; i < BTF_INFO_VLEN(t->info); i++) {
		if (strcmp(eb_btf_str(om->btf, mb[i].name_off), "slots") ||
		    btf_member_bitfield_size(t, i) ||
		    !(mt = eb_btf_type_by_id(om->btf,
					     eb_btf_skip_modifiers(om->btf, mb[i].type))) ||
		    !int_array(om->btf, mt, esize, nelems))
			continue;
		*off = btf_member_bit_offset(t, i) / 8;
		if ((*esize != 4 && *esize != 8) ||
		    *off + (uint64_t)*esize * *nelems > m->def.value_size)
			return -ENOENT;
		return 0;
	}
	return -ENOENT;
}

/* Whether name ends in "stack_id" or "stackid". */
static bool
is_stack_id(const char *name)
{
	size_t n = strlen(name);

	return (n >= 8 && strcmp(name + n - 8, "stack_id") == 0) ||
	       (n >= 7 && strcmp(name + n - 7, "stackid") == 0);
}

/* A struct key's stack id member (<ebreak/bpf_object.h>). */
int
eb_bpf_object_map_stack_key(const struct eb_bpf_object_map *m,
			    struct eb_bpf_stack_key *k, char *err,
			    size_t errsize)
{
	const struct obj_map *om = (const struct obj_map *)m;	/* its pub */
	const struct btf_type *t;
	const struct btf_member *mb;
	uint32_t n = 0, kern = 0, pick = 0;

	if (!(t = btf_struct(om->btf, om->key_btf)))
		return -ENOENT;
	mb = btf_type_data(t);
	for (uint32_t i = 0; i < BTF_INFO_VLEN(t->info); i++) {
		const char *name = eb_btf_str(om->btf, mb[i].name_off);

		if (!is_stack_id(name))
			continue;
		n++;
		if (strncmp(name, "kern", 4) == 0)
			kern++, pick = i;
		else if (!kern)
			pick = i;
	}
	if (n == 0 || (n > 1 && kern != 1)) {
		eb_snprintf(err, errsize, "%s's key %s has %u members whose "
			    "names end in stack_id or stackid (%s)", m->name,
			    m->key_type, n, n ? "and not one kern* among them"
			    : "one is the stack id");
		return -EINVAL;
	}
	k->member = pick;
	k->off = btf_member_bit_offset(t, pick) / 8;
	if (btf_member_bitfield_size(t, pick) ||
	    btf_member_bit_offset(t, pick) % 8 ||
	    eb_btf_type_size(om->btf, mb[pick].type, &k->size) ||
	    (k->size != 4 && k->size != 8) ||
	    k->off + k->size > m->def.key_size) {
		eb_snprintf(err, errsize, "%s's key %s: its stack id member "
			    "%s is not 4 or 8 whole bytes", m->name, m->key_type,
			    eb_btf_str(om->btf, mb[pick].name_off));
		return -EINVAL;
	}
	return 0;
}

/* A struct key of m but its stack id member (<ebreak/bpf_object.h>). */
int
eb_bpf_object_map_format_key_without(const struct eb_bpf_object_map *m,
				     const void *key, uint32_t member,
				     char *buf, size_t size)
{
	const struct obj_map *om = (const struct obj_map *)m;	/* its pub */

	if (!om->key_btf)
		return -ENOENT;
	return eb_btf_format_without(om->btf, om->key_btf, key,
				     m->def.key_size, member, buf, size);
}

/* Creates map m; a map of maps with libbpf's inner map definition from a
 * template map made of it for the while (as libbpf does). */
static int
create_map(struct obj_map *m, char *err, size_t errsize)
{
	char name[BPF_OBJ_NAME_LEN + 8];
	struct bpf_map *tmpl = NULL;
	int r;

	if (m->pub.def.type != BPF_MAP_TYPE_ARRAY_OF_MAPS &&
	    m->pub.def.type != BPF_MAP_TYPE_HASH_OF_MAPS)
		return bpf_map_create(&m->pub.def, m->pub.name, &m->pub.map,
				      err, errsize);
	eb_snprintf(name, sizeof(name), "%s.inner", m->pub.name);
	if (m->inner_def.type &&
	    (r = bpf_map_create(&m->inner_def, name, &tmpl, err, errsize)))
		return r;
	r = eb_bpf_map_of_maps_create(&m->pub.def, tmpl, m->pub.name,
				      &m->pub.map, err, errsize);
	bpf_map_free(tmpl);
	return r;
}

/* Creates obj's maps (object.h). */
int
eb_obj_create_maps(struct eb_bpf_object *obj, char *log, size_t logsize)
{
	for (size_t i = 0; i < obj->nr_maps; i++) {
		struct obj_map *m = &obj->maps[i];
		const void *init;
		uint32_t zero = 0;
		int r, n;

		n = eb_snprintf(log, logsize, "map '%s': ", m->pub.name);
		if (n < 0 || (size_t)n >= logsize)
			n = 0;
		r = create_map(m, log ? log + n : NULL, logsize - n);
		if (r) {
			eb_obj_free_maps(obj);
			return r;
		}
		obj->map_ptrs[i] = m->pub.map;
		if (m->sec != obj->maps_sec && (init = eb_obj_sec_data(obj, m->sec)))
			memcpy(bpf_map_lookup_elem(m->pub.map, &zero), init,
			       m->pub.def.value_size);
		/* .rodata set for good, as libbpf freezes it: the verifier
		 * reads its knobs as constants (a map of .maps read-only to
		 * programs is the host's to set, as in Linux) */
		if (m->sec != obj->maps_sec &&
		    (m->pub.def.map_flags & BPF_F_RDONLY_PROG))
			eb_bpf_map_freeze(m->pub.map);
	}
	if (log && logsize)
		log[0] = 0;
	return 0;
}

/* Frees the maps made (object.h). */
void
eb_obj_free_maps(struct eb_bpf_object *obj)
{
	for (size_t i = 0; i < obj->nr_maps; i++) {
		bpf_map_free(obj->maps[i].pub.map);
		obj->maps[i].pub.map = NULL;
		obj->map_ptrs[i] = NULL;
	}
}

/* A global variable's bytes in its map (<ebreak/bpf_object.h>). */
void *
eb_bpf_object_find_global(const struct eb_bpf_object *obj, const char *name,
			  size_t *size)
{
	for (size_t i = 0; i < obj->nr_maps; i++) {
		const struct obj_map *m = &obj->maps[i];
		const Elf64_Sym *sym;
		uint32_t zero = 0;

		if (m->sec == obj->maps_sec || !m->pub.map ||
		    !(sym = eb_obj_find_sym(obj, m->sec, name)) ||
		    sym->st_value > m->pub.def.value_size ||
		    sym->st_size > m->pub.def.value_size - sym->st_value)
			continue;
		if (size)
			*size = sym->st_size;
		return (char *)bpf_map_lookup_elem(m->pub.map, &zero) + sym->st_value;
	}
	return NULL;
}
