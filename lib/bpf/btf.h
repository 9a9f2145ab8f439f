/*
 * A reader of BTF, the type information clang writes into an eBPF
 * object's .BTF section (Linux's Documentation/bpf/btf.rst): the header,
 * the string table and the types, checked once by eb_btf_parse so that the
 * lookups below never read outside them. The object loader uses it to
 * find BTF-defined maps and global variables.
 */
#ifndef EBREAK_BPF_BTF_H
#define EBREAK_BPF_BTF_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BTF_MAGIC	0xeB9F

/* kinds (btf_type.info bits 24-28) */
#define BTF_KIND_INT		1
#define BTF_KIND_PTR		2
#define BTF_KIND_ARRAY		3
#define BTF_KIND_STRUCT		4
#define BTF_KIND_UNION		5
#define BTF_KIND_ENUM		6
#define BTF_KIND_FWD		7
#define BTF_KIND_TYPEDEF	8
#define BTF_KIND_VOLATILE	9
#define BTF_KIND_CONST		10
#define BTF_KIND_RESTRICT	11
#define BTF_KIND_FUNC		12
#define BTF_KIND_FUNC_PROTO	13
#define BTF_KIND_VAR		14
#define BTF_KIND_DATASEC	15
#define BTF_KIND_FLOAT		16
#define BTF_KIND_DECL_TAG	17
#define BTF_KIND_TYPE_TAG	18
#define BTF_KIND_ENUM64		19

struct btf_type {
	uint32_t name_off;
	uint32_t info;		/* vlen: bits 0-15, kind: 24-28, kind_flag: 31 */
	uint32_t size_or_type;	/* size for sized kinds, else a type id */
};

#define BTF_INFO_KIND(info)	(((info) >> 24) & 0x1f)
#define BTF_INFO_VLEN(info)	((info) & 0xffff)
#define BTF_INFO_KFLAG(info)	((info) >> 31)

/* An INT's word after its type: encoding bits 24-27, offset 16-23, bits
 * 0-7. */
#define BTF_INT_ENCODING(w)	(((w) >> 24) & 0x0f)
#define BTF_INT_OFFSET(w)	(((w) >> 16) & 0xff)
#define BTF_INT_BITS(w)		((w) & 0xff)
#define BTF_INT_SIGNED		(1 << 0)
#define BTF_INT_CHAR		(1 << 1)
#define BTF_INT_BOOL		(1 << 2)

struct btf_array {
	uint32_t type;
	uint32_t index_type;
	uint32_t nelems;
};

struct btf_member {
	uint32_t name_off;
	uint32_t type;
	uint32_t offset;
};

/* ENUM's values; ENUM64's are btf_enum64. A kind_flag on either says
 * signed. */
struct btf_enum {
	uint32_t name_off;
	int32_t val;
};

struct btf_enum64 {
	uint32_t name_off;
	uint32_t val_lo32;
	uint32_t val_hi32;
};

/* A FUNC_PROTO's parameters. */
struct btf_param {
	uint32_t name_off;
	uint32_t type;
};

struct btf_var_secinfo {
	uint32_t type;
	uint32_t offset;
	uint32_t size;
};

struct btf {
	const char *strs;
	uint32_t strs_len;
	uint32_t nr_types;	/* ids 1..nr_types-1; 0 is void */
	uint32_t *type_offs;	/* id -> the type's address, owned */
	const uint8_t *types;
};

/*
 * Checks the .BTF section data[0..len) (4-byte aligned, little-endian)
 * and indexes its types into *btf, which points into data. Returns 0, or
 * -EINVAL with a message naming the field or type id, or -ENOMEM. Not in
 * trap context.
 */
int eb_btf_parse(struct btf *btf, const void *data, size_t len,
		 char *err, size_t errsize);

/* Frees what eb_btf_parse allocated (a zeroed btf too). */
void eb_btf_free(struct btf *btf);

/* Type id's record, or NULL for void (0) and ids out of range. */
const struct btf_type *eb_btf_type_by_id(const struct btf *btf, uint32_t id);

/* The string at off (checked NUL-terminated by eb_btf_parse; "" if out of
 * range). */
const char *eb_btf_str(const struct btf *btf, uint32_t off);

/* The kind-specific records after t: members, secinfos, an array. */
static inline const void *
btf_type_data(const struct btf_type *t)
{
	return t + 1;
}

