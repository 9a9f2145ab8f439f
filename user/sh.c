/*
 * sh: the user shell. Reads a line, splits it at blanks, runs the
 * program by fork + execve + wait4 and reports how it ended. `cmd &`
 * runs it without waiting; `exit` leaves (back to the kernel shell).
 */
#include "ulib.h"

#define MAXARGS 16

static const char *const programs =
	"echo ARGS | spin [N [CODE]] | sleep MS [CODE] | pingpong [ROUNDS]\n"
	"forkwait [N] | "
	"fault [load|store|exec|illegal|ebreak|fp] | efault | syscount N | sh\n";

/* Read a line with echo and backspace; false at end of input. */
static int
getline(char *buf, int size)
{
	int n = 0;

	for (;;) {
		char c;
		if (read(0, &c, 1) != 1)
			return 0;
		if (c == '\r' || c == '\n') {
			write(1, "\n", 1);
			break;
		}
		if (c == 0x7f || c == '\b') {
			if (n > 0) {
				n--;
				write(1, "\b \b", 3);
			}
		} else if (c >= ' ' && n + 1 < size) {
			buf[n++] = c;
			write(1, &c, 1);
		}
	}
	buf[n] = 0;
	return 1;
}

static int
split(char *line, char **argv)
{
	int argc = 0;

	while (*line && argc < MAXARGS) {
		while (*line == ' ')
			*line++ = 0;
		if (!*line)
			break;
		argv[argc++] = line;
		while (*line && *line != ' ')
			line++;
	}
	argv[argc] = 0;
	return argc;
}

static void
report(int pid, int status)
{
	if (!WIFEXITED(status))
		printf("[%d] killed by signal %d\n", pid, WTERMSIG(status));
	else if (WEXITSTATUS(status))
		printf("[%d] exit %d\n", pid, WEXITSTATUS(status));
}

int
main(void)
{
	char line[128], *argv[MAXARGS + 1];

	printf("user shell (pid %d): programs are\n%s"
	       "append & to run in the background; exit to leave\n",
	       getpid(), programs);
	for (;;) {
		int status, pid;
		/* Collect finished background jobs. */
		while ((pid = wait4(-1, &status, WNOHANG, 0)) > 0)
			report(pid, status);
		printf("$ ");
		if (!getline(line, sizeof line))
			break;
		int argc = split(line, argv);
		if (argc == 0)
			continue;
		int background = strcmp(argv[argc - 1], "&") == 0;
		if (background)
			argv[--argc] = 0;
		if (argc == 0)
			continue;
		if (strcmp(argv[0], "exit") == 0)
			break;
		pid = fork();
		if (pid < 0) {
			printf("sh: fork: error %d\n", -pid);
			continue;
		}
		if (pid == 0) {
			int err = execve(argv[0], argv, 0);
			printf("sh: %s: %s\n", argv[0],
			       err == -2 ? "no such program" : "cannot run");
			exit(127);
		}
		if (background) {
			printf("[%d] started\n", pid);
			continue;
		}
		if (wait4(pid, &status, 0, 0) == pid)
			report(pid, status);
	}
	return 0;
}
