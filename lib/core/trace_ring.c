/*
 * The trace ring (<ebreak/trace_ring.h>): a ring of fixed-size records
 * per hart in static memory.
 *
 * Only hart h writes ring h, with interrupts off, so a writer needs no
 * lock: it bumps the ring's head after the record is whole. A reader on
 * another hart may meet a record while it is being overwritten; each
 * record carries a sequence number, odd while written (2 pos + 1) and
 * 2 pos + 2 once whole, so the reader copies the record, checks that the
 * number it saw before the copy is still there and was the one record pos
 * should have, and otherwise drops the record as overwritten (a seqlock
 * per record). No torn line is ever printed.
 */
#include <ebreak/fmt.h>
#include <ebreak/libc.h>
#include <ebreak/port.h>
#include <ebreak/trace_ring.h>
#include <stdbool.h>
#include <stdint.h>

#define NREC EB_TRACE_RING_RECORDS

struct trace_record {
	uint64_t seq;		/* 2 pos + 1 while written, 2 pos + 2 when whole */
	uint64_t ts;		/* eb_port_time_ns */
	char comm[EB_TRACE_COMM_LEN] __attribute__((aligned(8)));
	int32_t pid;		/* eb_port_current, with comm */
	uint16_t nstack;	/* a stack record: text holds nstack pcs */
	bool raw;		/* text: its type, then binary data */
	char text[EB_TRACE_TEXT_MAX] __attribute__((aligned(8)));
};
_Static_assert(sizeof(struct trace_record) == EB_TRACE_RECORD_SIZE,
	       "EB_TRACE_TEXT_MAX leaves room for the other fields");

/* Why a write recorded nothing. */
enum refusal {
	DROPPED,	/* another write was in progress on the hart */
	PAUSED,		/* a read paused tracing */
	OFF,		/* tracing was off (eb_trace_on, a traceoff trigger) */
	NREFUSALS,
};

struct trace_ring {
	uint64_t head;		/* records ever written; the next is head % NREC */
	uint64_t start;		/* the first not cleared */
	/* Writes refused, by why (enum refusal), and as many at the last
	 * clear. */
	uint64_t refused[NREFUSALS], refused_start[NREFUSALS];
	bool busy;		/* a write is in progress on this hart, */
	uintptr_t writer;	/* reserved by the frame at this address */
	struct trace_record rec[NREC];
};

static struct trace_ring rings[EB_MAX_CPUS];

/* The tracer on now, and the one whose layout reads print (the last on
 * since the ring was cleared); NULL: nop, the ring's own layout. */
static const struct eb_trace_tracer *tracer_on, *layout;

/* Writes record nothing while either is set: one word, so that a write
 * looks once. */
#define STOP_PAUSED 1u	/* eb_trace_pause */
#define STOP_OFF 2u	/* eb_trace_on(false) */
static unsigned stopped;

/* Set or clear bit in stopped, the other as it is. Any context. */
static void
stop(unsigned bit, bool on)
{
	if (on)
		__atomic_fetch_or(&stopped, bit, __ATOMIC_RELAXED);
	else
		__atomic_fetch_and(&stopped, ~bit, __ATOMIC_RELAXED);
}

void
eb_trace_pause(bool pause)
{
	stop(STOP_PAUSED, pause);
}

void
eb_trace_on(bool on)
{
	stop(STOP_OFF, !on);
}

bool
eb_trace_is_on(void)
{
	return !(__atomic_load_n(&stopped, __ATOMIC_RELAXED) & STOP_OFF);
}

void
eb_trace_set_tracer(const struct eb_trace_tracer *tracer)
{
	__atomic_store_n(&tracer_on, tracer, __ATOMIC_RELAXED);
	if (tracer)
		__atomic_store_n(&layout, tracer, __ATOMIC_RELAXED);
}

/* The layout a read prints in. */
static const struct eb_trace_tracer *
read_layout(void)
{
	return __atomic_load_n(&layout, __ATOMIC_RELAXED);
}

/* Start layout l's reader afresh: a read begins. */
static void
open_layout(const struct eb_trace_tracer *l)
{
	if (l && l->open)
		l->open();
}

void
eb_trace_consume_begin(void)
{
	open_layout(read_layout());
}

