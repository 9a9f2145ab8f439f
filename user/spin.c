/* spin [N [CODE]]: a CPU-bound loop of N million steps (default 20),
 * then exit with CODE (default 0). The timer preempts it. The sum it
 * adds up checks that its registers came back whole from every trap:
 * a wrong one is reported and the exit code is 99. */
#include "ulib.h"

int
main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 20;
	int code = argc > 2 ? atol(argv[2]) : 0;
	volatile unsigned long x = 0;

	/* Units of 1000 so tests can ask for tiny spins: N is thousands
	 * when given as "kN". */
	long steps = argc > 1 && argv[1][0] == 'k' ? atol(argv[1] + 1) * 1000
						   : n * 1000000;
	for (long i = 0; i < steps; i++)
		x += i;
	if (x != (unsigned long)steps * (steps - 1) / 2) {
		printf("spin: wrong sum %lu after %ld steps: registers "
		       "corrupted\n", (unsigned long)x, steps);
		return 99;
	}
	if (argc <= 2)
		printf("spin: %ld steps done\n", steps);
	return code;
}
