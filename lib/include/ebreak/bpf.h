/*
 * The eBPF API: programs, maps, and attaching programs to events. Names
 * are Linux's where Linux has the concept (bpf_prog_*, bpf_map_*,
 * BPF_PROG_TYPE_*, BPF_MAP_TYPE_*, bpf_link), eb_ where it has not.
 *
 * A program's lifecycle:
 *
 *   bpf_prog_create   copy the instructions (<ebreak/bpf_insn.h>) and what
 *                     they run on: the program type, the context size, the
 *                     maps that lddw names
 *   bpf_prog_verify   the verifier proves the program safe
 *   bpf_prog_prepare  choose how it runs (JIT-compiled, or interpreted)
 *   bpf_prog_run      run it, as often as wanted, on any hart, concurrently
 *   bpf_prog_free
 *
 * bpf_prog_load does the first three. A loaded program runs on events
 * once attached to an attach point (eb_bpf_attach), until detached.
 * A program holds the maps it was loaded with (a map goes once its user
 * and every program holding it let it go); a program must outlive its
 * links.
 */
#ifndef EBREAK_BPF_H
#define EBREAK_BPF_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct bpf_insn;
struct bpf_prog;
struct bpf_map;
struct bpf_link;

/* --- programs -------------------------------------------------------- */

/* Linux's ids. A kretprobe's programs are BPF_PROG_TYPE_KPROBE, as in
 * Linux: the attach point, not the program, says entry or return. */
enum bpf_prog_type {
	BPF_PROG_TYPE_UNSPEC = 0,	/* built for tests: no attach point */
	BPF_PROG_TYPE_KPROBE = 2,	/* context: struct pt_regs, read-only */
	BPF_PROG_TYPE_TRACEPOINT = 5,	/* context: the event's record, read-only */
	/* SEC("perf_event") (Linux's): context: struct
	 * bpf_perf_event_data, the sampled frame's user_regs_struct, then
	 * sample_period and addr, read-only (eb_bpf_perf_event_point) */
	BPF_PROG_TYPE_PERF_EVENT = 7,
	/* raw_tp/NAME (Linux's): context: the tracepoint's C arguments
	 * where it fires, a u64 each, read-only, not its record */
	BPF_PROG_TYPE_RAW_TRACEPOINT = 17,
	/* fentry/fexit on a kernel function (Linux's): context: its
	 * arguments, a u64 each, then fexit's return value, read-only;
	 * tp_btf/NAME: a raw tracepoint's, typed by the kernel's BTF */
	BPF_PROG_TYPE_TRACING = 26,
};

/* Where a BPF_PROG_TYPE_TRACING program runs (Linux's ids). */
enum bpf_attach_type {
	BPF_TRACE_RAW_TP = 23,	/* a tracepoint (tp_btf/NAME) */
	BPF_TRACE_FENTRY = 24,	/* at the function's entry */
	BPF_TRACE_FEXIT = 25,	/* at its return: the return value too */
	BPF_MODIFY_RETURN = 26,	/* before it: a non-zero return replaces
				 * the call (fmod_ret) */
	/* a KPROBE program on many functions at once (kprobe.multi/,
	 * kretprobe.multi/: eb_bpf_kprobe_multi_point) */
	BPF_TRACE_KPROBE_MULTI = 42,
};

/* Arguments a raw tracepoint may give a program (Linux's
 * MAX_BPF_FUNC_ARGS). */
#define EB_BPF_MAX_RAW_TP_ARGS 12

/* What bpf_prog_create needs besides the instructions. */
struct bpf_prog_opts {
	enum bpf_prog_type type;	/* KPROBE, TRACEPOINT, PERF_EVENT,
					 * RAW_TRACEPOINT or TRACING */
	/* Bytes of context r1 points at: a TRACEPOINT program's is its
	 * attach point's ctx_size (or less), a RAW_TRACEPOINT program's 8
	 * per argument of its tracepoint; for KPROBE, 0 means
	 * sizeof(struct pt_regs) (<ebreak/ptregs.h>), for PERF_EVENT
	 * sizeof(struct bpf_perf_event_data); a TRACING program's
	 * is 8 per argument of its function, and 8 more for a fexit
	 * program's return value (eb_bpf_func_model), a tp_btf
	 * program's 8 per argument of its tracepoint (eb_bpf_tp_btf_model). */
	uint32_t ctx_size;
	/* lddw with src BPF_PSEUDO_MAP_FD/IDX names maps[imm];
	 * BPF_PSEUDO_MAP_VALUE/IDX_VALUE the value of one-entry array map
	 * maps[imm], plus the second slot's imm as offset. */
	struct bpf_map *const *maps;
	size_t nr_maps;
	/* The program's license, as Linux's prog load takes it: one that is
	 * not GPL-compatible ("GPL", "GPL v2", "GPL and additional rights",
	 * "Dual BSD/GPL", "Dual MIT/GPL", "Dual MPL/GPL" are) may not call
	 * Linux's GPL-only helpers (probe_read*, trace_printk,
	 * get_current_task, get_stackid, get_stack, get_func_ip). NULL: the
	 * kernel's own code, built with it: GPL-compatible. */
	const char *license;
	/* A TRACING program's (Linux's expected_attach_type and
	 * attach_btf_id): fentry or fexit, and the kernel BTF id of the
	 * function (eb_bpf_func_model) whose arguments ctx_size holds; or
	 * BPF_TRACE_RAW_TP and the id of the tracepoint's typedef
	 * btf_trace_NAME (eb_bpf_tp_btf_model). */
	enum bpf_attach_type expected_attach_type;
	uint32_t attach_btf_id;
};