/* Member i's bit offset in struct or union t, and its bitfield size (0:
 * not a bitfield). With t's kind_flag a member's offset holds both
 * (size in bits 24-31); without, it is the offset alone and the size 0,
 * as libbpf reads it. */
static inline uint32_t
btf_member_bit_offset(const struct btf_type *t, uint32_t i)
{
	uint32_t off = ((const struct btf_member *)btf_type_data(t))[i].offset;

	return BTF_INFO_KFLAG(t->info) ? off & 0xffffff : off;
}

static inline uint32_t
btf_member_bitfield_size(const struct btf_type *t, uint32_t i)
{
	uint32_t off = ((const struct btf_member *)btf_type_data(t))[i].offset;

	return BTF_INFO_KFLAG(t->info) ? off >> 24 : 0;
}

/* The type id behind typedefs and qualifiers from id (0 if a chain is
 * longer than the depth limit). */
uint32_t eb_btf_skip_modifiers(const struct btf *btf, uint32_t id);

/* The same past qualifiers only (const, volatile, restrict, type tags),
 * stopping at a typedef: what a type is called by. */
uint32_t eb_btf_skip_qualifiers(const struct btf *btf, uint32_t id);

/* Bytes of type id in *size. Returns 0, or -EINVAL for a type without a
 * size (void, a function, a forward declaration) or one too deep. */
int eb_btf_type_size(const struct btf *btf, uint32_t id, uint32_t *size);

/* Is type id, past its modifiers, a char: an int of one byte that BTF
 * encodes as one or names "char"? */
bool eb_btf_is_char(const struct btf *btf, uint32_t id);

/* The id of the first type of kind (BTF_KIND_FUNC, ...) called name, or
 * 0. */
uint32_t eb_btf_find(const struct btf *btf, unsigned kind, const char *name);

/* The FUNC_PROTO of FUNC type id (its type), or NULL (id 0, or not a
 * function's). */
const struct btf_type *eb_btf_func_id_proto(const struct btf *btf,
					    uint32_t id);

/* The FUNC_PROTO typedef id (Linux's btf_trace_NAME) points at, through
 * one PTR and any modifiers, or NULL. */
const struct btf_type *eb_btf_tp_proto(const struct btf *btf, uint32_t id);

/* The FUNC_PROTO of the function called func (its FUNC's type), or
 * NULL. */
const struct btf_type *eb_btf_func_proto(const struct btf *btf,
					 const char *func);

/* The id of the DATASEC named name, or 0. */
uint32_t eb_btf_find_datasec(const struct btf *btf, const char *name);

/*
 * Writes the size bytes at data, of type id, into buf on one line, in
 * C's initializer syntax: integers in decimal (signed if declared so),
 * bools, enums by name, pointers in hex, char arrays as quoted text,
 * structs and unions as { .member = value, ... } (bitfields too), other
 * arrays as [a, b, ...] (16 elements at most), a DATASEC as its
 * variables; anything else, or past size, as hex bytes or "?". Returns
 * the length it needed, as eb_snprintf (buf always NUL-terminated when
 * bufsize > 0). Any context.
 */
int eb_btf_format(const struct btf *btf, uint32_t id, const void *data,
		  uint32_t size, char *buf, size_t bufsize);

/* As eb_btf_format, leaving out member skip (its index) of a struct id
 * (UINT32_MAX: none). Any context. */
int eb_btf_format_without(const struct btf *btf, uint32_t id,
			  const void *data, uint32_t size, uint32_t skip,
			  char *buf, size_t bufsize);

/* The C keyword of t's kind, with its blank: "struct " (a forward
 * declaration's too), "union ", "enum "; "" for any other kind. */
const char *eb_btf_kind_word(const struct btf_type *t);

/*
 * Writes type id as C names it into buf: a typedef's or base type's name
 * ("__u32"), "struct NAME" (an anonymous one "struct {...}"), an array's
 * element then its lengths ("char[16]"), a pointer's type then " *";
 * const and volatile left out. Returns the length it needed, as
 * eb_snprintf (buf NUL-terminated when bufsize > 0). Any context.
 */
int eb_btf_format_type(const struct btf *btf, uint32_t id, char *buf,
		       size_t bufsize);

#endif
