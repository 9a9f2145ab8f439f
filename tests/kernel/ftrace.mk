# Patchable function entries (<ebreak/ftrace.h>): the site table and
# trap-free kprobes and kretprobes on it.
KTEST_SRCS += tests/kernel/ftrace_test.c
KTEST_SUITES += ftrace
