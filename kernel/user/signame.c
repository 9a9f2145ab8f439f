/* Signal names: see signame.h. */
#include "user/signame.h"

static const char *const names[] = {
	[1] = "HUP", [2] = "INT", [3] = "QUIT", [4] = "ILL", [5] = "TRAP",
	[6] = "ABRT", [7] = "BUS", [8] = "FPE", [9] = "KILL", [10] = "USR1",
	[11] = "SEGV", [12] = "USR2", [13] = "PIPE", [14] = "ALRM",
	[15] = "TERM", [17] = "CHLD", [18] = "CONT", [19] = "STOP",
	[20] = "TSTP", [21] = "TTIN", [22] = "TTOU", [23] = "URG",
	[28] = "WINCH",
};
#define NNAMES ((int)(sizeof names / sizeof names[0]))

/* "INT" for 2, or NULL for a number without a name. */
const char *
signal_name(int sig)
{
	return sig > 0 && sig < NNAMES ? names[sig] : 0;
}

static int
same(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

/* A signal from "9", "KILL" or "SIGKILL"; -1 for anything else. */
int
signal_parse(const char *s)
{
	if (*s >= '0' && *s <= '9') {
		int n = 0;
		for (; *s >= '0' && *s <= '9' && n < 1000; s++)
			n = n * 10 + *s - '0';
		return *s || n >= 64 ? -1 : n;
	}
	if (s[0] == 'S' && s[1] == 'I' && s[2] == 'G')
		s += 3;
	for (int i = 1; i < NNAMES; i++)
		if (names[i] && same(names[i], s))
			return i;
	return -1;
}
