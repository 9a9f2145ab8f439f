/* pingpong [ROUNDS]: parent and child bounce a byte through two pipes;
 * exit 0 when every round came back right. */
#include "ulib.h"

int
main(int argc, char **argv)
{
	int rounds = argc > 1 ? atol(argv[1]) : 100;
	int down[2], up[2];

	if (pipe(down) < 0 || pipe(up) < 0) {
		printf("pingpong: pipe failed\n");
		return 1;
	}
	int pid = fork();
	if (pid < 0) {
		printf("pingpong: fork failed\n");
		return 1;
	}
	if (pid == 0) {
		unsigned char c;
		close(down[1]);
		close(up[0]);
		while (read(down[0], &c, 1) == 1) {
			c++;
			write(up[1], &c, 1);
		}
		exit(0);
	}
	close(down[0]);
	close(up[1]);
	int bad = 0;
	for (int i = 0; i < rounds; i++) {
		unsigned char c = i, back;
		write(down[1], &c, 1);
		if (read(up[0], &back, 1) != 1 || back != (unsigned char)(i + 1))
			bad++;
	}
	close(down[1]);		/* the child reads EOF and exits */
	int status;
	if (wait4(pid, &status, 0, 0) != pid || status != 0)
		bad++;
	printf("pingpong: %d rounds between pid %d and pid %d, %d bad\n",
	       rounds, getpid(), pid, bad);
	return bad != 0;
}
