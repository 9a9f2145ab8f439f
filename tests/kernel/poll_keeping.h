/*
 * A poll through eb_future_poll with values live across it in the
 * callee-saved registers (tests/kernel/async_follow_test.c): for the
 * async probes' tests that a probed poll, abandoned handlers and all,
 * gives its caller back its registers.
 */
#ifndef TESTS_KERNEL_POLL_KEEPING_H
#define TESTS_KERNEL_POLL_KEEPING_H

#include <ebreak/future.h>

#define POLL_KEPT 650	/* ap_poll_keeping's sum when all came back */

/* eb_future_poll(f, 0) into *r; returns a sum of twelve values kept
 * across it, POLL_KEPT if they came back whole (s0 checked too). */
uint64_t ap_poll_keeping(struct eb_future *f, enum eb_poll *r);

#endif
