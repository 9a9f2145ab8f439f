/* cat: copy standard input to standard output until end of input. */
#include "ulib.h"

int
main(void)
{
	char buf[128];
	long n;

	while ((n = read(0, buf, sizeof buf)) > 0)
		if (write(1, buf, n) != n)
			return 1;
	return n < 0;
}
