# The mini kernel's build, written as a porter would write it
# (docs/PORTING.md step 1): ebreak's lib/sources.mk included from where
# ebreak sits, every library source compiled into one folder and
# archived, the kernel's own sources with patchable function entries,
# and two links for the symbol table (step 8).
#   make -C tests/port/mini -f mini.mk O=BUILD_DIR   -> O/mini.elf
O ?= build
.DEFAULT_GOAL := $(O)/mini.elf
EB_DIR := ../../../
ARCH := riscv
include $(EB_DIR)lib/sources.mk

CROSS ?= riscv64-unknown-elf-
CC := $(CROSS)gcc
NM := $(CROSS)nm
# One hart: the library's per-hart arrays shrink to one. The same -D
# for every object, the library's and ours (step 1).
DEFS := -DEB_MAX_CPUS=1 -DEB_PORT_INLINE_H='"$(CURDIR)/port_inline.h"'
ISA := -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany
CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror \
	-Wno-unused-parameter $(ISA) -ffreestanding \
	-fno-common -fno-stack-protector -fno-pie -fno-omit-frame-pointer \
	-fno-tree-loop-distribute-patterns -fasynchronous-unwind-tables \
	-MMD -MP $(DEFS)
ASFLAGS := $(ISA) -g -MMD -MP -D__ASSEMBLY__ $(DEFS)

SRCS := entry.S console.c string.c alloc.c trap.c symbols.c port.c \
	sim_target.S targets.c selftest.c selftest_bpf.c main.c
OBJS := $(patsubst %,$(O)/%.o,$(basename $(SRCS)))
LIB_SRCS := $(EB_LIB_SRCS) $(EB_LIB_KERNEL_SRCS)
LIB_OBJS := $(patsubst %,$(O)/lib/%.o,$(basename $(notdir $(LIB_SRCS))))
vpath %.c $(sort $(dir $(LIB_SRCS)))
vpath %.S $(sort $(dir $(LIB_SRCS)))

$(O)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -fpatchable-function-entry=4 -I$(EB_DIR)lib/include \
		-c -o $@ $<
$(O)/%.o: %.S
	@mkdir -p $(dir $@)
	$(CC) $(ASFLAGS) -I$(EB_DIR)lib/include -c -o $@ $<
$(O)/%.o: $(O)/%.S
	$(CC) $(ASFLAGS) -c -o $@ $<

# The library: its include paths only, no patchable entries.
$(O)/lib/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(EB_LIB_INCLUDES) -c -o $@ $<
$(O)/lib/%.o: %.S
	@mkdir -p $(dir $@)
	$(CC) $(ASFLAGS) $(EB_LIB_INCLUDES) -c -o $@ $<
$(patsubst %,$(O)/lib/%.o,$(basename $(notdir $(EB_LIB_NOFP_SRCS)))): \
	CFLAGS += -fomit-frame-pointer
$(patsubst %,$(O)/lib/%.o,$(basename $(notdir $(EB_LIB_FIXED_S0_SRCS)))): \
	CFLAGS += -fomit-frame-pointer -ffixed-s0 -foptimize-sibling-calls

# mini.ld puts all of the archive's text in the never-probed section.
$(O)/libebreak.a: $(LIB_OBJS)
	rm -f $@ && ar rcs $@ $^

# Two links: the first with an empty symbol table gives the addresses
# of the second, whose table follows all text (mini.ld): checked below.
LD := $(CC) $(ISA) -nostdlib -static -Wl,--no-relax -Wl,-T,mini.ld \
	-Wl,--build-id=none -Wl,--no-warn-rwx-segments
$(O)/kallsyms0.S:
	@mkdir -p $(dir $@)
	$(EB_DIR)tools/kallsyms.sh $(NM) > $@
$(O)/pass1.elf: $(OBJS) $(O)/kallsyms0.o $(O)/libebreak.a mini.ld
	$(LD) -o $@ $(OBJS) $(O)/kallsyms0.o $(O)/libebreak.a
$(O)/kallsyms.S: $(O)/pass1.elf
	$(EB_DIR)tools/kallsyms.sh $(NM) $< > $@
$(O)/mini.elf: $(OBJS) $(O)/kallsyms.o $(O)/libebreak.a mini.ld
	$(LD) -o $@ $(OBJS) $(O)/kallsyms.o $(O)/libebreak.a
	$(EB_DIR)tools/kallsyms.sh $(NM) $@ | cmp -s - $(O)/kallsyms.S || \
		{ echo "mini: functions moved between links" >&2; \
		  rm -f $@; exit 1; }

-include $(shell find $(O) -name '*.d' 2>/dev/null)
