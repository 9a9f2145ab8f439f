/* Classifies sixteen bytes with nested branches: 4^16 paths unless the
 * verifier prunes where they join. */
#include "common.h"

SEC u64
handler(const u8 *ctx)
{
	u64 letters = 0, digits = 0, spaces = 0, other = 0;

	for (int i = 0; i < 16; i++) {
		u8 c = ctx[i];

		if (c >= 'a' && c <= 'z')
			letters++;
		else if (c >= '0' && c <= '9')
			digits++;
		else if (c == ' ' || c == '\t')
			spaces++;
		else
			other++;
	}
	return letters << 48 | digits << 32 | spaces << 16 | other;
}
