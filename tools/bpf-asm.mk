# bpf-asm: assemble eBPF text to raw instructions, -d to disassemble.
BPF_ASM := $(BUILD)/host/tools/bpf-asm
$(BPF_ASM): $(BUILD)/host/tools/bpf-asm.o $(BUILD)/host/tests/host/port_host.o \
		$(BUILD)/host/libebreak.a
	$(Q)$(HOSTCC) -g -o $@ $^ $(HOSTLDLIBS)
TEST_DEPS += $(BPF_ASM)