/*
 * Creates a program from insns[0..len) for opts (both copied; the maps
 * held until it is freed). Returns 0 and *progp, or -EINVAL (no instructions, a
 * type it cannot load) / -E2BIG (too many instructions) / -ENOMEM, with a
 * message in err (may be NULL). Not in trap context.
 */
int bpf_prog_create(const struct bpf_insn *insns, size_t len,
		    const struct bpf_prog_opts *opts, struct bpf_prog **progp,
		    char *err, size_t errsize);

/*
 * Runs the verifier on prog. Returns 0 if it is safe, or -EINVAL (log
 * says why: `insn IDX (DISASSEMBLY): REASON`), -E2BIG (the instruction
 * budget ran out), -ENOMEM. log may be NULL. Not in trap context.
 */
int bpf_prog_verify(struct bpf_prog *prog, char *log, size_t logsize);

/*
 * Chooses how prog runs and prepares it (once; again is a no-op): a
 * verified program compiled to native code by the arch's JIT where it
 * runs (RV64), else, or when the JIT cannot compile it, the
 * interpreter, on instructions pre-decoded for it. Returns 0, or
 * -EINVAL for an instruction it cannot run (invalid encoding, a map or
 * helper that does not exist), or -ENOMEM, with a message in err:
 * `insn IDX (DISASSEMBLY): REASON`. The interpreter checks no memory
 * access: only a verified program may be prepared, except in tests of
 * the interpreter itself. Not in trap context.
 */
int bpf_prog_prepare(struct bpf_prog *prog, char *err, size_t errsize);

/* create + verify + prepare; on failure nothing is left allocated and
 * log says why. Not in trap context. */
int bpf_prog_load(const struct bpf_insn *insns, size_t len,
		  const struct bpf_prog_opts *opts, struct bpf_prog **progp,
		  char *log, size_t logsize);

/*
 * Runs a prepared program with r1 = ctx and returns r0 (0 if prog was
 * never prepared). Any context, any number of harts at once. Uses about
 * 600 bytes of the caller's stack, and as much again per bpf-to-bpf call
 * frame the program reaches.
 */
uint64_t bpf_prog_run(const struct bpf_prog *prog, void *ctx);

/* Frees prog (NULL is ignored), letting go of its maps (which go with
 * the last program holding them, their user having let them go:
 * bpf_map_free). It must have no links. A prog array slot holding it
 * keeps it until the slot lets it go (eb_bpf_prog_array_update). Not in
 * trap context. */
void bpf_prog_free(struct bpf_prog *prog);

/* What a program is, for listing it (Linux's struct bpf_prog_info). */
struct eb_bpf_prog_info {
	enum bpf_prog_type type;
	uint32_t insn_cnt;	/* in 8-byte slots, lddw counting two */
	uint32_t ctx_size;
	bool verified;
	bool prepared;		/* bpf_prog_run runs it */
	/* Compiled to native code (Linux's jited_prog_len: its bytes),
	 * else interpreted. */
	bool jited;
	uint32_t jited_len;
	/* Why the JIT could not compile it, so it runs interpreted: -ENOMEM
	 * (no executable memory left: eb_port_exec_alloc failed), -ERANGE
	 * (a jump beyond its reach), -EINVAL (an instruction it does not
	 * translate); 0 when it compiled it or was not tried. */
	int jit_error;
	/* Runs through its links and their time, counted while stats are
	 * on (eb_bpf_stats_enable), over every hart: Linux's run_cnt and
	 * run_time_ns with bpf_stats_enabled. */
	uint64_t run_cnt;
	uint64_t run_time_ns;
};

/* Fills *info for prog. Any context. */
void eb_bpf_prog_info(const struct bpf_prog *prog, struct eb_bpf_prog_info *info);

/* What a jit_error (eb_bpf_prog_info) means, in words ("no executable
 * memory left for its code", ...); NULL for 0. Any context. */
const char *eb_bpf_jit_why(int jit_error);

