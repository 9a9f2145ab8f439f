/*
 * Bitmaps for the allocators (pages in kalloc.c, executable memory in
 * execmem.c): bit i of map is word i / 64, bit i % 64. Linux's names.
 * The caller serializes access. Inline: the page allocator's loops
 * cost what they did when they were its own.
 */
#ifndef KERNEL_BITMAP_H
#define KERNEL_BITMAP_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Whether bit i is set. */
static inline bool
test_bit(size_t i, const uint64_t *map)
{
	return map[i / 64] >> (i % 64) & 1;
}

/* Set bits [start, start + n). */
static inline void
bitmap_set(uint64_t *map, size_t start, size_t n)
{
	for (size_t i = start; i < start + n; i++)
		map[i / 64] |= 1ull << (i % 64);
}

/* Clear bits [start, start + n). */
static inline void
bitmap_clear(uint64_t *map, size_t start, size_t n)
{
	for (size_t i = start; i < start + n; i++)
		map[i / 64] &= ~(1ull << (i % 64));
}

/* The first index >= start of n clear bits in a row below size, or size
 * if there is none. */
static inline size_t
bitmap_find_next_zero_area(const uint64_t *map, size_t size, size_t start,
			   size_t n)
{
	size_t run = 0;

	for (size_t i = start; i < size; i++) {
		run = test_bit(i, map) ? 0 : run + 1;
		if (run == n)
			return i + 1 - n;
	}
	return size;
}

#endif
