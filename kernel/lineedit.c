/*
 * The kernel shell's line editor: see lineedit.h. The cursor moves with
 * the left and right arrows, ^A and ^E (start, end); keys insert at it,
 * backspace deletes before it, ^U deletes all before it. A line is
 * redrawn as CR, the prompt, the text, "erase to end of line", and the
 * cursor moved back to its place.
 */
#include "lineedit.h"
#include "riscv.h"
#include "async/async.h"

#define CTRL(c)		((c) & 0x1f)
#define CTRL_C		CTRL('C')
#define ESC		0x1b
#define HISTORY		16	/* lines kept */
#define HISTORY_LINE	256	/* longest line kept */
#define LIST_MAX	64	/* candidates listed at most on a Tab */

/* Lines entered, oldest overwritten: line k is history[k % HISTORY]. */
static char history[HISTORY][HISTORY_LINE];
static unsigned nhistory;

struct edit {
	const char *prompt;
	char *buf;		/* NUL-terminated */
	size_t size, n;
	size_t cur;		/* the cursor: where a key goes, <= n */
	bool too_long;		/* a character did not fit */
	unsigned recalled;	/* history line shown: nhistory = none */
	bool tabbed;		/* the last key was a Tab that added nothing */
};

/* Move the terminal's cursor back n columns. */
static void
back(size_t n)
{
	if (n)
		printf("\033[%luD", (unsigned long)n);
}

static void
redraw(const struct edit *e)
{
	printf("\r%s%s\033[K", e->prompt, e->buf);
	back(e->n - e->cur);
}

/* Insert s (len bytes) at the cursor, echoing it and what follows. */
static void
insert(struct edit *e, const char *s, size_t len)
{
	if (e->n + len >= e->size) {
		e->too_long = true;
		len = e->size - 1 - e->n;
	}
	memmove(e->buf + e->cur + len, e->buf + e->cur, e->n - e->cur + 1);
	memcpy(e->buf + e->cur, s, len);
	e->n += len;
	printf("%s", e->buf + e->cur);
	e->cur += len;
	back(e->n - e->cur);
}

/* Delete the len characters before the cursor. */
static void
delete_back(struct edit *e, size_t len)
{
	if (len > e->cur)
		len = e->cur;
	if (!len)
		return;
	memmove(e->buf + e->cur - len, e->buf + e->cur, e->n - e->cur + 1);
	e->cur -= len;
	e->n -= len;
	redraw(e);
}

/* Left or right arrow, ^A or ^E: move the cursor. */
static void
move(struct edit *e, int key)
{
	if (key == 'D' && e->cur > 0) {
		e->cur--;
		back(1);
	} else if (key == 'C' && e->cur < e->n) {
		printf("%c", e->buf[e->cur++]);
	} else if (key == 'H') {
		back(e->cur);
		e->cur = 0;
	} else if (key == 'F') {
		printf("%s", e->buf + e->cur);
		e->cur = e->n;
	}
}

/* After ESC: the key's letter ('A' up, 'B' down, 'C' right, 'D' left,
 * 'H' home, 'F' end), or 0 for another sequence (skipped: an optional [
 * or O, parameters, a final character). */
static int
escape_key(void)
{
	int c = console_getc();

	if (c != '[' && c != 'O')
		return 0;
	do
		c = console_getc();
	while ((c >= '0' && c <= '9') || c == ';');
	return (c >= 'A' && c <= 'D') || c == 'H' || c == 'F' ? c : 0;
}

/* Up (older) or down (newer) in the history; past the newest is an
 * empty line. */
static void
recall(struct edit *e, bool older)
{
	unsigned oldest = nhistory > HISTORY ? nhistory - HISTORY : 0;

	if (older ? e->recalled == oldest : e->recalled == nhistory)
		return;
	e->recalled += older ? -1 : 1;
	e->n = e->cur = 0;
	e->buf[0] = 0;
	if (e->recalled < nhistory) {
		const char *h = history[e->recalled % HISTORY];
		insert(e, h, strlen(h));
	}
	redraw(e);
}

static void
remember(const char *line)
{
	size_t n = strlen(line);

	if (n == 0 || n >= HISTORY_LINE ||
	    (nhistory && !strcmp(history[(nhistory - 1) % HISTORY], line)))
		return;
	memcpy(history[nhistory++ % HISTORY], line, n + 1);
}

/* Print the candidates starting with word (the first LIST_MAX), then
 * the line again. */
