/*
 * Probed functions in C: each begins with a patchable entry, so a probe
 * on it is a call, not a trap (docs/PORTING.md step 4), and counts its
 * own calls. noipa: every call reaches the function itself, no clone
 * and no inlined copy.
 */
#include "mini.h"

volatile unsigned long ret_calls, fault_calls, event_calls;

/* 2x + 1 (a kretprobe checks the value it returns). */
__attribute__((noipa)) long
ret_target(long x)
{
	ret_calls++;
	return 2 * x + 1;
}

/* x + 1 (its probe's handler faults: the call must go on). */
__attribute__((noipa)) long
fault_target(long x)
{
	fault_calls++;
	return x + 1;
}

/* x (a kprobe event records it). */
__attribute__((noipa)) long
event_target(long x)
{
	event_calls++;
	return x;
}
