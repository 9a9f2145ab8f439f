# kretprobes: return probes on top of kprobes, with the RISC-V trampolines;
# kernel-only like kprobes.
LIB_KERNEL_SRCS += lib/core/kretprobes.c lib/arch/riscv/kretprobe_trampoline.S
# Every traced call runs its hit path twice (entry, return): no frame
# pointer, s0 left alone for backtraces (as kprobes.mk does).
$(BUILD)/kernel/lib/core/kretprobes.o: KCFLAGS += -fomit-frame-pointer -ffixed-s0
