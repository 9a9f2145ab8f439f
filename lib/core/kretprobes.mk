# kretprobes: return probes on top of kprobes, with the RISC-V trampolines;
# kernel-only like kprobes.
LIB_KERNEL_SRCS += lib/core/kretprobes.c lib/arch/riscv/kretprobe_trampoline.S
