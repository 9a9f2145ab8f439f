/* A bump allocator over the RAM after the image: blocks are never
 * reused, which a boot-time self test can afford. */
#include "mini.h"

#define RAM_END	0x88000000UL	/* QEMU's -m 128M from 0x80000000 */

extern char _end[];
static uintptr_t next;	/* the first free byte; 0: _end */

/* mini.h's contract. */
void *
alloc(size_t size)
{
	uintptr_t p = ((next ? next : (uintptr_t)_end) + 15) & ~15UL;

	if (size > RAM_END - p)
		return NULL;
	next = p + size;
	return (void *)p;
}
