# ebreak: dynamic tracing for RISC-V kernels.
#
#   make run     build and boot the reference kernel (QEMU virt, 4 harts)
#   make test    every suite: host unit tests and in-kernel suites
#   make bench   instruction-count benchmarks (see BENCHMARKS.md)
#   make debug   boot with QEMU waiting for gdb on :1234
#   make timeline  record a scripted workload as build/timeline.{json,html}
#
# Each part of the tree adds itself through a module.mk; this file holds
# the toolchains, the flags, and the rules shared by all of them.

.DEFAULT_GOAL := all
BUILD := build
Q ?= @

CROSS ?= riscv64-unknown-elf-
KCC := $(CROSS)gcc
KOBJDUMP := $(CROSS)objdump
KNM := $(CROSS)nm
KOBJCOPY := $(CROSS)objcopy
HOSTCC ?= gcc
ARCH := riscv
include lib/sources.mk

WARN := -Wall -Wextra -Werror -Wno-unused-parameter
# The kernel has no floating point (like Linux); assembly may use all of
# RV64GC (test functions probe FP instructions). Unwind tables precise at
# every instruction: a faulting probe handler's frames are unwound with
# them (eb_port_eh_frame, docs/PORTING.md).
KARCH := -march=rv64imac_zicsr_zifencei -mabi=lp64
# The port's inline header (<ebreak/port.h>), for C and assembly alike.
PORT_INLINE := -DEB_PORT_INLINE_H='"$(CURDIR)/kernel/port_inline.h"'
KCFLAGS := -std=gnu11 $(WARN) -O2 -g $(KARCH) -mcmodel=medany \
	-ffreestanding -fno-common -fno-stack-protector -fno-pie \
	-fno-omit-frame-pointer \
	-fno-optimize-sibling-calls -fno-tree-loop-distribute-patterns \
	-fno-reorder-blocks-and-partition -fasynchronous-unwind-tables \
	-MMD -MP -DEB_KERNEL $(PORT_INLINE)
# The kernel's own code (not the library's, never traced) starts each
# function with a patchable entry (<ebreak/ftrace.h>): 4 c.nops.
KFTRACE := -fpatchable-function-entry=4
KASFLAGS := -march=rv64gc -mabi=lp64 -mcmodel=medany -g -MMD -MP \
	-D__ASSEMBLY__ $(PORT_INLINE)
# Include paths: the kernel's own objects (kernel, tests, benchmarks) see
# the kernel's headers; library objects see only $(EB_LIB_INCLUDES), and
# the port's inline header by its full path (EB_PORT_INLINE_H above).
KINCLUDES := -Ilib/include -Ilib -Ikernel
HOSTCFLAGS := -std=gnu11 $(WARN) -O2 -g -MMD -MP $(EB_LIB_INCLUDES) \
	-Itests/host -DEB_HOST
HOSTLDLIBS :=
# External test data, not in the repository: the bpf_conformance suite's
# .data files. Suites that read it report themselves skipped without it.
BPF_CONFORMANCE_DIR ?= ../shared/bpf-conformance
export BPF_CONFORMANCE_DIR

# Filled by module.mk files (the library's sources are in lib/sources.mk).
KERNEL_SRCS :=		# the reference kernel (.c and .S)
KTEST_SRCS :=		# in-kernel test suites
KTEST_SUITES :=		# the suites they hold, each must print a result
KBENCH_SRCS :=		# in-kernel benchmarks
HOST_SUITES :=		# host test binaries, build/host/NAME
SUITES :=		# every suite run by `make test`, in order
TEST_DEPS :=		# what `make test` builds first
BENCH_DEPS :=		# what `make bench` builds first
BENCHES :=		# benchmark sets run by `make bench`, in order

# A suite is a name and a command that prints `NAME: N passed, N failed`.
#   $(eval $(call suite,NAME,COMMAND))
define suite
SUITES += $(1)
SUITE_CMD.$(1) := $(2)
endef

# A benchmark set is a name and a command printing `bench: NAME = VALUE UNIT`
# lines; a benchmark it could not measure prints `bench: NAME = FAILED
# (why)` and the command exits non-zero, which stops `make bench` with an
# error.	$(eval $(call bench,NAME,COMMAND))
define bench
BENCHES += $(1)
BENCH_CMD.$(1) := $(2)
endef

