/*
 * The object loader (<ebreak/bpf_object.h>): open runs its steps in
 * order (ELF structure, sections, BTF, maps, programs, CO-RE
 * relocations, relocations, linking), each refusing what it does not
 * know with a message naming it; load creates the maps and loads the
 * programs; close frees all.
 */
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/libc.h>
#include <ebreak/port.h>
#include "bpf/object.h"

/* Does s start with prefix? */
static bool
starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* Records SHT_REL section i, whose target must be a program section,
 * .text or .maps (a prog array's initial slots; debug info's and BTF's
 * relocations are not needed). */
static int
classify_rel(struct eb_bpf_object *obj, uint32_t i, char *err, size_t errsize)
{
	const Elf64_Shdr *sh = &obj->shdrs[i];
	const char *target;
	uint16_t *slot;

	if (!sh->sh_info || sh->sh_info >= obj->shnum) {
		eb_snprintf(err, errsize, "section '%s': relocates section %u, which does not exist",
			    eb_obj_sec_name(obj, i), sh->sh_info);
		return -EINVAL;
	}
	target = eb_obj_sec_name(obj, sh->sh_info);
	if (starts_with(target, ".debug") || starts_with(target, ".BTF"))
		return 0;
	slot = !strcmp(target, ".maps") ? &obj->maps_rel_sec
					 : &obj->rel_sec[sh->sh_info];
	if (slot != &obj->maps_rel_sec &&
	    !(obj->shdrs[sh->sh_info].sh_flags & SHF_EXECINSTR)) {
		eb_snprintf(err, errsize, "section '%s': relocations of '%s' are not supported",
			    eb_obj_sec_name(obj, i), target);
		return -EINVAL;
	}
	if (sh->sh_entsize != sizeof(Elf64_Rel) || sh->sh_size % sizeof(Elf64_Rel) ||
	    sh->sh_offset % 8 || *slot) {
		eb_snprintf(err, errsize, "section '%s': not the one table of 16-byte, 8-aligned relocations of '%s'",
			    eb_obj_sec_name(obj, i), target);
		return -EINVAL;
	}
	*slot = i;
	return 0;
}

/* Sorts the sections: records .text, .maps, .BTF, license and the
 * relocation tables; refuses what the loader does not know. */
static int
classify_sections(struct eb_bpf_object *obj, char *err, size_t errsize)
{
	obj->rel_sec = eb_port_alloc(obj->shnum * sizeof(*obj->rel_sec));
	if (!obj->rel_sec) {
		eb_snprintf(err, errsize, "out of memory for %u sections", obj->shnum);
		return -ENOMEM;
	}
	memset(obj->rel_sec, 0, obj->shnum * sizeof(*obj->rel_sec));
	for (uint32_t i = 1; i < obj->shnum; i++) {
		const Elf64_Shdr *sh = &obj->shdrs[i];
		const char *name = eb_obj_sec_name(obj, i);
		int r;

		if (sh->sh_type == SHT_REL) {
			if ((r = classify_rel(obj, i, err, errsize)))
				return r;
		} else if (sh->sh_type == SHT_RELA) {
			eb_snprintf(err, errsize, "section '%s': RELA relocations are not supported",
				    name);
			return -EINVAL;
		} else if (sh->sh_flags & SHF_EXECINSTR) {
			if (sh->sh_type != SHT_PROGBITS || sh->sh_size % 8 ||
			    sh->sh_offset % 8) {
				eb_snprintf(err, errsize, "section '%s': code that is not 8-byte instructions, 8-aligned",
					    name);
				return -EINVAL;
			}
			if (!strcmp(name, ".text"))
				obj->text_sec = i;
		} else if (!strcmp(name, "license")) {
			if (sh->sh_type != SHT_PROGBITS || !sh->sh_size ||
			    obj->elf[sh->sh_offset + sh->sh_size - 1]) {
				eb_snprintf(err, errsize, "section 'license': not a NUL-terminated string");
				return -EINVAL;
			}
			obj->license_sec = i;
		} else if (!strcmp(name, ".maps")) {
			obj->maps_sec = i;
		} else if (!strcmp(name, ".BTF")) {
			obj->btf_sec = i;
		} else if (!strcmp(name, ".BTF.ext")) {
			obj->btf_ext_sec = i;
		} else if (!strcmp(name, "maps")) {
			eb_snprintf(err, errsize, "section 'maps': legacy map definitions are not supported (define maps in SEC(\".maps\"))");
			return -EINVAL;
		} else if ((sh->sh_flags & SHF_ALLOC) && !eb_obj_is_data_sec(name)) {
			eb_snprintf(err, errsize, "section '%s' is not supported", name);
			return -EINVAL;
		}
	}
	return 0;
}

