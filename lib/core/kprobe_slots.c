/*
 * The pool of out-of-line slots: the port's slot area cut into
 * EB_SLOT_SIZE-byte slots, many per page, handed out by a bitmap, each
 * knowing its site (for a fault or an interrupt that lands inside it).
 * Registration lock held, but for kprobe_slot_owner.
 *
 * No table is allocated larger than EB_PORT_ALLOC_MAX (a host may give
 * only pages): the bitmap is one block, so it covers at most
 * EB_PORT_ALLOC_MAX * 8 slots, and the sites are kept in blocks of
 * OWNERS_PER_BLOCK.
 */
#include "kprobes_internal.h"
#include "bitops.h"

#define OWNERS_PER_BLOCK (EB_PORT_ALLOC_MAX / sizeof(struct kprobe_site *))
#define MAX_SLOTS ((size_t)EB_PORT_ALLOC_MAX * 8)
_Static_assert((MAX_SLOTS + OWNERS_PER_BLOCK - 1) / OWNERS_PER_BLOCK *
	       sizeof(struct kprobe_site **) <= EB_PORT_ALLOC_MAX,
	       "the list of owner blocks fits in one block");

static uint8_t *area;
static size_t nslots;
static uint64_t *used;		/* bit per slot */
static struct kprobe_site ***owner;	/* site per slot, in blocks */
static size_t nblocks;
static size_t nfree;

static void
free_tables(void)
{
	for (size_t b = 0; owner && b < nblocks; b++)
		eb_port_free(owner[b]);
	eb_port_free(owner);
	eb_port_free(used);
	owner = NULL;
	used = NULL;
}

static bool
pool_ready(void)
{
	if (used)
		return true;
	size_t size;
	area = eb_port_slot_area(&size);
	if (!area)
		return false;
	nslots = size / EB_SLOT_SIZE < MAX_SLOTS ? size / EB_SLOT_SIZE
						 : MAX_SLOTS;
	nblocks = (nslots + OWNERS_PER_BLOCK - 1) / OWNERS_PER_BLOCK;
	if (!(owner = eb_port_alloc(nblocks * sizeof *owner)))
		return false;
	for (size_t b = 0; b < nblocks; b++)
		owner[b] = NULL;
	for (size_t b = 0; b < nblocks; b++)
		if (!(owner[b] = eb_port_alloc(OWNERS_PER_BLOCK *
					       sizeof **owner))) {
			free_tables();
			return false;
		}
	uint64_t *bits = eb_port_alloc((nslots + 63) / 64 * 8);
	if (!bits) {
		free_tables();
		return false;
	}
	for (size_t i = 0; i < (nslots + 63) / 64; i++)
		bits[i] = 0;
	nfree = nslots;
	used = bits;	/* last: a set bitmap means the whole pool is ready */
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
		unsigned bit = ctz64(~used[w]);
		size_t i = w * 64 + bit;
		if (i >= nslots)
			break;
		used[w] |= 1ull << bit;
		owner[i / OWNERS_PER_BLOCK][i % OWNERS_PER_BLOCK] = s;
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
	size_t i = off / EB_SLOT_SIZE;

	*slot = area + i * EB_SLOT_SIZE;
	return owner[i / OWNERS_PER_BLOCK][i % OWNERS_PER_BLOCK];
}

/* Free slots: the whole pool before first use (which this makes). */
size_t
kprobe_slots_free(void)
{
	return pool_ready() ? nfree : 0;
}
