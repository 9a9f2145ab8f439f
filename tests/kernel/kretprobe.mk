# In-kernel suite of kretprobes; runs in the kernel-smp4 and kernel-smp1
# boots (tests/kernel/kernel.mk).
KTEST_SRCS += tests/kernel/kretprobe_test.c tests/kernel/kretprobe_asm.S
KTEST_SUITES += kretprobe