/* The section called name, or 0. */
static uint32_t
find_sec(const struct eb_bpf_object *obj, const char *name)
{
	for (uint32_t i = 1; i < obj->shnum; i++)
		if (!strcmp(eb_obj_sec_name(obj, i), name))
			return i;
	return 0;
}

/* clang leaves the offset of each global in its section's DATASEC 0
 * (it knows them only when it links): as libbpf does, take them from
 * the symbol table, so that the BTF says where each variable lies (map
 * dumps show data sections by it). The BTF lies in obj->elf, our own
 * copy, so it may be written. */
static void
fixup_datasecs(struct eb_bpf_object *obj)
{
	const struct btf *btf = &obj->btf;

	for (uint32_t id = 1; id < btf->nr_types; id++) {
		const struct btf_type *t = eb_btf_type_by_id(btf, id);
		uint32_t sec;

		if (BTF_INFO_KIND(t->info) != BTF_KIND_DATASEC ||
		    !(sec = find_sec(obj, eb_btf_str(btf, t->name_off))))
			continue;
		struct btf_var_secinfo *vs = (struct btf_var_secinfo *)
					     btf_type_data(t);
		for (uint32_t i = 0; i < BTF_INFO_VLEN(t->info); i++) {
			const struct btf_type *v = eb_btf_type_by_id(btf, vs[i].type);
			const Elf64_Sym *sym = v && BTF_INFO_KIND(v->info) ==
				BTF_KIND_VAR ? eb_obj_find_sym(obj, sec,
					eb_btf_str(btf, v->name_off)) : NULL;

			if (sym && sym->st_value <= UINT32_MAX)
				vs[i].offset = (uint32_t)sym->st_value;
		}
	}
}

/* Parses .BTF, if there is one, and places its globals. */
static int
parse_btf(struct eb_bpf_object *obj, char *err, size_t errsize)
{
	const Elf64_Shdr *sh = &obj->shdrs[obj->btf_sec];
	int n;

	if (!obj->btf_sec)
		return 0;
	if (sh->sh_type != SHT_PROGBITS || sh->sh_offset % 4) {
		eb_snprintf(err, errsize, "section '.BTF': not 4-aligned bytes");
		return -EINVAL;
	}
	n = eb_snprintf(err, errsize, "section '.BTF': ");
	if (n < 0 || (size_t)n >= errsize)
		n = 0;
	int r = eb_btf_parse(&obj->btf, eb_obj_sec_data(obj, obj->btf_sec),
			     sh->sh_size, err ? err + n : NULL, errsize - n);

	if (!r)
		fixup_datasecs(obj);
	return r;
}

/* Links every program. */
static int
link_progs(struct eb_bpf_object *obj, char *err, size_t errsize)
{
	int r;

	if ((r = eb_obj_check_relocs(obj, err, errsize)))
		return r;
	for (size_t i = 0; i < obj->nr_progs; i++)
		if ((r = eb_obj_link_prog(obj, &obj->progs[i], err, errsize)))
			return r;
	return 0;
}

/* Parses, checks and links an object (<ebreak/bpf_object.h>). Not in
 * trap context. */
