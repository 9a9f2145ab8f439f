/*
 * CO-RE relocations of an object (object.h), as libbpf applies them:
 * each core_relo record of .BTF.ext names an instruction of a code
 * section, a root type of the object's BTF and an access string. The
 * kernel's BTF (eb_port_kernel_btf) gives the candidates, its types of
 * the root's kind and essential name (flavor suffix "___x" dropped); each
 * that matches along the access string yields a value, and all must
 * agree; the root type's later relocations see only the ones that
 * matched. The value is written into the instruction in obj's copy of the
 * section, before linking copies it into each program (a .text
 * function's into every program calling it). With no candidate, the
 * EXISTS kinds and the type kinds give 0 and the others poison the
 * instruction: the verifier refuses it only where it can run, and the
 * loader then names the relocation (eb_obj_core_explain).
 */
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/libc.h>
#include <ebreak/port.h>
#include "bpf/object.h"
#include "bpf/relo_core.h"

/* A root type's candidates in the kernel's BTF. */
struct cand_list {
	uint32_t local_id;
	uint32_t *ids, n;
};

/* Every root type's so far. */
struct core_cands {
	struct cand_list *lists;
	uint32_t n;
};

/* One relocation being applied. */
struct core_relo_ctx {
	struct eb_bpf_object *obj;
	const struct btf *kbtf;		/* the kernel's */
	struct core_cands *cands;
	struct bpf_core_relo rec;
	uint32_t idx;			/* its number in .BTF.ext */
	uint32_t off;			/* its offset in .BTF.ext */
	uint32_t sec;			/* its code section */
	struct core_spec local, targ, cand;
	char where[160];		/* "CO-RE relocation #N (section ..., insn I)" */
	char what[160];			/* "field_byte_offset of 'struct s.f'" */
	char *err;
	size_t errsize;
};

/* The code section named name, or 0. */
static uint32_t
code_sec(const struct eb_bpf_object *obj, const char *name)
{
	for (uint32_t i = 1; i < obj->shnum; i++)
		if ((obj->shdrs[i].sh_flags & SHF_EXECINSTR) &&
		    !strcmp(eb_obj_sec_name(obj, i), name))
			return i;
	return 0;
}

/* Checks the record's fields against the object and describes it in
 * c->where. */
static int
check_record(struct core_relo_ctx *c, const char *sec_name)
{
	const struct eb_bpf_object *obj = c->obj;
	const struct bpf_core_relo *rec = &c->rec;

	if (!(c->sec = code_sec(obj, sec_name))) {
		eb_snprintf(c->err, c->errsize, "section '.BTF.ext': core_relo #%u at offset 0x%x: section '%s' is not a code section of the object",
			    c->idx, c->off, sec_name);
		return -EINVAL;
	}
	if (rec->insn_off % 8 || rec->insn_off >= obj->shdrs[c->sec].sh_size) {
		eb_snprintf(c->err, c->errsize, "section '.BTF.ext': core_relo #%u at offset 0x%x: insn_off 0x%x is not an instruction of section '%s'",
			    c->idx, c->off, rec->insn_off, sec_name);
		return -EINVAL;
	}
	eb_snprintf(c->where, sizeof(c->where), "CO-RE relocation #%u (section '%s', insn %u)",
		    c->idx, sec_name, rec->insn_off / 8);
	if (!eb_core_kind_str(rec->kind) || rec->kind == BPF_CORE_TYPE_MATCHES) {
		eb_snprintf(c->err, c->errsize, "section '.BTF.ext': core_relo #%u at offset 0x%x: %s: kind %u (%s) is not supported",
			    c->idx, c->off, c->where, rec->kind,
			    rec->kind == BPF_CORE_TYPE_MATCHES ? "type_matches" : "unknown");
		return -EINVAL;
	}
	if (!eb_btf_type_by_id(&obj->btf, rec->type_id) ||
	    rec->access_str_off >= obj->btf.strs_len) {
		eb_snprintf(c->err, c->errsize, "section '.BTF.ext': core_relo #%u at offset 0x%x: %s: type id %u or access string offset %u is not in the object's BTF",
			    c->idx, c->off, c->where, rec->type_id, rec->access_str_off);
		return -EINVAL;
	}
	return 0;
}

