/*
 * Static tracepoints: named events compiled into the kernel, each with a
 * list of integer fields. One macro defines a tracepoint:
 *
 *	DEFINE_TRACEPOINT(sched, task_wake, waker, wakee);
 *
 * (in one .c file; DECLARE_TRACEPOINT(sched, task_wake) where it fires)
 * and a site fires it with one value per field:
 *
 *	trace(sched, task_wake, w, t);
 *
 * A disabled site is one 4-byte nop: no load, no branch. Enabling the
 * tracepoint (attaching its first probe) patches every site's nop into a
 * jump to an out-of-line call of tracepoint_call, which runs the probes;
 * disabling patches the nops back (Linux's jump labels). The argument
 * expressions are evaluated only when enabled.
 *
 * A probe is a C function getting the field values as an array. An
 * eBPF program attached through the library (<ebreak/bpf.h>,
 * tracepoint_bpf_point) gets them after Linux's 8-byte struct
 * trace_entry header, so raw_syscalls:sys_enter reads like
 * Linux's trace_event_raw_sys_enter (id at 8, args[6] at 16) and sys_exit
 * like trace_event_raw_sys_exit (id at 8, ret at 16). A raw_tp program
 * (tracepoint_raw_bpf_point) gets the values themselves, a u64 each, as
 * Linux's get its TP_PROTO arguments; a tp_btf program gets them typed,
 * from the typedef one more line gives the kernel's BTF:
 *
 *	TRACEPOINT_BTF(sched, task_wake, struct task *waker,
 *		       struct task *wakee, uint32_t wakee_state);
 *
 * (Linux's btf_trace_task_wake: a probe's type, void *__data first).
 */
#ifndef KERNEL_TRACEPOINT_H
#define KERNEL_TRACEPOINT_H
#include "defs.h"
#include <ebreak/trace_event.h>

#define TRACEPOINT_MAX_ARGS	10
#define TRACEPOINT_MAX_PROBES	4

typedef void (*tracepoint_probe_fn)(void *data, const uint64_t *args);

struct tracepoint {
	const char *name;	/* "category:name" */
	const char *fields;	/* "waker, wakee" */
	unsigned nargs;
	bool enabled;		/* sites patched to call */
	volatile uint64_t hits;	/* calls while enabled */
	struct {
		tracepoint_probe_fn volatile fn;
		void *data;
	} probes[TRACEPOINT_MAX_PROBES];
	/* The trace ring's event (tracepoint_print.c): its filter and
	 * trigger over the fields, made at first use. */
	struct eb_trace_event control;
};

/* One patchable site: the nop, where it jumps when enabled, whose it is. */
struct tracepoint_site {
	unsigned long insn;
	unsigned long target;
	struct tracepoint *tp;
};

#define TP_NARGS_(_1, _2, _3, _4, _5, _6, _7, _8, _9, _10, n, ...) n
#define TP_NARGS(...) TP_NARGS_(__VA_ARGS__, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1)

#define DEFINE_TRACEPOINT(cat, ev, ...)					\
	enum { __tracepoint_nargs_##cat##_##ev = TP_NARGS(__VA_ARGS__) };	\
	struct tracepoint __tracepoint_##cat##_##ev = {			\
		.name = #cat ":" #ev, .fields = #__VA_ARGS__,		\
		.nargs = TP_NARGS(__VA_ARGS__) };			\
	static struct tracepoint *const __tracepoint_ptr_##cat##_##ev	\
	__attribute__((used, section("tracepoints"))) =		\
		&__tracepoint_##cat##_##ev

/* The C types of tracepoint cat:ev's fields, after DEFINE_TRACEPOINT,
 * as the kernel's BTF carries them for tp_btf/ev programs: the typedef
 * btf_trace_ev, put in the DWARF pahole reads by a variable of its type
 * kept in the image (Linux's __bpf_trace_tp_map_ev), 8 bytes. */
#define TRACEPOINT_BTF(cat, ev, ...)					\
	typedef void (*btf_trace_##ev)(void *__data, __VA_ARGS__);	\
	_Static_assert(TP_NARGS(__VA_ARGS__) ==				\
		       __tracepoint_nargs_##cat##_##ev,			\
		       #cat ":" #ev ": a type per field");		\
	static const btf_trace_##ev __btf_trace_##ev			\
	__attribute__((used))

#define DECLARE_TRACEPOINT(cat, ev)					\
	extern struct tracepoint __tracepoint_##cat##_##ev

/* Fire tracepoint cat:name with the given field values (integers; cast
 * pointers to uintptr_t). Any context. */
#define trace(cat, ev, ...)						\
	do {								\
		__label__ do_trace_;					\
		asm goto(".option push\n\t.option norvc\n\t"		\
			 ".balign 4\n"					\
			 "1:\tnop\n\t"					\
			 ".option pop\n\t"				\
			 ".pushsection tracepoint_sites, \"a\"\n\t"	\
			 ".balign 8\n\t"				\
			 ".dword 1b, %l[do_trace_], %0\n\t"		\
			 ".popsection"					\
			 :: "i"(&__tracepoint_##cat##_##ev)		\
			 :: do_trace_);					\
		if (0) {						\
		do_trace_:						\
			tracepoint_call(&__tracepoint_##cat##_##ev,	\
				(const uint64_t[TRACEPOINT_MAX_ARGS])	\
				{ __VA_ARGS__ });			\
		}							\
	} while (0)

/* The registry: every tracepoint, and every site (the linker's
 * "tracepoints" and "tracepoint_sites" sections). */
extern struct tracepoint *const __start_tracepoints[],
	*const __stop_tracepoints[];
extern const struct tracepoint_site __start_tracepoint_sites[],
	__stop_tracepoint_sites[];

/* tracepoint.c */
void tracepoint_call(struct tracepoint *tp, const uint64_t *args);
struct tracepoint *tracepoint_find(const char *name);
struct tracepoint *tracepoint_find_event(const char *name);
int tracepoint_probe_register(struct tracepoint *tp, tracepoint_probe_fn fn,
			      void *data);
int tracepoint_probe_unregister(struct tracepoint *tp, tracepoint_probe_fn fn,
				void *data);
bool tracepoint_text_reserved(uintptr_t addr, size_t len);
void tracepoint_attach_error(const char *who, struct tracepoint *tp, int err);

/* tracepoint_bpf.c */
struct eb_bpf_attach_point;
void tracepoint_bpf_point(struct tracepoint *tp,
			  struct eb_bpf_attach_point *point);
void tracepoint_raw_bpf_point(struct tracepoint *tp, uint32_t btf_id,
			      struct eb_bpf_attach_point *point);

/* tracepoint_print.c */
void tracepoint_list(void);
int tracepoint_print_on(const char *name);
int tracepoint_print_off(const char *name);
struct eb_trace_event *tracepoint_control(const char *name);
struct eb_trace_event *trace_event_find(const char *name);
/* set_event.c: `trace on|off SPEC` of the events Linux's set_event
 * would name by SPEC (GROUP:EVENT, `*` for either, or a bare group or
 * event name), tracepoints and kprobe events: how many, -ENOENT for
 * none, or the first tracepoint's -errno (the others still set, as
 * Linux's). Not in trap context. */
int trace_set_event(const char *spec, bool on);

#endif
