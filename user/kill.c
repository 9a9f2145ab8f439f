/* kill [-SIGNAL] PID...: send SIGNAL (a number or a name: INT, KILL,
 * SIGTERM...; TERM without one) to each PID; -N is process group N
 * (after a signal: kill -TERM -5).
 * Exits 1 if any could not be signalled. */
#include "ulib.h"
#include "user/signame.h"

int
main(int argc, char **argv)
{
	int sig = SIGTERM, i = 1, code = 0;

	if (argc > 1 && argv[1][0] == '-') {
		sig = signal_parse(argv[1] + 1);
		i = 2;
	}
	if (sig < 0 || i >= argc) {
		printf("usage: kill [-SIGNAL] PID... (SIGNAL: a number, INT, "
		       "TERM, KILL...; PID -N: process group N)\n");
		return 2;
	}
	for (; i < argc; i++) {
		const char *d = argv[i] + (argv[i][0] == '-');
		while (*d >= '0' && *d <= '9')
			d++;
		if (*d || d == argv[i] + (argv[i][0] == '-') || d - argv[i] > 10) {
			printf("kill: %s: arguments must be process ids\n",
			       argv[i]);
			code = 1;
			continue;
		}
		int err = kill(atol(argv[i]), sig);
		if (err) {
			printf("kill: (%s): %s\n", argv[i], err == -3 ?
			       "no such process" : "invalid signal");
			code = 1;
		}
	}
	return code;
}