/* Parses the local spec and describes it in c->what. */
static int
parse_local(struct core_relo_ctx *c)
{
	const struct btf *btf = &c->obj->btf;
	const char *access = eb_btf_str(btf, c->rec.access_str_off);
	const struct btf_type *t = eb_btf_type_by_id(btf, c->rec.type_id);
	char desc[120];
	int r = eb_core_parse_spec(btf, c->rec.type_id, access, c->rec.kind, &c->local);

	if (r) {
		eb_snprintf(c->err, c->errsize, "%s: %s of type [%u] '%s': access string '%s' does not fit it",
			    c->where, eb_core_kind_str(c->rec.kind), c->rec.type_id,
			    eb_btf_str(btf, t->name_off), access);
		return r;
	}
	eb_core_spec_str(&c->local, desc, sizeof(desc));
	eb_snprintf(c->what, sizeof(c->what), "%s of '%s'", eb_core_kind_str(c->rec.kind), desc);
	if (c->rec.kind != BPF_CORE_TYPE_ID_LOCAL && !*eb_btf_str(btf, t->name_off)) {
		eb_snprintf(c->err, c->errsize, "%s: %s: a relocation of an anonymous type is not supported",
			    c->where, c->what);
		return -EINVAL;
	}
	return 0;
}

/* Is kernel type t a candidate for local root type lt: of its kind (an
 * enum for an enum) and essential name? */
static bool
is_candidate(const struct btf *kbtf, const struct btf_type *t,
	     const struct btf *lbtf, const struct btf_type *lt)
{
	const char *tn = eb_btf_str(kbtf, t->name_off);

	return eb_core_kinds_compat(lt, t) && *tn &&
	       eb_core_essential_names_equal(eb_btf_str(lbtf, lt->name_off), tn);
}

/* The kernel's candidates for the relocation's root type: found once per
 * root type, then kept, pruned to those that matched (libbpf's candidate
 * cache: a later relocation of the type sees only those). NULL if out of
 * memory. */
static struct cand_list *
candidates(struct core_relo_ctx *c)
{
	struct core_cands *cc = c->cands;
	const struct btf_type *lt = eb_btf_type_by_id(&c->obj->btf, c->rec.type_id);
	struct cand_list *l;
	uint32_t n = 0;

	for (uint32_t i = 0; i < cc->n; i++)
		if (cc->lists[i].local_id == c->rec.type_id)
			return &cc->lists[i];
	for (uint32_t id = 1; id < c->kbtf->nr_types; id++)
		n += is_candidate(c->kbtf, eb_btf_type_by_id(c->kbtf, id), &c->obj->btf, lt);
	l = eb_port_alloc((cc->n + 1) * sizeof(*l));
	if (!l)
		return NULL;
	if (cc->n)
		memcpy(l, cc->lists, cc->n * sizeof(*l));
	eb_port_free(cc->lists);
	cc->lists = l;
	l += cc->n;
	*l = (struct cand_list){ c->rec.type_id, NULL, 0 };
	if (n && !(l->ids = eb_port_alloc(n * sizeof(uint32_t))))
		return NULL;
	cc->n++;
	for (uint32_t id = 1; id < c->kbtf->nr_types; id++)
		if (is_candidate(c->kbtf, eb_btf_type_by_id(c->kbtf, id), &c->obj->btf, lt))
			l->ids[l->n++] = id;
	return l;
}

/* Resolves against the candidates: *res from the matches, which must
 * agree; *named: whether the kernel has a type of the name. */
