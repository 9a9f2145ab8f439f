/* Other harts calling a function until stopped (busy_callers.h). */
#include "ktest.h"
#include "busy_callers.h"

static void (*volatile busy_fn)(void);
static volatile bool busy_stop;
static unsigned long busy_calls;

/* One hart's loop: fn until stopped, its calls added to busy_calls. */
static void
call_until_stopped(void *arg)
{
	unsigned long n = 0;

	(void)arg;
	while (!busy_stop) {
		busy_fn();
		n++;
	}
	__atomic_fetch_add(&busy_calls, n, __ATOMIC_RELAXED);
}

void
busy_callers_start(void (*fn)(void))
{
	busy_fn = fn;
	busy_stop = false;
	busy_calls = 0;
	for (unsigned i = 0; i < ncpu; i++)
		if (i != cpuid())
			smp_work_start(i, call_until_stopped, 0);
}

unsigned long
busy_callers_stop(void)
{
	busy_stop = true;
	for (unsigned i = 0; i < ncpu; i++)
		if (i != cpuid())
			smp_work_wait(i);
	return busy_calls;
}
