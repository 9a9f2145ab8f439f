/*
 * Fetch args of kprobe_events (Linux's syntax, docs/kprobe_events.md):
 * NAME=FETCHARG[:TYPE], parsed once into a small program that a probe
 * handler runs on the trap frame. Internal to the library.
 */
#ifndef EBREAK_FETCH_ARGS_H
#define EBREAK_FETCH_ARGS_H
#include "bpf/btf.h"
#include <ebreak/event_filter.h>
#include <ebreak/ptregs.h>
#include <stdbool.h>
#include <stddef.h>

#define FETCH_NAME_MAX 33	/* an arg's name, NUL included (Linux's
				 * MAX_ARG_NAME_LEN, 32) */
#define FETCH_DEREF_MAX 4	/* nested +OFFS(...) and @ reads */

/*
 * The program: start from a register of the frame (word `reg` of struct
 * pt_regs: 0 is the pc, N is xN), or the value it had at the function's
 * entry if `entry` is set (a return probe's $argN), or, if reg is
 * FETCH_IMM, from `imm` (an @ADDR's address, a \IMM's value); then, for
 * each of the nderef offsets, add it and read memory there. The last
 * read has the type's size (an array's `count` elements one after the
 * other); a string reads the text at the last address instead (a string
 * array the texts the pointers there point at). A number is then cut to
 * its bits: shifted left by lshift, right by rshift (a narrow type's or a
 * bitfield's).
 */
#define FETCH_IMM 0xff
#define FETCH_COMM 0xfe		/* $comm: the current task's name */
#define FETCH_DATA 0xfd		/* \"TEXT": data_len chars at imm */
#define FETCH_COMM_LEN 16	/* Linux's TASK_COMM_LEN */
#define FETCH_ARRAY_MAX 64	/* TYPE[N]: N at most (Linux's MAX_ARRAY_LEN) */
#define FETCH_USER_TEXT (1u << FETCH_DEREF_MAX)	/* user: a string's text */

struct fetch_arg {
	char name[FETCH_NAME_MAX];
	char label[FETCH_NAME_MAX + 2];	/* " NAME=", as records print it */
	unsigned char label_len;
	unsigned char reg;
	unsigned char type;	/* index into the type table (fetch_args.c) */
	unsigned char nderef;
	unsigned char user;	/* bit i: deref[i] reads user memory; and
				 * FETCH_USER_TEXT */
	unsigned char count;	/* TYPE[N]: N; 0 for one value */
	unsigned char lshift, rshift;
	unsigned char data_len;	/* FETCH_DATA's */
	bool entry;		/* reg as saved at entry (a0..a7 only) */
	bool argn;		/* $argN: meant only at an entry or a return */
	unsigned long imm;
	long deref[FETCH_DEREF_MAX];
};

/* How a type prints: unsigned, signed, hex, string, symbol, and how wide
 * a value prints at most (0: no bound). fa->type indexes eb_fetch_types
 * (fetch_args.c), FETCH_TYPES of them. */
struct fetch_type {
	const char *name;
	unsigned char size;
	unsigned char width;
	/* 'u' 's' 'x' 'S' 'y', 'U' (a user 'S'), 'Y' (symstr), 'c' (char) */
	char kind;
};
#define FETCH_TYPES 17
extern const struct fetch_type eb_fetch_types[FETCH_TYPES];
#define FETCH_TYPE_X64 0	/* the default, as in Linux on 64-bit */
#define FETCH_TYPE_U8 4		/* eb_fetch_types[FETCH_TYPE_U8 + n] is u(8 << n) */
#define FETCH_TYPE_S8 8		/* ... and [FETCH_TYPE_S8 + n] s(8 << n) */
#define FETCH_TYPE_STRING 12

#define FETCH_REG_A0 10	/* struct pt_regs word of a0 */

static inline bool
fetch_is_string(const struct fetch_type *t)
{
	return t->kind == 'S' || t->kind == 'U';
}

/* Whether the last read of fa's program is from user memory. */
static inline bool
fetch_last_in_user(const struct fetch_arg *fa)
{
	return fa->nderef && (fa->user >> (fa->nderef - 1) & 1);
}

/* Appends " PREFIXNAME" to buf for each register of held (pt_regs
 * words: bit 0 the pc, bit n xn; kprobe_regs_held's) and
 * returns the new length (buf holds size bytes in all, len used): the
 * registers a refusal names. */
size_t eb_fetch_regs_names(unsigned long held, const char *prefix,
			   char *buf, size_t len, size_t size);

/* struct pt_regs word n's name ("pc", "ra", ..., "t6", then "status",
 * "badaddr", "cause", "orig_a0"), or NULL beyond them. */
const char *eb_fetch_reg_name(unsigned n);

/* The function an event's BTF argument names are parameters of: the
 * probed one when the probe is at its entry or its return, else none.
 * The kernel's BTF is parsed and the function's prototype found once, at
 * the first name (all of a definition's arguments share them);
 * eb_fetch_func_done frees what that took. */
