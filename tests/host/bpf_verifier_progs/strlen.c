/* A scan that stops at the first zero byte or the end of the context. */
#include "common.h"

SEC u64
handler(const u8 *ctx)
{
	u64 n = 0;

	while (n < CTX_SIZE && ctx[n])
		n++;
	return n;
}
