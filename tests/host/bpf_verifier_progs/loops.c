/* Two bounded loops over a stack array indexed by the loop counter. */
#include "common.h"

SEC u64
handler(const u64 *ctx)
{
	u64 sum = 0;
	u8 buf[32];

	for (int i = 0; i < 32; i++)
		buf[i] = (u8)(ctx[i & 7] >> i);
	for (int i = 0; i < 32; i++)
		if (buf[i] & 1)
			sum += buf[i];
	return sum;
}