/* Count each program's runs through its links and their time (Linux's
 * kernel.bpf_stats_enabled): off by default, since it reads the clock
 * twice a run. Any context. */
void eb_bpf_stats_enable(bool on);

/* Compile the programs loaded from now on with the arch's JIT, or
 * interpret them (Linux's net.core.bpf_jit_enable): on by default.
 * Programs already loaded keep their code. Returns whether programs
 * loaded now are compiled: false whatever on says on a host whose CPU
 * cannot run the JIT's code. Not in trap context. */
bool eb_bpf_jit_enable(bool on);

/* Whether programs loaded now are compiled (eb_bpf_jit_enable). Any
 * context. */
bool eb_bpf_jit_enabled(void);

/* --- maps ------------------------------------------------------------ */

/*
 * Fixed-size key/value tables shared between programs and the code that
 * loads them. Types, ids and the element calls' semantics are Linux's.
 * All memory is allocated when the map is created (Linux's default
 * "prealloc"), so lookup, update and delete never allocate and are safe
 * in trap context, on any hart, concurrently. A value pointer returned by
 * lookup stays valid until the map is freed; for a hash map, after the
 * element is deleted the memory may be reused for another key.
 */
enum bpf_map_type {
	BPF_MAP_TYPE_UNSPEC = 0,
	BPF_MAP_TYPE_HASH = 1,
	BPF_MAP_TYPE_ARRAY = 2,
	/* programs by index, for bpf_tail_call: key and value_size 4 (a
	 * program's fd in Linux); slots are filled from the host only
	 * (eb_bpf_prog_array_update, bpf_map_delete_elem), never by a
	 * program */
	BPF_MAP_TYPE_PROG_ARRAY = 3,
	/* records bpf_perf_event_output writes, in a buffer per hart made
	 * with the map (slot i: hart i's, of EB_BPF_PERF_BUF_SIZE bytes),
	 * read by eb_bpf_perf_event_consume; key and value_size 4 */
	BPF_MAP_TYPE_PERF_EVENT_ARRAY = 4,
	BPF_MAP_TYPE_PERCPU_HASH = 5,	/* a value per hart: a program sees its own */
	BPF_MAP_TYPE_PERCPU_ARRAY = 6,
	BPF_MAP_TYPE_STACK_TRACE = 7,	/* kernel stacks by id (bpf_get_stackid) */
	/* libbpf-tools' cgroup filter (bpf_current_task_under_cgroup): no
	 * cgroups here, every slot empty; key and value_size 4 */
	BPF_MAP_TYPE_CGROUP_ARRAY = 8,
	BPF_MAP_TYPE_LRU_HASH = 9,	/* full: a new key replaces the least used */
	BPF_MAP_TYPE_LRU_PERCPU_HASH = 10,
	/* maps of maps: value_size 4 (a map's fd in Linux); a value is
	 * another map (eb_bpf_map_of_maps_update), of the type, sizes and
	 * flags of the template given at creation (eb_bpf_map_of_maps_create);
	 * a program's lookup gives that map, which it passes to the map
	 * helpers, as the host's lookup gives it (struct bpf_map *) */
	BPF_MAP_TYPE_ARRAY_OF_MAPS = 12,
	BPF_MAP_TYPE_HASH_OF_MAPS = 13,
	/* records programs write (bpf_ringbuf_output, or _reserve then
	 * _submit), read in order by eb_bpf_ringbuf_consume;
	 * max_entries: bytes, a power of two */
	BPF_MAP_TYPE_RINGBUF = 27,
};

/* bpftool's name of a map type ("hash" for 1, "percpu_array" for 6),
 * for every type Linux defines whether ebreak builds it or not, else
 * NULL. Any context. */
const char *eb_bpf_map_type_str(uint32_t type);

/* flags of bpf_map_update_elem */
#define BPF_ANY		0	/* create or replace */
#define BPF_NOEXIST	1	/* create only */
#define BPF_EXIST	2	/* replace only */

/* map_flags of a hash or per-hart hash: Linux's allocates its elements
 * as they are added; taken, the map allocating all at creation still */
#define BPF_F_NO_PREALLOC	(1U << 0)
/* map_flags: programs may read the map's values but not write them (the
 * object loader's .rodata maps; the calls above still may, until the
 * loader freezes them once filled: then -EPERM) */
#define BPF_F_RDONLY_PROG	(1U << 7)
/* map_flags of an array map template: a map of maps' inner arrays may
 * have any max_entries (Linux's BPF_F_INNER_MAP) */
#define BPF_F_INNER_MAP		(1U << 12)

#define BPF_OBJ_NAME_LEN 16

/* What a map is made from: libbpf's legacy definition, as in ELF "maps". */
struct bpf_map_def {
	uint32_t type;
	uint32_t key_size;
	uint32_t value_size;
	uint32_t max_entries;
	uint32_t map_flags;
};

