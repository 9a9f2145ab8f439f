/* Open files: the console, or one end of a pipe; shared by fork. */
#include "user/user.h"

static struct spinlock file_lock = SPINLOCK_INIT("files");

static struct file *
file_new(enum file_type type, struct pipe *p, bool writer)
{
	struct file *f = kzalloc(sizeof *f);

	if (f)
		*f = (struct file){ type, writer, p, 1 };
	return f;
}

/* A new reference to the console, or NULL. */
struct file *
file_console(void)
{
	return file_new(FILE_CONSOLE, 0, false);
}

/* The reader (or writer) end of p, or NULL. */
struct file *
file_pipe(struct pipe *p, bool writer)
{
	return file_new(FILE_PIPE, p, writer);
}

/* Another reference to f. */
struct file *
file_dup(struct file *f)
{
	spin_lock(&file_lock);
	f->refs++;
	spin_unlock(&file_lock);
	return f;
}

/* Drop a reference; the last one closes a pipe end. */
void
file_close(struct file *f)
{
	spin_lock(&file_lock);
	bool last = --f->refs == 0;
	spin_unlock(&file_lock);
	if (!last)
		return;
	if (f->type == FILE_PIPE)
		pipe_close(f->pipe, f->writer);
	kfree(f);
}
