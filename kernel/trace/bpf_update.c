/*
 * The kernel shell's `bpf update MAP KEY VALUE` and `bpf delete MAP KEY`
 * (bpftool's `map update` and `map delete`, spelled as the shell's other
 * bpf commands): a loaded object's map (bpf_cmd.c finds it by name)
 * changed from the shell. KEY and a plain map's VALUE are numbers
 * (decimal or 0x hex) of the map's key and value sizes (1, 2, 4 or 8
 * bytes); a prog array's VALUE is a loaded program's id, a map of maps'
 * a loaded map (MAP or OBJECT:MAP), each as `bpf` lists them. Anything
 * else is refused, saying what, and the map is left as it was. And
 * `bpf load NAME VAR=VALUE...`'s .rodata variables, numbers as these
 * (negative for a signed one) or strings for char arrays.
 */
#include "defs.h"
#include "trace/bpf_cmd.h"
#include <ebreak/bpf.h>
#include <ebreak/bpf_object.h>
#include <ebreak/errno.h>

#define WORD_MAX 64	/* a word's bytes, its NUL included */

/* The blank-separated word at *s into w, *s past it and the blanks
 * after; false if there is none or it does not fit. */
static bool
word(const char **s, char w[WORD_MAX])
{
	size_t n = 0;

	while ((*s)[n] && (*s)[n] != ' ' && n < WORD_MAX - 1) {
		w[n] = (*s)[n];
		n++;
	}
	w[n] = 0;
	if (!n || ((*s)[n] && (*s)[n] != ' '))
		return false;
	*s += n;
	while (**s == ' ')
		(*s)++;
	return true;
}

/* w as a number of size bytes (1, 2, 4 or 8): decimal or 0x hex, all of
 * w, fitting them; false if it is none. */
static bool
number(const char *w, uint32_t size, uint64_t *v)
{
	unsigned long n;
	const char *end = parse_number(w, &n);

	if (!end || end == w || *end || (size < 8 && n >> (8 * size)))
		return false;
	*v = n;
	return true;
}

/* Is size a number's (1, 2, 4 or 8 bytes)? */
static bool
number_size(uint32_t size)
{
	return size == 1 || size == 2 || size == 4 || size == 8;
}

/* Key w of map m into key (little-endian); false, having said why, if
 * it is none. */
static bool
key_of(const char *cmd, const struct eb_bpf_object_map *m, const char *w,
       uint8_t key[8])
{
	uint64_t k;

	if (!number_size(m->def.key_size)) {
		printf("bpf: %s %s: its keys are %u bytes: bpf %s takes keys "
		       "of 1, 2, 4 or 8 bytes, as numbers\n", cmd, m->name,
		       m->def.key_size, cmd);
		return false;
	}
	if (!number(w, m->def.key_size, &k)) {
		printf("bpf: %s %s: key %s is not a number of %u bytes "
		       "(decimal or 0x hex)\n", cmd, m->name, w,
		       m->def.key_size);
		return false;
	}
	memcpy(key, &k, 8);
	return true;
}

/* Says why bpf_map_update_elem or _delete_elem of key (word k) of m
 * failed with r. */
static void
say_error(const char *cmd, const struct eb_bpf_object_map *m, const char *k,
	  int r)
{
	printf("bpf: %s %s: key %s: ", cmd, m->name, k);
	if (r == -E2BIG)
		printf(m->def.type == BPF_MAP_TYPE_ARRAY ||
		       m->def.type == BPF_MAP_TYPE_PROG_ARRAY ||
		       m->def.type == BPF_MAP_TYPE_ARRAY_OF_MAPS ?
		       "past its %u slots\n" : "the map is full (%u keys)\n",
		       m->def.max_entries);
	else if (r == -ENOENT)
		printf("%s\n", m->def.type == BPF_MAP_TYPE_PROG_ARRAY ||
		       m->def.type == BPF_MAP_TYPE_ARRAY_OF_MAPS ?
		       "the slot is empty" : "no such key");
	else
		printf("error %d\n", r);
}

