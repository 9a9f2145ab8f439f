# Async probes (<ebreak/async_probe.h>) on a scripted workload; the suite
# runs in the kernel-smp4 and kernel-smp1 boots (tests/kernel/kernel.mk).
KTEST_SRCS += tests/kernel/async_probe_test.c tests/kernel/async_follow_test.c
KTEST_SUITES += async_probe