char *
eb_trace_reserve(unsigned long *flags)
{
	/* One writer per ring: interrupts off keeps this hart's other
	 * writers (interrupt handlers, probe hits) out; busy catches a probe
	 * hit on code this write runs, which interrupts cannot mask. */
	*flags = eb_port_irq_save();
	/* The time after interrupts are off: an interrupt's record between
	 * the two would otherwise sit before this one with a later time. */
	uint64_t ts = eb_port_time_ns();
	struct trace_ring *r = &rings[eb_port_cpu_id()];

	unsigned now = __atomic_load_n(&stopped, __ATOMIC_RELAXED);
	enum refusal why = !now ? (r->busy ? DROPPED : NREFUSALS)
			   : now & STOP_PAUSED ? PAUSED : OFF;

	if (why != NREFUSALS) {
		/* Counted whichever it is: a later read's header says so. */
		r->refused[why]++;
		eb_port_irq_restore(*flags);
		return NULL;
	}
	r->busy = true;
	r->writer = (uintptr_t)__builtin_frame_address(0);
	uint64_t pos = r->head;
	struct trace_record *rec = &r->rec[pos % NREC];
	__atomic_store_n(&rec->seq, 2 * pos + 1, __ATOMIC_RELAXED);
	/* Readers must see the odd number before any byte of the new text. */
	__atomic_thread_fence(__ATOMIC_RELEASE);
	rec->ts = ts;
	rec->pid = eb_port_current(rec->comm, sizeof rec->comm);
	rec->nstack = 0;
	rec->raw = false;
	rec->text[0] = 0;
	return rec->text;
}

void *
eb_trace_reserve_raw(const struct eb_trace_raw_type *type, unsigned long *flags)
{
	char *text = eb_trace_reserve(flags);

	if (!text)
		return NULL;
	/* text is the record's, 8-aligned: its first word names the type. */
	struct trace_record *rec = (struct trace_record *)
		(text - __builtin_offsetof(struct trace_record, text));
	rec->raw = true;
	*(const struct eb_trace_raw_type **)text = type;
	return text + 8;
}

void
eb_trace_commit(unsigned long flags)
{
	struct trace_ring *r = &rings[eb_port_cpu_id()];
	uint64_t pos = r->head;
	struct trace_record *rec = &r->rec[pos % NREC];

	if (!rec->nstack)	/* a raw record's data ends before this byte */
		rec->text[EB_TRACE_TEXT_MAX - 1] = 0;
	__atomic_store_n(&rec->seq, 2 * pos + 2, __ATOMIC_RELEASE);
	__atomic_store_n(&r->head, pos + 1, __ATOMIC_RELEASE);
	r->busy = false;
	eb_port_irq_restore(flags);
}

void
eb_trace_write(const char *text)
{
	unsigned long flags;
	char *dst = eb_trace_reserve(&flags);
	size_t n = 0;

	if (!dst)
		return;
	/* The library's own loop: a probe on the host's memcpy must not
	 * fire inside a write (it would be dropped as nested anyway). */
	for (; text[n] && n < EB_TRACE_TEXT_MAX - 1; n++)
		dst[n] = text[n];
	dst[n] = 0;
	eb_trace_commit(flags);
}

void
eb_trace_stack(const unsigned long *pcs, unsigned n)
{
	unsigned long flags;
	char *text = eb_trace_reserve(&flags);

	if (!text)
		return;
	/* text is the record's, 8-aligned: room for EB_TRACE_STACK_MAX. */
	struct trace_record *rec = (struct trace_record *)
		(text - __builtin_offsetof(struct trace_record, text));
	unsigned long *out = (unsigned long *)text;
	rec->nstack = n < EB_TRACE_STACK_MAX ? n : EB_TRACE_STACK_MAX;
	for (unsigned i = 0; i < rec->nstack; i++)
		out[i] = pcs[i];
	eb_trace_commit(flags);
}

void
eb_trace_abandoned(uintptr_t frame)
{
	struct trace_ring *r = &rings[eb_port_cpu_id()];

	/* Stacks grow down: a write reserved by the abandoned handler (or
	 * what it called) was reserved below its caller's frame. One
	 * reserved by the code the handler interrupted stays. */
	if (r->busy && r->writer < frame)
		r->busy = false;
}

