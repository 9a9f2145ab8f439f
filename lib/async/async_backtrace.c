/* Async backtraces (<ebreak/async_probe.h>): a task's awaiting chain. */
#include <ebreak/async_probe.h>
#include <ebreak/port.h>

int
eb_async_backtrace(struct eb_future *top, struct eb_async_frame *frames,
		   int max)
{
	int n = 0;

	for (struct eb_future *f = top; f && n < max; n++) {
		struct eb_future copy;
		if (eb_port_read_nofault(&copy, f, sizeof copy))
			break;
		bool waits = copy.awaiting && copy.state != EB_FUTURE_DONE;
		frames[n] = (struct eb_async_frame){
			.future = f, .poll = copy.poll,
			.file = waits ? copy.file : NULL,
			.line = waits ? copy.state : 0 };
		f = waits ? copy.awaiting : NULL;
	}
	return n;
}
