# The RISC-V arch part's tests (its sources are in lib/sources.mk).
# Host tests: unit tests, and agreement with objdump's disassembler.
$(eval $(call host_suite,host-riscv-decode,tests/host/riscv_decode_test.c))
$(eval $(call host_suite,host-riscv-objdump,tests/host/riscv_objdump_test.c))
# In-kernel: the simulator in a real breakpoint trap.
KTEST_SRCS += tests/kernel/riscv_sim.c tests/kernel/riscv_sim_asm.S
KTEST_SUITES += riscv_sim