void
eb_trace_printf(const char *fmt, ...)
{
	char text[EB_TRACE_TEXT_MAX];
	va_list ap;

	va_start(ap, fmt);
	eb_vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	eb_trace_write(text);
}

/* Copy record pos of ring r into *out. False if it is not there whole:
 * overwritten (or being overwritten) since. */
static bool
snapshot(struct trace_ring *r, uint64_t pos, struct trace_record *out)
{
	struct trace_record *rec = &r->rec[pos % NREC];
	uint64_t seq = __atomic_load_n(&rec->seq, __ATOMIC_ACQUIRE);

	if (seq != 2 * pos + 2)
		return false;
	memcpy(out, rec, sizeof *out);
	/* The copy's loads before the second look at seq. */
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	if (!out->raw)
		out->text[EB_TRACE_TEXT_MAX - 1] = 0;
	return __atomic_load_n(&rec->seq, __ATOMIC_RELAXED) == seq;
}

/* A reader's place in one ring: the next record to print, the end of
 * what this read prints, and the next record's time. */
struct cursor {
	uint64_t pos, end, ts;
};

/* Move c to the next record still in ring r (setting its time); false
 * when none is left before c->end. */
static bool
next_whole(struct trace_ring *r, struct cursor *c, struct trace_record *tmp)
{
	for (; c->pos < c->end; c->pos++) {
		uint64_t head = __atomic_load_n(&r->head, __ATOMIC_ACQUIRE);
		if (head > NREC && c->pos < head - NREC)
			c->pos = head - NREC;	/* overwritten while we read */
		if (c->pos < c->end && snapshot(r, c->pos, tmp)) {
			c->ts = tmp->ts;
			return true;
		}
	}
	return false;
}

static uint64_t
max64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

/* Print a header line: fmt formats a hart's count n, if n > 0. */
static void
header(void (*emit)(const char *, void *), void *arg, const char *fmt,
       unsigned h, uint64_t n)
{
	char line[96];

	if (!n)
		return;
	eb_snprintf(line, sizeof line, fmt, h, (unsigned long)n);
	emit(line, arg);
}

/* The header's first lines: the tracer on (Linux's current_tracer). */
static void
tracer_line(void (*emit)(const char *, void *), void *arg)
{
	const struct eb_trace_tracer *t = __atomic_load_n(&tracer_on,
							  __ATOMIC_RELAXED);
	char line[64];

	eb_snprintf(line, sizeof line, "# tracer: %s", t ? t->name : "nop");
	emit(line, arg);
	emit("#", arg);
}

/* The header's last lines: the columns' names in layout l. */
static void
column_lines(const struct eb_trace_tracer *l,
	     void (*emit)(const char *, void *), void *arg)
{
	static const char *const own[] = {
		"#           TASK-PID     CPU#     TIMESTAMP  FUNCTION",
		"#              | |         |         |         |",
	};
	const char *const *names = l && l->header ? l->header : own;

	emit("#", arg);
	emit(names[0], arg);
	emit(names[1], arg);
}

/* Set up one cursor per hart, empty for those not in harts (a mask);
 * print the header of layout l, of the rings of harts. Returns the
 * harts, and in *inp the records the header says are in the rings. */
