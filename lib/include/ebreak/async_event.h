/*
 * One event of an async probe (<ebreak/async_probe.h>): what a C handler
 * is given, and the read-only context of an eBPF program in
 * SEC("asyncprobe/SYMBOL"). Written in plain C types so that both the
 * kernel and eBPF C (through <ebreak/vmlinux.h>) include it: pointers are
 * 8 bytes on both. A program reads a pointer field as a number; what it
 * points at it reads with bpf_probe_read_kernel (the poll's regs,
 * the file name).
 */
#ifndef EBREAK_ASYNC_EVENT_H
#define EBREAK_ASYNC_EVENT_H

/* kind: one call's events come in the order START, then SUSPEND and
 * RESUME in turns, then COMPLETE. */
#define EB_ASYNC_START		0	/* first poll (f->state was 0) */
#define EB_ASYNC_SUSPEND	1	/* a poll returned EB_PENDING */
#define EB_ASYNC_RESUME		2	/* a later poll begins */
#define EB_ASYNC_COMPLETE	3	/* a poll returned EB_READY */

/* flags */
#define EB_ASYNC_UNSEEN_START	1	/* started before the probe was
					 * registered: followed from a resume */
#define EB_ASYNC_CANCELLED	2	/* a COMPLETE of a call given up
					 * (eb_future_cancel): no EB_READY, no
					 * registers (regs NULL, ret 0) */

struct eb_future;
struct pt_regs;

struct eb_async_event {
	unsigned int kind;		/* EB_ASYNC_* */
	unsigned int flags;		/* EB_ASYNC_UNSEEN_START, _CANCELLED */
	unsigned int cpu;		/* hart of the poll */
	unsigned int line;		/* await point: f->state (SUSPEND: where
					 * it waits; RESUME: where it goes on;
					 * 0 at START, COMPLETE) */
	unsigned long long time_ns;	/* eb_port_time_ns() */
	unsigned long long task_id;	/* eb_port_current_task_id() */
	unsigned long long call_id;	/* one per async call, from 1 */
	unsigned long long parent_id;	/* the probed call whose poll this
					 * poll runs in, on this hart; 0 */
	unsigned long long latency_ns;	/* since START (or first seen) */
	unsigned long long oncpu_ns;	/* in its polls, this one so far */
	struct eb_future *future;	/* the call's future (self, a0) */
	const char *file;		/* await point's file (f->file), or 0 */
	struct eb_future *awaiting;	/* what it awaits there (f->awaiting) */
	long long ret;			/* SUSPEND, COMPLETE: the poll's a0 */
	struct pt_regs *regs;		/* the poll's, partial: epc, ra, sp,
					 * s0, a0, a1 (docs/async.md); the
					 * other words unset */
};

#endif
