/* syscount N: exactly N getpid calls, then exit(N) (tracepoint tests
 * count the syscalls). */
#include "ulib.h"

int
main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 10;
	int pid = 0;

	for (long i = 0; i < n; i++)
		pid += getpid() != 0;
	return pid;
}
