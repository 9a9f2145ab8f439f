# The RISC-V arch part: instruction decoder and simulator for probes.
LIB_SRCS += lib/arch/riscv/decode.c lib/arch/riscv/simulate.c
# Stack walks by frame pointer (kernel-only: they see kretprobes).
LIB_KERNEL_SRCS += lib/arch/riscv/unwind.c
# Host tests: unit tests, and agreement with objdump's disassembler.
$(eval $(call host_suite,host-riscv-decode,tests/host/riscv_decode_test.c))
$(eval $(call host_suite,host-riscv-objdump,tests/host/riscv_objdump_test.c))
# In-kernel: the simulator in a real breakpoint trap.
KTEST_SRCS += tests/kernel/riscv_sim.c tests/kernel/riscv_sim_asm.S
KTEST_SUITES += riscv_sim
# The simulators are leaves on the probe hit path: no frame pointer there
# (a backtrace never starts inside one).
$(BUILD)/kernel/lib/arch/riscv/simulate.o: KCFLAGS += -fomit-frame-pointer
