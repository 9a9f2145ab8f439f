# The library builds on its port header alone, with the include paths and
# sources lib/sources.mk gives any build, and needs nothing of its host
# but what docs/PORTING.md lists; the reference kernel's sources build on
# lib/include alone. Recursive (=): KERNEL_SRCS is complete only once
# kernel/module.mk, read last, has added to it.
SUITES += port-check
SUITE_CMD.port-check = tests/port/port-check.sh $(KCC) $(BUILD)/port-check \
	$(EB_LIB_SRCS) $(EB_LIB_KERNEL_SRCS) -- $(filter %.c,$(KERNEL_SRCS))

# A second host of the library, written from docs/PORTING.md alone
# (tests/port/mini, whose own makefile includes lib/sources.mk): built
# by that makefile, booted on one hart, its self-test lines checked.
MINI_DIR := $(abspath $(BUILD))/port-mini
.PHONY: $(MINI_DIR)/mini.elf
$(MINI_DIR)/mini.elf:
	$(Q)$(MAKE) --no-print-directory -s -C tests/port/mini -f mini.mk \
		O=$(MINI_DIR)
TEST_DEPS += $(MINI_DIR)/mini.elf
SUITES += port-boot
SUITE_CMD.port-boot = tests/port/port-boot.sh $(MINI_DIR)/mini.elf