/*
 * Creates a map from def, named name (may be NULL; truncated to 15 chars).
 * Returns 0 and *mapp, or -EINVAL/-E2BIG/-ENOMEM with a message in err
 * saying which field is wrong. Not in trap context.
 */
int bpf_map_create(const struct bpf_map_def *def, const char *name,
		   struct bpf_map **mapp, char *err, size_t errsize);

/*
 * bpf_map_create for a map of maps (def's type ARRAY_OF_MAPS or
 * HASH_OF_MAPS, value_size 4), its template inner_map (Linux's
 * inner_map_fd): the type, key_size, value_size, map_flags and, for an
 * array, max_entries (unless inner_map has BPF_F_INNER_MAP) that every
 * inner map must have. inner_map is only read: it may be freed after.
 * A prog array or a map of maps is refused as a template, as Linux
 * refuses them. Returns as bpf_map_create (def or mapp NULL: -EINVAL).
 * Not in trap context.
 */
int eb_bpf_map_of_maps_create(const struct bpf_map_def *def,
			      const struct bpf_map *inner_map, const char *name,
			      struct bpf_map **mapp, char *err, size_t errsize);

/* Lets map go (NULL is ignored): it is freed with its values once no
 * program holds it either (a program holds the maps it was loaded with,
 * until freed: one in a prog array's slot may outlive its owner's
 * bpf_prog_free). A prog array's slots let their programs go now, as
 * Linux empties a prog array whose last user lets it go: a program in
 * its own array's slot does not keep itself. Not in trap context; no
 * spinlock held. */
void bpf_map_free(struct bpf_map *map);

/* Returns the value stored under key (this hart's copy for per-cpu maps;
 * a map of maps' inner map, a struct bpf_map *, valid until the caller
 * next updates or deletes key), or NULL if there is none. Any
 * context. */
void *bpf_map_lookup_elem(struct bpf_map *map, const void *key);

/* Returns hart cpu's copy of key's value in a per-cpu map (for other maps,
 * the only copy), or NULL. Any context. */
void *bpf_map_lookup_percpu_elem(struct bpf_map *map, const void *key,
				 uint32_t cpu);

/*
 * Stores value under key. flags: BPF_ANY, BPF_NOEXIST (-EEXIST if key is
 * present), BPF_EXIST (-ENOENT if absent). Returns 0, -E2BIG (array index
 * out of range, or hash map full), -EINVAL (bad flags; a prog array or
 * a map of maps, whose values are set by eb_bpf_prog_array_update and
 * eb_bpf_map_of_maps_update) or the above. For per-cpu maps, sets this
 * hart's copy. Any context.
 */
int bpf_map_update_elem(struct bpf_map *map, const void *key,
			const void *value, uint64_t flags);

/* Removes key: 0, -ENOENT if absent, -EINVAL for arrays (whose elements
 * always exist). Any context, but for a prog array (its slot emptied,
 * -E2BIG past its end), whose program is dropped after a grace period,
 * and a map of maps (an array's slot emptied, -ENOENT if it was), whose
 * inner map is let go after one: not in trap context, no spinlock
 * held. */
int bpf_map_delete_elem(struct bpf_map *map, const void *key);

/*
 * Iteration: stores in next_key the key after key (the first key when key
 * is NULL or absent). Returns 0, or -ENOENT after the last. Order is
 * unspecified for hash maps. Not meant for concurrent updates (a key may
 * be skipped). Any context.
 */
/*
 * Reads the records of ring buffer map map submitted since the last
 * call, oldest first: fn(arg, data, len) for each, data in the ring
 * (valid until fn returns), stopping after one for which fn returns a
 * negative value, or at a record reserved and not yet submitted (the
 * next call gives it and those after it); discarded records are
 * skipped. Returns how many it gave, or -EINVAL for another map (or
 * map or fn NULL); *lost
 * (may be NULL) is how many records writers could not add for want of
 * room, ever. One reader at a time; not in trap context.
 */
long eb_bpf_ringbuf_consume(struct bpf_map *map,
			    int (*fn)(void *arg, const void *data, size_t len),
			    void *arg, uint64_t *lost);

/* Bytes of each hart's buffer in a perf event array (Linux's reader
 * chooses them: libbpf-tools' 16 pages; here 16 KiB). */
#define EB_BPF_PERF_BUF_SIZE	16384

/* What eb_bpf_perf_event_consume gives records to (libbpf's
 * perf_buffer callbacks). */
struct eb_bpf_perf_reader {
	/* A record hart cpu wrote: data valid until it returns; a
	 * negative return stops the read after it. */
	int (*sample)(void *arg, unsigned cpu, const void *data, size_t len);
	/* n records hart cpu lost since the last read, for want of room
	 * (Linux's PERF_RECORD_LOST); may be NULL. */
	void (*lost)(void *arg, unsigned cpu, uint64_t n);
	void *arg;
};

