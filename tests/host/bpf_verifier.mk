# The verifier's own suite (unsafe programs refused, safe ones accepted),
# with programs compiled from C by clang -target bpf (their code section
# extracted raw) that it must accept.
BPF_VPROGS := $(patsubst tests/host/%.c,$(BUILD)/host/%.bin,\
	$(wildcard tests/host/bpf_verifier_progs/*.c))
$(BUILD)/host/bpf_verifier_progs/%.bin: tests/host/bpf_verifier_progs/%.c \
		tests/host/bpf_verifier_progs/common.h
	$(Q)mkdir -p $(dir $@)
	$(Q)clang -O2 -target bpf -c -o $(@:.bin=.o) $<
	$(Q)llvm-objcopy -O binary --only-section=prog $(@:.bin=.o) $@
TEST_DEPS += $(BPF_VPROGS)
$(eval $(call host_suite,bpf-verifier,tests/host/bpf_verifier_test.c \
	tests/host/bpf_verifier_scalar_test.c))
SUITE_CMD.bpf-verifier := BPF_VPROG_DIR=$(BUILD)/host/bpf_verifier_progs \
	$(BUILD)/host/bpf-verifier
