# Differential test of the RISC-V decoder and simulator against real
# execution: a static riscv64 Linux program, with the decoder built in,
# run under qemu-user.
RISCV_DIFF := $(BUILD)/riscv-diff/riscv-diff
RISCV_DIFF_SRCS := tests/riscv-diff/riscv_diff.c lib/arch/riscv/decode.c \
	lib/arch/riscv/simulate.c

# --no-relax: the trap handler runs with gp holding test values, so no
# code may address data through gp.
$(RISCV_DIFF): $(RISCV_DIFF_SRCS) $(wildcard lib/arch/riscv/*.h)
	$(Q)mkdir -p $(dir $@)
	$(Q)riscv64-linux-gnu-gcc -std=gnu11 $(WARN) -O2 -g -static \
		-fno-stack-protector -Wl,--no-relax -Ilib/include -Ilib \
		-o $@ $(RISCV_DIFF_SRCS)

TEST_DEPS += $(RISCV_DIFF)
$(eval $(call suite,riscv-diff,qemu-riscv64 $(RISCV_DIFF)))