static int
resolve(struct core_relo_ctx *c, struct core_res *res, bool *named)
{
	struct cand_list *l = candidates(c);
	struct core_res cr;
	uint32_t matched = 0;
	int r;

	if (!l) {
		eb_snprintf(c->err, c->errsize, "out of memory for CO-RE candidates");
		return -ENOMEM;
	}
	*named = l->n;
	for (uint32_t i = 0; i < l->n; i++) {
		uint32_t id = l->ids[i];

		r = eb_core_spec_match(&c->local, c->kbtf, id, &c->cand);
		if (r < 0) {
			eb_snprintf(c->err, c->errsize, "%s: %s: matching kernel type [%u] failed (%d)",
				    c->where, c->what, id, r);
			return r;
		}
		if (!r)
			continue;
		if ((r = eb_core_calc_relo(&c->local, &c->cand, &cr, c->err, c->errsize)))
			return r;
		if (!matched) {
			*res = cr;
			c->targ = c->cand;
		} else if (c->cand.bit_offset != c->targ.bit_offset ||
			   cr.poison != res->poison || cr.new_val != res->new_val) {
			eb_snprintf(c->err, c->errsize, "%s: %s: ambiguous: kernel types [%u] and [%u] resolve it to %llu and %llu (bit offsets %u, %u)",
				    c->where, c->what, l->ids[0], id,
				    (unsigned long long)res->new_val,
				    (unsigned long long)cr.new_val, c->targ.bit_offset,
				    c->cand.bit_offset);
			return -EINVAL;
		}
		l->ids[matched++] = id;
	}
	if (!matched)
		return eb_core_calc_relo(&c->local, NULL, res, c->err, c->errsize);
	l->n = matched;
	return 0;
}

/* Lists the poisoned instruction with why. */
static int
add_poison(struct core_relo_ctx *c, const struct core_res *res, bool named)
{
	struct eb_bpf_object *obj = c->obj;
	struct obj_core_poison *p = eb_port_alloc((obj->nr_core_poisons + 1) * sizeof(*p));

	if (!p) {
		eb_snprintf(c->err, c->errsize, "out of memory for CO-RE relocations");
		return -ENOMEM;
	}
	if (obj->nr_core_poisons)
		memcpy(p, obj->core_poisons, obj->nr_core_poisons * sizeof(*p));
	eb_port_free(obj->core_poisons);
	obj->core_poisons = p;
	p += obj->nr_core_poisons++;
	p->sec = c->sec;
	p->insn = c->rec.insn_off / 8;
	if (!res->poison)
		eb_snprintf(p->what, sizeof(p->what), "%s: %s: a field of %u bytes in the kernel, %u in the object, neither an unsigned integer nor a pointer: cannot be read at another size",
			    c->where, c->what, res->new_sz, res->orig_sz);
	else
		eb_snprintf(p->what, sizeof(p->what), "%s: %s could not be resolved (%s missing in the kernel)",
			    c->where, c->what, !named ? "type" :
			    eb_core_kind_is_enumval(c->rec.kind) ? "enumerator" : "field");
	return 0;
}

/* Applies the relocation in c->rec. */
static int
apply(struct core_relo_ctx *c)
{
	const Elf64_Shdr *sh = &c->obj->shdrs[c->sec];
	struct bpf_insn *insn = (struct bpf_insn *)(c->obj->elf + sh->sh_offset) +
				c->rec.insn_off / 8;
	size_t left = sh->sh_size / 8 - c->rec.insn_off / 8;
	struct core_res res;
	bool named = false;
	char why[120];
	int r;

	if ((r = parse_local(c)))
		return r;
	if (!c->kbtf->types) {
		eb_snprintf(c->err, c->errsize, "%s: %s: the kernel has no BTF to resolve it against (eb_port_kernel_btf)",
			    c->where, c->what);
		return -EINVAL;
	}
	if (c->rec.kind == BPF_CORE_TYPE_ID_LOCAL)
		res = (struct core_res){ .orig_val = c->rec.type_id, .new_val = c->rec.type_id };
	else if ((r = resolve(c, &res, &named)))
		return r;
	if ((r = eb_core_patch_insn(insn, left, &res, why, sizeof(why)))) {
		eb_snprintf(c->err, c->errsize, "%s: %s: %s", c->where, c->what, why);
		return r;
	}
	if (insn->code == (BPF_JMP | BPF_CALL) && insn->imm == BPF_CORE_POISON_ID)
		return add_poison(c, &res, named);
	return 0;
}

