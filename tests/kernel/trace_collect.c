/* The trace ring read back into memory (trace_collect.h). */
#include "defs.h"
#include "trace_collect.h"
#include <ebreak/fmt.h>
#include <ebreak/port.h>

static struct collected collected;

const char *
str_find(const char *s, const char *sub)
{
	for (size_t n = strlen(sub); *s; s++)
		if (strncmp(s, sub, n) == 0)
			return s;
	return NULL;
}

void
trace_sym(char *buf, size_t size, unsigned long addr)
{
	uintptr_t start;
	size_t fsize;
	const char *name = eb_port_symbol_name(addr, &start, &fsize);

	eb_snprintf(buf, size, "%s+0x%lx/0x%lx", name, addr - start,
		    (unsigned long)fsize);
}

/* The decimal number at p. */
static unsigned
number(const char *p)
{
	unsigned n = 0;

	for (; *p >= '0' && *p <= '9'; p++)
		n = n * 10 + (*p - '0');
	return n;
}

/* `%16s-%-7d [HHH] SSSSS.UUUUUU: TEXT`: the comm and pid into c's
 * entry n, the hart, the time in µs, TEXT's start; NULL if the line is
 * not of that form. */
static const char *
parse_record(struct collected *c, unsigned n, const char *l, unsigned *hart,
	     uint64_t *us)
{
	/* COMM ends at the last '-' before the pid, which the hart's
	 * " [" follows: a comm may hold both. */
	const char *open = str_find(l + 17, " ["), *dash = open;

	while (dash && dash > l && *dash != '-')
		dash--;
	if (!open || dash == l || dash - l > 16 + EB_TRACE_COMM_LEN)
		return NULL;
	const char *name = l;
	while (*name == ' ')
		name++;
	if (n < COLLECT_MAX) {
		eb_snprintf(c->comm[n], EB_TRACE_COMM_LEN, "%.*s",
			    (int)(dash - name), name);
		c->pid[n] = number(dash + 1);
	}
	l = open;
	const char *p = l + 2;
	for (*hart = 0; *p >= '0' && *p <= '9'; p++)
		*hart = *hart * 10 + (*p - '0');
	if (p != l + 5 || *p++ != ']' || *p++ != ' ')
		return NULL;
	while (*p == ' ')
		p++;
	for (*us = 0; (*p >= '0' && *p <= '9') || *p == '.'; p++)
		if (*p != '.')
			*us = *us * 10 + (*p - '0');
	return p[0] == ':' && p[1] == ' ' ? p + 2 : NULL;
}

static void
collect(const char *line, void *arg)
{
	struct collected *c = arg;
	static uint64_t last;
	unsigned hart;
	uint64_t us;
	const char *text;

	if (strncmp(line, "# tracer: ", 10) == 0) {
		eb_snprintf(c->tracer, sizeof c->tracer, "%s", line + 10);
		return;
	}
	if (line[0] == '#' && !line[1])
		return;		/* the header's blank lines */
	if (line[0] == '#' && (str_find(line, "TASK-PID") ||
			       str_find(line, "| |"))) {
		c->columns++;
		return;
	}
	if (line[0] == '#') {
		const char *in = "# entries-in-buffer/entries-written: ";
		if (strncmp(line, in, strlen(in)) == 0)
			c->in = number(line + strlen(in));
		if (strncmp(line, "# printed ", 10) == 0) {
			c->short_read = true;
			c->said_printed = number(line + 10);
		}
		if (c->nheader < 4)
			eb_snprintf(c->header[c->nheader++], sizeof c->header[0],
				    "%s", line);
		last = 0;
		return;
	}
	if (!(text = parse_record(c, c->n, line, &hart, &us))) {
		c->bad++;
		return;
	}
	c->unsorted |= us < last;
	last = us;
	if (c->n < COLLECT_MAX) {
		c->hart[c->n] = hart;
		eb_snprintf(c->text[c->n++], EB_TRACE_TEXT_MAX, "%s", text);
	}
}

struct collected *
trace_collect(void)
{
	memset(&collected, 0, sizeof collected);
	eb_trace_read(collect, &collected);
	return &collected;
}

/* Linux's error_log entry without its timestamp (trace_collect.h). */
void
linux_error_frame(const char *line, const char *text, const char *more,
		  char *want, size_t size, char *bare, size_t bsize)
{
	size_t caret = 0, n = 0;

	for (const char *c = line; *c && n + 1 < bsize; c++) {
		if (*c == '^')
			caret = n;
		else
			bare[n++] = *c;
	}
	bare[n] = 0;
	n = (size_t)eb_snprintf(want, size, "trace_kprobe: error: %s\n"
				"  Command: %s\n", text, bare);
	/* the caret under the command: past "  Command: ", then caret */
	for (size_t i = 0; i < 11 + caret && n + 1 < size; i++)
		want[n++] = ' ';
	eb_snprintf(want + n, size - n, "^%s%s", *more ? "\n  " : "", more);
}