static unsigned
begin_read(struct cursor *cur, unsigned long harts,
	   const struct eb_trace_tracer *l,
	   void (*emit)(const char *, void *), void *arg, uint64_t *inp)
{
	unsigned n = eb_port_cpu_count();
	/* Zeroed: the loops below agree on n, but not every compiler sees
	 * that each count it prints was set (-O2 with EB_MAX_CPUS=1). */
	uint64_t over[EB_MAX_CPUS] = { 0 }, refused[EB_MAX_CPUS][NREFUSALS] = { { 0 } };
	uint64_t in = 0, written = 0;
	char line[96];

	if (n > EB_MAX_CPUS)
		n = EB_MAX_CPUS;
	for (unsigned h = 0; h < n; h++) {
		struct trace_ring *r = &rings[h];
		uint64_t start = __atomic_load_n(&r->start, __ATOMIC_RELAXED);
		cur[h].end = __atomic_load_n(&r->head, __ATOMIC_ACQUIRE);
		cur[h].pos = max64(start, cur[h].end > NREC ? cur[h].end - NREC : 0);
		if (!(harts >> h & 1)) {
			cur[h].pos = cur[h].end;	/* shows nothing */
			continue;
		}
		over[h] = cur[h].pos - start;
		for (unsigned w = 0; w < NREFUSALS; w++)
			refused[h][w] = r->refused[w] - r->refused_start[w];
		in += cur[h].end - cur[h].pos;
		written += cur[h].end - start;
	}
	tracer_line(emit, arg);
	eb_snprintf(line, sizeof line,
		    "# entries-in-buffer/entries-written: %lu/%lu   #P:%u",
		    (unsigned long)in, (unsigned long)written, n);
	emit(line, arg);
	for (unsigned h = 0; h < n; h++) {
		header(emit, arg, "# hart %u: %lu lost (ring full: the oldest "
		       "overwritten)", h, over[h]);
		header(emit, arg, "# hart %u: %lu dropped (written while "
		       "another write was in progress)", h, refused[h][DROPPED]);
		header(emit, arg, "# hart %u: %lu unrecorded (written while "
		       "a read paused tracing)", h, refused[h][PAUSED]);
		header(emit, arg, "# hart %u: %lu unrecorded (written while "
		       "tracing was off)", h, refused[h][OFF]);
	}
	column_lines(l, emit, arg);
	*inp = in;
	return n;
}

/* A stack record's frames, a line each: ` => FUNC+0xOFF/0xSIZE` (a
 * return address named by the call before it), or the address. */
static void
emit_stack(const struct trace_record *rec,
	   void (*emit)(const char *, void *), void *arg)
{
	const unsigned long *pcs = (const unsigned long *)rec->text;
	char line[128];

	for (unsigned i = 0; i < rec->nstack && i < EB_TRACE_STACK_MAX; i++) {
		uintptr_t start;
		size_t size;
		const char *sym = eb_port_symbol_name(pcs[i] - (i > 0), &start,
						      &size);
		if (sym)
			eb_snprintf(line, sizeof line, " => %s+0x%lx/0x%lx", sym,
				    (unsigned long)(pcs[i] - start),
				    (unsigned long)size);
		else
			eb_snprintf(line, sizeof line, " => 0x%lx", pcs[i]);
		emit(line, arg);
	}
}

static const struct eb_trace_raw_type *
raw_type(const struct trace_record *rec)
{
	return rec->raw ? *(const struct eb_trace_raw_type *const *)rec->text
			: NULL;
}

/* The text of ring h's record rec, which c has just passed: a raw one
 * formatted by its type into buf, which may take ring h's next record
 * too (then c passes it). */
static const char *
record_text(unsigned h, const struct trace_record *rec, struct cursor *c,
	    char *buf, size_t size, bool *bare)
{
	const struct eb_trace_raw_type *type = raw_type(rec);
	struct trace_record next;
	const void *nextdata = NULL;

	*bare = false;
	if (rec->nstack)
		return "<stack trace>";
	if (!type)
		return rec->text;
	if (c->pos < c->end && snapshot(&rings[h], c->pos, &next) &&
	    raw_type(&next) == type)
		nextdata = next.text + 8;
	if (type->format(rec->text + 8, nextdata, h, buf, size) == 2)
		c->pos++;
	*bare = type->bare;
	return buf;
}

/* Emit the records the cursors cover, oldest first across the harts, at
 * most max of them, in layout l; each cursor ends past the last record
 * it printed. Returns how many. */