int
eb_bpf_object_open(const void *data, size_t len, struct eb_bpf_object **objp,
		   char *err, size_t errsize)
{
	struct eb_bpf_object *obj;
	int r;

	if (len < sizeof(Elf64_Ehdr)) {
		eb_snprintf(err, errsize, "not an ELF file: %zu bytes", len);
		return -EINVAL;
	}
	obj = eb_port_alloc(sizeof(*obj));
	if (!obj) {
		eb_snprintf(err, errsize, "out of memory for an object");
		return -ENOMEM;
	}
	memset(obj, 0, sizeof(*obj));
	obj->elf = eb_port_alloc(len);
	if (!obj->elf) {
		eb_port_free(obj);
		eb_snprintf(err, errsize, "out of memory for an object of %zu bytes", len);
		return -ENOMEM;
	}
	memcpy(obj->elf, data, len);
	obj->len = len;
	if ((r = eb_obj_elf_check(obj, err, errsize)) ||
	    (r = classify_sections(obj, err, errsize)) ||
	    (r = parse_btf(obj, err, errsize)) ||
	    (r = eb_obj_collect_maps(obj, err, errsize)) ||
	    (r = eb_obj_collect_progs(obj, err, errsize)) ||
	    (r = eb_obj_collect_slots(obj, err, errsize)) ||
	    (r = eb_obj_core_relocate(obj, err, errsize)) ||
	    (r = link_progs(obj, err, errsize))) {
		eb_bpf_object_close(obj);
		return r;
	}
	*objp = obj;
	return 0;
}

/* The .rodata variable name of obj: its VAR type in *var and its
 * symbol in *sym; -ENOENT if there is none. */
static int
find_rodata_var(const struct eb_bpf_object *obj, const char *name,
		const struct btf_type **var, const Elf64_Sym **sym)
{
	uint32_t sec = find_sec(obj, ".rodata");
	const struct btf_type *ds =
		eb_btf_type_by_id(&obj->btf, eb_btf_find_datasec(&obj->btf, ".rodata"));
	const struct btf_var_secinfo *vs;

	if (!sec || !ds || obj->shdrs[sec].sh_type != SHT_PROGBITS)
		return -ENOENT;
	vs = btf_type_data(ds);
	for (uint32_t i = 0; i < BTF_INFO_VLEN(ds->info); i++) {
		const struct btf_type *v = eb_btf_type_by_id(&obj->btf, vs[i].type);

		if (!v || BTF_INFO_KIND(v->info) != BTF_KIND_VAR ||
		    strcmp(eb_btf_str(&obj->btf, v->name_off), name))
			continue;
		*var = v;
		*sym = eb_obj_find_sym(obj, sec, name);
		return *sym ? 0 : -ENOENT;
	}
	return -ENOENT;
}

/* Sets a .rodata variable before load (<ebreak/bpf_object.h>). */
int
eb_bpf_object_set_rodata(struct eb_bpf_object *obj, const char *name,
			 const void *value, size_t size)
{
	uint32_t sec = find_sec(obj, ".rodata"), vsize;
	const struct btf_type *v;
	const Elf64_Sym *sym;
	int r;

	if (obj->loaded)
		return -EBUSY;
	if ((r = find_rodata_var(obj, name, &v, &sym)))
		return r;
	if (eb_btf_type_size(&obj->btf, v->size_or_type, &vsize) ||
	    vsize != size || sym->st_value > obj->shdrs[sec].sh_size ||
	    size > obj->shdrs[sec].sh_size - sym->st_value)
		return -EINVAL;
	memcpy(obj->elf + obj->shdrs[sec].sh_offset + sym->st_value, value, size);
	return 0;
}

