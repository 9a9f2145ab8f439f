/* forkwait [N]: fork N children exiting with codes 1..N (modulo 256,
 * as exit codes are 8 bits), yield, reap them all with wait4(-1), check
 * WNOHANG and -ECHILD; exit 0 when all is right, else say what was not. */
#include "ulib.h"

#define ECHILD 10

int
main(int argc, char **argv)
{
	int n = argc > 1 ? atol(argv[1]) : 10, bad = 0;
	long sum = 0;

	for (int i = 1; i <= n; i++) {
		int pid = fork();
		if (pid == 0) {
			if (i % 2)
				msleep(10 * i);	/* some exit later than others */
			exit(i & 0xff);
		}
		if (pid < 0 && bad++ == 0)
			printf("forkwait: fork %d failed: error %d\n", i, -pid);
		if (pid < 0)
			n = i - 1;	/* reap those that did start */
	}
	if (sched_yield() != 0)	/* let the children run first */
		bad++;
	for (int i = 0; i < n; i++) {
		int status;
		int pid = wait4(-1, &status, 0, 0);
		if (pid <= 0 || !WIFEXITED(status))
			bad++;
		else
			sum += WEXITSTATUS(status);
	}
	long want = 0;
	for (int i = 1; i <= n; i++)
		want += i & 0xff;
	if (sum != want && bad++ == 0)
		printf("forkwait: exit codes add up to %ld, not %ld\n", sum,
		       want);
	if (wait4(-1, 0, 0, 0) != -ECHILD)
		bad++;
	int pid = fork();
	if (pid == 0) {
		msleep(50);
		exit(3);
	}
	int status = -1;
	if (wait4(pid, &status, WNOHANG, 0) != 0 || status != -1)
		bad++;
	if (wait4(pid, &status, 0, 0) != pid || WEXITSTATUS(status) != 3)
		bad++;
	if (getppid() == 0)
		return bad != 0;	/* run by a test, which checks the code */
	if (bad == 0)
		printf("forkwait: %d children reaped\n", n);
	else
		printf("forkwait: %d checks failed\n", bad);
	return bad != 0;
}