static void
list(const struct edit *e, lineedit_candidate_fn candidate, bool first,
     const char *word, size_t wlen)
{
	size_t shown = 0, more = 0;

	printf("\n");
	for (size_t i = 0; candidate(first, i); i++) {
		const char *c = candidate(first, i);
		if (strncmp(c, word, wlen))
			continue;
		if (shown++ < LIST_MAX)
			printf("%s  ", c);
		else
			more++;
	}
	if (more)
		printf("... and %lu more", (unsigned long)more);
	printf("\n");
	redraw(e);
}

/* Tab: complete the last word to the longest prefix every candidate
 * starting with it shares, and a blank if only one does; when there is
 * nothing to add, ring the bell, and list them on a second Tab (as
 * bash). A word after a '-' (`aprobe -SYMBOL`) is
 * completed from the character after it. */
static void
complete(struct edit *e, lineedit_candidate_fn candidate)
{
	size_t start = e->n;

	while (start > 0 && e->buf[start - 1] != ' ')
		start--;
	if (start < e->n && e->buf[start] == '-')
		start++;
	bool first = true;
	for (size_t i = 0; i < start; i++)
		first &= e->buf[i] == ' ';
	const char *word = e->buf + start, *match = 0;
	size_t wlen = e->n - start, common = 0, count = 0;
	for (size_t i = 0; candidate(first, i); i++) {
		const char *c = candidate(first, i);
		if (strncmp(c, word, wlen))
			continue;
		if (count++ == 0) {
			match = c;
			common = strlen(c);
		}
		size_t k = wlen;
		while (k < common && c[k] == match[k])
			k++;
		common = k;
	}
	bool tabbed = e->tabbed;
	e->tabbed = count > 1;	/* still several: the next Tab lists them */
	if (common > wlen)
		insert(e, match + wlen, common - wlen);
	if (count == 1)
		insert(e, " ", 1);
	if (count == 1 || common > wlen)
		return;
	if (tabbed && count > 1)
		list(e, candidate, first, word, wlen);
	else
		printf("\a");
}

/*
 * Print prompt and read a line into buf (size bytes, NUL-terminated).
 * Returns false when ^C drops the line, or, having said why, when the
 * line is not what was typed: longer than buf, or input lost on the way
 * (console_lost): it must not run. A line read is kept in the history.
 * candidate may be NULL (no completion). Interrupts on.
 */
bool
lineedit_read(const char *prompt, char *buf, size_t size,
	      lineedit_candidate_fn candidate)
{
	struct edit e = { prompt, buf, size, 0, 0, false, nhistory, false };
	unsigned lost = console_lost();

	buf[0] = 0;
	printf("%s", prompt);
	for (;;) {
		int c = console_getc();
		if (c == '\r' || c == '\n')
			break;
		if (c == CTRL_C) {	/* as bash: drop the line */
			printf("^C\n");
			return false;
		}
		if (c == '\t' && candidate && e.cur == e.n) {
			complete(&e, candidate);	/* the word before the end */
			continue;
		}
		e.tabbed = false;
		if (c == ESC) {
			int key = escape_key();
			if (key == 'A' || key == 'B')
				recall(&e, key == 'A');
			else
				move(&e, key);
		} else if (c == CTRL('A') || c == CTRL('E')) {
			move(&e, c == CTRL('A') ? 'H' : 'F');
		} else if (c == CTRL('U')) {
			delete_back(&e, e.cur);
		} else if (c == 0x7f || c == '\b') {
			delete_back(&e, 1);
		} else if (c >= ' ' && c < 0x7f) {
			insert(&e, &(char){ c }, 1);
		}
	}
	printf("\n");
	if (e.too_long)
		printf("shell: line longer than %lu characters: not run\n",
		       (unsigned long)size - 1);
	else if (console_lost() != lost)
		printf("shell: %u input characters lost while typing: line "
		       "not run, type it again\n", console_lost() - lost);
	else
		remember(buf);
	return !e.too_long && console_lost() == lost;
}

/*
 * For a command that streams until ^C (trace pipe, bpf ringbuf): true
 * once ^C was typed (echoed; other keys are ignored). Otherwise, unless
 * busy (the caller has more to print at once), this hart runs a queued
 * task or idles until the next tick or wake, so the tasks that make what
 * it prints go on. Interrupts on.
 */
bool
lineedit_interrupted(bool busy)
{
	int c;

	while ((c = console_trygetc()) >= 0)
		if (c == CTRL_C) {
			printf("^C\n");
			return true;
		}
	if (busy || executor_run_one())
		return false;
	/* Off around the idle, as executor_idle wants: a key or a tick
	 * arriving meanwhile stays pending and ends its wfi. */
	intr_off();
	executor_idle();
	intr_on();
	return false;
}
