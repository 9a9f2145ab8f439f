/* Nested loops with a branch in the inner one: 512 bit tests whose
 * outcomes only change a count, so their paths join. */
#include "common.h"

SEC u64
handler(const u64 *ctx)
{
	u64 n = 0;

	for (int w = 0; w < CTX_SIZE / 8; w++) {
		u64 x = ctx[w];

		for (int b = 0; b < 64; b++)
			if (x >> b & 1)
				n++;
	}
	return n;
}
