# In-kernel suites of the async runtime, user processes and tracepoints;
# they run in the kernel-smp4 and kernel-smp1 boots (tests/kernel/kernel.mk).
KTEST_SRCS += tests/kernel/async_test.c tests/kernel/user_test.c \
	tests/kernel/tracepoint_test.c
# The cost of a tracepoint site, disabled and enabled (make bench).
KBENCH_SRCS += tests/kernel/tracepoint_bench.c