/* What a .rodata variable holds (<ebreak/bpf_object.h>). */
int
eb_bpf_object_rodata_kind(const struct eb_bpf_object *obj, const char *name,
			  uint32_t *size, enum eb_bpf_var_kind *kind)
{
	const struct btf_type *v, *t;
	const Elf64_Sym *sym;
	uint32_t id;
	int r;

	if ((r = find_rodata_var(obj, name, &v, &sym)))
		return r;
	if (eb_btf_type_size(&obj->btf, v->size_or_type, size))
		return -EINVAL;
	id = eb_btf_skip_modifiers(&obj->btf, v->size_or_type);
	t = eb_btf_type_by_id(&obj->btf, id);
	*kind = EB_BPF_VAR_OTHER;
	if (t && BTF_INFO_KIND(t->info) == BTF_KIND_INT && !eb_btf_is_char(&obj->btf, id))
		*kind = BTF_INT_ENCODING(*(const uint32_t *)btf_type_data(t)) &
			BTF_INT_SIGNED ? EB_BPF_VAR_SIGNED : EB_BPF_VAR_UNSIGNED;
	else if (t && (BTF_INFO_KIND(t->info) == BTF_KIND_ENUM ||
		       BTF_INFO_KIND(t->info) == BTF_KIND_ENUM64))
		*kind = BTF_INFO_KFLAG(t->info) ? EB_BPF_VAR_SIGNED
						: EB_BPF_VAR_UNSIGNED;
	else if (t && BTF_INFO_KIND(t->info) == BTF_KIND_ARRAY &&
		 eb_btf_is_char(&obj->btf,
				((const struct btf_array *)btf_type_data(t))->type))
		*kind = EB_BPF_VAR_CHARS;
	return 0;
}

/* The program called name, writable, or NULL. */
static struct obj_prog *
find_prog(const struct eb_bpf_object *obj, const char *name)
{
	for (size_t i = 0; i < obj->nr_progs; i++)
		if (!strcmp(obj->progs[i].pub.name, name))
			return &obj->progs[i];
	return NULL;
}

/* Sets a tracepoint program's context size (<ebreak/bpf_object.h>). */
int
eb_bpf_object_set_ctx_size(struct eb_bpf_object *obj, const char *name,
			   uint32_t ctx_size)
{
	struct obj_prog *p = find_prog(obj, name);

	if (obj->loaded)
		return -EBUSY;
	if (!p)
		return -ENOENT;
	p->pub.ctx_size = ctx_size;
	return 0;
}

/* Frees the programs loaded so far. */
static void
free_progs(struct eb_bpf_object *obj)
{
	for (size_t i = 0; i < obj->nr_progs; i++) {
		bpf_prog_free(obj->progs[i].pub.prog);
		obj->progs[i].pub.prog = NULL;
	}
}

/* A fentry, fexit, fmod_ret or tp_btf program's context, attach type and
 * function (tracepoint), from the kernel's BTF: 0, or -errno with why in
 * err. */
static int
tracing_opts(struct obj_prog *p, struct bpf_prog_opts *opts, char *err,
	     size_t errsize)
{
	bool fexit = p->pub.kind == EB_BPF_ATTACH_FEXIT;
	bool fmod_ret = p->pub.kind == EB_BPF_ATTACH_FMOD_RET;
	bool tp = p->pub.kind == EB_BPF_ATTACH_TP_BTF;
	struct eb_bpf_func_model m;
	int r;

	if ((r = tp ? eb_bpf_tp_btf_model(p->pub.target, &m, err, errsize) :
		 eb_bpf_func_model(p->pub.target, &m, err, errsize)))
		return r;
	p->pub.ctx_size = eb_bpf_func_ctx_size(&m, fexit || fmod_ret);
	opts->ctx_size = p->pub.ctx_size;
	opts->expected_attach_type = tp ? BPF_TRACE_RAW_TP :
				     fexit ? BPF_TRACE_FEXIT :
				     fmod_ret ? BPF_MODIFY_RETURN : BPF_TRACE_FENTRY;
	opts->attach_btf_id = m.btf_id;
	return 0;
}

