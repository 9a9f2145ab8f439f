/* The host test runner: runs every registered TEST, prints the totals. */
#include "test.h"
#include <string.h>

static struct host_test *first, **last = &first;
static int current_failed;

void
host_test_register(struct host_test *t)
{
	*last = t;
	last = &t->next;
}

int
host_test_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "  %s:%d: check failed: %s\n", file, line, what);
	current_failed = 1;
	return 0;
}

int
main(int argc, char **argv)
{
	const char *suite = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1
						  : argv[0];
	const char *only = argc > 1 ? argv[1] : NULL;
	int passed = 0, failed = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (struct host_test *t = first; t; t = t->next) {
		if (only && !strstr(t->name, only))
			continue;
		current_failed = 0;
		t->fn();
		printf("test %s: %s\n", t->name, current_failed ? "FAILED" : "OK");
		fflush(stdout);
		if (current_failed)
			failed++;
		else
			passed++;
	}
	printf("%s: %d passed, %d failed\n", suite, passed, failed);
	return failed != 0;
}
