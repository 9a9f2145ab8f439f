/*
 * Pipes: a ring of PIPE_SIZE bytes with a reader and a writer end. Reads
 * and writes are leaf futures that park on the pipe's wait queue while
 * the ring is empty (full) and are woken by the other end.
 */
#include "async/async.h"
#include <ebreak/errno.h>

struct pipe {
	struct spinlock lock;
	struct waitq waiters;	/* readers and writers */
	unsigned head, tail;	/* read at head, write at tail (free-running) */
	bool reader_open, writer_open;
	char data[PIPE_SIZE];
};

/* A pipe with both ends open, or NULL. */
struct pipe *
pipe_alloc(void)
{
	struct pipe *p = kzalloc(sizeof *p);

	if (!p)
		return 0;
	p->lock = (struct spinlock)SPINLOCK_INIT("pipe");
	p->reader_open = p->writer_open = true;
	return p;
}

/* Close one end; the pipe is freed with its last end. */
void
pipe_close(struct pipe *p, bool writer)
{
	spin_lock(&p->lock);
	if (writer)
		p->writer_open = false;
	else
		p->reader_open = false;
	waitq_wake_all(&p->waiters);	/* EOF or EPIPE for the other end */
	bool last = !p->reader_open && !p->writer_open;
	spin_unlock(&p->lock);
	if (last)
		kfree(p);
}

static enum eb_poll
io_done(struct pipe_io *io, long ret)
{
	waitq_del(&io->pipe->waiters, &io->wait);
	spin_unlock(&io->pipe->lock);
	io->ret = ret;
	io->f.state = EB_FUTURE_DONE;
	return EB_READY;
}

static enum eb_poll
io_wait(struct pipe_io *io, struct eb_context *cx)
{
	waitq_add(&io->pipe->waiters, &io->wait, cx->task);
	spin_unlock(&io->pipe->lock);
	return EB_LEAF_PENDING(&io->f);
}

static enum eb_poll
pipe_read_poll(struct eb_future *f, struct eb_context *cx)
{
	struct pipe_io *io = (struct pipe_io *)f;
	struct pipe *p = io->pipe;
	size_t n = 0;

	spin_lock(&p->lock);
	while (n < io->len && p->head != p->tail)
		io->buf[n++] = p->data[p->head++ % PIPE_SIZE];
	if (n > 0) {
		waitq_wake_all(&p->waiters);	/* room for writers */
		return io_done(io, n);
	}
	if (!p->writer_open || io->len == 0)
		return io_done(io, 0);
	return io_wait(io, cx);
}

static enum eb_poll
pipe_write_poll(struct eb_future *f, struct eb_context *cx)
{
	struct pipe_io *io = (struct pipe_io *)f;
	struct pipe *p = io->pipe;
	size_t n = 0;

	spin_lock(&p->lock);
	if (!p->reader_open)
		return io_done(io, -EPIPE);
	while (n < io->len && p->tail - p->head < PIPE_SIZE)
		p->data[p->tail++ % PIPE_SIZE] = io->buf[n++];
	if (n > 0 || io->len == 0) {
		waitq_wake_all(&p->waiters);	/* data for readers */
		return io_done(io, n);
	}
	return io_wait(io, cx);
}

/* Given up on: off the pipe's wait queue. */
static void
pipe_io_cancel(struct eb_future *f)
{
	struct pipe_io *io = (struct pipe_io *)f;

	spin_lock(&io->pipe->lock);
	waitq_del(&io->pipe->waiters, &io->wait);
	spin_unlock(&io->pipe->lock);
}

/* A future reading up to len bytes of p into buf: EB_READY with at least
 * one byte, or 0 once the writer end is closed and the ring empty. */
void
pipe_read_init(struct pipe_io *io, struct pipe *p, char *buf, size_t len)
{
	*io = (struct pipe_io){
		.f = EB_FUTURE_INIT_CANCEL(pipe_read_poll, pipe_io_cancel),
		.pipe = p, .buf = buf, .len = len };
}

/* A future writing up to len bytes of buf into p: EB_READY with at least
 * one byte written, or -EPIPE when the reader end is closed. */
void
pipe_write_init(struct pipe_io *io, struct pipe *p, const char *buf,
		size_t len)
{
	*io = (struct pipe_io){
		.f = EB_FUTURE_INIT_CANCEL(pipe_write_poll, pipe_io_cancel),
		.pipe = p, .buf = (char *)buf, .len = len };
}
