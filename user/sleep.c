/* sleep MS [CODE]: sleep MS milliseconds, then exit with CODE. */
#include "ulib.h"

int
main(int argc, char **argv)
{
	long ms = argc > 1 ? atol(argv[1]) : 1000;

	msleep(ms);
	return argc > 2 ? atol(argv[2]) : 0;
}
