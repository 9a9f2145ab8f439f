/* Wildcard matching (<ebreak/glob.h>). */
#include <ebreak/glob.h>
#include <stddef.h>

/* Whether c is in the set at *pp (just after its `[`); *pp moves past
 * the set's `]`. A `]` first in the set is one of its characters; a set
 * without a closing `]` matches a literal `[` (and *pp stays). */
static bool
in_set(const char **pp, char c, bool *valid)
{
	const char *p = *pp;
	bool negate = *p == '!', found = false;

	p += negate;
	const char *first = p;
	for (; *p && (*p != ']' || p == first); p++) {
		if (p[1] == '-' && p[2] && p[2] != ']') {
			found |= (unsigned char)c >= (unsigned char)p[0] &&
				 (unsigned char)c <= (unsigned char)p[2];
			p += 2;
		} else {
			found |= *p == c;
		}
	}
	*valid = *p == ']';
	if (!*valid)
		return c == '[';
	*pp = p + 1;
	return found != negate;
}

bool
eb_glob_match(const char *pat, const char *str)
{
	/* Backtrack to the last `*` only: it can then absorb one more
	 * character of str, which covers every earlier choice. */
	const char *star = NULL, *resume = NULL;

	for (;;) {
		const char *p = pat;
		char c = *str;
		bool ok, valid;

		if (*p == '*') {
			star = ++pat;
			resume = str;
			continue;
		}
		if (*p == '?')
			ok = c, pat++;
		else if (*p == '[' && c) {
			pat++;
			ok = in_set(&pat, c, &valid);
			if (!valid)
				pat = p + 1;	/* a literal `[` */
		} else
			ok = *p == c, pat++;
		if (ok && !c)
			return true;	/* both ended */
		if (ok) {
			str++;
			continue;
		}
		if (!star || !*resume)
			return false;
		pat = star;
		str = ++resume;
	}
}

bool
eb_glob_has_wildcard(const char *s)
{
	for (; *s; s++)
		if (*s == '*' || *s == '?' || *s == '[')
			return true;
	return false;
}