/* Applies the records of .BTF.ext's core_relo against kbtf. */
static int
apply_all(struct eb_bpf_object *obj, const struct btf_ext *ext,
	  const struct btf *kbtf, char *err, size_t errsize)
{
	struct core_relo_ctx *c = eb_port_alloc(sizeof(*c));
	struct core_cands cands = { NULL, 0 };
	struct btf_ext_sec sec;
	uint32_t pos = 0, idx = 0;
	int r = 0;

	if (!c) {
		eb_snprintf(err, errsize, "out of memory for CO-RE relocations");
		return -ENOMEM;
	}
	while (!r && eb_btf_ext_next_core(ext, &obj->btf, &pos, &sec))
		for (uint32_t i = 0; !r && i < sec.nr; i++, idx++) {
			memset(c, 0, sizeof(*c));	/* too large for a literal's copy */
			c->obj = obj;
			c->kbtf = kbtf;
			c->cands = &cands;
			c->idx = idx;
			c->off = sec.off + i * sec.rec_size;
			c->err = err;
			c->errsize = errsize;
			memcpy(&c->rec, sec.recs + i * sec.rec_size, sizeof(c->rec));
			r = check_record(c, sec.name) ?: apply(c);
		}
	for (uint32_t i = 0; i < cands.n; i++)
		eb_port_free(cands.lists[i].ids);
	eb_port_free(cands.lists);
	eb_port_free(c);
	return r;
}

/* Parses the kernel's BTF into *kbtf (left zeroed if it has none). */
static int
kernel_btf(struct btf *kbtf, char *err, size_t errsize)
{
	size_t len;
	const void *data = eb_port_kernel_btf(&len);
	int n;

	memset(kbtf, 0, sizeof(*kbtf));
	if (!data)
		return 0;
	n = eb_snprintf(err, errsize, "kernel BTF: ");
	if (n < 0 || (size_t)n >= errsize)
		n = 0;
	return eb_btf_parse(kbtf, data, len, err ? err + n : NULL, errsize - n);
}

/* Applies .BTF.ext's CO-RE relocations (object.h). */
int
eb_obj_core_relocate(struct eb_bpf_object *obj, char *err, size_t errsize)
{
	const Elf64_Shdr *sh = &obj->shdrs[obj->btf_ext_sec];
	struct btf_ext ext;
	struct btf kbtf;
	int r;

	if (!obj->btf_ext_sec)
		return 0;
	if (!obj->btf_sec || sh->sh_type != SHT_PROGBITS || sh->sh_offset % 4) {
		eb_snprintf(err, errsize, "section '.BTF.ext': not 4-aligned bytes beside a .BTF section");
		return -EINVAL;
	}
	if ((r = eb_btf_ext_parse(&ext, &obj->btf, eb_obj_sec_data(obj, obj->btf_ext_sec),
				  sh->sh_size, err, errsize)))
		return r;
	if (!ext.core_len)
		return 0;
	if ((r = kernel_btf(&kbtf, err, errsize)))
		return r;
	r = apply_all(obj, &ext, &kbtf, err, errsize);
	eb_btf_free(&kbtf);
	return r;
}

/* The poison at sec's insn (object.h). */
int
eb_obj_core_poison_at(const struct eb_bpf_object *obj, uint32_t sec, uint32_t insn)
{
	for (uint32_t i = 0; i < obj->nr_core_poisons; i++)
		if (obj->core_poisons[i].sec == sec && obj->core_poisons[i].insn == insn)
			return i;
	return -1;
}

/* Names the relocation a verifier's refusal is about (object.h). */
void
eb_obj_core_explain(const struct eb_bpf_object *obj, const struct obj_prog *prog,
		    char *log, size_t logsize)
{
	uint32_t insn = 0;
	const char *s = log;

	if (!log || strncmp(s, "insn ", 5))
		return;
	for (s += 5; *s >= '0' && *s <= '9'; s++)
		insn = insn * 10 + (*s - '0');
	for (uint32_t i = 0; i < prog->nr_poisons; i++)
		if (prog->poisons[i].insn == insn) {
			eb_snprintf(log, logsize, "insn %u: %s", insn,
				    obj->core_poisons[prog->poisons[i].poison].what);
			return;
		}
}
