/* syscount N: exactly N getpid calls, then one write saying so, then
 * exit 0 (1 if a getpid failed): the kernel's tracepoint tests count
 * these syscalls, so it makes no other. */
#include "ulib.h"

int
main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 10;
	long ok = 0;

	for (long i = 0; i < n; i++)
		ok += getpid() > 0;
	printf("syscount: %ld getpid calls, %ld returned a pid\n", n, ok);
	return ok != n;
}
