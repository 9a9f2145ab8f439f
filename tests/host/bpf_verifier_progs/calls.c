/* bpf-to-bpf calls with a stack buffer passed down, bounded loops. */
#include "common.h"
static __attribute__((noinline)) SEC u64 checksum(const u8 *p, int n)
{
	u64 s = 0;
	for (int i = 0; i < n && i < 16; i++)
		s = s * 31 + p[i];
	return s;
}
SEC u64 handler(const u8 *ctx)
{
	u8 buf[16];
	for (int i = 0; i < 16; i++)
		buf[i] = ctx[i] ^ ctx[i + 16];
	return checksum(buf, 16) + checksum(ctx + 32, ctx[0] & 15);
}
