/*
 * eBPF objects as users build them: an ELF relocatable file made by
 * `clang -O2 -g -target bpf -D__TARGET_ARCH_riscv` from C that includes
 * libbpf's <bpf/bpf_helpers.h> and <bpf/bpf_tracing.h>, loaded from bytes
 * (libbpf's bpf_object__open_mem; the names carry eb_ since the calls
 * differ). What it holds:
 *
 *   SEC("kprobe/SYMBOL"), SEC("kprobe/SYMBOL+OFFSET"),
 *   SEC("kretprobe/SYMBOL"), SEC("tracepoint/CATEGORY/NAME") (or
 *   libbpf's "tp/CATEGORY/NAME"), SEC("raw_tp/NAME") (or
 *   "raw_tracepoint/NAME"), SEC("tp_btf/NAME"), SEC("fentry/FUNC"),
 *   SEC("fexit/FUNC"), SEC("fmod_ret/FUNC"), SEC("perf_event"),
 *   SEC("kprobe"), SEC("kretprobe")
 *                     programs (every function in the section; the last
 *                     two name no function: the caller gives one)
 *   .text             subprograms: each program gets a copy of those it
 *                     calls, as libbpf links them
 *   SEC(".maps")      BTF-defined maps (__uint(type, ...), max_entries,
 *                     key_size/value_size or __type(key/value, ...),
 *                     map_flags): hash, array, percpu_array
 *   .data*, .rodata*, .bss*
 *                     global variables: each section a one-entry array
 *                     map named after it, which the programs address
 *                     with BPF_PSEUDO_MAP_IDX_VALUE; .rodata* is
 *                     read-only to the programs, and .rodata's variables
 *                     can be set before load (eb_bpf_object_set_rodata),
 *                     as libbpf's skeletons do
 *   license, .BTF     read
 *   .BTF.ext          its CO-RE relocations applied at open, as libbpf
 *                     does, against the kernel's BTF (eb_port_kernel_btf;
 *                     docs/bpf.md): a field or type the kernel lacks is
 *                     0 for the EXISTS kinds, else its instruction is
 *                     poisoned and the program refused at load if it can
 *                     run it; function and line info are checked only
 *   debug info        ignored
 *
 * Anything else (another section, relocation or map attribute) is refused
 * by eb_bpf_object_open, with a message naming it.
 *
 * Lifecycle: open (parse, check, link: nothing created yet), optionally
 * set .rodata variables, load (create the maps, then create, verify and
 * prepare each program: bpf_prog_load), use the programs and maps, close
 * (frees everything; detach the programs first).
 */
#ifndef EBREAK_BPF_OBJECT_H
#define EBREAK_BPF_OBJECT_H
#include <stddef.h>
#include <stdint.h>
#include <ebreak/bpf.h>

struct eb_bpf_object;

/* Where a program's section says it attaches. */
enum eb_bpf_attach_kind {
	EB_BPF_ATTACH_KPROBE,		/* kprobe/SYMBOL[+OFFSET] */
	EB_BPF_ATTACH_KRETPROBE,	/* kretprobe/SYMBOL */
	EB_BPF_ATTACH_TRACEPOINT,	/* tracepoint/CATEGORY/NAME */
	/* asyncprobe/SYMBOL: an async probe's events (<ebreak/async_probe.h>),
	 * a TRACEPOINT program on a struct eb_async_event */
	EB_BPF_ATTACH_ASYNCPROBE,
	/* fentry/FUNC, fexit/FUNC: a TRACING program on a kernel function
	 * (eb_bpf_fentry_point), its context FUNC's arguments as the
	 * kernel's BTF gives them at load */
	EB_BPF_ATTACH_FENTRY,
	EB_BPF_ATTACH_FEXIT,
	/* raw_tp/NAME, raw_tracepoint/NAME: a RAW_TRACEPOINT program on
	 * tracepoint NAME's arguments, a u64 each (the host sets ctx_size:
	 * eb_bpf_object_set_ctx_size) */
	EB_BPF_ATTACH_RAW_TP,
	/* tp_btf/NAME: a TRACING program on them, typed by the kernel's
	 * BTF at load (eb_bpf_tp_btf_model) */
	EB_BPF_ATTACH_TP_BTF,
	/* kprobe.multi/PATTERN, kretprobe.multi/PATTERN (or none, given at
	 * attach): a KPROBE program of attach type BPF_TRACE_KPROBE_MULTI
	 * on every function matching PATTERN (eb_bpf_kprobe_multi_point) */
	EB_BPF_ATTACH_KPROBE_MULTI,
	EB_BPF_ATTACH_KRETPROBE_MULTI,
	/* perf_event (libbpf's, naming nothing): a PERF_EVENT program on
	 * the samples of an event the caller opens at attach
	 * (eb_bpf_perf_event_point) */
	EB_BPF_ATTACH_PERF_EVENT,
	/* fmod_ret/FUNC: fentry's, whose non-zero return value FUNC
	 * returns at once (eb_bpf_fentry's modify_return) */
	EB_BPF_ATTACH_FMOD_RET,
};

