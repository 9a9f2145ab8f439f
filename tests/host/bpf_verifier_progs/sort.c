/* Bubble sort of eight words on the stack; returns the median. */
#include "common.h"

SEC u64
handler(const u64 *ctx)
{
	u64 a[8];

	for (int i = 0; i < 8; i++)
		a[i] = ctx[i];
	for (int i = 0; i < 8; i++)
		for (int j = 0; j + 1 < 8 - i; j++)
			if (a[j] > a[j + 1]) {
				u64 t = a[j];

				a[j] = a[j + 1];
				a[j + 1] = t;
			}
	return a[4];
}
