/* efault: every syscall that takes a pointer, given bad ones (null,
 * kernel memory, unmapped user memory, read-only text for writes),
 * must return -EFAULT. Prints each failure; exits with their number. */
#include "ulib.h"

static int failures;

static const char *pointer = "";	/* which bad pointer */

static void
expect(const char *what, long got)
{
	if (got != -EFAULT) {
		printf("efault: %s(%s) returned %ld, not -EFAULT\n", what,
		       pointer, got);
		failures++;
	}
}

static const char *const bad_names[] = {
	"null", "kernel", "unmapped", "top",
};
static void *const bad[] = {
	(void *)0, (void *)0x80200000, (void *)0x50000000,
	(void *)0x7ffffffffffffff0,
};

int
main(void)
{
	int fds[2];
	char *argv[] = { "echo", 0 };
	char *badargv[] = { (char *)0x50000000, 0 };

	if (pipe(fds) < 0)
		return 100;
	for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		pointer = bad_names[i];
		write(fds[1], "x", 1);	/* so read has data to copy */
		expect("read", read(fds[0], bad[i], 1));
		expect("write", write(fds[1], bad[i], 1));
		expect("pipe2", pipe(bad[i]));
		expect("nanosleep", nanosleep(bad[i], 0));
		expect("execve path", execve(bad[i], argv, 0));
		expect("execve argv", execve("echo", bad[i], 0));
		if (bad[i])	/* a null status pointer means "don't store" */
			expect("wait4", wait4(-1, bad[i], 0, 0));
	}
	/* Bad in ways a range check cannot see. */
	pointer = "text";
	expect("read into text", read(fds[0], (void *)main, 1));
	expect("pipe2 into text", pipe((int *)main));
	expect("execve argv[0]", execve("echo", badargv, 0));
	printf("efault: %d failures\n", failures);
	return failures;
}
