/* A tracepoint made full, for the suites whose attach must fail
 * (task_view_test.c, timeline_test.c). */
#ifndef TESTS_KERNEL_TP_FULL_H
#define TESTS_KERNEL_TP_FULL_H
#include "trace/tracepoint.h"

unsigned tp_fill(struct tracepoint *tp);
void tp_unfill(struct tracepoint *tp, unsigned n);

#endif
