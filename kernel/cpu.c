/* Per-hart state and interrupt-disable nesting (xv6's push_off/pop_off). */
#include "defs.h"
#include "riscv.h"

/* entry.S indexes this array with hartid << CPU_SIZE_SHIFT. */
struct cpu cpus[NCPU];
_Static_assert(sizeof(struct cpu) == 1 << CPU_SIZE_SHIFT,
	       "entry.S: CPU_SIZE_SHIFT");

/* Each hart's kernel stack; entry.S points sp at the top of
 * kstacks[hartid]. One per cpus[] entry. */
char kstacks[NCPU][KSTACK_SIZE] __attribute__((aligned(16)));
_Static_assert(sizeof(kstacks) / sizeof(kstacks[0]) ==
	       sizeof(cpus) / sizeof(cpus[0]), "a stack per hart");
_Static_assert(NCPU == EB_MAX_CPUS, "NCPU follows EB_MAX_CPUS");
unsigned ncpu = 1;

/*
 * push_off/pop_off are like intr_off()/intr_on() except that they nest:
 * two push_off()s take two pop_off()s, and interrupts come back on only if
 * they were on at the outermost push_off().
 */
EB_NOPROBE void
push_off(void)
{
	int old = intr_get();

	intr_off();
	struct cpu *c = mycpu();
	if (c->noff == 0)
		c->intena = old;
	c->noff++;
}

/* Undo one push_off: interrupts come back on at the outermost one if they
 * were on before it. Interrupts must be off; panics if unbalanced. */
EB_NOPROBE void
pop_off(void)
{
	struct cpu *c = mycpu();

	if (intr_get())
		panic("pop_off: interruptible");
	if (c->noff < 1)
		panic("pop_off: unbalanced");
	c->noff--;
	if (c->noff == 0 && c->intena)
		intr_on();
}
