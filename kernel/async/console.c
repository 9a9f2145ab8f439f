/*
 * Console input as a leaf future: a reader with nothing to read parks
 * on the console's wait queue; the UART interrupt wakes it.
 */
#include "async/async.h"

#define CTRL_D 4

static struct spinlock console_lock = SPINLOCK_INIT("console readers");
static struct waitq readers;

static enum eb_poll
console_read_poll(struct eb_future *f, struct eb_context *cx)
{
	struct console_read *r = (struct console_read *)f;
	size_t n = 0;
	int c;

	bool eof = false;

	spin_lock(&console_lock);
	/* A line discipline's bare minimum, no echo (the user shell echoes
	 * for itself): Enter's CR reads as NL, a read stops after one, and
	 * ^D alone is the end of input. */
	while (n < r->len && (c = console_trygetc()) >= 0) {
		if (c == CTRL_D) {
			eof = n == 0;
			break;
		}
		r->buf[n++] = c == '\r' ? '\n' : c;
		if (c == '\n' || c == '\r')
			break;
	}
	if (n == 0 && !eof) {
		waitq_add(&readers, &r->wait, cx->task);
		spin_unlock(&console_lock);
		return EB_LEAF_PENDING(f);
	}
	waitq_del(&readers, &r->wait);
	spin_unlock(&console_lock);
	r->ret = n;
	f->state = EB_FUTURE_DONE;
	return EB_READY;
}

/* Given up on: off the readers' queue. */
static void
console_read_cancel(struct eb_future *f)
{
	struct console_read *r = (struct console_read *)f;

	spin_lock(&console_lock);
	waitq_del(&readers, &r->wait);
	spin_unlock(&console_lock);
}

/* A future reading at least one byte (up to len, up to a newline) from
 * the console into buf; ret 0 when ^D was typed alone. */
void
console_read_init(struct console_read *r, char *buf, size_t len)
{
	*r = (struct console_read){
		.f = EB_FUTURE_INIT_CANCEL(console_read_poll,
					   console_read_cancel),
		.buf = buf, .len = len };
}

/* Input arrived: wake the readers. Interrupt context. */
void
console_input_ready(void)
{
	spin_lock(&console_lock);
	waitq_wake_all(&readers);
	spin_unlock(&console_lock);
}
