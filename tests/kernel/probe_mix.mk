# In-kernel suite probe_mix: kprobes, kretprobes and kprobe events on the
# same code at once, against calls on every hart (runs in kernel-smp4/1).
KTEST_SRCS += tests/kernel/probe_workers.c tests/kernel/probe_mix_test.c
KTEST_SUITES += probe_mix
