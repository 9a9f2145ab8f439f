# The timeline (docs/timeline.md): the scripted workload recorded in QEMU,
# its record converted to trace-event JSON and an HTML page and both
# checked against it; the page opened in headless Chromium (skipped,
# saying why, without it). Keeps build/timeline.{txt,json,html,png}.
$(eval $(call suite,timeline,timeout -k 5 120 tests/kernel/timeline-check.py \
	$(BUILD) $(QEMU) -nographic -no-reboot -smp 4 -append nosh))
