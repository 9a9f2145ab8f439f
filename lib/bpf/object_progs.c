/*
 * The object loader's programs (object.h): every function of a program
 * section, whose name says what it attaches to (libbpf's SEC names for
 * these kinds), each function inside its section in whole instructions.
 */
#include <ebreak/async_event.h>
#include <ebreak/errno.h>
#include <ebreak/fmt.h>
#include <ebreak/libc.h>
#include <ebreak/port.h>
#include "bpf/object.h"

/* Program sections: SEC("KIND/TARGET") (libbpf's "tp" for "tracepoint",
 * "raw_tp" for "raw_tracepoint";
 * a kprobe's or kretprobe's TARGET may be left out, SEC("kprobe"), for
 * the caller to give when it attaches, and so may a kprobe.multi's or
 * kretprobe.multi's PATTERN) and what a program there is. */
static const struct {
	const char *kind_name;
	enum eb_bpf_attach_kind kind;
	enum bpf_prog_type type;
} sec_defs[] = {
	{ "kprobe", EB_BPF_ATTACH_KPROBE, BPF_PROG_TYPE_KPROBE },
	{ "kretprobe", EB_BPF_ATTACH_KRETPROBE, BPF_PROG_TYPE_KPROBE },
	{ "tracepoint", EB_BPF_ATTACH_TRACEPOINT, BPF_PROG_TYPE_TRACEPOINT },
	{ "tp", EB_BPF_ATTACH_TRACEPOINT, BPF_PROG_TYPE_TRACEPOINT },
	{ "asyncprobe", EB_BPF_ATTACH_ASYNCPROBE, BPF_PROG_TYPE_TRACEPOINT },
	{ "raw_tp", EB_BPF_ATTACH_RAW_TP, BPF_PROG_TYPE_RAW_TRACEPOINT },
	{ "raw_tracepoint", EB_BPF_ATTACH_RAW_TP, BPF_PROG_TYPE_RAW_TRACEPOINT },
	{ "tp_btf", EB_BPF_ATTACH_TP_BTF, BPF_PROG_TYPE_TRACING },
	{ "fentry", EB_BPF_ATTACH_FENTRY, BPF_PROG_TYPE_TRACING },
	{ "fexit", EB_BPF_ATTACH_FEXIT, BPF_PROG_TYPE_TRACING },
	{ "kprobe.multi", EB_BPF_ATTACH_KPROBE_MULTI, BPF_PROG_TYPE_KPROBE },
	{ "kretprobe.multi", EB_BPF_ATTACH_KRETPROBE_MULTI, BPF_PROG_TYPE_KPROBE },
	{ "perf_event", EB_BPF_ATTACH_PERF_EVENT, BPF_PROG_TYPE_PERF_EVENT },
	{ "fmod_ret", EB_BPF_ATTACH_FMOD_RET, BPF_PROG_TYPE_TRACING },
};

/* Whether kind's section may name no target: the caller gives it at
 * attach. */
static bool
target_optional(enum eb_bpf_attach_kind kind)
{
	return kind == EB_BPF_ATTACH_KPROBE || kind == EB_BPF_ATTACH_KRETPROBE ||
	       kind == EB_BPF_ATTACH_KPROBE_MULTI ||
	       kind == EB_BPF_ATTACH_KRETPROBE_MULTI ||
	       kind == EB_BPF_ATTACH_PERF_EVENT;
}

bool
eb_bpf_kprobe_multi_pattern_ok(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '.' ||
		      c == '*' || c == '?'))
			return false;
	}
	return len > 0;
}