static uint64_t
emit_merged(struct cursor *cur, unsigned n, uint64_t max,
	    const struct eb_trace_tracer *l,
	    void (*emit)(const char *, void *), void *arg)
{
	struct trace_record rec;
	char line[EB_TRACE_TEXT_MAX + 64], raw[EB_TRACE_TEXT_MAX];
	uint64_t printed = 0;
	bool bare;

	while (printed < max) {
		unsigned best = n;
		for (unsigned h = 0; h < n; h++)
			if (next_whole(&rings[h], &cur[h], &rec) &&
			    (best == n || cur[h].ts < cur[best].ts))
				best = h;
		if (best == n)
			return printed;
		if (snapshot(&rings[best], cur[best].pos++, &rec)) {
			printed++;
			rec.comm[EB_TRACE_COMM_LEN - 1] = 0;
			uint64_t at = cur[best].pos;
			const char *text = record_text(best, &rec, &cur[best],
						       raw, sizeof raw, &bare);
			printed += cur[best].pos - at;	/* a record it took too */
			if (l && l->comment && !rec.raw && !rec.nstack) {
				l->comment(best, text, line, sizeof line);
				emit(line, arg);
				continue;
			}
			if (bare) {
				emit(text, arg);
				continue;
			}
			eb_snprintf(line, sizeof line, "%16s-%-7d [%03u] "
				    "%5lu.%06lu: %s", rec.comm, (int)rec.pid,
				    best, (unsigned long)(rec.ts / 1000000000),
				    (unsigned long)(rec.ts / 1000 % 1000000),
				    text);
			emit(line, arg);
			emit_stack(&rec, emit, arg);
		}
	}
	return printed;
}

void
eb_trace_read(void (*emit)(const char *line, void *arg), void *arg)
{
	eb_trace_read_harts(~0ul, emit, arg);
}

void
eb_trace_read_harts(unsigned long harts,
		    void (*emit)(const char *line, void *arg), void *arg)
{
	struct cursor cur[EB_MAX_CPUS];
	char line[96];
	uint64_t in;
	const struct eb_trace_tracer *l = read_layout();

	open_layout(l);
	unsigned n = begin_read(cur, harts, l, emit, arg, &in);
	uint64_t printed = emit_merged(cur, n, UINT64_MAX, l, emit, arg);

	/* Writers went on while this read ran: say what it could not show. */
	if (printed < in) {
		eb_snprintf(line, sizeof line, "# printed %lu of the %lu "
			    "entries: %lu overwritten while being read",
			    (unsigned long)printed, (unsigned long)in,
			    (unsigned long)(in - printed));
		emit(line, arg);
	}
}

unsigned long
eb_trace_consume(void (*emit)(const char *line, void *arg), void *arg,
		 unsigned long max)
{
	return eb_trace_consume_harts(~0ul, emit, arg, max);
}

unsigned long
eb_trace_consume_harts(unsigned long harts,
		       void (*emit)(const char *line, void *arg), void *arg,
		       unsigned long max)
{
	struct cursor cur[EB_MAX_CPUS];
	unsigned n = eb_port_cpu_count() < EB_MAX_CPUS ? eb_port_cpu_count()
						       : EB_MAX_CPUS;
	uint64_t lost = 0, printed;

	for (unsigned h = 0; h < n; h++) {
		struct trace_ring *r = &rings[h];
		uint64_t start = __atomic_load_n(&r->start, __ATOMIC_RELAXED);
		uint64_t head = __atomic_load_n(&r->head, __ATOMIC_ACQUIRE);
		cur[h].pos = max64(start, head > NREC ? head - NREC : 0);
		cur[h].end = head;
		if (!(harts >> h & 1))	/* left as it is */
			cur[h].pos = cur[h].end = start;
		lost += cur[h].pos - start;
	}
	if (lost) {
		char line[96];
		eb_snprintf(line, sizeof line, "# %lu lost (rings full: the "
			    "oldest overwritten before this read)",
			    (unsigned long)lost);
		emit(line, arg);
	}
	printed = emit_merged(cur, n, max, read_layout(), emit, arg);
	/* Consumed: what was printed or overwritten is not read again. */
	for (unsigned h = 0; h < n; h++)
		__atomic_store_n(&rings[h].start, cur[h].pos, __ATOMIC_RELAXED);
	return printed;
}

void
eb_trace_clear(void)
{
	/* What a tracer no longer on left is gone: its layout with it. */
	__atomic_store_n(&layout, __atomic_load_n(&tracer_on, __ATOMIC_RELAXED),
			 __ATOMIC_RELAXED);
	for (unsigned h = 0; h < EB_MAX_CPUS; h++) {
		struct trace_ring *r = &rings[h];
		memcpy(r->refused_start, r->refused, sizeof r->refused);
		__atomic_store_n(&r->start, __atomic_load_n(&r->head,
				 __ATOMIC_ACQUIRE), __ATOMIC_RELAXED);
	}
}