/* A plain map's VALUE at key: a number of its value size. */
static void
update_value(const struct eb_bpf_object_map *m, const uint8_t *key,
	     const char *k, const char *v)
{
	uint64_t val;
	int r;

	if (m->def.map_flags & BPF_F_RDONLY_PROG) {
		printf("bpf: update %s: the object's read-only data: set "
		       "before load, not after\n", m->name);
		return;
	}
	if (!number_size(m->def.value_size) ||
	    !number(v, m->def.value_size, &val)) {
		printf("bpf: update %s: value %s is not a number of %u bytes "
		       "(decimal or 0x hex; values of 1, 2, 4 or 8 bytes)\n",
		       m->name, v, m->def.value_size);
		return;
	}
	if ((r = bpf_map_update_elem(m->map, key, &val, BPF_ANY)))
		say_error("update", m, k, r);
}

/* A map of maps m's VALUE v: a loaded map's id (as `bpf` and `bpf dump`
 * show it: no map's name starts with a digit), MAP or OBJECT:MAP; NULL
 * having said why. */
static const struct eb_bpf_object_map *
inner_map(const struct eb_bpf_object_map *m, const char *v)
{
	const struct eb_bpf_object_map *inner;
	uint64_t id;

	if (!number(v, 4, &id))
		return bpf_cmd_map(v);
	if (!(inner = bpf_cmd_map_id(id)))
		printf("bpf: update %s: no map %s (see bpf)\n", m->name, v);
	return inner;
}

/* "MAP KEY VALUE": key's value, a prog array's slot's program, a map of
 * maps' map (bpf_cmd.h). Not in trap context. */
void
bpf_cmd_update(const char *args)
{
	char name[WORD_MAX], k[WORD_MAX], v[WORD_MAX], err[200];
	const struct eb_bpf_object_map *m, *inner;
	const struct eb_bpf_program *p;
	uint8_t key[8];
	uint32_t slot;
	uint64_t id;
	int r;

	if (!word(&args, name) || !word(&args, k) || !word(&args, v) || *args) {
		printf("usage: bpf update MAP KEY VALUE (a prog array's VALUE "
		       "a program id, a map of maps' a map id, MAP or "
		       "OBJECT:MAP)\n");
		return;
	}
	if (!(m = bpf_cmd_map(name)) || !key_of("update", m, k, key))
		return;
	switch (m->def.type) {
	case BPF_MAP_TYPE_HASH: case BPF_MAP_TYPE_ARRAY:
	case BPF_MAP_TYPE_LRU_HASH:
		update_value(m, key, k, v);
		return;
	case BPF_MAP_TYPE_PROG_ARRAY:
		if (!number(v, 4, &id) || !(p = bpf_cmd_program(id))) {
			printf("bpf: update %s: no program %s (see bpf)\n",
			       m->name, v);
			return;
		}
		memcpy(&slot, key, sizeof slot);	/* key_size 4 */
		r = eb_bpf_prog_array_update(m->map, slot, p->prog, err,
					     sizeof err);
		break;
	case BPF_MAP_TYPE_ARRAY_OF_MAPS: case BPF_MAP_TYPE_HASH_OF_MAPS:
		if (!(inner = inner_map(m, v)))
			return;
		r = eb_bpf_map_of_maps_update(m->map, key, inner->map, BPF_ANY,
					      err, sizeof err);
		break;
	default:
		printf("bpf: update %s: its type is %s: bpf update sets hash, "
		       "array, lru_hash, prog_array and maps of maps' "
		       "elements\n", m->name, bpf_map_type_name(m->def.type));
		return;
	}
	if (r)	/* err names the map */
		printf("bpf: %s\n", err);
}

/* v as a number for a variable of size bytes (1, 2, 4 or 8): decimal or
 * 0x hex, with a leading - if is_signed, in the variable's range
 * (-2^(8 size - 1) .. 2^(8 size - 1) - 1 if is_signed); false if not. */
static bool
var_number(const char *v, uint32_t size, bool is_signed, uint64_t *val)
{
	bool neg = *v == '-';
	uint64_t top = 1ull << (8 * size - 1);	/* -top .. top - 1 */

	if (!is_signed)
		return number(v, size, val);
	if (!number(v + neg, 8, val) || *val > top || (!neg && *val == top))
		return false;
	if (neg)
		*val = -*val;
	return true;
}