/* The number s (decimal, or hex after 0x) in *v; false if s is not one. */
static bool
parse_offset(const char *s, uint64_t *v)
{
	unsigned base = s[0] == '0' && s[1] == 'x' ? 16 : 10;

	if (base == 16)
		s += 2;
	*v = 0;
	if (!*s)
		return false;
	for (; *s; s++) {
		unsigned d = *s - '0';

		if (base == 16 && *s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		if (d >= base || *v > (UINT64_MAX - d) / base)
			return false;
		*v = *v * base + d;
	}
	return true;
}

/* Does the attach target t (length len; NULL: the section has none)
 * fit kind: SYMBOL (a raw tracepoint's NAME), none for a kprobe or
 * kretprobe, only none for perf_event (libbpf's SEC_NONE: the caller
 * opens the event), or CATEGORY/NAME for a tracepoint? */
static bool
target_ok(enum eb_bpf_attach_kind kind, const char *t, size_t len)
{
	if (!t)
		return target_optional(kind);
	if (kind == EB_BPF_ATTACH_PERF_EVENT)
		return false;
	if (eb_bpf_attach_kind_is_multi(kind))
		return eb_bpf_kprobe_multi_pattern_ok(t, len);
	size_t slashes = 0, at = 0;

	for (size_t i = 0; i < len; i++)
		if (t[i] == '/') {
			slashes++;
			at = i;
		}
	if (kind != EB_BPF_ATTACH_TRACEPOINT)
		return len && !slashes;
	return slashes == 1 && at > 0 && at + 1 < len;
}

/* Reads program section name (a sec_defs kind, then /TARGET or, for a
 * kprobe, kretprobe or either multi, nothing) into p. */
static int
parse_sec_name(struct obj_prog *p, const char *name, char *err, size_t errsize)
{
	const char *rest = NULL, *plus;
	size_t i, n;

	for (i = 0; i < sizeof(sec_defs) / sizeof(sec_defs[0]); i++) {
		n = strlen(sec_defs[i].kind_name);
		if (!strncmp(name, sec_defs[i].kind_name, n) &&
		    (name[n] == '/' || !name[n])) {
			rest = name + n;
			break;
		}
	}
	if (!rest) {
		eb_snprintf(err, errsize, !strncmp(name, "fentry.s/", 9) ||
			    !strncmp(name, "fexit.s/", 8) ?
			    "section '%s': sleepable programs are not supported (fentry/ and fexit/ are)" :
			    "section '%s': not a program section this loader knows (kprobe/, kretprobe/, kprobe.multi/, kretprobe.multi/, tracepoint/, tp/, raw_tp/, raw_tracepoint/, tp_btf/, asyncprobe/, fentry/, fexit/, fmod_ret/, perf_event)",
			    name);
		return -EINVAL;
	}
	p->pub.kind = sec_defs[i].kind;
	p->pub.type = sec_defs[i].type;
	rest += *rest == '/';
	for (plus = rest; *plus && (*plus != '+' ||
				    eb_bpf_attach_kind_is_multi(p->pub.kind));
	     plus++)
		;
	if ((*plus && (p->pub.kind != EB_BPF_ATTACH_KPROBE ||
		       !parse_offset(plus + 1, &p->pub.offset))) ||
	    plus - rest >= EB_BPF_TARGET_LEN ||
	    !target_ok(p->pub.kind, rest == name + n ? NULL : rest, plus - rest)) {
		eb_snprintf(err, errsize, "section '%s': not %s", name,
			    p->pub.kind == EB_BPF_ATTACH_TRACEPOINT ? "tracepoint/CATEGORY/NAME" :
			    p->pub.kind == EB_BPF_ATTACH_KRETPROBE ? "kretprobe/SYMBOL" :
			    p->pub.kind == EB_BPF_ATTACH_ASYNCPROBE ? "asyncprobe/SYMBOL" :
			    p->pub.kind == EB_BPF_ATTACH_FENTRY ? "fentry/FUNCTION" :
			    p->pub.kind == EB_BPF_ATTACH_FEXIT ? "fexit/FUNCTION" :
			    p->pub.kind == EB_BPF_ATTACH_FMOD_RET ? "fmod_ret/FUNCTION" :
			    p->pub.kind == EB_BPF_ATTACH_RAW_TP ? "raw_tp/NAME" :
			    p->pub.kind == EB_BPF_ATTACH_TP_BTF ? "tp_btf/NAME" :
			    eb_bpf_attach_kind_is_multi(p->pub.kind) ? "kprobe.multi/PATTERN or kretprobe.multi/PATTERN (PATTERN of letters, digits and _ . * ?, libbpf's)" :
			    p->pub.kind == EB_BPF_ATTACH_PERF_EVENT ? "perf_event (it names no event: the caller opens one)" :
			    "kprobe/SYMBOL[+OFFSET]");
		return -EINVAL;
	}
	memcpy(p->pub.target, rest, plus - rest);
	p->pub.target[plus - rest] = 0;
	if (p->pub.kind == EB_BPF_ATTACH_ASYNCPROBE)
		p->pub.ctx_size = sizeof(struct eb_async_event);
	return 0;
}

/* Is symbol s a program: a function in a program section? */
static bool
is_prog_sym(const struct eb_bpf_object *obj, const Elf64_Sym *s)
{
	return ELF64_ST_TYPE(s->st_info) == STT_FUNC && s->st_shndx &&
	       s->st_shndx < obj->shnum && s->st_shndx != obj->text_sec &&
	       (obj->shdrs[s->st_shndx].sh_flags & SHF_EXECINSTR);
}

/* Is function symbol s inside its section, in whole instructions? */
static bool
func_fits(const struct eb_bpf_object *obj, const Elf64_Sym *s)
{
	uint64_t size = obj->shdrs[s->st_shndx].sh_size;

	return s->st_value % 8 == 0 && s->st_size % 8 == 0 && s->st_size &&
	       s->st_value <= size && s->st_size <= size - s->st_value;
}

/* Checks every function symbol and that every program section has
 * one. */
static int
check_funcs(const struct eb_bpf_object *obj, char *err, size_t errsize)
{
	for (uint32_t i = 1; i < obj->nr_syms; i++) {
		const Elf64_Sym *s = &obj->syms[i];

		if (ELF64_ST_TYPE(s->st_info) != STT_FUNC)
			continue;
		if (!s->st_shndx || s->st_shndx >= obj->shnum ||
		    !(obj->shdrs[s->st_shndx].sh_flags & SHF_EXECINSTR) ||
		    !func_fits(obj, s)) {
			eb_snprintf(err, errsize, "function '%s': not whole instructions inside a code section",
				    eb_obj_sym_name(obj, s));
			return -EINVAL;
		}
	}
	for (uint32_t sec = 1; sec < obj->shnum; sec++) {
		bool found = false;

		if (!(obj->shdrs[sec].sh_flags & SHF_EXECINSTR) || sec == obj->text_sec)
			continue;
		for (uint32_t i = 1; i < obj->nr_syms && !found; i++)
			found = is_prog_sym(obj, &obj->syms[i]) &&
				obj->syms[i].st_shndx == sec;
		if (!found) {
			eb_snprintf(err, errsize, "section '%s': no function in it",
				    eb_obj_sec_name(obj, sec));
			return -EINVAL;
		}
	}
	return 0;
}

/* Finds the programs (object.h). */
int
eb_obj_collect_progs(struct eb_bpf_object *obj, char *err, size_t errsize)
{
	size_t n = 0;
	int r;

	if ((r = check_funcs(obj, err, errsize)))
		return r;
	for (uint32_t i = 1; i < obj->nr_syms; i++)
		n += is_prog_sym(obj, &obj->syms[i]);
	if (!n) {
		eb_snprintf(err, errsize, "the object has no programs");
		return -EINVAL;
	}
	obj->progs = eb_port_alloc(n * sizeof(*obj->progs));
	if (!obj->progs) {
		eb_snprintf(err, errsize, "out of memory for %zu programs", n);
		return -ENOMEM;
	}
	memset(obj->progs, 0, n * sizeof(*obj->progs));
	for (uint32_t i = 1; i < obj->nr_syms; i++) {
		const Elf64_Sym *s = &obj->syms[i];
		struct obj_prog *p = &obj->progs[obj->nr_progs];

		if (!is_prog_sym(obj, s))
			continue;
		p->pub.name = eb_obj_sym_name(obj, s);
		p->pub.section = eb_obj_sec_name(obj, s->st_shndx);
		p->sec = s->st_shndx;
		p->start = s->st_value / 8;
		p->len = s->st_size / 8;
		if ((r = parse_sec_name(p, p->pub.section, err, errsize)))
			return r;
		obj->nr_progs++;
	}
	return 0;
}
