# The reference kernel: boots on QEMU virt under OpenSBI and hosts ebreak.
KERNEL_SRCS += kernel/entry.S kernel/main.c
KERNEL_ELF := $(BUILD)/ebreak.elf
QEMU := qemu-system-riscv64 -machine virt -bios default -m 128M -kernel $(KERNEL_ELF)
