/*
 * Linking an object's program (object.h), as libbpf does at load: the
 * program's function is copied, then each .text function it calls
 * (directly or through another) is appended once, and calls are pointed
 * at the copies (BPF_PSEUDO_CALL, imm = target - pc - 1); instructions
 * object_core.c poisoned are listed where they land. Relocations
 * (R_BPF_64_64 on lddw, R_BPF_64_32 on calls; Documentation/bpf/
 * llvm_reloc.rst) become map references: BPF_PSEUDO_MAP_IDX for a map in
 * .maps, BPF_PSEUDO_MAP_IDX_VALUE plus the offset for a global variable;
 * an lddw of a .text function's address (bpf_loop's callback) appends
 * the function as a call does and becomes BPF_PSEUDO_FUNC.
 */
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/libc.h>
#include <ebreak/port.h>
#include "bpf/helpers.h"
#include "bpf/object.h"

#define LDDW	(BPF_LD | BPF_IMM | BPF_DW)
#define CALL	(BPF_JMP | BPF_CALL)

/* A .text function: instructions [start, start + len), copied to
 * buf[pos..] once a linked function calls it (pos < 0 until then). */
struct text_func {
	uint32_t start, len;
	int64_t pos;
};

struct linker {
	struct eb_bpf_object *obj;
	struct obj_prog *prog;		/* being linked: its poisons listed */
	struct bpf_insn *buf;		/* the program being built */
	uint32_t n, cap;		/* instructions in buf, room */
	struct text_func *funcs;	/* .text's functions */
	uint32_t nr_funcs;
	uint32_t *order;		/* funcs indexes, in appended order */
	uint32_t nr_appended;
	char *err;
	size_t errsize;
};

/* Section sec's relocation at byte off, and its number in *idx, or NULL. */
static const Elf64_Rel *
find_rel(const struct eb_bpf_object *obj, uint32_t sec, uint64_t off,
	 uint32_t *idx)
{
	uint32_t rs = obj->rel_sec[sec];
	const Elf64_Rel *rel;
	uint64_t n;

	if (!rs)
		return NULL;
	rel = eb_obj_sec_data(obj, rs);
	n = obj->shdrs[rs].sh_size / sizeof(*rel);
	for (uint32_t i = 0; i < n; i++)
		if (rel[i].r_offset == off) {
			*idx = i;
			return &rel[i];
		}
	return NULL;
}

/* The .text function starting at instruction target, appended to buf
 * if it is not yet; its index, or -1. */
static int
text_func_at(struct linker *l, int64_t target)
{
	for (uint32_t i = 0; i < l->nr_funcs; i++) {
		struct text_func *f = &l->funcs[i];

		if (f->start != target)
			continue;
		if (f->pos < 0 && l->n + f->len > l->cap)	/* overlapping */
			return -1;
		if (f->pos < 0) {
			const struct bpf_insn *text = eb_obj_sec_data(l->obj, l->obj->text_sec);

			memcpy(&l->buf[l->n], text + f->start, f->len * sizeof(*text));
			f->pos = l->n;
			l->n += f->len;
			l->order[l->nr_appended++] = i;
		}
		return i;
	}
	return -1;
}

/* Points the lddw at buf[at] (section sec's instruction src) at the
 * .text function at byte off, appended if it is not yet: its address, a
 * callback's (BPF_PSEUDO_FUNC, imm = target - at - 1, libbpf's
 * RELO_SUBPROG_ADDR). */
static int
link_func_addr(struct linker *l, uint32_t sec, uint32_t src, uint32_t at,
	       uint64_t off)
{
	struct bpf_insn *in = &l->buf[at];
	int f;

	if (off % 8 || (f = text_func_at(l, (int64_t)(off / 8))) < 0) {
		eb_snprintf(l->err, l->errsize, "section '%s': insn %u: address of byte %llu of '.text', where no function starts",
			    eb_obj_sec_name(l->obj, sec), src, (unsigned long long)off);
		return -EINVAL;
	}
	in[0].src_reg = BPF_PSEUDO_FUNC;
	in[0].imm = (int32_t)(l->funcs[f].pos - at - 1);
	in[1].imm = 0;
	return 0;
}

/* Points the lddw at buf[at] (section sec's instruction src) at the map,
 * global or function its relocation #ri names. */
