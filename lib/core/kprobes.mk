# kprobes: the portable core and the RISC-V part; kernel-only (they need
# the host's never-probed section and slot area, see docs/PORTING.md).
LIB_KERNEL_SRCS += lib/core/kprobes.c lib/core/kprobe_table.c \
	lib/core/kprobe_slots.c lib/arch/riscv/kprobes.c \
	lib/arch/riscv/kprobe_trap.c
# Every probe hit runs the trap side: no frame pointer there, but s0 is
# not used either, so it still links the probed code's frames for a
# backtrace taken in a handler.
$(BUILD)/kernel/lib/arch/riscv/kprobe_trap.o: KCFLAGS += -fomit-frame-pointer -ffixed-s0
# kprobes and kretprobes as attach points of eBPF programs.
LIB_KERNEL_SRCS += lib/core/kprobe_bpf.c lib/core/bpf_stack.c
