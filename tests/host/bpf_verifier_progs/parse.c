/* Header parsing: an offset read from the data, checked against the
 * context's size before the field at that offset is read. */
#include "common.h"

SEC u64
handler(const u8 *ctx)
{
	u32 off = ctx[0] & 0x3f;
	u32 len = ctx[1];
	u64 v = 0;

	if (off + 4 > CTX_SIZE)
		return 0;
	v = *(const u32 *)(ctx + off);
	if (len > CTX_SIZE - 8)
		return v;
	return v + *(const u64 *)(ctx + len);
}
