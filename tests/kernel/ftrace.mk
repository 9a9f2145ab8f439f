# Patchable function entries (<ebreak/ftrace.h>): the site table and
# trap-free kprobes and kretprobes on it.
KTEST_SRCS += tests/kernel/ftrace_test.c
KTEST_SUITES += ftrace
# The function and function_graph tracers (ftrace_ops.c, ftrace_graph.c).
KTEST_SRCS += tests/kernel/ftrace_tracer_test.c
KTEST_SUITES += ftrace_tracers
# The tracers from the kernel shell: their lines as Linux prints them.
$(eval $(call suite,ftrace-shell,tests/kernel/ftrace_shell-check.sh \
	timeout -k 5 60 $(QEMU) -nographic -no-reboot -smp 4 -append nosh))
# Direct trampolines: a lone kprobe's own trampoline at a patchable entry.
KTEST_SRCS += tests/kernel/kprobe_direct_test.c
KTEST_SUITES += kprobe_direct
