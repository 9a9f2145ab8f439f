/*
 * Executable memory for generated code (the port's eb_port_exec_alloc):
 * a pool the linker script reserves in text, inside the never-probed
 * section (kernel.ld), cut into EXEC_CHUNK-byte chunks handed out first
 * fit from a bitmap. Text is mapped read+execute, so the pool is written
 * only through text_patch's writable alias: W^X holds.
 */
#include "defs.h"

#define EXEC_CHUNK	64	/* bytes: the alignment of what is handed out */

extern char __eb_exec_start[], __eb_exec_end[];

static struct spinlock exec_lock = SPINLOCK_INIT("execmem");
static uint64_t *used;		/* a bit per chunk; allocated on first use */
static size_t nchunks;

static bool
chunk_used(size_t i)
{
	return used[i / 64] >> (i % 64) & 1;
}

static void
mark(size_t first, size_t n, bool on)
{
	for (size_t i = first; i < first + n; i++) {
		if (on)
			used[i / 64] |= 1ull << (i % 64);
		else
			used[i / 64] &= ~(1ull << (i % 64));
	}
}

/*
 * Returns size bytes of the pool, EXEC_CHUNK-aligned, or NULL if no run
 * of free chunks is that long (or size is 0). Not in trap context.
 */
void *
execmem_alloc(size_t size)
{
	size_t n = (size + EXEC_CHUNK - 1) / EXEC_CHUNK, run = 0;
	void *p = 0;

	spin_lock(&exec_lock);
	if (!used) {
		nchunks = (__eb_exec_end - __eb_exec_start) / EXEC_CHUNK;
		used = kmalloc((nchunks + 63) / 64 * 8);
		if (used)
			memset(used, 0, (nchunks + 63) / 64 * 8);
	}
	for (size_t i = 0; used && n && i < nchunks; i++) {
		run = chunk_used(i) ? 0 : run + 1;
		if (run == n) {
			mark(i + 1 - n, n, true);
			p = __eb_exec_start + (i + 1 - n) * EXEC_CHUNK;
			break;
		}
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
	mark(first, (size + EXEC_CHUNK - 1) / EXEC_CHUNK, false);
	spin_unlock(&exec_lock);
}
