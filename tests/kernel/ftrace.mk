# Patchable function entries (<ebreak/ftrace.h>): the site table and
# trap-free kprobes and kretprobes on it.
KTEST_SRCS += tests/kernel/ftrace_test.c
KTEST_SUITES += ftrace
# The function and function_graph tracers (ftrace_ops.c, ftrace_graph.c).
KTEST_SRCS += tests/kernel/ftrace_tracer_test.c
KTEST_SUITES += ftrace_tracers