/*
 * Reads the records of perf event array map written since the last
 * call, hart by hart (each hart's oldest first): rd->lost first if the
 * hart lost records since, then rd->sample for each, stopping after one
 * for which it returns a negative value (the next call goes on from the
 * next). Returns how many records it gave, or -EINVAL for another map
 * (or map, rd or rd->sample NULL). One reader at a time; not in trap context.
 */
long eb_bpf_perf_event_consume(struct bpf_map *map,
			       const struct eb_bpf_perf_reader *rd);

int bpf_map_get_next_key(struct bpf_map *map, const void *key,
			 void *next_key);

/*
 * Puts prog in slot index of prog array map, for bpf_tail_call (Linux's
 * update of a BPF_MAP_TYPE_PROG_ARRAY with a program's fd). The slot
 * holds prog: bpf_prog_free of it then frees it only once no slot holds
 * it. A program it replaces is dropped after a grace period, when no
 * hart can still be tail-calling into it. As in Linux, every program of
 * an array, and every program whose code names the array, is of one
 * type and one backend (JIT-compiled or interpreted: a tail call stays
 * in it) and has a writable context or not; the first program to come
 * sets them. A tail call keeps the caller's context: prog's ctx_size
 * may not pass that of any program naming the array, and prog must fit
 * the point of every attached program whose tail calls would reach it
 * (what it reads of the context: eb_bpf_attach checks the same).
 * Returns 0, or -EINVAL (map or prog NULL, not a prog array, prog not loaded: verified
 * and prepared, another type, backend or writability, a bigger context,
 * does not fit) / -E2BIG
 * (index past the end) with a message in err (may be NULL). Not in trap
 * context; no spinlock held.
 */
int eb_bpf_prog_array_update(struct bpf_map *map, uint32_t index,
			     struct bpf_prog *prog, char *err, size_t errsize);

/*
 * Puts map inner under key of map of maps map (Linux's update with a
 * map's fd) as flags say (BPF_ANY, BPF_NOEXIST, BPF_EXIST). The slot
 * holds inner (a reference: bpf_map_free of it frees it once no slot
 * holds it either); a map it replaces is let go after a grace period,
 * when no program run that looked it up is still using it. Returns 0,
 * or -EINVAL (map, key or inner NULL; not a map of maps; inner is not of its template: the
 * message says what differs), -E2BIG (an array's index past its end, a
 * hash full), -EEXIST/-ENOENT (flags) with a message in err (may be
 * NULL). Not in trap context; no spinlock held.
 */
int eb_bpf_map_of_maps_update(struct bpf_map *map, const void *key,
			      struct bpf_map *inner, uint64_t flags,
			      char *err, size_t errsize);

/* The program in slot index of prog array map, or NULL (an empty slot,
 * an index past the end, another type of map): what Linux's lookup of
 * the slot from user space names by its id. Only to compare or name it:
 * the slot may let it go once the caller's next update or delete of the
 * map returns. Not in trap context. */
const struct bpf_prog *eb_bpf_prog_array_slot(const struct bpf_map *map,
					      uint32_t index);

/* --- attaching ------------------------------------------------------- */

/*
 * An attach point is a source of events that runs programs: the host
 * kernel's tracepoints (kernel/trace/tracepoint_bpf.c is the reference
 * kernel's), the library's probes. Its owner describes it in a struct
 * eb_bpf_attach_point, and the library does the rest: checks that the
 * program fits the point, keeps the link, and detaches safely.
 *
 * The point's handler runs a link's program with eb_bpf_link_run, with
 * interrupts off (a probe handler, or a handler that disables them), so
 * that once the library's grace period (eb_grace_period) has passed
 * after ops->detach, no hart is still running the link.
 */
struct eb_bpf_attach_point;

