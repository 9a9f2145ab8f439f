/*
 * sh: the user shell. Reads a line, splits it into words (at blanks;
 * `|` and `&` are words of their own; "..." and '...' quote), runs the
 * program by fork + execve + wait4 and reports how it ended. `a | b | c`
 * runs each with the previous one's output piped into its input; `cmd &`
 * runs without waiting; `exit` leaves (back to the kernel shell).
 *
 * Job control as far as ^C needs it: each job (a pipeline) is a process
 * group of its own; a foreground job is the console's foreground group
 * while it runs, so ^C sends it SIGINT (and not to background jobs or
 * to the shell, which ignores SIGINT: ^C at the prompt drops the line).
 * `$?` is the last job's status: its exit code, or 128 + the signal.
 */
#include "ulib.h"
#include "user/signame.h"
#include <ebreak/fmt.h>

#define CTRL_C 3

#define MAXARGS 16
#define ARGLEN 64	/* the kernel's ARGSTRLEN: a word, with its NUL */

static const char *const programs =
	"echo ARGS | spin [MILLIONS [CODE]] | sleep MS [CODE] | pingpong [ROUNDS]\n"
	"forkwait [N] | cat (copies its input) | "
	"fault [load|store|exec|illegal|ebreak|fp] | efault | syscount N | sh\n"
	"kill [-SIGNAL] PID...\n";

/* Read a line with echo and backspace; false at end of input (^D). A
 * line longer than size - 1 is refused (said, and read as empty). */
static int
getline(char *buf, int size)
{
	int n = 0, too_long = 0;

	for (;;) {
		char c;
		if (read(0, &c, 1) != 1)
			return 0;
		if (c == CTRL_C) {	/* as bash: drop the line */
			write(1, "^C\n", 3);
			n = 0;
			break;
		}
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
		} else if (c >= ' ') {
			too_long = 1;
		}
	}
	if (too_long) {
		printf("sh: line longer than %d characters: not run\n", size - 1);
		n = 0;
	}
	buf[n] = 0;
	return 1;
}

/* line with every $? replaced by status, into buf (cut at size - 1). */
static char *
expand(char *buf, int size, const char *line, const char *status)
{
	int n = 0;

	for (; *line && n + 1 < size; line++) {
		if (line[0] != '$' || line[1] != '?') {
			buf[n++] = *line;
			continue;
		}
		for (const char *s = status; *s && n + 1 < size; s++)
			buf[n++] = *s;
		line++;
	}
	buf[n] = 0;
	return buf;
}

/* The operators split gives as words of their own (compared by
 * address: a quoted "|" is a word like any other). */
static char pipe_op[] = "|", background_op[] = "&";

static int
too_many(void)
{
	printf("sh: more than %d words: not run\n", MAXARGS);
	return -1;
}

/*
 * Split line into argv (NULL-terminated), the words written into buf
 * (size bytes): words end at blanks, `|` and `&` are words of their own
 * (pipe_op, background_op), and "..." or '...' quote blanks and
 * operators (the quotes are dropped). The word count, or -1 having said
 * why: more than MAXARGS words, a word the kernel's exec cannot pass
 * (ARGLEN - 1 characters at most), a quote left open.
 */
static int
split(const char *line, char *buf, int size, char **argv)
{
	int argc = 0, n = 0;

	while (*line) {
		if (*line == ' ') {
			line++;
			continue;
		}
		if (argc == MAXARGS)
			return too_many();
		if (*line == '|' || *line == '&') {
			argv[argc++] = *line++ == '|' ? pipe_op : background_op;
			continue;
		}
		char *word = argv[argc++] = buf + n;
		while (*line && *line != ' ' && *line != '|' && *line != '&') {
			char quote = *line == '"' || *line == '\'' ? *line++ : 0;
			while (*line && (quote ? *line != quote : *line != ' ' &&
					 *line != '|' && *line != '&' &&
					 *line != '"' && *line != '\'')) {
				if (n + 2 < size)
					buf[n++] = *line;
				line++;
			}
			if (quote && !*line) {
				printf("sh: a %c quote is not closed: not run\n",
				       quote);
				return -1;
			}
			line += quote != 0;
		}
		buf[n++] = 0;
		if (buf + n - 1 - word >= ARGLEN) {
			printf("sh: a word of more than %d characters: not run\n",
			       ARGLEN - 1);
			return -1;
		}
	}
	argv[argc] = 0;
	return argc;
}

/* Fork a child running argv in process group pgid (0: a new one, its
 * own) with fd `in` as its input and `out` as its output (-1: keep the
 * shell's), closing every other descriptor above 2 in the child (the
 * pipeline's other pipe ends). The child's pid, or -errno. */
