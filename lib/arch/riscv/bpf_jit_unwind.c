/*
 * The JIT's unwind tables (docs/bpf-jit.md): an image's functions
 * described to the library's unwinder (core/cfi.h) in .eh_frame's own
 * format, so that a helper that faults under a program run by a probe
 * handler can be abandoned through the program's frames. One CIE
 * (version 1, "zR": absolute 8-byte pointers; code alignment 1, data
 * alignment -8, return address in ra) and an FDE per function that
 * covers its body: the instructions between its prologue and its
 * epilogue, where the frame is whole: CFA = sp + the frame's size, each
 * saved register at its slot (bpf_jit_frame). Only the body calls (the
 * prologue and epilogue only move sp and the saved registers), so only
 * a body's pc is ever a return address; a pc elsewhere is described by
 * no FDE and the unwinder refuses it. An image that tail-calls has one
 * more, for its run frame: the call of main and the return address
 * after it.
 */
#include <ebreak/libc.h>
#include <ebreak/port.h>
#include "bpf_jit.h"
#include "core/cfi.h"

#define DATA_ALIGN	-8
#define MAX_FDE		56	/* bytes: the longest FDE, padded to 8 */
#define CIE_SIZE	24

struct writer {
	uint8_t *p;
};

static void
put(struct writer *w, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		*w->p++ = (uint8_t)(v >> 8 * i);
}

static void
put_uleb(struct writer *w, uint64_t v)
{
	do {
		*w->p++ = (uint8_t)((v & 0x7f) | (v >= 0x80 ? 0x80 : 0));
		v >>= 7;
	} while (v);
}

/* The entry that began at start: its length, and DW_CFA_nop padding to
 * 8 bytes. */
static void
close_entry(struct writer *w, uint8_t *start)
{
	while ((w->p - start) % 8)
		*w->p++ = 0;	/* DW_CFA_nop */
	struct writer len = { start };
	put(&len, (uint64_t)(w->p - start - 4), 4);
}

static void
put_cie(struct writer *w)
{
	uint8_t *start = w->p;

	put(w, 0, 4);			/* length, filled in by close_entry */
	put(w, 0, 4);			/* CIE id */
	put(w, 1, 1);			/* version */
	put(w, 'z', 1);			/* augmentation "zR" */
	put(w, 'R', 1);
	put(w, 0, 1);
	put_uleb(w, 1);			/* code alignment */
	put(w, DATA_ALIGN & 0x7f, 1);	/* data alignment: SLEB of -8 */
	put(w, RV_RA, 1);		/* return address column */
	put_uleb(w, 1);			/* augmentation data: */
	put(w, 0x00, 1);		/* FDE pointers absolute (absptr) */
	close_entry(w, start);
}

/* The FDE of code [from, to) in the image, where the frame is size
 * bytes with n registers saved at its bottom, after the CIE at cie. */
static void
put_fde(struct writer *w, const struct rv_jit *j, uint32_t from, uint32_t to,
	unsigned size, const uint8_t *saved, unsigned n, const uint8_t *cie)
{
	uint8_t *start = w->p;

	put(w, 0, 4);
	put(w, (uint64_t)(w->p - cie), 4);	/* back to the CIE */
	put(w, j->base + from, 8);
	put(w, to - from, 8);
	put_uleb(w, 0);				/* no augmentation data */
	put(w, 0x0c, 1);			/* DW_CFA_def_cfa sp, size */
	put_uleb(w, RV_SP);
	put_uleb(w, size);
	for (unsigned k = 0; k < n; k++) {	/* DW_CFA_offset: at sp + 8k */
		put(w, 0x80 | saved[k], 1);
		put_uleb(w, (size - 8 * k) / -DATA_ALIGN);
	}
	close_entry(w, start);
}

struct eb_unwind_table *
bpf_jit_unwind_table(const struct rv_jit *j)
{
	const struct bpf_prog *prog = j->prog;
	size_t funcs = 1;	/* and the run frame */

	for (size_t i = 0; i < prog->len; i++)
		funcs += !!(j->flags[i] & JIT_FUNC_START);
	size_t ex = j->nextable * sizeof *j->extable;
	struct eb_unwind_table *t = eb_port_alloc(sizeof *t + ex + CIE_SIZE +
						  funcs * MAX_FDE + 8);
	if (!t)
		return NULL;
	struct eb_extable_entry *extable = (struct eb_extable_entry *)(t + 1);
	uint8_t *cie = (uint8_t *)extable + ex, saved[8];
	struct writer w = { cie };
	unsigned n, size;
	put_cie(&w);
	if (j->tail_calls)	/* the run frame's call of main and its return */
		put_fde(&w, j, j->run_call, j->run_ret + 2, RUN_FRAME_SIZE,
			bpf_jit_run_saved, RUN_FRAME_NSAVED, cie);
	for (size_t i = 0, next; i < prog->len; i = next) {
		for (next = i + 1; next < prog->len &&
		     !(j->flags[next] & JIT_FUNC_START); next++)
			;
		size = bpf_jit_frame(j, i, saved, &n);
		if (j->off[i] < j->epi[next])	/* a body with code */
			put_fde(&w, j, j->off[i], j->epi[next], size, saved, n,
				cie);
	}
	put(&w, 0, 4);				/* the terminator */
	*t = (struct eb_unwind_table){ .eh_frame = cie,
				       .len = (size_t)(w.p - cie),
				       .start = j->base, .end = j->base + j->pos,
				       .extable = extable,
				       .nextable = j->nextable };
	if (ex)
		memcpy(extable, j->extable, ex);
	return t;
}