/* Whether kind runs on every function a pattern matches (kprobe.multi,
 * kretprobe.multi). */
static inline bool
eb_bpf_attach_kind_is_multi(enum eb_bpf_attach_kind kind)
{
	return kind == EB_BPF_ATTACH_KPROBE_MULTI ||
	       kind == EB_BPF_ATTACH_KRETPROBE_MULTI;
}

/* Longest attach target kept, NUL included. */
#define EB_BPF_TARGET_LEN 128

/* A program of an object (libbpf's struct bpf_program), read-only. */
struct eb_bpf_program {
	const char *name;		/* its C function's */
	const char *section;		/* "kprobe/do_work+4" */
	enum bpf_prog_type type;	/* KPROBE (kretprobes too), TRACEPOINT,
					 * RAW_TRACEPOINT, PERF_EVENT or
					 * TRACING (fentry, fexit, tp_btf) */
	enum eb_bpf_attach_kind kind;
	/* the symbol ("do_work"; "" if the section names none; a
	 * kprobe.multi's pattern), or
	 * "CATEGORY/NAME" for a tracepoint, NAME for a raw one */
	char target[EB_BPF_TARGET_LEN];
	uint64_t offset;		/* kprobe/SYMBOL+OFFSET's */
	/* Bytes of context it reads: for a tracepoint program the event's
	 * record size (eb_bpf_object_set_ctx_size), for an asyncprobe
	 * program sizeof(struct eb_async_event), 0 for a kprobe's
	 * (struct pt_regs), 8 per argument for a raw tracepoint
	 * (eb_bpf_object_set_ctx_size), and for fentry and tp_btf (and
	 * one more for fexit's return value), set at load. */
	uint32_t ctx_size;
	struct bpf_prog *prog;		/* loaded, or NULL before load */
};

/* A map of an object, read-only. */
struct eb_bpf_object_map {
	const char *name;		/* the variable's, or ".bss" etc. */
	struct bpf_map_def def;
	struct bpf_map *map;		/* created, or NULL before load */
	/* __type(key, T)'s and __type(value, T)'s T as C names it
	 * ("__u32", "struct event", "__u64[4]", "struct {...}" for an
	 * anonymous one; cut at 47 characters); NULL if the map gave
	 * sizes. */
	const char *key_type, *value_type;
};

/*
 * Writes a key (key true) or a value of m, the bytes at data, into buf
 * on one line as the object's BTF declares its type, as bpftool shows a
 * map with BTF: integers in decimal (signed if declared so), enums by
 * name, char arrays as quoted text, structs as { .member = value, ... },
 * other arrays as [a, b, ...], a data section's value as its variables.
 * Returns the length it needed (as eb_snprintf), or -ENOENT if m has no
 * such type (its sizes were given, __uint(key_size, N)). Any context.
 */
int eb_bpf_object_map_format(const struct eb_bpf_object_map *m, bool key,
			     const void *data, char *buf, size_t size);

/*
 * A value of m that is a struct with a `slots` member, an array of 4- or
 * 8-byte integers (libbpf-tools' struct hist, a log2 histogram each
 * value): the member's offset in *off, its elements' bytes in *esize and
 * count in *nelems. Returns 0, or -ENOENT if m's value is none such. Any
 * context.
 */
int eb_bpf_object_map_slots(const struct eb_bpf_object_map *m, uint32_t *off,
			    uint32_t *esize, uint32_t *nelems);

/* Where a struct key holds a stack id (eb_bpf_object_map_stack_key). */
struct eb_bpf_stack_key {
	uint32_t member;	/* its index among the struct's members */
	uint32_t off, size;	/* its bytes in the key: 4 or 8 */
};

/*
 * A key of m that is a struct holding a stack id, as offcputime's and
 * profile's struct key_t { __u32 pid; __s64 kern_stack_id; ... }: its one
 * member whose name ends in "stack_id" or "stackid" (of several, the one
 * whose name begins with "kern"), a 4- or 8-byte integer, into *k.
 * Returns 0, -ENOENT if the key is no struct of the object's BTF, or
 * -EINVAL (err says why: no such member, several, not an integer). Any
 * context.
 */