struct fetch_func {
	const char *name;	/* NULL: not at an entry or a return */
	bool looked;		/* btf and proto looked up */
	struct btf btf;		/* the kernel's (nr_types 0: none) */
	const struct btf_type *proto;	/* name's FUNC_PROTO, or NULL */
};

/* The name of func's parameter i (from 0) in the kernel's BTF, looked up
 * as a BTF argument name is; NULL past the last, or with no BTF of func
 * (func->name set). Not in trap context. */
const char *eb_fetch_func_param(struct fetch_func *func, unsigned i);

/* Frees what f's lookup took (f stays usable: it looks again). Not in
 * trap context. */
void eb_fetch_func_done(struct fetch_func *f);

/* Parse one argument, text[0..len), the n-th of an event (from 1: its
 * default name is its FETCHARG if that is a C identifier, else argN, as
 * Linux's); retprobe says whether $retval is allowed; func is where a
 * parameter's name in the kernel's BTF fetches it (fetch_btf.c); held
 * which pt_regs words the probe's handler finds the probed code's values
 * in (bit 0: the pc, bit n: xn; ~0ul: a trap's, all), a register beyond
 * them being refused. Returns 0, or -EINVAL with the reason in msg:
 * Linux's text for it (trace_probe.h's ERRORS), then, after a newline,
 * ebreak's explanation if it has one; and in *at where in text Linux puts
 * its caret (the NAME, the FETCHARG or the TYPE). An immediate string
 * (\"TEXT") points into text, which must outlive fa. */
int eb_fetch_arg_parse(struct fetch_arg *fa, const char *text, size_t len,
		       unsigned n, bool retprobe, struct fetch_func *func,
		       unsigned long held, char *msg, size_t size, size_t *at);

/* One more memory read, at off past the value so far (from the current
 * process's user memory if user): NULL, or why not (too many). */
const char *eb_fetch_add_deref(struct fetch_arg *fa, long off, bool user);

/* NAME[->FIELD[.FIELD]...]..., NAME a parameter of func (which the probe
 * is at the entry of, or the return of if retprobe; func->name set) in the
 * kernel's BTF, or at a return $retval (its return type's; a0, x64, if
 * the kernel has no BTF of func):
 * its register (as saved at the entry for a return), a read for each ->
 * at the field's offset, and, if untyped, fa's type from the C type
 * (Linux's: INT by size and sign, an enum s32, a pointer x64, a
 * bitfield's bits unsigned); typed as a string, a char pointer is read
 * through. Returns NULL or the reason it is refused. Not in trap
 * context. */
const char *eb_fetch_btf_arg(struct fetch_arg *fa, struct fetch_func *func,
			     char *expr, bool retprobe, bool typed);

/* The registers a0..a7 at a function's entry, for a return probe's
 * $argN: FETCH_ENTRY_ARGS words, saved by eb_fetch_save_entry_args. */
#define FETCH_ENTRY_ARGS 8
void eb_fetch_save_entry_args(unsigned long *saved, const struct pt_regs *regs);

/* Run fa's program on regs (and args, what eb_fetch_save_entry_args saved at
 * the entry, NULL at a p event) and append ` NAME=VALUE` at buf[len]
 * (size bytes in all). Returns the new length (cut at size - 1). Trap
 * context: memory is read only through eb_port_read_nofault (user
 * memory, +uOFFS() and :ustring, through eb_port_read_user_nofault), and
 * a read that faults prints `(fault)`. */
size_t eb_fetch_arg_print(const struct fetch_arg *fa, struct pt_regs *regs,
			  const unsigned long *args, char *buf, size_t len,
			  size_t size);

/* How an event filter sees fa: a string (char[N] too), signed or
 * unsigned number (an array of 1, 2, 4 or 8 bytes too: its bytes as one
 * number), or an array filters do not compare. */
enum eb_field_type eb_fetch_arg_field_type(const struct fetch_arg *fa);

/* Run fa's program on regs (args as for eb_fetch_arg_print) for an event
 * filter, as eb_fetch_arg_field_type types it: a number into value->u
 * (narrowed to the type, sign-extended if signed; an array's bytes,
 * little-endian), or a string read into str (size bytes, cut to fit) and
 * value->str pointing at it. Returns false if a read faulted: the value
 * is then 0 or "". Trap context, as eb_fetch_arg_print. */
bool eb_fetch_arg_value(const struct fetch_arg *fa, struct pt_regs *regs,
			const unsigned long *args, union eb_field_value *value,
			char *str, size_t size);

/* A number as Linux's kstrtoul(s, 0) reads one: 0x hex, 0 octal, else
 * decimal; the whole of s[0..n); false if not. */
bool eb_fetch_number(const char *s, size_t n, unsigned long *v);

#endif