struct eb_bpf_attach_ops {
	/* Start calling eb_bpf_link_run(link, ctx) on every event of the
	 * point, ctx holding at least point->ctx_size bytes. 0 or -errno.
	 * Called under the library's attach lock (a spinlock taken with
	 * interrupts on); may patch text and cross-call. */
	int (*attach)(const struct eb_bpf_attach_point *point,
		      struct bpf_link *link);
	/* Stop calling it. Harts may still be running it on return. Same
	 * context as attach. */
	void (*detach)(const struct eb_bpf_attach_point *point,
		       struct bpf_link *link);
	/* Optional, NULL when every byte of the context holds a value:
	 * 0 if the point's events hold every 8-byte word of the context
	 * that the program reads (words: bit n for bytes 8n..8n+7, bit 63
	 * for any from there on), else -EINVAL with why in err; also
	 * -errno with why when the point cannot run programs at all (a
	 * function without a patchable entry, for fentry). Not in trap
	 * context; called with no lock held (eb_bpf_attach's first check)
	 * and again under the library's attach lock (the reach of the
	 * program's tail calls checked and the link attached as one, and
	 * on a prog array slot's update), so it may not sleep, and a check
	 * of what attach and detach change holds at the locked call. */
	int (*fits)(const struct eb_bpf_attach_point *point, uint64_t words,
		    char *err, size_t errsize);
	/* Optional, NULL for a point that misses none: the events of link
	 * that did not run its program (Linux's bpf_link_info missed: a
	 * hit nested in a handler on the hart, a return probe's full pool,
	 * a handler that faulted), from counters the point keeps anyway.
	 * Any context while the link is attached. */
	unsigned long (*missed)(const struct eb_bpf_attach_point *point,
				const struct bpf_link *link);
	/* Optional, NULL where no program may call bpf_override_return:
	 * 0 if one may run on the point, else -EINVAL with why in err
	 * (a kprobe's: only at the entry of a function marked
	 * EB_ALLOW_ERROR_INJECTION, <ebreak/error_injection.h>). Called
	 * as fits is. */
	int (*may_override)(const struct eb_bpf_attach_point *point,
			    char *err, size_t errsize);
};

struct eb_bpf_attach_point {
	const char *name;		/* for messages: "raw_syscalls:sys_enter" */
	enum bpf_prog_type prog_type;	/* the programs it runs */
	uint32_t ctx_size;		/* context bytes each event gives */
	const struct eb_bpf_attach_ops *ops;
	void *target;			/* the owner's object, for ops */
	/* Bytes each link keeps for the owner (eb_bpf_link_data): what its
	 * handler needs per link, a struct kprobe say. */
	size_t link_data_size;
	/* What the link's programs read with bpf_get_attach_cookie
	 * (libbpf's bpf_cookie in its attach opts): the caller's, 0 unless
	 * it sets one after describing the point. */
	uint64_t cookie;
	/* A TRACING point's: the programs it runs were loaded for it
	 * (bpf_prog_opts' fields of these names). */
	enum bpf_attach_type expected_attach_type;
	uint32_t attach_btf_id;
};

/*
 * Runs prog (loaded: verified and prepared, of point->prog_type, for at
 * most point->ctx_size bytes of context) on every event of point, until
 * eb_bpf_detach(*linkp). point is copied (its name and target must
 * outlive the link). Returns 0 and *linkp, or
 * -EINVAL (prog, point or linkp NULL, not loaded, another type, loaded for another function or
 * attach type, a bigger context, a word of it the point's events do not
 * hold: ops->fits; the same for every program its tail calls reach
 * through the prog arrays' slots now), -EEXIST (prog is attached to that
 * point already), -ENOMEM, or what ops->fits (a point that cannot run
 * programs) or ops->attach returned, with a message in err (may be NULL). Not in trap context; no
 * spinlock held.
 */
int eb_bpf_attach(struct bpf_prog *prog, const struct eb_bpf_attach_point *point,
		  struct bpf_link **linkp, char *err, size_t errsize);

/* Detaches and frees link: on return no hart runs its program from
 * there (a grace period has passed). Not in trap context; no spinlock
 * held. */
void eb_bpf_detach(struct bpf_link *link);

/* Runs link's program on ctx and returns r0: for the attach point's
 * handler. Any context. */
uint64_t eb_bpf_link_run(const struct bpf_link *link, void *ctx);

/* The events of link that did not run its program (its point's
 * ops->missed; 0 if it has none): bpftool link's missed. Any context
 * while the link is attached. */
unsigned long eb_bpf_link_missed(const struct bpf_link *link);

/* The attach point link was made with (its copy). Any context. */
const struct eb_bpf_attach_point *eb_bpf_link_point(const struct bpf_link *link);

/* link's point->link_data_size bytes for the point's owner: 16-byte
 * aligned, zero when ops->attach is called, freed with the link once
 * detached and a grace period has passed. Any context. */
void *eb_bpf_link_data(const struct bpf_link *link);

/* --- kprobes as attach points ------------------------------------------ */

/* A probe for eBPF programs: a kprobe on an instruction, or a kretprobe
 * on a function's return (the caller keeps it while attached). */
struct eb_bpf_kprobe {
	const char *symbol;	/* the function, or NULL: addr */
	uintptr_t addr;		/* without a symbol: the instruction */
	unsigned offset;	/* into the function (kprobe only) */
	bool retprobe;		/* at its return: a kretprobe */
	int maxactive;		/* a kretprobe's instances; 0: Linux's default */
	const char *owner;	/* optional: the probe's owner for
				 * eb_kprobes_list; must outlive the link */
};

