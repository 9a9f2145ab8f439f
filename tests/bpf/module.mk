# eBPF programs as users write them (C with libbpf's headers, built by
# clang), for the object loader's host tests (tests/host/
# bpf_object_test.c reads them from $(BUILD)/bpf/).
BPF_CFLAGS := -O2 -g -target bpf -D__TARGET_ARCH_riscv -Wall -Werror \
	-Ilib/include

$(BUILD)/bpf/%.bpf.o: tests/bpf/%.bpf.c lib/include/ebreak/vmlinux.h \
	lib/include/ebreak/async_event.h $(wildcard tests/bpf/*.h)
	$(Q)mkdir -p $(dir $@)
	$(Q)clang $(BPF_CFLAGS) -c -o $@ $<

TEST_DEPS += $(patsubst tests/bpf/%.bpf.c,$(BUILD)/bpf/%.bpf.o,$(wildcard tests/bpf/*.bpf.c))
