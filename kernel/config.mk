# The reference kernel's image and how QEMU boots it; read before the other
# fragments so their suites can name them.
KERNEL_ELF := $(BUILD)/ebreak.elf
QEMU := qemu-system-riscv64 -machine virt -bios default -m 128M \
	-kernel $(KERNEL_ELF)
# A kernel run under make test: no display, bounded time, boot args $(1).
QEMU_TEST = timeout -k 5 $(2) $(QEMU) -nographic -no-reboot -smp $(3) \
	-append "$(1)"
