# make timeline: record the scripted workload (tools/timeline_workload.py)
# in QEMU and write $(BUILD)/timeline.json (Perfetto, chrome://tracing),
# $(BUILD)/timeline.html and its screenshot $(BUILD)/timeline.png from the
# console capture $(BUILD)/timeline.txt (docs/timeline.md).
.PHONY: timeline
timeline: deps $(KERNEL_ELF)
	$(Q)tools/timeline_workload.py $(QEMU) -nographic -no-reboot -smp 4 \
		-append nosh > $(BUILD)/timeline.txt
	$(Q)tools/timeline.py $(BUILD)/timeline.txt \
		--json $(BUILD)/timeline.json --html $(BUILD)/timeline.html \
		--png $(BUILD)/timeline.png
