# The timeline (docs/timeline.md): the scripted workload recorded in QEMU,
# its record converted to trace-event JSON and an HTML page and both
# checked against it; the page opened in headless Chromium (skipped,
# saying why, without it). Keeps build/timeline.{txt,json,html,png}.
$(eval $(call suite,timeline-export,timeout -k 5 120 tests/kernel/timeline_export-check.py \
	$(BUILD) $(QEMU) -nographic -no-reboot -smp 4 -append nosh))
# The recorder's own suite (in the kernel-smp4 and kernel-smp1 boots).
KTEST_SRCS += tests/kernel/timeline_test.c
KTEST_SUITES += timeline
# The kernel shell's timeline command and its error messages.
$(eval $(call suite,timeline-shell,tests/kernel/timeline_shell-check.sh \
	timeout -k 5 60 $(QEMU) -nographic -no-reboot -smp 4 -append nosh))
