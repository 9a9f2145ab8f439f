/*
 * Event filters in Linux's syntax: a table of expressions and the
 * events each must pass (the expected results written as C conditions
 * on the same values), bad expressions with Linux's messages and the
 * caret's column, and the glob matcher against the C library's fnmatch
 * on random patterns.
 */
#include "test.h"
#include <ebreak/errno.h>
#include <ebreak/event_filter.h>
#include <ebreak/glob.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

static const struct eb_event_field fields[] = {
	{ "nr", EB_FIELD_UNSIGNED },
	{ "common_pid", EB_FIELD_SIGNED },
	{ "comm", EB_FIELD_STRING },
	{ "flags", EB_FIELD_UNSIGNED },
	{ "words", EB_FIELD_ARRAY },	/* a kprobe event's u32[4]: 16 bytes */
};
#define NFIELDS (sizeof fields / sizeof fields[0])

struct event {
	uint64_t nr;
	int64_t pid;
	const char *comm;
	uint64_t flags;
};

static const struct event events[] = {
	{ 64, 1, "sh", 0x0 }, { 64, 17, "cat", 0x10 }, { 63, -1, "swapper", 0x11 },
	{ 0, 300, "shell", 0xff }, { 172, 17, "syscount", 0x8000000000000000 },
	{ 93, 2, "sh-x", 4 },
};

/* What each expression must give, as C on the event's values. */
static int
want(int row, const struct event *e)
{
	const char *c = e->comm;

	switch (row) {
	case 0: return e->nr == 64;
	case 1: return e->nr == 64 && e->pid != 1;
	case 2: return e->nr != 64 || e->pid == 17;
	case 3: return !(e->nr == 64);
	case 4: return !(e->nr == 64 && (e->pid == 1 || e->pid == 17));
	case 5: return e->pid < 0;
	case 6: return e->pid >= 17 && e->nr <= 100;
	case 7: return e->nr > 63 && e->nr < 93;
	case 8: return (e->flags & 0x10) != 0;
	case 9: return strcmp(c, "sh") == 0;
	case 10: return strcmp(c, "sh") != 0;
	case 11: return fnmatch("sh*", c, 0) == 0;
	case 12: return fnmatch("*ell", c, 0) == 0 || fnmatch("?at", c, 0) == 0;
	case 13: return fnmatch("[a-s]*[!l]", c, 0) == 0;
	case 14: return e->nr == 0x40 || e->nr == 0254;
	case 15: return (e->flags & 0x8000000000000000) != 0;
	case 16: return ((e->nr == 64 || e->nr == 63) && !(e->pid == 1)) ||
		       strcmp(c, "sh-x") == 0;
	case 17: return strcmp(c, "sh x") == 0 || strcmp(c, "cat") == 0;
	case 18: return !!(e->pid == -1);
	}
	abort();
}

static const char *const exprs[] = {
	"nr == 64",
	"nr == 64 && common_pid != 1",
	"nr != 64 || common_pid == 17",
	"!nr == 64",
	"!(nr == 64 && (common_pid == 1 || common_pid == 17))",
	"common_pid < 0",
	"common_pid>=17&&nr<=100",
	"nr > 63 && nr < 93",
	"flags & 0x10",
	"comm == \"sh\"",
	"comm != 'sh'",
	"comm ~ \"sh*\"",
	"comm ~ '*ell' || comm ~ \"?at\"",
	"comm ~ \"[a-s]*[!l]\"",
	"nr == 0x40 || nr == 0254",
	"flags & 0x8000000000000000",
	"(nr == 64 || nr == 63) && !common_pid == 1 || comm == \"sh-x\"",
	"comm == 'sh x' || comm == 'cat'",
	"!!(common_pid == -1)",
};

TEST(filter_table_matches_as_linux_documents)
{
	for (size_t r = 0; r < sizeof exprs / sizeof exprs[0]; r++) {
		struct eb_filter *f;
		char err[256];
		int ok = eb_filter_parse(exprs[r], fields, NFIELDS, &f, err,
					 sizeof err) == 0;
		if (!ok) {
			fprintf(stderr, "  refused: %s\n", err);
			host_test_case(0);
			continue;
		}
		for (size_t i = 0; i < sizeof events / sizeof events[0]; i++) {
			const struct event *e = &events[i];
			union eb_field_value v[NFIELDS] = {
				{ .u = e->nr }, { .s = e->pid }, { .str = e->comm },
				{ .u = e->flags }, { .u = 0 },
			};
			if (eb_filter_match(f, v) != !!want(r, e)) {
				fprintf(stderr, "  '%s' on event %zu: got %d\n",
					exprs[r], i, eb_filter_match(f, v));
				ok = 0;
			}
		}
		ok &= strcmp(eb_filter_text(f), exprs[r]) == 0;
		host_test_case(ok);
		eb_filter_free(f);
	}
}

