/* The trace ring read back into memory, for the suites that check it. */
#ifndef TESTS_KERNEL_TRACE_COLLECT_H
#define TESTS_KERNEL_TRACE_COLLECT_H
#include <ebreak/trace_ring.h>
#include <stddef.h>
#include <stdint.h>

#define COLLECT_MAX (4 * EB_TRACE_RING_RECORDS)

struct collected {
	unsigned nheader, n;	/* header lines, records */
	unsigned bad;		/* record lines not of the form
				 * `COMM-PID [HART] S.U: ` */
	char tracer[32];	/* the tracer `# tracer:` names */
	unsigned columns;	/* the header's lines naming the columns */
	bool unsorted;		/* a record older than the one before it */
	unsigned in;		/* entries-in-buffer, as the header says */
	bool short_read;	/* a last '#' line said how many were printed */
	unsigned said_printed;	/* ... and this is how many */
	char header[4][96];
	unsigned hart[COLLECT_MAX];
	int pid[COLLECT_MAX];
	char comm[COLLECT_MAX][EB_TRACE_COMM_LEN];
	char text[COLLECT_MAX][EB_TRACE_TEXT_MAX];	/* after the time */
};

/* The first sub in s, or NULL (the kernel has no strstr). */
const char *str_find(const char *s, const char *sub);

/* `FUNC+0xOFF/0xSIZE` of addr into buf, as records print it. */
void trace_sym(char *buf, size_t size, unsigned long addr);

/* What Linux's error_log shows for a kprobe_events line (a '^' marking
 * the caret, as Linux's selftest kprobe_syntax_errors.tc writes it)
 * refused with text, and more (ebreak's explanation, "" if none) after,
 * as eb_kprobe_events_write frames it: into want; the line without the
 * '^' into bare. */
void linux_error_frame(const char *line, const char *text, const char *more,
		       char *want, size_t size, char *bare, size_t bsize);

/* Read the trace ring into *c (static storage, reused). */
struct collected *trace_collect(void);

#endif
