/* The host test runner: runs every registered TEST, prints the totals. */
#include "test.h"
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static struct host_test *first, **last = &first;
static int current_failed, current_skipped;
static int case_passed, case_failed, has_cases;
/* Distinct skip reasons, printed after the totals. */
static const char *skip_why[16];
static int nskip_why;

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

void
host_test_skip(const char *why)
{
	current_skipped = 1;
	for (int i = 0; i < nskip_why; i++)
		if (!strcmp(skip_why[i], why))
			return;
	if (nskip_why < (int)(sizeof(skip_why) / sizeof(skip_why[0])))
		skip_why[nskip_why++] = strdup(why);
}

void
host_test_case(int ok)
{
	has_cases = 1;
	if (ok)
		case_passed++;
	else
		case_failed++;
}

const char *
host_test_data_dir(const char *env, const char *dflt, const char *how)
{
	const char *dir = getenv(env);
	struct stat st;
	char why[512];

	if (!dir || !*dir)
		dir = dflt;
	if (!stat(dir, &st) && S_ISDIR(st.st_mode))
		return dir;
	snprintf(why, sizeof(why), "%s not found (%s; or set %s)", dir, how,
		 env);
	host_test_skip(why);
	return NULL;
}

int
main(int argc, char **argv)
{
	const char *suite = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1
						  : argv[0];
	const char *only = argc > 1 ? argv[1] : NULL;
	int passed = 0, failed = 0, skipped = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (struct host_test *t = first; t; t = t->next) {
		if (only && !strstr(t->name, only))
			continue;
		current_failed = current_skipped = 0;
		case_passed = case_failed = has_cases = 0;
		t->fn();
		if (current_skipped && !current_failed && !has_cases) {
			printf("test %s: SKIPPED\n", t->name);
			skipped++;
		} else if (has_cases) {
			/* A failed CHECK outside the cases is one more
			 * failure, so it cannot hide behind them. */
			case_failed += current_failed;
			printf("test %s: %s (%d cases passed, %d failed)\n",
			       t->name, case_failed ? "FAILED" : "OK",
			       case_passed, case_failed);
			passed += case_passed;
			failed += case_failed;
		} else {
			printf("test %s: %s\n", t->name,
			       current_failed ? "FAILED" : "OK");
			if (current_failed)
				failed++;
			else
				passed++;
		}
		fflush(stdout);
	}
	if (skipped)
		printf("%s: %d passed, %d failed, %d skipped\n", suite, passed,
		       failed, skipped);
	else
		printf("%s: %d passed, %d failed\n", suite, passed, failed);
	for (int i = 0; i < nskip_why; i++)
		printf("skipped: %s\n", skip_why[i]);
	return failed != 0;
}
