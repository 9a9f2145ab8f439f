/*
 * The pool of out-of-line slots: the port's slot area cut into
 * EB_SLOT_SIZE-byte slots, many per page, handed out by a bitmap.
 * Registration lock held for all of it.
 */
#include "kprobes_internal.h"

static uint8_t *area;
static size_t nslots;
static uint64_t *used;		/* bit per slot */
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
	used = eb_port_alloc((nslots + 63) / 64 * 8);
	if (!used)
		return false;
	for (size_t i = 0; i < (nslots + 63) / 64; i++)
		used[i] = 0;
	nfree = nslots;
	return true;
}

/* A free slot, or NULL when the pool is exhausted (or there is none). */
void *
kprobe_slot_alloc(void)
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

/* Free slots, for leak checks: the whole pool before first use. */
size_t
eb_kprobe_slots_free(void)
{
	size_t size;

	if (!used)
		return eb_port_slot_area(&size) ? size / EB_SLOT_SIZE : 0;
	return nfree;
}
