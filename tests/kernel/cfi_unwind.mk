# In-kernel suite of fault recovery by unwinding (lib/core/cfi.h): the
# kernel's unwind tables, and handlers faulting below ftrace_caller, a
# kretprobe's trampoline and a JIT-compiled eBPF program; runs in the
# kernel-smp4 and kernel-smp1 boots (tests/kernel/kernel.mk).
KTEST_SRCS += tests/kernel/cfi_unwind_test.c tests/kernel/cfi_unwind_asm.S
KTEST_SUITES += cfi_unwind
# White box: it reads the unwinder's tables (core/cfi.h, which includes
# the arch's cfi_regs.h).
$(BUILD)/kernel/tests/kernel/cfi_unwind_test.o: KINCLUDES += -Ilib/arch/$(ARCH)
