# The library builds on its port header alone, with the include paths and
# sources lib/sources.mk gives any build, and needs nothing of its host
# but what docs/PORTING.md lists; the reference kernel's sources build on
# lib/include alone. Recursive (=): KERNEL_SRCS is complete only once
# kernel/module.mk, read last, has added to it.
SUITES += port-check
SUITE_CMD.port-check = tests/port/port-check.sh $(KCC) $(BUILD)/port-check \
	$(EB_LIB_SRCS) $(EB_LIB_KERNEL_SRCS) -- $(filter %.c,$(KERNEL_SRCS))
