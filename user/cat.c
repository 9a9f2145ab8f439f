/* cat: copy standard input to standard output until end of input. This
 * kernel has no file system (programs are embedded in its image), so a
 * file argument is refused rather than ignored. */
#include "ulib.h"

int
main(int argc, char **argv)
{
	char buf[128];
	long n;

	if (argc > 1) {
		printf("cat: %s: no such file (no file system: cat copies "
		       "its input, e.g. `echo hi | cat`)\n", argv[1]);
		return 1;
	}
	while ((n = read(0, buf, sizeof buf)) > 0)
		if (write(1, buf, n) != n)
			return 1;
	return n < 0;
}