int eb_bpf_object_map_stack_key(const struct eb_bpf_object_map *m,
				struct eb_bpf_stack_key *k, char *err,
				size_t errsize);

/*
 * As eb_bpf_object_map_format a key of m that is a struct, but without
 * its member at index member (a stack id: eb_bpf_stack_key). Returns the
 * length it needed, or -ENOENT (m has no key type). Any context.
 */
int eb_bpf_object_map_format_key_without(const struct eb_bpf_object_map *m,
					 const void *key, uint32_t member,
					 char *buf, size_t size);

/*
 * Parses and checks the object data[0..len) (copied: data may go away)
 * and links its programs. Returns 0 and *objp, or -EINVAL (err says what
 * and where: the section, relocation, symbol or map attribute) or
 * -ENOMEM; a refused object leaves nothing allocated. err may be NULL.
 * Not in trap context.
 */
int eb_bpf_object_open(const void *data, size_t len, struct eb_bpf_object **objp,
		       char *err, size_t errsize);

/*
 * Sets the .rodata variable name (found through the object's BTF, as a
 * skeleton's field) to value[0..size), before load. Returns 0, -ENOENT
 * (no such variable), -EINVAL (size is not the variable's) or -EBUSY
 * (the object is loaded). Not in trap context.
 */
int eb_bpf_object_set_rodata(struct eb_bpf_object *obj, const char *name,
			     const void *value, size_t size);

/* What a .rodata variable holds, as its BTF type says. */
enum eb_bpf_var_kind {
	EB_BPF_VAR_UNSIGNED,	/* an unsigned integer or enum */
	EB_BPF_VAR_SIGNED,	/* a signed integer or enum */
	EB_BPF_VAR_CHARS,	/* a char array: a string */
	EB_BPF_VAR_OTHER,	/* anything else: bytes */
};

/* The .rodata variable name's size in *size and what it holds in *kind,
 * for a caller turning text into its value (eb_bpf_object_set_rodata).
 * Returns 0, -ENOENT (no such variable) or -EINVAL (no size). Not in
 * trap context. */
int eb_bpf_object_rodata_kind(const struct eb_bpf_object *obj, const char *name,
			      uint32_t *size, enum eb_bpf_var_kind *kind);

/* Sets the context size the tracepoint or raw_tp program name is
 * verified for (its attach point's ctx_size), before load. 0, -ENOENT or
 * -EBUSY. */
int eb_bpf_object_set_ctx_size(struct eb_bpf_object *obj, const char *name,
			       uint32_t ctx_size);

/*
 * Creates the object's maps (global variables' initial values copied in)
 * and loads each program (bpf_prog_load: created, verified, prepared).
 * Returns 0, or what failed returned with log saying which program or
 * map and why (the verifier's log for a program), or -EBUSY if it is
 * loaded already. On failure nothing it made is left: the object can be
 * loaded again (after eb_bpf_object_set_ctx_size, say) or closed. Not in
 * trap context.
 */
int eb_bpf_object_load(struct eb_bpf_object *obj, char *log, size_t logsize);

/* Program i (0..), in section order, or NULL after the last. */
const struct eb_bpf_program *eb_bpf_object_program(const struct eb_bpf_object *obj,
						   size_t i);

/* The program called name, or NULL. */
const struct eb_bpf_program *eb_bpf_object_find_program(const struct eb_bpf_object *obj,
							const char *name);

/* Map i (0..): the BTF-defined maps in .maps order, then the global
 * data's; NULL after the last. */
const struct eb_bpf_object_map *eb_bpf_object_map(const struct eb_bpf_object *obj,
						  size_t i);

/* The map called name (".bss" for a data section), or NULL. */
const struct eb_bpf_object_map *eb_bpf_object_find_map(const struct eb_bpf_object *obj,
						       const char *name);

/*
 * The global variable name (of .data*, .rodata* or .bss*) as the loaded
 * programs see it: its bytes in its section's map, and their number in
 * *size (may be NULL). NULL before load or if there is no such variable.
 * Any context.
 */
void *eb_bpf_object_find_global(const struct eb_bpf_object *obj,
				const char *name, size_t *size);

/* The object's license string ("" if it has none). */
const char *eb_bpf_object_license(const struct eb_bpf_object *obj);

/* Frees obj (NULL is ignored): its programs and maps too. Its programs
 * must have no links. Not in trap context. */
void eb_bpf_object_close(struct eb_bpf_object *obj);

#endif