/*
 * Describes probe as an attach point for eb_bpf_attach: each link
 * registers a kprobe (kretprobe) of its own, which shares the site with
 * any other probe on that instruction, and runs BPF_PROG_TYPE_KPROBE
 * programs on the trap frame (struct pt_regs, <ebreak/ptregs.h>: its
 * first 32 words are riscv's user_regs_struct, as libbpf's
 * <bpf/bpf_tracing.h> reads it: PT_REGS_PARM1..8 are a0..a7, PT_REGS_RC
 * a0, PT_REGS_IP the pc; at a return, a0 is the return value). An
 * attach that cannot probe fails with register_kprobe's error, logged.
 * Kernel-only (it needs kprobes). Any context.
 */
void eb_bpf_kprobe_point(const struct eb_bpf_kprobe *probe,
			 struct eb_bpf_attach_point *point);

/*
 * A kprobe.multi or kretprobe.multi probe (Linux's
 * BPF_TRACE_KPROBE_MULTI, libbpf's SEC("kprobe.multi/PATTERN")): one
 * link over every function with a patchable entry (<ebreak/ftrace.h>:
 * what ftrace can trace) whose name matches pattern (<ebreak/glob.h>).
 * The caller keeps it while attached.
 */
struct eb_bpf_kprobe_multi {
	const char *pattern;
	bool retprobe;		/* at the functions' returns */
	const char *owner;	/* optional, as eb_bpf_kprobe's */
};

/* Whether s[0..len) is a kprobe.multi pattern as libbpf takes one: not
 * empty, of letters, digits and `_ . * ?` only (`*` any run, `?` any
 * character). Any context. */
bool eb_bpf_kprobe_multi_pattern_ok(const char *s, size_t len);

/*
 * Describes m as an attach point for eb_bpf_attach, for
 * BPF_PROG_TYPE_KPROBE programs loaded with expected_attach_type
 * BPF_TRACE_KPROBE_MULTI: each link registers a kprobe (kretprobe) on
 * every matching function, all or none (register_kprobes), whose
 * handlers run the program on the partial pt_regs of a patchable entry
 * (a return's for kretprobe.multi). 0, or -EINVAL (not a pattern
 * eb_bpf_kprobe_multi_pattern_ok takes) or -ENOENT (no function with a
 * patchable entry matches; a pattern naming one function without says
 * so), with why in err. Not in trap context.
 */
int eb_bpf_kprobe_multi_point(const struct eb_bpf_kprobe_multi *m,
			      struct eb_bpf_attach_point *point, char *err,
			      size_t errsize);

/* The functions a kprobe.multi link is on (bpftool link's count). Any
 * context while attached. */
size_t eb_bpf_kprobe_multi_funcs(const struct bpf_link *link);

/* The probed address of the kprobe program running on this hart with
 * context regs (a kretprobe's: its function's entry), as bpf_get_func_ip
 * gives it. Trap context, inside the run. */
struct pt_regs;
uintptr_t eb_bpf_kprobe_func_ip(const struct pt_regs *regs);

/* --- perf_event programs: a sampling profiler ------------------------ */

/* A PERF_EVENT program's context, Linux's struct bpf_perf_event_data on
 * riscv: the sampled frame's first 32 words (user_regs_struct, Linux's
 * bpf_user_pt_regs_t), the sample period in ns (a cpu-clock event's
 * unit) and addr (0: a timer sample has no data address). */
struct bpf_perf_event_data {
	unsigned long regs[32];
	uint64_t sample_period;
	uint64_t addr;
};

/* Linux's default kernel.perf_event_max_sample_rate: the highest
 * sample_freq a perf_event link may ask for. */
#define EB_PERF_MAX_SAMPLE_RATE 100000

/* A sampling event on every hart, as Linux's PERF_COUNT_SW_CPU_CLOCK
 * opened on each CPU: freq samples a second per hart (Linux's
 * sample_freq; its period is 1e9 / freq ns), or with freq 0 one sample
 * every period_ns. The caller keeps it while attached. */
struct eb_bpf_perf_event {
	uint64_t freq;
	uint64_t period_ns;
	char label[40];		/* "cpu-clock freq=99": filled */
};

/*
 * Describes pe as an attach point for eb_bpf_attach: each link runs a
 * PERF_EVENT program on every sample the port's sampling timer takes
 * (eb_port_sample_start) on any hart, from its timer interrupt, on the
 * interrupted frame (kernel or user mode: the stack helpers walk a
 * kernel one only). Links sample at one period at a time: a link of
 * another period is refused at attach while one runs, as a ninth link
 * (-EBUSY, at most 8 at once). 0, or -EINVAL
 * (freq 0 or above EB_PERF_MAX_SAMPLE_RATE, a period under 1e9 /
 * EB_PERF_MAX_SAMPLE_RATE ns) / -EOPNOTSUPP (the port samples not),
 * with why in err. Kernel-only. Not in trap context.
 */
