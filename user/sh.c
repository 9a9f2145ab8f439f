/*
 * sh: the user shell. Reads a line, splits it at blanks, runs the
 * program by fork + execve + wait4 and reports how it ended. `a | b`
 * runs both with a's output piped into b's input; `cmd &` runs without
 * waiting; `exit` leaves (back to the kernel shell).
 */
#include "ulib.h"

#define MAXARGS 16

static const char *const programs =
	"echo ARGS | spin [N [CODE]] | sleep MS [CODE] | pingpong [ROUNDS]\n"
	"forkwait [N] | cat | "
	"fault [load|store|exec|illegal|ebreak|fp] | efault | syscount N | sh\n";

/* Read a line with echo and backspace; false at end of input (^D). */
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

/* Fork a child running argv with fd `in` as its input and `out` as its
 * output (-1: keep the shell's), closing the pipe ends `in`, `out` and
 * `spare` in the child. The child's pid, or -errno. */
static int
start(char **argv, int in, int out, int spare)
{
	int pid = fork();

	if (pid != 0)
		return pid;
	if (in >= 0)
		dup2(in, 0);
	if (out >= 0)
		dup2(out, 1);
	for (int fd = 3; fd < 16; fd++)
		if (fd == in || fd == out || fd == spare)
			close(fd);
	int err = execve(argv[0], argv, 0);
	printf("sh: %s: %s\n", argv[0],
	       err == -2 ? "no such program" : "cannot run");
	exit(127);
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
	       "a | b pipes a into b; append & to run in the background; "
	       "exit to leave\n",
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
		/* a | b: split argv at the bar. */
		char **right = 0;
		for (int i = 0; i < argc; i++) {
			if (strcmp(argv[i], "|") == 0) {
				argv[i] = 0;
				right = &argv[i + 1];
			}
		}
		if (right && (!argv[0] || !right[0])) {
			printf("sh: a | b needs two programs\n");
			continue;
		}
		int fds[2] = { -1, -1 }, left = -1;
		if (right && pipe(fds) < 0) {
			printf("sh: pipe failed\n");
			continue;
		}
		if (right) {
			left = start(argv, -1, fds[1], fds[0]);
			pid = start(right, fds[0], -1, fds[1]);
			close(fds[0]);
			close(fds[1]);
		} else {
			pid = start(argv, -1, -1, -1);
		}
		if (pid < 0 || (right && left < 0)) {
			printf("sh: fork: error %d\n", pid < 0 ? -pid : -left);
			continue;
		}
		if (background) {
			printf("[%d] started\n", pid);
			continue;
		}
		if (left > 0 && wait4(left, &status, 0, 0) == left)
			report(left, status);
		if (wait4(pid, &status, 0, 0) == pid)
			report(pid, status);
	}
	return 0;
}