static int
start(char **argv, int pgid, int in, int out)
{
	int pid = fork();

	/* Both sides set the group, so it is set before either goes on. */
	if (pid > 0)
		setpgid(pid, pgid);
	if (pid != 0)
		return pid;
	setpgid(0, pgid);
	signal(SIGINT, SIG_DFL);	/* the shell's SIG_IGN would stay */
	if (in >= 0)
		dup2(in, 0);
	if (out >= 0)
		dup2(out, 1);
	for (int fd = 3; fd < 16; fd++)
		close(fd);
	int err = execve(argv[0], argv, 0);
	printf("sh: %s: %s\n", argv[0],
	       err == -2 ? "no such program" : "cannot run");
	exit(127);
}

/* Say how a job ended unless normally or by ^C (as bash); its $?. */
static int
report(int pid, int status)
{
	int sig = WTERMSIG(status);

	if (WIFEXITED(status)) {
		if (WEXITSTATUS(status))
			printf("[%d] exit %d\n", pid, WEXITSTATUS(status));
		return WEXITSTATUS(status);
	}
	if (sig != SIGINT)
		printf("[%d] killed by signal %d (SIG%s)\n", pid, sig,
		       signal_name(sig) ? signal_name(sig) : "?");
	return 128 + sig;
}

/*
 * Start argv[0..argc), a pipeline `a | b | c ...`, each stage's output
 * piped into the next one's input. Stores the stages' pids in pids and
 * returns how many started; on an error, says so and returns 0 (the
 * stages already started go on and are reaped with the background jobs).
 */
static int
pipeline(char **argv, int argc, int *pids)
{
	int n = 0, in = -1;
	char **stage = argv;

	for (int i = 0; i <= argc; i++) {
		if (i < argc && argv[i] != pipe_op)
			continue;
		argv[i] = 0;
		if (!stage[0]) {
			printf("sh: a | b needs a program on each side\n");
			break;
		}
		int fds[2] = { -1, -1 };
		if (i < argc && pipe(fds) < 0) {
			printf("sh: pipe failed\n");
			break;
		}
		int pid = start(stage, n ? pids[0] : 0, in, fds[1]);
		if (in >= 0)
			close(in);
		if (fds[1] >= 0)
			close(fds[1]);
		in = fds[0];
		if (pid < 0) {
			printf("sh: fork: error %d\n", -pid);
			break;
		}
		pids[n++] = pid;
		stage = &argv[i + 1];
		if (i == argc)
			return n;
	}
	if (in >= 0)
		close(in);
	return 0;
}

int
main(void)
{
	char line[128], expanded[256], words[256], *argv[MAXARGS + 1];
	char last[12] = "0";
	int pgid = getpgid(0);

	printf("user shell (pid %d): programs are\n%s"
	       "a | b | c pipes each into the next; append & to run in the "
	       "background; "
	       "exit to leave\n",
	       getpid(), programs);
	signal(SIGINT, SIG_IGN);	/* ^C is for the foreground job */
	for (;;) {
		int status, pid;
		/* Collect finished background jobs. */
		while ((pid = wait4(-1, &status, WNOHANG, 0)) > 0)
			report(pid, status);
		printf("$ ");
		if (!getline(line, sizeof line))
			break;
		int argc = split(expand(expanded, sizeof expanded, line, last),
				 words, sizeof words, argv);
		if (argc <= 0)
			continue;
		int background = argv[argc - 1] == background_op, bad = 0;
		for (int i = 0; i + 1 < argc; i++)
			bad |= argv[i] == background_op;
		if (bad) {
			printf("sh: & goes at the end of a line\n");
			continue;
		}
		if (background)
			argv[--argc] = 0;
		if (argc == 0)
			continue;
		if (strcmp(argv[0], "exit") == 0)
			break;
		int pids[MAXARGS], n = pipeline(argv, argc, pids);
		if (n <= 0 || background) {
			if (n > 0)
				printf("[%d] started\n", pids[n - 1]);
			eb_snprintf(last, sizeof last, "%d", n > 0 ? 0 : 1);
			continue;
		}
		/* Reap every stage, as bash waits for the whole pipeline,
		 * with the job in the console's foreground meanwhile. */
		tcsetpgrp(0, pids[0]);
		int code = 0;
		for (int i = 0; i < n; i++)
			if (wait4(pids[i], &status, 0, 0) == pids[i])
				code = report(pids[i], status);
		tcsetpgrp(0, pgid);
		eb_snprintf(last, sizeof last, "%d", code);
	}
	return 0;
}