static int
link_lddw(struct linker *l, uint32_t sec, uint32_t src, uint32_t at,
	  const Elf64_Rel *rel, uint32_t ri)
{
	struct eb_bpf_object *obj = l->obj;
	const Elf64_Sym *sym = &obj->syms[ELF64_R_SYM(rel->r_info)];
	struct bpf_insn *in = &l->buf[at];
	uint64_t off = sym->st_value;
	int m;

	if (ELF64_R_TYPE(rel->r_info) != R_BPF_64_64)
		goto bad;
	if (sym->st_shndx != obj->maps_sec)
		off += (uint32_t)in->imm;	/* a section symbol's offset */
	if (obj->text_sec && sym->st_shndx == obj->text_sec)
		return link_func_addr(l, sec, src, at, off);
	m = eb_obj_map_index(obj, sym->st_shndx, off);
	if (m < 0) {
		eb_snprintf(l->err, l->errsize, "section '%s': relocation #%u (insn %u) against '%s' in '%s' at offset %llu: not a map or global variable",
			    eb_obj_sec_name(obj, sec), ri, src, eb_obj_sym_name(obj, sym),
			    eb_obj_sec_name(obj, sym->st_shndx), (unsigned long long)off);
		return -EINVAL;
	}
	in[0].imm = m;
	if (sym->st_shndx == obj->maps_sec) {
		in[0].src_reg = BPF_PSEUDO_MAP_IDX;
		in[1].imm = 0;
	} else {
		in[0].src_reg = BPF_PSEUDO_MAP_IDX_VALUE;
		in[1].imm = (int32_t)off;
	}
	return 0;
bad:
	eb_snprintf(l->err, l->errsize, "section '%s': relocation #%u (insn %u): type %u on an lddw, not R_BPF_64_64",
		    eb_obj_sec_name(obj, sec), ri, src, ELF64_R_TYPE(rel->r_info));
	return -EINVAL;
}

/* Points the bpf-to-bpf call at buf[at] (section sec's instruction src,
 * relocation rel #ri or none) at its target's copy. */
static int
link_call(struct linker *l, uint32_t sec, uint32_t src, uint32_t at,
	  const Elf64_Rel *rel, uint32_t ri)
{
	struct eb_bpf_object *obj = l->obj;
	struct bpf_insn *in = &l->buf[at];
	int64_t target = (int64_t)src + in->imm + 1;
	uint32_t tsec = sec;
	int f;

	if (rel) {
		const Elf64_Sym *sym = &obj->syms[ELF64_R_SYM(rel->r_info)];

		if (ELF64_R_TYPE(rel->r_info) != R_BPF_64_32) {
			eb_snprintf(l->err, l->errsize, "section '%s': relocation #%u (insn %u): type %u on a call, not R_BPF_64_32",
				    eb_obj_sec_name(obj, sec), ri, src, ELF64_R_TYPE(rel->r_info));
			return -EINVAL;
		}
		tsec = sym->st_shndx;
		target = (int64_t)(sym->st_value / 8) + in->imm + 1;
	}
	if (!obj->text_sec || tsec != obj->text_sec ||
	    (f = text_func_at(l, target)) < 0) {
		eb_snprintf(l->err, l->errsize, "section '%s': insn %u: call to instruction %lld of '%s', where no .text function starts",
			    eb_obj_sec_name(obj, sec), src, (long long)target,
			    eb_obj_sec_name(obj, tsec));
		return -EINVAL;
	}
	in->imm = (int32_t)(l->funcs[f].pos - at - 1);
	return 0;
}

/* Links len instructions copied to buf[dst..] from section sec's
 * instruction src on. */
static int
link_chunk(struct linker *l, uint32_t sec, uint32_t src, uint32_t dst,
	   uint32_t len)
{
	for (uint32_t i = 0; i < len; i++) {
		struct bpf_insn *in = &l->buf[dst + i];
		uint32_t ri = 0;
		const Elf64_Rel *rel = find_rel(l->obj, sec, (uint64_t)(src + i) * 8, &ri);
		int r = 0, p;

		if (in->code == LDDW) {
			if (i + 1 >= len) {
				eb_snprintf(l->err, l->errsize, "section '%s': insn %u: lddw cut short",
					    eb_obj_sec_name(l->obj, sec), src + i);
				return -EINVAL;
			}
			if (rel)
				r = link_lddw(l, sec, src + i, dst + i, rel, ri);
			else if (in->src_reg) {
				eb_snprintf(l->err, l->errsize, "section '%s': insn %u: lddw with src_reg %u and no relocation",
					    eb_obj_sec_name(l->obj, sec), src + i, in->src_reg);
				return -EINVAL;
			}
			i++;
		} else if (in->code == CALL && in->src_reg == BPF_PSEUDO_CALL) {
			r = link_call(l, sec, src + i, dst + i, rel, ri);
		} else if (in->code == CALL && (uint32_t)in->imm == BPF_CORE_POISON_ID &&
			   (p = eb_obj_core_poison_at(l->obj, sec, src + i)) >= 0) {
			l->prog->poisons[l->prog->nr_poisons++] =
				(struct obj_poison_ref){ dst + i, p };
		} else if (rel) {
			eb_snprintf(l->err, l->errsize, "section '%s': relocation #%u (insn %u) is on neither an lddw nor a call",
				    eb_obj_sec_name(l->obj, sec), ri, src + i);
			return -EINVAL;
		}
		if (r)
			return r;
	}
	return 0;
}

/* Checks every relocation of the program sections and .text
 * (object.h). */
