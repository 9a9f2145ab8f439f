/*
 * Which unwind table describes a pc (core/cfi.h): the kernel's own
 * (eb_port_eh_frame), and tables added for code made at run time (the
 * eBPF JIT's images), which also list that code's loads that may fault.
 * A linear walk: the tables are read only on a fault, never on a hit.
 */
#include "core/cfi.h"
#include <ebreak/errno.h>
#include <ebreak/lock.h>
#include <ebreak/port.h>

static struct eb_unwind_table *tables;
/* Guards tables: taken with interrupts off by everyone (a holder is
 * never interrupted, so a fault on another hart, reading, waits only
 * for a few list operations), and held by a reader for its lookup, so a
 * table is never deleted while read. */
static struct eb_spinlock tables_lock = EB_SPINLOCK_INIT;

void
eb_unwind_table_add(struct eb_unwind_table *t)
{
	unsigned long flags = eb_port_irq_save();

	eb_spin_lock(&tables_lock);
	t->next = tables;
	tables = t;
	eb_spin_unlock(&tables_lock);
	eb_port_irq_restore(flags);
}

void
eb_unwind_table_del(struct eb_unwind_table *t)
{
	unsigned long flags = eb_port_irq_save();

	eb_spin_lock(&tables_lock);
	for (struct eb_unwind_table **p = &tables; *p; p = &(*p)->next)
		if (*p == t) {
			*p = t->next;
			break;
		}
	eb_spin_unlock(&tables_lock);
	eb_port_irq_restore(flags);
}

/* The added table whose code holds pc, or NULL (the kernel's own, or
 * no code of ours). tables_lock held. */
static const struct eb_unwind_table *
table_of(uintptr_t pc)
{
	for (const struct eb_unwind_table *t = tables; t; t = t->next)
		if (pc >= t->start && pc < t->end)
			return t;
	return NULL;
}

/* The row for pc from table [eh_frame, +len): -ENOENT if no FDE has pc. */
static int
row_in(const void *eh_frame, size_t len, uintptr_t pc, struct cfi_row *row,
       unsigned *ra_reg, const char **why)
{
	struct cfi_cursor c;
	struct cfi_fde fde;
	int r;

	eb_cfi_cursor_init(&c, eh_frame, len);
	while ((r = eb_cfi_next_fde(&c, &fde, why)) > 0) {
		if (pc < fde.pc_begin || pc >= fde.pc_end)
			continue;
		*ra_reg = fde.ra_reg;
		if (*ra_reg >= CFI_REGS) {
			*why = "a return address column the unwinder does not track";
			return -EINVAL;
		}
		return eb_cfa_run(&fde, pc, row, why);
	}
	if (!r)
		*why = "code without unwind information";
	return r ? r : -ENOENT;
}

int
eb_unwind_row(uintptr_t pc, struct cfi_row *row, unsigned *ra_reg,
	      const char **why)
{
	const void *kernel;
	size_t len;
	int r = 1;

	/* Interrupts are off: a fault's context, or a test's. */
	eb_spin_lock(&tables_lock);
	const struct eb_unwind_table *t = table_of(pc);
	if (t)
		r = row_in(t->eh_frame, t->len, pc, row, ra_reg, why);
	eb_spin_unlock(&tables_lock);
	if (r <= 0)
		return r;
	if (!(kernel = eb_port_eh_frame(&len))) {
		*why = "the kernel has no unwind tables";
		return -ENOENT;
	}
	return row_in(kernel, len, pc, row, ra_reg, why);
}

/* scause of a load that faulted (the privileged spec's exception codes):
 * misaligned, access fault, page fault. */
static bool
load_fault(unsigned long cause)
{
	return cause == 4 || cause == 5 || cause == 13;
}

/* t's entry for the load at off, or NULL: a binary search. */
static const struct eb_extable_entry *
search(const struct eb_unwind_table *t, uintptr_t off)
{
	uint32_t lo = 0, hi = t->nextable;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (t->extable[mid].off == off)
			return &t->extable[mid];
		if (t->extable[mid].off < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

bool
eb_extable_fixup(struct pt_regs *regs)
{
	const struct eb_extable_entry *e = NULL;

	if (!load_fault(regs->cause))
		return false;
	/* Interrupts are off: a fault's context. The pc is in the table's
	 * code, which this hart runs, so that code is not going away; the
	 * lock keeps the other tables walked here from doing so. */
	eb_spin_lock(&tables_lock);
	const struct eb_unwind_table *t = table_of(regs->epc);
	if (t)
		e = search(t, regs->epc - t->start);
	eb_spin_unlock(&tables_lock);
	if (!e)
		return false;
	*pt_regs_gpr(regs, e->reg) = 0;
	regs->epc += e->len;
	return true;
}
