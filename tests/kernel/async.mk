# In-kernel suites of the async runtime, user processes and tracepoints;
# they run in the kernel-smp4 and kernel-smp1 boots (tests/kernel/kernel.mk).
KTEST_SRCS += tests/kernel/async_test.c tests/kernel/async_wait.c \
	tests/kernel/tp_full.c tests/kernel/user_test.c \
	tests/kernel/tracepoint_test.c tests/kernel/task_view_test.c
KTEST_SUITES += async user tracepoint task_view
# The cost of a tracepoint site, disabled and enabled, and of the task
# view's bookkeeping per poll, off and on (make bench).
KBENCH_SRCS += tests/kernel/tracepoint_bench.c bench/task_view_bench.c
# `make run`'s boot: the user shell, a typed session, back to the kernel
# shell.
$(eval $(call suite,user-shell,tests/kernel/user_shell-check.sh \
	timeout -k 5 60 $(QEMU) -nographic -no-reboot -smp 4))
# No task starves while the kernel shell waits at its prompt, with CPU
# hogs on the other harts (issue 15's first bug).
$(eval $(call suite,starve,tests/kernel/starve-check.sh \
	timeout -k 5 60 $(QEMU) -nographic -no-reboot -smp 4))
# ^C and kill in both shells, typed as a user would (issue 15).
$(eval $(call suite,signals,tests/kernel/signal-check.sh \
	timeout -k 5 120 $(QEMU) -nographic -no-reboot -smp 4))
# The kernel shell's line editor: completion, history, ^C.
$(eval $(call suite,shell-edit,tests/kernel/shell_edit-check.sh \
	timeout -k 5 60 $(QEMU) -nographic -no-reboot -smp 4 -append nosh))
# The task view from the kernel shell: tasks, tasks -s busy, tasks lint,
# task ID, while user programs run.
$(eval $(call suite,tasks,tests/kernel/tasks-check.sh \
	timeout -k 5 60 $(QEMU) -nographic -no-reboot -smp 4 -append nosh))