int
eb_obj_check_relocs(const struct eb_bpf_object *obj, char *err, size_t errsize)
{
	for (uint32_t sec = 1; sec < obj->shnum; sec++) {
		uint32_t rs = obj->rel_sec[sec];
		const Elf64_Rel *rel;

		if (!rs)
			continue;
		rel = eb_obj_sec_data(obj, rs);
		for (uint32_t i = 0; i < obj->shdrs[rs].sh_size / sizeof(*rel); i++) {
			uint32_t type = ELF64_R_TYPE(rel[i].r_info);
			uint32_t si = ELF64_R_SYM(rel[i].r_info);
			const Elf64_Sym *sym = si < obj->nr_syms ? &obj->syms[si] : NULL;

			if (rel[i].r_offset % 8 ||
			    rel[i].r_offset >= obj->shdrs[sec].sh_size) {
				eb_snprintf(err, errsize, "section '%s': relocation #%u: offset 0x%llx is not an instruction of the section",
					    eb_obj_sec_name(obj, sec), i,
					    (unsigned long long)rel[i].r_offset);
				return -EINVAL;
			}
			if (type != R_BPF_64_64 && type != R_BPF_64_32) {
				eb_snprintf(err, errsize, "section '%s': relocation #%u (insn %llu): type %u is not supported (R_BPF_64_64, R_BPF_64_32)",
					    eb_obj_sec_name(obj, sec), i,
					    (unsigned long long)rel[i].r_offset / 8, type);
				return -EINVAL;
			}
			if (!si || !sym) {
				eb_snprintf(err, errsize, "section '%s': relocation #%u (insn %llu): symbol %u does not exist",
					    eb_obj_sec_name(obj, sec), i,
					    (unsigned long long)rel[i].r_offset / 8, si);
				return -EINVAL;
			}
			if (sym->st_shndx == SHN_UNDEF || sym->st_shndx >= obj->shnum) {
				eb_snprintf(err, errsize, "section '%s': relocation #%u (insn %llu) against '%s', which the object does not define",
					    eb_obj_sec_name(obj, sec), i,
					    (unsigned long long)rel[i].r_offset / 8,
					    eb_obj_sym_name(obj, sym));
				return -EINVAL;
			}
		}
	}
	return 0;
}

/* Fills l->funcs with .text's functions. */
static int
collect_text_funcs(struct linker *l)
{
	const struct eb_bpf_object *obj = l->obj;

	for (uint32_t pass = 0; pass < 2; pass++) {
		uint32_t n = 0;

		for (uint32_t i = 1; i < obj->nr_syms; i++) {
			const Elf64_Sym *s = &obj->syms[i];

			if (!obj->text_sec || s->st_shndx != obj->text_sec ||
			    ELF64_ST_TYPE(s->st_info) != STT_FUNC)
				continue;
			if (pass)
				l->funcs[n] = (struct text_func){
					s->st_value / 8, s->st_size / 8, -1 };
			n++;
		}
		if (pass)
			break;
		l->nr_funcs = n;
		if (!n)
			return 0;
		l->funcs = eb_port_alloc(n * sizeof(*l->funcs));
		l->order = eb_port_alloc(n * sizeof(*l->order));
		if (!l->funcs || !l->order)
			return -ENOMEM;
	}
	return 0;
}

/* Builds prog->insns (object.h). */
int
eb_obj_link_prog(struct eb_bpf_object *obj, struct obj_prog *prog, char *err,
		 size_t errsize)
{
	struct linker l = { .obj = obj, .prog = prog, .err = err, .errsize = errsize };
	const struct bpf_insn *code = eb_obj_sec_data(obj, prog->sec);
	int r;

	l.cap = prog->len + (obj->text_sec ? obj->shdrs[obj->text_sec].sh_size / 8 : 0);
	l.buf = eb_port_alloc(l.cap * sizeof(*l.buf));
	/* each poisoned instruction is linked into a program at most once */
	if (obj->nr_core_poisons)
		prog->poisons = eb_port_alloc(obj->nr_core_poisons * sizeof(*prog->poisons));
	if (!l.buf || (obj->nr_core_poisons && !prog->poisons) ||
	    (r = collect_text_funcs(&l))) {
		eb_snprintf(err, errsize, "out of memory linking program '%s'",
			    prog->pub.name);
		r = -ENOMEM;
		goto out;
	}
	memcpy(l.buf, code + prog->start, prog->len * sizeof(*code));
	l.n = prog->len;
	r = link_chunk(&l, prog->sec, prog->start, 0, prog->len);
	for (uint32_t k = 0; !r && k < l.nr_appended; k++) {
		const struct text_func *f = &l.funcs[l.order[k]];

		r = link_chunk(&l, obj->text_sec, f->start, f->pos, f->len);
	}
out:
	eb_port_free(l.funcs);
	eb_port_free(l.order);
	if (r) {
		eb_port_free(l.buf);
		return r;
	}
	prog->insns = l.buf;
	prog->nr_insns = l.n;
	return 0;
}