# A host test suite from test sources, linked with the host library and
# the host test runner; its command runs from the repository's top.
#   $(eval $(call host_suite,NAME,SOURCES[,EXTRA LDLIBS]))
define host_suite
HOST_SUITES += $(1)
$(BUILD)/host/$(1): $(patsubst %.c,$(BUILD)/host/%.o,$(2)) $(HOST_TEST_OBJS) $(BUILD)/host/libebreak.a
	$$(Q)$(HOSTCC) -g -o $$@ $$^ $(3) $(HOSTLDLIBS)
TEST_DEPS += $(BUILD)/host/$(1)
$(call suite,$(1),$(BUILD)/host/$(1))
endef

# Objects every host test links: the runner and the host port.
HOST_TEST_OBJS := $(BUILD)/host/tests/host/test_main.o $(BUILD)/host/tests/host/port_host.o

include kernel/config.mk
include $(sort $(wildcard lib/*/*.mk lib/arch/*/*.mk))
include $(sort $(wildcard tests/*/*.mk tools/*.mk bench/*.mk examples/*/*.mk))
include kernel/module.mk

# --- host builds of the library --------------------------------------------

HOST_LIB_OBJS := $(patsubst %.c,$(BUILD)/host/%.o,$(EB_LIB_SRCS))

$(BUILD)/host/libebreak.a: $(HOST_LIB_OBJS)
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/host/%.o: %.c
	$(Q)mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HOSTCFLAGS) -c -o $@ $<

# --- kernel-side objects ----------------------------------------------------

$(BUILD)/kernel/%.o: %.c
	$(Q)mkdir -p $(dir $@)
	$(Q)$(KCC) $(KCFLAGS) $(KFTRACE) $(KINCLUDES) -c -o $@ $<

$(BUILD)/kernel/%.o: %.S
	$(Q)mkdir -p $(dir $@)
	$(Q)$(KCC) $(KASFLAGS) $(KINCLUDES) -c -o $@ $<

# Library objects: the library's include paths only. The library's code
# is ebreak's own: never probed (EB_NOPROBE's section; its .S files put
# themselves there).
$(BUILD)/kernel/lib/%.o: lib/%.c
	$(Q)mkdir -p $(dir $@)
	$(Q)$(KCC) $(KCFLAGS) $(EB_LIB_INCLUDES) -MT $@ -MF $(@:.o=.d) \
		-c -o $@.tmp $<
	$(Q)$(KOBJCOPY) --rename-section .text=.text.eb_noprobe $@.tmp $@
	$(Q)rm -f $@.tmp

$(BUILD)/kernel/lib/%.o: lib/%.S
	$(Q)mkdir -p $(dir $@)
	$(Q)$(KCC) $(KASFLAGS) $(EB_LIB_INCLUDES) -c -o $@ $<

$(patsubst %.c,$(BUILD)/kernel/%.o,$(EB_LIB_NOFP_SRCS)): \
	KCFLAGS += -fomit-frame-pointer
$(patsubst %.c,$(BUILD)/kernel/%.o,$(EB_LIB_FIXED_S0_SRCS)): \
	KCFLAGS += -fomit-frame-pointer -ffixed-s0 -foptimize-sibling-calls

# --- top-level targets -------------------------------------------------------

.PHONY: all deps run test bench debug clean
all: deps $(TEST_DEPS)

deps:
	$(Q)mk/deps.sh

run: deps $(KERNEL_ELF)
	$(QEMU) -smp 4 -nographic

debug: deps $(KERNEL_ELF)
	$(QEMU) -smp 4 -nographic -s -S

test: deps
	$(Q)$(MAKE) --no-print-directory $(TEST_DEPS)
	$(Q)tests/run-suites.sh $(BUILD)/logs $(foreach s,$(SUITES),'$(s)=$(SUITE_CMD.$(s))')

bench: deps
	$(Q)$(MAKE) --no-print-directory $(BENCH_DEPS)
	$(Q)set -e; $(foreach b,$(BENCHES),$(BENCH_CMD.$(b));)

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
