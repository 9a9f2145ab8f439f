/* The kernel shell's `bpf` command (bpf_cmd.c, bpf_dump.c). */
#ifndef KERNEL_TRACE_BPF_CMD_H
#define KERNEL_TRACE_BPF_CMD_H
#include <stdbool.h>
#include <stdint.h>

struct eb_bpf_object;
struct eb_bpf_object_map;
struct eb_bpf_program;
struct bpf_prog;
struct bpf_map;

/* An eBPF object embedded in the image (examples/bpf/module.mk's
 * table). */
struct bpf_embedded {
	const char *name;		/* its file's, without .bpf.c */
	const unsigned char *start, *end;
};

/* The embedded object called name, or NULL (bpf_cmd.c). */
const struct bpf_embedded *bpf_embedded_find(const char *name);

void bpf_command(const char *args);

/* Before obj's load, as `bpf load` does: each (raw) tracepoint program's
 * context set for its tracepoint, each kprobe's symbol there; 0, or
 * -ENOENT having said which program of object name names what is
 * missing (bpf_cmd.c). */
int bpf_cmd_check_targets(struct eb_bpf_object *obj, const char *name);

/* A loaded object's map by name, MAP or OBJECT:MAP, or NULL having said
 * why (bpf_cmd.c). */
const struct eb_bpf_object_map *bpf_cmd_map(const char *name);

/* Loaded map id (as `bpf` lists it), or NULL (bpf_cmd.c). */
const struct eb_bpf_object_map *bpf_cmd_map_id(unsigned id);

/* Loaded program id (as `bpf` lists it), or NULL (bpf_cmd.c). */
const struct eb_bpf_program *bpf_cmd_program(unsigned id);

/* The loaded map map is, and its id (as `bpf` lists it) in *id; NULL if
 * it is none of theirs (bpf_cmd.c). */
const struct eb_bpf_object_map *bpf_cmd_map_of(const struct bpf_map *map,
					       unsigned *id);

/* The loaded program prog is, and its id in *id; NULL if it is none of
 * theirs (bpf_cmd.c). */
const struct eb_bpf_program *bpf_cmd_program_of(const struct bpf_prog *prog,
						unsigned *id);

/* Linux's name of a map type ("hash"), "?" if unknown (bpf_cmd.c). */
const char *bpf_map_type_name(uint32_t type);

/* `bpf dump MAP [hist | lhist MIN STEP | stacks STACKMAP | syms]`
 * (bpf_dump.c). */
void bpf_cmd_dump(const char *args);

/* `bpf update MAP KEY VALUE`: a key's value, a prog array's slot's
 * program (VALUE its id), a map of maps' map (VALUE MAP or OBJECT:MAP)
 * (bpf_update.c). */
void bpf_cmd_update(const char *args);

/* `bpf load NAME VAR=VALUE...`: each VAR, a .rodata variable of obj
 * (object name), set to the number VALUE before load; false having said
 * why (bpf_update.c). */
bool bpf_cmd_set_rodata(struct eb_bpf_object *obj, const char *name,
			const char *args);

/* `bpf delete MAP KEY`: a hash's key, a prog array's or map of maps'
 * slot (bpf_update.c). */
void bpf_cmd_delete(const char *args);

/* `bpf ringbuf MAP`: its records as they come, until ^C (bpf_dump.c). */
void bpf_cmd_ringbuf(const char *name);

/* `bpf perf MAP`: its records with their harts, and the records lost,
 * as they come, until ^C (bpf_dump.c). */
void bpf_cmd_perf(const char *name);

#endif