/* The .rodata variable var of obj (object name) set to v: a number in
 * the range of its size and signedness, or a string for a char array
 * (NUL padded); false having said why, obj then as it was. */
static bool
set_rodata(struct eb_bpf_object *obj, const char *name, const char *var,
	   const char *v)
{
	enum eb_bpf_var_kind kind;
	uint32_t size;
	uint64_t val;
	char *text;
	int r = eb_bpf_object_rodata_kind(obj, var, &size, &kind);

	if (r == -ENOENT) {
		printf("bpf: load %s: %s: no such .rodata variable (a const "
		       "volatile global)\n", name, var);
		return false;
	}
	if (!r && kind == EB_BPF_VAR_CHARS) {
		if (strlen(v) >= size) {
			printf("bpf: load %s: %s=%s: longer than its char[%u] "
			       "holds with the NUL\n", name, var, v, size);
			return false;
		}
		if (!(text = kmalloc(size))) {
			printf("bpf: load %s: %s: out of memory\n", name, var);
			return false;
		}
		memset(text, 0, size);
		memcpy(text, v, strlen(v));
		r = eb_bpf_object_set_rodata(obj, var, text, size);
		kfree(text);
		return !r;
	}
	if (r || kind == EB_BPF_VAR_OTHER || !number_size(size)) {
		printf("bpf: load %s: %s: not a number of 1, 2, 4 or 8 bytes "
		       "nor a char array\n", name, var);
		return false;
	}
	if (!var_number(v, size, kind == EB_BPF_VAR_SIGNED, &val)) {
		printf("bpf: load %s: %s=%s: not a number (decimal or 0x hex) "
		       "its %u-byte %s variable holds\n", name, var, v, size,
		       kind == EB_BPF_VAR_SIGNED ? "signed" : "unsigned");
		return false;
	}
	return !eb_bpf_object_set_rodata(obj, var, &val, size);
}

/* "VAR=VALUE ..." after `bpf load NAME`: obj's .rodata variables set
 * before it is loaded, as a libbpf skeleton's rodata (bpf_cmd.h). Not in
 * trap context. */
bool
bpf_cmd_set_rodata(struct eb_bpf_object *obj, const char *name,
		   const char *args)
{
	char w[WORD_MAX], *eq;

	while (*args) {
		bool ok = word(&args, w);

		for (eq = w; *eq && *eq != '='; eq++)
			;
		if (!ok || !*eq || eq == w) {
			printf("bpf: load %s: not VAR=VALUE: %s\n", name, w);
			return false;
		}
		*eq = 0;
		if (!set_rodata(obj, name, w, eq + 1))
			return false;
	}
	return true;
}

/* "MAP KEY": a hash's key, a prog array's or map of maps' slot
 * (bpf_cmd.h). Not in trap context. */
void
bpf_cmd_delete(const char *args)
{
	char name[WORD_MAX], k[WORD_MAX];
	const struct eb_bpf_object_map *m;
	uint8_t key[8];
	int r;

	if (!word(&args, name) || !word(&args, k) || *args) {
		printf("usage: bpf delete MAP KEY\n");
		return;
	}
	if (!(m = bpf_cmd_map(name)))
		return;
	switch (m->def.type) {
	case BPF_MAP_TYPE_HASH: case BPF_MAP_TYPE_LRU_HASH:
	case BPF_MAP_TYPE_PERCPU_HASH: case BPF_MAP_TYPE_LRU_PERCPU_HASH:
	case BPF_MAP_TYPE_PROG_ARRAY: case BPF_MAP_TYPE_ARRAY_OF_MAPS:
	case BPF_MAP_TYPE_HASH_OF_MAPS:
		break;
	default:
		printf("bpf: delete %s: its type is %s: bpf delete takes "
		       "hashes' keys and prog arrays' and maps of maps' slots\n",
		       m->name, bpf_map_type_name(m->def.type));
		return;
	}
	if (key_of("delete", m, k, key) &&
	    (r = bpf_map_delete_elem(m->map, key)))
		say_error("delete", m, k, r);
}
