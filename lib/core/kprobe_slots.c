/*
 * The pool of out-of-line slots: the port's slot area cut into
 * EB_SLOT_SIZE-byte slots, many per page, handed out by a bitmap, each
 * knowing its site (for a fault or an interrupt that lands inside it).
 * Registration lock held, but for kprobe_slot_owner.
 */
#include "kprobes_internal.h"

static uint8_t *area;
static size_t nslots;
static uint64_t *used;		/* bit per slot */
static struct kprobe_site **owner;	/* site per slot */
static size_t nfree;

static bool
pool_ready(void)
{
	if (used)
		return true;
	size_t size;
	area = eb_port_slot_area(&size);
	if (!area)
		return false;
	nslots = size / EB_SLOT_SIZE;
	owner = eb_port_alloc(nslots * sizeof *owner);
	used = eb_port_alloc((nslots + 63) / 64 * 8);
	if (!used || !owner) {
		eb_port_free(owner);
		eb_port_free(used);
		used = NULL;
		return false;
	}
	for (size_t i = 0; i < (nslots + 63) / 64; i++)
		used[i] = 0;
	nfree = nslots;
	return true;
}

/* A free slot for site s, or NULL when the pool is exhausted (or there
 * is none). */
void *
kprobe_slot_alloc(struct kprobe_site *s)
{
	if (!pool_ready() || nfree == 0)
		return NULL;
	for (size_t w = 0; w < (nslots + 63) / 64; w++) {
		if (used[w] == ~0ull)
			continue;
		unsigned bit = __builtin_ctzll(~used[w]);
		size_t i = w * 64 + bit;
		if (i >= nslots)
			break;
		used[w] |= 1ull << bit;
		owner[i] = s;
		nfree--;
		return area + i * EB_SLOT_SIZE;
	}
	return NULL;
}

/* Give back a slot; no hart may still be running it (after stop_machine). */
void
kprobe_slot_free(void *slot)
{
	size_t i = ((uint8_t *)slot - area) / EB_SLOT_SIZE;

	used[i / 64] &= ~(1ull << (i % 64));
	nfree++;
}

/* The site whose slot contains pc, and that slot; NULL if pc is in none.
 * Trap context: the slot's site outlives any hart inside it. */
EB_NOPROBE struct kprobe_site *
kprobe_slot_owner(uintptr_t pc, uint8_t **slot)
{
	size_t off = pc - (uintptr_t)area;

	if (!used || pc < (uintptr_t)area || off >= nslots * EB_SLOT_SIZE)
		return NULL;
	*slot = area + off / EB_SLOT_SIZE * EB_SLOT_SIZE;
	return owner[off / EB_SLOT_SIZE];
}

/* Free slots: the whole pool before first use (which this makes). */
size_t
kprobe_slots_free(void)
{
	return pool_ready() ? nfree : 0;
}
