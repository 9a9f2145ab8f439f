/*
 * Physical memory: a page allocator (one bit per page, first fit, so
 * multi-page runs are contiguous) and kmalloc on top of it (power-of-two
 * size classes up to 2 KiB, whole pages above). RAM is identity-mapped,
 * so a physical address is also the kernel's pointer to it.
 */
#include "defs.h"
#include "bitmap.h"
#include <ebreak/error_injection.h>

static struct spinlock page_lock = SPINLOCK_INIT("pages");
static unsigned long page_base;		/* address of page 0 */
static size_t page_count;
static uint64_t *page_used;		/* bitmap, 1 = allocated */
static size_t page_hint;		/* no free page below this index */
static size_t page_nfree;

/* Hand the pages of [start, end) to the allocator. Boot hart, once. */
void
kalloc_init(unsigned long start, unsigned long end)
{
	start = PGROUNDUP(start);
	page_count = (end - start) / PGSIZE;
	size_t bitmap_pages = PGROUNDUP((page_count + 7) / 8) / PGSIZE;
	page_used = (uint64_t *)start;
	memset(page_used, 0, bitmap_pages * PGSIZE);
	page_base = start + bitmap_pages * PGSIZE;
	page_count -= bitmap_pages;
	page_nfree = page_count;
}

/* npages contiguous zeroed pages, or NULL. Not in trap context. */
void *
page_alloc(size_t npages)
{
	void *p = 0;

	spin_lock(&page_lock);
	size_t first = bitmap_find_next_zero_area(page_used, page_count,
						  page_hint, npages);
	if (first < page_count) {
		bitmap_set(page_used, first, npages);
		if (first == page_hint)
			page_hint = first + npages;
		page_nfree -= npages;
		p = (void *)(page_base + first * PGSIZE);
	}
	spin_unlock(&page_lock);
	if (p)
		memset(p, 0, npages * PGSIZE);
	return p;
}

/* Free what page_alloc(npages) returned. */
void
page_free(void *p, size_t npages)
{
	size_t first = ((unsigned long)p - page_base) / PGSIZE;

	if ((unsigned long)p % PGSIZE || first + npages > page_count)
		panic("page_free: bad page %p", p);
	spin_lock(&page_lock);
	for (size_t i = first; i < first + npages; i++)
		if (!test_bit(i, page_used))
			panic("page_free: %p freed twice", p);
	bitmap_clear(page_used, first, npages);
	if (first < page_hint)
		page_hint = first;
	page_nfree += npages;
	spin_unlock(&page_lock);
}

/* Pages the page allocator has free now (leak checks compare it). */
size_t
pages_free(void)
{
	return page_nfree;
}

/* kmalloc: every block starts with this header, 16 bytes to keep the
 * object 16-byte aligned. */
struct kheader {
	uint32_t magic;
	uint32_t cls;		/* size class, or BIG */
	uint64_t npages;	/* for BIG blocks */
};
#define KMAGIC		0x6b6d616c
#define BIG		0xffffffff
#define MIN_SHIFT	5	/* 32-byte blocks: 16 header + 16 object */
#define NCLASS		7	/* up to 2 KiB blocks */

static struct spinlock kmalloc_lock = SPINLOCK_INIT("kmalloc");
static struct kheader *free_blocks[NCLASS];	/* first word links them */
static size_t live_bytes;

static int
size_class(size_t total)
{
	for (int c = 0; c < NCLASS; c++)
		if (total <= 1UL << (MIN_SHIFT + c))
			return c;
	return -1;
}

/* Carve a fresh page into blocks of class c. Holding kmalloc_lock. */
static bool
refill(int c)
{
	char *page = page_alloc(1);
	size_t bsize = 1UL << (MIN_SHIFT + c);

	if (!page)
		return false;
	for (size_t off = 0; off + bsize <= PGSIZE; off += bsize) {
		struct kheader *h = (struct kheader *)(page + off);
		*(struct kheader **)h = free_blocks[c];
		free_blocks[c] = h;
	}
	return true;
}

/* size bytes, 16-byte aligned, not zeroed; NULL when out of memory.
 * Not in trap context. */
void *
kmalloc(size_t size)
{
	size_t total = size + sizeof(struct kheader);
	int c = size_class(total);
	struct kheader *h;

	if (c < 0) {
		size_t n = PGROUNDUP(total) / PGSIZE;
		h = page_alloc(n);
		if (!h)
			return 0;
		*h = (struct kheader){ KMAGIC, BIG, n };
	} else {
		spin_lock(&kmalloc_lock);
		if (!free_blocks[c] && !refill(c)) {
			spin_unlock(&kmalloc_lock);
			return 0;
		}
		h = free_blocks[c];
		free_blocks[c] = *(struct kheader **)h;
		*h = (struct kheader){ KMAGIC, c, 0 };
		live_bytes += 1UL << (MIN_SHIFT + c);
		spin_unlock(&kmalloc_lock);
	}
	return h + 1;
}
/* Its callers' out-of-memory paths can be tested (docs/bpf.md). */
EB_ALLOW_ERROR_INJECTION(kmalloc, NULL);

/* kmalloc, zeroed; NULL when out of memory. Not in trap context. */
void *
kzalloc(size_t size)
{
	void *p = kmalloc(size);

	if (p)
		memset(p, 0, size);
	return p;
}

/* Free a kmalloc block; NULL is ignored. */
void
kfree(void *p)
{
	if (!p)
		return;
	struct kheader *h = (struct kheader *)p - 1;
	if (h->magic != KMAGIC)
		panic("kfree: %p is not a kmalloc block", p);
	h->magic = 0;
	if (h->cls == BIG) {
		page_free(h, h->npages);
		return;
	}
	spin_lock(&kmalloc_lock);
	live_bytes -= 1UL << (MIN_SHIFT + h->cls);
	*(struct kheader **)h = free_blocks[h->cls];
	free_blocks[h->cls] = h;
	spin_unlock(&kmalloc_lock);
}

/* Bytes in live small blocks; with pages_free(), a leak check. */
size_t
kmalloc_live_bytes(void)
{
	return live_bytes;
}
