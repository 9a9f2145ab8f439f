/*
 * Executable memory for generated code (the port's eb_port_exec_alloc):
 * a pool the linker script reserves in text, inside the never-probed
 * section (kernel.ld), cut into EXEC_CHUNK-byte chunks handed out first
 * fit from a bitmap (bitmap.h). Text is mapped read+execute, so the pool is written
 * only through text_patch's writable alias: W^X holds.
 */
#include "defs.h"
#include "bitmap.h"

#define EXEC_CHUNK	64	/* bytes: the alignment of what is handed out */

extern char __eb_exec_start[], __eb_exec_end[];

static struct spinlock exec_lock = SPINLOCK_INIT("execmem");
static uint64_t *used;		/* a bit per chunk */
static size_t nchunks;

/*
 * Make the pool's bitmap, at boot once kmalloc works, rather than at the
 * first allocation: that one (the first direct trampoline, a kprobe
 * event's at a function's entry, say) would leave the bitmap behind as
 * if it had leaked it. Without memory for it the pool stays empty.
 */
void
execmem_init(void)
{
	size_t n = (size_t)(__eb_exec_end - __eb_exec_start) / EXEC_CHUNK;

	used = kmalloc((n + 63) / 64 * 8);
	if (used) {
		memset(used, 0, (n + 63) / 64 * 8);
		nchunks = n;
	}
}

/*
 * Returns size bytes of the pool, EXEC_CHUNK-aligned, or NULL if no run
 * of free chunks is that long (or size is 0). Not in trap context.
 */
void *
execmem_alloc(size_t size)
{
	size_t n = (size + EXEC_CHUNK - 1) / EXEC_CHUNK;
	void *p = 0;

	spin_lock(&exec_lock);
	size_t first = used && n ? bitmap_find_next_zero_area(used, nchunks, 0, n)
				 : nchunks;
	if (first < nchunks) {
		bitmap_set(used, first, n);
		p = __eb_exec_start + first * EXEC_CHUNK;
	}
	spin_unlock(&exec_lock);
	return p;
}

/* Returns p, size bytes that execmem_alloc gave, to the pool: no hart may
 * still run code there. Not in trap context. */
void
execmem_free(void *p, size_t size)
{
	size_t first = ((char *)p - __eb_exec_start) / EXEC_CHUNK;

	spin_lock(&exec_lock);
	bitmap_clear(used, first, (size + EXEC_CHUNK - 1) / EXEC_CHUNK);
	spin_unlock(&exec_lock);
}
