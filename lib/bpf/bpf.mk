# The eBPF VM's tests (its sources are in lib/sources.mk). Host tests: the
# conformance suite (read from ../shared) through
# assembler, verifier and interpreter, and the assembler round trip.
$(eval $(call host_suite,bpf-conformance,tests/host/bpf_conformance_test.c))
# The VM's unit tests (they also run $(BUILD)/host/tools/bpf-asm), and the
# public API's: programs attached to a fake attach point.
$(eval $(call host_suite,bpf-vm,tests/host/bpf_vm_test.c tests/host/bpf_attach_test.c tests/host/bpf_helpers_test.c tests/host/bpf_jit_test.c tests/host/bpf_tail_call_test.c tests/host/bpf_map_in_map_test.c tests/host/bpf_host_load.c,-lpthread))
SUITE_CMD.bpf-vm := BPF_HOST_DIR=$(BUILD)/host $(BUILD)/host/bpf-vm

# The conformance suite and the unit tests again, built for riscv64
# (static Linux binaries under qemu-user): the interpreter's code as the
# kernel's compiler emits it for RV64 (atomics, hand-written byte swaps,
# unaligned accesses, division), maps and helpers likewise.
BPF_RV64_LIB := tests/host/test_main.c tests/host/port_host.c \
	lib/core/fmt.c lib/core/grace_period.c lib/core/trace_ring.c \
	lib/core/eh_frame.c lib/core/cfa_program.c lib/core/unwind_tables.c \
	$(wildcard lib/bpf/*.c) lib/arch/riscv/decode.c lib/arch/riscv/simulate.c \
	$(wildcard lib/arch/riscv/bpf_jit*.c)
#   $(eval $(call bpf_rv64_suite,NAME,TEST SOURCE))
define bpf_rv64_suite
$(BUILD)/rv64/$(1): $(2) $(BPF_RV64_LIB) $(wildcard lib/bpf/*.h lib/include/ebreak/*.h lib/arch/riscv/*.h)
	$$(Q)mkdir -p $$(dir $$@)
	$$(Q)riscv64-linux-gnu-gcc -std=gnu11 $(WARN) -O2 -g -static \
		$(EB_LIB_INCLUDES) -Itests/host -DEB_HOST -o $$@ $(2) \
		$(BPF_RV64_LIB) -lpthread
TEST_DEPS += $(BUILD)/rv64/$(1)
$$(eval $$(call suite,$(1),BPF_HOST_DIR=$(BUILD)/host qemu-riscv64 $(BUILD)/rv64/$(1)))
endef
$(eval $(call bpf_rv64_suite,bpf-conformance-rv64,tests/host/bpf_conformance_test.c))
$(eval $(call bpf_rv64_suite,bpf-vm-rv64,tests/host/bpf_vm_test.c tests/host/bpf_attach_test.c tests/host/bpf_helpers_test.c tests/host/bpf_jit_test.c tests/host/bpf_tail_call_test.c tests/host/bpf_map_in_map_test.c tests/host/bpf_host_load.c))

# The object loader's tests, on the objects tests/bpf/module.mk builds;
# its CO-RE tests resolve them against BTF pahole encodes from a stand-in
# kernel (tests/host/core_target.c, linked in too), and from it with a
# second struct cpu flavor (ambiguous).
$(eval $(call host_suite,bpf-object,tests/host/bpf_object_test.c \
	tests/host/bpf_core_test.c tests/host/core_target.c))
SUITE_CMD.bpf-object := BPF_OBJ_DIR=$(BUILD)/bpf $(BUILD)/host/bpf-object
$(BUILD)/host/tests/host/core_ambiguous.o: tests/host/core_target.c
	$(Q)mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HOSTCFLAGS) -DCORE_AMBIGUOUS -c -o $@ $<
$(BUILD)/bpf/%.btf: $(BUILD)/host/tests/host/%.o
	$(Q)mkdir -p $(dir $@)
	$(Q)pahole --btf_encode_detached=$@ $<
TEST_DEPS += $(BUILD)/bpf/core_target.btf $(BUILD)/bpf/core_ambiguous.btf
# Its tests named object_* (all but the two long loops over an object's
# variants) again under valgrind: memory errors and leaks on the
# loader's paths, refusals included.
$(BUILD)/host/bpf-object-valgrind: $(BUILD)/host/bpf-object
	$(Q)ln -sf bpf-object $@
TEST_DEPS += $(BUILD)/host/bpf-object-valgrind
$(eval $(call suite,bpf-object-valgrind,BPF_OBJ_DIR=$(BUILD)/bpf \
	valgrind -q --error-exitcode=9 \
	--leak-check=full --errors-for-leak-kinds=definite \
	$(BUILD)/host/bpf-object-valgrind object_))