int eb_bpf_perf_event_point(struct eb_bpf_perf_event *pe,
			    struct eb_bpf_attach_point *point, char *err,
			    size_t errsize);

/* The port's sampling timer fired on this hart, regs the frame it
 * interrupted (a trap frame: status says kernel or user mode): runs
 * every perf_event link's program on it; one that faults is abandoned
 * and counted missed (eb_bpf_link_missed), as one that would nest in a
 * handler running on the hart. Interrupts off; no lock, no allocation.
 * Kernel-only. */
void eb_bpf_perf_sample(struct pt_regs *regs);

/* --- fentry and fexit ---------------------------------------------------- */

/* What a TRACING program sees of a kernel function, from the kernel's
 * BTF (Linux's struct btf_func_model). */
struct eb_bpf_func_model {
	uint32_t btf_id;	/* its FUNC's */
	uint8_t nr_args;	/* at most EB_BPF_MAX_FUNC_ARGS */
	bool ret;		/* it returns a value (not void) */
};

/* Arguments a traced function may have: riscv's argument registers. */
#define EB_BPF_MAX_FUNC_ARGS 8

/*
 * Fills *m for kernel function func from the kernel's BTF
 * (eb_port_kernel_btf): 0, or -ENOENT (no BTF, or no such function in
 * it) / -EINVAL (more than EB_BPF_MAX_FUNC_ARGS arguments, variadic,
 * or an argument or return value that is not an integer, enum or
 * pointer: a struct by value), with why in err. Not in trap context.
 */
int eb_bpf_func_model(const char *func, struct eb_bpf_func_model *m,
		      char *err, size_t errsize);

/*
 * Fills *m for tp_btf programs on tracepoint name from the kernel's BTF,
 * as Linux: the typedef btf_trace_NAME of a pointer to a function whose
 * first argument (void *__data) the programs do not get, the rest the
 * tracepoint's arguments (btf_id the typedef's, nr_args theirs, ret
 * false). 0, or -ENOENT (no BTF, or no such typedef: no tracepoint of
 * that name has its types in the BTF) / -EINVAL (not that shape, more
 * than EB_BPF_MAX_RAW_TP_ARGS arguments or one not an integer, enum or
 * pointer), with why in err. Not in trap context.
 */
int eb_bpf_tp_btf_model(const char *name, struct eb_bpf_func_model *m,
			char *err, size_t errsize);

/* The context a fentry (fexit, fmod_ret: ret) program on m's function
 * gets, in bytes: a u64 per argument (and fexit's return value: a
 * function returning void has the slot too, a number, whatever a0 held,
 * as Linux's btf_ctx_access lets it be read; fmod_ret's is 0). Any
 * context. */
static inline uint32_t
eb_bpf_func_ctx_size(const struct eb_bpf_func_model *m, bool ret)
{
	return 8 * (m->nr_args + ret);
}

/* An fentry, fexit or fmod_ret attach point (the caller keeps it while
 * attached). */
struct eb_bpf_fentry {
	const char *symbol;	/* the kernel function */
	bool fexit;		/* at its return */
	/* fmod_ret (Linux's BPF_MODIFY_RETURN): before the call, on a
	 * function marked EB_ALLOW_ERROR_INJECTION; a program returning
	 * non-zero makes the call return that at once, the function not
	 * run. Not with fexit (refused, -EINVAL). */
	bool modify_return;
	int maxactive;		/* fexit's calls in flight; 0: Linux's default */
	const char *owner;	/* as eb_bpf_kprobe's */
	struct eb_bpf_func_model model;	/* eb_bpf_fentry_point fills it */
};

/*
 * Describes f as an attach point for eb_bpf_attach: each link probes
 * the function's patchable entry (no trap; fexit: its kretprobe, which
 * keeps the arguments in the call's instance) and runs TRACING programs
 * loaded for it (expected_attach_type, attach_btf_id) on a context of
 * u64s, the arguments a0.. then fexit's return value (fmod_ret's: 0),
 * as Linux's trampoline builds it. A fmod_ret link's probe runs after
 * the site's other probes (EB_KPROBE_FLAG_OVERRIDE), a fexit's entry
 * among them, so that a fexit sees the return value fmod_ret gave. 0, or
 * -EINVAL for fexit and modify_return both set, or eb_bpf_func_model's
 * refusal, with why in err; a function without a patchable entry, or never probed, is
 * refused at attach, saying so. Kernel-only (it needs kprobes). Not in
 * trap context.
 */
int eb_bpf_fentry_point(struct eb_bpf_fentry *f,
			struct eb_bpf_attach_point *point, char *err,
			size_t errsize);

#endif