/* A bad expression: Linux's message, the caret under column col. */
static const struct {
	const char *expr;
	size_t col;
	const char *msg;
} bad[] = {
	{ "nr == 64 &&", 11, "Meaningless filter expression" },
	{ "nosuch == 1", 6, "Field not found" },
	{ "nr = 1", 3, "Invalid operator" },
	{ "nr ~ 1", 3, "Illegal operation for field type" },
	{ "comm < 3", 5, "Illegal operation for field type" },
	{ "words == 1", 10, "Illegal operation for field type" },
	{ "nr == 1 || words ~ \"a\"", 17, "Illegal operation for field type" },
	{ "nr == abc", 6, "Invalid value (did you forget quotes)?" },
	{ "nr === 1", 5, "Invalid value (did you forget quotes)?" },
	{ "nr == 12ab", 6, "Illegal integer value" },
	{ "comm == 12", 8, "Expecting string field" },
	{ "comm == sh", 8, "Invalid value (did you forget quotes)?" },
	{ "nr == -1", 6, "Illegal integer value" },	/* unsigned */
	{ "nr == 99999999999999999999", 6, "Illegal integer value" },
	{ "nr == \"64\"", 6, "Expecting numeric field" },
	{ "comm == \"sh", 8, "Missing matching quote" },
	{ "(nr == 1", 0, "Too many '('" },
	{ "nr == 1)", 7, "Too few '('" },
	{ "nr == 1 nr == 2", 8, "Meaningless filter expression" },
	{ "", 0, "Meaningless filter expression" },
	{ "comm == ", 8, "Invalid value (did you forget quotes)?" },
	{ "nr == ", 6, "Invalid value (did you forget quotes)?" },
	{ "comm == 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'",
	  8, "Operand too long" },
};

TEST(bad_filters_are_refused_with_linux_messages)
{
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct eb_filter *f = 0;
		char err[512], want_err[512];
		int rc = eb_filter_parse(bad[i].expr, fields, NFIELDS, &f, err,
					 sizeof err);
		snprintf(want_err, sizeof want_err, "%s\n%*s^\nparse_error: %s",
			 bad[i].expr, (int)bad[i].col, "", bad[i].msg);
		int ok = rc == -EINVAL && !f && strcmp(err, want_err) == 0;
		if (!ok)
			fprintf(stderr, "  got:\n%s\n  want:\n%s\n", err, want_err);
		host_test_case(ok);
	}
}

TEST(too_many_terms_are_refused)
{
	char expr[2048] = "nr == 0", err[4096];
	struct eb_filter *f;

	for (int i = 1; i < EB_FILTER_PREDS_MAX; i++)
		strcat(expr, " || nr == 1");
	CHECK_EQ(eb_filter_parse(expr, fields, NFIELDS, &f, err, sizeof err), 0);
	eb_filter_free(f);
	strcat(expr, " || nr == 2");
	CHECK_EQ(eb_filter_parse(expr, fields, NFIELDS, &f, err, sizeof err),
		 -EINVAL);
	CHECK(strstr(err, "parse_error: Too many terms in predicate expression"));
}

/* Random patterns over a small alphabet against random strings: the
 * same answers as fnmatch (no flags: `[!...]`, ranges, `*`, `?`). A set
 * left open (`[` with no `]` after it) is left out: Linux's glob takes
 * its `[` literally, where glibc's fnmatch matches nothing. */
TEST(glob_agrees_with_fnmatch)
{
	static const char pat_chars[] = "ab*?[]!-";
	char pat[12], str[10];
	unsigned seed = 12345, disagree = 0;

	for (int n = 0; n < 200000; n++) {
		int pl = rand_r(&seed) % 10, sl = rand_r(&seed) % 9;
		for (int i = 0; i < pl; i++)
			pat[i] = pat_chars[rand_r(&seed) % (sizeof pat_chars - 1)];
		pat[pl] = 0;
		for (int i = 0; i < sl; i++)
			str[i] = "ab-[]"[rand_r(&seed) % 5];
		str[sl] = 0;
		const char *open = strrchr(pat, '[');
		if (open && !strchr(open + 1, ']'))
			continue;
		if (eb_glob_match(pat, str) != (fnmatch(pat, str, 0) == 0) &&
		    disagree++ < 5)
			fprintf(stderr, "  '%s' on '%s': ours %d, fnmatch %d\n",
				pat, str, eb_glob_match(pat, str),
				fnmatch(pat, str, 0) == 0);
	}
	CHECK_EQ(disagree, 0);
}