/* Creates the maps and loads the programs (<ebreak/bpf_object.h>). */
int
eb_bpf_object_load(struct eb_bpf_object *obj, char *log, size_t logsize)
{
	int r, n;

	if (obj->loaded) {
		eb_snprintf(log, logsize, "the object is loaded already");
		return -EBUSY;
	}
	if ((r = eb_obj_create_maps(obj, log, logsize)))
		return r;
	for (size_t i = 0; i < obj->nr_progs; i++) {
		struct obj_prog *p = &obj->progs[i];
		struct bpf_prog_opts opts = {
			.type = p->pub.type,
			.ctx_size = p->pub.ctx_size,
			.maps = obj->map_ptrs,
			.nr_maps = obj->nr_maps,
			.license = eb_bpf_object_license(obj),
		};

		n = eb_snprintf(log, logsize, "program '%s' (section '%s'): ",
				p->pub.name, p->pub.section);
		if (n < 0 || (size_t)n >= logsize)
			n = 0;
		if (eb_bpf_attach_kind_is_multi(p->pub.kind))
			opts.expected_attach_type = BPF_TRACE_KPROBE_MULTI;
		r = p->pub.type != BPF_PROG_TYPE_TRACING ? 0 :
		    tracing_opts(p, &opts, log ? log + n : NULL, logsize - n);
		if (!r)
			r = bpf_prog_load(p->insns, p->nr_insns, &opts,
					  &p->pub.prog, log ? log + n : NULL,
					  logsize - n);
		if (r && log)
			eb_obj_core_explain(obj, p, log + n, logsize - n);
		if (r) {
			free_progs(obj);
			eb_obj_free_maps(obj);
			return r;
		}
	}
	if ((r = eb_obj_fill_slots(obj, log, logsize))) {
		free_progs(obj);
		eb_obj_free_maps(obj);
		return r;
	}
	if (log && logsize)
		log[0] = 0;
	obj->loaded = true;
	return 0;
}

/* Program i, or NULL (<ebreak/bpf_object.h>). */
const struct eb_bpf_program *
eb_bpf_object_program(const struct eb_bpf_object *obj, size_t i)
{
	return i < obj->nr_progs ? &obj->progs[i].pub : NULL;
}

/* The program called name, or NULL (<ebreak/bpf_object.h>). */
const struct eb_bpf_program *
eb_bpf_object_find_program(const struct eb_bpf_object *obj, const char *name)
{
	const struct obj_prog *p = find_prog(obj, name);

	return p ? &p->pub : NULL;
}

/* Map i, or NULL (<ebreak/bpf_object.h>). */
const struct eb_bpf_object_map *
eb_bpf_object_map(const struct eb_bpf_object *obj, size_t i)
{
	return i < obj->nr_maps ? &obj->maps[i].pub : NULL;
}

/* The map called name, or NULL (<ebreak/bpf_object.h>). */
const struct eb_bpf_object_map *
eb_bpf_object_find_map(const struct eb_bpf_object *obj, const char *name)
{
	for (size_t i = 0; i < obj->nr_maps; i++)
		if (!strcmp(obj->maps[i].pub.name, name))
			return &obj->maps[i].pub;
	return NULL;
}

/* The license string (<ebreak/bpf_object.h>). */
const char *
eb_bpf_object_license(const struct eb_bpf_object *obj)
{
	return obj->license_sec ? eb_obj_sec_data(obj, obj->license_sec) : "";
}

/* Frees obj and all it made (<ebreak/bpf_object.h>). Not in trap
 * context. */
void
eb_bpf_object_close(struct eb_bpf_object *obj)
{
	if (!obj)
		return;
	free_progs(obj);
	for (size_t i = 0; i < obj->nr_progs; i++) {
		eb_port_free(obj->progs[i].insns);
		eb_port_free(obj->progs[i].poisons);
	}
	if (obj->maps)
		eb_obj_free_maps(obj);
	eb_btf_free(&obj->btf);
	eb_port_free(obj->progs);
	eb_port_free(obj->maps);
	eb_port_free(obj->map_ptrs);
	eb_port_free(obj->core_poisons);
	eb_port_free(obj->slots);
	eb_port_free(obj->rel_sec);
	eb_port_free(obj->elf);
	eb_port_free(obj);
}
